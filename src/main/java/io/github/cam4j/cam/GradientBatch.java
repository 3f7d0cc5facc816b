package io.github.cam4j.cam;

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
     * @return per image, the K channel weights: the gradient's mean over the h x w cells
     * @throws CamException when the tensor is not float32 [N, h, w, K]
     */
    static float[][] channelWeights(Tensor gradient, String name, int channels) throws CamException {
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
            // Summed in double: a mean of many small gradients, some of opposite signs.
            double[] sums = new double[channels];
            for (int c = 0; c < cells; c++) {
                int offset = c * channels;
                for (int k = 0; k < channels; k++) {
                    sums[k] += image[offset + k];
                }
            }
            for (int k = 0; k < channels; k++) {
                weights[i][k] = (float) (sums[k] / cells);
            }
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
