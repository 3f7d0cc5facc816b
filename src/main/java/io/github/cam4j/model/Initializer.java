package io.github.cam4j.model;

import java.util.SplittableRandom;

/**
 * The Keras weight initialisers cam4j supports, by Keras class name. Values are drawn in Java from a seeded
 * {@link SplittableRandom}, so the same seed gives the same initial weights on every machine.
 */
public enum Initializer {
    /** Keras' {@code GlorotUniform}: U(-l, l) with l = sqrt(6 / (fanIn + fanOut)); Keras' default for kernels. */
    GLOROT_UNIFORM("GlorotUniform"),
    /** Keras' {@code HeUniform}: U(-l, l) with l = sqrt(6 / fanIn); suited to ReLU layers. */
    HE_UNIFORM("HeUniform"),
    /** Keras' {@code Zeros}; Keras' default for biases. */
    ZEROS("Zeros");

    private final String kerasName;

    Initializer(String kerasName) {
        this.kerasName = kerasName;
    }

    /** @return Keras' class name of this initialiser */
    public String kerasName() {
        return kerasName;
    }

    /**
     * Draws initial values.
     *
     * @param count how many values
     * @param fanIn inputs feeding one output unit (kernel height x width x input channels)
     * @param fanOut outputs one input unit feeds (kernel height x width x output channels)
     * @param random the seeded source
     * @return {@code count} values
     */
    public float[] sample(int count, long fanIn, long fanOut, SplittableRandom random) {
        float[] values = new float[count];
        double limit = switch (this) {
            case GLOROT_UNIFORM -> Math.sqrt(6.0 / (fanIn + fanOut));
            case HE_UNIFORM -> Math.sqrt(6.0 / fanIn);
            case ZEROS -> 0.0;
        };
        if (limit > 0) {
            for (int i = 0; i < count; i++) {
                values[i] = (float) random.nextDouble(-limit, limit);
            }
        }
        return values;
    }

    /**
     * Finds an initialiser by Keras class name; snake_case aliases ({@code "glorot_uniform"}) are accepted too.
     *
     * @param layer the layer, for the error message
     * @param argument the argument, for the error message
     * @param name Keras' class name or alias
     * @return the initialiser
     * @throws ModelConfigException when cam4j does not support it
     */
    static Initializer fromKeras(String layer, String argument, String name) throws ModelConfigException {
        for (Initializer i : values()) {
            if (i.kerasName.equals(name) || i.name().equalsIgnoreCase(name)) {
                return i;
            }
        }
        throw new ModelConfigException("layer '" + layer + "': " + argument + " '" + name
                + "' is not supported (use GlorotUniform, HeUniform or Zeros)");
    }
}
