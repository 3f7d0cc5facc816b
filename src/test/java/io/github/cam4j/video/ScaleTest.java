package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScaleTest {
    @Test
    void autoBringsAFrameTo112PixelsHighAndARegionTo28() {
        assertEquals(112.0 / 480, Scale.auto().factor(480, false), 1e-12);
        assertEquals(28.0 / 56, Scale.auto().factor(56, true), 1e-12);
        assertTrue(Scale.parse("auto").isAuto());
        assertTrue(Scale.parse(" AUTO ").isAuto());
    }

    @Test
    void aFixedFactorIgnoresTheSize() {
        assertEquals(0.5, Scale.parse("0.5").factor(480, false));
        assertEquals(0.5, Scale.of(0.5).factor(20, true));
        assertEquals(Scale.of(0.5), Scale.parse("0.5"));
        assertEquals("0.5", Scale.of(0.5).toString());
        // Two scales are the same only with the same factor: the automatic rule is none of the fixed ones.
        org.junit.jupiter.api.Assertions.assertNotEquals(Scale.of(0.25), Scale.of(0.5));
        org.junit.jupiter.api.Assertions.assertNotEquals(Scale.auto(), Scale.of(0.5));
        assertEquals(Scale.auto(), Scale.parse("auto"));
    }

    @Test
    void nonsenseIsRefusedNamingIt() {
        assertEquals("scale 'big' must be 'auto' or a positive number such as 0.5",
                assertThrows(IllegalArgumentException.class, () -> Scale.parse("big")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> Scale.parse("0"));
        assertThrows(IllegalArgumentException.class, () -> Scale.of(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Scale.of(-1));
    }
}
