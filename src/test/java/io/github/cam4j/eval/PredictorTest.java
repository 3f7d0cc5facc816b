package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
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
}
