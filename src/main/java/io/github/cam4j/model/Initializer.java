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
    /**
     * Keras' {@code GlorotNormal}: a normal truncated at two standard deviations, drawn so that its values' standard
     * deviation is sqrt(2 / (fanIn + fanOut)) (Keras' {@code VarianceScaling(1, "fan_avg", "truncated_normal")}).
     */
    GLOROT_NORMAL("GlorotNormal"),
    /**
     * Keras' {@code HeNormal}: a normal truncated at two standard deviations, its values' standard deviation
     * sqrt(2 / fanIn) (Keras' {@code VarianceScaling(2, "fan_in", "truncated_normal")}).
     */
    HE_NORMAL("HeNormal"),
    /** Keras' {@code Zeros}; Keras' default for biases. */
    ZEROS("Zeros");

    /** The standard deviation of a unit normal cut at +-2, Keras' constant in {@code VarianceScaling}. */
    private static final double TRUNCATED_DEVIATION = 0.87962566103423978;

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
        switch (this) {
            case GLOROT_UNIFORM -> uniform(values, Math.sqrt(6.0 / (fanIn + fanOut)), random);
            case HE_UNIFORM -> uniform(values, Math.sqrt(6.0 / fanIn), random);
            case GLOROT_NORMAL -> truncatedNormal(values, Math.sqrt(2.0 / (fanIn + fanOut)), random);
            case HE_NORMAL -> truncatedNormal(values, Math.sqrt(2.0 / fanIn), random);
            case ZEROS -> { }
        }
        return values;
    }

    private static void uniform(float[] values, double limit, SplittableRandom random) {
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextDouble(-limit, limit);
        }
    }

    /**
     * A normal cut at two of its standard deviations, values beyond redrawn, as TensorFlow's truncated normal; Keras
     * widens it by 1 / 0.8796 (the cut normal's deviation, in units of the whole one's) so that the values keep the
     * deviation asked.
     */
    private static void truncatedNormal(float[] values, double deviation, SplittableRandom random) {
        double sigma = deviation / TRUNCATED_DEVIATION;
        for (int i = 0; i < values.length; i++) {
            double z;
            do {
                z = random.nextGaussian();
            } while (Math.abs(z) > 2);
            values[i] = (float) (z * sigma);
        }
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
                + "' is not supported (use GlorotUniform, HeUniform, GlorotNormal, HeNormal or Zeros)");
    }
}
