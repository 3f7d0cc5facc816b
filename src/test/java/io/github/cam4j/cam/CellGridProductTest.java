package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.MapNormalizer;
import io.github.cam4j.render.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * torch-cam's RefineCAM product ({@link CellGridProduct}) on maps known by hand; {@code TorchCamRefineTest} and
 * {@code TorchCamParityTest} compare it with torch-cam on real models.
 */
class CellGridProductTest {
    private static CamResult layer(FloatMap raw, Placement placement) {
        return new CamResult(0, "0", 1f, 1f, raw, MapNormalizer.minMax(raw), placement);
    }

    /**
     * A coarse layer first, 1x2 cells {0, 3} (normalised {0, 1}, resized to the 2x2 grid as two columns {0, 1}), then
     * the largest, 2x2 {2, 4, 6, 10} (normalised {0, .25, .5, 1}): the product {0, .25, 0, 1} is its own normalised
     * map, placed on the 2x2 input as the largest layer's cells are (the identity), not the coarse layer's stretch.
     */
    @Test
    void theLayersAreMultipliedAtTheLargestLayersCells() throws Exception {
        CamResult coarse = layer(new FloatMap(1, 2, new float[] {0, 3}), Placement.stretch(1, 2, 2, 2));
        CamResult fine = layer(new FloatMap(2, 2, new float[] {2, 4, 6, 10}), new Placement(1, 1, 0, 0));
        assertArrayEquals(new float[] {0f, 0.25f, 0f, 1f}, CellGridProduct.fused(List.of(coarse, fine), 2, 2).values(),
                1e-6f);
    }

    /** Two layers of one grid: {0, .25, .5, 1} times {1, 1, 0, .5} is {0, .25, 0, .5}, normalised {0, .5, 0, 1}. */
    @Test
    void theProductIsNormalisedAgain() throws Exception {
        Placement identity = new Placement(1, 1, 0, 0);
        CamResult a = layer(new FloatMap(2, 2, new float[] {2, 4, 6, 10}), identity);
        CamResult b = layer(new FloatMap(2, 2, new float[] {5, 5, 1, 3}), identity);
        assertArrayEquals(new float[] {0f, 0.5f, 0f, 1f}, CellGridProduct.fused(List.of(a, b), 2, 2).values(), 1e-6f);
    }

    /** The most rows from one layer, the most columns from another: no layer's grid, refused naming it. */
    @Test
    void gridsThatDoNotNestAreRefused() {
        CamResult tall = layer(new FloatMap(2, 1, new float[] {0, 1}), Placement.stretch(2, 1, 2, 2));
        CamResult wide = layer(new FloatMap(1, 2, new float[] {0, 1}), Placement.stretch(1, 2, 2, 2));
        CamException e = assertThrows(CamException.class, () -> CellGridProduct.fused(List.of(tall, wide), 2, 2));
        assertTrue(e.getMessage().contains("no target layer has both the most rows and the most columns (2x2)"),
                e.getMessage());
    }
}
