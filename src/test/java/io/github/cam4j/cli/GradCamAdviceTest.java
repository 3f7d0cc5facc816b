package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.render.Images;
import io.github.cam4j.testing.ForeignModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * When CAM refuses a model for want of a global average pooling, explain advises Grad-CAM: only when Grad-CAM has a
 * feature map to take. A model that averages a rank-3 sequence was sent to --method gradcam, which then refused it.
 */
class GradCamAdviceTest {
    private static final String ADVICE = "Explain it with --method gradcam";

    @TempDir
    static Path tmp;

    private static Path digit;

    @BeforeAll
    static void writeDigit() throws Exception {
        digit = tmp.resolve("seven.png");
        try (Mat seven = ArticleFigure.digit(Dataset.open(SharedData.mnist()).test(), 0)) {
            Images.write(seven, digit);
        }
    }

    @Test
    void aModelWithoutAFeatureMapIsNotSentToGradCam() {
        // Rows of the picture as steps of a sequence: [N, 28, 28] features, averaged over the steps, then a Dense.
        Path model = ForeignModels.export(tmp.resolve("rank3"), (tf, random, in, out) -> {
            var x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> steps = tf.reshape(x, tf.constant(new long[] {-1, 28}));
            Operand<TFloat32> h = tf.nn.relu(tf.linalg.matMul(steps, ForeignModels.weights(tf, random, "k1", 0.3f, 28, 16)));
            Operand<TFloat32> pooled = tf.withName("gap1d").math.mean(tf.reshape(h, tf.constant(new long[] {-1, 28, 16})),
                    tf.constant(new int[] {1}));
            out.put("y", tf.nn.softmax(ForeignModels.dense(tf, random, pooled, 16, 10)));
        });
        CliRun run = CliRun.of("explain", "--model", model.toString(), digit.toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, run.exitCode(), run.out());
        assertFalse(run.err().contains(ADVICE), run.err());
        assertTrue(run.err().contains("; Grad-CAM does not apply either: Grad-CAM needs a feature map"), run.err());
    }

    @Test
    void aModelThatFlattensItsFeatureMapIsSentToGradCam() {
        Path model = SharedData.kerasSavedModels().resolve("mnist-flatten-dense");
        CliRun run = CliRun.of("explain", "--model", model.toString(), digit.toString(), "--out", tmp.resolve("f").toString());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.err().contains(ADVICE), run.err());
    }

    /**
     * evaluate, which measures CAM and has no option for another method, names the commands that explain a model
     * without global average pooling: its refusal of the shared data's mnist-flatten-dense said what was missing and
     * where inspect shows it, and nothing a user could do instead.
     */
    @Test
    void evaluateNamesTheCommandsThatExplainAModelWithoutPooling() {
        Path model = SharedData.kerasSavedModels().resolve("mnist-flatten-dense");
        CliRun run = CliRun.of("evaluate", "--model", model.toString(), "--data", SharedData.mnist().toString(),
                "--limit", "20", "--out", tmp.resolve("e").toString());
        assertEquals(1, run.exitCode(), run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().contains("(more than one Dense with a non-linearity between). evaluate measures CAM and"
                + " cannot take such a model; explain it by Grad-CAM, which needs no global average pooling: 'cam4j"
                + " explain --method gradcam' or 'cam4j compare --methods gradcam'. 'cam4j inspect --model " + model
                + "' shows what was found."), run.err());
        assertFalse(run.err().contains(ADVICE), run.err());
    }

    /**
     * {@code --json}'s last entry says what standard error says, the inspect command to type included: the document
     * said "'cam4j inspect --model ...' shows what was found" where the error line named the model.
     */
    @Test
    void theJsonErrorNamesTheInspectCommandAsTheErrorLineDoes() throws Exception {
        Path model = SharedData.kerasSavedModels().resolve("mnist-flatten-dense");
        CliRun run = CliRun.of("explain", "--model", model.toString(), digit.toString(), "--json", "--out",
                tmp.resolve("j").toString());
        assertEquals(1, run.exitCode(), run.out());
        com.fasterxml.jackson.databind.JsonNode document = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(run.out());
        String error = document.get(document.size() - 1).get("error").asText();
        assertTrue(error.contains("'cam4j inspect --model " + model + "' shows what was found"), error);
        assertTrue(run.err().lines().anyMatch(("cam4j: error: " + error)::equals), run.err() + "\n" + error);
    }
}
