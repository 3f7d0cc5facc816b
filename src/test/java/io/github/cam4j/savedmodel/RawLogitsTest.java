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

    /**
     * A graph opened by names has no activation to read: softmax unless told. A sigmoid head opened that way
     * reported softmax values (0.16 where the model's own output was 0.59); {@code withActivation(SIGMOID)}
     * ({@code --activation sigmoid}) gives the model's own.
     */
    @Test
    void aGraphOpenedByNamesTakesTheActivationItIsGiven() throws Exception {
        Path sigmoid = ForeignModels.export(tmp.resolve("gap-sigmoid"), (tf, random, in, out) -> {
            var x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            out.put("y", tf.withName("probs").math.sigmoid(ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, x, 1)), ForeignModels.K, 3)));
        });
        LoadOptions byNames = LoadOptions.defaults().withTensors(new TensorNames("images:0", "features:0",
                "dense_bias:0", null), "dense_kernel:0", "dense_b:0").withActivation(ClassifierActivation.SIGMOID);
        try (CamSession cam = CamSession.builder().setModel(sigmoid).optLoadOptions(byNames).optInvert(Invert.NEVER)
                .build(); Mat image = new Mat(28, 28, opencv_core.CV_8UC1)) {
            byte[] pixels = new byte[28 * 28];
            new Random(5).nextBytes(pixels);
            image.data().put(pixels);
            ImageExplanation e = cam.explain(List.of(image), Target.predicted()).get(0);
            for (int c = 0; c < 3; c++) {
                assertEquals(1 / (1 + Math.exp(-e.logits()[c])), e.probabilities()[c], 1e-6, "class " + c);
            }
        }
    }
}
