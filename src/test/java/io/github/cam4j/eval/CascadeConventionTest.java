package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
