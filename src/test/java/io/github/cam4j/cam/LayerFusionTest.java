package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic of several target layers ({@link LayerFusion}) on maps known by hand, handed in through the seam the
 * session's runs go through ({@link AugSmoothing.Runs}); the layers' reference maps from Python are checked on a real
 * model in {@code TargetLayersTest}.
 */
class LayerFusionTest {
    /** A run that gives one picture a known map (cells placed on the input by {@code placement}) and records its target. */
    private static AugSmoothing.Runs layer(FloatMap cells, Placement placement, float[] probabilities,
            List<Target> asked) {
        return (batch, count, height, width, target, outputSizes, frames, pictures) -> {
            asked.add(target);
            CamResult r = CamResult.deferred(2, "2", probabilities[2], 0f, cells, placement, height, width, null,
                    () -> { throw new AssertionError("a layer's own map on the input is not what is fused"); });
            return List.of(new ImageExplanation(2, probabilities, new float[probabilities.length], List.of(r)));
        };
    }

    /**
     * Layer a's cells {-1, 1, 3, 5} become {0, .2, .6, 1} (ReLU, then over their maximum); layer b's {4, 2, 2, 2}
     * become {1, 0, 0, 0} (less their minimum 2, over 2); the mean {.5, .1, .3, .5} scaled gives {1, 0, .5, 1}.
     * Without each layer's own scaling the mean of {0, 1, 3, 5} and {4, 2, 2, 2} scaled would be {.25, 0, .5, 1}; a
     * fusion that skipped the last scaling would give the mean itself. Exact to float rounding (1e-6).
     */
    @Test
    void twoKnownLayersGiveTheirScaledMeanScaled() throws Exception {
        try (CamModel model = CamModelLoader.load(SharedData.bundledModels().resolve("mnist-pooled"),
                LoadOptions.defaults())) {
            Placement identity = new Placement(1, 1, 0, 0);
            float[] own = {0.1f, 0.2f, 0.7f};
            List<Target> asked = new ArrayList<>();
            LayerFusion fusion = new LayerFusion(model, List.of(
                    layer(new FloatMap(2, 2, new float[] {-1, 1, 3, 5}), identity, own, asked),
                    layer(new FloatMap(2, 2, new float[] {4, 2, 2, 2}), identity, new float[] {0.5f, 0.3f, 0.2f},
                            asked)));
            ImageExplanation e = fusion.explain(new float[4], 1, 2, 2, Target.predicted(),
                    new int[][] {{2, 2}}, new InputFrame[1], List.of("hand")).get(0);
            assertArrayEquals(new float[] {1f, 0f, 0.5f, 1f}, e.first().rawMap().values(), 1e-6f);
            // The picture's own run's probabilities, and the second layer asked for the first layer's class.
            assertArrayEquals(own, e.probabilities());
            assertEquals(2, e.predicted());
            assertEquals(Target.perImage(2), asked.get(1));
        }
    }

    /**
     * A coarser layer's cells reach the input's pixels where its placement puts them before the mean: layer b's two
     * cells {0, 2}, each spanning a column of the 2x2 input ({@link Placement#stretch}), scaled {0, 1}; with layer a's
     * {0, .2, .6, 1} the mean {0, .6, .3, 1} is its own scaled map (minimum 0, maximum 1).
     */
    @Test
    void aCoarserLayerIsPlacedOnTheInputBeforeTheMean() throws Exception {
        try (CamModel model = CamModelLoader.load(SharedData.bundledModels().resolve("mnist-pooled"),
                LoadOptions.defaults())) {
            List<Target> asked = new ArrayList<>();
            float[] p = {0.1f, 0.2f, 0.7f};
            LayerFusion fusion = new LayerFusion(model, List.of(
                    layer(new FloatMap(2, 2, new float[] {-1, 1, 3, 5}), new Placement(1, 1, 0, 0), p, asked),
                    layer(new FloatMap(1, 2, new float[] {0, 2}), Placement.stretch(1, 2, 2, 2), p, asked)));
            ImageExplanation e = fusion.explain(new float[4], 1, 2, 2, Target.predicted(),
                    new int[][] {{2, 2}}, new InputFrame[1], List.of("hand")).get(0);
            assertArrayEquals(new float[] {0f, 0.6f, 0.3f, 1f}, e.first().rawMap().values(), 1e-6f);
        }
    }

