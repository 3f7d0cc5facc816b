package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
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
