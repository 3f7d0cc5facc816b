package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.Presets;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.model.WeightSpec;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Temperature scaling: its cross-entropy against a hand-worked case, the temperature it finds, and what it scales. */
class TemperatureScalingTest {
    /** Logits 0 and ln 3: softmax gives the second class 3/4, so its cross-entropy is ln(4/3). */
    @Test
    void crossEntropyMatchesAHandWorkedCase() {
        float[] logits = {0f, (float) Math.log(3)};
        assertEquals(Math.log(4.0 / 3), TemperatureScaling.crossEntropy(logits, new int[] {1}, 1), 1e-7);
        // Halving the logits: 0 and ln 3 / 2, the second class sqrt(3) / (1 + sqrt(3)).
        assertEquals(-Math.log(Math.sqrt(3) / (1 + Math.sqrt(3))),
                TemperatureScaling.crossEntropy(logits, new int[] {1}, 0.5), 1e-7);
    }

    /**
     * Labels drawn from softmax(z) and logits given as z / 3 (a model three times too unsure): the fitted temperature
     * is 1/3. 20 000 draws over 10 classes (measured: 0.3311 and, with the logits as they are, 0.9934); 3 % allows
     * for the sampling error of a fit on a finite sample, which another seed moves.
     */
    @Test
    void findsTheTemperatureThatLabelsDrawnFromAKnownSoftmaxImply() {
        int count = 20_000;
        int classes = 10;
        Random random = new Random(7);
        float[] truth = new float[count * classes];
        int[] labels = new int[count];
        for (int i = 0; i < count; i++) {
            double[] p = new double[classes];
            double total = 0;
            for (int k = 0; k < classes; k++) {
                truth[i * classes + k] = (float) (random.nextGaussian() * 3);
                p[k] = Math.exp(truth[i * classes + k]);
                total += p[k];
            }
            double u = random.nextDouble() * total;
            int label = 0;
            while (label < classes - 1 && (u -= p[label]) > 0) {
                label++;
            }
            labels[i] = label;
        }
        float[] unsure = new float[truth.length];
        for (int i = 0; i < truth.length; i++) {
            unsure[i] = truth[i] / 3;
        }
        TemperatureScaling.Fit fit = TemperatureScaling.fit(unsure, classes, labels);
        assertEquals(1.0 / 3, fit.temperature(), 0.03 / 3);
        assertTrue(fit.crossEntropyAfter() < fit.crossEntropyBefore(), fit.toString());
        assertEquals(count, fit.images());
        assertEquals(1.0, TemperatureScaling.fit(truth, classes, labels).temperature(), 0.03);
    }

    @Test
    void onlyTheClassifierIsDividedByTheTemperature() throws Exception {
        Sequential model = Presets.resolve("pooled");
        Map<String, float[]> weights = model.initialWeights(1);
        Map<String, float[]> scaled = TemperatureScaling.apply(model, weights, 0.5);
        String kernel = model.classifier().name() + "_kernel";
        for (WeightSpec spec : model.weights()) {
            if (spec.name().equals(kernel)) {
                float[] before = weights.get(kernel);
                for (int i = 0; i < before.length; i++) {
                    assertEquals(before[i] * 2, scaled.get(kernel)[i], 0f, "kernel[" + i + "]");
                }
            } else {
                assertSame(weights.get(spec.name()), scaled.get(spec.name()), spec.name());
            }
        }
    }

    @Test
    void noHeldOutPicturesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TemperatureScaling.fit(new float[0], 10, new int[0]));
        assertTrue(e.getMessage().startsWith("temperature scaling needs held-out pictures"), e.getMessage());
    }
}
