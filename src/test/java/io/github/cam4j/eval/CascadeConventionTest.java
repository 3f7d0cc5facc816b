package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The conventions' sentence on the cascading randomisation's canvases: it runs on the first
 * {@link CascadingRandomization#CANVASES} canvases of the digits scored, so a run that left digits out must not say it
 * had every canvas of the sample (a 40-digit run with 16 left out said "every canvas (40)" of its 24).
 */
class CascadeConventionTest {
    private static String cascade(int digits, List<Integer> leftOut) {
        return EvaluationReport.conventions(digits, leftOut).stream().filter(c -> c.startsWith("Randomized weights"))
                .findFirst().orElseThrow()
                .replaceAll(".*the rest trained, on (.*); its last step is the twin\\.", "$1");
    }

    @Test
    void aRunWithoutLeftOutDigitsSaysItsCanvasesAsBefore() {
        assertEquals("every canvas (40)", cascade(40, List.of(0, 0)));
        assertEquals("the first 500 canvases", cascade(2000, List.of(0)));
        assertEquals(cascade(40, List.of()), cascade(40, List.of(0)));
    }

    /**
     * An imported Keras model (the shared data's mnist-conv-head-gap) gets its cascade, table and chart in its section,
     * yet the conventions said the test was for "cam4j models with an architecture".
     */
    @Test
    void theCascadeIsSaidToCoverImportedModelsToo() {
        String randomized = EvaluationReport.conventions(40, List.of(0)).stream()
                .filter(c -> c.startsWith("Randomized weights")).findFirst().orElseThrow();
        assertFalse(randomized.contains("cam4j models with an architecture"), randomized);
        assertTrue(randomized.contains("Cascading randomisation (their layer-by-layer test; a cam4j model's layers as"
                + " its architecture lists them, an imported model's as its variables' names group them, nearest the"
                + " output first)"), randomized);
    }

    @Test
    void aRunWithLeftOutDigitsSaysTheCanvasesOfTheDigitsScored() {
        assertEquals("every canvas scored (24 of the 40, the digits left out excepted)", cascade(40, List.of(16)));
        assertEquals("every canvas scored (24 to 40 of the 40, the digits left out excepted)",
                cascade(40, List.of(16, 0)));
        assertEquals("the first 500 canvases of the digits scored", cascade(2000, List.of(700)));
        assertEquals("the first 500 canvases of the digits scored, every one of a model that scored fewer (400 to 500)",
                cascade(1000, List.of(600, 0)));
    }
}
