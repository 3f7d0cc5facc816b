package io.github.cam4j.model;

import io.github.cam4j.savedmodel.DtypeNames;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.ndarray.buffer.FloatDataBuffer;
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
     * A float tensor written row by row straight into its memory, with no Java array of the whole tensor: a large batch
     * (Ablation-CAM's ablated copies of a picture's features, 1.6 MB for the pooled model) would otherwise be a Java
     * array of over half a G1 region, allocated outside the young generation as a humongous object each time, which
     * keeps more of the heap resident.
     *
     * @param shape the tensor's shape; its first dimension counts the rows, 1 or more
     * @param row gives row {@code j}'s {@code shape.size() / shape.get(0)} values, row-major; the array may be reused
     *     from one call to the next, as it is copied before the next call
     * @return a new tensor the caller closes
     * @throws IllegalArgumentException when a row has another length
     */
    public static TFloat32 rows(Shape shape, java.util.function.IntFunction<float[]> row) {
        long rows = shape.get(0);
        if (rows < 1) {
            throw new IllegalArgumentException("shape " + shape + " has no rows to write");
        }
        long length = shape.size() / rows;
        TFloat32 tensor = TFloat32.tensorOf(shape);
        try {
            FloatDataBuffer data = tensor.asRawTensor().data().asFloats();
            for (long j = 0; j < rows; j++) {
                float[] values = row.apply(Math.toIntExact(j));
                if (values.length != length) {
                    throw new IllegalArgumentException("shape " + shape + " takes rows of " + length + " values, row "
                            + j + " has " + values.length);
                }
                data.offset(j * length).write(values, 0, values.length);
            }
            return tensor;
        } catch (RuntimeException e) {
            tensor.close();
            throw e;
        }
    }

    /**
     * @param tensor a float tensor (not closed by this call)
     * @return its values, row-major
     */
    public static float[] toArray(Tensor tensor) {
        if (!(tensor instanceof TFloat32 floats)) {
            throw new IllegalArgumentException("expected a float32 tensor, got " + DtypeNames.of(tensor.dataType())
                    + " " + tensor.shape());
        }
        float[] out = new float[Math.toIntExact(floats.shape().size())];
        floats.copyTo(DataBuffers.of(out, false, false));
        return out;
    }
}