    /**
     * RefineCAM's product (pytorch-grad-cam's form): layer a's {-1, 1, 3, 5} scaled {0, .2, .6, 1}, layer b's
     * {2, 4, 3, 4} scaled {0, 1, .5, 1}; their product {0, .2, .3, 1} is its own scaled map, where the mean would give
     * {0, .6, .55, 1}. One layer is a product of one; fewer are refused naming the combination.
     */
    @Test
    void refineCamMultipliesTheLayersScaledMaps() throws Exception {
        try (CamModel model = CamModelLoader.load(SharedData.bundledModels().resolve("mnist-pooled"),
                LoadOptions.defaults())) {
            Placement identity = new Placement(1, 1, 0, 0);
            float[] p = {0.1f, 0.2f, 0.7f};
            List<Target> asked = new ArrayList<>();
            LayerFusion fusion = new LayerFusion(model, List.of(
                    layer(new FloatMap(2, 2, new float[] {-1, 1, 3, 5}), identity, p, asked),
                    layer(new FloatMap(2, 2, new float[] {2, 4, 3, 4}), identity, p, asked)),
                    LayerFusion.Combination.PRODUCT);
            ImageExplanation e = fusion.explain(new float[4], 1, 2, 2, Target.predicted(),
                    new int[][] {{2, 2}}, new InputFrame[1], List.of("hand")).get(0);
            assertArrayEquals(new float[] {0f, 0.2f, 0.3f, 1f}, e.first().rawMap().values(), 1e-6f);
            assertEquals(1, LayerFusion.Combination.PRODUCT.fewestLayers());
            assertEquals(LayerFusion.Combination.CELL_PRODUCT, LayerFusion.Combination.refine(RefineForm.TORCH_CAM));
            assertEquals(LayerFusion.Combination.PRODUCT,
                    LayerFusion.Combination.refine(RefineForm.PYTORCH_GRAD_CAM));
            String mean = assertThrows(IllegalArgumentException.class, () -> new LayerFusion(model, List.of(
                    layer(new FloatMap(1, 1, new float[] {1}), identity, p, asked)))).getMessage();
            assertEquals("a fused map by the mean needs at least 2 layers, got 1", mean);
            String torch = assertThrows(IllegalArgumentException.class, () -> new LayerFusion(model, List.of(
                    layer(new FloatMap(1, 1, new float[] {1}), identity, p, asked)),
                    LayerFusion.Combination.CELL_PRODUCT)).getMessage();
            assertTrue(torch.startsWith("torch-cam's RefineCAM needs two or more target layers"), torch);
        }
    }

    @Test
    void oneLayerIsNoFusion() {
        assertThrows(IllegalArgumentException.class, () -> new LayerFusion(null, List.of(
                layer(new FloatMap(1, 1, new float[] {1}), new Placement(1, 1, 0, 0), new float[] {1}, List.of()))));
    }

    @Test
    void layersAreRefusedWhereTheyCannotBeChosen() {
        String twice = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .optLayers(List.of("a", "b", "a"))).getMessage();
        assertTrue(twice.contains("given twice"), twice);
        String one = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .optLayers(List.of("a"))).getMessage();
        assertTrue(one.contains("two or more") && one.contains("withFoundOverrides"), one);
        String cam = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optLayers(List.of("a", "b")).build()).getMessage();
        assertTrue(cam.contains("CAM weighs") && cam.contains("one layer by definition"), cam);
        String both = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optLoadOptions(LoadOptions.defaults().withGradCam().withFoundOverrides("a", null))
                .optLayers(List.of("a", "b")).build()).getMessage();
        assertTrue(both.contains("both choose the layer"), both);
    }
}
