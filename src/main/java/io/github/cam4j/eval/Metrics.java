package io.github.cam4j.eval;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.FloatMap;
import java.util.Arrays;

/**
 * The numbers an explanation is scored by, as plain functions of maps, boxes and probabilities (no TensorFlow):
 * localisation (pointing game, IoU of the CAM paper's box), faithfulness (Average Drop, Increase in Confidence,
 * area under deletion and insertion curves) and the rank correlation of two maps.
 *
 * <pre>{@code
 * boolean hit = Metrics.pointingHit(map01, truth);
 * double iou = Metrics.iou(map01, truth, 0.2);
 * double auc = Metrics.trapezoidAuc(new double[] {0.9, 0.4, 0.1});
 * }</pre>
 */
public final class Metrics {
    private Metrics() {}

    /**
     * The pointing game (Zhang et al., "Top-down Neural Attention by Excitation Backprop", ECCV 2016): is the map's
     * hottest pixel inside the object's box?
     *
     * <p>Ties are resolved as {@link FloatMap#argMax()} does: the first maximal pixel in row-major order. A constant
     * map therefore points at pixel (0, 0), its top-left corner, and scores a hit only when the box covers that pixel.
     *
     * @param map the map at the image's size
     * @param truth the object's box in image pixels
     * @return whether the first maximal pixel lies inside {@code truth}
     * @throws IllegalArgumentException when the map holds NaN or infinity (named with its cell), as {@link #iou}
     *     refuses it, or the box reaches outside the map (naming both sizes)
     */
    public static boolean pointingHit(FloatMap map, Box truth) {
        requireBoxOnMap(map, truth, "score the pointing game of");
        int[] yx = peak(map);
        return truth.contains(yx[1], yx[0]);
    }

    /**
     * How far the map's peak (first maximal pixel, as {@link #pointingHit} takes it) lies from the box: the Euclidean
     * distance in pixels from the peak pixel to the nearest pixel of the box; 0 inside it. The pointing game of Zhang et
     * al. counts a hit within a tolerance (15 pixels on their 224-pixel images).
     *
     * @param map the map at the image's size
     * @param truth the object's box, not empty
     * @return the distance, 0 for a hit
     * @throws IllegalArgumentException when the map holds NaN or infinity (named with its cell), as {@link #iou}
     *     refuses it, or the box reaches outside the map (naming both sizes)
     */
    public static double peakDistance(FloatMap map, Box truth) {
        requireBoxOnMap(map, truth, "measure the peak distance of");
        int[] yx = peak(map);
        if (truth.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        int dx = Math.max(0, Math.max(truth.x() - yx[1], yx[1] - (truth.x() + truth.width() - 1)));
        int dy = Math.max(0, Math.max(truth.y() - yx[0], yx[0] - (truth.y() + truth.height() - 1)));
        return Math.sqrt((double) dx * dx + (double) dy * dy);
    }

    /**
     * A box that does not lie on the map: the map and the box are not in the same pixels, most often a map at the
     * features' resolution ({@code CamResult.rawMap()}, 7x7) scored against a box on the image, which was scored
     * without a word: a miss, or an IoU of what little overlapped. An empty box (a digit without ink) may lie
     * anywhere: it is scored as it was.
     */
    private static void requireBoxOnMap(FloatMap map, Box truth, String doing) {
        java.util.Objects.requireNonNull(map, "map is null: the map at the image's size");
        java.util.Objects.requireNonNull(truth, "truth is null: the object's box in image pixels");
        if (truth.isEmpty()) {
            return;
        }
        if (truth.x() < 0 || truth.y() < 0 || (long) truth.x() + truth.width() > map.width()
                || (long) truth.y() + truth.height() > map.height()) {
            throw new IllegalArgumentException("cannot " + doing + " a " + map.height() + "x" + map.width() + " map"
                    + " (rows x columns) against the box " + truth + " (x,y,w,h), which reaches outside it: the map"
                    + " and the box must be in the same pixels, the image's (CamResult.map(), not rawMap())");
        }
    }

    /**
     * The first maximal pixel, of a map whose every value is a number: a NaN cell was skipped by the maximum, so a map
     * with NaN where its evidence was pointed at what was left, and one of all NaN at its corner, scored as a real peak;
     * an infinite cell was the peak however little else the map held. Either is a bug upstream, said as {@link CamBox}
     * says it.
     */
    private static int[] peak(FloatMap map) {
        map.requireFinite("find the peak of");
        return map.argMaxYX();
    }

    /**
     * @param map the map at the image's size
     * @param truth the object's box
     * @param threshold fraction of the map's maximum, as {@link CamBox#of(FloatMap, double)} takes it
     * @return IoU of the CAM paper's box (largest 8-connected region of pixels {@code >= threshold * max}) with the
     *     truth; 0 when the map has no positive value and so no box. A constant positive map keeps every pixel, so its
     *     box is the whole image and the IoU is {@code truth.area() / (height * width)}.
     * @throws IllegalArgumentException when the box reaches outside the map (naming both sizes), or the map holds NaN
     *     or infinity (named with its cell)
     */
    public static double iou(FloatMap map, Box truth, double threshold) {
        requireBoxOnMap(map, truth, "score the IoU of");
        return CamBox.of(map, threshold).map(b -> b.iou(truth)).orElse(0.0);
    }

    /**
     * {@link #iou(FloatMap, Box, double)} at several thresholds, sharing one pass over the map.
     *
     * @param map the map at the image's size
     * @param truth the object's box
     * @param thresholds fractions of the map's maximum
     * @return the IoU at each threshold
     * @throws IllegalArgumentException when a threshold is outside (0, 1], the map holds NaN or infinity (named with
     *     its cell), or the box reaches outside the map, as {@link #iou} refuses them
     */
    public static double[] iouSweep(FloatMap map, Box truth, double[] thresholds) {
        requireBoxOnMap(map, truth, "score the IoU of");
        java.util.Optional<Box>[] boxes = ThresholdSweep.boxes(map, thresholds);
        double[] out = new double[thresholds.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = boxes[t].map(b -> b.iou(truth)).orElse(0.0);
        }
        return out;
    }

    /**
     * Area under a curve sampled at evenly spaced points of [0, 1] ({@code curve[k]} at {@code k / (n - 1)}), by the
     * trapezoid rule: a straight line from 1 to 0 gives 0.5, a constant c gives c.
     *
     * @param curve at least two samples, every one a number
     * @return the area
     * @throws IllegalArgumentException when there are fewer than two samples, or one is NaN or infinite (named with its
     *     index): the area was NaN or infinite, with no word of which point made it so
     */
    public static double trapezoidAuc(double[] curve) {
        if (curve.length < 2) {
            throw new IllegalArgumentException("a curve needs at least two points, got " + curve.length);
        }
        for (int k = 0; k < curve.length; k++) {
            if (!Double.isFinite(curve[k])) {
                throw new IllegalArgumentException("cannot take the area under a curve holding " + curve[k] + " at"
                        + " index " + k + " of " + curve.length + ": the probabilities upstream were not finite");
            }
        }
        double sum = 0;
        for (int k = 0; k + 1 < curve.length; k++) {
            sum += (curve[k] + curve[k + 1]) / 2;
        }
        return sum / (curve.length - 1);
    }

    /**
     * Average Drop (Chattopadhyay et al., "Grad-CAM++", WACV 2018): {@code mean(max(0, Y - O) / Y) * 100}, with Y the
     * class's probability on the image and O on the image masked by its map. Lower is better.
     *
     * @param y probabilities on the images
     * @param o probabilities on the masked images
     * @return the percentage, 0..100; an image with {@code Y = 0} (which softmax never gives) adds 0
     */
    public static double averageDrop(double[] y, double[] o) {
        checkPaired(y, o);
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            if (y[i] > 0) {
                sum += Math.max(0, y[i] - o[i]) / y[i];
            }
        }
        return 100 * sum / y.length;
    }

