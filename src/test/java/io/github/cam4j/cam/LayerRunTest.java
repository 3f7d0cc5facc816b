package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cam4j.savedmodel.AblationFeed;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.FinerComparison;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TestDigits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Several target layers through one load and one run per batch ({@link LayerRun}, {@code CamModelLoader.loadAtLayers}):
 * the same fused maps as each layer's model opened and run on its own, on the bundled pooled model's three
 * convolutions (28x28, 14x14 and 7x7 cells).
 */
class LayerRunTest {
    private static final Path MODEL = SharedData.bundledModels().resolve("mnist-pooled");
    private static final List<String> THREE = List.of("conv2d/Relu", "conv2d_1/Relu", "conv2d_2/Relu");
    /** Digits per batch: above {@code BatchRun}'s parallel threshold (8), so the maps are made as a real batch's. */
    private static final int DIGITS = 10;

    private static float[] digits(CamModel model) throws Exception {
        return TestDigits.asModelInput(model, DIGITS);
    }

    private static Target target(String name) {
        return switch (name) {
            case "predicted" -> Target.predicted();
            case "top3" -> Target.topK(3);
            default -> Target.of(Integer.parseInt(name));
        };
    }

    /**
     * The fused maps, classes and probabilities equal, to the bit, those of the fusion over runs made apart, each layer's
     * model loaded on its own at its layer and run on its own (what {@code optLayers} did before): the shared run
     * fetches the same tensors. Tolerance 0: the same graph's ops on the same input, and one layer's map off by a
     * rounding in its scaling would show. Smooth Grad-CAM++ (torch-cam's defaults: 4 noisy copies, std 0.3, seed 0):
     * each layer's own session draws the same noisy copies from the seed and runs them at its layer, the shared one
     * runs them once for all three layers; tolerance 0 too, as the copies and the ops are the same.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GRAD_CAM, predicted", "GRAD_CAM_PLUS_PLUS, top3", "LAYER_CAM, 3", "FINER_CAM, predicted", "SHAPLEY_CAM, top3",
        "SCORE_CAM, top3", "EIGEN_CAM, predicted", "ABLATION_CAM, 2", "SMOOTH_GRAD_CAM_PLUS_PLUS, predicted",
        "SMOOTH_GRAD_CAM_PLUS_PLUS, top3"})
    void theSharedRunFusesTheMapsOfLayersRunApart(String method, String targetName) throws Exception {
        boolean scoreCam = method.equals("SCORE_CAM");
        boolean eigenCam = method.equals("EIGEN_CAM");
        boolean ablationCam = method.equals("ABLATION_CAM");
        boolean gradient = !scoreCam && !eigenCam && !ablationCam;
        LoadOptions options = LoadOptions.defaults().withGradients(gradient ? GradientWeighting.valueOf(method)
                : GradientWeighting.GRAD_CAM);
        Target target = target(targetName);
        List<CamModel> apart = new ArrayList<>();
        try (CamSession shared = CamSession.builder().setModel(MODEL).optLoadOptions(options).optScoreCam(scoreCam)
                .optEigenCam(eigenCam).optAblationCam(ablationCam).optLayers(THREE).build()) {
            List<AugSmoothing.Runs> runs = new ArrayList<>();
            for (String layer : THREE) {
                CamModel model = CamModelLoader.load(MODEL, options.withFoundOverrides(layer, null));
                apart.add(model);
                runs.add(new BatchRun(model, true, scoreCam, 0, eigenCam ? FeatureMethod.eigenCam() : null, false,
                        ablationCam ? AblationFeed.of(model) : null, false, FinerComparison.DEFAULT,
                        FinerBase.DEFAULT, null, null,
                        SmoothGradNoise.DEFAULT)::run);
            }
            float[] pixels = digits(shared.model());
            int[][] sizes = new int[DIGITS][];
            Arrays.fill(sizes, new int[] {28, 28});
            List<ImageExplanation> expected = new LayerFusion(apart.get(0), runs).explain(pixels, DIGITS, 28, 28, target,
                    sizes, new InputFrame[DIGITS], null);
            List<ImageExplanation> got = shared.explainPixels(pixels, DIGITS, 28, 28, target);
            for (int i = 0; i < DIGITS; i++) {
                assertArrayEquals(expected.get(i).probabilities(), got.get(i).probabilities(), "digit " + i);
                assertEquals(expected.get(i).maps().size(), got.get(i).maps().size());
                for (int r = 0; r < got.get(i).maps().size(); r++) {
                    CamResult want = expected.get(i).maps().get(r);
                    CamResult have = got.get(i).maps().get(r);
                    assertEquals(want.classIndex(), have.classIndex(), "digit " + i + ", rank " + r);
                    assertArrayEquals(want.rawMap().values(), have.rawMap().values(), 0f, "digit " + i + ", rank " + r);
                }
            }
        } finally {
            apart.forEach(CamModel::close);
        }
    }

    /**
     * The model is loaded once: every layer's gradient ops are in the first layer's graph (each layer's own load had
     * its own graph, holding only its own), and a batch is one run whatever the number of layers; a top-3 target one
     * more run per further class, for all layers together.
     */
    @Test
    void threeLayersAreOneLoadAndOneRunPerBatch() throws Exception {
        try (CamSession session = CamSession.builder().setModel(MODEL).optLoadOptions(LoadOptions.defaults().withGradCam())
                .optLayers(THREE).build()) {
            var graph = session.model().session().graph();
            assertNotNull(graph.operation("cam4j_gradcam/class_weights"));
            assertNotNull(graph.operation("cam4j_gradcam_1/class_weights"), "the second layer's gradients");
            assertNotNull(graph.operation("cam4j_gradcam_2/class_weights"), "the third layer's gradients");
            assertNull(graph.operation("cam4j_gradcam_3/class_weights"), "one set of gradient ops per layer");
            float[] pixels = digits(session.model());
            session.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            assertEquals(1, session.fusedModelRuns(), "one batch, predicted classes");
            session.explainPixels(pixels, DIGITS, 28, 28, Target.of(4));
            assertEquals(2, session.fusedModelRuns(), "one batch, a given class");
            session.explainPixels(pixels, DIGITS, 28, 28, Target.topK(3));
            assertEquals(5, session.fusedModelRuns(), "one batch, three classes each");
        }
    }

