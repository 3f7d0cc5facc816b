package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.types.TFloat32;

/**
 * The gradients {@link BatchNormGradients} gives {@code FusedBatchNorm} and {@code FusedBatchNormV2}, by the input, in
 * both layouts and both modes: {@code d sum(w y) / d x} of a batch norm on a random batch. In inference the norm is
 * affine per channel, so the gradient is {@code w gamma / sqrt(var + eps)} exactly, worked out here in double; in
 * training (the batch's own statistics) it is held to TensorFlow's own gradient of {@code FusedBatchNormV3} on the same
 * graph.
 */
class BatchNormGradientsTest {
    private static final int N = 3;
    private static final int H = 4;
    private static final int W = 5;
    private static final int C = 6;
    private static final float EPSILON = 1e-3f;
    private static final Random RANDOM = new Random(11);
    private static final float[] X = draw(N * H * W * C, 1.5f, 0.2f);
    private static final float[] WEIGHTS = draw(N * H * W * C, 1f, 0f);
    private static final float[] GAMMA = draw(C, 0.4f, 1f);
    private static final float[] BETA = draw(C, 0.3f, 0f);
    private static final float[] MEAN = draw(C, 0.5f, 0f);
    private static final float[] VARIANCE = positive(draw(C, 0.5f, 0.8f));

    @BeforeAll
    static void register() {
        BatchNormGradients.register();
    }

    private static float[] draw(int n, float scale, float offset) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = offset + scale * (float) RANDOM.nextGaussian();
        }
        return v;
    }

    private static float[] positive(float[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]) + 0.1f;
        }
        return v;
    }

    /**
     * @return {@code d sum(w y) / d x} at {@link #X} (channels-last, whatever the op's layout) for a batch norm of op
     *     {@code type}, channels-first ({@code NCHW}) or last, in training or inference
     */
    private static float[] gradient(String type, boolean channelsFirst, boolean training) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(N, H, W, C), org.tensorflow.ndarray.buffer.DataBuffers.of(X));
            Operand<TFloat32> in = channelsFirst ? tf.linalg.transpose(x, tf.constant(new int[] {0, 3, 1, 2})) : x;
            // Training mode takes no statistics: TensorFlow wants them empty.
            Operand<TFloat32> mean = training ? tf.constant(new float[0]) : tf.constant(MEAN);
            Operand<TFloat32> variance = training ? tf.constant(new float[0]) : tf.constant(VARIANCE);
            Scope scope = tf.scope();
            Output<TFloat32> y = scope.env().opBuilder(type, "bn", scope).addInput(in.asOutput())
                    .addInput(tf.constant(GAMMA).asOutput()).addInput(tf.constant(BETA).asOutput())
                    .addInput(mean.asOutput()).addInput(variance.asOutput()).setAttr("epsilon", EPSILON)
                    .setAttr("is_training", training).setAttr("data_format", channelsFirst ? "NCHW" : "NHWC").build()
                    .output(0);
            Operand<TFloat32> back = channelsFirst ? tf.linalg.transpose(y, tf.constant(new int[] {0, 2, 3, 1})) : y;
            Operand<TFloat32> weights = tf.constant(Shape.of(N, H, W, C),
                    org.tensorflow.ndarray.buffer.DataBuffers.of(WEIGHTS));
            Operand<TFloat32> loss = tf.reduceSum(tf.math.mul(back, weights), tf.constant(new int[] {0, 1, 2, 3}));
            Output<?> dx = g.addGradients("grad", new Output<?>[] {loss.asOutput()}, new Output<?>[] {x.asOutput()},
                    null)[0];
            try (Session s = new Session(g); Result r = s.runner().fetch(dx).run()) {
                TFloat32 t = (TFloat32) r.get(0);
                float[] out = new float[N * H * W * C];
                t.asRawTensor().data().asFloats().read(out);
                return out;
            }
        }
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"FusedBatchNorm, NHWC", "FusedBatchNorm, NCHW", "FusedBatchNormV2, NHWC", "FusedBatchNormV2, NCHW"})
    void inInferenceTheGradientIsTheScaleOverTheDeviation(String type, String layout) {
        float[] got = gradient(type, layout.equals("NCHW"), false);
        float[] expected = new float[got.length];
        for (int i = 0; i < got.length; i++) {
            int c = i % C;
            expected[i] = (float) (WEIGHTS[i] * GAMMA[c] / Math.sqrt((double) VARIANCE[c] + EPSILON));
        }
        // One float32 product and reciprocal square root per value: a few units in the 7th digit of values near 1;
        // 1e-5 absolute is a hundred times that and far below a wrong channel's scale (gammas and variances differ
        // by tenths).
        assertArrayEquals(expected, got, 1e-5f, type + ", " + layout);
    }

    @ParameterizedTest(name = "{0}, {1}")
    @CsvSource({"FusedBatchNorm, NHWC", "FusedBatchNorm, NCHW", "FusedBatchNormV2, NHWC", "FusedBatchNormV2, NCHW"})
    void inTrainingTheGradientIsTensorFlowsOwnForV3(String type, String layout) {
        boolean channelsFirst = layout.equals("NCHW");
        float[] expected = gradient("FusedBatchNormV3", channelsFirst, true);
        float[] got = gradient(type, channelsFirst, true);
        assertEquals(expected.length, got.length);
        double largest = 0;
        for (float v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        // The same kernel's arithmetic (FusedBatchNormGrad and V3's share it): float32 sums over the batch's 60 values
        // per channel, 1e-6 of the largest value leaves room for another order of summation and is far below the
        // batch statistics' part of the gradient (without it, the inference formula, values move by tenths).
        assertArrayEquals(expected, got, (float) (1e-6 * largest), type + ", " + layout + " in training");
    }
}
