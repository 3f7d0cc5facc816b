package io.github.cam4j.model;

import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The Keras activations cam4j layers support, by Keras name. */
public enum Activation {
    /** Identity, Keras' {@code "linear"}. */
    LINEAR,
    /** Keras' {@code "relu"}. */
    RELU,
    /** Keras' {@code "softmax"} over the last axis. */
    SOFTMAX,
    /** Keras' {@code "sigmoid"}. */
    SIGMOID;

    /** @return the Keras name */
    public String kerasName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * Applies this activation.
     *
     * @param tf ops in the graph
     * @param x the pre-activation
     * @return the activation of {@code x}
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> x) {
        return switch (this) {
            case LINEAR -> x;
            case RELU -> tf.nn.relu(x);
            case SOFTMAX -> tf.nn.softmax(x);
            case SIGMOID -> tf.math.sigmoid(x);
        };
    }

    static Activation fromKeras(String layer, String value) throws ModelConfigException {
        if (value == null) {
            return LINEAR;
        }
        for (Activation a : values()) {
            if (a.kerasName().equals(value)) {
                return a;
            }
        }
        throw new ModelConfigException("layer '" + layer + "': activation '" + value
                + "' is not supported (use linear, relu, softmax or sigmoid)");
    }
}
