package io.github.cam4j.cam;

/**
 * tf-keras-vis' {@code Norm} regularizer ({@code activation_maximization/regularizers.py}) and its exact gradient:
 * {@code weight × ‖x‖_p / n^(1/p)} over a picture's {@code n} values, {@code ‖x‖_p = (Σ |x|^p)^(1/p)} as
 * {@code tf.norm(ord=p)} computes it. Its gradient is TensorFlow's: {@code sign(x)} for p = 1 (0 at 0), and
 * {@code weight / n^(1/p) × ‖x‖_p^(1-p) × |x|^(p-1) × sign(x)} otherwise (0 for a picture of zeros).
 */
final class NormRegularizer {
    /** tf-keras-vis' default weight in {@code ActivationMaximization.__call__}. */
    static final float DEFAULT_WEIGHT = 0.3f;
    /** tf-keras-vis' default order there. */
    static final int DEFAULT_P = 1;

    private NormRegularizer() {}

    /**
     * @param x one picture's values
     * @param p the norm's order, at least 1
     * @return its weighted, normalised p-norm
     */
    static double value(float[] x, float weight, int p) {
        return weight * norm(x, p) / Math.pow(x.length, 1.0 / p);
    }

    /**
     * Adds the gradient of {@link #value} by each value of {@code x} to {@code gradient}.
     *
     * @param x one picture's values
     * @param p the norm's order, at least 1
     * @param gradient as long as {@code x}, added to
     */
    static void addGradient(float[] x, float weight, int p, float[] gradient) {
        double scale = weight / Math.pow(x.length, 1.0 / p);
        if (p == 1) {
            for (int i = 0; i < x.length; i++) {
                gradient[i] += (float) (scale * Math.signum(x[i]));
            }
            return;
        }
        double norm = norm(x, p);
        if (norm == 0) {
            return;
        }
        double outer = Math.pow(norm, 1 - p);
        for (int i = 0; i < x.length; i++) {
            gradient[i] += (float) (scale * outer * Math.pow(Math.abs(x[i]), p - 1) * Math.signum(x[i]));
        }
    }

    private static double norm(float[] x, int p) {
        double sum = 0;
        for (float v : x) {
            sum += p == 1 ? Math.abs(v) : Math.pow(Math.abs(v), p);
        }
        return p == 1 ? sum : Math.pow(sum, 1.0 / p);
    }
}
