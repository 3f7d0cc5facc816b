package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * FullGrad's aggregation ({@link FullGradMaps}) by hand, on the second picture of a batch of two (the first filled
 * with values that would show if read); {@code FullGradTest} compares it with pytorch-grad-cam on real models.
 */
class FullGradMapsTest {
    /**
     * pytorch-grad-cam's {@code scale_cam_image}, {@code (m - min) / (1e-7 + max(m - min))}: a range of 4 spans 0..1
     * (4 + 1e-7 is 4 in float), a range of 1e-7 reaches 1/2.
     */
    @Test
    void scalingAddsItsEpsilonToTheRange() {
        assertArrayEquals(new float[] {0.5f, 0f, 1f}, FullGradMaps.scaled(new float[] {5, 3, 7}), 0f);
        assertArrayEquals(new float[] {0f, 0.5f}, FullGradMaps.scaled(new float[] {0, 1e-7f}), 0f);
        assertArrayEquals(new float[] {0f, 0f}, FullGradMaps.scaled(new float[] {-2, -2}), 0f, "flat: 0, not NaN");
    }

    /**
     * One row of three pixels, two channels. Input terms |x g|: channel 0 {1, 3, 2} scaled {0, 1, .5}, channel 1
     * {4, 4, 0} scaled {1, 1, 0}; sum {1, 2, .5}, scaled {1/3, 1, 0}. A bias layer at the input's size adds its
     * channels' scaled |b g|, {2, 0, 2} scaled {1, 0, 1} and {3, 2, 1} scaled {1, .5, 0}: the sum {3, 2.5, 1.5} scaled is
     * {1, 2/3, 0}. 1e-6: the epsilons (1e-7 of a range of 1.5) and float rounding.
     */
    @Test
    void inputAndBiasTermsAreScaledChannelByChannelSummedAndScaled() {
        // Channel 1's x / g would be {.25, 1, 0}, scaled otherwise than x g's {1, 1, 0}.
        float[] inputs = {50, -60, 70, 80, -90, 10, /* picture 1 */ -1, 1, 3, -2, 2, 0};
        float[] gradients = {9, 8, 7, 6, 5, 4, /* picture 1 */ 1, 4, 1, -2, 1, 5};
        assertArrayEquals(new float[] {1f / 3, 1f, 0f}, FullGradMaps.map(inputs, gradients, 1, 1, 3, 2, List.of()),
                1e-6f);
        FullGradMaps.Layer bias = new FullGradMaps.Layer(new float[] {100, -7, 0, 300, 5, 5, /* picture 1 */ -2, 3, 0, 2,
            2, 1}, 1, 3, 2);
        assertArrayEquals(new float[] {1f, 2f / 3, 0f}, FullGradMaps.map(inputs, gradients, 1, 1, 3, 2, List.of(bias)),
                1e-6f);
        assertArrayEquals(new float[] {2f, 0.5f, 1f}, FullGradMaps.scaledSum(bias, 1), 1e-6f);
    }
}
