package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.MapNormalizer;
import io.github.cam4j.render.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * torch-cam's fusion of layers ({@link CellGridMaximum}) on maps known by hand; {@code TorchCamLayersFormTest} and
 * {@code TorchCamParityTest} compare it with torch-cam's steps and torch-cam itself on real models.
 */
class CellGridMaximumTest {
    private static CamResult layer(FloatMap raw, Placement placement) {
        return new CamResult(0, "0", 1f, 1f, raw, MapNormalizer.minMax(raw), placement);
    }

    /** A coarse layer first, 1x2 cells {0, 3} (normalised {0, 1}, resized to 2x2 as two columns {0, 1}). */
    private static final CamResult COARSE = layer(new FloatMap(1, 2, new float[] {0, 3}), Placement.stretch(1, 2, 2, 2));
    /** Then the largest, 2x2 {2, 4, 6, 10}, normalised {0, .25, .5, 1}, its cells the 2x2 input's pixels. */
    private static final CamResult FINE = layer(new FloatMap(2, 2, new float[] {2, 4, 6, 10}), new Placement(1, 1, 0, 0));

    /**
     * The maximum of {0, 1, 0, 1} and {0, .25, .5, 1} is {0, 1, .5, 1}, placed as the largest layer's cells are (the
     * identity), not the coarse layer's stretch. 1e-6: the values are sums of a few float32 products.
     */
    @Test
    void theLayersLargestValueAtTheLargestLayersCells() throws Exception {
        assertArrayEquals(new float[] {0f, 1f, 0.5f, 1f},
                CellGridMaximum.fused(List.of(COARSE, FINE), false, 2, 2).values(), 1e-6f);
    }

    /**
     * LayerCAM's {@code tanh(2 x)} before the maximum: {0, tanh 2} from the coarse layer, {0, tanh .5, tanh 1, tanh 2}
     * from the fine one; the maximum {0, tanh 2, tanh 1, tanh 2} is not normalised again (its top is 0.964, not 1).
     */
    @Test
    void layerCamsTanhComesBeforeTheMaximumAndNothingIsNormalisedAfter() throws Exception {
        float t2 = (float) Math.tanh(2);
        assertArrayEquals(new float[] {0f, t2, (float) Math.tanh(1), t2},
                CellGridMaximum.fused(List.of(COARSE, FINE), true, 2, 2).values(), 1e-6f);
        assertEquals(2f, CellGridMaximum.LAYER_CAM_GAMMA);
    }

    /** The most rows from one layer, the most columns from another: no layer's grid, refused in one line naming it. */
    @Test
    void gridsThatDoNotNestAreRefused() {
        CamResult tall = layer(new FloatMap(2, 1, new float[] {0, 1}), Placement.stretch(2, 1, 2, 2));
        CamResult wide = layer(new FloatMap(1, 2, new float[] {0, 1}), Placement.stretch(1, 2, 2, 2));
        CamException e = assertThrows(CamException.class, () -> CellGridMaximum.fused(List.of(tall, wide), true, 2, 2));
        assertTrue(e.getMessage().startsWith("torch-cam's fusion takes the layers' largest value at the largest layer's"
                + " cells, but no target layer has both the most rows and the most columns (2x2)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("--layers-form pytorch-grad-cam, which averages on the input"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }
}
