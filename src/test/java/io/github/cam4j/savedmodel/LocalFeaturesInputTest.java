package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** A hand-built TF1 graph, bias-free: cropping is claimed only when its input takes any height and width. */
class LocalFeaturesInputTest {
    /** images -> conv 3x3 same (no bias) -> relu -> features -> spatial mean -> matmul -> logits. */
    private static CamModel model(Graph g, Session s, Shape inputShape) throws ModelLoadException {
        Ops tf = Ops.create(g);
        Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class, Placeholder.shape(inputShape));
        float[] k = new float[9 * 2];
        for (int i = 0; i < k.length; i++) {
            k[i] = (i % 5) * 0.1f - 0.2f;
        }
        Operand<TFloat32> kernel = tf.constant(Shape.of(3, 3, 1, 2), DataBuffers.of(k));
        Operand<TFloat32> conv = tf.nn.conv2d(images, kernel, List.of(1L, 1L, 1L, 1L), "SAME");
        Operand<TFloat32> features = tf.withName("features").identity(tf.nn.relu(conv));
        Operand<TFloat32> pooled = tf.math.mean(features, tf.constant(new int[] {1, 2}));
        tf.withName("classifier_kernel").constant(Shape.of(2, 3), DataBuffers.of(new float[] {1, 0, -1, 0, 1, 1}));
        tf.withName("logits").linalg.matMul(pooled, g.operation("classifier_kernel").output(0));
        return CamModel.fromSession(s, new TensorNames("images", "features", "logits", null), "classifier_kernel", null,
                ClassifierActivation.SOFTMAX, new InputSpec(8, 8, 1, 1f / 255f, 0f, true), null);
    }

    @Test
    void anInputOfAnySizeCanBeCroppedAFixedOneCannot() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g); CamModel m = model(g, s, Shape.of(-1, -1, -1, 1))) {
            assertEquals(new LocalFeatures(1, -1, 1, List.of()), m.localFeatures().orElseThrow());
        }
        try (Graph g = new Graph(); Session s = new Session(g); CamModel m = model(g, s, Shape.of(-1, 8, 8, 1))) {
            assertTrue(m.localFeatures().isEmpty(), "an 8x8 input cannot take a crop");
        }
    }
}
