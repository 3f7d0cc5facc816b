package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.ForeignModels;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

class PredictorTest {
    /**
     * The perturbation measures take a model's confidence from its logits in double precision. Against the graph's
     * own softmax they agree to float rounding (1e-6), and where the graph's probability is exactly 1 the log still
     * says how far from certain the model is (the bundled pooled model's probability of the true class is 1 as a float
     * on 802 of the 10 000 test digits): Increase in Confidence had counted no rise from there, whatever the map.
     */
    @Test
    void logProbabilitiesAgreeWithTheGraphAndKeepWhatRoundsToOne() throws Exception {
        LabeledImages test = Dataset.openTest(io.github.cam4j.testing.SharedData.mnist()).test();
        int n = 64;
        try (CamSession cam = CamSession.builder().setModel(EvaluateCommandTest.POOLED).build()) {
            CamModel model = cam.model();
            ModelInput input = new ModelInput(model.input());
            List<float[]> digits = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                float[] d = test.imageAsFloats(i);
                for (int p = 0; p < d.length; p++) {
                    d[p] *= 255;
                }
                digits.add(d);
            }
            float[] batch = input.batch(digits);
            double[] logP = new Predictor(model, 16).logProbabilities(batch, n, 28, 28);
            float[] graph;
            try (TFloat32 x = TensorData.floats(Shape.of(n, 28, 28, 1), batch);
                    Result r = model.session().runner().feed(model.tensors().input(), x)
                            .fetch(model.tensors().probabilities()).run()) {
                graph = TensorData.toArray(r.get(0));
            }
            int roundedToOne = 0;
            for (int i = 0; i < n * 10; i++) {
                assertEquals(graph[i], Math.exp(logP[i]), 1e-6, "digit " + i / 10 + ", class " + i % 10);
                if (graph[i] == 1f) {
                    roundedToOne++;
                    assertTrue(logP[i] < 0 && logP[i] > -1e-6, "digit " + i / 10 + ": log p " + logP[i]);
                }
            }
            assertTrue(roundedToOne > 0, "no digit's probability rounded to 1: the check above saw nothing");
        }
    }

    /** Hand-computed: the top class's log is -log1p(sum of exp(z - top)), however small. */
    /**
     * Pixels holding NaN or infinity are refused, naming the image and pixel, as CamSession.explainPixels refuses
     * them: the pooled model's max-pooling swallowed a NaN, and a digit with one NaN pixel came back as ten equal
     * log-probabilities (-2.3026, p = 0.1 each) without a word. A missing model is named when the Predictor is made.
     */
    @Test
    void pixelsHoldingNanOrInfinityAreRefusedNamingThePixel() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(EvaluateCommandTest.POOLED).build()) {
            Predictor predictor = new Predictor(cam.model(), 8);
            for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
                float[] two = new float[2 * 28 * 28];
                two[784 + 28 * 5 + 3] = bad;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> predictor.logProbabilities(two, 2, 28, 28));
                assertEquals("pixels hold " + bad + " at image #1 (y=5, x=3, channel 0): a model's input is a finite"
                        + " number at every pixel", e.getMessage());
            }
        }
        NullPointerException none = assertThrows(NullPointerException.class, () -> new Predictor(null, 8));
        assertEquals("model is null: the open model to run", none.getMessage());
    }

    @Test
    void logSoftmaxKeepsTinyDistancesFromCertainty() {
        double[] three = Predictor.logSoftmax(new float[] {30, 0, 0});
        double s = 2 * Math.exp(-30); // 1.87e-13: 1 - s is 1 in float, and 30 + s is 30 + 2e-13 in double
        assertEquals(-Math.log1p(s), three[0], 1e-12 * s);
        assertEquals(-30 - Math.log1p(s), three[1], 1e-12);
        double[] far = Predictor.logSoftmax(new float[] {0, 100});
        assertEquals(-Math.exp(-100), far[1], 1e-12 * Math.exp(-100), "3.7e-44, not 0");
        assertEquals(-100, far[0], 1e-12);
    }

    /** Hand-computed: log sigmoid without overflow at either end. */
    @Test
    void logSigmoidIsExactAtBothEnds() {
        double[] v = Predictor.logSigmoid(new float[] {0, 40, -1000});
        assertEquals(-Math.log(2), v[0], 1e-15);
        assertEquals(-Math.exp(-40), v[1], 1e-12 * Math.exp(-40));
        assertEquals(-1000, v[2], 0, "not -Infinity");
    }

    /**
     * A logit of +Infinity (a float32 overflow) is a probability of 1: its log is 0, not NaN. As NaN, the class the
     * model is surest of lost the digit-accuracy argmax to any other and was no value to the faithfulness measures.
     * Two such logits share the probability; logits all of -Infinity have no top, and are read as equal.
     */
    @Test
    void infiniteLogitsGiveTheLimitsNotNaN() {
        double[] one = Predictor.logSoftmax(new float[] {0, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
        assertEquals(Double.NEGATIVE_INFINITY, one[0], 0);
        assertEquals(0.0, one[1], 0);
        assertEquals(Double.NEGATIVE_INFINITY, one[2], 0);
        double[] two = Predictor.logSoftmax(new float[] {Float.POSITIVE_INFINITY, 3, Float.POSITIVE_INFINITY});
        assertEquals(-Math.log(2), two[0], 1e-15);
        assertEquals(Double.NEGATIVE_INFINITY, two[1], 0);
        assertEquals(-Math.log(2), two[2], 1e-15);
        double[] none = Predictor.logSoftmax(new float[] {Float.NEGATIVE_INFINITY, Float.NEGATIVE_INFINITY});
        assertEquals(-Math.log(2), none[0], 1e-15);
        assertTrue(Double.isNaN(Predictor.logSoftmax(new float[] {1, Float.NaN})[0]), "NaN stays NaN");
        double[] sigmoid = Predictor.logSigmoid(new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY});
        assertEquals(0.0, sigmoid[0], 0);
        assertEquals(Double.NEGATIVE_INFINITY, sigmoid[1], 0);
    }

    /**
     * A graph opened by names with its own probabilities tensor, here a sigmoid over three units (multi-label): the
     * stand-in trunk, global average pooling, a Dense of 3 ({@code dense_bias}, the logits), a sigmoid ({@code probs}).
     */
    private static Graph multiLabel() {
        Graph g = new Graph();
        Ops tf = Ops.create(g);
        Random random = new Random(7);
        var x = ForeignModels.images(tf, -1, 28, 28, 1);
        Operand<TFloat32> logits = ForeignModels.dense(tf, random, ForeignModels.gap(tf,
                ForeignModels.trunk(tf, random, x, 1)), ForeignModels.K, 3);
        tf.withName("probs").math.sigmoid(logits);
        return g;
    }

    private static float[] noise(int n) {
        Random random = new Random(3);
        float[] pixels = new float[n * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
        return pixels;
    }

    private static float[] graphProbabilities(Session s, float[] batch, int n) {
        try (TFloat32 x = TensorData.floats(Shape.of(n, 28, 28, 1), batch);
                Result r = s.runner().feed("images", x).fetch("probs").run()) {
            return TensorData.toArray(r.get(0));
        }
    }

    /**
     * {@code CamModel.fromSession} takes no activation when the graph's probabilities tensor is named ("what turns
     * logits into probabilities when tensors.probabilities() is null"): the perturbation measures then read that
     * tensor. They took the softmax of the logits instead, which for a sigmoid over several units is another model's
     * probabilities (they sum to 1; the graph's do not).
     */
    @Test
    void withoutAnActivationTheGraphsProbabilitiesAreRead() throws Exception {
        try (Graph g = multiLabel(); Session s = new Session(g);
                CamModel model = CamModel.fromSession(s, new TensorNames("images", "features", "dense_bias", "probs"),
                        "dense_kernel", "dense_b", null, new InputSpec(28, 28, 1, 1f, 0f, true), null)) {
            int n = 4;
            float[] batch = noise(n);
            double[] logP = new Predictor(model, 16).logProbabilities(batch, n, 28, 28);
            float[] graph = graphProbabilities(s, batch, n);
            for (int i = 0; i < n * 3; i++) {
                assertEquals(graph[i], Math.exp(logP[i]), 1e-6, "image " + i / 3 + ", class " + i % 3);
            }
        }
    }

    /**
     * An activation that is not the one the named probabilities tensor applies (softmax said, a sigmoid in the graph)
     * would have the measures score another model than the one explain reports: refused, naming both tensors.
     */
    @Test
    void anActivationTheGraphsProbabilitiesContradictIsNamed() throws Exception {
        try (Graph g = multiLabel(); Session s = new Session(g);
                CamModel model = CamModel.fromSession(s, new TensorNames("images", "features", "dense_bias", "probs"),
                        "dense_kernel", "dense_b", ClassifierActivation.SOFTMAX, new InputSpec(28, 28, 1, 1f, 0f, true),
                        null)) {
            CamException e = assertThrows(CamException.class,
                    () -> new Predictor(model, 16).logProbabilities(noise(2), 2, 28, 28));
            assertTrue(e.getMessage().contains("probabilities 'probs:0' are not the softmax of its logits 'dense_bias:0'"),
                    e.getMessage());
        }
        try (Graph g = multiLabel(); Session s = new Session(g);
                CamModel model = CamModel.fromSession(s, new TensorNames("images", "features", "dense_bias", "probs"),
                        "dense_kernel", "dense_b", ClassifierActivation.SIGMOID, new InputSpec(28, 28, 1, 1f, 0f, true),
                        null)) {
            float[] batch = noise(2);
            double[] logP = new Predictor(model, 16).logProbabilities(batch, 2, 28, 28);
            float[] graph = graphProbabilities(s, batch, 2);
            for (int i = 0; i < 6; i++) {
                assertEquals(graph[i], Math.exp(logP[i]), 1e-6, "the sigmoid said is the graph's");
            }
        }
    }
}
