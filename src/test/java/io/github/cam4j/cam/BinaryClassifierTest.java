package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cli.CliRun;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Images;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * A model ending in one sigmoid unit is a binary classifier, as Keras builds one: its output is P(class 1). It was read
 * as a one-class model: "class 0 p=0.02" for a picture it put in class 0 with probability 0.98, {@code --class 1} and
 * {@code --top-k 2} refused. Two real models (the standard trunk, global average pooling, one unit, a sigmoid) differ
 * only in the unit's bias, -4 or +4, so that a picture of noise (unit score about 0.3) falls in class 0 or class 1.
 */
class BinaryClassifierTest {
    @TempDir
    static Path tmp;

    static Path negative;
    static Path positive;

    @BeforeAll
    static void export() {
        negative = ForeignModels.export(tmp.resolve("binary-bias-minus-4"), binary(-4f));
        positive = ForeignModels.export(tmp.resolve("binary-bias-plus-4"), binary(4f));
    }

    /** images -> trunk -> global average pooling -> one unit ({@code dense_kernel}, bias {@code b}) -> sigmoid. */
    private static ForeignModels.Body binary(float b) {
        return (tf, random, in, out) -> {
            var x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> m = tf.withName("dense_matmul").linalg.matMul(ForeignModels.gap(tf,
                    ForeignModels.trunk(tf, random, x, 1)), ForeignModels.weights(tf, random, "dense_kernel", 0.5f,
                            ForeignModels.K, 1));
            Operand<TFloat32> z = tf.withName("dense_bias").nn.biasAdd(m, tf.withName("dense_b").constant(new float[] {b}));
            out.put("y", tf.withName("probs").math.sigmoid(z));
        };
    }

    private static Mat noise() {
        Mat image = new Mat(28, 28, opencv_core.CV_8UC1);
        byte[] pixels = new byte[28 * 28];
        new Random(5).nextBytes(pixels);
        image.data().put(pixels);
        return image;
    }

    private static CamSession open(Path model, LoadOptions options) throws Exception {
        return CamSession.builder().setModel(model).optLoadOptions(options).optInvert(Invert.NEVER).build();
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /**
     * Two classes, {@code [1 - p, p]} with p the model's own output, and class 1 predicted when p > 0.5. The logits are
     * {@code [-z, z]}: the log-odds of each class. The model's p (its graph's sigmoid) and Java's sigmoid of its logit
     * agree to 1e-6, float rounding of values below 1.
     */
    @Test
    void twoClassesWithClassOneTheUnitsProbability() throws Exception {
        for (Path model : List.of(negative, positive)) {
            try (CamSession cam = open(model, LoadOptions.defaults()); Mat image = noise()) {
                assertEquals(2, cam.model().classes());
                assertEquals(List.of("0", "1"), cam.model().labels());
                ImageExplanation e = cam.explain(List.of(image), Target.predicted()).get(0);
                float[] p = e.probabilities();
                float[] z = e.logits();
                assertEquals(2, p.length);
                assertEquals(-z[1], z[0]);
                assertEquals(sigmoid(z[1]), p[1], 1e-6);
                assertEquals(1, p[0] + p[1], 1e-6);
                int expected = model == negative ? 0 : 1;
                assertEquals(expected, e.predicted(), "p = " + p[1]);
                assertEquals(expected, e.first().classIndex());
                assertEquals(String.valueOf(expected), e.first().label());
                assertEquals(p[expected], e.first().probability());
                assertTrue(e.first().probability() > 0.9, "bias -4 or +4 puts noise far from 0.5: " + p[1]);
            }
        }
    }

    /**
     * Class 0's logit is the unit's negated, so its map is the unit's map negated, cell by cell (float negation is
     * exact; 1e-6 of the map's scale allows a sum taken in another order), and CAM's identity holds for it: the
     * map's mean plus class 0's bias (-b) is its logit, to 1e-5 of the logit (a mean of 196 float cells).
     */
    @Test
    void classZerosMapIsTheUnitsMapNegated() throws Exception {
        try (CamSession cam = open(negative, LoadOptions.defaults()); Mat image = noise()) {
            ImageExplanation e = cam.explain(List.of(image), Target.topK(2)).get(0);
            assertEquals(0, e.maps().get(0).classIndex());
            assertEquals(1, e.maps().get(1).classIndex());
            FloatMap zero = e.maps().get(0).rawMap();
            FloatMap one = e.maps().get(1).rawMap();
            double scale = Math.max(Math.abs(one.max()), Math.abs(one.min()));
            double sum = 0;
            for (int y = 0; y < one.height(); y++) {
                for (int x = 0; x < one.width(); x++) {
                    assertEquals(-one.get(y, x), zero.get(y, x), 1e-6 * scale, "cell " + y + "," + x);
                    sum += zero.get(y, x);
                }
            }
            double mean = sum / (one.height() * one.width());
            assertEquals(e.logits()[0], mean + 4, 1e-5 * Math.abs(e.logits()[0]));
        }
    }

    /** {@code --class 0|1} and {@code --top-k 2} are a binary classifier's; a third class is refused. */
    @Test
    void classesZeroAndOneMayBeAskedForAndNoOther() throws Exception {
        try (CamSession cam = open(positive, LoadOptions.defaults()); Mat image = noise()) {
            float[] p = cam.explain(List.of(image), Target.predicted()).get(0).probabilities();
            for (int c = 0; c < 2; c++) {
                CamResult r = cam.explain(List.of(image), Target.of(c)).get(0).first();
                assertEquals(c, r.classIndex());
                assertEquals(p[c], r.probability());
            }
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> cam.explain(List.of(image), Target.of(2)));
            assertTrue(e.getMessage().contains("2 classes"), e.getMessage());
            assertThrows(InvalidInputException.class, () -> cam.explain(List.of(image), Target.topK(3)));
        }
    }