    /**
     * Smooth Grad-CAM++ at three layers runs each noisy copy once for all of them, as torch-cam's
     * {@code SmoothGradCAMpp(model, [a, b, c])} does: a batch is the clean run plus one run per copy (3 here), per set of
     * classes asked, where a run per layer and copy would be 1 + 3 x 3. The runs are counted where the session runs
     * ({@code LayerRun.runs}, {@code SmoothGradPlusPlus.maps}'s after-run hook), the count the other methods' one run
     * per batch is checked by above.
     */
    @Test
    void smoothGradCamPlusPlusRunsEachNoisyCopyOnceForAllLayers() throws Exception {
        int copies = 3;
        try (CamSession session = CamSession.builder().setModel(MODEL).optLoadOptions(LoadOptions.defaults()
                .withGradients(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS)).optSmoothGradNoise(new SmoothGradNoise(
                        copies, 0.3, 7)).optLayers(THREE).build()) {
            float[] pixels = digits(session.model());
            session.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            assertEquals(1 + copies, session.fusedModelRuns(), "one batch, predicted classes");
            session.explainPixels(pixels, DIGITS, 28, 28, Target.of(4));
            assertEquals(2 * (1 + copies), session.fusedModelRuns(), "one batch, a given class");
            session.explainPixels(pixels, DIGITS, 28, 28, Target.topK(3));
            assertEquals(2 * (1 + copies) + 1 + 3 * copies, session.fusedModelRuns(), "one batch, three classes each");
        }
    }
}
