package io.github.cam4j.cam;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.CamModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One map from several target layers, pytorch-grad-cam's {@code target_layers=[a, b, ...]} ({@code BaseCAM
 * .compute_cam_per_layer} and {@code aggregate_multi_layers}): each layer's map by the session's method, ReLU and
 * min-max scaled at its cells ({@link AugSmoothing#scaled}), brought to the model input's pixels, then the layers' maps
 * averaged and the mean scaled again. Earlier layers have finer cells, so the mean keeps the last layer's class
 * evidence at a finer grain.
 *
 * <p>Where cam4j differs from pytorch-grad-cam:
 * <ul>
 *   <li>A layer's scaled map reaches the input's pixels as cam4j places any map's cells there (bilinear between the
 *       cells where the graph's convolutions and poolings put their centres, {@link ImageExplainer#placement}), where
 *       pytorch-grad-cam stretches it edge to edge by {@code cv2.resize}: for a layer whose cells do not span the input
 *       edge to edge (valid convolutions, a pooling that drops a row) the two put its evidence at other pixels. For a
 *       layer at the input's own size with "same" padding both are the identity.</li>
 *   <li>Scaling is {@code max(v - m, 0) / (max - m)} with {@code m = max(min, 0)}, a flat map or one without a
 *       positive cell all zeros; pytorch-grad-cam divides by {@code 1e-7 + max - min}, which differs by 1e-7 of the
 *       map's range.</li>
 *   <li>Every layer explains the class the first layer's run explains (its predicted class, each of its top k, or the
 *       class given); the probabilities, logits and prediction reported are that run's, the picture's own (every layer
 *       sees the same picture through the same model, so its logits are the same).</li>
 * </ul>
 *
 * <p>RefineCAM ({@link Combination#PRODUCT}, pytorch-grad-cam's {@code RefineCAM}) takes the elementwise product of the
 * layers' maps instead of their mean, each layer's map scaled once more on the input's pixels first (its base method's
 * own output at that one layer), and scales the product: a pixel keeps evidence only where every layer has some, so a
 * fine early layer's speckle is cut by a later layer's coarse blob. pytorch-grad-cam's loop that meant to ReLU and scale
 * each map before the product ({@code for cam in cam_per_layer: cam = np.maximum(cam, 0); cam = cam / (np.max(cam) +
 * 1e-8)}) rebinds its loop variable and leaves {@code cam_per_layer} as it was; the maps it multiplies are each base
 * method's returned map, already in [0, 1], and so are cam4j's.
 *
 * <p>torch-cam's fusion ({@link LayersForm#TORCH_CAM}, {@link Combination#CELL_MAXIMUM}) takes the layers' largest
 * value at the largest layer's cells instead, each layer's map normalised there (and through LayerCAM's {@code tanh}
 * for LayerCAM), the LayerCAM paper's fusion ({@link CellGridMaximum}).
 *
 * <p>Cost: the layers' models share one session ({@link io.github.cam4j.savedmodel.CamModelLoader#loadAtLayers}), so
 * the model is loaded once, and a batch is one run fetching every layer's features and gradients ({@link LayerRun}); a
 * top-k target's further classes one more run each, for all layers.
 */
final class LayerFusion {
    /** One batch's runs of the layers: what each layer's maps are asked of, closed after the batch is fused. */
    interface Batch extends AutoCloseable {
        /** @return one per target layer, in order, the first the session's own (its prediction is reported) */
        List<AugSmoothing.Runs> layers();

        @Override
        void close();
    }

    /** Runs a batch for every layer. */
    interface Layers {
        /**
         * @param target what the first layer explains
         * @return the batch's runs; the caller closes it
         * @throws CamException when the model fails on the pictures
         */
        Batch open(float[] batch, int count, int height, int width, Target target, List<String> pictures)
                throws CamException;
    }

    /**
     * How the layers' maps become one: pytorch-grad-cam's mean of the scaled maps ({@code BaseCAM
     * .aggregate_multi_layers}), or RefineCAM's product of each layer's own scaled map ({@code RefineCAM.forward}).
     */
    enum Combination {
        /**
         * {@code scale_cam_image(np.mean(np.maximum(maps, 0), axis=1))}: each layer's map scaled at its cells and placed
         * on the input, the mean of those scaled again. Two or more layers.
         */
        MEAN(2),
        /**
         * RefineCAM's {@code scale_cam_image(np.prod(cam_per_layer, axis=0))}, where each layer's map is its base
         * method's own single-layer output: scaled at its cells, placed on the input, then scaled again there (its
         * {@code aggregate_multi_layers} over one layer: the mean of one map is that map). One layer or more: with one
         * the product is that layer's map, scaled.
         */
        PRODUCT(1),
        /**
         * torch-cam's {@code RefineCAM.fuse_cams}: each layer's map normalised at its own cells, resized to the
         * largest layer's cells, multiplied there, the product normalised and placed on the input as that layer's maps
         * are ({@link CellGridProduct}). Two or more layers, as torch-cam asks.
         */
        CELL_PRODUCT(2),
        /**
         * torch-cam's {@code _CAM.fuse_cams} ({@link LayersForm#TORCH_CAM}): each layer's map normalised at its own
         * cells, resized to the largest layer's cells, the element-wise maximum there placed on the input as that
         * layer's maps are ({@link CellGridMaximum}). torch-cam's base {@code _scale_cams}: the maps as they are. Two
         * or more layers.
         */
        CELL_MAXIMUM(2),
        /**
         * As {@link #CELL_MAXIMUM}, each normalised map through LayerCAM's {@code _scale_cams}, {@code tanh(2 * cam)},
         * before it is resized: torch-cam's {@code LayerCAM.fuse_cams}, the LayerCAM paper's fusion.
         */
        CELL_MAXIMUM_TANH(2);

        private final int fewestLayers;

        Combination(int fewestLayers) {
            this.fewestLayers = fewestLayers;
        }

        /**
         * @param form which library's RefineCAM
         * @return its combination of the layers' maps
         */
        static Combination refine(RefineForm form) {
            return form == RefineForm.TORCH_CAM ? CELL_PRODUCT : PRODUCT;
        }

        /**
         * @param form which library's fusion of the layers
         * @param layerCam whether the layers' maps are LayerCAM's, whose torch-cam fusion scales each by {@code tanh}
         * @return its combination of the layers' maps
         */
        static Combination layers(LayersForm form, boolean layerCam) {
            return form == LayersForm.PYTORCH_GRAD_CAM ? MEAN : layerCam ? CELL_MAXIMUM_TANH : CELL_MAXIMUM;
        }

        /** @return the layers in the fewest this combination takes */
        int fewestLayers() {
            return fewestLayers;
        }

        /**
         * @param layerMaps one picture's map of one class at every layer, in order, each run placed on the input
         * @return the fused map on the input's pixels
         * @throws CamException when torch-cam's product has no largest layer ({@link CellGridProduct#fused})
         */
        private FloatMap fuse(List<CamResult> layerMaps, int height, int width) throws CamException {
            if (this == CELL_PRODUCT) {
                return CellGridProduct.fused(layerMaps, height, width);
            }
            if (this == CELL_MAXIMUM || this == CELL_MAXIMUM_TANH) {
                return CellGridMaximum.fused(layerMaps, this == CELL_MAXIMUM_TANH, height, width);
            }
            float[] acc = new float[height * width];
            Arrays.fill(acc, this == MEAN ? 0f : 1f);
            for (CamResult layerMap : layerMaps) {
                // Each layer's map scaled at its cells and placed on the input (RefineCAM's scaled there once more).
                FloatMap onInput = AugSmoothing.scaledOnInput(layerMap, height, width);
                float[] v = (this == MEAN ? onInput : AugSmoothing.scaled(onInput)).values();
                for (int p = 0; p < acc.length; p++) {
                    acc[p] = this == MEAN ? acc[p] + v[p] : acc[p] * v[p];
                }
            }
            return this == MEAN ? meanScaled(acc, layerMaps.size(), height, width)
                    : AugSmoothing.scaled(new FloatMap(height, width, acc));
        }
    }

    private final Layers layers;
    private final Combination combination;
    /** The first layer's model: where a cropping model's seen part is read when the fused map is placed. */
    private final CamModel model;
    /** The model runs {@link LayerRun}s made, over every batch: what one run per batch can be checked by. */
    private final AtomicLong modelRuns;

    /**
     * A fusion over runs made apart, one per layer: the seam through which maps known by hand are fused in tests.
     *
     * @param model the first layer's model (any layer's: they are one model, opened at different layers)
     * @param layers one run per target layer, in the order given; at least two
     */
    LayerFusion(CamModel model, List<AugSmoothing.Runs> layers) {
        this(model, layers, Combination.MEAN);
    }

    /**
     * As {@link #LayerFusion(CamModel, List)}, combining the layers' maps as asked.
     *
     * @param combination the mean, or RefineCAM's product
     */
    LayerFusion(CamModel model, List<AugSmoothing.Runs> layers, Combination combination) {
        this(model, layers.size(), apart(List.copyOf(layers)), new AtomicLong(), combination);
    }

    /**
     * The session's fusion: one run of the model per batch for every layer ({@link LayerRun}).
     *
     * @param layers one per target layer, in order, their models sharing one session; at least two for the mean, one
     *     for the product
     * @param combination the mean, or RefineCAM's product
     * @return the fusion
     */
    static LayerFusion sharingRuns(List<BatchRun> layers, Combination combination) {
        List<BatchRun> copy = List.copyOf(layers);
        AtomicLong runs = new AtomicLong();
        return new LayerFusion(copy.get(0).model(), copy.size(), (batch, count, height, width, target, pictures) -> {
            LayerRun run = LayerRun.open(copy, batch, count, height, width, target, pictures);
            return new Batch() {
                @Override
                public List<AugSmoothing.Runs> layers() {
                    return run.layers();
                }

                @Override
                public void close() {
                    runs.addAndGet(run.runs());
                    run.close();
                }
            };
        }, runs, combination);
    }

    private LayerFusion(CamModel model, int layerCount, Layers layers, AtomicLong modelRuns, Combination combination) {
        if (layerCount < combination.fewestLayers) {
            if (combination == Combination.CELL_PRODUCT) {
                throw new IllegalArgumentException("torch-cam's RefineCAM needs two or more target layers (its"
                        + " RefineCAM refuses fewer), got " + layerCount);
            }
            if (combination == Combination.CELL_MAXIMUM || combination == Combination.CELL_MAXIMUM_TANH) {
                throw new IllegalArgumentException("torch-cam's fusion of layers needs two or more target layers, got "
                        + layerCount);
            }
            throw new IllegalArgumentException("a fused map by the " + combination.name().toLowerCase(java.util.Locale.ROOT)
                    + " needs at least " + combination.fewestLayers + " layers, got " + layerCount);
        }
        this.model = model;
        this.combination = combination;
        this.layers = layers;
        this.modelRuns = modelRuns;
    }

    /** @return runs made apart, closing nothing */
    private static Layers apart(List<AugSmoothing.Runs> runs) {
        return (batch, count, height, width, target, pictures) -> new Batch() {
            @Override
            public List<AugSmoothing.Runs> layers() {
                return runs;
            }

            @Override
            public void close() {}
        };
    }

    /** @return the model runs the session's batches made so far ({@link #sharingRuns}; 0 for runs made apart) */
    long modelRuns() {
        return modelRuns.get();
    }

    /**
     * Explains a batch as {@link BatchRun#run} does, each map fused from every layer's.
     *
     * @return one explanation per picture: the first layer's run's prediction, probabilities and logits, and the fused
     *     maps, one value per pixel of the model's input, placed on pictures of {@code outputSizes} (through
     *     {@code frames} where framed)
     */
    List<ImageExplanation> explain(float[] batch, int count, int height, int width, Target target,
            int[][] outputSizes, InputFrame[] frames, List<String> pictures) throws CamException {
        try (Batch run = layers.open(batch, count, height, width, target, pictures)) {
            return fuse(run.layers(), batch, count, height, width, target, outputSizes, frames, pictures);
        }
    }

    private List<ImageExplanation> fuse(List<AugSmoothing.Runs> layers, float[] batch, int count, int height, int width,
            Target target, int[][] outputSizes, InputFrame[] frames, List<String> pictures) throws CamException {
        // Every layer's maps are placed on the model's input, where the layers' cells meet.
        int[][] onInput = new int[count][];
        Arrays.fill(onInput, new int[] {height, width});
        List<ImageExplanation> own = layers.get(0).run(batch, count, height, width, target, onInput,
                new InputFrame[count], pictures);
        int ranks = own.get(0).maps().size();
        // Each picture's rank-r map at every layer, in order: the first layer's own, then the others'.
        List<List<List<CamResult>>> perLayer = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            List<List<CamResult>> byRank = new ArrayList<>(ranks);
            for (int r = 0; r < ranks; r++) {
                byRank.add(new ArrayList<>(layers.size()));
                byRank.get(r).add(own.get(i).maps().get(r));
            }
            perLayer.add(byRank);
        }
        for (AugSmoothing.Runs layer : layers.subList(1, layers.size())) {
            for (int r = 0; r < ranks; r++) {
                // The class each picture's rank-r map explains: the first layer's, never the layer's own choice.
                int[] classes = new int[count];
                for (int i = 0; i < count; i++) {
                    classes[i] = own.get(i).maps().get(r).classIndex();
                }
                List<ImageExplanation> out = layer.run(batch, count, height, width, Target.perImage(classes), onInput,
                        new InputFrame[count], pictures);
                for (int i = 0; i < count; i++) {
                    perLayer.get(i).get(r).add(out.get(i).maps().get(0));
                }
            }
        }
        List<ImageExplanation> fused = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            FloatMap[] maps = new FloatMap[ranks];
            for (int r = 0; r < ranks; r++) {
                maps[r] = combination.fuse(perLayer.get(i).get(r), height, width);
            }
            fused.add(ImageExplainer.fromInputPixels(model, own.get(i), maps, height, width, outputSizes[i],
                    frames[i]));
        }
        return fused;
    }

    /**
     * @param sum the layers' scaled maps added, one value per input pixel (this call divides it)
     * @param layers how many were added
     * @return pytorch-grad-cam's {@code scale_cam_image(np.mean(np.maximum(maps, 0), axis=1))}: the mean, ReLU-ed (each
     *     scaled map is at least 0 already) and min-max scaled
     */
    static FloatMap meanScaled(float[] sum, int layers, int height, int width) {
        float[] mean = sum.clone();
        for (int p = 0; p < mean.length; p++) {
            mean[p] /= layers;
        }
        return AugSmoothing.scaled(new FloatMap(height, width, mean));
    }
}
