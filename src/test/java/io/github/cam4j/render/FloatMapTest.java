package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FloatMapTest {

    @Test
    void rejectsNonPositiveSizeNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FloatMap(0, 3, new float[0]));
        assertTrue(e.getMessage().contains("positive") && e.getMessage().contains("0x3"), e.getMessage());
        IllegalArgumentException noColumns = assertThrows(IllegalArgumentException.class,
                () -> new FloatMap(3, 0, new float[0]));
        assertTrue(noColumns.getMessage().contains("3x0"), noColumns.getMessage());
    }

    @Test
    void rejectsWrongNumberOfValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FloatMap(2, 3, new float[5]));
        assertTrue(e.getMessage().contains("needs 6 values, got 5"), e.getMessage());
    }

    @Test
    void getIsRowMajorAndChecksBothCoordinates() {
        FloatMap m = new FloatMap(2, 3, new float[] {0, 1, 2, 3, 4, 5});
        assertEquals(5f, m.get(1, 2));
        assertEquals(3f, m.get(1, 0));
        // (0, 3) would be a valid flat index (3) but is outside the map.
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(0, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> m.get(-1, 0));
        // One row past the last: named as a point outside the map, not as an array index.
        IndexOutOfBoundsException below = assertThrows(IndexOutOfBoundsException.class, () -> m.get(2, 0));
        assertEquals("(y=2, x=0) is outside the 2x3 map", below.getMessage());
    }

    @Test
    void argMaxTakesTheFirstOfTies() {
        FloatMap m = new FloatMap(2, 3, new float[] {0, 9, 1, 9, 2, 3});
        assertEquals(1, m.argMax());
        assertArrayEquals(new int[] {0, 1}, m.argMaxYX());
    }

    @Test
    void argMaxYXSplitsFlatIndex() {
        FloatMap m = new FloatMap(3, 4, new float[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0, 0});
        assertArrayEquals(new int[] {2, 1}, m.argMaxYX());
    }

    @Test
    void argMaxSkipsNaNAndHandlesNegativeMaps() {
        FloatMap m = new FloatMap(1, 4, new float[] {Float.NaN, -5, -1, -3});
        assertEquals(2, m.argMax());
        assertEquals(-1f, m.max());
        assertEquals(-5f, m.min());
    }

    @Test
    void minAndMax() {
        FloatMap m = new FloatMap(2, 2, new float[] {3, -2, 8, 0});
        assertEquals(8f, m.max());
        assertEquals(-2f, m.min());
    }

    @Test
    void equalityIsByContentAndShape() {
        FloatMap a = new FloatMap(2, 3, new float[] {0, 1, 2, 3, 4, 5});
        FloatMap b = new FloatMap(2, 3, new float[] {0, 1, 2, 3, 4, 5});
        FloatMap transposedShape = new FloatMap(3, 2, new float[] {0, 1, 2, 3, 4, 5});
        FloatMap otherValue = new FloatMap(2, 3, new float[] {0, 1, 2, 3, 4, 6});
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, transposedShape);
        assertNotEquals(a, otherValue);
    }

    @Test
    void toStringShowsShapeNotValues() {
        FloatMap m = new FloatMap(2, 2, new float[] {1, 2, 3, 4});
        assertEquals("FloatMap[2x2, min=1.0, max=4.0]", m.toString());
        assertFalse(m.toString().contains("2.0,"));
    }
}
