package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Keras' RMSprop as tf-keras-vis makes it ({@code learning_rate=1.0, rho=0.999}, epsilon 1e-7), one step from rest
 * worked by hand: {@code v = (1 - 0.999) g^2}, then {@code x -= g / sqrt(v + 1e-7)}. Gradients 2 and -0.5 give v =
 * 0.004 and 0.00025, steps of -2 / sqrt(0.0040001) = -31.6224 and 0.5 / sqrt(0.0002501) = 31.6165: about
 * {@code 1 / sqrt(0.001)} = 31.62 whatever the gradient's size, RMSprop's first step. Tolerance 1e-3: the update is
 * in float (Keras updates a float32 variable), 31.6 to about 4e-6 relative, and the epsilon alone moves the second
 * step by 6e-3.
 */
class RmsPropTest {
    @Test
    void theFirstStepIsTheLearningRateOverTheRootOfOneMinusRho() {
        float[] x = {0, 0};
        new RmsProp(RmsProp.DEFAULT_LEARNING_RATE, RmsProp.DEFAULT_RHO, 2).step(x, new float[] {2, -0.5f});
        assertArrayEquals(new float[] {-31.6224f, 31.6165f}, x, 1e-3f);
    }

    /**
     * A gradient whose square overflows the float running mean, (1 - 0.999) g^2 past 3.4e38 (g = 1e21: 1e39), moves its
     * value by g / infinity = 0, now and at every later step (0.999 infinity is infinity): the step says which value
     * that was, the first of them, and steps the others as ever (2: -31.6224, as above). Of gradients at most 1e20
     * (1e37) none is said.
     */
    @Test
    void aGradientWhoseSquareOverflowsIsSaid() {
        float[] x = {5, 5, 5};
        RmsProp optimizer = new RmsProp(RmsProp.DEFAULT_LEARNING_RATE, RmsProp.DEFAULT_RHO, 3);
        assertEquals(1, optimizer.step(x, new float[] {2, 1e21f, -3e38f}));
        assertArrayEquals(new float[] {5 - 31.6224f, 5, 5}, x, 1e-3f);
        assertEquals(-1, new RmsProp(RmsProp.DEFAULT_LEARNING_RATE, RmsProp.DEFAULT_RHO, 2).step(new float[2],
                new float[] {1e20f, -1e20f}));
    }
}
