package io.github.cam4j.cam;

/**
 * Keras' {@code RMSprop} without momentum or centring, the optimizer tf-keras-vis' {@code ActivationMaximization} makes
 * when given none ({@code RMSprop(learning_rate=1.0, rho=0.999)}, Keras' epsilon 1e-7): per value,
 * {@code v ← ρ v + (1 − ρ) g²} and {@code x ← x − lr g / sqrt(v + ε)}, in single precision as Keras updates a float32
 * variable.
 */
final class RmsProp {
    /** tf-keras-vis' learning rate. */
    static final float DEFAULT_LEARNING_RATE = 1.0f;
    /** tf-keras-vis' rho. */
    static final float DEFAULT_RHO = 0.999f;
    /** Keras' default epsilon for RMSprop. */
    static final float EPSILON = 1e-7f;

    private final float learningRate;
    private final float rho;
    private final float[] velocity;

    RmsProp(float learningRate, float rho, int size) {
        this.learningRate = learningRate;
        this.rho = rho;
        this.velocity = new float[size];
    }

    /**
     * Takes one step down {@code gradient}: {@code x} changes in place.
     *
     * @return the first value whose running mean of squares overflowed a float (a gradient of about 6e20 or more
     *     there), or -1: such a value moves by {@code g / infinity = 0}, at this step and every later one, as in Keras'
     *     float32 update, so the caller must stop rather than draw it as it started (its noise)
     */
    int step(float[] x, float[] gradient) {
        int overflowed = -1;
        for (int i = 0; i < x.length; i++) {
            float g = gradient[i];
            velocity[i] = rho * velocity[i] + (1 - rho) * g * g;
            if (overflowed < 0 && velocity[i] == Float.POSITIVE_INFINITY) {
                overflowed = i;
            }
            x[i] -= learningRate * g / (float) Math.sqrt(velocity[i] + EPSILON);
        }
        return overflowed;
    }
}
