package io.github.cam4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * A small real classifier whose biases are added the three ways FullGrad reads from a graph other than Keras 3's
 * folded batch norms: a {@code BiasAdd}, a {@code FusedBatchNormV3} in inference and a plain {@code Add} (and a
 * {@code Sub}) of a constant. Built with TensorFlow Java ops ({@link ForeignModels#export}: no cam signature, no
 * metadata), weights as variables drawn from {@code java.util.Random(7)}, so that
 * {@code python-export/make_pytorch_grad_cam_fusedbn_reference.py} reads them from the checkpoint:
 *
 * <pre>
 * images [-1, 28, 28, 1] (pixels / 255)
 * c1: Conv2D 3x3 same, 1 -> 8 (c1_kernel), BiasAdd (c1_bias), ReLU
 * c2: Conv2D 3x3 same, 8 -> 8 (c2_kernel, no bias), FusedBatchNormV3 (bn_gamma, bn_beta, bn_mean, bn_variance,
 *     epsilon {@link #EPSILON}, is_training false), ReLU
 * c3: Conv2D 3x3 same, 8 -> 8 (c3_kernel), Add of c3_bias [8], ReLU
 * c4: Conv2D 1x1, 8 -> 8 (c4_kernel), Sub of c4_offset [1, 1, 1, 8] (a bias of -c4_offset), ReLU "features"
 * global average pooling, MatMul (dense_kernel) + BiasAdd (dense_bias): "logits", softmax "probs"
 * </pre>
 *
 * The batch norm's moving statistics are not the identity's: means 0.3 to 0.9 in size and of either sign, variances
 * 0.2 to 1.2, gammas 0.6 to 1.4, so its bias {@code beta - mean gamma / sqrt(var + eps)} differs from beta, and the
 * epsilon counts in it to about 1e-3 of its size.
 *
 * <p>{@link #export(Path, Spelling)} writes the same function with its biases spelt otherwise (the older
 * {@code FusedBatchNorm} or {@code FusedBatchNormV2}, an {@code AddV2}, the bias first, {@code x + (-o)} or
 * {@code (-o) - x}), each spelling built from the same draws so that FullGrad's terms must not change.
 */
public final class FusedBatchNormModel {
    /** The batch norm's epsilon: Keras' default, not torch's 1e-5, so that a port with torch's default misses. */
    public static final float EPSILON = 1e-3f;
    /** Channels of every convolution. */
    public static final int K = 8;

    private FusedBatchNormModel() {}

    /**
     * Exports the model to {@code dir}.
     *
     * @return its weights by variable name, TensorFlow's layouts (kernels HWIO)
     */
    public static Map<String, float[]> export(Path dir) {
        return export(dir, Spelling.REFERENCE);
    }

    /**
     * How the model's biases are added: the batch norm's op, the third convolution's add and the fourth's offset. Every
     * spelling computes the same function from the same draws of {@code Random(7)}, bit for bit (only exact negations
     * differ), so FullGrad must find the same bias terms in each.
     *
     * @param batchNorm {@code FusedBatchNorm}, {@code FusedBatchNormV2} or {@code FusedBatchNormV3}, named {@code bn}
     * @param add {@code Add} or {@code AddV2}, named {@code c3_add}
     * @param biasFirst whether {@code c3_add} takes {@code c3_bias} first ({@code c + x}) rather than second
     * @param offset how the fourth convolution's offset {@code o} is taken away
     */
    public record Spelling(String batchNorm, String add, boolean biasFirst, Offset offset) {
        /** The graph {@code python-export/make_pytorch_grad_cam_fusedbn_reference.py} ported. */
        public static final Spelling REFERENCE = new Spelling("FusedBatchNormV3", "Add", false, Offset.X_MINUS_C);

        @Override
        public String toString() {
            return batchNorm + ", " + (biasFirst ? "c " + add + " x" : "x " + add + " c") + ", " + offset;
        }
    }

    /** How the fourth convolution's offset {@code o} is taken from its output {@code conv(x, k)}. */
    public enum Offset {
        /** {@code conv(x, k) - o}: a {@code Sub} of the constant, {@code c4_sub}; its bias is {@code -o}. */
        X_MINUS_C,
        /** {@code conv(x, k) + (-o)}: an {@code AddV2} of a variable holding {@code -o}, {@code c4_add}. */
        X_PLUS_NEGATED_C,
        /**
         * {@code (-o) - conv(x, -k)}: a {@code Sub} with the constant first, {@code c4_sub}, its variables holding
         * {@code -o} and {@code -k}; its bias is the constant, {@code -o}, and the convolution's output enters negated.
         */
        C_MINUS_X
    }

    /**
     * Exports the model, its biases added as {@code spelling} says.
     *
     * @return its weights by variable name, as stored (negated where the spelling negates them)
     */
    public static Map<String, float[]> export(Path dir, Spelling spelling) {
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
            Operand<TFloat32> bn = batchNorm(tf, spelling.batchNorm(), c2, variable(tf, weights, "bn_gamma", gamma, K),
                    variable(tf, weights, "bn_beta", beta, K), variable(tf, weights, "bn_mean", mean, K),
                    variable(tf, weights, "bn_variance", variance, K));
            Operand<TFloat32> r2 = tf.withName("bn_relu").nn.relu(bn);
            Operand<TFloat32> x3 = conv(tf, r2, variable(tf, weights, "c3_kernel", normal(random, 9 * K * K, 0.2f), 3,
                    3, K, K));
            Operand<TFloat32> b3 = variable(tf, weights, "c3_bias", normal(random, K, 0.2f), K);
            Operand<TFloat32> c3 = binary(tf, spelling.add(), "c3_add", spelling.biasFirst() ? b3 : x3,
                    spelling.biasFirst() ? x3 : b3);
            Operand<TFloat32> r3 = tf.withName("c3_relu").nn.relu(c3);
            boolean flip = spelling.offset() != Offset.X_MINUS_C;
            float[] k4 = signed(normal(random, K * K, 0.5f), spelling.offset() == Offset.C_MINUS_X);
            Operand<TFloat32> x4 = conv(tf, r3, variable(tf, weights, "c4_kernel", k4, 1, 1, K, K));
            Operand<TFloat32> o4 = variable(tf, weights, "c4_offset", signed(normal(random, K, 0.2f), flip), 1, 1, 1, K);
            Operand<TFloat32> c4 = switch (spelling.offset()) {
                case X_MINUS_C -> binary(tf, "Sub", "c4_sub", x4, o4);
                case X_PLUS_NEGATED_C -> binary(tf, "AddV2", "c4_add", x4, o4);
                case C_MINUS_X -> binary(tf, "Sub", "c4_sub", o4, x4);
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

    /** @return {@code op} ({@code FusedBatchNorm}, V2 or V3) in inference, epsilon {@link #EPSILON}: its {@code y} */
    private static Operand<TFloat32> batchNorm(Ops tf, String op, Operand<TFloat32> x, Operand<TFloat32> gamma,
            Operand<TFloat32> beta, Operand<TFloat32> mean, Operand<TFloat32> variance) {
        // TensorFlow Java's Ops builds only the V3; the older two are what graphs frozen by TensorFlow 1.x hold.
        OperationBuilder b = tf.withName("bn").scope().opBuilder(op, "bn").addInput(x.asOutput())
                .addInput(gamma.asOutput()).addInput(beta.asOutput()).addInput(mean.asOutput())
                .addInput(variance.asOutput()).setAttr("T", DataType.DT_FLOAT).setAttr("epsilon", EPSILON)
                .setAttr("data_format", "NHWC").setAttr("is_training", false);
        if (!op.equals("FusedBatchNorm")) {
            b.setAttr("U", DataType.DT_FLOAT);
        }
        return b.build().<TFloat32>output(0);
    }

    /** @return {@code a op b} for the binary op {@code op} ({@code Add}, {@code AddV2}, {@code Sub}) named {@code name} */
    private static Operand<TFloat32> binary(Ops tf, String op, String name, Operand<TFloat32> a, Operand<TFloat32> b) {
        // Ops's math.add builds an Add and has no AddV2, the add Keras' graphs hold.
        return tf.withName(name).scope().opBuilder(op, name).addInput(a.asOutput())
                .addInput(b.asOutput()).setAttr("T", DataType.DT_FLOAT).build().<TFloat32>output(0);
    }

    /** @return {@code v}, negated in place when {@code negate} (exactly: the sign bit only) */
    private static float[] signed(float[] v, boolean negate) {
        if (negate) {
            for (int i = 0; i < v.length; i++) {
                v[i] = -v[i];
            }
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