    /**
     * Increase in Confidence (Grad-CAM++): the percentage of images whose class probability rises when masked by the
     * map, {@code O > Y} strictly. Higher is better. Any increasing function of the probabilities gives the same
     * count: {@link FaithfulnessTally} passes their logs, which keep a rise that rounds away near 1.
     *
     * @param y probabilities (or their logs) on the images
     * @param o probabilities (or their logs) on the masked images
     * @return the percentage, 0..100
     */
    public static double increaseInConfidence(double[] y, double[] o) {
        checkPaired(y, o);
        int up = 0;
        for (int i = 0; i < y.length; i++) {
            if (o[i] > y[i]) {
                up++;
            }
        }
        return 100.0 * up / y.length;
    }

    private static void checkPaired(double[] y, double[] o) {
        if (y.length != o.length || y.length == 0) {
            throw new IllegalArgumentException("need as many masked as unmasked probabilities, at least one; got "
                    + y.length + " and " + o.length);
        }
    }

    /**
     * Spearman's rank correlation: Pearson's correlation of the ranks, tied values sharing their mean rank.
     *
     * @param a one ranking's values
     * @param b the other's, as many
     * @return the correlation in [-1, 1]; NaN when either is constant (no ranking to compare)
     * @throws IllegalArgumentException when the arrays differ in length or hold fewer than two values, or either holds
     *     NaN or infinity (named with its argument and index)
     */
    public static double spearman(float[] a, float[] b) {
        if (a.length != b.length || a.length < 2) {
            throw new IllegalArgumentException("need two arrays of the same length >= 2, got " + a.length + " and " + b.length);
        }
        requireFinite(a, "a");
        requireFinite(b, "b");
        return pearson(ranks(a), ranks(b));
    }

