package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.TensorNames;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Occlusion sensitivity by hand, on a real graph whose class 1 reads one region only: an 8x8 grey input in [0, 1]
 * (pixels / 255), logits {@code [0, S / 4]}, {@code S} the sum of the input over rows 4..7, columns 0..3 (the bottom-left
 * quarter), softmax. On a white picture {@code S = 16}, so {@code p_1 = sigmoid(4)}; a tile painted 127.5 (0.5 on the
 * input) inside the quarter lowers {@code S} by half its pixels there, and a tile elsewhere changes nothing.
 */
class OcclusionTest {
    private static final InputSpec SPEC = new InputSpec(8, 8, 1, 1f / 255f, 0f, false);

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * The graph above; its features (the input itself) only satisfy a gradient method's opening, whose gradients
     * occlusion never runs.
     */
    private static void graph(Graph g) {
        Ops tf = Ops.create(g);
        var x = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, 1)));
        tf.withName("features").identity(x);
        float[][] weights = new float[64][2];
        for (int y = 4; y < 8; y++) {
            for (int c = 0; c < 4; c++) {
                weights[y * 8 + c][1] = 0.25f;
            }
        }
        tf.withName("logits").linalg.matMul(tf.reshape(x, tf.constant(new int[] {-1, 64})), tf.constant(weights));
    }

    /** Builds the graph, then a session over it explaining by {@code occlusion}. */
    private static CamSession open(Graph g, Session s, Occlusion occlusion) throws Exception {
        graph(g);
        CamModel model = CamModel.fromSessionByGradients(s, new TensorNames("images", "features", "logits", null),
                ClassifierActivation.SOFTMAX, SPEC, null, GradientWeighting.GRAD_CAM);
        return CamSession.builder().setModel(model).optInvert(Invert.NEVER).optOcclusion(occlusion).build();
    }

    private static Mat white(int side) {
        return new Mat(side, side, opencv_core.CV_8UC1, new Scalar(255));
    }

    /**
     * Patches of 4 tile the input in 2x2; only the bottom-left tile lies in the region, and painting it grey halves
     * {@code S}: {@code 1 - sigmoid(2)} there, {@code 1 - sigmoid(4)} elsewhere, to float rounding (1e-6). On the
     * picture, the normalised map is 1 from the bottom-left tile's centre outwards and 0 from the others' (the map is
     * flat beyond the outer tile centres).
     */
    @Test
    void theMapIsHighExactlyWhereTheClassReads() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g); CamSession cam = open(g, s, Occlusion.of(4));
                Mat picture = white(8)) {
            CamResult r = cam.explain(picture);
            assertEquals(1, r.classIndex());
            assertEquals(sigmoid(4), r.probability(), 1e-6);
            float low = (float) (1 - sigmoid(4));
            float high = (float) (1 - sigmoid(2));
            assertEquals(2, r.rawMap().height());
            assertEquals(2, r.rawMap().width());
            assertArrayEquals(new float[] {low, low, high, low}, r.rawMap().values(), 1e-6f);
            FloatMap map = r.map();
            assertEquals(1f, map.get(7, 0), 1e-6f);
            assertEquals(1f, map.get(6, 1), 1e-6f);
            assertEquals(0f, map.get(0, 7), 1e-6f);
            assertEquals(0f, map.get(1, 1), 1e-6f);
            assertEquals(0f, map.get(7, 7), 1e-6f);
        }
    }

    /**
     * A 1x1 picture, fed as the white 8x8 input: its one pixel lies at the input's centre, where the four tiles' values
     * meet, (3 low + high) / 4 of the map above, positive. Its map, positive map and box agree that the pixel holds the
     * map's maximum: map() was 0 there (the min-max of one value) while positiveMap() was 1 and box(0.2) the pixel.
     */
    @Test
    void aOnePixelPictureHoldsTheMapsMaximumInEveryForm() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g); CamSession cam = open(g, s, Occlusion.of(4));
                Mat picture = white(1)) {
            CamResult r = cam.explain(picture);
            assertTrue(r.hasEvidence(), "the tiles differ");
            assertArrayEquals(new float[] {1f}, r.map().values());
            assertArrayEquals(new float[] {1f}, r.positiveMap().values());
            assertEquals(java.util.Optional.of(new io.github.cam4j.render.Box(0, 0, 1, 1)), r.box(0.2));
            assertArrayEquals(new int[] {0, 0}, r.peak());
        }
    }

    /**
     * Patches of 3 tile the 8x8 input in 3x3, the last row and column cut to 2 pixels, as tf-explain's slicing cuts
     * them; painted 0 ({@code withFill(0)}, fed as 0), a tile removes all its pixels inside the region: the tiles
     * at rows 3..5 and 6..7, columns 0..2, hold 6 of them ({@code S = 10}), those at columns 3..5 two ({@code S = 14}).
     */
    @Test
    void cutTilesAndAnotherFillAreCountedPixelByPixel() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamSession cam = open(g, s, Occlusion.of(3).withFill(0)); Mat picture = white(8)) {
            CamResult r = cam.explain(picture);
            float none = (float) (1 - sigmoid(4));
            float six = (float) (1 - sigmoid(2.5));
            float two = (float) (1 - sigmoid(3.5));
            assertArrayEquals(new float[] {none, none, none, six, two, none, six, two, none}, r.rawMap().values(),
                    1e-6f);
        }
    }

    /**
     * Every class gets its own map from the same runs: class 0's probability is {@code 1 - p_1}, so its map is
     * {@code p_1} tile by tile, the complement of class 1's. Pictures explained together (their copies share runs) get
     * the maps they get alone, and a 16x16 picture, fed at 8x8, gets its map on its own pixels, peaking in its
     * bottom-left quarter.
     */
    @Test
    void topClassesAndBatchedPicturesGetTheMapsTheyGetAlone() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g); CamSession cam = open(g, s, Occlusion.of(2));
                Mat white = white(8); Mat large = white(16); Mat dark = new Mat(8, 8, opencv_core.CV_8UC1,
                        new Scalar(40))) {
            List<ImageExplanation> together = cam.explain(List.of(white, large, dark), Target.topK(2));
            float[] one = together.get(0).maps().get(0).rawMap().values();
            float[] zero = together.get(0).maps().get(1).rawMap().values();
            assertEquals(16, one.length);
            for (int t = 0; t < one.length; t++) {
                assertEquals(1f, one[t] + zero[t], 1e-6f, "tile " + t);
            }
            for (int i = 0; i < 3; i++) {
                Mat alone = i == 0 ? white : i == 1 ? large : dark;
                CamResult single = cam.explain(alone);
                assertArrayEquals(single.rawMap().values(), together.get(i).first().rawMap().values(), 1e-6f,
                        "picture " + i);
            }
            FloatMap onLarge = together.get(1).first().map();
            assertEquals(16, onLarge.height());
            assertEquals(1f, onLarge.get(15, 0), 1e-6f);
            assertEquals(0f, onLarge.get(0, 15), 1e-6f);
        }
    }

    @Test
    void aPatchBelowOneOrLargerThanTheInputIsRefused() throws Exception {
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> Occlusion.of(0));
        assertTrue(zero.getMessage().contains("at least 1 pixel, got 0"), zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Occlusion.of(4).withFill(256));
        try (Graph g = new Graph(); Session s = new Session(g)) {
            IllegalArgumentException large = assertThrows(IllegalArgumentException.class, () -> open(g, s,
                    Occlusion.of(9)));
            assertTrue(large.getMessage().contains("the occlusion patch of 9 pixels is larger than model graph's 8x8 input;"
                    + " give a patch of at most 8 pixels"), large.getMessage());
        }
    }

    @Test
    void occlusionExcludesEigenSmoothingAndTheOtherMethods() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            graph(g);
            CamModel model = CamModel.fromSessionByGradients(s, new TensorNames("images", "features", "logits", null),
                    ClassifierActivation.SOFTMAX, SPEC, null, GradientWeighting.GRAD_CAM);
            IllegalArgumentException smooth = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                    .setModel(model).optOcclusion(Occlusion.of(4)).optEigenSmooth(true).build());
            assertTrue(smooth.getMessage().contains("occlusion weighs none"), smooth.getMessage());
            IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                    .setModel(model).optOcclusion(Occlusion.of(4)).optScoreCam(true).build());
            assertTrue(both.getMessage().contains("exclude each other"), both.getMessage());
        }
    }
}
