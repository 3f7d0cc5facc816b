package io.github.cam4j.render;

/**
 * Rescales a map to [0, 1] for display and thresholding, as torch-cam does before drawing a CAM.
 *
 * <pre>{@code
 * FloatMap map01 = MapNormalizer.minMax(cam);   // min -> 0, max -> exactly 1
 * }</pre>
 */
public final class MapNormalizer {

    /**
     * The smallest range (max - min) that is stretched to [0, 1]. A map whose values differ by less is treated as
     * flat: it is divided by this instead of by its range, so rounding noise in an (almost) constant map stays near
     * 0 instead of being blown up into a full-contrast heatmap, and a constant map gives zeros, never NaN.
     */
    public static final float EPSILON = 1e-7f;

    private MapNormalizer() {
    }

    /**
     * Min-max normalisation: {@code (v - min) / max(max - min, EPSILON)}, clamped to [0, 1].
     *
     * <p>Unlike the textbook {@code (v - min) / (max - min + EPSILON)}, a map with a real range gets a maximum of
     * exactly {@code 1.0f}, so thresholds such as {@link CamBox}'s "20% of the max" mean what they say.
     *
     * @param m any finite map
     * @return a new map of the same shape with values in [0, 1]; all zeros when {@code m} is constant
     * @throws IllegalArgumentException when {@code m} holds NaN or infinity, naming the first such cell
     */
    public static FloatMap minMax(FloatMap m) {
        float[] v = m.values();
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < v.length; i++) {
            float x = v[i];
            // One comparison pair rejects NaN (every comparison false) and both infinities.
            if (!(x >= -Float.MAX_VALUE && x <= Float.MAX_VALUE)) {
                throw new IllegalArgumentException("cannot normalise a map holding " + x + " at (y=" + i / m.width() + ", x="
                        + i % m.width() + "): the CAM upstream produced a non-finite value");
            }
            min = x < min ? x : min;
            max = x > max ? x : max;
        }
        // Double arithmetic: max - min of two large floats can overflow float to infinity. One division for the
        // map, then a multiplication per cell (this loop runs for every map CamSession makes); the maximum cell is
        // set to exactly 1 rather than trusting (max - min) * (1 / range) to round there.
        double range = Math.max((double) max - min, EPSILON);
        double scale = 1.0 / range;
        boolean flat = (double) max - min < EPSILON;
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            double n = (v[i] - (double) min) * scale;
            out[i] = n >= 1.0 || (v[i] == max && !flat) ? 1f : (float) n;
        }
        return new FloatMap(m.height(), m.width(), out);
    }
}
