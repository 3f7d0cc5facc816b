package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.TestDigits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * torch-cam's RefineCAM ({@link RefineForm#TORCH_CAM}, {@code RefineCAM.fuse_cams}), recomputed here from each layer's
 * map made by a session of that one layer through torch-cam's own steps written out, and the default form kept as it
 * was (pytorch-grad-cam's, {@link RefineCamTest}).
 */
class TorchCamRefineTest {
    private static final Path POOLED = RefineCamTest.POOLED;
    /** The pooled model's last two convolutions: 14x14 and 7x7 cells, "same" padding after 2x2 poolings. */
    private static final List<String> POOLED_LAYERS = List.of("conv2d_1/Relu", "conv2d_2/Relu");
    private static final Path KERAS = RefineCamTest.KERAS;
    /** The imported Keras model's first two activations: 26x26 and 11x11 cells of valid convolutions. */
    private static final List<String> KERAS_LAYERS = RefineCamTest.KERAS_LAYERS;
    private static final int DIGITS = RefineCamTest.DIGITS;

    private static LoadOptions base(GradientWeighting weighting) {
        return RefineCamTest.base(weighting);
    }

    /**
     * Grad-CAM++ (torch-cam's default base too) at the pooled model's 14x14 and 7x7 layers: the 7x7 map resized to
     * 14x14, multiplied there, placed on the input as the 14x14 layer's maps are.
     */
    @Test
    void pooledModelsTwoLayersAreMultipliedAtTheLargerLayersCells() throws Exception {
        assertTorchCamRefine(POOLED, POOLED_LAYERS, GradientWeighting.GRAD_CAM_PLUS_PLUS);
    }

    /**
     * An imported Keras model of valid convolutions (26x26 and 11x11 cells), with Grad-CAM as the base: the 11x11 map
     * stretched edge to edge over the 26x26 grid by torch-cam's half-pixel rule (its cells do not lie where the
     * 26x26 layer's do; torch-cam stretches it anyway, and so does this form).
     */
    @Test
    void importedKerasModelsValidConvolutionsWithGradCam() throws Exception {
        assertTorchCamRefine(KERAS, KERAS_LAYERS, GradientWeighting.GRAD_CAM);
    }

    private static void assertTorchCamRefine(Path dir, List<String> layers, GradientWeighting weighting)
            throws Exception {
        try (CamSession refine = CamSession.builder().setModel(dir).optLoadOptions(base(weighting)).optLayers(layers)
                .optRefine(true).optRefineForm(RefineForm.TORCH_CAM).build()) {
            float[] pixels = TestDigits.asModelInput(refine.model(), DIGITS);
            List<ImageExplanation> got = refine.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            CamResult[][] perLayer = new CamResult[layers.size()][];
            for (int l = 0; l < layers.size(); l++) {
                perLayer[l] = ownLayerMaps(dir, weighting, layers.get(l), pixels);
            }
            for (int i = 0; i < DIGITS; i++) {
                CamResult[] maps = new CamResult[layers.size()];
                for (int l = 0; l < layers.size(); l++) {
                    maps[l] = perLayer[l][i];
                }
                float[] have = got.get(i).maps().get(0).rawMap().values();
                assertEquals(28 * 28, have.length, "one value per input pixel");
                // RefineCamTest's 1e-5: here torch-cam's 1e-8 in each normalisation (mostly rounded away in float32) and float32
                // rounding of the bilinear weights (OpenCV against the double loop below), a few units in the last
                // place through a product of two maps; 1e-5 is far above these and far below what a wrong step moves
                // (multiplying on the input, the last layer's grid, no final normalisation: 0.1 or more).
                RefineCamTest.assertClose(torchCamRefine(maps), have, "digit " + i);
            }
        }
    }

    /** Each digit's map of one layer, made by a session of that layer alone, placed on the input (28x28). */
    static CamResult[] ownLayerMaps(Path dir, GradientWeighting weighting, String layer, float[] pixels)
            throws Exception {
        try (CamSession own = CamSession.builder().setModel(dir).optLoadOptions(base(weighting)
                .withFoundOverrides(layer, null)).build()) {
            List<ImageExplanation> out = own.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            CamResult[] maps = new CamResult[DIGITS];
            for (int i = 0; i < DIGITS; i++) {
                maps[i] = out.get(i).maps().get(0);
            }
            return maps;
        }
    }

    /**
     * torch-cam's RefineCAM written out: per layer the base extractor's {@code normalized=True} map (ReLU, then
     * {@code _normalize}), {@code _normalize} again in {@code fuse_cams}, {@code F.interpolate} to the largest rows
     * and columns, the product, {@code _normalize}; then placed on the input as the largest layer's maps are
     * (cam4j's placement, {@link Resize#placed}).
     */
    private static float[] torchCamRefine(CamResult[] maps) {
        int rows = 0;
        int cols = 0;
        for (CamResult r : maps) {
            rows = Math.max(rows, r.rawMap().height());
            cols = Math.max(cols, r.rawMap().width());
        }
        CamResult largest = null;
        float[] product = new float[rows * cols];
        java.util.Arrays.fill(product, 1f);
        for (CamResult r : maps) {
            FloatMap cells = r.rawMap();
            if (cells.height() == rows && cells.width() == cols) {
                largest = r;
            }
            float[] once = normalize(RefineCamTest.relu(cells.values()));
            float[] twice = normalize(once);
            float[] resized = interpolateBilinear(twice, cells.height(), cells.width(), rows, cols);
            for (int p = 0; p < product.length; p++) {
                product[p] *= resized[p];
            }
        }
        FloatMap fused = new FloatMap(rows, cols, normalize(product));
        return Resize.placed(fused, 28, 28, largest.placement()).values();
    }

    /** torch-cam's {@code _CAM._normalize}: {@code cams.sub_(min)}, then {@code cams.div_(max + 1e-8)}. */
    static float[] normalize(float[] v) {
        float min = Float.POSITIVE_INFINITY;
        for (float x : v) {
            min = Math.min(min, x);
        }
        float[] out = new float[v.length];
        float max = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < v.length; p++) {
            out[p] = v[p] - min;
            max = Math.max(max, out[p]);
        }
        for (int p = 0; p < v.length; p++) {
            out[p] /= max + 1e-8f;
        }
        return out;
    }

    /**
     * {@code F.interpolate(x, (dh, dw), mode="bilinear", align_corners=False)}, as aten's {@code upsample_bilinear2d}
     * computes it: source coordinate {@code (dst + 0.5) * src / dst - 0.5}, negative ones taken as 0, the lower cell
     * its floor, the upper one the next cell or the last.
     */
    static float[] interpolateBilinear(float[] src, int sh, int sw, int dh, int dw) {
        float[] out = new float[dh * dw];
        for (int y = 0; y < dh; y++) {
            double sy = Math.max((y + 0.5) * sh / dh - 0.5, 0);
            int y0 = (int) sy;
            int y1 = y0 + (y0 < sh - 1 ? 1 : 0);
            double ly = sy - y0;
            for (int x = 0; x < dw; x++) {
                double sx = Math.max((x + 0.5) * sw / dw - 0.5, 0);
                int x0 = (int) sx;
                int x1 = x0 + (x0 < sw - 1 ? 1 : 0);
                double lx = sx - x0;
                out[y * dw + x] = (float) ((1 - ly) * ((1 - lx) * src[y0 * sw + x0] + lx * src[y0 * sw + x1])
                        + ly * ((1 - lx) * src[y1 * sw + x0] + lx * src[y1 * sw + x1]));
            }
        }
        return out;
    }


    /**
     * The default form is pytorch-grad-cam's, bit for bit: a session without {@link CamSession.Builder#optRefineForm}
     * gives exactly the maps of one given {@link RefineForm#PYTORCH_GRAD_CAM} (whose maps {@link RefineCamTest}
     * recomputes), and torch-cam's form differs from it (by 0.05 or more on most digits, far above the arithmetic's
     * 1e-5): the option changes the map.
     */
    @Test
    void defaultIsPytorchGradCamsFormAndTorchCamsDiffers() throws Exception {
        try (CamSession plain = session(KERAS, KERAS_LAYERS).build();
                CamSession pytorch = session(KERAS, KERAS_LAYERS).optRefineForm(RefineForm.PYTORCH_GRAD_CAM).build();
                CamSession torch = session(KERAS, KERAS_LAYERS).optRefineForm(RefineForm.TORCH_CAM).build()) {
            float[] pixels = TestDigits.asModelInput(plain.model(), DIGITS);
            List<ImageExplanation> a = plain.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            List<ImageExplanation> b = pytorch.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            List<ImageExplanation> c = torch.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            int differing = 0;
            for (int i = 0; i < DIGITS; i++) {
                float[] x = a.get(i).maps().get(0).rawMap().values();
                assertArrayEquals(x, b.get(i).maps().get(0).rawMap().values(), "digit " + i);
                float[] y = c.get(i).maps().get(0).rawMap().values();
                float worst = 0;
                for (int p = 0; p < x.length; p++) {
                    worst = Math.max(worst, Math.abs(x[p] - y[p]));
                }
                differing += worst > 0.05f ? 1 : 0;
            }
            assertTrue(differing > DIGITS / 2, "only " + differing + " of " + DIGITS + " digits' maps differ");
        }
    }

    private static CamSession.Builder session(Path dir, List<String> layers) {
        return CamSession.builder().setModel(dir).optLoadOptions(base(GradientWeighting.GRAD_CAM_PLUS_PLUS))
                .optLayers(layers).optRefine(true);
    }

    /** torch-cam's RefineCAM refuses fewer than two layers, and so does its form here, naming the option. */
    @Test
    void torchCamsFormNeedsTwoLayers() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CamSession.builder().setModel(POOLED).optLoadOptions(base(GradientWeighting.GRAD_CAM_PLUS_PLUS))
                        .optRefine(true).optRefineForm(RefineForm.TORCH_CAM).build());
        assertTrue(e.getMessage().contains("optRefineForm(TORCH_CAM)") && e.getMessage().contains("two or more"),
                e.getMessage());
    }

    /** A form without RefineCAM would change nothing: refused, naming both options. */
    @Test
    void aFormWithoutRefineIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CamSession.builder().setModel(POOLED).optLoadOptions(base(GradientWeighting.GRAD_CAM_PLUS_PLUS))
                        .optLayers(POOLED_LAYERS).optRefineForm(RefineForm.TORCH_CAM).build());
        assertTrue(e.getMessage().startsWith("optRefineForm(TORCH_CAM)") && e.getMessage().contains("optRefine(true)"),
                e.getMessage());
    }
}
