package io.github.cam4j.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Small real SavedModels that cam4j did not write (no {@code cam} signature, no metadata), built with TensorFlow Java
 * ops and seeded weights: the odd shapes foreign models come in (raw logits, other layouts, other heads).
 *
 * <p>The standard trunk, {@link #trunk}: 3x3 'same' convolution ({@code conv_kernel}, {@code conv_bias}) to 8 channels,
 * ReLU ({@code conv_relu}, full resolution), 2x2 max pooling ({@code features}); {@link #gap} pools it ({@code gap}),
 * {@link #dense} classifies ({@code dense_kernel}, {@code dense_matmul}, {@code dense_bias}).
 */
public final class ForeignModels {
    private ForeignModels() {}

    /** Channels of the standard trunk's features. */
    public static final int K = 8;

    /** Builds a graph's inputs and outputs (signature keys to tensors). */
    public interface Body {
        /**
         * @param tf ops on the graph
         * @param random the seeded source of the weights
         * @param inputs filled with the signature's inputs
         * @param outputs filled with the signature's outputs
         */
        void build(Ops tf, Random random, Map<String, Operand<?>> inputs, Map<String, Operand<?>> outputs);
    }

    /**
     * Exports the graph the body builds, every signature with the same inputs and outputs.
     *
     * @param dir the SavedModel folder to write
     * @param body the graph
     * @param keys the signature keys; none means {@code serving_default}
     * @return {@code dir}
     */
    public static Path export(Path dir, Body body, String... keys) {
        return export(dir, body, (in, out) -> java.util.Arrays.stream(keys.length == 0
                ? new String[] {"serving_default"} : keys).map(key -> signature(key, in, out)).toList());
    }

    /**
     * Exports the graph the body builds with one signature per output: each takes all the inputs and serves its one
     * output, keyed {@code y}, and is named by that output's key, so that each signature's graph (which import prunes
     * to what its output needs) holds only its own layers.
     *
     * @param dir the SavedModel folder to write
     * @param body the graph; its outputs' keys name the signatures
     * @return {@code dir}
     */
    public static Path exportPerOutput(Path dir, Body body) {
        return export(dir, body, (in, out) -> out.entrySet().stream()
                .map(o -> signature(o.getKey(), in, Map.of("y", o.getValue()))).toList());
    }

    /** Builds the body's graph and exports it with the signatures made from its inputs and outputs. */
    private static Path export(Path dir, Body body, java.util.function.BiFunction<Map<String, Operand<?>>,
            Map<String, Operand<?>>, List<Signature>> signatures) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Map<String, Operand<?>> in = new LinkedHashMap<>();
            Map<String, Operand<?>> out = new LinkedHashMap<>();
            body.build(tf, new Random(7), in, out);
            try (Session s = new Session(g)) {
                s.initialize();
                var exporter = SavedModelBundle.exporter(dir.toString()).withSession(s);
                for (Signature signature : signatures.apply(in, out)) {
                    exporter = exporter.withSignature(signature);
                }
                exporter.export();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    private static Signature signature(String key, Map<String, Operand<?>> in, Map<String, Operand<?>> out) {
        Signature.Builder b = Signature.builder().key(key);
        in.forEach(b::input);
        out.forEach(b::output);
        return b.build();
    }

    /**
     * Two classifiers of one input, for {@link #exportPerOutput}: {@code serving_default}, the usual CAM-ready one of
     * {@link #gapClassifier(int, boolean)} under {@code digits/} (10 classes, softmax; {@code digits/features},
     * {@code digits/gap} ...), and
     * {@code parity}, a second trunk of its own under {@code parity/} ({@code parity/features}, {@code parity/gap}),
     * pooled, and a Dense to 2 classes whose kernel is a variable ({@code parity/dense_kernel}), softmax.
     * Images [-1, 28, 28, 1].
     */
    public static Body twoHeads() {
        return (tf, random, in, out) -> {
            Placeholder<TFloat32> x = images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Ops digits = tf.withSubScope("digits");
            out.put("serving_default", digits.withName("probs").nn.softmax(dense(digits, random, gap(digits,
                    trunk(digits, random, x, 1)), K, 10)));
            Ops parity = tf.withSubScope("parity");
            Operand<TFloat32> pooled = gap(parity, trunk(parity, random, x, 1));
            Operand<TFloat32> kernel = parity.withName("dense_kernel").variable(weights(parity, random, "dense_init",
                    0.5f, K, 2));
            Operand<TFloat32> logits = parity.withName("dense_bias").nn.biasAdd(
                    parity.withName("dense_matmul").linalg.matMul(pooled, kernel),
                    weights(parity, random, "dense_b", 0.3f, 2));
            out.put("parity", parity.withName("probs").nn.softmax(logits));
        };
    }

    /** @return a float32 images placeholder named {@code images} */
    public static Placeholder<TFloat32> images(Ops tf, long... shape) {
        return tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(Shape.of(shape)));
    }

    /** @return {@code n} seeded normal values times {@code scale} as a constant of that shape */
    public static Operand<TFloat32> weights(Ops tf, Random random, String name, float scale, long... shape) {
        float[] v = new float[(int) Shape.of(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextGaussian() * scale;
        }
        return tf.withName(name).constant(Shape.of(shape), DataBuffers.of(v));
    }

    /** @return the standard trunk's features [N, h/2, w/2, 8], named {@code features} */
    public static Operand<TFloat32> trunk(Ops tf, Random random, Operand<TFloat32> x, int channelsIn) {
        Operand<TFloat32> conv = tf.withName("conv").nn.conv2d(x, weights(tf, random, "conv_kernel", 0.5f, 3, 3,
                channelsIn, K), List.of(1L, 1L, 1L, 1L), "SAME");
        Operand<TFloat32> relu = tf.withName("conv_relu").nn.relu(tf.nn.biasAdd(conv,
                weights(tf, random, "conv_bias", 0.1f, K)));
        return tf.withName("features").nn.maxPool(relu, tf.constant(new int[] {1, 2, 2, 1}),
                tf.constant(new int[] {1, 2, 2, 1}), "VALID");
    }

    /** @return the spatial mean of a rank-4 NHWC tensor, named {@code gap} */
    public static Operand<TFloat32> gap(Ops tf, Operand<TFloat32> f) {
        return tf.withName("gap").math.mean(f, tf.constant(new int[] {1, 2}));
    }

    /** @return {@code x · dense_kernel + dense_bias}, the logits */
    public static Operand<TFloat32> dense(Ops tf, Random random, Operand<TFloat32> x, int in, int classes) {
        Operand<TFloat32> m = tf.withName("dense_matmul").linalg.matMul(x, weights(tf, random, "dense_kernel", 0.5f,
                in, classes));
        return tf.withName("dense_bias").nn.biasAdd(m, weights(tf, random, "dense_b", 0.3f, classes));
    }

    /**
     * The usual CAM-ready classifier: images [-1, 28, 28, 1] -> trunk -> global average pooling -> Dense -> softmax
     * ({@code probs}), or the Dense's raw logits when {@code softmax} is false.
     */
    public static Body gapClassifier(int classes, boolean softmax) {
        return gapClassifier(new long[] {-1, 28, 28, 1}, classes, softmax);
    }

    /** As {@link #gapClassifier(int, boolean)}, with another input shape (its last dimension the channels). */
    public static Body gapClassifier(long[] inputShape, int classes, boolean softmax) {
        return (tf, random, in, out) -> {
            Placeholder<TFloat32> x = images(tf, inputShape);
            in.put("x", x);
            Operand<TFloat32> logits = dense(tf, random, gap(tf, trunk(tf, random, x, (int) inputShape[3])), K,
                    classes);
            out.put("y", softmax ? tf.withName("probs").nn.softmax(logits) : logits);
        };
    }

    /**
     * A classifier blind to its input, which it multiplies by 0 first: every cell of its features holds the biases
     * alone, so its CAM is one value everywhere (flat, no evidence) whatever the picture. Images [-1, 28, 28, 1], the
     * standard trunk, pooling, Dense to 10 classes, softmax.
     */
    public static Body blindClassifier() {
        return (tf, random, in, out) -> {
            Placeholder<TFloat32> x = images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> unseen = tf.math.mul(x, tf.constant(0f));
            out.put("y", tf.withName("probs").nn.softmax(dense(tf, random, gap(tf, trunk(tf, random, unseen, 1)), K, 10)));
        };
    }

    /**
     * A classifier whose every class score falls with every feature: the standard trunk (ReLU then max pooling, so
     * features of 0 or more), pooling, and a Dense to 10 classes whose kernel is all negative ({@code -|w|} of the
     * seeded weights), softmax. Its CAM, {@code sum_k w_k A_k}, has no cell above 0 on any picture, yet ranks the
     * cells (not flat): the features differ where the digit is. Images [-1, 28, 28, 1].
     */
    public static Body opposedClassifier() {
        return (tf, random, in, out) -> {
            Placeholder<TFloat32> x = images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> pooled = gap(tf, trunk(tf, random, x, 1));
            float[] kernel = new float[K * 10];
            for (int i = 0; i < kernel.length; i++) {
                kernel[i] = -Math.abs((float) random.nextGaussian() * 0.5f) - 0.01f;
            }
            Operand<TFloat32> m = tf.withName("dense_matmul").linalg.matMul(pooled,
                    tf.withName("dense_kernel").constant(Shape.of(K, 10), DataBuffers.of(kernel)));
            Operand<TFloat32> logits = tf.withName("dense_bias").nn.biasAdd(m, weights(tf, random, "dense_b", 0.3f, 10));
            out.put("y", tf.withName("probs").nn.softmax(logits));
        };
    }

    /**
     * A colour classifier that rescales its own input first, as a Keras {@code Rescaling(1/255)} does: images
     * [-1, 16, 16, 3] times 1/255 ({@code rescaling_mul}), the standard trunk, pooling, Dense to 4 classes, softmax.
     */
    public static Body rescalingClassifier() {
        return (tf, random, in, out) -> {
            Placeholder<TFloat32> x = images(tf, -1, 16, 16, 3);
            in.put("x", x);
            Operand<TFloat32> scaled = tf.withName("rescaling_mul").math.mul(x, tf.constant(1f / 255f));
            out.put("y", tf.withName("probs").nn.softmax(dense(tf, random, gap(tf, trunk(tf, random, scaled, 3)), K, 4)));
        };
    }

    /**
     * A classifier fed float64 pictures, cast to float32 inside, as Keras' {@code Input(dtype="float64")} before
     * float32 layers is.
     *
     * @return its body
     */
    public static Body float64Classifier() {
        return castInside(org.tensorflow.types.TFloat64.class);
    }

    /** The usual CAM-ready classifier fed float16 images [-1, 28, 28, 1] (Keras' Input(dtype="float16")), cast inside. */
    public static Body float16Classifier() {
        return castInside(org.tensorflow.types.TFloat16.class);
    }

    /** @return the usual CAM-ready classifier fed images [-1, 28, 28, 1] of this floating type, cast inside */
    private static <T extends org.tensorflow.types.family.TFloating> Body castInside(Class<T> type) {
        return (tf, random, in, out) -> {
            Placeholder<T> x = tf.withName("images").placeholder(type, Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            in.put("x", x);
            Operand<TFloat32> img = tf.dtypes.cast(x, TFloat32.class);
            out.put("y", tf.withName("probs").nn.softmax(dense(tf, random, gap(tf, trunk(tf, random, img, 1)), K, 10)));
        };
    }

    /** The usual CAM-ready classifier fed uint8 images [-1, 28, 28, 1] (cast and scaled to 0..1 inside): cam4j feeds float32. */
    public static Body uint8Classifier() {
        return (tf, random, in, out) -> {
            Placeholder<org.tensorflow.types.TUint8> x = tf.withName("images").placeholder(org.tensorflow.types.TUint8.class,
                    Placeholder.shape(Shape.of(-1, 28, 28, 1)));
            in.put("x", x);
            Operand<TFloat32> img = tf.math.mul(tf.dtypes.cast(x, TFloat32.class), tf.constant(1f / 255f));
            out.put("y", tf.withName("probs").nn.softmax(dense(tf, random, gap(tf, trunk(tf, random, img, 1)), K, 10)));
        };
    }
}
