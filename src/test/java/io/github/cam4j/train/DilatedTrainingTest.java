package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.Sequential;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Training a dilated convolution follows its own gradient. TensorFlow's C++ gradient of {@code Conv2D}, which
 * {@code tf.gradients} uses in TensorFlow Java, drops the op's dilations: with 'same' padding it silently gave the
 * gradient of the undilated convolution (a 3-layer dilated model stayed at chance, loss 2.303, after an epoch on 1 800
 * digits), with 'valid' padding its shapes do not match (INVALID_ARGUMENT with oneDNN off, the JVM killed by SIGILL
 * inside oneDNN's backward-filter primitive with it on, as the command line runs).
 *
 * <p>The model here is small enough to differentiate by hand: 8x8 pictures, a linear 'same' 3x3 convolution to one
 * channel ({@code a}, undilated: its values take both signs), a linear 3x3 convolution at rate 2 to two channels
 * ({@code c}), global average pooling, a softmax Dense of 2, no biases. The logits are
 * {@code sum_f (sum_ij c[i][j][f] A[i][j]) W[f][c]}, {@code A[i][j]} the mean over output cells of the value of
 * {@code a} that tap {@code (i, j)} reads, so the loss's gradient for each weight of {@code c} is computed here without
 * TensorFlow. One Adam step from the initial weights moves each weight by about {@code -rate * sign(gradient)}: its
 * sign is checked on every weight of {@code c} whose gradient is clearly not 0 (and, with 'same' padding, the undilated
 * convolution's gradient is checked to differ in sign somewhere, so that the check can tell them apart).
 */
class DilatedTrainingTest {
    private static final int SIDE = 8;
    private static final int N = 8;
    private static final float RATE = 1e-3f;

    private static Sequential model(String padding, int rate) throws Exception {
        return Sequential.fromJson("{\"class_name\": \"Sequential\", \"config\": {\"name\": \"dilated\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 8, 8, 1], \"name\": \"in\"}},"
                + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"a\", \"filters\": 1, \"kernel_size\": [3, 3],"
                + " \"padding\": \"same\", \"activation\": \"linear\", \"use_bias\": false}},"
                + "{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 2, \"kernel_size\": [3, 3],"
                + " \"dilation_rate\": [" + rate + ", " + rate + "], \"padding\": \"" + padding + "\", \"activation\": \"linear\","
                + " \"use_bias\": false}},"
                + "{\"class_name\": \"GlobalAveragePooling2D\", \"config\": {\"name\": \"gap\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"name\": \"dense\", \"units\": 2, \"activation\": \"softmax\","
                + " \"use_bias\": false}}]}}");
    }

    /**
     * One dot a picture, near an edge: what a tap reads then depends on how far it reaches (at rate 2 a tap two pixels
     * out misses rows and columns that one pixel out reads), where on noise every tap reads much the same mean.
     */
    private static LabeledImages pictures() {
        int[][] dots = {{1, 1}, {6, 6}, {1, 6}, {6, 1}, {0, 3}, {7, 4}, {3, 0}, {4, 7}};
        byte[] pixels = new byte[N * SIDE * SIDE];
        byte[] labels = new byte[N];
        for (int n = 0; n < N; n++) {
            pixels[n * SIDE * SIDE + dots[n][0] * SIDE + dots[n][1]] = (byte) 255;
            labels[n] = (byte) (n % 2);
        }
        return new LabeledImages(pixels, labels, N, SIDE, SIDE);
    }

    /** @return layer {@code a}'s output on picture {@code n}: 'same' 3x3, undilated, one channel */
    private static double[][] first(LabeledImages set, int n, float[] a) {
        double[][] h = new double[SIDE][SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        int py = y - 1 + i;
                        int px = x - 1 + j;
                        if (py >= 0 && py < SIDE && px >= 0 && px < SIDE) {
                            h[y][x] += a[i * 3 + j] * set.pixel(n, py, px) / 255.0;
                        }
                    }
                }
            }
        }
        return h;
    }

    /**
     * @param rate the dilation the gradient is taken for (1: the gradient TensorFlow's Conv2D gradient gives)
     * @return d(mean cross-entropy)/d(c's kernel), laid out [3, 3, 1, 2] as Keras and TensorFlow hold it
     */
    private static double[] handGradient(LabeledImages set, Map<String, float[]> weights, boolean same, int rate) {
        float[] kernel = weights.get("c_kernel");
        float[] dense = weights.get("dense_kernel");
        int reach = 2 * rate + 1;
        int out = same ? SIDE : SIDE - reach + 1;
        int offset = same ? -rate : 0;
        double[] gradient = new double[18];
        for (int n = 0; n < N; n++) {
            double[][] h = first(set, n, weights.get("a_kernel"));
            double[][] a = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    for (int oy = 0; oy < out; oy++) {
                        for (int ox = 0; ox < out; ox++) {
                            int y = oy + offset + rate * i;
                            int x = ox + offset + rate * j;
                            if (y >= 0 && y < SIDE && x >= 0 && x < SIDE) {
                                a[i][j] += h[y][x];
                            }
                        }
                    }
                    a[i][j] /= out * out;
                }
            }
            double[] pooled = new double[2];
            for (int f = 0; f < 2; f++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        pooled[f] += kernel[(i * 3 + j) * 2 + f] * a[i][j];
                    }
                }
            }
            double[] logits = new double[2];
            for (int c = 0; c < 2; c++) {
                for (int f = 0; f < 2; f++) {
                    logits[c] += pooled[f] * dense[f * 2 + c];
                }
            }
            double top = Math.max(logits[0], logits[1]);
            double sum = Math.exp(logits[0] - top) + Math.exp(logits[1] - top);
            for (int f = 0; f < 2; f++) {
                double dPooled = 0;
                for (int c = 0; c < 2; c++) {
                    double p = Math.exp(logits[c] - top) / sum;
                    dPooled += (p - (set.label(n) == c ? 1 : 0)) * dense[f * 2 + c];
                }
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        gradient[(i * 3 + j) * 2 + f] += dPooled * a[i][j] / N;
                    }
                }
            }
        }
        return gradient;
    }

    private static void oneStepFollowsTheGradient(String padding, int rate) throws Exception {
        Sequential model = model(padding, rate);
        LabeledImages set = pictures();
        TrainingConfig config = new TrainingConfig(1, N, RATE, 0.0, 42, 0, LearningRateSchedule.CONSTANT, 1);
        Map<String, float[]> before = model.initialWeights(42);
        TrainingResult result = new Trainer(model, config, TrainingListener.SILENT).fit(set, set);
        float[] kernel = before.get("c_kernel");
        float[] after = result.weights().get("c_kernel");
        boolean same = padding.equals("same");
        double[] gradient = handGradient(set, before, same, rate);
        double[] other = handGradient(set, before, same, rate == 1 ? 2 : 1);
        int checked = 0;
        int told = 0;
        for (int w = 0; w < kernel.length; w++) {
            if (Math.abs(gradient[w]) < 1e-4) {
                continue;
            }
            checked++;
            told += gradient[w] * other[w] < 0 ? 1 : 0;
            double step = after[w] - kernel[w];
            assertTrue(step * gradient[w] < 0, padding + ": kernel weight " + w + " moved by " + step
                    + " along its gradient " + gradient[w]);
            assertEquals(RATE, Math.abs(step), RATE * 0.1, padding + ": kernel weight " + w + "'s Adam step");
        }
        assertTrue(checked >= 9, padding + ": only " + checked + " of 18 gradients were clearly not 0");
        if (same && rate == 2) {
            // The undilated convolution's gradient, what TensorFlow's gradient of Conv2D gave, has the same shape
            // only with 'same' padding ('valid' failed outright).
            assertTrue(told > 0, "the undilated gradient has the same signs: the check could not tell them apart");
        }
    }

    /** The hand computation, checked where TensorFlow's gradient is right: no dilation. */
    @Test
    void anUndilatedConvolutionStepsAlongItsGradient() throws Exception {
        oneStepFollowsTheGradient("same", 1);
        oneStepFollowsTheGradient("valid", 1);
    }

    @Test
    void aSameDilatedConvolutionStepsAlongItsOwnGradient() throws Exception {
        oneStepFollowsTheGradient("same", 2);
    }

    @Test
    void aValidDilatedConvolutionStepsAlongItsOwnGradient() throws Exception {
        oneStepFollowsTheGradient("valid", 2);
    }
}
