package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Complexity, coherency and ARCC as pytorch-grad-cam's {@code metrics/arcc.py} computes them: hand-computed cases of
 * each, then the evaluator's figures against the same steps taken by hand on the bundled pooled model.
 */
class ArccTest {
    /** Sums of a few doubles: exact to a few units in the last place. */
    private static final double EXACT = 1e-15;

    @Test
    void complexityIsTheMeanAbsoluteValue() {
        assertEquals(1, Arcc.complexity(new float[] {1, 1, 1, 1}), EXACT);
        assertEquals(0, Arcc.complexity(new float[] {0, 0, 0}), EXACT);
        // The reference takes |map|: a negative value counts as its size.
        assertEquals((0.5 + 0.25 + 0 + 1) / 4, Arcc.complexity(new float[] {-0.5f, 0.25f, 0, 1}), EXACT);
    }

    @Test
    void coherencyIsTheShiftedPearsonCorrelationWithTheReferencesEpsilon() {
        // A method whose map of the masked picture is its map: rho = var / (var + 1e-8), coherency 1 but for the epsilon.
        // {0, 1, 0, 1}: deviations +-0.5, covariance and variance 4 x 0.25 / 3 = 1/3 (n - 1 = 3).
        float[] map = {0, 1, 0, 1};
        double third = 1.0 / 3;
        assertEquals(((third / (Math.sqrt(third) * Math.sqrt(third) + 1e-8)) + 1) / 2, Arcc.coherency(map, map), EXACT);
        assertEquals(1, Arcc.coherency(map, map), 2e-8);
        // The map turned upside down: rho -1, coherency 0 (but for the epsilon).
        assertEquals(0, Arcc.coherency(map, new float[] {1, 0, 1, 0}), 2e-8);
        // {1, 2, 3} against {1, 3, 2}: deviations (-1, 0, 1) and (-1, 1, 0), covariance 1 / 2, standard deviations 1:
        // rho = 0.5 / (1 + 1e-8), coherency 0.75 less half of 0.5e-8.
        assertEquals((0.5 / (1 + 1e-8) + 1) / 2, Arcc.coherency(new float[] {1, 2, 3}, new float[] {1, 3, 2}), EXACT);
        // Two constant maps (a blank canvas's): the epsilon makes rho 0 / 1e-8 = 0, coherency 0.5, not NaN.
        assertEquals(0.5, Arcc.coherency(new float[] {0, 0, 0}, new float[] {0, 0, 0}), EXACT);
        // Scaling and shifting one map leaves the correlation.
        assertEquals(Arcc.coherency(map, map), Arcc.coherency(map, new float[] {0.25f, 0.75f, 0.25f, 0.75f}), 1e-7);
        assertThrows(IllegalArgumentException.class, () -> Arcc.coherency(map, new float[] {0, 1}));
    }

    @Test
    void arccIsTheHarmonicMeanOfItsThreeParts() {
        // All three parts 0.8: coherency 0.8, 1 - complexity 0.8, 2 x ROAD 0.4 = 0.8.
        assertEquals(0.8, Arcc.of(0.8, 0.2, 0.4), 1e-7);
        // Parts 1, 0.5 and 0.25: 3 / (1 + 2 + 4) = 3 / 7 (each term off by at most 1e-8 / part^2 relative).
        assertEquals(3.0 / 7, Arcc.of(1, 0.5, 0.125), 1e-7);
        // ROAD is doubled and clipped to 0..1: 0.7 counts as 1, as 0.5 does.
        assertEquals(Arcc.of(0.9, 0.3, 0.5), Arcc.of(0.9, 0.3, 0.7), EXACT);
        // The 1e-8 terms, exactly: every part 0 gives 3 / (3 / 1e-8) = 1e-8, not a division by zero.
        assertEquals(1e-8, Arcc.of(0, 1, 0), 1e-22);
        assertEquals(1e-8, Arcc.of(0, 1, -0.3), 1e-22);
        // A canvas whose ROAD is 0 or less scores about 0 however coherent and simple its map.
        assertEquals(3 / (1 / (1 + 1e-8) + 1 / (1 + 1e-8) + 1 / 1e-8), Arcc.of(1, 0, -0.1), 1e-22);
    }

