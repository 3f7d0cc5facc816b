package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TestDigits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * RefineCAM ({@link CamSession.Builder#optRefine}, pytorch-grad-cam's {@code RefineCAM}): the product of a base method's
 * maps of several layers, recomputed here from each layer's map made on its own, as pytorch-grad-cam's code makes it.
 */
class RefineCamTest {
    static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");
    /** The pooled model's three convolutions: 28x28, 14x14 and 7x7 cells, "same" padding, 2x2 poolings. */
    private static final List<String> POOLED_LAYERS = List.of("conv2d/Relu", "conv2d_1/Relu", "conv2d_2/Relu");
    static final Path KERAS = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap");
    /** The imported Keras model's first two activations: 26x26 and 11x11 cells of valid convolutions. */
    static final List<String> KERAS_LAYERS = List.of("leaky_re_lu_1/LeakyRelu", "og_leaky_1/LeakyRelu");
    /** Digits per batch: above {@code BatchRun}'s parallel threshold (8), so the maps are made as a real batch's. */
    static final int DIGITS = 10;
    /**
     * How far cam4j's RefineCAM may be from the product written out below, on maps in [0, 1]. The two differ by
     * pytorch-grad-cam's 1e-7 in each of its four divisions (cam4j divides by the exact range, {@link
     * AugSmoothing#scaled}): at most 1e-7 of a value in [0, 1] each, a few 1e-7 through the product, which the final
     * scaling divides by the product's maximum (about 1/3 or more here); and by float32 roundings of the bilinear
     * weights (OpenCV's resize against the loop below), a few units in the last place of a value below 1, 6e-8 each.
     * Measured: up to 3.6e-7. 1e-5 is over 10 times the largest of these together and far below what
     * a wrong step moves (a mean instead of the product, no final scaling, no scaling of each layer's map on the input
     * each fail these tests).
     */
    private static final float TOLERANCE = 1e-5f;

    static LoadOptions base(GradientWeighting weighting) {
        return LoadOptions.defaults().withGradients(weighting);
    }

    /**
     * RefineCAM of Grad-CAM++ (pytorch-grad-cam's default base) at the pooled model's three layers equals the product
     * recomputed from each layer's Grad-CAM++ map made by a session of that one layer, through pytorch-grad-cam's own
     * steps written out ({@link #pytorchRefine}): per layer ReLU, {@code scale_cam_image} at the cells, {@code
     * cv2.resize} to the input, {@code scale_cam_image} again (its {@code aggregate_multi_layers} over one layer), then
     * the product and {@code scale_cam_image}. The pooled model's layers span the input edge to edge, where cam4j's
     * placement of cells is OpenCV's resize itself, so every step is pytorch-grad-cam's.
     */
    @Test
    void gradCamPlusPlusAtThreeLayersIsTheProductOfEachLayersOwnMap() throws Exception {
        assertRefineIsProduct(POOLED, POOLED_LAYERS, GradientWeighting.GRAD_CAM_PLUS_PLUS, true);
    }

    /**
     * The same on an imported Keras model with several conv layers: two layers of valid convolutions (26x26 and
     * 11x11 cells), whose cells do not span the input edge to edge. There cam4j places each layer's scaled map on the
     * input's pixels where the convolutions put the cells' centres ({@link Resize#placed}), where pytorch-grad-cam
     * stretches it by {@code cv2.resize} (a documented difference of every fused map, {@link LayerFusion}): the product
     * is recomputed with cam4j's placement, the rest written out as pytorch-grad-cam's.
     */
    @Test
    void productOnAnImportedKerasModelOfValidConvolutions() throws Exception {
        assertRefineIsProduct(KERAS, KERAS_LAYERS, GradientWeighting.GRAD_CAM_PLUS_PLUS, false);
    }

    private static void assertRefineIsProduct(Path dir, List<String> layers, GradientWeighting weighting,
            boolean cv2Resize) throws Exception {
        try (CamSession refine = CamSession.builder().setModel(dir).optLoadOptions(base(weighting)).optLayers(layers)
                .optRefine(true).build()) {
            float[] pixels = TestDigits.asModelInput(refine.model(), DIGITS);
            List<ImageExplanation> got = refine.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            float[][][] perLayer = new float[layers.size()][][];
            for (int l = 0; l < layers.size(); l++) {
                perLayer[l] = ownLayerMaps(dir, weighting, layers.get(l), pixels, cv2Resize);
            }
            for (int i = 0; i < DIGITS; i++) {
                float[][] maps = new float[layers.size()][];
                for (int l = 0; l < layers.size(); l++) {
                    maps[l] = perLayer[l][i];
                }
                float[] want = pytorchRefine(maps);
                float[] have = got.get(i).maps().get(0).rawMap().values();
                assertEquals(28 * 28, have.length, "one value per input pixel");
                assertClose(want, have, "digit " + i);
            }
        }
    }

    /**
     * Each digit's map of one layer as pytorch-grad-cam's {@code compute_cam_per_layer} then {@code
     * aggregate_multi_layers} over that one layer make it: the layer's own session's raw map, ReLU and {@code
     * scale_cam_image} at its cells, resized to the input ({@code cv2.resize} written out, or cam4j's placement), then
     * {@code scale_cam_image} again.
     */
    private static float[][] ownLayerMaps(Path dir, GradientWeighting weighting, String layer, float[] pixels,
            boolean cv2Resize) throws Exception {
        try (CamSession own = CamSession.builder().setModel(dir).optLoadOptions(base(weighting)
                .withFoundOverrides(layer, null)).build()) {
            List<ImageExplanation> out = own.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            float[][] maps = new float[DIGITS][];
            for (int i = 0; i < DIGITS; i++) {
                CamResult r = out.get(i).maps().get(0);
                FloatMap cells = r.rawMap();
                float[] scaled = scaleCamImage(relu(cells.values()));
                float[] onInput = cv2Resize ? cv2ResizeBilinear(scaled, cells.height(), cells.width(), 28, 28)
                        : Resize.placed(new FloatMap(cells.height(), cells.width(), scaled), 28, 28, r.placement())
                                .values();
                maps[i] = scaleCamImage(onInput);
            }
            return maps;
        }
    }

    /** pytorch-grad-cam's {@code RefineCAM.forward} after the base maps: {@code scale_cam_image(np.prod(maps, 0))}. */
    private static float[] pytorchRefine(float[][] maps) {
        float[] product = new float[maps[0].length];
        java.util.Arrays.fill(product, 1f);
        for (float[] map : maps) {
            for (int p = 0; p < product.length; p++) {
                product[p] *= map[p];
            }
        }
        return scaleCamImage(product);
    }

    /** {@code np.maximum(cam, 0)}. */
    static float[] relu(float[] v) {
        float[] out = new float[v.length];
        for (int p = 0; p < v.length; p++) {
            out[p] = Math.max(v[p], 0f);
        }
        return out;
    }

    /** pytorch-grad-cam's {@code scale_cam_image} of one map: {@code img - min}, then {@code / (1e-7 + max)}. */
    private static float[] scaleCamImage(float[] v) {
        float min = Float.POSITIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
        }
        float max = Float.NEGATIVE_INFINITY;
        float[] out = new float[v.length];
        for (int p = 0; p < v.length; p++) {
            out[p] = v[p] - min;
            max = Math.max(max, out[p]);
        }
        for (int p = 0; p < v.length; p++) {
            out[p] /= 1e-7f + max;
        }
        return out;
    }

    /**
     * {@code cv2.resize(img, (w, h))}, INTER_LINEAR on float32: each output pixel's centre taken back to the source,
     * {@code (x + 0.5) * src / dst - 0.5}, clamped to the first and last cells, and the four cells around it weighed
     * bilinearly.
     */
    private static float[] cv2ResizeBilinear(float[] src, int sh, int sw, int dh, int dw) {
        float[] out = new float[dh * dw];
        for (int y = 0; y < dh; y++) {
            double sy = Math.max((y + 0.5) * sh / dh - 0.5, 0);
            int y0 = Math.min((int) Math.floor(sy), sh - 1);
            int y1 = Math.min(y0 + 1, sh - 1);
            double fy = y0 == sh - 1 ? 0 : sy - y0;
            for (int x = 0; x < dw; x++) {
                double sx = Math.max((x + 0.5) * sw / dw - 0.5, 0);
                int x0 = Math.min((int) Math.floor(sx), sw - 1);
                int x1 = Math.min(x0 + 1, sw - 1);
                double fx = x0 == sw - 1 ? 0 : sx - x0;
                double top = src[y0 * sw + x0] * (1 - fx) + src[y0 * sw + x1] * fx;
                double bottom = src[y1 * sw + x0] * (1 - fx) + src[y1 * sw + x1] * fx;
                out[y * dw + x] = (float) (top * (1 - fy) + bottom * fy);
            }
        }
        return out;
    }

    static void assertClose(float[] want, float[] have, String what) {
        float worst = 0;
        for (int p = 0; p < want.length; p++) {
            worst = Math.max(worst, Math.abs(want[p] - have[p]));
        }
        assertTrue(worst <= TOLERANCE, what + ": off by up to " + worst);
    }

    /**
     * With a Grad-CAM-family base, the three layers' maps come from one model run per batch (the count {@code
     * LayerRunTest} checks the mean's by), not one per layer as pytorch-grad-cam's one base CAM per layer runs them.
     */
    @Test
    void aGradientBaseRunsTheModelOncePerBatchForEveryLayer() throws Exception {
        try (CamSession refine = CamSession.builder().setModel(POOLED)
                .optLoadOptions(base(GradientWeighting.GRAD_CAM_PLUS_PLUS)).optLayers(POOLED_LAYERS).optRefine(true)
                .build()) {
            float[] pixels = TestDigits.asModelInput(refine.model(), DIGITS);
            refine.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            assertEquals(1, refine.fusedModelRuns(), "one batch, predicted classes");
            refine.explainPixels(pixels, DIGITS, 28, 28, Target.of(4));
            assertEquals(2, refine.fusedModelRuns(), "one batch, a given class");
        }
    }

    /**
     * Another base method gives another map: Grad-CAM's weights (the gradients' mean) are not Grad-CAM++'s, so the
     * product differs, by 0.05 or more somewhere on most digits (a threshold far above the 1e-5 of the arithmetic).
     */
    @Test
    void anotherBaseMethodChangesTheMap() throws Exception {
        try (CamSession plusPlus = CamSession.builder().setModel(POOLED)
                .optLoadOptions(base(GradientWeighting.GRAD_CAM_PLUS_PLUS)).optLayers(POOLED_LAYERS).optRefine(true)
                .build();
                CamSession gradCam = CamSession.builder().setModel(POOLED).optLoadOptions(base(GradientWeighting.GRAD_CAM))
                        .optLayers(POOLED_LAYERS).optRefine(true).build()) {
            float[] pixels = TestDigits.asModelInput(plusPlus.model(), DIGITS);
            List<ImageExplanation> a = plusPlus.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            List<ImageExplanation> b = gradCam.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            int differing = 0;
            for (int i = 0; i < DIGITS; i++) {
                float[] x = a.get(i).maps().get(0).rawMap().values();
                float[] y = b.get(i).maps().get(0).rawMap().values();
                float worst = 0;
                for (int p = 0; p < x.length; p++) {
                    worst = Math.max(worst, Math.abs(x[p] - y[p]));
                }
                differing += worst > 0.05f ? 1 : 0;
            }
            assertTrue(differing > DIGITS / 2, "only " + differing + " of " + DIGITS + " digits' maps differ");
        }
    }

    /**
     * At one layer (no {@link CamSession.Builder#optLayers}: the model's own, {@code conv2d_2/Relu}) RefineCAM is its
     * base method's map on the input's pixels, scaled: pytorch-grad-cam's {@code RefineCAM(model, [layer])}, the
     * product of one map. Recomputed from the base method's own session as in the tests above, same tolerance.
     */
    @Test
    void atOneLayerItIsTheBaseMethodsScaledMap() throws Exception {
        try (CamSession refine = CamSession.builder().setModel(POOLED)
                .optLoadOptions(base(GradientWeighting.GRAD_CAM_PLUS_PLUS)).optRefine(true).build()) {
            float[] pixels = TestDigits.asModelInput(refine.model(), DIGITS);
            List<ImageExplanation> got = refine.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            float[][] own = ownLayerMaps(POOLED, GradientWeighting.GRAD_CAM_PLUS_PLUS, "conv2d_2/Relu", pixels, true);
            for (int i = 0; i < DIGITS; i++) {
                assertClose(pytorchRefine(new float[][] {own[i]}), got.get(i).maps().get(0).rawMap().values(),
                        "digit " + i);
            }
            assertEquals(1, refine.fusedModelRuns(), "one batch, one run");
        }
    }

    /** CAM has one layer by definition and no base method's maps to multiply: refused, naming optRefine. */
    @Test
    void camIsNoBase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CamSession.builder().setModel(POOLED).optLayers(POOLED_LAYERS).optRefine(true).build());
        assertTrue(e.getMessage().startsWith("optRefine(true)") && e.getMessage().contains("CAM"), e.getMessage());
    }
}
