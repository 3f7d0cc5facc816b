package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two models' CAM compared canvas by canvas, on hand-made per-canvas values. */
class ModelComparisonTest {
    private static ModelEvaluation model(String name, Map<String, double[]> values) {
        ModelReport report = new ModelReport(name, "/" + name, 4, "28x28", 1, 84, "84x84", 1, 1, Map.of(), Map.of(), Map.of(),
                null, null, List.of(), List.of(), 0);
        return new ModelEvaluation(report, List.of(), List.of(), values);
    }

    /**
     * B points on 4 canvases of 4 where A points on 1 (gap +0.75, interval 0.26 to 1.24: B ahead); B's Average Drop is
     * 10 points lower on every canvas (lower is better: B ahead); their deletion AUCs differ by +0.1 and -0.1 (within
     * noise); a metric only one model measured is not compared.
     */
    @Test
    void theSecondModelIsAheadOnlyWhereTheIntervalSaysSo() {
        ModelEvaluation a = model("a", Map.of("pointing", new double[] {1, 0, 0, 0}, "Average Drop %",
                new double[] {40, 50, 30, 20}, "deletion AUC", new double[] {0.2, 0.3}, "insertion AUC", new double[] {0.5}));
        ModelEvaluation b = model("b", Map.of("pointing", new double[] {1, 1, 1, 1}, "Average Drop %",
                new double[] {30, 40, 20, 10}, "deletion AUC", new double[] {0.3, 0.2}));
        List<ModelComparison> c = ModelComparison.between(List.of(a, b));
        assertEquals(List.of("pointing", "Average Drop %", "deletion AUC"), c.stream().map(ModelComparison::metric).toList(),
                "in Scoreboard.METRICS order, insertion AUC left out");
        assertEquals(0.75, c.get(0).difference(), 1e-12);
        assertEquals(0.75 - 1.959964 * 0.25, c.get(0).low(), 1e-12);
        assertEquals("b", c.get(0).ahead());
        assertEquals(-10, c.get(1).difference(), 1e-12);
        assertEquals("b", c.get(1).ahead(), "a lower Average Drop is better");
        assertNull(c.get(2).ahead());
        assertEquals(List.of("b against a: ahead on pointing | Average Drop %; behind on none; within noise on 1 metric"),
                ModelComparison.lines(c));
    }

    @Test
    void theFirstModelAheadIsNamedAndThreeModelsGiveThreePairs() {
        ModelEvaluation a = model("a", Map.of("pointing", new double[] {1, 1, 1, 1}));
        ModelEvaluation b = model("b", Map.of("pointing", new double[] {0, 0, 0, 0}));
        ModelEvaluation c = model("c", Map.of("pointing", new double[] {1, 1, 1, 0}));
        List<ModelComparison> all = ModelComparison.between(List.of(a, b, c));
        assertEquals(List.of("a-b", "a-c", "b-c"), all.stream().map(x -> x.first() + "-" + x.second()).toList());
        assertEquals("a", all.get(0).ahead());
        assertEquals(List.of("b against a: ahead on none; behind on pointing; within noise on 0 metrics",
                "c against a: ahead on none; behind on none; within noise on 1 metric",
                "c against b: ahead on pointing; behind on none; within noise on 0 metrics"), ModelComparison.lines(all));
    }
    /**
     * Models that scored different digits (one left out a digit a method could not map) are compared on the digits both
     * scored, each value with its own digit's: paired by place, b's values of digits 12, 13 and 14 had been paired with
     * a's of 11, 12 and 13, a gap of 0.75 on 4 canvases where the same canvases give 2/3 on 3.
     */
    @Test
    void modelsThatScoredDifferentDigitsArePairedOnTheDigitsBothScored() {
        ModelReport report = model("a", Map.of()).report();
        ModelEvaluation a = new ModelEvaluation(report, List.of(), List.of(), Map.of("pointing",
                new double[] {1, 0, 0, 0}, "Average Drop %", new double[] {40, 50}), new int[] {10, 11, 12, 13});
        ModelEvaluation b = new ModelEvaluation(model("b", Map.of()).report(), List.of(), List.of(), Map.of("pointing",
                new double[] {1, 1, 1, 1}, "Average Drop %", new double[] {30, 45}), new int[] {10, 12, 13, 14});
        List<ModelComparison> c = ModelComparison.between(List.of(a, b));
        assertEquals(List.of("pointing", "Average Drop %"), c.stream().map(ModelComparison::metric).toList());
        assertEquals(3, c.get(0).canvases());
        assertEquals(2.0 / 3, c.get(0).difference(), 1e-12);
        assertEquals(1, c.get(1).canvases(), "the faithfulness values of the first digits: only 10 is both's");
        assertEquals(-10, c.get(1).difference(), 1e-12);
    }

    /** An interval that reaches 0 holds "no gap": neither model is ahead (round 41's boundary survivors). */
    @Test
    void anIntervalEndingAtZeroPutsNeitherModelAhead() {
        assertNull(new ModelComparison("a", "b", "pointing", true, 9, 0.1, 0, 0.2).ahead());
        assertNull(new ModelComparison("a", "b", "pointing", true, 9, -0.1, -0.2, 0).ahead());
        assertEquals("b", new ModelComparison("a", "b", "pointing", true, 9, 0.1, 1e-9, 0.2).ahead());
        assertEquals("a", new ModelComparison("a", "b", "deletion AUC", false, 9, 0.1, 1e-9, 0.2).ahead());
        assertEquals("a", new ModelComparison("a", "b", "pointing", true, 9, -0.1, -0.2, -1e-9).ahead());
        assertEquals("b", new ModelComparison("a", "b", "deletion AUC", false, 9, -0.1, -0.2, -1e-9).ahead());
    }
}
