package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.DtypeNames;
import io.github.cam4j.savedmodel.GradientWeighting;
import java.util.Arrays;
import java.util.stream.IntStream;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/**
 * The gradient methods' arithmetic on a fetched batch. Grad-CAM (Selvaraju et al. 2017): a class's channel weights are
 * the spatial mean of the gradient of its logit with respect to the features,
 * {@code alpha_k = mean over (y, x) of d logit / d f_k(y, x)}, and the map is {@code ReLU(sum_k alpha_k f_k)}, the sum
 * being CAM's with {@code alpha} for the kernel column ({@link FeatureBatch#classMap}). Grad-CAM++ and XGrad-CAM weigh
 * the channels otherwise; HiResCAM, LayerCAM and Grad-CAM element-wise weigh each cell by its own gradient
 * ({@link GradientWeighting}).
 */
final class GradientBatch {
    /**
     * What pytorch-grad-cam adds to Grad-CAM++'s denominator ({@code grad_cam_plusplus.py}: {@code eps = 0.000001}).
     * cam4j had taken XGrad-CAM's 1e-7 for it until the twenty-ninth round's audit read the source: on a ResNet50 the
     * raw maps moved by up to 2.4 % of their maximum.
     */
    static final double PLUS_PLUS_EPSILON = 1e-6;

    /** What pytorch-grad-cam adds to XGrad-CAM's denominator ({@code xgrad_cam.py}: {@code + 1e-7}). */
    static final double XGRAD_EPSILON = 1e-7;

    private GradientBatch() {}

    /**
     * @param classes one class per image
     * @param count images
     * @param model the model, whose logits the weights multiply
     * @return a new float32 [count, units] tensor weighing each image's logits so that their weighted sum is its class's
     *     logit: a one at its class, or for a binary classifier ({@link CamModel#isBinary()}) +1 for class 1 and -1 for
     *     class 0, whose logit is the unit's negated; the caller closes it
     */
    static TFloat32 classWeights(int[] classes, int count, CamModel model) {
        int units = model.units();
        float[] rows = new float[count * units];
        for (int i = 0; i < count; i++) {
            if (model.isBinary()) {
                rows[i] = classes[i] == 1 ? 1f : -1f;
            } else {
                rows[i * units + classes[i]] = 1f;
            }
        }
        return TFloat32.tensorOf(Shape.of(count, units), DataBuffers.of(rows, true, false));
    }

    /** Per thread, one image's gradient: up to 28x28x128 floats for the unpooled model, too many to allocate per image. */
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    /**
     * @param gradient the fetched gradient of one class's logit per image, float32 [N, h, w, K]
     * @param name its tensor's name, for errors
     * @param channels K
     * @param weighting the method
     * @param features the run's features
     * @param eigenSmooth project the weighted activations on their first principal component instead of summing them
     *     over the channels ({@link EigenSmooth})
     * @return per image, the map's {@code h * w} cells, row-major, ReLU applied: for the channel-weighting methods
     *     {@code ReLU(sum_k w_k f_k)} with Grad-CAM's, Grad-CAM++'s or XGrad-CAM's weights; for HiResCAM,
     *     LayerCAM and Grad-CAM element-wise the cell-by-cell products {@link GradientWeighting} defines; smoothed, the
     *     same weighted activations' first principal component
     * @throws CamException when the tensor is not float32 [N, h, w, K]
     */
    static float[][] maps(Tensor gradient, String name, int channels, GradientWeighting weighting, FeatureBatch features,
            boolean eigenSmooth) throws CamException {
        long[] shape = gradient.shape().asArray();
        if (!(gradient instanceof TFloat32 floats) || shape.length != 4 || shape[3] != channels) {
            throw new CamException("gradient tensor '" + name + "' is " + DtypeNames.of(gradient.dataType()) + " "
                    + Arrays.toString(shape)
                    + ", expected float32 [N, h, w, " + channels + "]");
        }
        FloatDataBuffer data = floats.asRawTensor().data().asFloats();
        int count = (int) shape[0];
        int cells = (int) (shape[1] * shape[2]);
        int perImage = cells * channels;
        float[][] maps = new float[count][];
        // Images are independent: spread them over the cores, as CAM's maps are.
        IntStream images = IntStream.range(0, count);
        (count >= 8 ? images.parallel() : images).forEach(i -> {
            float[] image = scratch(perImage);
            data.slice((long) i * perImage, perImage).read(image, 0, perImage);
            maps[i] = eigenSmooth ? smoothed(weighting, image, features, i, cells, channels)
                    : relu(map(weighting, image, features, i, cells, channels));
        });
        return maps;
    }

