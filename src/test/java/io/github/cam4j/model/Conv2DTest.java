package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Conv2DTest {
    // Inputs are small integers, so every product and sum is exact in float32: tolerance 0.
    private static final float[] IMAGE_3X3 = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Test
    void sameConvolutionMatchesHandComputation() throws Exception {
        // 3x3 all-ones kernel, 'same' padding: each output is the sum of the 3x3 neighbourhood (zeros outside).
        Conv2D conv = Conv2D.of("c", 1, 3, Padding.SAME, Activation.LINEAR);
        LayerRunner.Output out = LayerRunner.run(conv, new long[] {1, 3, 3, 1}, IMAGE_3X3,
                Map.of("c_kernel", ones(9), "c_bias", new float[] {0.5f}));
        assertArrayEquals(new long[] {1, 3, 3, 1}, out.shape());
        float[] expected = {12, 21, 16, 27, 45, 33, 24, 39, 28};
        for (int i = 0; i < expected.length; i++) {
            expected[i] += 0.5f;
        }
        assertArrayEquals(expected, out.values(), 0f);
        assertArrayEquals(new long[] {-1, 3, 3, 1}, conv.outputShape(new long[] {-1, 3, 3, 1}));
    }

    @Test
    void validConvolutionWithReluAndTwoFilters() throws Exception {
        // Two 2x2 filters: +1s and -1s. Valid padding gives 2x2; ReLU zeroes the negative filter.
        Conv2D conv = Conv2D.of("c", 2, 2, Padding.VALID, Activation.RELU);
        float[] kernel = new float[2 * 2 * 1 * 2];
        for (int i = 0; i < 4; i++) {
            kernel[i * 2] = 1;
            kernel[i * 2 + 1] = -1;
        }
        LayerRunner.Output out = LayerRunner.run(conv, new long[] {1, 3, 3, 1}, IMAGE_3X3,
                Map.of("c_kernel", kernel, "c_bias", new float[] {0, 0}));
        assertArrayEquals(new long[] {1, 2, 2, 2}, out.shape());
        assertArrayEquals(new float[] {12, 0, 16, 0, 24, 0, 28, 0}, out.values(), 0f);
    }

    @Test
    void stridesAndOpenSizes() throws Exception {
        Conv2D conv = new Conv2D("c", 4, new int[] {3, 3}, new int[] {2, 2}, new int[] {1, 1}, Padding.SAME, Activation.RELU, false,
                Initializer.HE_UNIFORM, Initializer.ZEROS);
        assertArrayEquals(new long[] {-1, 14, 14, 4}, conv.outputShape(new long[] {-1, 28, 28, 1}));
        assertArrayEquals(new long[] {-1, -1, -1, 4}, conv.outputShape(new long[] {-1, -1, -1, 1}));
        assertEquals(1, conv.weights(new long[] {-1, 28, 28, 3}).size(), "no bias weight when use_bias is false");
        assertArrayEquals(new long[] {3, 3, 3, 4}, conv.weights(new long[] {-1, 28, 28, 3}).get(0).shape());
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> Conv2D.of("c", 1, 5, Padding.VALID, Activation.LINEAR).outputShape(new long[] {-1, 3, 3, 1}));
        assertEquals("layer 'c' (Conv2D): input 3x3 is smaller than its 5x5 kernel with 'valid' padding", e.getMessage());
    }

    /**
     * Dilation 2: a 3x3 kernel's taps two pixels apart. On a 5x5 impulse at the centre, 'same' padding, the all-ones
     * kernel lights the centre and the eight pixels two away from it, and nothing between; 'valid' leaves one pixel,
     * the 5x5 span's centre. Without dilation the impulse would light the 3x3 block around the centre.
     */
    @Test
    void dilatedKernelReadsEveryOtherPixel() throws Exception {
        float[] impulse = new float[25];
        impulse[12] = 1;
        Conv2D same = new Conv2D("c", 1, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, Padding.SAME,
                Activation.LINEAR, false, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
        LayerRunner.Output out = LayerRunner.run(same, new long[] {1, 5, 5, 1}, impulse, Map.of("c_kernel", ones(9)));
        assertArrayEquals(new long[] {1, 5, 5, 1}, out.shape());
        float[] expected = {
            1, 0, 1, 0, 1,
            0, 0, 0, 0, 0,
            1, 0, 1, 0, 1,
            0, 0, 0, 0, 0,
            1, 0, 1, 0, 1};
        assertArrayEquals(expected, out.values(), 0f);

        Conv2D valid = new Conv2D("c", 1, new int[] {3, 3}, new int[] {1, 1}, new int[] {2, 2}, Padding.VALID,
                Activation.LINEAR, false, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
        LayerRunner.Output one = LayerRunner.run(valid, new long[] {1, 5, 5, 1}, IMAGE_5X5, Map.of("c_kernel", ones(9)));
        assertArrayEquals(new long[] {1, 1, 1, 1}, one.shape());
        // Pixels (0,0), (0,2), (0,4), (2,0) ... (4,4) of 1..25: 1+3+5+11+13+15+21+23+25.
        assertArrayEquals(new float[] {117}, one.values(), 0f);
        assertArrayEquals(new long[] {-1, 24, 24, 1}, valid.outputShape(new long[] {-1, 28, 28, 1}));
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> valid.outputShape(new long[] {-1, 4, 4, 1}));
        assertEquals("layer 'c' (Conv2D): input 4x4 is smaller than its 3x3 kernel (reaching 5x5 at dilation 2x2) with "
                + "'valid' padding", e.getMessage());
    }

    /**
     * Training builds a dilated convolution in other ops (SpaceToBatchND, an undilated convolution, BatchToSpaceND)
     * because TensorFlow's gradient of a dilated Conv2D is wrong: the function must be the exported Conv2D's, at rates
     * that do and do not divide the input, unequal rates, 'same' and 'valid', with bias and activation.
     */
    @Test
    void theTrainingFormOfADilatedConvolutionIsTheSameFunction() throws Exception {
        java.util.Random random = new java.util.Random(5);
        int[][] rates = {{2, 2}, {3, 2}, {4, 4}};
        long[][] inputs = {{2, 9, 11, 3}, {1, 12, 12, 3}, {1, 13, 10, 3}};
        for (int[] rate : rates) {
            for (Padding padding : Padding.values()) {
                for (long[] shape : inputs) {
                    Conv2D conv = new Conv2D("c", 4, new int[] {3, 2}, new int[] {1, 1}, rate, padding,
                            Activation.RELU, true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
                    float[] x = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = (float) random.nextGaussian();
                    }
                    float[] kernel = new float[3 * 2 * 3 * 4];
                    for (int i = 0; i < kernel.length; i++) {
                        kernel[i] = (float) random.nextGaussian();
                    }
                    Map<String, float[]> w = Map.of("c_kernel", kernel, "c_bias", new float[] {0.1f, -0.2f, 0.3f, 0f});
                    LayerRunner.Output exported = LayerRunner.run(conv, shape, x, w, false);
                    LayerRunner.Output trained = LayerRunner.run(conv, shape, x, w, true);
                    String what = "rate " + rate[0] + "x" + rate[1] + ", " + padding + ", input " + Arrays.toString(shape);
                    assertArrayEquals(conv.outputShape(shape), exported.shape(), what);
                    assertArrayEquals(exported.shape(), trained.shape(), what);
                    assertArrayEquals(exported.values(), trained.values(), 1e-4f, what);
                }
            }
        }
    }

    /**
     * What the Keras config refuses is refused when the layer is built in Java too: a rate above 1 with a stride above
     * 1 (training builds a dilated convolution at stride 1, and Keras refuses the pair), a rate below 1, a missing one.
     */
    @Test
    void aDilationTheLayerCannotHonourIsRefusedWhenBuilt() {
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class, () -> new Conv2D("c", 4,
                new int[] {3, 3}, new int[] {2, 1}, new int[] {1, 2}, Padding.SAME, Activation.RELU, false,
                Initializer.HE_UNIFORM, Initializer.ZEROS));
        assertEquals("layer 'c' (Conv2D): dilation 1x2 cannot go with strides 2x1 (one of them must be 1, as in Keras)",
                both.getMessage());
        IllegalArgumentException zero = assertThrows(IllegalArgumentException.class, () -> new Conv2D("c", 4,
                new int[] {3, 3}, new int[] {1, 1}, new int[] {0, 1}, Padding.SAME, Activation.RELU, false,
                Initializer.HE_UNIFORM, Initializer.ZEROS));
        assertEquals("layer 'c' (Conv2D): dilation must be two rates of at least 1, got [0, 1]", zero.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Conv2D("c", 4, new int[] {3, 3}, new int[] {1, 1}, null,
                Padding.SAME, Activation.RELU, false, Initializer.HE_UNIFORM, Initializer.ZEROS));
    }

    private static final float[] IMAGE_5X5 = new float[25];

    static {
        for (int i = 0; i < 25; i++) {
            IMAGE_5X5[i] = i + 1;
        }
    }

    private static float[] ones(int n) {
        float[] a = new float[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }
}
