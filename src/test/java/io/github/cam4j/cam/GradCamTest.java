package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.NotCamReadyException;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Grad-CAM (Selvaraju et al. 2017) through the same session: gradients of the class's logit at the features, taken
 * by TensorFlow in the model's own graph.
 */
class GradCamTest {
    private static final int DIGITS = 64;
    private static final Path FLATTEN_DENSE = SharedData.kerasSavedModels().resolve("mnist-flatten-dense");
    private static LabeledImages test;
    private static float[] pixels;

    @BeforeAll
    static void digits() throws Exception {
        test = Dataset.open(SharedData.mnist()).test();
        pixels = new float[DIGITS * 784];
        for (int i = 0; i < DIGITS; i++) {
            System.arraycopy(test.imageAsFloats(i), 0, pixels, i * 784, 784);
        }
    }

    private static Path model(String name) {
        return name.startsWith("mnist-conv") ? SharedData.kerasSavedModels().resolve(name)
                : SharedData.bundledModels().resolve(name);
    }

    /**
     * For a model ending in global average pooling and a linear classifier, d logit_c / d f_k(y, x) is the kernel's
     * w_kc over the h x w cells, the same at every cell, so Grad-CAM's map is CAM's positive part over h x w. This
     * compares TensorFlow's gradients with the kernel, per cell, on real digits.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mnist-pooled", "mnist-unpooled", "mnist-conv-head-gap"})
    void onACamReadyModelGradCamIsCamsPositivePart(String name) throws Exception {
        float scale = name.startsWith("mnist-conv") ? 255f : 1f; // the Keras model rescales raw pixels itself
        float[] fed = pixels.clone();
        for (int i = 0; i < fed.length; i++) {
            fed[i] *= scale;
        }
        List<ImageExplanation> cam;
        List<ImageExplanation> grad;
        try (CamSession s = CamSession.builder().setModel(model(name)).build()) {
            cam = s.explainPixels(fed, DIGITS, 28, 28, Target.predicted());
        }
        try (CamSession s = CamSession.builder().setModel(model(name)).optLoadOptions(LoadOptions.defaults().withGradCam())
                .build()) {
            assertTrue(s.model().gradients().isPresent());
            grad = s.explainPixels(fed, DIGITS, 28, 28, Target.predicted());
        }
        for (int i = 0; i < DIGITS; i++) {
            assertEquals(cam.get(i).predicted(), grad.get(i).predicted(), "digit " + i);
            assertArrayEquals(cam.get(i).probabilities(), grad.get(i).probabilities(), 1e-6f, "digit " + i);
            FloatMap c = cam.get(i).first().rawMap();
            FloatMap g = grad.get(i).first().rawMap();
            int cells = c.height() * c.width();
            float largest = Math.max(c.max(), -c.min()) / cells;
            for (int p = 0; p < cells; p++) {
                float expected = Math.max(0f, c.values()[p]) / cells;
                // float32 rounding of K-term dot products with slightly different weights (w / cells vs w): 1e-5 of
                // the map's scale; a wrong gradient (another class, the sum instead of the mean) is off by far more.
                assertEquals(expected, g.values()[p], 1e-5f * largest + 1e-9f, name + " digit " + i + " cell " + p);
            }
        }
    }

    /**
     * A model opened for a gradient method may have a crop (Score-CAM's masked runs take it), but its gradient over a
     * crop's cells is not the whole picture's: a mostly blank picture is fed whole, with or without optSkipBlank.
     */
    @Test
    void aMostlyBlankPictureIsFedWholeToTheGradients() throws Exception {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        float[] canvas = new float[84 * 84];
        for (int r = 0; r < 28; r++) {
            System.arraycopy(pixels, r * 28, canvas, (28 + r) * 84 + 28, 28);
        }
        try (CamSession skipping = CamSession.builder().setModel(pooled).optKeepInputSize(true)
                .optLoadOptions(LoadOptions.defaults().withGradCam()).build();
                CamSession whole = CamSession.builder().setModel(pooled).optKeepInputSize(true)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).optSkipBlank(false).build()) {
            assertTrue(skipping.model().localFeatures().isPresent());
            ImageExplanation a = skipping.explainPixels(canvas, 1, 84, 84, Target.predicted()).get(0);
            ImageExplanation b = whole.explainPixels(canvas, 1, 84, 84, Target.predicted()).get(0);
            // One run on the same whole picture: the same values to the bit.
            assertArrayEquals(b.first().rawMap().values(), a.first().rawMap().values(), 0f);
            assertArrayEquals(b.probabilities(), a.probabilities(), 0f);
        }
    }

    /**
     * Grad-CAM++ in closed form on the pooled model: the gradient at every cell is {@code g_k = w_kc / (h·w)}, so a
     * channel's weight is {@code h·w · g^3 / (2 g^2 + S_k g^3 + 1e-6)} for {@code g > 0}, else 0, with {@code S_k} the
     * channel's activations summed over the cells. Computed here from the kernel and the fetched features, compared with
     * the session's map, which comes from TensorFlow's gradients.
     */
    @Test
    void gradCamPlusPlusMatchesItsClosedFormOnACamReadyModel() throws Exception {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        io.github.cam4j.savedmodel.ClassifierWeights kernel;
        try (CamSession cam = CamSession.builder().setModel(pooled).build()) {
            kernel = cam.model().weights();
        }
        try (CamSession s = CamSession.builder().setModel(pooled)
                .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).build()) {
            List<ImageExplanation> e = s.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            float[] features;
            long[] shape;
            try (org.tensorflow.types.TFloat32 x = io.github.cam4j.model.TensorData.floats(
                    org.tensorflow.ndarray.Shape.of(DIGITS, 28, 28, 1), pixels);
                    org.tensorflow.Result r = s.model().session().runner().feed(s.model().tensors().input(), x)
                            .fetch(s.model().tensors().features()).run()) {
                shape = r.get(0).shape().asArray();
                features = io.github.cam4j.model.TensorData.toArray(r.get(0));
            }
            int cells = (int) (shape[1] * shape[2]);
            int channels = (int) shape[3];
            for (int i = 0; i < DIGITS; i++) {
                int c = e.get(i).predicted();
                double[] weight = new double[channels];
                for (int k = 0; k < channels; k++) {
                    double g = kernel.column(c)[k] / (double) cells;
                    double sum = 0;
                    for (int p = 0; p < cells; p++) {
                        sum += features[(i * cells + p) * channels + k];
                    }
                    weight[k] = g > 0 ? cells * g * g * g / (2 * g * g + sum * g * g * g + 1e-6) : 0;
                }
                float[] map = e.get(i).first().rawMap().values();
                double scale = 0;
                double[] expected = new double[cells];
                for (int p = 0; p < cells; p++) {
                    for (int k = 0; k < channels; k++) {
                        expected[p] += weight[k] * features[(i * cells + p) * channels + k];
                    }
                    expected[p] = Math.max(0, expected[p]);
                    scale = Math.max(scale, expected[p]);
                }
                for (int p = 0; p < cells; p++) {
                    // float32 gradients and sums against this double arithmetic: 1e-4 of the map's scale.
                    assertEquals(expected[p], map[p], 1e-4 * scale + 1e-12, "digit " + i + " cell " + p);
                }
            }
        }
    }

    @Test
    void anApplicationsOwnSessionIsExplainedByGradientsWithoutBeingClosed() throws Exception {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        List<ImageExplanation> cam;
        try (CamSession s = CamSession.builder().setModel(pooled).build()) {
            cam = s.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
        }
        try (org.tensorflow.SavedModelBundle bundle = org.tensorflow.SavedModelBundle.load(pooled.toString(), "serve")) {
            io.github.cam4j.savedmodel.TensorNames names = new io.github.cam4j.savedmodel.TensorNames("images", "features",
                    "logits", "probabilities");
            try (io.github.cam4j.savedmodel.CamModel model = io.github.cam4j.savedmodel.CamModel.fromSessionByGradients(
                    bundle.session(), names, io.github.cam4j.savedmodel.ClassifierActivation.SOFTMAX,
                    io.github.cam4j.savedmodel.InputSpec.mnist(), null, GradientWeighting.GRAD_CAM);
                    CamSession s = CamSession.builder().setModel(model).build()) {
                List<ImageExplanation> grad = s.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
                for (int i = 0; i < DIGITS; i++) {
                    FloatMap c = cam.get(i).first().rawMap();
                    FloatMap g = grad.get(i).first().rawMap();
                    int cells = c.height() * c.width();
                    for (int p = 0; p < cells; p++) {
                        assertEquals(Math.max(0f, c.values()[p]) / cells, g.values()[p], 1e-5f * c.max() / cells + 1e-9f);
                    }
                }
            }
            // The application's session still runs.
            try (org.tensorflow.types.TFloat32 x = io.github.cam4j.model.TensorData.floats(
                    org.tensorflow.ndarray.Shape.of(1, 28, 28, 1), java.util.Arrays.copyOf(pixels, 784));
                    org.tensorflow.Result r = bundle.session().runner().feed("images", x).fetch("probabilities").run()) {
                assertEquals(10, r.get(0).shape().get(1));
            }
        }
    }

    /**
     * XGrad-CAM's weights on a case worked by hand: two cells, two channels. Channel 0 has gradients 1 and 3 where its
     * activations are 1 and 3, so its weight is (1·1 + 3·3) / (1 + 3) = 2.5; channel 1 is silent in both cells, so
     * whatever its gradients, its weight is 0 (0 / (0 + 1e-7)), not a division by zero.
     */
    @Test
    void xGradCamWeighsTheGradientByTheChannelsOwnActivations() {
        float[] gradient = {1f, 2f, 3f, -1f}; // cell-major: cell 0 (k0, k1), cell 1 (k0, k1)
        float[] activations = {1f, 0f, 3f, 0f};
        assertArrayEquals(new float[] {2.5f, 0f}, GradientBatch.activationWeighted(gradient, activations, 2, 2), 1e-6f);
    }

    /**
     * XGrad-CAM's epsilon is added to the channel's activation sum, as pytorch-grad-cam's {@code xgrad_cam.py} does
     * ({@code sum_activations + 1e-7}): a channel whose activations cancel over the cells (1 and -1, as after a batch
     * normalisation) with gradients 1 and 0 weighs 1·1 / (0 + 1e-7) = 1e7, positive. Subtracted, the weight would be
     * -1e7. Tolerance: one float's rounding of 1e7 (1e7 is exact in float; the double quotient is within 1e-9 of it).
     */
    @Test
    void xGradCamAddsItsEpsilonToTheActivationSum() {
        float[] gradient = {1f, 0f};
        float[] activations = {1f, -1f};
        assertArrayEquals(new float[] {1e7f}, GradientBatch.activationWeighted(gradient, activations, 2, 1), 1f);
    }

    /**
     * Grad-CAM++'s weights (pytorch-grad-cam's {@code grad_cam_plusplus.py}: {@code aij = g^2 / (2 g^2 + S g^3 + 1e-6)},
     * {@code w = sum ReLU(g) aij}, S the channel's activations summed over the cells) on two cells of three channels,
     * worked by hand. Channel 0: activations 1 and 3 (S = 4), gradients 1 and 2: 1 / (2 + 4) + 8 / (8 + 32) = 1/6 + 1/5
     * = 11/30. Channel 1: activations 2 and 0 (S = 2), gradients -1 (cut by the ReLU) and 0.5: 0.125 / (0.5 + 0.25) =
     * 1/6. Channel 2: activations -1 and -1 (S = -2), gradients 1 and 0: 2 g^2 + S g^3 is 0 at g = 1, so the epsilon
     * alone is the denominator, 1 / 1e-6 = 1e6 (pytorch-grad-cam's epsilon, not XGrad-CAM's 1e-7, which gives 1e7);
     * the zero gradient adds nothing. Each channel reads its own cells: a weight computed from one cell twice (1/3 for
     * channel 0) or from another channel's values differs. Tolerance: the epsilon moves 1/6 and 1/5 by under 3e-8, and
     * float rounding is 3e-8 at 0.37; 1e-6 absolute for the first two, 1 for 1e6.
     */
    @Test
    void gradCamPlusPlusWeightsWorkedByHand() {
        float[] gradient = {1f, -1f, 1f, 2f, 0.5f, 0f}; // cell-major: cell 0 (k0, k1, k2), cell 1 (k0, k1, k2)
        float[] activations = {1f, 2f, -1f, 3f, 0f, -1f};
        float[] w = GradientBatch.plusPlus(gradient, activations, 2, 3);
        assertEquals(11 / 30.0, w[0], 1e-6);
        assertEquals(1 / 6.0, w[1], 1e-6);
        assertEquals(1e6, w[2], 1);
    }

    /**
     * HiResCAM's and LayerCAM's cell-by-cell sums on a case worked by hand: cell 0 has gradients (2, -1) and activations
     * (1, 4), so HiResCAM gives 2·1 - 1·4 = -2 and LayerCAM, dropping the negative gradient, 2; cell 1 has gradients
     * (0.5, 3) and activations (2, 1): 4 for both.
     */
    @Test
    void hiResCamAndLayerCamWeighEachCellByItsOwnGradient() {
        float[] gradient = {2f, -1f, 0.5f, 3f};
        float[] activations = {1f, 4f, 2f, 1f};
        assertArrayEquals(new float[] {-2f, 4f}, GradientBatch.cellByCell(
                gradient, activations, 2, 2, GradientWeighting.HIRES_CAM), 1e-6f);
        assertArrayEquals(new float[] {2f, 4f}, GradientBatch.cellByCell(
                gradient, activations, 2, 2, GradientWeighting.LAYER_CAM), 1e-6f);
    }

    /**
     * Grad-CAM element-wise (pytorch-grad-cam's {@code np.maximum(grads * activations, 0).sum(axis=1)}) on a case
     * worked by hand, three cells of two channels. Cell 0, gradients (2, -1) and activations (1, 4): the products 2 and
     * -4 give HiResCAM -2 (0 after its ReLU), here 2 + 0 = 2. Cell 1, gradients (-1, 3) and activations (-3, 1): the
     * products 3 and 3 give 6, where LayerCAM, dropping the negative gradient, gives 0 + 3 = 3 (a negative activation,
     * as after a batch normalisation or a residual Add). Cell 2, gradients (0.5, -2) and activations (2, -1): products 1
     * and 2, so 3 for both this and HiResCAM, LayerCAM 1.
     */
    @Test
    void gradCamElementWiseCutsEachChannelsProductAtZeroBeforeSumming() {
        float[] gradient = {2f, -1f, -1f, 3f, 0.5f, -2f};
        float[] activations = {1f, 4f, -3f, 1f, 2f, -1f};
        assertArrayEquals(new float[] {2f, 6f, 3f}, GradientBatch.cellByCell(
                gradient, activations, 3, 2, GradientWeighting.GRAD_CAM_ELEMENT_WISE), 1e-6f);
        assertArrayEquals(new float[] {-2f, 6f, 3f}, GradientBatch.cellByCell(
                gradient, activations, 3, 2, GradientWeighting.HIRES_CAM), 1e-6f);
        assertArrayEquals(new float[] {2f, 3f, 1f}, GradientBatch.cellByCell(
                gradient, activations, 3, 2, GradientWeighting.LAYER_CAM), 1e-6f);
    }

    /**
     * Where the features are never negative (a ReLU's output, as every layer of the bundled models), {@code ReLU(g f)}
     * is {@code ReLU(g) f}: Grad-CAM element-wise's map is LayerCAM's, to the bit, at the last convolution of both
     * bundled models and at the pooled model's second one. On the pooled model, ending in global average pooling, it is
     * moreover CAM's positive parts summed: {@code sum_k ReLU(w_kc) f_k(y, x) / (h·w)}, the kernel's positive weights
     * only, computed here from the kernel and the fetched features.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mnist-pooled", "mnist-unpooled", "mnist-pooled conv2d_1/Relu"})
    void onReluFeaturesGradCamElementWiseIsLayerCam(String which) throws Exception {
        String[] parts = which.split(" ");
        Path model = SharedData.bundledModels().resolve(parts[0]);
        String layer = parts.length > 1 ? parts[1] : null;
        List<ImageExplanation> layerCam = explain(model, GradientWeighting.LAYER_CAM, layer);
        List<ImageExplanation> elementWise = explain(model, GradientWeighting.GRAD_CAM_ELEMENT_WISE, layer);
        for (int i = 0; i < DIGITS; i++) {
            assertArrayEquals(layerCam.get(i).first().rawMap().values(), elementWise.get(i).first().rawMap().values(), 0f,
                    which + " digit " + i);
        }
        if (!which.equals("mnist-pooled")) {
            return;
        }
        io.github.cam4j.savedmodel.ClassifierWeights kernel;
        float[] features;
        long[] shape;
        try (CamSession cam = CamSession.builder().setModel(model).build();
                org.tensorflow.types.TFloat32 x = io.github.cam4j.model.TensorData.floats(
                        org.tensorflow.ndarray.Shape.of(DIGITS, 28, 28, 1), pixels);
                org.tensorflow.Result r = cam.model().session().runner().feed(cam.model().tensors().input(), x)
                        .fetch(cam.model().tensors().features()).run()) {
            kernel = cam.model().weights();
            shape = r.get(0).shape().asArray();
            features = io.github.cam4j.model.TensorData.toArray(r.get(0));
        }
        int cells = (int) (shape[1] * shape[2]);
        int channels = (int) shape[3];
        for (int i = 0; i < DIGITS; i++) {
            float[] w = kernel.column(elementWise.get(i).predicted());
            float[] map = elementWise.get(i).first().rawMap().values();
            double[] expected = new double[cells];
            double scale = 0;
            for (int p = 0; p < cells; p++) {
                for (int k = 0; k < channels; k++) {
                    expected[p] += Math.max(0, w[k]) * (double) features[(i * cells + p) * channels + k] / cells;
                }
                scale = Math.max(scale, expected[p]);
            }
            for (int p = 0; p < cells; p++) {
                // TensorFlow's float32 gradient (w / cells) against this double arithmetic: 1e-5 of the map's scale.
                assertEquals(expected[p], map[p], 1e-5 * scale + 1e-12, "digit " + i + " cell " + p);
            }
        }
    }

    /**
     * On a model ending in global average pooling, every cell's gradient of channel k is {@code w_kc / (h·w)}. XGrad-CAM's
     * activation-weighted average of it is that same value, and HiResCAM's cell-by-cell sum is CAM over {@code h·w}: the
     * maps of both are Grad-CAM's. Compared per cell on the pooled model's digits, all from TensorFlow's gradients.
     */
    @ParameterizedTest
    @ValueSource(strings = {"XGRAD_CAM", "HIRES_CAM"})
    void onACamReadyModelXGradCamAndHiResCamAreGradCam(String method) throws Exception {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        List<ImageExplanation> grad = explain(pooled, GradientWeighting.GRAD_CAM);
        List<ImageExplanation> other = explain(pooled, GradientWeighting.valueOf(method));
        for (int i = 0; i < DIGITS; i++) {
            float[] g = grad.get(i).first().rawMap().values();
            float[] x = other.get(i).first().rawMap().values();
            float scale = grad.get(i).first().rawMap().max();
            for (int p = 0; p < g.length; p++) {
                // Equal up to float rounding of sums taken in another order (and XGrad-CAM's 1e-7 over a channel's sum).
                assertEquals(g[p], x[p], 1e-4f * scale + 1e-9f, method + " digit " + i + " cell " + p);
            }
        }
    }

    private static List<ImageExplanation> explain(Path model, GradientWeighting weighting) throws Exception {
        return explain(model, weighting, null);
    }

    /** @param layer the features' tensor, or null for the model's own */
    private static List<ImageExplanation> explain(Path model, GradientWeighting weighting, String layer)
            throws Exception {
        LoadOptions options = LoadOptions.defaults().withGradients(weighting);
        try (CamSession s = CamSession.builder().setModel(model)
                .optLoadOptions(layer == null ? options : options.withFoundOverrides(layer, null)).build()) {
            return s.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
        }
    }

    /**
     * Where the gradient differs from cell to cell (Flatten then Dense), XGrad-CAM, HiResCAM, LayerCAM and Grad-CAM
     * element-wise are not Grad-CAM (and Grad-CAM element-wise is not HiResCAM). Each definition is recomputed here in double from the features and the predicted class's gradient,
     * fetched from the same session, and compared with the session's maps; and LayerCAM on the pooled model, where the
     * gradient is the kernel over the cells, {@code ReLU(sum_k ReLU(w_kc) f_k) / (h·w)}, is a form that differs from
     * Grad-CAM's there too.
     */
    @ParameterizedTest
    @ValueSource(strings = {"XGRAD_CAM", "HIRES_CAM", "LAYER_CAM", "LAYER_CAM pooled", "GRAD_CAM_ELEMENT_WISE"})
    void gradientMethodsMatchTheirDefinitions(String which) throws Exception {
        GradientWeighting method = GradientWeighting.valueOf(which.split(" ")[0]);
        Path model = which.endsWith("pooled") ? SharedData.bundledModels().resolve("mnist-pooled") : FLATTEN_DENSE;
        try (CamSession s = CamSession.builder().setModel(model)
                .optLoadOptions(LoadOptions.defaults().withGradients(method)).build()) {
            List<ImageExplanation> e = s.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            float[] features;
            float[] gradient;
            long[] shape;
            try (org.tensorflow.types.TFloat32 x = io.github.cam4j.model.TensorData.floats(
                    org.tensorflow.ndarray.Shape.of(DIGITS, 28, 28, 1), pixels);
                    org.tensorflow.Result r = s.model().session().runner().feed(s.model().tensors().input(), x)
                            .fetch(s.model().tensors().features())
                            .fetch(s.model().gradients().orElseThrow().predictedGradient()).run()) {
                shape = r.get(0).shape().asArray();
                features = io.github.cam4j.model.TensorData.toArray(r.get(0));
                gradient = io.github.cam4j.model.TensorData.toArray(r.get(1));
            }
            int cells = (int) (shape[1] * shape[2]);
            int channels = (int) shape[3];
            int differsFromGradCam = 0;
            int differsFromHiResCam = 0;
            int differsFromLayerCam = 0;
            for (int i = 0; i < DIGITS; i++) {
                double[] expected = definition(method, gradient, features, i, cells, channels);
                double[] gradCam = definition(GradientWeighting.GRAD_CAM, gradient, features, i, cells, channels);
                double[] hiResCam = definition(GradientWeighting.HIRES_CAM, gradient, features, i, cells, channels);
                double[] layerCam = definition(GradientWeighting.LAYER_CAM, gradient, features, i, cells, channels);
                double scale = Arrays.stream(expected).max().orElseThrow();
                float[] map = e.get(i).first().rawMap().values();
                boolean differs = false;
                boolean differsFromHiRes = false;
                boolean differsFromLayer = false;
                for (int p = 0; p < cells; p++) {
                    // float32 sums in the session against this double arithmetic: 1e-4 of the map's scale.
                    assertEquals(expected[p], map[p], 1e-4 * scale + 1e-12, which + " digit " + i + " cell " + p);
                    differs |= Math.abs(expected[p] - gradCam[p]) > 1e-2 * scale;
                    differsFromHiRes |= Math.abs(expected[p] - hiResCam[p]) > 1e-2 * scale;
                    differsFromLayer |= Math.abs(expected[p] - layerCam[p]) > 1e-2 * scale;
                }
                differsFromGradCam += differs ? 1 : 0;
                differsFromHiResCam += differsFromHiRes ? 1 : 0;
                differsFromLayerCam += differsFromLayer ? 1 : 0;
            }
            System.out.println(which + ": " + differsFromGradCam + " of " + DIGITS + " maps differ from Grad-CAM's, "
                    + differsFromHiResCam + " from HiResCAM's, " + differsFromLayerCam + " from LayerCAM's");
            // Otherwise the test could pass with Grad-CAM's map in the method's place.
            assertTrue(differsFromGradCam >= DIGITS / 2, which + " maps differing from Grad-CAM's: " + differsFromGradCam);
            if (method == GradientWeighting.GRAD_CAM_ELEMENT_WISE) {
                // Some products g·f are negative at every digit's cells: cut one by one, not in the sum, they change
                // the map, so HiResCAM's in its place would fail. The model's features are a batch normalisation's
                // output, negative at some cells where the gradient is too: there ReLU(g f) is not ReLU(g) f, and
                // LayerCAM's map in its place would fail as well.
                assertTrue(differsFromHiResCam >= DIGITS / 2, which + " maps differing from HiResCAM's: "
                        + differsFromHiResCam);
                assertTrue(differsFromLayerCam >= DIGITS / 2, which + " maps differing from LayerCAM's: "
                        + differsFromLayerCam);
            }
        }
    }

    /**
     * A method's map for image {@code i}, in double, straight from its paper's formula as pytorch-grad-cam computes it
     * (ReLU applied): Grad-CAM the spatial mean of g; Grad-CAM++ {@code sum ReLU(g) g^2 / (2 g^2 + S_k g^3 + 1e-6)},
     * {@code S_k} the channel's activations summed ({@code grad_cam_plusplus.py}); XGrad-CAM
     * {@code sum g f / (S_k + 1e-7)}; HiResCAM {@code sum_k g f} per cell; LayerCAM {@code sum_k ReLU(g) f}; Grad-CAM
     * element-wise {@code sum_k ReLU(g f)}. Also {@code FinerBaseTest}'s bases, applied to the Finer target's gradient.
     */
    static double[] definition(GradientWeighting method, float[] gradient, float[] features, int i, int cells,
            int channels) {
        double[] map = new double[cells];
        double[] weight = new double[channels];
        for (int k = 0; k < channels; k++) {
            double gradientSum = 0;
            double weighted = 0;
            double activationSum = 0;
            for (int p = 0; p < cells; p++) {
                int at = (i * cells + p) * channels + k;
                gradientSum += gradient[at];
                weighted += gradient[at] * (double) features[at];
                activationSum += features[at];
            }
            double plusPlus = 0;
            for (int p = 0; p < cells; p++) {
                double g = gradient[(i * cells + p) * channels + k];
                plusPlus += g > 0 ? g * g * g / (2 * g * g + activationSum * g * g * g + 1e-6) : 0;
            }
            weight[k] = method == GradientWeighting.XGRAD_CAM ? weighted / (activationSum + 1e-7)
                    : method == GradientWeighting.GRAD_CAM_PLUS_PLUS ? plusPlus : gradientSum / cells;
        }
        for (int p = 0; p < cells; p++) {
            for (int k = 0; k < channels; k++) {
                int at = (i * cells + p) * channels + k;
                double g = gradient[at];
                double w = switch (method) {
                    case HIRES_CAM -> g;
                    case LAYER_CAM -> Math.max(0, g);
                    default -> weight[k];
                };
                // Grad-CAM element-wise cuts each product at 0 (pytorch-grad-cam's np.maximum(grads * activations, 0)).
                map[p] += method == GradientWeighting.GRAD_CAM_ELEMENT_WISE ? Math.max(0, g * features[at])
                        : w * features[at];
            }
            map[p] = Math.max(0, map[p]);
        }
        return map;
    }

    @Test
    void explainsAModelWithoutGlobalAveragePoolingThatCamRefuses() throws Exception {
        NotCamReadyException refused = assertThrows(NotCamReadyException.class,
                () -> CamSession.builder().setModel(FLATTEN_DENSE).build());
        // The advice follows the one-line message, apart (NotCamReadyException#details).
        assertTrue(refused.details().contains("--method gradcam, LoadOptions.withGradCam()")
                && refused.gradientsMayExplain(), refused.withDetails());
        try (CamSession s = CamSession.builder().setModel(FLATTEN_DENSE).optLoadOptions(LoadOptions.defaults().withGradCam())
                .build()) {
            List<ImageExplanation> e = s.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            int right = 0;
            int peakInBox = 0;
            for (int i = 0; i < DIGITS; i++) {
                right += e.get(i).predicted() == test.label(i) ? 1 : 0;
                FloatMap map = e.get(i).first().map();
                assertEquals(28, map.height());
                assertTrue(map.max() == 1f && map.min() == 0f, "normalised map of digit " + i);
                int[] peak = e.get(i).first().peak();
                int[] box = inkBox(test.imageAsFloats(i));
                peakInBox += peak[0] >= box[0] && peak[0] <= box[2] && peak[1] >= box[1] && peak[1] <= box[3] ? 1 : 0;
            }
            System.out.println("flatten-dense Grad-CAM on " + DIGITS + " digits: " + right + " read right, peak in the"
                    + " ink box on " + peakInBox);
            // The shared data's README: 489 of 500 read right. The map is 3x3 cells: coarse, but its peak lies on
            // the digit's box far more often than a uniform peak would (about a third of the picture).
            assertTrue(right >= 0.95 * DIGITS, "read right: " + right);
            assertTrue(peakInBox >= 0.8 * DIGITS, "peaks in the ink box: " + peakInBox);
        }
    }

    /**
     * A gradient-free method needs no global average pooling: a folder CAM's opening refuses, given with no
     * {@code optLoadOptions}, is opened as the command line opens it for that method (Grad-CAM's options, no gradient
     * run), and explained with the maps the explicit {@code withGradCam()} options give. It was refused, naming those
     * options.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Score-CAM", "SS-CAM", "Eigen-CAM", "FEM", "Ablation-CAM", "Occlusion"})
    void aGradientFreeMethodOpensAFolderCamRefusesWithoutLoadOptions(String method) throws Exception {
        java.util.function.UnaryOperator<CamSession.Builder> asked = b -> switch (method) {
            case "Score-CAM" -> b.optScoreCam(true);
            case "SS-CAM" -> b.optScoreCamVariant(ScoreCamVariant.ssCam(2, 2, 0));
            case "Eigen-CAM" -> b.optEigenCam(true);
            case "FEM" -> b.optFeatureMethod(FeatureMethod.fem(FeatureMethod.DEFAULT_FEM_K));
            case "Ablation-CAM" -> b.optAblationCam(true);
            default -> b.optOcclusion(Occlusion.of(Occlusion.DEFAULT_PATCH));
        };
        float[] digit = test.imageAsFloats(0);
        try (CamSession given = asked.apply(CamSession.builder().setModel(FLATTEN_DENSE)
                        .optLoadOptions(LoadOptions.defaults().withGradCam())).build();
                CamSession alone = asked.apply(CamSession.builder().setModel(FLATTEN_DENSE)).build()) {
            ImageExplanation expected = given.explainPixels(digit, 1, 28, 28, Target.predicted()).get(0);
            ImageExplanation got = alone.explainPixels(digit, 1, 28, 28, Target.predicted()).get(0);
            assertEquals(test.label(0), got.predicted(), method + " on test digit 0");
            assertArrayEquals(expected.probabilities(), got.probabilities(), method + ": probabilities");
            assertEquals(expected.first().rawMap(), got.first().rawMap(), method + ": the map of withGradCam()'s opening");
        }
    }

    /**
     * Options the caller gave are what the folder is opened with: LoadOptions asking for no gradient method open it as
     * CAM does, and the refusal names the method asked for and what to add, not only CAM's "explain it by Grad-CAM".
     */
    @ParameterizedTest
    @ValueSource(strings = {"Score-CAM (optScoreCam(true))", "Eigen-CAM (optEigenCam(true))",
        "Ablation-CAM (optAblationCam(true))", "Occlusion sensitivity (optOcclusion)"})
    void aGradientFreeMethodGivenCamsLoadOptionsIsToldWhatToAdd(String method) throws Exception {
        java.util.function.UnaryOperator<CamSession.Builder> asked = b -> switch (method.substring(0, 5)) {
            case "Score" -> b.optScoreCam(true);
            case "Eigen" -> b.optEigenCam(true);
            case "Ablat" -> b.optAblationCam(true);
            default -> b.optOcclusion(Occlusion.of(Occlusion.DEFAULT_PATCH));
        };
        NotCamReadyException refused = assertThrows(NotCamReadyException.class, () -> asked.apply(CamSession.builder()
                .setModel(FLATTEN_DENSE).optLoadOptions(LoadOptions.defaults())).build());
        String message = refused.getMessage();
        assertTrue(message.startsWith(method + " needs no global average pooling, but the LoadOptions given open the"
                + " folder as CAM does") && message.contains("add .withGradCam() to the LoadOptions given to optLoadOptions")
                && message.contains("CAM's opening said: " + FLATTEN_DENSE + ": not CAM-ready"), message);
        assertTrue(refused.gradientsMayExplain(), "still CAM's own refusal, which a gradient opening gets round");
    }

    /** Options the caller gave are kept in the advice: gradients are added to them, not put in their place. */
    @Test
    void aGradientFreeMethodsRefusalKeepsTheOptionsGiven() throws Exception {
        LoadOptions light = LoadOptions.defaults().withInk(true);
        NotCamReadyException refused = assertThrows(NotCamReadyException.class, () -> CamSession.builder()
                .setModel(FLATTEN_DENSE).optLoadOptions(light).optScoreCam(true).build());
        assertTrue(refused.getMessage().contains("add .withGradCam() to the LoadOptions given to optLoadOptions, which finds"),
                refused.getMessage());
        try (CamSession s = CamSession.builder().setModel(FLATTEN_DENSE).optLoadOptions(light.withGradCam())
                .optScoreCam(true).build()) {
            assertEquals(test.label(0), s.explainPixels(test.imageAsFloats(0), 1, 28, 28, Target.predicted()).get(0)
                    .predicted());
        }
    }

    @Test
    void givenClassesAndTopKTakeTheGradientOfEachClass() throws Exception {
        try (CamSession s = CamSession.builder().setModel(FLATTEN_DENSE).optLoadOptions(LoadOptions.defaults().withGradCam())
                .build()) {
            List<ImageExplanation> top = s.explainPixels(pixels, DIGITS, 28, 28, Target.topK(3));
            int[] second = new int[DIGITS];
            for (int i = 0; i < DIGITS; i++) {
                assertEquals(3, top.get(i).maps().size());
                assertEquals(top.get(i).predicted(), top.get(i).maps().get(0).classIndex());
                second[i] = top.get(i).maps().get(1).classIndex();
            }
            List<ImageExplanation> given = s.explainPixels(pixels, DIGITS, 28, 28, Target.perImage(second));
            List<ImageExplanation> predicted = s.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            int differ = 0;
            for (int i = 0; i < DIGITS; i++) {
                FloatMap rankTwo = top.get(i).maps().get(1).rawMap();
                assertArrayEquals(given.get(i).first().rawMap().values(), rankTwo.values(), 1e-6f, "digit " + i);
                assertArrayEquals(predicted.get(i).first().rawMap().values(), top.get(i).first().rawMap().values(), 1e-6f);
                differ += java.util.Arrays.equals(rankTwo.values(), top.get(i).first().rawMap().values()) ? 0 : 1;
            }
            assertEquals(DIGITS, differ, "each class's map is its own");
        }
    }

    @Test
    void aLayerCanBeChosen() throws Exception {
        // The pooled model's second convolution, before its last pooling: 14x14 cells on a 28x28 digit, against the
        // last convolution's 7x7.
        LoadOptions atConv2 = LoadOptions.defaults().withGradCam().withFoundOverrides("conv2d_1/Relu", null);
        List<ImageExplanation> atLast;
        try (CamSession s = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optLoadOptions(LoadOptions.defaults().withGradCam()).build()) {
            atLast = s.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
        }
        try (CamSession s = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optLoadOptions(atConv2).build()) {
            List<ImageExplanation> e = s.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            int inBox = 0;
            for (int i = 0; i < DIGITS; i++) {
                FloatMap raw = e.get(i).first().rawMap();
                assertEquals(14, raw.height());
                assertEquals(14, raw.width());
                // The model's own reading at its last layer, right or not (the bundled model misreads a few digits).
                assertEquals(atLast.get(i).predicted(), e.get(i).predicted(), "the prediction does not depend on the layer");
                int[] peak = e.get(i).first().peak();
                int[] box = inkBox(test.imageAsFloats(i));
                inBox += peak[0] >= box[0] - 1 && peak[0] <= box[2] + 1 && peak[1] >= box[1] - 1 && peak[1] <= box[3] + 1
                        ? 1 : 0;
            }
            System.out.println("pooled, Grad-CAM at conv2d_1: peak within a pixel of the ink box for " + inBox + " of "
                    + DIGITS);
            // Measured 56 of 64 (51 with the model trained without shifts). The box of a 28x28 digit covers about
            // 40 % of it, so a map unrelated to the digit
            // would score about 26; earlier layers are known to give Grad-CAM noisier maps than the last.
            assertTrue(inBox >= 0.65 * DIGITS, "peaks at the ink box: " + inBox);
        }
        // CAM's kernel weighs the last convolution only: a layer for CAM is refused, not ignored.
        assertThrows(io.github.cam4j.savedmodel.ModelLoadException.class, () -> CamSession.builder()
                .setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optLoadOptions(LoadOptions.defaults().withFoundOverrides("conv2d_1/Relu", null)).build());
    }

    @Test
    void aFlatteningModelFedAnotherSizeIsRefusedNotReadFromItsFirstRow() throws Exception {
        try (CamSession s = CamSession.builder().setModel(FLATTEN_DENSE).optLoadOptions(LoadOptions.defaults().withGradCam())
                .optKeepInputSize(true).build()) {
            // A 112x148 video frame reshapes into 88 rows of the Flatten's 576 values: 88 answers for one picture.
            // (Sizes whose features do not fill whole rows fail in TensorFlow's Reshape, with its own message.)
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> s.explainPixels(new float[112 * 148], 1, 112, 148, Target.predicted()));
            assertTrue(e.getMessage().contains("gave 88 rows of logits for 1 picture of 112x148: it does not take"
                    + " pictures of that size (it was made for 28x28)"), e.getMessage());
            // 28x32 gives 3x4 cells of 64 features, 768 values, no whole number of 576-value rows: TensorFlow's Reshape
            // fails, in several lines ending in the node's name; the message keeps its first part, on one line, and
            // says the size is the picture's fault (refused as its input, so a run that keeps going skips it).
            InvalidInputException reshape = assertThrows(InvalidInputException.class,
                    () -> s.explainPixels(new float[28 * 32], 1, 28, 32, Target.predicted()));
            String message = reshape.getMessage();
            assertTrue(message.contains("failed on a picture fed at 28x32: ") && message.contains("reshape")
                    && message.contains("(it was made for 28x28 pictures and may take no other size"), message);
            assertFalse(message.contains("\n") || message.contains("[["), message);
        }
    }

    @Test
    void concurrentCallersGetTheSequentialMaps() throws Exception {
        try (CamSession s = CamSession.builder().setModel(FLATTEN_DENSE).optLoadOptions(LoadOptions.defaults().withGradCam())
                .build()) {
            List<ImageExplanation> sequential = s.explainPixels(pixels, DIGITS, 28, 28, Target.topK(2));
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                List<java.util.concurrent.Future<List<ImageExplanation>>> futures = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    futures.add(pool.submit(() -> s.explainPixels(pixels, DIGITS, 28, 28, Target.topK(2))));
                }
                for (var f : futures) {
                    List<ImageExplanation> got = f.get();
                    for (int i = 0; i < DIGITS; i++) {
                        for (int j = 0; j < 2; j++) {
                            // Same graph, same inputs: TensorFlow's CPU kernels are deterministic here, to the bit.
                            assertArrayEquals(sequential.get(i).maps().get(j).rawMap().values(),
                                    got.get(i).maps().get(j).rawMap().values(), 0f, "digit " + i + " rank " + j);
                        }
                    }
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    /** @return {top, left, bottom, right} of the pixels above half intensity */
    private static int[] inkBox(float[] digit) {
        int top = 28;
        int left = 28;
        int bottom = -1;
        int right = -1;
        for (int p = 0; p < 784; p++) {
            if (digit[p] > 0.5f) {
                top = Math.min(top, p / 28);
                bottom = Math.max(bottom, p / 28);
                left = Math.min(left, p % 28);
                right = Math.max(right, p % 28);
            }
        }
        return new int[] {top, left, bottom, right};
    }
}
