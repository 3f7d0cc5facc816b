package io.github.cam4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;

/**
 * A small real classifier whose biases are added the three ways FullGrad reads from a graph other than Keras 3's
 * folded batch norms: a {@code BiasAdd}, a {@code FusedBatchNormV3} in inference and a plain {@code AddV2} (and a
 * {@code Sub}) of a constant. Built with TensorFlow Java ops ({@link ForeignModels#export}: no cam signature, no
 * metadata), weights as variables drawn from {@code java.util.Random(7)}, so that
 * {@code python-export/make_pytorch_grad_cam_fusedbn_reference.py} reads them from the checkpoint:
 *
 * <pre>
 * images [-1, 28, 28, 1] (pixels / 255)
 * c1: Conv2D 3x3 same, 1 -> 8 (c1_kernel), BiasAdd (c1_bias), ReLU
 * c2: Conv2D 3x3 same, 8 -> 8 (c2_kernel, no bias), FusedBatchNormV3 (bn_gamma, bn_beta, bn_mean, bn_variance,
 *     epsilon {@link #EPSILON}, is_training false), ReLU
 * c3: Conv2D 3x3 same, 8 -> 8 (c3_kernel), AddV2 of c3_bias [8], ReLU
 * c4: Conv2D 1x1, 8 -> 8 (c4_kernel), Sub of c4_offset [1, 1, 1, 8] (a bias of -c4_offset), ReLU "features"
 * global average pooling, MatMul (dense_kernel) + BiasAdd (dense_bias): "logits", softmax "probs"
 * </pre>
 *
 * The batch norm's moving statistics are not the identity's: means 0.3 to 0.9 in size and of either sign, variances
 * 0.2 to 1.2, gammas 0.6 to 1.4, so its bias {@code beta - mean gamma / sqrt(var + eps)} differs from beta, and the
 * epsilon counts in it to about 1e-3 of its size.
 *
 * <p>{@link #export(Path, Variant)} builds the same function with the same draws through other ops a graph may hold:
 * the batch norm as {@code FusedBatchNorm} or {@code FusedBatchNormV2}, c3's bias by a plain {@code Add} or first
 * ({@code c3_bias + conv}), and c4 as {@code (-c4_offset) - conv(r3, -c4_kernel)}, the constant first, or as
 * {@code conv(r3, c4_kernel) + (-c4_offset)} (negated exactly: IEEE negation does not round), so that every output,
 * gradient and bias term is the default graph's to the bit.
 */
public final class FusedBatchNormModel {
    /** The batch norm's epsilon: Keras' default, not torch's 1e-5, so that a port with torch's default misses. */
    public static final float EPSILON = 1e-3f;
    /** Channels of every convolution. */
    public static final int K = 8;

    private FusedBatchNormModel() {}

    /**
     * Which ops add the biases.
     *
     * @param batchNorm the batch norm's op: {@code FusedBatchNormV3}, {@code FusedBatchNormV2} or {@code FusedBatchNorm}
     * @param add c3's bias op: {@code AddV2} or {@code Add}
     * @param biasFirst c3 as {@code c3_bias + conv(r2, kernel)} instead of {@code conv(r2, kernel) + c3_bias}
     * @param offset how c4 takes its offset away
     */
    public record Variant(String batchNorm, String add, boolean biasFirst, Offset offset) {
        /** The graph the pytorch-grad-cam reference was made from. */
        public static final Variant DEFAULT = new Variant("FusedBatchNormV3", "AddV2", false, Offset.X_MINUS_C);

        @Override
        public String toString() {
            return batchNorm + ", " + (biasFirst ? "c " + add + " x" : add) + ", " + offset.form;
        }
    }

    /** How c4 takes its offset away from its convolution's output, all three the same function. */
    public enum Offset {
        /** {@code conv(r3, kernel) - offset}: a {@code Sub}, whose bias is {@code -offset}. */
        X_MINUS_C("x - c"),
        /** {@code (-offset) - conv(r3, -kernel)}: a {@code Sub} with the constant first, whose bias is the constant. */
        C_MINUS_X("c - x"),
        /**
         * {@code conv(r3, kernel) + (-offset)}: an {@code AddV2} of the negated offset, the {@code Sub}'s equivalent
         * (the op keeps the name {@code c4_sub}, so that the layers compare by name).
         */
        X_PLUS_NEGATED_C("x + (-c)");

        private final String form;

        Offset(String form) {
            this.form = form;
        }
    }

    /**
     * Exports the model to {@code dir}, its biases added as {@link Variant#DEFAULT} adds them.
     *
     * @return its weights by variable name, TensorFlow's layouts (kernels HWIO)
     */
    public static Map<String, float[]> export(Path dir) {
        return export(dir, Variant.DEFAULT);
    }

