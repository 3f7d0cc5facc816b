package io.github.cam4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code GlobalAveragePooling2D}: the mean over height and width. The tensor it reduces is the one class
 * activation maps are made from.
 *
 * @param name layer name
 */
public record GlobalAveragePooling2D(String name) implements Layer {

    /** Keras' class name. */
    public static final String KERAS_CLASS = "GlobalAveragePooling2D";

    static GlobalAveragePooling2D fromKeras(KerasArgs args) throws ModelConfigException {
        args.requireDefault("data_format", "channels_last");
        args.requireDefault("keepdims", "false");
        return new GlobalAveragePooling2D(args.layer());
    }

    @Override
    public String kerasClassName() {
        return KERAS_CLASS;
    }

    @Override
    public long[] outputShape(long[] input) throws ModelConfigException {
        if (input.length != 4) {
            throw new ModelConfigException("layer '" + name + "' (GlobalAveragePooling2D) needs a rank-4 input, got rank "
                    + input.length);
        }
        return new long[] {input[0], input[3]};
    }

    @Override
    public List<WeightSpec> weights(long[] input) {
        return List.of();
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights) {
        return tf.math.mean(x, tf.constant(new int[] {1, 2}));
    }

    @Override
    public void writeKerasConfig(ObjectNode config) {
        config.put("data_format", "channels_last");
        config.put("keepdims", false);
    }
}
