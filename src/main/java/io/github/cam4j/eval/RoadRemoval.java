package io.github.cam4j.eval;

/**
 * Which pixels ROAD removes from a picture at a percentile of its map, as pytorch-grad-cam's
 * {@code RemoveMostRelevantFirst} and {@code RemoveLeastRelevantFirst} choose them.
 *
 * <ul>
 *   <li><b>Most relevant first</b> (MoRF) at percentile p: the threshold is the map's p-th percentile, and every pixel
 *       whose value is at least the threshold is removed (the reference keeps {@code map < threshold}). At p = 80 the
 *       top 20 % go.</li>
 *   <li><b>Least relevant first</b> (LeRF) at p: the same rule on the map turned upside down (the reference's
 *       {@code 1 - map}; here {@code -map}, which removes the same pixels without assuming the map lies in [0, 1]).
 *       At p = 80 the bottom 20 % go.</li>
 * </ul>
 *
 * <p>Percentiles are numpy's default ({@code np.percentile}, linear interpolation between the closest ranks, computed
 * in double precision). <b>Ties</b> are removed together: every pixel equal to the threshold goes, so on a map with many
 * equal values more than the nominal share may be removed, up to the whole picture (a map that is 0 on more than 10 % of
 * the pixels has its 10th percentile at 0, and MoRF at 10 removes every pixel). The reference does the same; no random
 * order splits the ties, unlike cam4j's deletion and insertion.
 */
final class RoadRemoval {
    private RoadRemoval() {}

    /**
     * @param map the map's values
     * @param percentile 0 to 100
     * @return true for each pixel MoRF removes at that percentile
     */
    static boolean[] mostRelevantFirst(float[] map, double percentile) {
        double[] v = new double[map.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = map[i];
        }
        return atLeast(v, percentile);
    }

    /**
     * @param map the map's values
     * @param percentile 0 to 100
     * @return true for each pixel LeRF removes at that percentile
     */
    static boolean[] leastRelevantFirst(float[] map, double percentile) {
        double[] v = new double[map.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = -(double) map[i];
        }
        return atLeast(v, percentile);
    }

    private static boolean[] atLeast(double[] v, double percentile) {
        double threshold = percentile(v, percentile);
        boolean[] removed = new boolean[v.length];
        for (int i = 0; i < v.length; i++) {
            removed[i] = v[i] >= threshold;
        }
        return removed;
    }

    /**
     * @param values some values, not all NaN
     * @param percentile 0 to 100
     * @return numpy's {@code percentile(values, percentile)}: the values sorted, rank {@code p / 100 * (n - 1)}, linear
     *     between the two ranks around it
     * @throws IllegalArgumentException when there are no values or the percentile is outside 0..100
     */
    static double percentile(double[] values, double percentile) {
        if (values.length == 0) {
            throw new IllegalArgumentException("the percentile of no values");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in 0..100, got " + percentile);
        }
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double rank = percentile / 100 * (sorted.length - 1);
        int below = (int) Math.floor(rank);
        int above = Math.min(sorted.length - 1, below + 1);
        double fraction = rank - below;
        // numpy's "linear" method (its _lerp): from the nearer rank, so that a tie gives the tied value exactly.
        double a = sorted[below];
        double b = sorted[above];
        return fraction >= 0.5 ? b - (b - a) * (1 - fraction) : a + (b - a) * fraction;
    }
}
