package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * A model opened for a gradient method has no kernel whose map proves that its logits follow from the mean of its
 * feature cells; its graph's head is read instead ({@link MeanHead}), and its blank logits are run.
 */
class MeanHeadTest {
    private static final float[] BIAS = {0.5f, -1.25f, 2f};

    @ParameterizedTest
    @ValueSource(strings = {"mnist-pooled", "mnist-unpooled"})
    void bundledModelsOpenedForGradientsCropAsForCam(String name) throws Exception {
        Path dir = SharedData.bundledModels().resolve(name);
        try (CamModel cam = CamModelLoader.load(dir, LoadOptions.defaults());
                CamModel gradients = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam())) {
            assertEquals(cam.localFeatures(), gradients.localFeatures());
            // Zero features pooled to zero, times the kernel, plus the bias: the bias to the last bit.
            assertArrayEquals(cam.weights().bias(), gradients.blankLogits().orElseThrow(), 0f);
            assertArrayEquals(cam.weights().bias(), cam.blankLogits().orElseThrow(), 0f);
        }
    }

    @Test
    void anEarlierLayerIsNotCropped() throws Exception {
        // --also-at's layer: convolutions and a pooling stand between it and the logits.
        Path dir = SharedData.bundledModels().resolve("mnist-pooled");
        try (CamModel m = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam()
                .withFoundOverrides("conv2d_1/Relu", null))) {
            assertTrue(m.localFeatures().isEmpty());
            assertTrue(m.blankLogits().isEmpty());
        }
    }

    @Test
    void aMeanThenAffineOpsHolds() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, (tf, features) -> affine(tf, tf.math.mean(features, tf.constant(new int[] {-3, -2}))))) {
            assertEquals(new LocalFeatures(1, -1, 1, List.of()), m.localFeatures().orElseThrow());
            assertArrayEquals(BIAS, m.blankLogits().orElseThrow(), 0f);
        }
    }

    @Test
    void aNonLinearityAfterThePoolingDoesNotHold() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, (tf, features) -> affine(tf, tf.nn.relu(tf.math.sub(
                        tf.math.mean(features, tf.constant(new int[] {1, 2})), tf.constant(0.1f)))))) {
            assertTrue(m.localFeatures().isEmpty(), "relu(mean - 0.1) is not affine in the mean");
        }
    }

    @Test
    void aGlobalMaxPoolingDoesNotHold() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g);
                CamModel m = model(g, s, (tf, features) -> affine(tf, tf.max(features, tf.constant(new int[] {1, 2}))))) {
            assertTrue(m.localFeatures().isEmpty());
        }
    }

    /**
     * Heads that are not a mean over height and width then affine ops, each a wrong "yes" away from carrying a crop's
     * logits to the whole picture by the wrong rule; read from the graph alone (no gradients are added).
     */
    @Test
    void headsThatAreNotAMeanThenAffineOpsDoNotHold() throws Exception {
        Map<String, BiFunction<Ops, Operand<TFloat32>[], Operand<TFloat32>>> heads = Map.of(
                "a second path reading the images", (tf, io) -> tf.math.add(affine(tf, mean12(tf, io[1])),
                        tf.math.mean(io[0], tf.constant(new int[] {1, 2, 3}))),
                "a term of the features' height", (tf, io) -> tf.math.add(affine(tf, mean12(tf, io[1])),
                        tf.dtypes.cast(tf.gather(tf.shape(io[1]), tf.constant(1), tf.constant(0)), TFloat32.class)),
                "a mean over one axis only", (tf, io) -> affine(tf, tf.math.mean(tf.math.mean(io[1],
                        tf.constant(new int[] {1})), tf.constant(new int[] {1}))),
                "a mean over axis 1 twice", (tf, io) -> tf.math.mean(io[1], tf.constant(new int[] {1, 1})),
                "a mean over batch and height", (tf, io) -> tf.math.mean(io[1], tf.constant(new int[] {0, 1})),
                "a sum", (tf, io) -> affine(tf, tf.sum(io[1], tf.constant(new int[] {1, 2}))),
                "a square before the mean", (tf, io) -> affine(tf, mean12(tf, tf.math.square(io[1]))),
                "a transpose before the mean", (tf, io) -> affine(tf, mean12(tf, tf.linalg.transpose(io[1],
                        tf.constant(new int[] {0, 2, 1, 3})))),
                "the mean minus itself", (tf, io) -> affine(tf, tf.math.sub(mean12(tf, io[1]), mean12(tf, io[1]))),
                "a softmax after", (tf, io) -> tf.nn.softmax(affine(tf, mean12(tf, io[1]))));
        for (var head : heads.entrySet()) {
            assertFalse(holds(head.getValue()), head.getKey());
        }
        assertFalse(holds((tf, io) -> tf.math.sub(tf.math.mean(io[1], tf.constant(new int[] {3})), tf.constant(0.5f))),
                "a mean over the channels");
        assertFalse(holds((tf, io) -> io[1]), "no pooling: the logits are the features");
        assertTrue(holds((tf, io) -> affine(tf, tf.squeeze(tf.math.mean(io[1], tf.constant(new long[] {2, 1}),
                Mean.keepDims(true)), org.tensorflow.op.core.Squeeze.axis(List.of(1L, 2L))))), "keepdims, int64 axes");
    }

    /**
     * The path's two ends: features that are the images' first op (a convolution with no activation) hold; logits that
     * do not read the images, or features beside the path to the logits (another convolution of the images), do not.
     */
    @Test
    void thePathsEndsAreRead() {
        assertTrue(holdsWith(true, (tf, conv) -> affine(tf, mean12(tf, conv))), "features: the first op");
        assertFalse(holdsWith(false, (tf, conv) -> tf.math.add(tf.constant(BIAS), tf.zerosLike(tf.constant(BIAS)))),
                "logits of no picture");
        assertFalse(holdsWith(false, (tf, conv) -> affine(tf, mean12(tf, conv))), "features beside the path");
    }

    /**
     * @param convIsFeatures whether the convolution of the images is the features; else the features are its ReLU and
     *     {@code head} reads a second convolution of the images
     * @return MeanHead's verdict on images -> conv -> head(conv) -> logits
     */
    private static boolean holdsWith(boolean convIsFeatures, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> head) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            Operand<TFloat32> kernel = tf.constant(Shape.of(3, 3, 1, 2), DataBuffers.ofFloats(18));
            Operand<TFloat32> conv = (convIsFeatures ? tf.withName("features") : tf).nn.conv2d(images, kernel,
                    List.of(1L, 1L, 1L, 1L), "SAME");
            Operand<TFloat32> read = conv;
            if (!convIsFeatures) {
                tf.withName("features").nn.relu(conv);
                read = tf.nn.conv2d(images, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
            }
            tf.withName("logits").identity(head.apply(tf, read));
            return MeanHead.holds(g.toGraphDef(), new TensorNames("images", "features", "logits", null));
        }
    }

    /** The Keras exports have biases in their convolutions (and one a Flatten): nothing proves a crop keeps them. */
    @ParameterizedTest
    @ValueSource(strings = {"mnist-conv-head-gap", "mnist-flatten-dense"})
    void kerasModelsOpenedForGradientsAreNotCropped(String name) throws Exception {
        try (CamModel m = CamModelLoader.load(SharedData.kerasSavedModels().resolve(name),
                LoadOptions.defaults().withGradCam())) {
            assertTrue(m.localFeatures().isEmpty(), name);
            assertTrue(m.blankLogits().isEmpty(), name);
        }
    }

    /**
     * TensorFlow's gradient builder crashes the JVM (a segmentation fault in {@code TF_AddGradientsWithPrefix}) on a
     * Mean whose axes are int64: opening such a head for a gradient method is refused, naming the op, before TensorFlow
     * is asked.
     */
    @Test
    void aReductionOverInt64AxesIsRefusedBeforeTensorFlowBuildsItsGradient() {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> model(g, s, (tf, f) -> affine(tf,
                    tf.withName("pool").math.mean(f, tf.constant(new long[] {1, 2})))));
            assertTrue(e.getMessage().contains("'pool'") && e.getMessage().contains("int64"), e.getMessage());
        }
    }

    private static Operand<TFloat32> mean12(Ops tf, Operand<TFloat32> x) {
        return tf.math.mean(x, tf.constant(new int[] {1, 2}));
    }

    /** @return MeanHead's verdict on images -> conv -> relu -> features -> head(images, features) -> logits */
    @SuppressWarnings("unchecked")
    private static boolean holds(BiFunction<Ops, Operand<TFloat32>[], Operand<TFloat32>> head) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            Operand<TFloat32> features = tf.withName("features").nn.relu(tf.nn.conv2d(images,
                    tf.constant(Shape.of(3, 3, 1, 2), DataBuffers.ofFloats(18)), List.of(1L, 1L, 1L, 1L), "SAME"));
            tf.withName("logits").identity(head.apply(tf, new Operand[] {images, features}));
            return MeanHead.holds(g.toGraphDef(), new TensorNames("images", "features", "logits", null));
        }
    }

    /** images -> conv 3x3 same (no bias) -> relu -> features -> head -> logits, opened by gradients. */
    private static CamModel model(Graph g, Session s, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> head)
            throws ModelLoadException {
        Ops tf = Ops.create(g);
        Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, -1, -1, 1)));
        float[] k = new float[9 * 2];
        for (int i = 0; i < k.length; i++) {
            k[i] = (i % 5) * 0.1f - 0.2f;
        }
        Operand<TFloat32> kernel = tf.constant(Shape.of(3, 3, 1, 2), DataBuffers.of(k));
        Operand<TFloat32> features = tf.withName("features").nn.relu(tf.nn.conv2d(images, kernel, List.of(1L, 1L, 1L, 1L),
                "SAME"));
        tf.withName("logits").identity(head.apply(tf, features));
        return CamModel.fromSessionByGradients(s, new TensorNames("images", "features", "logits", null),
                ClassifierActivation.SOFTMAX, new InputSpec(8, 8, 1, 1f / 255f, 0f, true), null, GradientWeighting.GRAD_CAM);
    }

    /** A dense layer of 3 classes over 2 channels, with {@link #BIAS}. */
    private static Operand<TFloat32> affine(Ops tf, Operand<TFloat32> pooled) {
        Operand<TFloat32> kernel = tf.constant(Shape.of(2, 3), DataBuffers.of(new float[] {1, 0, -1, 0, 1, 1}));
        return tf.nn.biasAdd(tf.linalg.matMul(pooled, kernel), tf.constant(BIAS));
    }
}
