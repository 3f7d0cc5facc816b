package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.DtypeNames;
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

    private final int channels;
    private final NativeClassMaps nativeMaps;

    private FeatureBatch(FloatDataBuffer data, int height, int width, int channels, NativeClassMaps nativeMaps) {
        this.data = data;
        this.height = height;
        this.width = width;
        this.channels = channels;
        this.perImage = height * width * channels;
        this.nativeMaps = nativeMaps;
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
            throw new CamException("features tensor '" + name + "' is " + DtypeNames.of(tensor.dataType()) + " "
                    + Arrays.toString(shape)
                    + ", expected float32 [N, h, w, " + channels + "]");
        }
        var bytes = floats.asRawTensor().data();
        int cells = Math.multiplyExact((int) shape[1], (int) shape[2]);
        return new FeatureBatch(bytes.asFloats(), (int) shape[1], (int) shape[2], channels,
                NativeClassMaps.over(bytes, (int) shape[0], cells, channels).orElse(null));
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
     * One class's map of one image, {@code features · column}, read from the tensor where it lies when its memory is
     * reachable ({@link NativeClassMaps}), else from a copy ({@link CamMath#classMap}).
     *
     * @param image index in the batch
     * @param column the class's kernel column, K values
     * @return {@code h * w} values, row-major
     */
    float[] classMap(int image, float[] column) {
        return nativeMaps != null ? nativeMaps.classMap(image, column)
                : CamMath.classMap(image(image), 0, height, width, channels, column);
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
