package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Activation;
import io.github.cam4j.model.Conv2D;
import io.github.cam4j.model.Dense;
import io.github.cam4j.model.GlobalAveragePooling2D;
import io.github.cam4j.model.Padding;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ShapleyCAM: Grad-CAM's weights taken of {@code g - H A / 2}, the Hessian-vector product built by TensorFlow as the
 * gradient of the gradient ops.
 */
class ShapleyCamTest {
    @TempDir
    static Path tmp;

    /**
     * On the bundled models the logit is piecewise linear in the features (a ReLU's output, then global average pooling
     * and a dense layer for the pooled model; dense layers for the unpooled one): H = 0, and ShapleyCAM's maps are
     * Grad-CAM's to the bit on 64 digits, as pytorch-grad-cam's would be (its hvp is None there, taken as 0). So too at
     * the pooled model's earlier layers, whose way to the logits passes its max pooling (MaxPoolV2, ksize and strides
     * as tensors: its second-order gradient once failed with a NullPointerException, its ksize and strides given none).
     */
    @ParameterizedTest
    @CsvSource({"mnist-pooled,", "mnist-unpooled,", "mnist-pooled,conv2d_1/Relu", "mnist-pooled,conv2d/Relu"})
    void whereTheLogitIsPiecewiseLinearShapleyCamIsGradCamExactly(String name, String features) throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        int digits = 64;
        float[] pixels = new float[digits * 784];
        for (int i = 0; i < digits; i++) {
            System.arraycopy(test.imageAsFloats(i), 0, pixels, i * 784, 784);
        }
        Path model = SharedData.bundledModels().resolve(name);
        List<ImageExplanation> grad;
        List<ImageExplanation> shapley;
        LoadOptions at = LoadOptions.defaults().withFoundOverrides(features, null);
        try (CamSession s = CamSession.builder().setModel(model).optLoadOptions(at.withGradCam())
                .build()) {
            grad = s.explainPixels(pixels, digits, 28, 28, Target.predicted());
        }
        try (CamSession s = CamSession.builder().setModel(model).optLoadOptions(at
                .withGradients(GradientWeighting.SHAPLEY_CAM)).build()) {
            shapley = s.explainPixels(pixels, digits, 28, 28, Target.predicted());
        }
        int nonBlank = 0;
        for (int i = 0; i < digits; i++) {
            assertEquals(grad.get(i).predicted(), shapley.get(i).predicted());
            assertArrayEquals(grad.get(i).first().rawMap().values(), shapley.get(i).first().rawMap().values(),
                    "digit " + i);
            nonBlank += grad.get(i).first().rawMap().max() > 0 ? 1 : 0;
        }
        assertTrue(nonBlank >= digits / 2, nonBlank + " maps hold anything");
    }

    /**
     * A head that is not piecewise linear: features {@code A} (a 3x3 convolution's 3 ReLU channels on an 8x8 picture),
     * then a 1x1 convolution of 2 sigmoid channels {@code s = sigma(A V + d)}, global average pooling and a dense
     * layer. By hand, at a cell, {@code g_k = (1/64) sum_o W[o, c] s_o (1 - s_o) V[k, o]} and
     * {@code (H A)_k = (1/64) sum_o W[o, c] s_o (1 - s_o) (1 - 2 s_o) V[k, o] (sum_k' V[k', o] A_k')}; ShapleyCAM's map
     * is {@code ReLU(sum_k mean(g_k - (H A)_k / 2) A_k)}. cam4j's maps equal it within 1e-5 of each map's largest
     * value (float32 in the graph against double here, 64 cells of 3 channels: a few 1e-7 relative), and differ from
     * Grad-CAM's by more than 1e-3 of it on most pictures, so the Hessian term is there.
     */
    @Test
    void throughASigmoidTheHessianTermIsTheHandComputedOne() throws Exception {
        Sequential sigmoidHead = new Sequential("sigmoid_head", new long[] {8, 8, 1}, List.of(
                Conv2D.of("c1", 3, 3, Padding.SAME, Activation.RELU), Conv2D.of("c2", 2, 1, Padding.SAME,
                        Activation.SIGMOID), new GlobalAveragePooling2D("gap"), Dense.of("dense", 3, Activation.SOFTMAX)));
        Path dir = tmp.resolve("sigmoid-head");
        Map<String, float[]> w = TinyModels.export(sigmoidHead, 7, dir);
        int images = 10;
        Random random = new Random(3);
        float[] pixels = new float[images * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        LoadOptions atC1 = LoadOptions.defaults().withFoundOverrides("c1/Relu", null);
        List<ImageExplanation> shapley;
        List<ImageExplanation> grad;
        try (CamSession s = CamSession.builder().setModel(dir).optLoadOptions(atC1.withGradients(
                GradientWeighting.SHAPLEY_CAM)).build()) {
            shapley = s.explainPixels(pixels, images, 8, 8, Target.predicted());
        }
        try (CamSession s = CamSession.builder().setModel(dir).optLoadOptions(atC1.withGradCam()).build()) {
            grad = s.explainPixels(pixels, images, 8, 8, Target.predicted());
        }
        int differ = 0;
        for (int i = 0; i < images; i++) {
            float[] image = java.util.Arrays.copyOfRange(pixels, i * 64, (i + 1) * 64);
            double[][] a = features(image, w.get("c1_kernel"), w.get("c1_bias"));
            int c = shapley.get(i).predicted();
            double[] weights = new double[3];
            for (int p = 0; p < 64; p++) {
                for (int o = 0; o < 2; o++) {
                    double u = w.get("c2_bias")[o];
                    for (int k = 0; k < 3; k++) {
                        u += a[p][k] * w.get("c2_kernel")[k * 2 + o];
                    }
                    double s = 1 / (1 + Math.exp(-u));
                    double dense = w.get("dense_kernel")[o * 3 + c] / 64;
                    for (int k = 0; k < 3; k++) {
                        double v = w.get("c2_kernel")[k * 2 + o];
                        double g = dense * s * (1 - s) * v;
                        double hessianTimesA = dense * s * (1 - s) * (1 - 2 * s) * v * (u - w.get("c2_bias")[o]);
                        weights[k] += (g - 0.5 * hessianTimesA) / 64;
                    }
                }
            }
            float[] actual = shapley.get(i).first().rawMap().values();
            float[] gradCam = grad.get(i).first().rawMap().values();
            double largest = 0;
            double[] expected = new double[64];
            for (int p = 0; p < 64; p++) {
                expected[p] = Math.max(0, weights[0] * a[p][0] + weights[1] * a[p][1] + weights[2] * a[p][2]);
                largest = Math.max(largest, expected[p]);
            }
            assertTrue(largest > 0, "image " + i + ": a blank map checks nothing");
            double most = 0;
            for (int p = 0; p < 64; p++) {
                assertEquals(expected[p], actual[p], 1e-5 * largest, "image " + i + ", cell " + p);
                most = Math.max(most, Math.abs(gradCam[p] - actual[p]));
            }
            differ += most > 1e-3 * largest ? 1 : 0;
        }
        assertTrue(differ >= images / 2, "only " + differ + " ShapleyCAM maps differ from Grad-CAM's");
    }

    /** A 3x3 'same' convolution and ReLU on an 8x8 picture: [64 cells][3 channels]. */
    private static double[][] features(float[] image, float[] kernel, float[] bias) {
        double[][] f = new double[64][3];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                for (int o = 0; o < 3; o++) {
                    double sum = bias[o];
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < 8 && xx >= 0 && xx < 8) {
                                sum += image[yy * 8 + xx] * kernel[((dy + 1) * 3 + (dx + 1)) * 3 + o];
                            }
                        }
                    }
                    f[y * 8 + x][o] = Math.max(0, sum);
                }
            }
        }
        return f;
    }
}
