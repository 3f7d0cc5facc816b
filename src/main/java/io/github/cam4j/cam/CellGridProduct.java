package io.github.cam4j.cam;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;
import java.util.List;

/**
 * torch-cam's RefineCAM ({@link RefineForm#TORCH_CAM}, {@code RefineCAM.fuse_cams} in {@code
 * torchcam/methods/gradient.py}, read at frgfm/torch-cam's mirrored HEAD): the layers' maps multiplied at the largest
 * layer's cells rather than on the input's pixels.
 *
 * <ol>
 *   <li>Each layer's raw map ReLU-ed and normalised at its own cells. torch-cam's base extractor returns its map
 *       normalised ({@code _CAM._normalize}: {@code cam - min}, then {@code / (max + 1e-8)} of what is left), and
 *       {@code fuse_cams} normalises it again, which leaves a map already in [0, 1] as it is up to 1e-8. cam4j scales
 *       by the exact range ({@link AugSmoothing#scaled}), 1e-8 of the range from torch-cam's, and a flat map to zeros
 *       as torch-cam's {@code 0 / (0 + 1e-8)} does.</li>
 *   <li>Each resized to the grid of the layers' largest rows and largest columns by {@code F.interpolate(mode=
 *       "bilinear", align_corners=False)}: source coordinate {@code (dst + 0.5) * in / out - 0.5}, clamped at 0 and at
 *       the last cell. OpenCV's {@code INTER_LINEAR} on float32 ({@link Resize#bilinear}) is that rule: the grid is
 *       never smaller than a layer's, so only upsampling happens, where the two agree but for float32 rounding of
 *       the weights (OpenCV and torch both compute the weights in float32).</li>
 *   <li>The maps multiplied cell by cell and the product normalised ({@link AugSmoothing#scaled}; the product is at
 *       least 0, so this is torch-cam's {@code _normalize} but for its 1e-8).</li>
 * </ol>
 *
 * <p>The product lies on the largest layer's cells, so cam4j places it on the input's pixels as that layer's own maps
 * are placed ({@link Resize#placed} with its {@link CamResult#placement()}: where the graph's convolutions and poolings
 * put the cells' centres), where torch-cam leaves the map at the cells for the caller to stretch edge to edge.
 * A grid whose largest rows and largest columns come from two different layers is no layer's and is refused.
 */
final class CellGridProduct {
    private CellGridProduct() {}

    /**
     * @param layers one map per target layer, each run with its maps placed on the model input's pixels (its
     *     {@code placement()} is the input's); two or more
     * @param height the input's rows
     * @param width its columns
     * @return the product at the largest layer's cells, normalised, placed on the input's pixels, holding nothing
     *     outside the part a cropping model saw
     * @throws CamException when no one layer has both the largest rows and the largest columns
     */
    static FloatMap fused(List<CamResult> layers, int height, int width) throws CamException {
        CamResult largest = largest(layers);
        if (largest == null) {
            throw new CamException("torch-cam's RefineCAM multiplies the layers' maps at the largest layer's cells, but"
                    + " no target layer has both the most rows and the most columns (" + grid(layers) + "); give"
                    + " layers whose grids nest, or --refine-form pytorch-grad-cam, which multiplies on the input");
        }
        int rows = largest.rawMap().height();
        int cols = largest.rawMap().width();
        float[] product = new float[rows * cols];
        java.util.Arrays.fill(product, 1f);
        for (CamResult r : layers) {
            float[] v = Resize.bilinear(AugSmoothing.scaled(r.rawMap()), rows, cols).values();
            for (int p = 0; p < product.length; p++) {
                product[p] *= v[p];
            }
        }
        return AugSmoothing.placedOnInput(AugSmoothing.scaled(new FloatMap(rows, cols, product)), largest, height,
                width);
    }

    /**
     * @param layers one map per target layer
     * @return the first layer with both the most rows and the most columns of them all, the grid torch-cam's {@code
     *     fuse_cams} resizes every map to; null when the most rows and the most columns are two layers'
     */
    static CamResult largest(List<CamResult> layers) {
        int rows = 0;
        int cols = 0;
        for (CamResult r : layers) {
            rows = Math.max(rows, r.rawMap().height());
            cols = Math.max(cols, r.rawMap().width());
        }
        for (CamResult r : layers) {
            if (r.rawMap().height() == rows && r.rawMap().width() == cols) {
                return r;
            }
        }
        return null;
    }

    /** @return the most rows and the most columns of the layers' cells, "RxC", for a message */
    static String grid(List<CamResult> layers) {
        return layers.stream().mapToInt(r -> r.rawMap().height()).max().orElse(0) + "x"
                + layers.stream().mapToInt(r -> r.rawMap().width()).max().orElse(0);
    }
}
