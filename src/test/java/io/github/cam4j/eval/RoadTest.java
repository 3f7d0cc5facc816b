package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
        try (CamSession cam = CamSession.builder().setModel(model).optKeepInputSize(true).build()) {
            Road road = new Road(new Predictor(cam.model(), 64), new ModelInput(cam.model().input()), 42, 0);
            return road.measure(List.of(halfWhite()), new int[] {0}, List.of(map)).get(0);
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
}