    private static float[] scratch(int size) {
        float[] scratch = SCRATCH.get();
        if (scratch.length < size) {
            scratch = new float[size];
            SCRATCH.set(scratch);
        }
        return scratch;
    }

    /**
     * One image's map. The channel-weighting methods' product is read from the features where they lie, as CAM's is
     * ({@link FeatureBatch#classMap}); Grad-CAM's weights need only the gradient, so its features are never copied.
     */
    private static float[] map(GradientWeighting weighting, float[] gradient, FeatureBatch features, int image, int cells,
            int channels) {
        return switch (weighting) {
            // ShapleyCAM weighs as Grad-CAM does, its gradient less H A / 2. Finer-CAM's gradient is weighed by its base
            // (BatchRun passes the base's weighting); as Grad-CAM, its default base, when asked by its own name.
            case GRAD_CAM, FINER_CAM, SHAPLEY_CAM -> features.classMap(image, meanOverCells(gradient, cells, channels));
            case GRAD_CAM_PLUS_PLUS -> features.classMap(image, plusPlus(gradient, features.image(image), cells, channels));
            case XGRAD_CAM -> features.classMap(image,
                    activationWeighted(gradient, features.image(image), cells, channels));
            case HIRES_CAM, LAYER_CAM, GRAD_CAM_ELEMENT_WISE ->
                    cellByCell(gradient, features.image(image), cells, channels, weighting);
            case SMOOTH_GRAD_CAM_PLUS_PLUS -> throw smoothNotHere();
        };
    }

    /**
     * One image's map under {@link EigenSmooth}: the same weights as {@link #map}'s, their weighted activations
     * projected instead of summed (ReLU included).
     */
    private static float[] smoothed(GradientWeighting weighting, float[] gradient, FeatureBatch features, int image,
            int cells, int channels) {
        float[] activations = features.image(image);
        return switch (weighting) {
            case GRAD_CAM, FINER_CAM, SHAPLEY_CAM -> EigenSmooth.channelWeighted(activations, cells, channels,
                    meanOverCells(gradient, cells, channels));
            case GRAD_CAM_PLUS_PLUS -> EigenSmooth.channelWeighted(activations, cells, channels,
                    plusPlus(gradient, activations, cells, channels));
            case XGRAD_CAM -> EigenSmooth.channelWeighted(activations, cells, channels,
                    activationWeighted(gradient, activations, cells, channels));
            case HIRES_CAM, LAYER_CAM, GRAD_CAM_ELEMENT_WISE ->
                    EigenSmooth.cellWeighted(gradient, activations, cells, channels, weighting);
            case SMOOTH_GRAD_CAM_PLUS_PLUS -> throw smoothNotHere();
        };
    }

    /** Smooth Grad-CAM++'s maps come from its noisy runs ({@link SmoothGradPlusPlus}), never from one gradient. */
    private static IllegalStateException smoothNotHere() {
        return new IllegalStateException("Smooth Grad-CAM++'s maps are made from its noisy copies' gradients"
                + " (SmoothGradPlusPlus), not from one gradient");
    }

    /**
     * HiResCAM's, LayerCAM's and Grad-CAM element-wise's sum: each cell's {@link #cellProduct}s over the channels,
     * {@code sum_k g_k(y, x) f_k(y, x)} with the gradient's positive part only for LayerCAM, each product cut at 0 for
     * Grad-CAM element-wise (pytorch-grad-cam's {@code np.maximum(grads * activations, 0).sum(axis=1)}).
     *
     * @param weighting one of the three
     */
    static float[] cellByCell(float[] gradient, float[] activations, int cells, int channels,
            GradientWeighting weighting) {
        // Decided once, outside the loop, so that HotSpot runs a loop without the tests.
        boolean positiveGradient = weighting == GradientWeighting.LAYER_CAM;
        boolean positiveProduct = weighting == GradientWeighting.GRAD_CAM_ELEMENT_WISE;
        float[] map = new float[cells];
        for (int c = 0; c < cells; c++) {
            int offset = c * channels;
            double sum = 0;
            for (int k = 0; k < channels; k++) {
                sum += cellProduct(positiveGradient, positiveProduct, gradient[offset + k], activations[offset + k]);
            }
            map[c] = (float) sum;
        }
        return map;
    }

