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
    private final float[] map;
    /** The map's values in ascending order, in double precision. */
    private final double[] ascending;

    /**
     * Sorts the map's values once for all its percentiles (sorting was a tenth of ROAD's time when done per percentile).
     *
     * @param map the map's values
     * @throws IllegalArgumentException for an empty map
     */
    RoadRemoval(float[] map) {
        if (map.length == 0) {
            throw new IllegalArgumentException("ROAD needs a map of at least one value");
        }
        this.map = map;
        ascending = new double[map.length];
        for (int i = 0; i < map.length; i++) {
            ascending[i] = map[i];
        }
        java.util.Arrays.sort(ascending);
    }

    /**
     * @param percentile 0 to 100
     * @return true for each pixel MoRF removes at that percentile
     */
    boolean[] mostRelevantFirst(double percentile) {
        double threshold = percentile(ascending, percentile);
        boolean[] removed = new boolean[map.length];
        for (int i = 0; i < removed.length; i++) {
            removed[i] = map[i] >= threshold;
        }
        return removed;
    }

    /**
     * @param percentile 0 to 100
     * @return true for each pixel LeRF removes at that percentile
     */
    boolean[] leastRelevantFirst(double percentile) {
        // -map in ascending order is the map's own order reversed and negated: the same values as sorting -map.
        double[] negated = new double[ascending.length];
        for (int i = 0; i < negated.length; i++) {
            negated[i] = -ascending[ascending.length - 1 - i];
        }
        double threshold = percentile(negated, percentile);
        boolean[] removed = new boolean[map.length];
        for (int i = 0; i < removed.length; i++) {
            removed[i] = -(double) map[i] >= threshold;
        }
        return removed;
    }

    /**
     * @param sorted some values in ascending order
     * @param percentile 0 to 100
     * @return numpy's {@code percentile(values, percentile)}: rank {@code p / 100 * (n - 1)}, linear between the two
     *     ranks around it
     * @throws IllegalArgumentException when there are no values or the percentile is outside 0..100
     */
    static double percentile(double[] sorted, double percentile) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("the percentile of no values");
        }
        if (!(percentile >= 0 && percentile <= 100)) {
            throw new IllegalArgumentException("percentile must be in 0..100, got " + percentile);
        }
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
