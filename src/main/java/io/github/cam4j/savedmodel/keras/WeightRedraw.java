package io.github.cam4j.savedmodel.keras;

import com.google.protobuf.ByteString;
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
 * Each variable's draw depends on the seed and its name only, so the order variables are read in does not matter.
 */
final class WeightRedraw {
    private static final Set<String> ZEROS = Set.of("bias", "beta", "moving_mean");
    private static final Set<String> ONES = Set.of("gamma", "moving_variance");

    private WeightRedraw() {}

    /**
     * @param trained the frozen variables' values, by variable name
     * @param seed the seed of the draw
     * @return the values to freeze instead, in the same order
     */
    static Map<String, TensorProto> redraw(Map<String, TensorProto> trained, long seed) {
        Map<String, TensorProto> out = new LinkedHashMap<>();
        trained.forEach((name, value) -> out.put(name, redrawOne(name, value, seed)));
        return out;
    }

    private static TensorProto redrawOne(String name, TensorProto value, long seed) {
        if (value.getDtype() != DataType.DT_FLOAT) {
            return value;
        }
        long[] shape = value.getTensorShape().getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
        int size = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        float[] v = new float[size];
        if (shape.length >= 2) {
            double limit = Math.sqrt(6.0 / (fanIn(shape) + fanOut(shape)));
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + name.hashCode());
            for (int i = 0; i < size; i++) {
                v[i] = (float) random.nextDouble(-limit, limit);
            }
        } else {
            String role = role(name);
            if (ZEROS.contains(role)) {
                Arrays.fill(v, 0f);
            } else if (ONES.contains(role)) {
                Arrays.fill(v, 1f);
            } else {
                return value;
            }
        }
        ByteBuffer bytes = ByteBuffer.allocate(size * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(v);
        return value.toBuilder().clearFloatVal().setTensorContent(ByteString.copyFrom(bytes.array())).build();
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
