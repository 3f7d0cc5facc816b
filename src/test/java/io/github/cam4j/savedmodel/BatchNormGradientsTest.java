package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.TensorData;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * The gradients {@link BatchNormGradients} adds for {@code FusedBatchNorm} and {@code FusedBatchNormV2}, against
 * TensorFlow's own C++ gradient of a {@code FusedBatchNormV3} with the same input, weights and attributes, in one graph:
 * the weighted gradient {@code d sum(w y)} at the input, the scale and the offset, channels last and first, in
 * inference and in training. The gradient ops run the same CPU kernel as the V3's, on the same tensors (the forward
 * ops' outputs are not read in inference, and agree to the bit in training), so the gradients must be equal to the
 * bit; measured equal. (In inference the V3's output itself differs from the older two's by up to 1.4e-6 relative,
 * float rounding of another kernel: not what is checked here.) In inference the input's gradient is also checked
 * against its formula, {@code w gamma / sqrt(var + eps)}, and in every case each gradient is checked not all zeros.
 */
class BatchNormGradientsTest {
    private static final long N = 2;
    private static final long H = 3;
    private static final long W = 4;
    private static final long C = 5;
    private static final float EPSILON = 1e-3f;

    @ParameterizedTest
    @CsvSource({"FusedBatchNorm, NHWC, false", "FusedBatchNormV2, NHWC, false", "FusedBatchNorm, NCHW, false",
            "FusedBatchNormV2, NCHW, false", "FusedBatchNorm, NHWC, true", "FusedBatchNormV2, NHWC, true",
            "FusedBatchNorm, NCHW, true", "FusedBatchNormV2, NCHW, true"})
    void isTensorFlowsGradientOfTheV3(String type, String format, boolean training) {
        BatchNormGradients.register();
        Random random = new Random(11);
        Shape shape = format.equals("NHWC") ? Shape.of(N, H, W, C) : Shape.of(N, C, H, W);
        float[] x = normal(random, (int) shape.size(), 1.5f, 0.4f);
        float[] w = normal(random, (int) shape.size(), 1f, 0f);
        float[] gamma = normal(random, (int) C, 0.3f, 1f);
        float[] beta = normal(random, (int) C, 0.3f, 0f);
        float[] mean = normal(random, (int) C, 0.5f, 0f);
        float[] variance = normal(random, (int) C, 0.4f, 0f);
        for (int c = 0; c < C; c++) {
            variance[c] = 0.2f + Math.abs(variance[c]);
        }
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> in = tf.constant(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(x));
            Operand<TFloat32> weights = tf.constant(shape, org.tensorflow.ndarray.buffer.DataBuffers.of(w));
            Operand<TFloat32> scale = tf.constant(gamma);
            Operand<TFloat32> offset = tf.constant(beta);
            Operand<TFloat32> m = tf.constant(mean);
            Operand<TFloat32> v = tf.constant(variance);
            Output<?> mine = batchNorm(tf, type, "mine", in, scale, offset, m, v, format, training);
            Output<?> theirs = batchNorm(tf, "FusedBatchNormV3", "theirs", in, scale, offset, m, v, format, training);
            Output<?>[] at = {in.asOutput(), scale.asOutput(), offset.asOutput()};
            Output<?>[] got = g.addGradients("mine_gradient", new Output<?>[] {mine}, at,
                    new Output<?>[] {weights.asOutput()});
            Output<?>[] expected = g.addGradients("theirs_gradient", new Output<?>[] {theirs}, at,
                    new Output<?>[] {weights.asOutput()});
            try (Result r = s.runner().fetch(got[0]).fetch(got[1]).fetch(got[2]).fetch(expected[0]).fetch(expected[1])
                    .fetch(expected[2]).run()) {
                String what = type + ", " + format + (training ? ", training" : ", inference");
                String[] names = {"input", "scale", "offset"};
                for (int i = 0; i < 3; i++) {
                    float[] a = TensorData.toArray(r.get(i));
                    float[] b = TensorData.toArray(r.get(i + 3));
                    assertTrue(java.util.Arrays.stream(toDoubles(b)).anyMatch(d -> d != 0), what + ": " + names[i]
                            + "'s gradient is all zeros");
                    assertArrayEquals(b, a, what + ": gradient at the " + names[i]);
                }
                if (!training) {
                    float[] dx = TensorData.toArray(r.get(0));
                    for (int q = 0; q < dx.length; q++) {
                        int c = (int) (format.equals("NHWC") ? q % C : q / (H * W) % C);
                        double expect = w[q] * gamma[c] / Math.sqrt(variance[c] + (double) EPSILON);
                        // float32: the kernel's scale gamma * rsqrt(var + eps) and its product, each within 6e-8
                        // relative; 1e-6 relative leaves eight times that, and a missed epsilon (1e-3 against variances
                        // of 0.2 to 1.4) is 3.5e-4 to 2.5e-3 relative.
                        assertEquals(expect, dx[q], 1e-6 * Math.abs(expect), what + ": d/dx at " + q);
                    }
                }
            }
        }
    }

    private static Output<?> batchNorm(Ops tf, String type, String name, Operand<TFloat32> x, Operand<TFloat32> scale,
            Operand<TFloat32> offset, Operand<TFloat32> mean, Operand<TFloat32> variance, String format,
            boolean training) {
        var b = tf.scope().opBuilder(type, name).addInput(x.asOutput()).addInput(scale.asOutput())
                .addInput(offset.asOutput()).addInput(training ? tf.constant(new float[0]).asOutput() : mean.asOutput())
                .addInput(training ? tf.constant(new float[0]).asOutput() : variance.asOutput())
                .setAttr("T", DataType.DT_FLOAT).setAttr("epsilon", EPSILON).setAttr("data_format", format)
                .setAttr("is_training", training);
        if (!type.equals("FusedBatchNorm")) {
            b.setAttr("U", DataType.DT_FLOAT);
        }
        return b.build().output(0);
    }

    /** @return {@code n} values {@code shift + gauss * scale} */
    private static float[] normal(Random random, int n, float scale, float shift) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (shift + random.nextGaussian() * scale);
        }
        return v;
    }

    private static double[] toDoubles(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
