package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link RandomCam}: seeded weights in [-1, 1), Grad-CAM's weighted sum. */
class RandomCamTest {
    /**
     * The weights are {@code new Random(seed).nextDouble() * 2 - 1}, channel by channel (what the class comment
     * promises, so that they can be reproduced elsewhere: make_test_models.py does), the same at every call.
     */
    @Test
    void weightsAreTheSeededDrawsInOrder() {
        Random r = new Random(7);
        double[] expected = new double[64];
        for (int c = 0; c < expected.length; c++) {
            expected[c] = r.nextDouble() * 2 - 1;
        }
        assertArrayEquals(expected, RandomCam.weights(7, 64), 0.0);
        assertArrayEquals(RandomCam.weights(7, 64), RandomCam.weights(7, 64), 0.0);
        assertFalse(Arrays.equals(RandomCam.weights(7, 64), RandomCam.weights(8, 64)), "another seed, other weights");
        double min = Arrays.stream(RandomCam.weights(1, 10_000)).min().orElseThrow();
        double max = Arrays.stream(RandomCam.weights(1, 10_000)).max().orElseThrow();
        assertTrue(min >= -1 && min < -0.99 && max < 1 && max > 0.99, min + " .. " + max);
    }

    /** The map is ReLU of the weighted sum; smoothed, it is the weighted features' projection (EigenSmooth's). */
    @Test
    void theMapIsTheReluOfTheWeightedSumOrItsProjection() {
        float[] f = {1, 2, 3, 0, 0, 5, 2, 2};
        double[] w = RandomCam.weights(0, 2);
        float[] map = RandomCam.map(f, 4, 2, 0, false);
        for (int p = 0; p < 4; p++) {
            assertEquals(Math.max(0, w[0] * f[2 * p] + w[1] * f[2 * p + 1]), map[p], 1e-6, "cell " + p);
        }
        assertArrayEquals(EigenSmooth.channelWeighted(f, 4, 2, w), RandomCam.map(f, 4, 2, 0, true), 0f);
    }
}