    /**
     * Grad-CAM of class 0 takes the gradient of -z: on this pooled model the gradient at each cell is class 0's kernel
     * column (the unit's negated) over the cells, so the map is CAM's class-0 map's positive part over h x w, as
     * {@code GradCamTest} checks for other models (to 1e-5 of the map's scale). The predicted class's gradient is
     * worked out in the graph: the arg-max of one unit picked the unit, class 1's, for a picture of class 0.
     */
    @Test
    void gradCamOfClassZeroIsTheGradientOfTheNegatedLogit() throws Exception {
        FloatMap cam0;
        try (CamSession cam = open(negative, LoadOptions.defaults()); Mat image = noise()) {
            cam0 = cam.explain(List.of(image), Target.of(0)).get(0).first().rawMap();
        }
        try (CamSession grad = open(negative, LoadOptions.defaults().withGradCam()); Mat image = noise()) {
            ImageExplanation predicted = grad.explain(List.of(image), Target.predicted()).get(0);
            assertEquals(0, predicted.predicted());
            FloatMap given = grad.explain(List.of(image), Target.of(0)).get(0).first().rawMap();
            FloatMap top2 = grad.explain(List.of(image), Target.topK(2)).get(0).maps().get(0).rawMap();
            double cells = cam0.height() * cam0.width();
            double scale = Math.max(Math.abs(cam0.max()), Math.abs(cam0.min())) / cells;
            for (int y = 0; y < cam0.height(); y++) {
                for (int x = 0; x < cam0.width(); x++) {
                    double expected = Math.max(0, cam0.get(y, x)) / cells;
                    assertEquals(expected, predicted.first().rawMap().get(y, x), 1e-5 * scale, "predicted, cell " + y + "," + x);
                    assertEquals(expected, given.get(y, x), 1e-5 * scale, "class 0, cell " + y + "," + x);
                    assertEquals(expected, top2.get(y, x), 1e-5 * scale, "top-2's first, cell " + y + "," + x);
                }
            }
        }
    }

    /**
     * evaluate's {@link io.github.cam4j.eval.Predictor} reads the two classes as a session does: it copied rows of two
     * (the classes) out of the graph's rows of one (the unit), and evaluate on a binary model failed with "arraycopy:
     * last source index 80 out of bounds for float[40]".
     */
    @Test
    void predictorGivesBothClassesAsTheSessionDoes() throws Exception {
        try (CamSession cam = open(negative, LoadOptions.defaults()); Mat image = noise()) {
            float[] p = cam.explain(List.of(image), Target.predicted()).get(0).probabilities();
            byte[] pixels = new byte[28 * 28];
            image.data().get(pixels);
            var spec = cam.model().input();
            float[] twice = new float[2 * pixels.length];
            for (int i = 0; i < twice.length; i++) {
                twice[i] = (pixels[i % pixels.length] & 0xff) * spec.pixelScale() + spec.pixelOffset();
            }
            double[] logP = new io.github.cam4j.eval.Predictor(cam.model(), 1).logProbabilities(twice, 2, 28, 28);
            for (int i = 0; i < 4; i++) {
                assertEquals(p[i % 2], Math.exp(logP[i]), 1e-6, "image " + i / 2 + ", class " + i % 2);
            }
        }
    }

    /** {@code inspect} says how the unit is read. */
    @Test
    void inspectSaysItIsABinaryClassifier() throws Exception {
        String report = io.github.cam4j.savedmodel.keras.ImportedModel.inspect(negative,
                io.github.cam4j.savedmodel.keras.ImportOptions.defaults());
        assertTrue(report.contains("binary classifier: its one unit gives p = P(class 1)"), report);
    }

    /** {@code explain --json} names class 0 with its own probability, and a labels file names the two classes. */
    @Test
    void explainNamesClassZeroWithItsProbability() throws Exception {
        Path picture = tmp.resolve("noise.png");
        try (Mat image = noise()) {
            Images.write(image, picture);
        }
        Path labels = Files.writeString(tmp.resolve("labels.txt"), "cat\ndog\n");
        CliRun r = CliRun.of("explain", "--model", negative.toString(), "--invert", "never", "--labels", labels.toString(),
                "--json", "--top-k", "2", "--out", tmp.resolve("out").toString(), picture.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertEquals(2, json.size(), r.out());
        assertEquals(0, json.get(0).get("class").asInt(), r.out());
        assertEquals("cat", json.get(0).get("label").asText(), r.out());
        assertEquals(0, json.get(0).get("predicted").asInt(), r.out());
        assertEquals("dog", json.get(1).get("label").asText(), r.out());
        double p0 = json.get(0).get("probability").asDouble();
        assertEquals(1, p0 + json.get(1).get("probability").asDouble(), 1e-6, r.out());
        assertTrue(p0 > 0.5, r.out());
        CliRun one = CliRun.of("explain", "--model", negative.toString(), "--invert", "never", "--out",
                tmp.resolve("out1").toString(), picture.toString());
        assertEquals(0, one.exitCode(), one.err());
        assertTrue(one.out().startsWith(picture + ": class 0 p=0.9"), one.out());
    }
}
