package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/** ShapleyCAM's second-order graph where TensorFlow Java cannot build it. */
class HessianProductOpsTest {
    /**
     * An average pooling between the features and the logits: TensorFlow's C++ registry has a gradient for AvgPool
     * (AvgPoolGrad) but none for AvgPoolGrad, and cam4j registers none (it registers those of ReLU, ReLU6, sigmoid, tanh
     * and max pooling). The model opened for ShapleyCAM carries a one-line reason naming the op; the same load still
     * serves Grad-CAM and Finer-CAM, whose views carry none.
     */
    @Test
    void anOpWithoutASecondOrderGradientIsNamedAndOnlyShapleyCamRefused() throws Exception {
        Random random = new Random(2);
        float[] kernel = new float[3 * 3 * 1 * 2];
        float[] dense = new float[4 * 4 * 2 * 5];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) random.nextGaussian();
        }
        for (int i = 0; i < dense.length; i++) {
            dense[i] = (float) random.nextGaussian();
        }
        try (Graph g = new Graph(); Session session = new Session(g)) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("input").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, 8, 8, 1)));
            Operand<TFloat32> features = tf.withName("features").nn.relu(tf.nn.conv2d(x,
                    tf.constant(org.tensorflow.ndarray.StdArrays.ndCopyOf(reshape(kernel))), List.of(1L, 1L, 1L, 1L),
                    "SAME"));
            Operand<TFloat32> pooled = tf.nn.avgPool(features, List.of(1L, 2L, 2L, 1L), List.of(1L, 2L, 2L, 1L), "VALID");
            tf.withName("logits").linalg.matMul(tf.reshape(pooled, tf.constant(new int[] {-1, 32})),
                    tf.reshape(tf.constant(dense), tf.constant(new int[] {32, 5})));
            InputSpec input = new InputSpec(8, 8, 1, 1f, 0f, true);
            try (CamModel model = CamModel.fromSessionByGradients(session, new TensorNames("input", "features",
                    "logits", null), ClassifierActivation.SOFTMAX, input, null, GradientWeighting.SHAPLEY_CAM)) {
                String why = model.gradients().orElseThrow().unreliable();
                assertTrue(why != null && why.contains("has no gradient for op AvgPoolGrad (the backward pass of an op"
                        + " between the features and the logits)") && !why.contains("\n"), why);
                assertNull(model.withGradients(GradientWeighting.GRAD_CAM).gradients().orElseThrow().unreliable());
                assertNull(model.withGradients(GradientWeighting.FINER_CAM).gradients().orElseThrow().unreliable());
                assertEquals(why, model.withGradients(GradientWeighting.SHAPLEY_CAM).gradients().orElseThrow()
                        .unreliable());
            }
        }
    }

    private static float[][][][] reshape(float[] kernel) {
        float[][][][] out = new float[3][3][1][2];
        for (int i = 0; i < kernel.length; i++) {
            out[i / 6][(i / 2) % 3][0][i % 2] = kernel[i];
        }
        return out;
    }
}
