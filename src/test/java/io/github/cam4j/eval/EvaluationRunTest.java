package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EvaluationRun#writeReport}: the report records the run's seed, digits and settings, so it takes only the
 * evaluations the run itself made. (Its README block, null and empty arguments: {@link ReadmeEvaluateExampleTest}.)
 */
class EvaluationRunTest {
    /** Few digits and faithfulness on fewer: seconds of model runs, and the check is on whose evaluation it is. */
    static final int LIMIT = 8;

    @TempDir
    Path tmp;

    /**
     * Two runs of 8 digits, seeds 42 and 7 (other digits: 5031, 3031... against 4696, 2518...): run B wrote run A's
     * evaluation, its report.md saying "seed 7" over the figures of A's digits, for the runs were told apart by the
     * number of digits alone. Now refused, and run A writes it.
     */
    @Test
    void anotherRunsEvaluationOfAsManyDigitsIsRefused() throws Exception {
        EvaluationSettings settings = EvaluationSettings.builder().optFaithfulnessLimit(4).build();
        EvaluationRun runA = EvaluationRun.of(SharedData.mnist(), LIMIT, settings);
        EvaluationRun runB = EvaluationRun.of(SharedData.mnist(), LIMIT, settings.toBuilder().optSeed(7).build());
        assertFalse(java.util.Arrays.equals(runA.selection(), runB.selection()), "the two seeds pick other digits");
        ModelEvaluation e = runA.evaluate(Path.of("saved_models/mnist-pooled"));
        Path outB = tmp.resolve("b");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> runB.writeReport(List.of(e), outB));
        assertEquals("evaluation of mnist-pooled was not made by this run (another EvaluationRun's, or built by hand):"
                + " write it with the run whose evaluate made it", refused.getMessage());
        assertFalse(Files.exists(outB), "nothing written for a refused evaluation");
        // One built by hand is not the run's, even of its own evaluation's parts: the run knows what it returned.
        ModelEvaluation copy = new ModelEvaluation(e.report(), e.examples(), e.worst(), e.camValues(),
                e.scoredDigits());
        assertThrows(IllegalArgumentException.class, () -> runA.writeReport(List.of(copy), tmp.resolve("copy")));

        List<Path> written = runA.writeReport(List.of(e), tmp.resolve("a"));
        assertEquals(tmp.resolve("a").resolve("report.json"), written.get(0));
        assertTrue(Files.readString(tmp.resolve("a").resolve("report.md")).contains("(seed 42)"),
                "run A's report says its own seed");
    }
}