    /**
     * Exports the model to {@code dir}, its biases added by the ops {@code variant} names.
     *
     * @return its weights by variable name as the graph holds them (c4's negated where the variant negates them)
     */
    public static Map<String, float[]> export(Path dir, Variant variant) {
        Map<String, float[]> weights = new LinkedHashMap<>();
        ForeignModels.export(dir, (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> c1 = tf.withName("c1_bias_add").nn.biasAdd(conv(tf, x, variable(tf, weights, "c1_kernel",
                    normal(random, 9 * K, 0.6f), 3, 3, 1, K)), variable(tf, weights, "c1_bias",
                    normal(random, K, 0.2f), K));
            Operand<TFloat32> r1 = tf.withName("c1_relu").nn.relu(c1);
            Operand<TFloat32> c2 = conv(tf, r1, variable(tf, weights, "c2_kernel", normal(random, 9 * K * K, 0.2f),
                    3, 3, K, K));
            float[] gamma = new float[K];
            float[] beta = normal(random, K, 0.3f);
            float[] mean = new float[K];
            float[] variance = new float[K];
            for (int c = 0; c < K; c++) {
                gamma[c] = 0.6f + 0.8f * random.nextFloat();
                mean[c] = (random.nextBoolean() ? 1 : -1) * (0.3f + 0.6f * random.nextFloat());
                variance[c] = 0.2f + random.nextFloat();
            }
            Operand<TFloat32> bn = batchNorm(tf, variant.batchNorm(), c2, variable(tf, weights, "bn_gamma", gamma, K),
                    variable(tf, weights, "bn_beta", beta, K), variable(tf, weights, "bn_mean", mean, K),
                    variable(tf, weights, "bn_variance", variance, K));
            Operand<TFloat32> r2 = tf.withName("bn_relu").nn.relu(bn);
            Operand<TFloat32> x3 = conv(tf, r2, variable(tf, weights, "c3_kernel", normal(random, 9 * K * K, 0.2f), 3,
                    3, K, K));
            Operand<TFloat32> b3 = variable(tf, weights, "c3_bias", normal(random, K, 0.2f), K);
            Operand<TFloat32> c3 = variant.biasFirst() ? binary(tf, variant.add(), "c3_add", b3, x3)
                    : binary(tf, variant.add(), "c3_add", x3, b3);
            Operand<TFloat32> r3 = tf.withName("c3_relu").nn.relu(c3);
            float[] c4Kernel = normal(random, K * K, 0.5f);
            float[] c4Offset = normal(random, K, 0.2f);
            Operand<TFloat32> c4 = switch (variant.offset()) {
                case C_MINUS_X -> tf.withName("c4_sub").math.sub(variable(tf, weights, "c4_offset", negated(c4Offset),
                        1, 1, 1, K), conv(tf, r3, variable(tf, weights, "c4_kernel", negated(c4Kernel), 1, 1, K, K)));
                case X_PLUS_NEGATED_C -> binary(tf, "AddV2", "c4_sub", conv(tf, r3, variable(tf, weights, "c4_kernel",
                        c4Kernel, 1, 1, K, K)), variable(tf, weights, "c4_offset", negated(c4Offset), 1, 1, 1, K));
                case X_MINUS_C -> tf.withName("c4_sub").math.sub(conv(tf, r3, variable(tf, weights, "c4_kernel",
                        c4Kernel, 1, 1, K, K)), variable(tf, weights, "c4_offset", c4Offset, 1, 1, 1, K));
            };
            Operand<TFloat32> features = tf.withName("features").nn.relu(c4);
            Operand<TFloat32> gap = tf.withName("gap").math.mean(features, tf.constant(new int[] {1, 2}));
            Operand<TFloat32> logits = tf.withName("logits").nn.biasAdd(tf.linalg.matMul(gap, variable(tf, weights,
                    "dense_kernel", normal(random, K * 10, 1f), K, 10)), variable(tf, weights, "dense_bias",
                    normal(random, 10, 0.3f), 10));
            out.put("y", tf.withName("probs").nn.softmax(logits));
        });
        return weights;
    }

    /** @return the batch norm in inference, "bn", by the op {@code type} (the older two have no op class in Ops) */
    private static Operand<TFloat32> batchNorm(Ops tf, String type, Operand<TFloat32> x, Operand<TFloat32> gamma,
            Operand<TFloat32> beta, Operand<TFloat32> mean, Operand<TFloat32> variance) {
        if (type.equals("FusedBatchNormV3")) {
            return tf.withName("bn").nn.fusedBatchNorm(x, gamma, beta, mean, variance, FusedBatchNorm.epsilon(EPSILON),
                    FusedBatchNorm.isTraining(false)).y();
        }
        Scope scope = tf.withName("bn").scope();
        Operation op = scope.apply(scope.env().opBuilder(type, scope.makeOpName("bn"), scope)).addInput(x.asOutput())
                .addInput(gamma.asOutput()).addInput(beta.asOutput()).addInput(mean.asOutput())
                .addInput(variance.asOutput()).setAttr("epsilon", EPSILON).setAttr("is_training", false).build();
        return op.output(0);
    }

    /** @return {@code a + b} by the op {@code type}, {@code AddV2} or {@code Add} */
    private static Operand<TFloat32> binary(Ops tf, String type, String name, Operand<TFloat32> a, Operand<TFloat32> b) {
        Scope scope = tf.withName(name).scope();
        return scope.apply(scope.env().opBuilder(type, scope.makeOpName(name), scope)).addInput(a.asOutput())
                .addInput(b.asOutput()).build().output(0);
    }

    private static float[] negated(float[] values) {
        float[] v = new float[values.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = -values[i];
        }
        return v;
    }

    private static Operand<TFloat32> conv(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel) {
        return tf.nn.conv2d(x, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
    }

    private static float[] normal(Random random, int n, float scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) random.nextGaussian() * scale;
        }
        return v;
    }

    /** @return a variable named {@code name} holding {@code values}, which are recorded in {@code weights} */
    private static Operand<TFloat32> variable(Ops tf, Map<String, float[]> weights, String name, float[] values,
            long... shape) {
        weights.put(name, values);
        return tf.withName(name).variable(tf.constant(Shape.of(shape), DataBuffers.of(values, true, false)));
    }

    /** @param args the folder to export to (it must not exist) */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: FusedBatchNormModel DIR (the new folder to write the model to)");
        }
        if (Files.exists(Path.of(args[0]))) {
            throw new IllegalArgumentException("FusedBatchNormModel: " + args[0] + " exists already");
        }
        export(Path.of(args[0]));
    }
}
