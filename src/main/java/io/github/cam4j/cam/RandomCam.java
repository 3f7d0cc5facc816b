package io.github.cam4j.cam;

import java.util.Random;

/**
 * RandomCAM, pytorch-grad-cam's baseline: Grad-CAM's shape, {@code ReLU(sum_k w_k A_k)}, with channel weights drawn
 * uniformly from [-1, 1) instead of computed. A method that beats it shows that its weights carry information; one
 * that does not, that its maps are mostly the features' own pattern. pytorch-grad-cam draws new weights from numpy's
 * global generator at every call; cam4j draws them from {@code new java.util.Random(seed)}, {@code nextDouble() * 2 - 1}
 * for channel 0, 1, ... in turn, so the same seed gives every picture, class and run the same weights and the same
 * maps.
 */
final class RandomCam {
    private RandomCam() {}

    /** @return the channels' weights for {@code seed}, each in [-1, 1) */
    static double[] weights(long seed, int channels) {
        Random random = new Random(seed);
        double[] weights = new double[channels];
        for (int c = 0; c < channels; c++) {
            weights[c] = random.nextDouble() * 2 - 1;
        }
        return weights;
    }

    /**
     * @param features one picture's features, {@code cells * channels} values, row-major (cell by cell)
     * @param seed the weights' seed
     * @param eigenSmooth project the weighted features on their first principal component instead of summing them
     *     ({@link EigenSmooth}), as pytorch-grad-cam's {@code eigen_smooth} does for RandomCAM
     * @return the map at feature resolution, all at least 0
     */
    static float[] map(float[] features, int cells, int channels, long seed, boolean eigenSmooth) {
        double[] weights = weights(seed, channels);
        return eigenSmooth ? EigenSmooth.channelWeighted(features, cells, channels, weights)
                : CamMath.weightedRelu(features, cells, channels, weights);
    }
}
