package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class GreyLevelsTest {
    @Test
    void medianIsTheMiddleLevel() {
        assertEquals(7f, GreyLevels.median(new float[] {9, 7, 1}));
        // Ink on 60 % of the pixels would be the median; paper on 60 % is.
        assertEquals(200f, GreyLevels.median(new float[] {200, 200, 200, 30, 40}));
        assertEquals(3f, GreyLevels.median(new float[] {2.6f, 2.9f, 3.4f}), "to the nearest whole level");
    }

    @Test
    void outOfRangeValuesAreClampedAndNaNCountsAsZero() {
        assertEquals(255f, GreyLevels.median(new float[] {300, 900, 1}));
        assertEquals(0f, GreyLevels.median(new float[] {Float.NaN, -5, 100}));
    }
}
