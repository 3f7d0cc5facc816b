package io.github.cam4j.cam;

/**
 * FEM, the Feature Explanation Method (Fuad et al. 2020, "Features understanding in 3D CNNs for actions recognition in
 * video"), as pytorch-grad-cam's {@code FEM} computes it: per channel, the share of the picture's cells whose
 * activation exceeds the channel's mean plus {@code k} times its standard deviation over the cells (numpy's
 * {@code np.std}: the population's, over {@code cells}, not {@code cells - 1}) weighs the channel,
 * {@code ReLU(sum_k w_k A_k)}. No class, kernel, gradient or extra run: a channel counts in proportion to how often it
 * fires far above its own level, wherever on the picture that is. A channel that does not vary over the cells has no
 * cell above its mean and weighs 0.
 */
final class Fem {
    private Fem() {}

    /**
     * @param features one picture's features, {@code cells * channels} values, row-major (cell by cell)
     * @param k how many standard deviations above the mean a cell must be to count, 0 or more
     * @return the channels' weights, each in [0, 1): the share of cells strictly above {@code mean + k · std}
     */
    static double[] weights(float[] features, int cells, int channels, double k) {
        double[] mean = new double[channels];
        double[] squares = new double[channels];
        for (int p = 0; p < cells; p++) {
            for (int c = 0; c < channels; c++) {
                mean[c] += features[p * channels + c];
            }
        }
        for (int c = 0; c < channels; c++) {
            mean[c] /= cells;
        }
        // Two passes: the deviations' squares, not E[x²] - E[x]², which cancels badly for large, barely varying values.
        for (int p = 0; p < cells; p++) {
            for (int c = 0; c < channels; c++) {
                double d = features[p * channels + c] - mean[c];
                squares[c] += d * d;
            }
        }
        double[] threshold = new double[channels];
        for (int c = 0; c < channels; c++) {
            threshold[c] = mean[c] + k * Math.sqrt(squares[c] / cells);
        }
        double[] weights = new double[channels];
        for (int p = 0; p < cells; p++) {
            for (int c = 0; c < channels; c++) {
                if (features[p * channels + c] > threshold[c]) {
                    weights[c]++;
                }
            }
        }
        for (int c = 0; c < channels; c++) {
            weights[c] /= cells;
        }
        return weights;
    }

    /**
     * Refuses a {@code k} above the default that no cell can pass: over {@code n} cells none lies more than
     * {@code sqrt(n - 1)} population standard deviations above the mean (Samuelson's inequality), so at such a k every
     * channel weighs 0 and the map is flat whatever the picture ({@code --fem-k 2147483647} was said as "no evidence").
     * The default, pytorch-grad-cam's 2, is kept on layers of 5 cells or fewer, where pytorch-grad-cam's FEM is flat too.
     *
     * @throws FemKBeyondCellsException naming k, the cells and the largest k that can count a cell: the bound is the
     *     layer's, so that the command line says it as {@code --fem-k}'s, a usage error
     */
    private static void checkReachable(double k, int cells) {
        if (k > FeatureMethod.DEFAULT_FEM_K && k >= Math.sqrt(cells - 1.0)) {
            throw new FemKBeyondCellsException(k, cells);
        }
    }

    /**
     * @param features one picture's features, {@code cells * channels} values, row-major
     * @param k the threshold's standard deviations
     * @return {@code ReLU(sum_k w_k A_k)} per cell, {@link #weights} weighing the channels
     * @throws FemKBeyondCellsException when {@code k}, above the default, is one no cell can pass ({@link
     *     #checkReachable})
     */
    static float[] map(float[] features, int cells, int channels, double k) {
        checkReachable(k, cells);
        return CamMath.weightedRelu(features, cells, channels, weights(features, cells, channels, k));
    }
}
