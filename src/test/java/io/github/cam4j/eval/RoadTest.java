package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.model.Activation;
import io.github.cam4j.model.Conv2D;
import io.github.cam4j.model.Dense;
import io.github.cam4j.model.GlobalAveragePooling2D;
import io.github.cam4j.model.Padding;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.CamModelExporter;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.ModelMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ROAD on a real 8x8 SavedModel whose class-0 probability is a known function of the picture's mean brightness g (0..1):
 * a 1x1 convolution of weight 1, global average pooling, and a dense layer of kernel [2, -2], so the logits are
 * [2g, -2g] and P = sigmoid(4g): 0.5 on black, sigmoid(2) on the half-white canvas, sigmoid(4) on white.
 */
class RoadTest {
    private static final int SIZE = 8;
    private static final double BLACK = 0.5;
    private static final double HALF = 1 / (1 + Math.exp(-2));
    private static final double WHITE = 1 / (1 + Math.exp(-4));
    /** The model computes in single precision: its probabilities are good to a few 1e-7; 1e-5 leaves room. */
    private static final double FLOAT = 1e-5;

    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void export() throws Exception {
        Sequential net = new Sequential("road", new long[] {SIZE, SIZE, 1}, List.of(
                Conv2D.of("conv", 1, 1, Padding.SAME, Activation.RELU), new GlobalAveragePooling2D("gap"),
                Dense.of("dense", 2, Activation.SOFTMAX)));
        Map<String, float[]> w = net.initialWeights(1);
        w.put("conv_kernel", new float[] {1});
        w.put("conv_bias", new float[] {0});
        w.put("dense_kernel", new float[] {2, -2});
        w.put("dense_bias", new float[] {0, 0});
        model = tmp.resolve("road");
        CamModelExporter.export(net, w, new ModelMetadata(CamContract.FORMAT, "test", net.name(),
                ModelMetadata.parseTree(net.toJson()), new InputSpec(SIZE, SIZE, 1, 1f / 255f, 0f, true),
                List.of("bright", "dark"), null, null, null), model);
    }