    /**
     * The product the methods that weigh each cell by its own gradient sum, or smoothed project ({@link EigenSmooth}):
     * HiResCAM's {@code g·f}, LayerCAM's {@code ReLU(g)·f}, Grad-CAM element-wise's {@code ReLU(g·f)}. The product is
     * rounded to float before the cut, so that where the features are never negative element-wise's map is LayerCAM's
     * to the bit.
     *
     * @param positiveGradient whether only the gradient's positive part weighs (LayerCAM)
     * @param positiveProduct whether the product is cut at 0 (Grad-CAM element-wise)
     */
    static float cellProduct(boolean positiveGradient, boolean positiveProduct, float g, float f) {
        float product = (positiveGradient ? Math.max(0f, g) : g) * f;
        return positiveProduct ? Math.max(0f, product) : product;
    }

    private static float[] meanOverCells(float[] gradient, int cells, int channels) {
        // Summed in double: a mean of many small gradients, some of opposite signs.
        double[] sums = new double[channels];
        for (int c = 0; c < cells; c++) {
            int offset = c * channels;
            for (int k = 0; k < channels; k++) {
                sums[k] += gradient[offset + k];
            }
        }
        float[] weights = new float[channels];
        for (int k = 0; k < channels; k++) {
            weights[k] = (float) (sums[k] / cells);
        }
        return weights;
    }

    /**
     * Grad-CAM++'s closed form (as pytorch-grad-cam computes it): {@code a = g^2 / (2 g^2 + S_k g^3 + 1e-6)} per cell,
     * 0 where the gradient is 0, and {@code w_k = sum over cells of ReLU(g) * a}, with {@code S_k} the channel's
     * activations summed over the cells.
     */
    static float[] plusPlus(float[] gradient, float[] activations, int cells, int channels) {
        double[] activationSums = new double[channels];
        for (int c = 0; c < cells; c++) {
            for (int k = 0; k < channels; k++) {
                activationSums[k] += activations[c * channels + k];
            }
        }
        double[] sums = new double[channels];
        for (int c = 0; c < cells; c++) {
            for (int k = 0; k < channels; k++) {
                double g = gradient[c * channels + k];
                if (g > 0) {
                    double g2 = g * g;
                    // The 1e-6 is pytorch-grad-cam's, kept so that the maps match that reference implementation's.
                    sums[k] += g * g2 / (2 * g2 + activationSums[k] * g2 * g + PLUS_PLUS_EPSILON);
                }
            }
        }
        float[] weights = new float[channels];
        for (int k = 0; k < channels; k++) {
            weights[k] = (float) sums[k];
        }
        return weights;
    }

    /**
     * XGrad-CAM's weights (as pytorch-grad-cam computes them): {@code w_k = sum over cells of g * f / (S_k + 1e-7)},
     * {@code S_k} the channel's activations summed over the cells. A channel silent everywhere gets 0.
     */
    static float[] activationWeighted(float[] gradient, float[] activations, int cells, int channels) {
        double[] activationSums = new double[channels];
        double[] weighted = new double[channels];
        for (int c = 0; c < cells; c++) {
            int offset = c * channels;
            for (int k = 0; k < channels; k++) {
                activationSums[k] += activations[offset + k];
                weighted[k] += (double) gradient[offset + k] * activations[offset + k];
            }
        }
        float[] weights = new float[channels];
        for (int k = 0; k < channels; k++) {
            weights[k] = (float) (weighted[k] / (activationSums[k] + XGRAD_EPSILON));
        }
        return weights;
    }

    /** The gradient methods keep what speaks for the class: negative cells become 0, in place. */
    private static float[] relu(float[] cells) {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Math.max(0f, cells[i]);
        }
        return cells;
    }
}
