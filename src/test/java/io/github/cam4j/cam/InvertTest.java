package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class InvertTest {
    /** A 5x4 picture: a light border around a dark inside (dark ink on paper), or the reverse. */
    static float[] picture(float border, float inside) {
        float[] v = new float[5 * 4];
        Arrays.fill(v, border);
        for (int y = 1; y < 4; y++) {
            for (int x = 1; x < 3; x++) {
                v[y * 4 + x] = inside;
            }
        }
        return v;
    }

    @Test
    void autoInvertsDarkInkOnPaperOnlyForLightOnDarkModels() {
        float[] paper = picture(240, 10);
        float[] screen = picture(5, 250);
        assertTrue(Invert.AUTO.appliesTo(true, paper, 5, 4, 1));
        assertFalse(Invert.AUTO.appliesTo(true, screen, 5, 4, 1));
        assertFalse(Invert.AUTO.appliesTo(false, paper, 5, 4, 1), "a model trained on dark-on-light is left alone");
        assertTrue(Invert.ALWAYS.appliesTo(false, screen, 5, 4, 1));
        assertFalse(Invert.NEVER.appliesTo(true, paper, 5, 4, 1));
        // One column: every row is a border row.
        assertTrue(Invert.AUTO.appliesTo(true, new float[] {200, 200, 200}, 3, 1, 1));
    }
}
