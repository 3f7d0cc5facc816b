package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Invert;
import io.github.cam4j.cam.Target;
import io.github.cam4j.savedmodel.keras.ImportOptions;
import io.github.cam4j.savedmodel.keras.ImportedModel;
import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A foreign model whose output is its logits (a Dense layer without softmax, as Keras exports a model trained with
 * {@code from_logits=True}) is given softmax probabilities by {@link CamModelLoader}. Before, the logits were reported
 * as the probabilities ("probability": 0.37 in explain's JSON; rows summing to -1.49).
 */
class RawLogitsTest {
    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void export() {
        model = ForeignModels.export(tmp.resolve("gap-logits"), ForeignModels.gapClassifier(10, false));
    }

    @Test
    void probabilitiesAreTheSoftmaxOfTheLogits() throws Exception {
        for (LoadOptions options : List.of(LoadOptions.defaults(), LoadOptions.defaults().withGradCam())) {
            try (CamSession cam = CamSession.builder().setModel(model).optLoadOptions(options)
                    .optInvert(Invert.NEVER).build();
                    Mat image = new Mat(28, 28, opencv_core.CV_8UC1)) {
                assertEquals(ClassifierActivation.SOFTMAX, cam.model().activation());
                byte[] pixels = new byte[28 * 28];
                new Random(5).nextBytes(pixels);
                image.data().put(pixels);
                ImageExplanation e = cam.explain(List.of(image), Target.topK(3)).get(0);
                float[] logits = e.logits();
                float[] p = e.probabilities();
                double max = Double.NEGATIVE_INFINITY;
                for (float l : logits) {
                    max = Math.max(max, l);
                }
                double sum = 0;
                for (float l : logits) {
                    sum += Math.exp(l - max);
                }
                double total = 0;
                for (int c = 0; c < p.length; c++) {
                    assertEquals(Math.exp(logits[c] - max) / sum, p[c], 1e-6, "class " + c);
                    total += p[c];
                }
                assertEquals(1, total, 1e-5);
            }
        }
    }

    @Test
    void inspectSaysSo() throws Exception {
        String report = ImportedModel.inspect(model, ImportOptions.defaults());
        assertTrue(report.contains("no probabilities output: cam4j takes softmax of the logits"), report);
    }
}
