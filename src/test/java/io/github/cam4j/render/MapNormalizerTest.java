package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MapNormalizerTest {

    @Test
    void constantMapGivesZerosNotNaN() {
        FloatMap m = MapNormalizer.minMax(new FloatMap(2, 3, new float[] {4, 4, 4, 4, 4, 4}));
        for (float v : m.values()) {
            assertEquals(0f, v); // exact: (4 - 4) / EPSILON is exactly 0
        }
    }

    @Test
    void rampSpansExactlyZeroToOne() {
        int k = 9;
        float[] ramp = new float[k + 1];
        for (int i = 0; i <= k; i++) {
            ramp[i] = i;
        }
        FloatMap m = MapNormalizer.minMax(new FloatMap(1, k + 1, ramp));
        // Exact, not approximate: the contract is max == 1.0f so thresholds like "20% of max" are exact.
        assertEquals(0f, m.min());
        assertEquals(1f, m.max());
        // Interior values: i / k, to float rounding (1e-6 is a few float ulps at 1.0).
        for (int i = 0; i <= k; i++) {
            assertEquals(i / (float) k, m.values()[i], 1e-6f);
        }
    }

    @Test
    void negativeAndOffsetMapsAreShifted() {
        FloatMap m = MapNormalizer.minMax(new FloatMap(1, 3, new float[] {-3, -1, 1}));
        assertEquals(0f, m.values()[0]);
        assertEquals(0.5f, m.values()[1], 1e-6f);
        assertEquals(1f, m.values()[2]);
    }

    @Test
    void hugeRangeDoesNotOverflowToNaN() {
        FloatMap m = MapNormalizer.minMax(new FloatMap(1, 3, new float[] {-3e38f, 0f, 3e38f}));
        assertEquals(0f, m.values()[0]);
        assertEquals(0.5f, m.values()[1], 1e-6f);
        assertEquals(1f, m.values()[2]);
    }

    @Test
    void rangeBelowEpsilonStaysDim() {
        // Float noise on a flat map must not become a full-contrast heatmap.
        FloatMap m = MapNormalizer.minMax(new FloatMap(1, 2, new float[] {0f, 1e-9f}));
        assertTrue(m.max() < 0.05f, "max was " + m.max());
    }

    @Test
    void nanIsRejectedNamingTheCell() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapNormalizer.minMax(new FloatMap(2, 2, new float[] {0, 1, Float.NaN, 2})));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("(y=1, x=0)"), e.getMessage());
    }

    @Test
    void infinityIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapNormalizer.minMax(new FloatMap(1, 2, new float[] {0, Float.POSITIVE_INFINITY})));
        assertTrue(e.getMessage().contains("Infinity"), e.getMessage());
    }

    @Test
    void inputIsNotModified() {
        float[] values = {1, 2, 3};
        MapNormalizer.minMax(new FloatMap(1, 3, values));
        assertEquals(1f, values[0]);
        assertFalse(values[2] == 1f);
    }

    @Test
    void inPlaceGivesMinMaxValuesInTheSameMap() {
        for (float[] values : new float[][] {{-2, 0, 3, 7}, {5, 5, 5, 5}, {1e-9f, 0, 0, 2e-9f}, {-3e38f, 0, 3e38f, 1}}) {
            FloatMap expected = MapNormalizer.minMax(new FloatMap(2, 2, values.clone()));
            FloatMap map = new FloatMap(2, 2, values.clone());
            FloatMap result = MapNormalizer.minMaxInPlace(map);
            assertSame(map, result);
            assertEquals(expected, result, java.util.Arrays.toString(values));
        }
    }

    /**
     * A map whose range is below 1 (probabilities, an already scaled map): 0.25, 0.5, 0.75 become exactly 0, 0.5, 1,
     * since every value and the scale 1 / 0.5 = 2 are exact in float; a threshold of 0.5 keeps the middle cell.
     */
    @Test
    void aRangeBelowOneIsStretchedExactly() {
        FloatMap m = MapNormalizer.minMax(new FloatMap(1, 3, new float[] {0.25f, 0.5f, 0.75f}));
        assertArrayEquals(new float[] {0, 0.5f, 1}, m.values(), 0f);
    }

    /** The in-place form that says the range it stretched: {min, max} before, and the map in [0, 1]. */
    @Test
    void inPlaceReportsTheRangeStretched() {
        float[] range = new float[2];
        FloatMap map = new FloatMap(1, 4, new float[] {-2, 0, 2, 6});
        assertSame(map, MapNormalizer.minMaxInPlace(map, range));
        assertArrayEquals(new float[] {-2, 6}, range, 0f);
        // -2..6 over a range of 8, a power of two: exact.
        assertArrayEquals(new float[] {0, 0.25f, 0.5f, 1}, map.values(), 0f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MapNormalizer.minMaxInPlace(new FloatMap(1, 1, new float[1]), new float[1]));
        assertEquals("range must have two places, {min, max}; had 1", e.getMessage());
    }

    @Test
    void inPlaceLeavesANonFiniteMapUnchanged() {
        float[] values = {0, 1, Float.NaN, 2};
        assertThrows(IllegalArgumentException.class, () -> MapNormalizer.minMaxInPlace(new FloatMap(2, 2, values)));
        assertEquals(1f, values[1]);
        assertEquals(2f, values[3]);
    }

    /** A null map, or range, is named: each was a bare NullPointerException ("... because \"m\" is null"). */
    @Test
    void aNullMapOrRangeIsNamed() {
        String map = "m is null: the map to normalise";
        assertEquals(map, assertThrows(NullPointerException.class, () -> MapNormalizer.minMax(null)).getMessage());
        assertEquals(map, assertThrows(NullPointerException.class, () -> MapNormalizer.minMaxInPlace(null))
                .getMessage());
        assertEquals("range is null: two places for {min, max}", assertThrows(NullPointerException.class,
                () -> MapNormalizer.minMaxInPlace(new FloatMap(1, 1, new float[] {1}), null)).getMessage());
    }
}