    /**
     * Against the reference's own functions: {@code batch_pearson_coherency}, {@code Complexity} and ARCC's formula from
     * pytorch-grad-cam 084273b's {@code metrics/arcc.py}, run by numpy in double precision on these float32 maps
     * (coherency 0.9690429367470189, complexity 0.4166666629413764; ARCC 0.6196465456046218 with complexity 0.3 and
     * ROAD 0.21).
     */
    @Test
    void matchesTheReferenceFunctionsOnAnUnevenCase() {
        float[] masked = {0.1f, 0.7f, 0.3f, 0.9f, 0f, 0.5f};
        float[] map = {0.2f, 0.6f, 0.1f, 1.0f, 0.05f, 0.4f};
        double coherency = Arcc.coherency(map, masked);
        assertEquals(0.9690429367470189, coherency, 1e-15);
        assertEquals(0.4166666629413764, Arcc.complexity(masked), 1e-15);
        assertEquals(0.6196465456046218, Arcc.of(coherency, 0.3, 0.21), 1e-15);
    }

    @Test
    void arccsRoadIsRoadCombinedAtTheTwentiethToEightiethPercentiles() {
        // y = 0.9; at 10, 20, ..., 90 (k = 1..9) MoRF falls by k^2 / 100, LeRF rises by k / 100.
        double[] morf = new double[9];
        double[] lerf = new double[9];
        for (int k = 1; k <= 9; k++) {
            morf[k - 1] = 0.9 - k * k / 100.0;
            lerf[k - 1] = 0.9 + k / 100.0;
        }
        Road.Scores s = new Road.Scores(0.9, morf, lerf);
        // At 20, 40, 60, 80 (k = 2, 4, 6, 8): mean MoRF change -(4 + 16 + 36 + 64) / 400 = -0.30, mean LeRF change
        // +0.05, combined (0.05 + 0.30) / 2 = 0.175.
        assertEquals(0.175, s.combinedAt(Arcc.ROAD_PERCENTILES), 1e-12);
        // Over all nine, MoRF's mean change is -285 / 900: combined 0.18333..., which ARCC must not take.
        assertEquals((0.05 + 285 / 900.0) / 2, s.combined(), 1e-12);
        assertEquals(s.combined(), s.combinedAt(Road.PERCENTILES), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> s.combinedAt(25));
        // ARCC of a canvas: 2 x 0.175 = 0.35, with coherency 0.35 and complexity 0.65, is 0.35.
        assertEquals(0.35, Arcc.of(new Arcc.Parts(0.65, 0.35), s), 1e-7);
    }

    @Test
    void aTallyAveragesArccCanvasByCanvasNotFromTheMeans() {
        FaithfulnessTally t = new FaithfulnessTally();
        double[] curve = {1, 0.5, 0};
        t.addAll(List.of(new Faithfulness.Scores(0, 0, curve, curve), new Faithfulness.Scores(0, 0, curve, curve)));
        t.addArcc(List.of(new Arcc.Parts(0.2, 0.8), new Arcc.Parts(0.5, 1)));
        double[] flat = new double[9];
        java.util.Arrays.fill(flat, 0.5);
        double[] up = new double[9];
        java.util.Arrays.fill(up, 0.9);
        double[] down = new double[9];
        java.util.Arrays.fill(down, 0.1);
        // Canvas 1: ROAD (0.4 + 0.4) / 2 = 0.4; canvas 2: 0 (nothing moved).
        t.addRoad(List.of(new Road.Scores(0.5, down, up), new Road.Scores(0.5, flat, flat)));
        FaithfulnessSummary s = t.summary();
        assertEquals(0.35, s.complexity(), EXACT);
        assertEquals(0.9, s.coherency(), EXACT);
        double first = Arcc.of(0.8, 0.2, 0.4);
        double second = Arcc.of(1, 0.5, 0);
        assertEquals(0.8, first, 1e-7);
        assertEquals((first + second) / 2, s.arcc(), EXACT);
        assertEquals(0.4, s.arcc(), 1e-7);
        assertEquals(2, t.values(Scoreboard.PerCanvas.ARCC).length);
        // Without ROAD: complexity and coherency, no ARCC.
        FaithfulnessTally noRoad = new FaithfulnessTally();
        noRoad.addAll(List.of(new Faithfulness.Scores(0, 0, curve, curve)));
        noRoad.addArcc(List.of(new Arcc.Parts(0.2, 0.8)));
        assertEquals(0.2, noRoad.summary().complexity(), EXACT);
        assertTrue(Double.isNaN(noRoad.summary().arcc()));
        assertEquals(0, noRoad.values(Scoreboard.PerCanvas.ARCC).length);
    }

