package io.github.cam4j.cam;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;
import java.util.List;

/**
 * torch-cam's fusion of several target layers' maps ({@link LayersForm#TORCH_CAM}, {@code _CAM.fuse_cams} in {@code
 * torchcam/methods/core.py}, with LayerCAM's {@code _scale_cams} in {@code gradient.py}, read at frgfm/torch-cam's
 * mirrored HEAD), over the maps its extractors return by default ({@code normalized=True}): the layers' largest value
 * at the largest layer's cells, the LayerCAM paper's fusion.
 *
 * <ol>
 *   <li>Each layer's raw map ReLU-ed and normalised at its own cells: torch-cam's extractor ReLUs its map (every
 *       extractor that takes several layers has {@code _relu} on) and normalises it ({@code _CAM._normalize}: less
 *       its minimum, divided by its maximum + 1e-8). cam4j scales by the exact range ({@link AugSmoothing#scaled}), 1e-8
 *       of the range from torch-cam's, and a flat map to zeros as torch-cam's {@code 0 / (0 + 1e-8)} does.</li>
 *   <li>Each normalised map through the extractor's {@code _scale_cams}: LayerCAM's {@code tanh(2 * cam)} (its {@code
 *       gamma} 2.0, the paper's equation 9), so a layer's weak evidence counts nearly as much as its strongest; every
 *       other extractor's base {@code _scale_cams} returns the maps as they are.</li>
 *   <li>Each resized to the grid of the layers' largest rows and largest columns by {@code F.interpolate(mode=
 *       "bilinear", align_corners=False)}, as {@link CellGridProduct} does ({@link Resize#bilinear} is that rule where
 *       it upsamples, as here).</li>
 *   <li>The element-wise maximum of the maps, not normalised again: a LayerCAM map's largest value is {@code tanh(2)},
 *       0.964, as torch-cam's.</li>
 * </ol>
 *
 * <p>The maximum lies on the largest layer's cells, so cam4j places it on the input's pixels as that layer's own maps
 * are placed ({@link Resize#placed} with its {@link CamResult#placement()}), where torch-cam leaves the map at the cells
 * for the caller to stretch edge to edge. A grid whose largest rows and largest columns come from two different layers
 * is no layer's and is refused.
 */
final class CellGridMaximum {
    /** LayerCAM's {@code _scale_cams(cams, gamma=2.0)}: {@code tanh(gamma * cam)}. */
    static final float LAYER_CAM_GAMMA = 2f;

    private CellGridMaximum() {}

    /**
     * @param layers one map per target layer, each run with its maps placed on the model input's pixels (its
     *     {@code placement()} is the input's); two or more
     * @param tanh whether each normalised map goes through LayerCAM's {@code tanh(2 * cam)} first
     * @param height the input's rows
     * @param width its columns
     * @return the maximum at the largest layer's cells, placed on the input's pixels, holding nothing outside the part a
     *     cropping model saw
     * @throws CamException when no one layer has both the largest rows and the largest columns
     */
    static FloatMap fused(List<CamResult> layers, boolean tanh, int height, int width) throws CamException {
        CamResult largest = CellGridProduct.largest(layers);
        if (largest == null) {
            throw new CamException("torch-cam's fusion takes the layers' largest value at the largest layer's cells,"
                    + " but no target layer has both the most rows and the most columns (" + CellGridProduct.grid(layers)
                    + "); give layers whose grids nest, or --layers-form pytorch-grad-cam, which averages on the input");
        }
        int rows = largest.rawMap().height();
        int cols = largest.rawMap().width();
        float[] maximum = new float[rows * cols];
        // Every map is at least 0 (ReLU-ed, normalised, tanh of that), so 0 is below all of them.
        for (CamResult r : layers) {
            FloatMap normalised = AugSmoothing.scaled(r.rawMap());
            FloatMap scaled = tanh ? layerCamScaled(normalised) : normalised;
            float[] v = Resize.bilinear(scaled, rows, cols).values();
            for (int p = 0; p < maximum.length; p++) {
                maximum[p] = Math.max(maximum[p], v[p]);
            }
        }
        return AugSmoothing.placedOnInput(new FloatMap(rows, cols, maximum), largest, height, width);
    }

    /** @return LayerCAM's {@code torch.tanh(2.0 * cam)} of each cell, in float32 as torch's */
    private static FloatMap layerCamScaled(FloatMap normalised) {
        float[] v = normalised.values().clone();
        for (int p = 0; p < v.length; p++) {
            v[p] = (float) Math.tanh(LAYER_CAM_GAMMA * v[p]);
        }
        return new FloatMap(normalised.height(), normalised.width(), v);
    }
}
