package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Images;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.video.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --aug-smooth} on the commands that open a model: explain, compare and video. */
class AugSmoothOptionTest {
    static final String MODEL = SharedData.bundledModels().resolve("mnist-pooled").toString();

    @TempDir
    static Path tmp;

    static Path seven;
    static LabeledImages test;

    @BeforeAll
    static void digits() throws Exception {
        test = Dataset.open(SharedData.mnist()).test();
        seven = tmp.resolve("seven.png");
        try (Mat a = ArticleFigure.digit(test, 0)) {
            Images.write(a, seven);
        }
    }

    private static JsonNode explainJson(String out, String... more) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("explain", "--model", MODEL,
                seven.toString(), "--json", "--out", tmp.resolve(out).toString()));
        args.addAll(java.util.List.of(more));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    /**
     * explain's JSON says whether the maps were smoothed; the class and probability are the picture's own either way,
     * and the smoothed map is another map (its peak or box may move; the overlay differs).
     */
    @Test
    void explainsJsonRecordsItAndKeepsTheProbability() throws Exception {
        JsonNode plain = explainJson("plain").get(0);
        JsonNode smooth = explainJson("smooth", "--aug-smooth").get(0);
        assertEquals(false, plain.get("aug_smooth").asBoolean(), plain.toString());
        assertEquals(true, smooth.get("aug_smooth").asBoolean(), smooth.toString());
        assertEquals(7, smooth.get("class").asInt());
        assertEquals(plain.get("probability").asDouble(), smooth.get("probability").asDouble(), 0.0);
        byte[] plainPng = Files.readAllBytes(Path.of(plain.get("overlay").asText()));
        byte[] smoothPng = Files.readAllBytes(Path.of(smooth.get("overlay").asText()));
        assertNotEquals(java.util.Arrays.hashCode(plainPng), java.util.Arrays.hashCode(smoothPng),
                "the smoothed overlay is the plain one");
        JsonNode topTwo = explainJson("top", "--aug-smooth", "--top-k", "2", "--method", "gradcam");
        assertEquals(2, topTwo.size(), topTwo.toString());
        assertEquals("Grad-CAM", topTwo.get(1).get("method").asText());
        assertTrue(topTwo.get(1).get("aug_smooth").asBoolean());
    }

    /** compare smooths every method it draws, Score-CAM's and Ablation-CAM's many runs included. */
    @Test
    void compareSmoothsEveryMethod() throws Exception {
        Path out = tmp.resolve("compare.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--aug-smooth", "--methods", "cam,gradcam,scorecam,eigencam,"
                + "ablationcam", seven.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": 1 picture x 5 methods"), run.out());
        assertTrue(Files.size(out) > 0);
    }

    /** video explains every frame with it, and its help says what it costs. */
    @Test
    void videoTakesItAndItsHelpSaysTheCost() throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        TestVideos.movingDigits(clip, test, 160, 120, 4, 1, true, 25, false);
        Path out = tmp.resolve("smooth.mp4");
        CliRun run = CliRun.of("video", "--model", MODEL, clip.toString(), "--out", out.toString(), "--aug-smooth");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": 4 frames (4 explained)"), run.out());
        assertEquals(4, TestVideos.countFrames(out));
        for (String command : new String[] {"video", "explain", "compare"}) {
            CliRun help = CliRun.of(command, "--help");
            String text = help.out().replaceAll("\\s+", " ");
            assertTrue(text.contains("--aug-smooth") && text.contains("Costs about 6 times the model work"), command
                    + ": " + help.out());
            // Since video scores its windows with a CAM run beside any method (baf88b85) the window prediction stays:
            // the help had said that it gave way to the region's.
            assertFalse(text.contains("gives way to the region's"), command + ": " + help.out());
            assertTrue(text.contains("video's windows are then scored by a plain CAM run beside it"), command + ": "
                    + help.out());
        }
    }
}
