package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * The pixel methods' reductions of input gradients to one value per pixel, on a colour picture that is the second of
 * a batch, worked by hand. The bundled models are grey and their tests explain the first picture of a batch, where a
 * reduction that read pixel 0 for pixel 1, channel 0 for another channel or the first picture for the second gives
 * the same map. Every value here is a sum or maximum of a few products of halves and quarters: exact in float, so the
 * tolerance is 0.
 */
class PixelMapsTest {
    /** Two pictures of two pixels of three channels: picture 0's values, then picture 1's (read at offset 6). */
    private static final float[] GRADIENTS = {1, -2, 3, 0.5f, 4, -1, -5, 2, 1, 3, -0.5f, -6};
    private static final float[] INPUTS = {1, 1, 1, 1, 1, 1, 2, -1, 0.5f, 0.25f, 4, -2};
    private static final int OFFSET = 6;

    /** tf-keras-vis Saliency: {@code max_c |g|}; picture 1's pixels (-5, 2, 1) and (3, -0.5, -6) give 5 and 6. */
    @Test
    void saliencyIsTheLargestAbsoluteGradientOverTheChannels() {
        assertArrayEquals(new float[] {5, 6}, PixelMaps.saliency(GRADIENTS, OFFSET, 2, 3), 0f);
    }

    /**
     * tf-explain GradientsInputs: {@code sum_c |x g|}; pixel 0, |2 · -5| + |-1 · 2| + |0.5 · 1| = 12.5; pixel 1,
     * |0.25 · 3| + |4 · -0.5| + |-2 · -6| = 14.75.
     */
    @Test
    void gradientTimesInputSumsTheAbsoluteProductsOverTheChannels() {
        assertArrayEquals(new float[] {12.5f, 14.75f}, PixelMaps.gradientTimesInput(GRADIENTS, INPUTS, OFFSET, 2, 3), 0f);
    }

    /**
     * tf-keras-vis SmoothGrad: the mean absolute gradient over 4 noisy copies, then the channel maximum: sums (2, 8, 6)
     * give 0.5, 2, 1.5, so 2; sums (10, 1, 3) give 2.5.
     */
    @Test
    void smoothGradIsTheChannelMaximumOfTheMeanAbsoluteGradient() {
        assertArrayEquals(new float[] {2, 2.5f}, PixelMaps.smoothGrad(new double[] {2, 8, 6, 10, 1, 3}, 4, 2, 3), 0f);
    }

    /**
     * Integrated gradients as tf-explain reduces them: the path's mean gradient (sums over 2 steps (4, -8, 2) and (6, 1,
     * -3): means (2, -4, 1) and (3, 0.5, -1.5)) times picture 1's input, absolute, summed over the channels:
     * |2 · 2| + |-1 · -4| + |0.5 · 1| = 8.5 and |0.25 · 3| + |4 · 0.5| + |-2 · -1.5| = 5.75.
     */
    @Test
    void integratedGradientsMultiplyTheMeanGradientByTheInput() {
        assertArrayEquals(new float[] {8.5f, 5.75f},
                PixelMaps.integratedGradients(new double[] {4, -8, 2, 6, 1, -3}, 2, INPUTS, OFFSET, 2, 3), 0f);
    }
}
