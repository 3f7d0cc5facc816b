package io.github.cam4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code Dense} on a rank-2 input: {@code activation(x · kernel + bias)}.
 *
 * @param name layer name
 * @param units output units (classes, for a classifier)
 * @param activation activation
 * @param useBias whether a bias is added
 * @param kernelInitializer initialiser of the kernel
 * @param biasInitializer initialiser of the bias
 */
public record Dense(String name, int units, Activation activation, boolean useBias, Initializer kernelInitializer,
        Initializer biasInitializer) implements Layer {

    /** Keras' class name. */
    public static final String KERAS_CLASS = "Dense";

    /**
     * A dense layer with Keras' default bias and initialisers.
     *
     * @param name layer name
     * @param units output units
     * @param activation activation
     * @return the layer
     */
    public static Dense of(String name, int units, Activation activation) {
        return new Dense(name, units, activation, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
    }

    static Dense fromKeras(KerasArgs args) throws ModelConfigException {
        int units = args.requiredInt("units");
        if (units < 1) {
            throw new ModelConfigException("layer '" + args.layer() + "': argument 'units' must be positive, got " + units);
        }
        return new Dense(args.layer(), units, Activation.fromKeras(args.layer(), args.string("activation", "linear")),
                args.bool("use_bias", true), args.initializer("kernel_initializer", Initializer.GLOROT_UNIFORM),
                args.initializer("bias_initializer", Initializer.ZEROS));
    }

    @Override
    public String kerasClassName() {
        return KERAS_CLASS;
    }

    @Override
    public long[] outputShape(long[] input) throws ModelConfigException {
        if (input.length != 2) {
            throw new ModelConfigException("layer '" + name + "' (Dense) needs a rank-2 input [batch, features], got rank "
                    + input.length + " (put GlobalAveragePooling2D before it)");
        }
        return new long[] {input[0], units};
    }

    @Override
    public List<WeightSpec> weights(long[] input) {
        List<WeightSpec> specs = new ArrayList<>();
        specs.add(new WeightSpec(name + "_kernel", new long[] {input[1], units}, kernelInitializer, input[1], units));
        if (useBias) {
            // Keras' fans of a vector are its length, both ways.
            specs.add(new WeightSpec(name + "_bias", new long[] {units}, biasInitializer, units, units));
        }
        return specs;
    }

    /**
     * The pre-activation {@code x · kernel + bias}: a classifier's logits.
     *
     * @param tf ops in the graph
     * @param x the input
     * @param weights the weights by name
     * @return the pre-activation
     */
    public Operand<TFloat32> linear(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights) {
        Operand<TFloat32> y = tf.linalg.matMul(x, weights.get(name + "_kernel"));
        return useBias ? tf.nn.biasAdd(y, weights.get(name + "_bias")) : y;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights) {
        return activation.apply(tf, linear(tf, x, weights));
    }

    @Override
    public void writeKerasConfig(ObjectNode config) {
        config.put("units", units);
        config.put("activation", activation.kerasName());
        config.put("use_bias", useBias);
        KerasJson.putInitializer(config, "kernel_initializer", kernelInitializer);
        KerasJson.putInitializer(config, "bias_initializer", biasInitializer);
        KerasJson.putNoRegularizers(config);
    }
}
