package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
}
