package io.github.cam4j.cam;

/**
 * tf-keras-vis' {@code TotalVariation2D} regularizer ({@code activation_maximization/regularizers.py}) and its exact
 * gradient: {@code weight × tf.image.total_variation(x) / (H × W × C)}, where the total variation is the sum of the
 * absolute differences of vertically and of horizontally neighbouring values, every channel apart. Its gradient is
 * TensorFlow's: the derivative of {@code |d|} is {@code sign(d)}, 0 where two neighbours are equal.
 */
final class TotalVariation2D {
    /** tf-keras-vis' default weight in {@code ActivationMaximization.__call__}. */
    static final float DEFAULT_WEIGHT = 1.0f;

    private TotalVariation2D() {}

    /**
     * @param x one picture, {@code height × width × channels} values, row-major, channels last
     * @return its weighted, normalised total variation
     */
    static double value(float[] x, int height, int width, int channels, float weight) {
        double tv = 0;
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                for (int c = 0; c < channels; c++) {
                    int p = (i * width + j) * channels + c;
                    if (i + 1 < height) {
                        tv += Math.abs((double) x[p + width * channels] - x[p]);
                    }
                    if (j + 1 < width) {
                        tv += Math.abs((double) x[p + channels] - x[p]);
                    }
                }
            }
        }
        return weight * tv / ((double) height * width * channels);
    }

    /**
     * Adds the gradient of {@link #value} by each value of {@code x} to {@code gradient}.
     *
     * @param x one picture, as {@link #value} takes it
     * @param gradient as long as {@code x}, added to
     */
    static void addGradient(float[] x, int height, int width, int channels, float weight, float[] gradient) {
        double scale = weight / ((double) height * width * channels);
        for (int i = 0; i < height; i++) {
            for (int j = 0; j < width; j++) {
                for (int c = 0; c < channels; c++) {
                    int p = (i * width + j) * channels + c;
                    if (i + 1 < height) {
                        pair(x, p, p + width * channels, scale, gradient);
                    }
                    if (j + 1 < width) {
                        pair(x, p, p + channels, scale, gradient);
                    }
                }
            }
        }
    }

    /** d|x[b] - x[a]| = sign(x[b] - x[a]) (d x[b] - d x[a]). */
    private static void pair(float[] x, int a, int b, double scale, float[] gradient) {
        float s = Math.signum(x[b] - x[a]);
        gradient[b] += (float) (s * scale);
        gradient[a] -= (float) (s * scale);
    }
}
