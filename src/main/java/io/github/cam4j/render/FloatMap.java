package io.github.cam4j.render;

import java.util.Arrays;

/**
 * A single-channel map of floats in row-major order: a class activation map, a normalised heatmap, a mask.
 * It is the currency between the CAM arithmetic (plain Java) and the drawing code (OpenCV), so it holds a plain
 * {@code float[]} and no native memory.
 *
 * <pre>{@code
 * FloatMap cam = new FloatMap(7, 7, values);          // e.g. one class's weighted sum of feature maps
 * FloatMap map01 = MapNormalizer.minMax(cam);          // 0..1, max exactly 1
 * int[] hot = map01.argMaxYX();                        // {y, x} of the hottest cell
 * }</pre>
 *
 * <p>The map takes the array as given, without copying it, because maps are made once and read many times (a
 * video frame makes one per frame). Treat {@link #values()} as read-only: no method in cam4j modifies it but
 * {@link MapNormalizer#minMaxInPlace}, which is named so and is given only maps their caller owns, and a caller that
 * changes it after construction changes the map.
 *
 * @param height number of rows, at least 1
 * @param width number of columns, at least 1
 * @param values {@code height * width} values, row {@code y} at {@code values[y * width .. y * width + width - 1]}
 */
public record FloatMap(int height, int width, float[] values) {

    /**
     * Checks the shape, so that every map in flight is well-formed and later code need not re-check it.
     *
     * @param height number of rows, at least 1
     * @param width number of columns, at least 1
     * @param values exactly {@code height * width} values, row-major; kept, not copied
     */
    public FloatMap {
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException(
                    "FloatMap height and width must be positive, were " + height + "x" + width);
        }
        if (values == null) {
            throw new IllegalArgumentException("FloatMap values must not be null");
        }
        if ((long) height * width != values.length) {
            throw new IllegalArgumentException("FloatMap of " + height + "x" + width + " needs "
                    + (long) height * width + " values, got " + values.length);
        }
    }

    /**
     * @param y row, {@code 0 <= y < height}
     * @param x column, {@code 0 <= x < width}
     * @return the value at ({@code y}, {@code x})
     * @throws IndexOutOfBoundsException when the point lies outside the map
     */
    public float get(int y, int x) {
        // Check each coordinate: a flat-index check alone would let (0, width) read (1, 0).
        if (y < 0 || y >= height || x < 0 || x >= width) {
            throw new IndexOutOfBoundsException(
                    "(y=" + y + ", x=" + x + ") is outside the " + height + "x" + width + " map");
        }
        return values[y * width + x];
    }

    /**
     * Refuses a map holding NaN or infinity, naming the value and its cell: a NaN is skipped by {@link #max} and
     * {@link #argMax}, so what reads the map's peak or boxes it would answer from what is left, a plausible picture of a
     * bug upstream.
     *
     * @param doing what the caller was to do with the map, for the message: "box", "find the peak of"
     * @throws IllegalArgumentException "cannot box a map holding NaN at (y=3, x=5): the CAM upstream produced a
     *     non-finite value"
     */
    public void requireFinite(String doing) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException("cannot " + doing + " a map holding " + values[i] + " at (y="
                        + i / width + ", x=" + i % width + "): the CAM upstream produced a non-finite value");
            }
        }
    }

    /**
     * @return the flat index of the largest value; the first one in row-major order on ties. NaN values are never
     *     chosen unless every value is NaN, in which case the answer is 0.
     */
    public int argMax() {
        int best = 0;
        float bestValue = Float.NEGATIVE_INFINITY;
        boolean found = false;
        for (int i = 0; i < values.length; i++) {
            // Strictly greater keeps the first of equal maxima, so ties resolve the same way every run.
            if (values[i] > bestValue || (!found && values[i] == bestValue)) {
                best = i;
                bestValue = values[i];
                found = true;
            }
        }
        return best;
    }

    /** @return {@code {y, x}} of {@link #argMax()} */
    public int[] argMaxYX() {
        int i = argMax();
        return new int[] {i / width, i % width};
    }

    /** @return the largest value, ignoring NaN (NaN only when every value is NaN) */
    public float max() {
        float m = Float.NaN;
        for (float v : values) {
            if (Float.isNaN(m) || v > m) {
                m = v;
            }
        }
        return m;
    }

    /** @return the smallest value, ignoring NaN (NaN only when every value is NaN) */
    public float min() {
        float m = Float.NaN;
        for (float v : values) {
            if (Float.isNaN(m) || v < m) {
                m = v;
            }
        }
        return m;
    }

    /** Two maps are equal when they have the same shape and the same values ({@link Arrays#equals(float[], float[])}). */
    @Override
    public boolean equals(Object o) {
        return o instanceof FloatMap other
                && height == other.height
                && width == other.width
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * height + width) + Arrays.hashCode(values);
    }

    /** @return the shape and range, not the values: maps are large enough that printing them all helps nobody */
    @Override
    public String toString() {
        return "FloatMap[" + height + "x" + width + ", min=" + min() + ", max=" + max() + "]";
    }
}
