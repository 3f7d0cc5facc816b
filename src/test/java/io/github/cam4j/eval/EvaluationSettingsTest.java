package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class EvaluationSettingsTest {
    /**
     * --batch means canvases per run at 84x84; larger canvases run fewer so a run's pixels stay bounded. A 1024x1024
     * evaluation at the default batch once held 128 canvases per run (10 GB resident with --batch 4 already).
     */
    @Test
    void largerCanvasesRunProportionallyFewerPerBatch() {
        assertEquals(128, perRun(84).canvasesPerRun());
        assertEquals(128, perRun(28).canvasesPerRun());
        assertEquals(32, perRun(168).canvasesPerRun());
        assertEquals(1, perRun(1024).canvasesPerRun());
    }

    private static EvaluationSettings perRun(int canvasSize) {
        return EvaluationSettings.builder().optCanvasSize(canvasSize).optSeed(42).optFaithfulnessLimit(0).optSteps(16)
                .optBatch(128).build();
    }

    /**
     * At the default 16 steps on 84x84 canvases a step moves 441 pixels, more than any MNIST test digit's ink (311):
     * maps that rank the ink first tie on deletion and insertion (three methods scored 0.10752684 alike). The report
     * says so, with the steps that would tell them apart; at fine steps it only states the resolution.
     */
    @Test
    void roadNeedsFaithfulnessDigits() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> EvaluationSettings.builder().optCanvasSize(84).optSeed(42).optFaithfulnessLimit(0).optSteps(16)
                        .optBatch(128).optRoad(true).build());
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("ROAD is measured on the faithfulness"),
                e.getMessage());
        assertEquals(true, EvaluationSettings.builder().optCanvasSize(84).optSeed(42).optFaithfulnessLimit(10).optSteps(16)
                .optBatch(128).optRoad(true).build().road());
        assertEquals(false, EvaluationSettings.defaults().road(), "off unless asked for");
    }

    @Test
    void theReportSaysWhenDeletionStepsAreCoarserThanADigit() {
        assertEquals("Deletion and insertion resolution: each of the 16 steps moves 441 of the canvas's 7056 pixels, and"
                + " the test digits hold 151 ink pixels at the median, 311 at most, so a map that ranks a digit's ink first"
                + " removes the digit within the first step and such maps' AUCs tie, however they rank the rest; to tell"
                + " methods apart give --steps 191 or more (a quarter of a median digit a step; the faithfulness part"
                + " takes time in proportion).", EvaluationReport.stepResolution(84, 16, 151, 311));
        assertEquals("Deletion and insertion resolution: each of the 256 steps moves 28 of the canvas's 7056 pixels, and"
                + " the test digits hold 151 ink pixels at the median, 311 at most.",
                EvaluationReport.stepResolution(84, 256, 151, 311));
    }

    /**
     * The command a report records is one a POSIX shell runs again as given: an argument with a space or a quote is
     * quoted, plain ones are not.
     */
    @Test
    void theReportsCommandLineQuotesWhatAShellWouldSplit() {
        EvaluationReport.Settings s = new EvaluationReport.Settings("d", 1, 1, 1, 84, 42, 16, new double[] {0.2}, 0.2,
                0.5, 0, "c", 1, java.util.List.of(), null, null, 128, java.util.List.of("evaluate", "--model", "my models/a",
                "--out", "it's", "--pixel-scale=1/255"), "/work");
        assertEquals("cam4j evaluate --model 'my models/a' --out 'it'\\''s' --pixel-scale=1/255", s.commandLine());
        assertEquals(null, new EvaluationReport.Settings("d", 1, 1, 1, 84, 42, 16, new double[] {0.2}, 0.2, 0.5, 0, "c", 1,
                java.util.List.of(), null, null, 128, null, null).commandLine(), "no command line, none quoted");
    }
}
