package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sentences the report prints about a model's accuracy, for the cases they were written for. */
class AccuracyWarningsTest {
    private static ModelReport report(double accuracy, double canvasAccuracy) {
        return new ModelReport("m", "/models/m", 100, "28x28", accuracy, 84, "21x21", canvasAccuracy, canvasAccuracy,
                Map.of(), Map.of(), Map.of(), null, null, List.of(), List.of(), 1.0);
    }

    /** A model read at chance (fed the wrong pixels) is the case the first warning exists for; it once failed to format. */
    @Test
    void aModelReadingFewDigitsIsToldToCheckItsPixels() {
        List<String> w = AccuracyWarnings.of(report(0.1, 0.1));
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("m reads only 10.0 % of the plain 28x28 test digits"), w.get(0));
        assertTrue(w.get(0).contains("--pixel-scale"), w.get(0));
        // It advised "--invert", an option evaluate does not have ("Unknown options: '--invert'").
        assertFalse(w.get(0).contains("--invert"), w.get(0));
    }

    /**
     * The warnings are printed by {@code cam4j evaluate} and written into its report: an option they point at must be
     * one of evaluate's. The first told the user to check {@code --invert}, which only explain and video have.
     */
    @Test
    void everyOptionAWarningNamesIsAnOptionOfEvaluate() {
        picocli.CommandLine.Model.CommandSpec evaluate = io.github.cam4j.cli.Cam4j.commandLine().getSubcommands()
                .get("evaluate").getCommandSpec();
        for (String w : AccuracyWarnings.of(report(0.1, 0.1))) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("--[a-z][a-z0-9-]*").matcher(w);
            while (m.find()) {
                assertTrue(evaluate.findOption(m.group()) != null, m.group() + " is not evaluate's: " + w);
            }
        }
    }

    @Test
    void aModelLosingTheDigitsOnCanvasesIsToldSoAndAGoodOneIsNot() {
        List<String> w = AccuracyWarnings.of(report(0.99, 0.11));
        assertEquals(1, w.size());
        assertTrue(w.get(0).startsWith("m reads 99.0 % of the digits at 28x28 but 11.0 % on the 84x84 canvases"), w.get(0));
        assertEquals(List.of(), AccuracyWarnings.of(report(0.99, 0.98)));
    }

    /**
     * A drop of more than 20 points is reported; the sentence said "most canvas maps explain a class the model did not
     * predict" whatever the drop, also when three quarters of the canvases were read right. It gives the share.
     */
    @Test
    void theShareOfMapsExplainingAClassNotPredictedIsTheCanvasErrorRate() {
        List<String> w = AccuracyWarnings.of(report(0.99, 0.75));
        assertEquals(1, w.size());
        assertTrue(w.get(0).endsWith(": 25.0 % of the canvas maps explain a class the model did not predict"), w.get(0));
        assertTrue(AccuracyWarnings.of(report(0.99, 0.11)).get(0).endsWith(": 89.0 % of the canvas maps explain a class the"
                + " model did not predict"));
    }
}
