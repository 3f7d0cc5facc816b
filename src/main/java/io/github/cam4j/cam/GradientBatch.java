package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.GradientWeighting;
import java.util.Arrays;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/**
 * Grad-CAM's arithmetic on a fetched batch (Selvaraju et al. 2017): a class's channel weights are the spatial mean of
 * the gradient of its logit with respect to the features, {@code alpha_k = mean over (y, x) of d logit / d f_k(y, x)};
 * the map is {@code ReLU(sum_k alpha_k f_k)}. The sum is {@link CamMath#classMap} with {@code alpha} for the kernel
 * column.
 */
final class GradientBatch {
    /** What pytorch-grad-cam adds to Grad-CAM++'s and XGrad-CAM's denominators. */
    static final double PLUS_PLUS_EPSILON = 1e-7;

    private GradientBatch() {}

    /**
     * @param classes one class per image
     * @param count images
     * @param classCount the model's classes
     * @return a new float32 [count, classCount] tensor with a one in each image's row at its class; the caller closes it
     */
    static TFloat32 oneHot(int[] classes, int count, int classCount) {
        float[] rows = new float[count * classCount];
        for (int i = 0; i < count; i++) {
            rows[i * classCount + classes[i]] = 1f;
        }
        return TFloat32.tensorOf(Shape.of(count, classCount), DataBuffers.of(rows, true, false));
    }

    /**
     * @param gradient the fetched gradient, float32 [N, h, w, K]
     * @param name its tensor's name, for errors
     * @param channels K
     * @param weighting Grad-CAM's, Grad-CAM++'s or XGrad-CAM's
     * @param features the run's features, which Grad-CAM++ and XGrad-CAM need
     * @return per image, the K channel weights: Grad-CAM's, the gradient's mean over the h x w cells; Grad-CAM++'s and
     *     XGrad-CAM's as {@link GradientWeighting} defines them
     * @throws CamException when the tensor is not float32 [N, h, w, K]
     */
    static float[][] channelWeights(Tensor gradient, String name, int channels, GradientWeighting weighting,
            FeatureBatch features) throws CamException {
        long[] shape = gradient.shape().asArray();
        if (!(gradient instanceof TFloat32 floats) || shape.length != 4 || shape[3] != channels) {
            throw new CamException("gradient tensor '" + name + "' is " + gradient.dataType() + " " + Arrays.toString(shape)
                    + ", expected float32 [N, h, w, " + channels + "]");
        }
        FloatDataBuffer data = floats.asRawTensor().data().asFloats();
        int count = (int) shape[0];
        int cells = (int) (shape[1] * shape[2]);
        float[] image = new float[cells * channels];
        float[][] weights = new float[count][channels];
        for (int i = 0; i < count; i++) {
            data.slice((long) i * image.length, image.length).read(image);
            weights[i] = switch (weighting) {
                case GRAD_CAM -> meanOverCells(image, cells, channels);
                case GRAD_CAM_PLUS_PLUS -> plusPlus(image, features.image(i), cells, channels);
                case XGRAD_CAM -> activationWeighted(image, features.image(i), cells, channels);
            };
        }
        return weights;
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
     * Grad-CAM++'s closed form (as pytorch-grad-cam computes it): {@code a = g^2 / (2 g^2 + S_k g^3 + 1e-7)} per cell,
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
                    // The 1e-7 is pytorch-grad-cam's, kept so that the maps match that reference implementation's.
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
            weights[k] = (float) (weighted[k] / (activationSums[k] + PLUS_PLUS_EPSILON));
        }
        return weights;
    }

    /** Grad-CAM keeps what speaks for the class: negative cells become 0, in place. */
    static float[] relu(float[] cells) {
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Math.max(0f, cells[i]);
        }
        return cells;
    }
}
