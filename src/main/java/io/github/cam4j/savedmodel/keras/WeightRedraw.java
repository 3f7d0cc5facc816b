package io.github.cam4j.savedmodel.keras;

import com.google.protobuf.ByteString;
import io.github.cam4j.savedmodel.DtypeNames;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Re-draws an imported model's weights as Keras initialises a new layer, for the model-randomisation sanity check of
 * Adebayo et al. (2018) on models that carry no architecture to rebuild: the graph stays, its weights become those of
 * an untrained twin.
 *
 * <p>A graph does not say which initialiser a layer was built with, so Keras' defaults are used, told apart by the
 * variable's name and rank:
 * <ul>
 *   <li>float variables of rank 2 or more (dense and convolution kernels): Glorot uniform, limit
 *       {@code sqrt(6 / (fan_in + fan_out))}, fans as Keras computes them (the receptive field times the input and
 *       output channels);</li>
 *   <li>float vectors named {@code bias}, {@code beta} or {@code moving_mean}: zeros; {@code gamma} or
 *       {@code moving_variance}: ones (a trailing {@code _1}, as Keras 3 writes, is ignored);</li>
 *   <li>anything else (other vectors, scalars, integer state such as seed generators) keeps its trained value.</li>
 * </ul>
 * float32 and float64 weights are re-drawn; a model holding float16 or bfloat16 weights is refused rather than left
 * partly trained.
 * Each variable's draw depends on the seed and its name only, so the order variables are read in does not matter.
 */
final class WeightRedraw {
    private static final Set<String> ZEROS = Set.of("bias", "beta", "moving_mean");
    private static final Set<String> ONES = Set.of("gamma", "moving_variance");
    private static final Set<DataType> FLOATING = Set.of(DataType.DT_HALF, DataType.DT_BFLOAT16);

    private WeightRedraw() {}

    /**
     * @param trained the frozen variables' values, by variable name
     * @param seed the seed of the draw
     * @return the values to freeze instead, in the same order
     * @throws ModelLoadException when a weight is of a floating type that cannot be re-drawn (float16, bfloat16)
     */
    static Map<String, TensorProto> redraw(Map<String, TensorProto> trained, long seed) throws ModelLoadException {
        Map<String, TensorProto> out = new LinkedHashMap<>();
        for (Map.Entry<String, TensorProto> e : trained.entrySet()) {
            out.put(e.getKey(), redrawOne(e.getKey(), e.getValue(), seed));
        }
        return out;
    }

    private static TensorProto redrawOne(String name, TensorProto value, long seed) throws ModelLoadException {
        DataType type = value.getDtype();
        if (type != DataType.DT_FLOAT && type != DataType.DT_DOUBLE) {
            if (FLOATING.contains(type)) {
                // Kept as trained, it would leave a trained layer in the "randomized" twin without saying so.
                throw new ModelLoadException("cannot re-draw variable '" + name + "': it holds " + DtypeNames.of(type)
                        + " values; cam4j re-draws float32 and float64 weights");
            }
            return value;
        }
        long[] shape = value.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
        int size = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] v = new double[size];
        if (shape.length >= 2) {
            double limit = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
            for (int i = 0; i < size; i++) {
                v[i] = random.nextDouble(-limit, limit);
            }
        } else {
            String role = role(name);
            if (ZEROS.contains(role)) {
                Arrays.fill(v, 0);
            } else if (ONES.contains(role)) {
                Arrays.fill(v, 1);
            } else {
                return value;
            }
        }
        boolean single = type == DataType.DT_FLOAT;
        ByteBuffer bytes = ByteBuffer.allocate(size * (single ? Float.BYTES : Double.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            if (single) {
                bytes.putFloat((float) x);
            } else {
                bytes.putDouble(x);
            }
        }
        return value.toBuilder().clearFloatVal().clearDoubleVal().setTensorContent(ByteString.copyFrom(bytes.array()))
                .build();
    }

    /** @return Keras' fan-in of a kernel: input channels times the receptive field (all but the last two axes) */
    static double fanIn(long[] shape) {
        return shape[shape.length - 2] * receptiveField(shape);
    }

    /** @return Keras' fan-out of a kernel: output channels times the receptive field */
    static double fanOut(long[] shape) {
        return shape[shape.length - 1] * receptiveField(shape);
    }

    private static double receptiveField(long[] shape) {
        double field = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            field *= shape[i];
        }
        return field;
    }

    /** @return the variable's last name segment without a numeric suffix: {@code class_head/bias_1} gives {@code bias} */
    static String role(String name) {
        String last = name.substring(name.lastIndexOf('/') + 1);
        return last.replaceFirst("_\\d+$", "");
    }
}
