package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.ForeignModels;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A model whose probabilities are an output of their own (fetched apart from its logits) can make them non-finite
 * from finite logits. The logits were checked, the probabilities were not: a caption read {@code p=NaN}. A real graph:
 * the standard trunk, global average pooling and a Dense, its probabilities the square root of the negated softmax
 * (NaN for every class) or the softmax itself (finite, the control).
 */
class NonFiniteProbabilitiesTest {
    private static final InputSpec SPEC = new InputSpec(28, 28, 1, 1f / 255f, 0f, false);

    private static CamSession open(Session s) throws Exception {
        CamModel model = CamModel.fromSession(s, new TensorNames("images", "features", "dense_bias", "probs"),
                "dense_kernel", "dense_b", ClassifierActivation.SOFTMAX, SPEC, null);
        return CamSession.builder().setModel(model).optInvert(Invert.NEVER).build();
    }

    private static void graph(Graph g, boolean broken) {
        Ops tf = Ops.create(g);
        Random random = new Random(7);
        var x = ForeignModels.images(tf, -1, 28, 28, 1);
        Operand<TFloat32> features = tf.withName("features").identity(ForeignModels.trunk(tf, random, x, 1));
        Operand<TFloat32> logits = ForeignModels.dense(tf, random, ForeignModels.gap(tf, features), ForeignModels.K, 10);
        Operand<TFloat32> softmax = tf.nn.softmax(logits);
        tf.withName("probs").identity(broken ? tf.math.sqrt(tf.math.neg(softmax)) : softmax);
    }

    private static Mat picture() {
        Mat image = new Mat(28, 28, opencv_core.CV_8UC1);
        byte[] pixels = new byte[28 * 28];
        new Random(5).nextBytes(pixels);
        image.data().put(pixels);
        return image;
    }

    @Test
    void nonFiniteProbabilitiesFromFiniteLogitsAreRefusedNamingTheTensor() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            graph(g, true);
            try (CamSession cam = open(s); Mat image = picture()) {
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> cam.explain(List.of(image), Target.predicted()));
                assertTrue(e.getMessage().contains("gave probability NaN for class 0")
                        && e.getMessage().contains("'probs:0'") && e.getMessage().contains("from finite logits"),
                        e.getMessage());
            }
        }
    }

    @Test
    void finiteProbabilitiesOfTheSameGraphPass() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            graph(g, false);
            try (CamSession cam = open(s); Mat image = picture()) {
                float[] p = cam.explain(List.of(image), Target.predicted()).get(0).probabilities();
                double total = 0;
                for (float v : p) {
                    assertTrue(Float.isFinite(v));
                    total += v;
                }
                assertEquals(1, total, 1e-5, "a softmax sums to 1 (float32 roundings of ten values)");
            }
        }
    }
}
