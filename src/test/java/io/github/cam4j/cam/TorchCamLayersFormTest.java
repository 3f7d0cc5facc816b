package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.GradientWeighting;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * torch-cam's fusion of layers ({@link LayersForm#TORCH_CAM}, {@code _CAM.fuse_cams}) where its largest layer's cells
 * are not the pixels: recomputed from each layer's map made by a session of that one layer through torch-cam's steps
 * written out ({@code TorchCamParityTest} holds it to torch-cam itself where the largest layer is 28x28), placed on the
 * input as that layer's maps are; and refused where it cannot apply.
 */
class TorchCamLayersFormTest {
    private static final Path POOLED = RefineCamTest.POOLED;
    /** The pooled model's last two convolutions: 14x14 and 7x7 cells, "same" padding after 2x2 poolings. */
    private static final List<String> POOLED_LAYERS = List.of("conv2d_1/Relu", "conv2d_2/Relu");
    private static final int DIGITS = RefineCamTest.DIGITS;

    /** LayerCAM: each normalised map through {@code tanh(2 x)}, the 7x7 one resized to 14x14, the maximum there. */
    @Test
    void layerCamsMapsAreTanhScaledAndTheirMaximumPlacedFromTheLargerLayer() throws Exception {
        assertTorchCamFusion(GradientWeighting.LAYER_CAM, true);
    }

    /** Grad-CAM: torch-cam's base {@code _scale_cams} leaves the normalised maps as they are. */
    @Test
    void gradCamsMapsAreFusedAsTheyAre() throws Exception {
        assertTorchCamFusion(GradientWeighting.GRAD_CAM, false);
    }

    private static void assertTorchCamFusion(GradientWeighting weighting, boolean tanh) throws Exception {
        try (CamSession fused = CamSession.builder().setModel(POOLED).optLoadOptions(RefineCamTest.base(weighting))
                .optLayers(POOLED_LAYERS).optLayersForm(LayersForm.TORCH_CAM).build()) {
            float[] pixels = io.github.cam4j.testing.TestDigits.asModelInput(fused.model(), DIGITS);
            List<ImageExplanation> got = fused.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            CamResult[][] perLayer = new CamResult[POOLED_LAYERS.size()][];
            for (int l = 0; l < POOLED_LAYERS.size(); l++) {
                perLayer[l] = TorchCamRefineTest.ownLayerMaps(POOLED, weighting, POOLED_LAYERS.get(l), pixels);
            }
            for (int i = 0; i < DIGITS; i++) {
                float[] have = got.get(i).maps().get(0).rawMap().values();
                assertEquals(28 * 28, have.length, "one value per input pixel");
                // RefineCamTest's 1e-5: torch-cam's 1e-8 in the normalisation and float32 rounding of OpenCV's
                // bilinear weights against the double loop, a few units in the last place; a wrong step (the mean,
                // tanh left out or after the resize, the last layer's grid, a final normalisation) moves 0.03 or more.
                RefineCamTest.assertClose(torchCamFusion(new CamResult[] {perLayer[0][i], perLayer[1][i]}, tanh),
                        have, "digit " + i);
            }
        }
    }

    /**
     * torch-cam's {@code fuse_cams} written out over the extractor's {@code normalized=True} maps: ReLU and {@code
     * _normalize} per layer, LayerCAM's {@code tanh(2.0 * cam)} when asked, {@code F.interpolate} to the largest rows
     * and columns, {@code torch.stack(...).max(dim=0)}; then placed on the input as the largest layer's maps are.
     */
    private static float[] torchCamFusion(CamResult[] maps, boolean tanh) {
        int rows = 0;
        int cols = 0;
        for (CamResult r : maps) {
            rows = Math.max(rows, r.rawMap().height());
            cols = Math.max(cols, r.rawMap().width());
        }
        CamResult largest = null;
        float[] maximum = new float[rows * cols];
        java.util.Arrays.fill(maximum, Float.NEGATIVE_INFINITY);
        for (CamResult r : maps) {
            FloatMap cells = r.rawMap();
            if (cells.height() == rows && cells.width() == cols) {
                largest = r;
            }
            float[] normalized = TorchCamRefineTest.normalize(RefineCamTest.relu(cells.values()));
            if (tanh) {
                for (int p = 0; p < normalized.length; p++) {
                    normalized[p] = (float) Math.tanh(2.0 * normalized[p]);
                }
            }
            float[] resized = TorchCamRefineTest.interpolateBilinear(normalized, cells.height(), cells.width(), rows,
                    cols);
            for (int p = 0; p < maximum.length; p++) {
                maximum[p] = Math.max(maximum[p], resized[p]);
            }
        }
        return Resize.placed(new FloatMap(rows, cols, maximum), 28, 28, largest.placement()).values();
    }

    /** One layer, or RefineCAM (whose product is its own fusion): refused by the builder in one line. */
    @Test
    void refusedWithOneLayerAndWithRefineCam() {
        IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .setModel(POOLED).optLoadOptions(RefineCamTest.base(GradientWeighting.GRAD_CAM))
                .optLayersForm(LayersForm.TORCH_CAM).build());
        assertTrue(one.getMessage().startsWith("optLayersForm(TORCH_CAM) fuses the maps of two or more target layers"),
                one.getMessage());
        IllegalArgumentException refine = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .setModel(POOLED).optLoadOptions(RefineCamTest.base(GradientWeighting.GRAD_CAM)).optLayers(POOLED_LAYERS)
                .optRefine(true).optLayersForm(LayersForm.TORCH_CAM).build());
        assertTrue(refine.getMessage().startsWith("optLayersForm(TORCH_CAM) and optRefine(true) exclude each other"),
                refine.getMessage());
        for (IllegalArgumentException e : List.of(one, refine)) {
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
        assertEquals("'mean' is not a form of fusing layers: give pytorch-grad-cam or torch-cam",
                assertThrows(IllegalArgumentException.class, () -> LayersForm.of("mean")).getMessage());
    }
}
