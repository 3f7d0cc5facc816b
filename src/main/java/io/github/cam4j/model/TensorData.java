package io.github.cam4j.model;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** Copies between Java float arrays and float tensors: the one place that knows the ndarray buffer API. */
public final class TensorData {
    private TensorData() {}

    /**
     * @param shape the tensor's shape
     * @param values {@code shape.size()} values, row-major
     * @return a new tensor the caller closes
     */
    public static TFloat32 floats(Shape shape, float[] values) {
        if (shape.size() != values.length) {
            throw new IllegalArgumentException("shape " + shape + " needs " + shape.size() + " values, got " + values.length);
        }
        return TFloat32.tensorOf(shape, DataBuffers.of(values, true, false));
    }

    /**
     * @param tensor a float tensor (not closed by this call)
     * @return its values, row-major
     */
    public static float[] toArray(Tensor tensor) {
        if (!(tensor instanceof TFloat32 floats)) {
            throw new IllegalArgumentException("expected a float32 tensor, got " + tensor.dataType() + " " + tensor.shape());
        }
        float[] out = new float[Math.toIntExact(floats.shape().size())];
        floats.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