    /** Columns 0..3 white (255), 4..7 black. */
    private static Canvas halfWhite() {
        float[] v = new float[SIZE * SIZE];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE / 2; x++) {
                v[y * SIZE + x] = 255;
            }
        }
        return new Canvas(0, 0, SIZE, v, new Box(0, 0, SIZE / 2, SIZE), false);
    }

    /** A map that is {@code value(column)} down every column: eight pixels tie at each value. */
    private static FloatMap byColumn(java.util.function.IntToDoubleFunction value) {
        float[] v = new float[SIZE * SIZE];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) value.applyAsDouble(i % SIZE);
        }
        return new FloatMap(SIZE, SIZE, v);
    }

    private static Road.Scores measure(FloatMap map) throws Exception {
        return measure(map, 0);
    }

    private static Road.Scores measure(FloatMap map, int scored) throws Exception {
        try (CamSession cam = CamSession.builder().setModel(model).optKeepInputSize(true).build()) {
            Road road = new Road(new Predictor(cam.model(), 64), new ModelInput(cam.model().input()), 42, 0);
            return road.measure(List.of(halfWhite()), new int[] {scored}, List.of(map)).get(0);
        }
    }

    /**
     * The map ranks the white half first (7 - column). The map's 64 values tie in eights, so numpy's percentiles fall on
     * whole columns (or between two, at 50). MoRF at 10 removes every pixel (the 10th percentile is the lowest value,
     * 0): black. At 20..60 it removes columns 0..6 down to 0..3; the region's only known neighbours are in the next
     * column, black, so it imputes black: the canvas goes black. At 70..90 the region (columns 0..2, 0..1, 0) borders
     * white column 3 or 2 or 1: imputed white, the canvas unchanged. LeRF at 10 removes everything (black); at 20..60
     * columns 1..7 down to 4..7 border a white column: imputed white, the canvas goes white; at 70..90 columns 5..7,
     * 6..7, 7 border black: unchanged. So MoRF sees [black x6, half x3], LeRF [black, white x5, half x3], and
     * combined = ((black + 5 white + 3 half) - (6 black + 3 half)) / 18 = 5 (white - black) / 18.
     */
    @Test
    void aMapOnTheBrightHalfScoresFiveEighteenthsOfTheBrightnessEffect() throws Exception {
        Road.Scores s = measure(byColumn(x -> 7 - x));
        assertEquals(HALF, s.y(), FLOAT);
        assertArrayEquals(new double[] {BLACK, BLACK, BLACK, BLACK, BLACK, BLACK, HALF, HALF, HALF},
                s.mostRelevantFirst(), FLOAT);
        assertArrayEquals(new double[] {BLACK, WHITE, WHITE, WHITE, WHITE, WHITE, HALF, HALF, HALF},
                s.leastRelevantFirst(), FLOAT);
        assertEquals(6 * (BLACK - HALF) / 9, s.morf(), FLOAT);
        assertEquals((BLACK + 5 * WHITE - 6 * HALF) / 9, s.lerf(), FLOAT);
        assertEquals(5 * (WHITE - BLACK) / 18, s.combined(), FLOAT);
        assertEquals(0.13389, s.combined(), 1e-5);
    }

    /** The mirror map (ranking the black half first) swaps MoRF and LeRF: the same score, negative. */
    @Test
    void theMirrorMapScoresTheNegative() throws Exception {
        Road.Scores s = measure(byColumn(x -> x));
        assertArrayEquals(new double[] {BLACK, WHITE, WHITE, WHITE, WHITE, WHITE, HALF, HALF, HALF},
                s.mostRelevantFirst(), FLOAT);
        assertArrayEquals(new double[] {BLACK, BLACK, BLACK, BLACK, BLACK, BLACK, HALF, HALF, HALF},
                s.leastRelevantFirst(), FLOAT);
        assertEquals(-5 * (WHITE - BLACK) / 18, s.combined(), FLOAT);
    }

    /** The summary averages the canvases' scores, and the per-canvas values are what baselines are compared on. */
    @Test
    void theTallyAveragesCombinedScores() {
        FaithfulnessTally t = new FaithfulnessTally();
        t.addAll(List.of(new Faithfulness.Scores(0, 0, new double[] {1, 0}, new double[] {0, 1}),
                new Faithfulness.Scores(0, 0, new double[] {1, 0}, new double[] {0, 1})));
        double[] nine = new double[9];
        java.util.Arrays.fill(nine, 0.2);
        double[] ones = new double[9];
        java.util.Arrays.fill(ones, 1.0);
        // Canvas 1: MoRF -0.8, LeRF 0, combined 0.4; canvas 2: MoRF 0, LeRF 0, combined 0.
        t.addRoad(List.of(new Road.Scores(1, nine, ones), new Road.Scores(1, ones, ones)));
        assertArrayEquals(new double[] {0.4, 0}, t.values(Scoreboard.PerCanvas.ROAD_COMBINED), 1e-12);
        FaithfulnessSummary s = t.summary();
        assertEquals(-0.4, s.roadMostRelevantFirst(), 1e-12);
        assertEquals(0, s.roadLeastRelevantFirst(), 1e-12);
        assertEquals(0.2, s.roadCombined(), 1e-12);
        assertEquals(-0.4, s.roadMostRelevantCurve()[4], 1e-12);
    }

    /**
     * Thirty-two canvases, two whole groups of 16 (8x8 canvases are far below the value bound): each keeps its own
     * scores and place. Canvas i is a constant {@code 8 i} grey levels, which every imputation returns exactly (a
     * constant is its own weighted mean), so with no noise every MoRF and LeRF picture is the canvas and scores its Y,
     * and ROAD combined is 0. A stand-in model gives class 0 {@code 0.1 + 0.8 g}, g the mean of its input (pixel /
     * 255), class 1 the rest; even canvases are scored for class 0, odd ones for class 1. The map ranks the pixels by
     * index, all values distinct, so no percentile removes the whole picture. Tolerance: the model's input is float.
     */
    @Test
    void canvasesFillingWholeGroupsKeepTheirOwnScores() throws Exception {
        int n = 32;
        assertEquals(16, Road.groupSize(SIZE * SIZE, 1), "two groups");
        Classifier brightness = TwoClassStandIn.of((image, values) -> 0.1 + 0.8 * TwoClassStandIn.mean(values));
        List<Canvas> canvases = new java.util.ArrayList<>();
        List<FloatMap> maps = new java.util.ArrayList<>();
        int[] classes = new int[n];
        float[] byIndex = new float[SIZE * SIZE];
        for (int j = 0; j < byIndex.length; j++) {
            byIndex[j] = j;
        }
        for (int i = 0; i < n; i++) {
            float[] v = new float[SIZE * SIZE];
            java.util.Arrays.fill(v, 8 * i);
            canvases.add(new Canvas(i, 0, SIZE, v, new Box(0, 0, SIZE, SIZE), false));
            maps.add(new FloatMap(SIZE, SIZE, byIndex));
            classes[i] = i % 2;
        }
        Road road = new Road(brightness, new ModelInput(new InputSpec(SIZE, SIZE, 1, 1f / 255f, 0f, true)), 42, 0);
        List<Road.Scores> scores = road.measure(canvases, classes, maps);
        assertEquals(n, scores.size());
        for (int i = 0; i < n; i++) {
            double p = 0.1 + 0.8 * 8 * i / 255.0;
            double y = i % 2 == 0 ? p : 1 - p;
            Road.Scores s = scores.get(i);
            assertEquals(y, s.y(), 1e-6, "canvas " + i);
            for (int level = 0; level < Road.PERCENTILES.length; level++) {
                assertEquals(y, s.mostRelevantFirst()[level], 1e-6, "canvas " + i + " MoRF " + level);
                assertEquals(y, s.leastRelevantFirst()[level], 1e-6, "canvas " + i + " LeRF " + level);
            }
            assertEquals(0, s.combined(), 1e-6);
        }
    }

    /**
     * ROAD's groups are bounded as deletion's and insertion's are ({@link Faithfulness#GROUP_VALUES}, 64 Mi values),
     * for its 19 pictures a canvas (the canvas, one MoRF and one LeRF per percentile): 84x84 canvases stay at the cap
     * of 16; 600x600 grey ones, 6 840 000 values a canvas, fit 9 (67 108 864 / 6 840 000 = 9.8), colour ones 3 (3.3);
     * 3000x3000 canvases go one at a time (0.39). Exact integers.
     */
    @Test
    void groupsAreBoundedByTheValuesOfNineteenPicturesACanvas() {
        assertEquals(16, Road.groupSize(84 * 84, 3));
        assertEquals(9, Road.groupSize(600 * 600, 1));
        assertEquals(3, Road.groupSize(600 * 600, 3));
        assertEquals(1, Road.groupSize(3000 * 3000, 1));
    }
    /**
     * Class 1 scored on the real model, whose class-1 probability is {@code 1 - P}: every MoRF and LeRF picture read at
     * class 1's column of its own row, so each value is one minus the class-0 one of
     * {@link #aMapOnTheBrightHalfScoresFiveEighteenthsOfTheBrightnessEffect}, and ROAD combined its negative.
     */
    @Test
    void theScoredClassIsReadFromEachPicturesOwnRow() throws Exception {
        Road.Scores s = measure(byColumn(x -> 7 - x), 1);
        assertEquals(1 - HALF, s.y(), FLOAT);
        assertArrayEquals(new double[] {1 - BLACK, 1 - BLACK, 1 - BLACK, 1 - BLACK, 1 - BLACK, 1 - BLACK, 1 - HALF,
            1 - HALF, 1 - HALF}, s.mostRelevantFirst(), FLOAT);
        assertArrayEquals(new double[] {1 - BLACK, 1 - WHITE, 1 - WHITE, 1 - WHITE, 1 - WHITE, 1 - WHITE, 1 - HALF,
            1 - HALF, 1 - HALF}, s.leastRelevantFirst(), FLOAT);
        assertEquals(-5 * (WHITE - BLACK) / 18, s.combined(), FLOAT);
    }

    /**
     * The imputation's noise is seeded by the evaluation's seed: on a constant canvas of 100 grey levels, with
     * {@link Road#NOISE}, the imputed pictures are 100 plus noise on the removed pixels, and a stand-in model whose
     * class 0 is the picture's mean input shows it. One seed twice gives the same scores to the bit; seeds 1 and 2
     * give other noise, so other MoRF scores (their means over 6 to 58 noisy pixels of 2.55 grey levels differ unless
     * every draw does, which has probability 0). The canvas itself is not imputed: Y is 100 / 255 either way.
     */
    @Test
    void theNoiseIsSeededByTheEvaluationsSeed() throws Exception {
        Classifier meanInput = TwoClassStandIn.of((image, values) -> TwoClassStandIn.mean(values));
        float[] grey = new float[SIZE * SIZE];
        java.util.Arrays.fill(grey, 100);
        Canvas canvas = new Canvas(3, 0, SIZE, grey, new Box(0, 0, SIZE, SIZE), false);
        float[] byIndex = new float[SIZE * SIZE];
        for (int j = 0; j < byIndex.length; j++) {
            byIndex[j] = j;
        }
        ModelInput input = new ModelInput(new InputSpec(SIZE, SIZE, 1, 1f / 255f, 0f, true));
        double[][] morf = new double[3][];
        long[] seeds = {1, 1, 2};
        for (int i = 0; i < 3; i++) {
            Road.Scores s = new Road(meanInput, input, seeds[i], Road.NOISE).measure(List.of(canvas), new int[] {0},
                    List.of(new FloatMap(SIZE, SIZE, byIndex))).get(0);
            assertEquals(100 / 255.0, s.y(), 1e-6);
            morf[i] = s.mostRelevantFirst();
        }
        assertArrayEquals(morf[0], morf[1], 0, "one seed, one noise");
        for (int level = 0; level < Road.PERCENTILES.length; level++) {
            assertTrue(morf[0][level] != morf[2][level], "seeds 1 and 2 gave one MoRF score at percentile "
                    + Road.PERCENTILES[level]);
        }
    }
}
