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
     * @throws NullPointerException naming it, when the map is null
     */
    public static FloatMap minMax(FloatMap m) {
        // Named: a null map was "Cannot invoke ... because \"m\" is null".
        java.util.Objects.requireNonNull(m, "m is null: the map to normalise");
        return normalise(m, new float[m.values().length], null);
    }

    /**
     * {@link #minMax} written over the map's own values: for a map just made and read by no one else (e.g. an
     * upsampled CAM), it saves allocating and filling a second array per map.
     *
     * @param m a finite map the caller owns; its values are replaced
     * @return {@code m}, its values now in [0, 1]
     * @throws IllegalArgumentException when {@code m} holds NaN or infinity, naming the first such cell (the map is
     *     then unchanged)
     * @throws NullPointerException naming it, when the map is null
     */
    public static FloatMap minMaxInPlace(FloatMap m) {
        java.util.Objects.requireNonNull(m, "m is null: the map to normalise");
        return normalise(m, m.values(), null);
    }

    /**
     * {@link #minMaxInPlace(FloatMap)}, saying the range it stretched: with it a caller can tell where the map's 0 lies
     * in [0, 1], {@code -min / (max - min)}, without a second pass over the values.
     *
     * @param m a finite map the caller owns; its values are replaced
     * @param range receives {@code {min, max}} of the values before they were replaced
     * @return {@code m}, its values now in [0, 1]
     * @throws IllegalArgumentException when {@code m} holds NaN or infinity, naming the first such cell, or
     *     {@code range} has fewer than two places
     * @throws NullPointerException naming it, when the map or {@code range} is null
     */
    public static FloatMap minMaxInPlace(FloatMap m, float[] range) {
        java.util.Objects.requireNonNull(m, "m is null: the map to normalise");
        java.util.Objects.requireNonNull(range, "range is null: two places for {min, max}");
        if (range.length < 2) {
            throw new IllegalArgumentException("range must have two places, {min, max}; had " + range.length);
        }
        return normalise(m, m.values(), range);
    }

    private static FloatMap normalise(FloatMap m, float[] out, float[] minMax) {
        float[] v = m.values();
        // Math.min and Math.max carry NaN and infinities through, so one check after the loop finds them, and a
        // loop without branches can run in SIMD lanes (this runs for every map CamSession makes).
        float min = Float.POSITIVE_INFINITY;
        float max = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (!Float.isFinite(min) || !Float.isFinite(max)) {
            throw nonFinite(m);
        }
        if (minMax != null) {
            minMax[0] = min;
            minMax[1] = max;
        }
        float range = max - min;
        if (!(range >= EPSILON && Float.isFinite(range))) {
            // Flat (or a range beyond float, which double arithmetic still handles): the careful path.
            double scale = 1.0 / Math.max((double) max - min, EPSILON);
            for (int i = 0; i < v.length; i++) {
                out[i] = (float) Math.min(1.0, (v[i] - (double) min) * scale);
            }
            return out == v ? m : new FloatMap(m.height(), m.width(), out);
        }
        // One division per map, a multiplication per cell. The scale is nudged up until the maximum cell reaches 1,
        // so the clamp makes it exactly 1.0f and "20 % of the max" means 20 %.
        float scale = 1f / range;
        while ((max - min) * scale < 1f) {
            scale = Math.nextUp(scale);
        }
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.min(1f, (v[i] - min) * scale);
        }
        return out == v ? m : new FloatMap(m.height(), m.width(), out);
    }

    private static IllegalArgumentException nonFinite(FloatMap m) {
        float[] v = m.values();
        int i = 0;
        while (i < v.length && Float.isFinite(v[i])) {
            i++;
        }
        return new IllegalArgumentException("cannot normalise a map holding " + v[i] + " at (y=" + i / m.width() + ", x="
                + i % m.width() + "): the CAM upstream produced a non-finite value");
    }
}
