package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The rule behind the forced-inversion warning, on pictures made here (the command line's case: ExplainCommandTest). */
class InkCoverageTest {
    /** Half the pixels light is not yet "mostly"; one more is. A colour pixel's level is its channels' mean. */
    @Test
    void mostlyMeansMoreThanHalfThePixelsLight() {
        float[] half = new float[100];
        Arrays.fill(half, 0, 50, 255f);
        assertEquals(0.5, InkCoverage.lightShare(half, 10, 10, 1));
        assertTrue(InkCoverage.forcedInversionWarning(Invert.ALWAYS, true, half, 10, 10, 1, "a.png").isEmpty());
        half[50] = 128f;
        assertEquals("--invert always made a.png mostly ink (51 % of its pixels light): its ink is probably light"
                + " already; try --invert auto",
                InkCoverage.forcedInversionWarning(Invert.ALWAYS, true, half, 10, 10, 1, "a.png").orElseThrow());
        float[] rgb = {255, 255, 0, 255, 0, 0}; // levels 170 and 85
        assertEquals(0.5, InkCoverage.lightShare(rgb, 1, 2, 3));
    }

    /** {@code auto} looked at the picture, and a model of unknown polarity has no ink to speak of. */
    @Test
    void onlyAForcedModeOnALightInkModelIsWarnedOf() {
        float[] white = new float[16];
        Arrays.fill(white, 255f);
        assertTrue(InkCoverage.forcedInversionWarning(Invert.AUTO, true, white, 4, 4, 1, "w.png").isEmpty());
        assertTrue(InkCoverage.forcedInversionWarning(Invert.NEVER, false, white, 4, 4, 1, "w.png").isEmpty());
        assertTrue(InkCoverage.forcedInversionWarning(Invert.NEVER, true, white, 4, 4, 1, "#0").orElseThrow()
                .startsWith("--invert never left picture #0 mostly ink (100 % of its pixels light)"));
    }
}