    /**
     * A NaN ranked above every number (Float.compare's order) and shared no tie: {@code spearman} of a map with one NaN
     * cell against itself with 0 there gave 1 less a sliver, and of [1, NaN] against [2, 1] gave -1, a ranking nobody
     * made. Non-finite map values are a bug upstream, said as {@link #iou} says them.
     *
     * @param values one ranking's values
     * @param name the argument's name, for the message
     * @throws IllegalArgumentException naming the argument, the value and its index
     */
    private static void requireFinite(float[] values, String name) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("cannot rank " + name + " holding " + values[i] + " at index " + i
                        + " of " + values.length + ": the CAM upstream produced a non-finite value");
            }
        }
    }

    /**
     * {@link #spearman(float[], float[])} with one side's ranks already taken: the same value, to the last bit, for a
     * ranking compared with several others.
     *
     * @param ranksOfA {@link #ranks}{@code (a)}
     * @param b the other ranking's values, as many
     * @return {@code spearman(a, b)}
     * @throws IllegalArgumentException as {@code spearman(a, b)} throws
     */
    static double spearman(double[] ranksOfA, float[] b) {
        if (ranksOfA.length != b.length || b.length < 2) {
            throw new IllegalArgumentException("need two arrays of the same length >= 2, got " + ranksOfA.length + " and "
                    + b.length);
        }
        requireFinite(b, "b");
        return pearson(ranksOfA, ranks(b));
    }

    /**
     * @param values any values
     * @return their ranks, 1 for the smallest, tied values sharing the mean of the ranks they span
     * @throws IllegalArgumentException when a value is NaN or infinite, as {@link #spearman(float[], float[])} refuses
     *     it (these ranks are its first argument's)
     */
    static double[] ranks(float[] values) {
        requireFinite(values, "a");
        int[] order = ascendingOrder(values);
        double[] ranks = new double[values.length];
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && Float.compare(values[order[j + 1]], values[order[i]]) == 0) {
                j++;
            }
            double mean = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) {
                ranks[order[k]] = mean;
            }
            i = j + 1;
        }
        return ranks;
    }

    private static double pearson(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElseThrow();
        double my = Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            double dx = x[i] - mx;
            double dy = y[i] - my;
            sxy += dx * dy;
            sxx += dx * dx;
            syy += dy * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
    }

    /**
     * The order in which deletion removes (and insertion restores) pixels: highest map value first, equal values in
     * index order, so a constant map is walked in row-major order.
     *
     * @param values the map's values
     * @return indices into {@code values}
     */
    public static int[] descendingOrder(float[] values) {
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            // ~sortable reverses the order, so ascending keys put high values first; the index breaks ties.
            keys[i] = ((long) ~sortable(values[i]) << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /**
     * {@link #descendingOrder(float[])} of the values at or above a cut alone: the same indices in the same order as
     * that order's walk down to the cut, for a fraction of its sort when few values reach the cut.
     *
     * @param values the map's values
     * @param atLeast the cut; a value below it, or NaN, is left out
     * @return indices into {@code values} of the values {@code >= atLeast}, highest first, equal values in index order
     */
    static int[] descendingOrderAtLeast(float[] values, double atLeast) {
        int n = 0;
        for (float v : values) {
            n += v >= atLeast ? 1 : 0;
        }
        long[] keys = new long[n];
        int k = 0;
        for (int i = 0; i < values.length; i++) {
            if (values[i] >= atLeast) {
                keys[k++] = ((long) ~sortable(values[i]) << 32) | i;
            }
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /**
     * The order in which deletion removes (and insertion restores) pixels: highest map value first, equal values in a
     * seeded random order. Index order would make a curve depend on where the digit lies: a map's many equal values
     * (the zeros of a ReLU'd map, the blank far from the ink) would be walked top row first, so ink near the top of the
     * canvas would be deleted early and ink near the bottom late, for the same map.
     *
     * @param values the map's values
     * @param tieSeed decides the order among equal values; the same seed gives the same order
     * @return indices into {@code values}
     */
    public static int[] descendingOrder(float[] values, long tieSeed) {
        int n = values.length;
        // A random rank per index (a shuffled 0..n-1) breaks ties; its inverse maps the rank back to the index.
        int[] rank = new int[n];
        for (int i = 0; i < n; i++) {
            rank[i] = i;
        }
        java.util.SplittableRandom random = new java.util.SplittableRandom(tieSeed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = rank[i];
            rank[i] = rank[j];
            rank[j] = t;
        }
        int[] byRank = new int[n];
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            byRank[rank[i]] = i;
            keys[i] = ((long) ~sortable(values[i]) << 32) | rank[i];
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = byRank[(int) keys[i]];
        }
        return order;
    }

    private static int[] ascendingOrder(float[] values) {
        long[] keys = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            keys[i] = ((long) sortable(values[i]) << 32) | i;
        }
        Arrays.sort(keys);
        int[] order = new int[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = (int) keys[i];
        }
        return order;
    }

    /** An int whose signed order is the float's order (-0 below +0, NaN above +inf). */
    private static int sortable(float v) {
        int bits = Float.floatToIntBits(v);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }
}
