package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link Placement}'s refusals say what was given. (Where cells land: {@code ResizeTest}, {@code CellPeakTest}.) */
class PlacementTest {
    /**
     * Every refusal read "got Placement[strideY=0.0, strideX=0.0, offsetY=0.0, offsetX=0.0]" (the compact
     * constructor's fields not yet set), whatever was given: a NaN stride, or stretch's infinite one from a map of 0
     * rows.
     */
    @Test
    void aRefusedPlacementNamesWhatWasGiven() {
        assertEquals("placement strides must be positive and finite, offsets finite; got strideY=NaN, strideX=1.0,"
                + " offsetY=0.0, offsetX=-2.5", assertThrows(IllegalArgumentException.class,
                        () -> new Placement(Double.NaN, 1, 0, -2.5)).getMessage());
        assertEquals("cannot stretch a 0x2 map over a 8x8 picture: every size must be at least 1",
                assertThrows(IllegalArgumentException.class, () -> Placement.stretch(0, 2, 8, 8)).getMessage());
        assertEquals("cannot rescale a placement from a 8x8 picture to a 0x4 one: every size must be at least 1",
                assertThrows(IllegalArgumentException.class,
                        () -> Placement.stretch(2, 2, 8, 8).rescaled(8, 8, 0, 4)).getMessage());
    }
}