    /**
     * The evaluator's complexity and coherency of CAM on four canvases of the bundled pooled model, against the same
     * steps taken by hand: CAM's min-max map of each canvas, the canvas multiplied by it, CAM of that for the canvas's
     * class. A coherency taken on the canvas itself (a map correlated with itself) or for another class, or a
     * complexity of the positive-part map, would miss it by far more than the tolerance.
     */
    @Test
    void theEvaluatorMasksTheCanvasByItsMapAndExplainsItForTheSameClass() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        int[] digits = {0, 1, 2, 3};
        ModelReport report = new ModelEvaluator(EvaluationSettings.builder().optCanvasSize(84).optSeed(42)
                .optFaithfulnessLimit(digits.length).optSteps(4).optBatch(16).build(), LoadOptions.defaults(),
                null).evaluate(pooled, test, digits).report();
        CanvasGenerator canvases = new CanvasGenerator(test, 84, 42);
        double complexity = 0;
        double coherency = 0;
        double positiveComplexity = 0;
        try (CamSession cam = CamSession.builder().setModel(pooled).optKeepInputSize(true).build()) {
            for (int d : digits) {
                Canvas c = canvases.plain(d);
                ImageExplanation e = ModelEvaluator.explain(cam, List.of(c), new int[] {c.label()}).get(0);
                float[] map = e.first().map().values();
                float[] masked = new float[map.length];
                for (int i = 0; i < map.length; i++) {
                    masked[i] = c.pixels()[i] * map[i];
                }
                Canvas m = new Canvas(c.digitIndex(), c.label(), c.size(), masked, c.truth(), false);
                float[] again = ModelEvaluator.explain(cam, List.of(m), new int[] {c.label()}).get(0).first().map().values();
                complexity += Arcc.complexity(map) / digits.length;
                coherency += Arcc.coherency(map, again) / digits.length;
                positiveComplexity += Arcc.complexity(PositiveMaps.of(e.first(), 84, 84).values()) / digits.length;
            }
        }
        FaithfulnessSummary f = report.faithfulness().get(Method.CAM);
        // The model runs in single precision, in other batches here: its maps agree to a few 1e-6 at most.
        assertEquals(complexity, f.complexity(), 1e-5);
        assertEquals(coherency, f.coherency(), 1e-5);
        assertEquals(positiveComplexity, report.faithfulness().get(Method.CAM_POSITIVE_MASK).complexity(), 1e-5);
        // The hand-made figures are not trivially 1 (the map of the masked canvas differs from the map).
        assertTrue(coherency < 0.999, "coherency " + coherency);
        // Baselines that ignore the canvas: coherency 1 but for the epsilon; without ROAD, no ARCC.
        assertEquals(1, report.faithfulness().get(Method.CENTRE).coherency(), 1e-6);
        assertEquals(1, report.faithfulness().get(Method.RANDOM).coherency(), 1e-6);
        assertTrue(Double.isNaN(f.arcc()));
    }
}
