package io.github.cam4j.cam;

import java.util.Arrays;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
import org.tensorflow.types.TFloat32;

/**
 * A fetched features tensor [N, h, w, K], read one image at a time. A model run's features can be large (256 images
 * of a 28x28x128 last convolution are 103 MB); copying the whole batch into one Java array costs a humongous
 * allocation and a pass through memory that no longer fits any cache. Reading each image's slice into a reused
 * per-thread buffer right before its maps are made keeps that slice in cache for the dot products.
 *
 * <p>Valid only while the {@link org.tensorflow.Result} holding the tensor is open. {@link #image} may be called
 * from several threads at once; each gets its own buffer.
 */
final class FeatureBatch {
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[0]);

    private final FloatDataBuffer data;
    private final int height;
    private final int width;
    private final int perImage;

    private FeatureBatch(FloatDataBuffer data, int height, int width, int channels) {
        this.data = data;
        this.height = height;
        this.width = width;
        this.perImage = height * width * channels;
    }

    /**
     * @param tensor the fetched features
     * @param name the tensor's name, for errors
     * @param channels K, the classifier kernel's rows
     * @return a reader of the tensor
     * @throws CamException when the tensor is not float32 [N, h, w, K]
     */
    static FeatureBatch of(Tensor tensor, String name, int channels) throws CamException {
        long[] shape = tensor.shape().asArray();
        if (!(tensor instanceof TFloat32 floats) || shape.length != 4 || shape[3] != channels) {
            throw new CamException("features tensor '" + name + "' is " + tensor.dataType() + " " + Arrays.toString(shape)
                    + ", expected float32 [N, h, w, " + channels + "]");
        }
        return new FeatureBatch(floats.asRawTensor().data().asFloats(), (int) shape[1], (int) shape[2], channels);
    }

    /** @return h, the feature map's rows */
    int height() {
        return height;
    }

    /** @return w, the feature map's columns */
    int width() {
        return width;
    }

    /**
     * @param image index in the batch
     * @return the image's {@code h * w * K} features, row-major, in this thread's buffer: valid until this thread's
     *     next call
     */
    float[] image(int image) {
        float[] scratch = SCRATCH.get();
        if (scratch.length < perImage) {
            scratch = new float[perImage];
            SCRATCH.set(scratch);
        }
        data.slice((long) image * perImage, perImage).read(scratch, 0, perImage);
        return scratch;
    }
}
