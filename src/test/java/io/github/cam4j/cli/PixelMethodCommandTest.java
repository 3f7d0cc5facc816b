package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pixel attribution methods on the command line (FullGrad among them): explain, compare and evaluate take them by
 * name, their settings are refused without them, and the options that choose or smooth a feature layer are refused with
 * them in one line naming the option.
 */
class PixelMethodCommandTest {
    private static final String POOLED = SharedData.bundledModels().resolve("mnist-pooled").toString();
    private static final String FLATTEN_DENSE = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();

    @TempDir
    static Path tmp;

    private static Path digit;

    @BeforeAll
    static void picture() throws Exception {
        digit = FirstTestDigit.writeIn(tmp);
    }

    /**
     * Each method writes its overlay and a line for the digit (a 7, which the pooled model reads as 7), titled by the
     * method in --json; ig is Integrated Gradients.
     */
    @Test
    void explainTakesEachMethodByName() throws Exception {
        for (String[] m : new String[][] {{"saliency", "Saliency"}, {"gradxinput", "Gradient x input"},
                {"smoothgrad", "SmoothGrad"}, {"ig", "Integrated Gradients"}}) {
            Path out = tmp.resolve("explain-" + m[0]);
            CliRun r = CliRun.of("explain", "--model", POOLED, "--method", m[0], "--json", digit.toString(), "--out",
                    out.toString());
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(Files.list(out).anyMatch(f -> f.toString().endsWith(".png")), m[0]);
            JsonNode json = new ObjectMapper().readTree(r.out()).get(0);
            assertEquals(m[1], json.get("method").asText(), r.out());
            assertEquals(7, json.get("class").asInt(), r.out());
        }
    }

    /**
     * A picture too small for the model's cells is refused as the CAM methods refuse it, naming the picture: under
     * --fit none a 3x3 picture failed inside TensorFlow ("input depth must be evenly divisible by filter depth: 32 vs
     * 64") with the advice that the pooled model, which takes any size from 4x4 on, takes 28x28 pictures only.
     */
    @Test
    void aPictureTooSmallForTheCellsIsRefusedAsTheCamMethodsRefuseIt() throws Exception {
        Path dot = tmp.resolve("dot.png");
        try (org.bytedeco.opencv.opencv_core.Mat tiny = new org.bytedeco.opencv.opencv_core.Mat(3, 3,
                org.bytedeco.opencv.global.opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(255.0))) {
            io.github.cam4j.render.Images.write(tiny, dot);
        }
        for (String method : new String[] {"cam", "saliency", "ig", "fullgrad"}) {
            CliRun r = CliRun.of("explain", "--model", POOLED, "--method", method, "--fit", "none", dot.toString(),
                    "--out", tmp.resolve("small-" + method).toString());
            assertEquals(1, r.exitCode(), r.err());
            assertTrue(r.err().strip().endsWith("makes no feature cells from image " + dot + ", fed as 3x3 pixels (one"
                    + " cell of its last convolution spans 4x4 pixels): the picture is too small for it; enlarge it"),
                    method + ": " + r.err());
        }
    }

    /** Options that make no sense for a map taken at the input are refused, exit 2, one line naming the option. */
    @Test
    void explainRefusesWhatHasNoMeaningForAPixelMethod() {
        String[][] cases = {
                {"--eigen-smooth", "--eigen-smooth projects a feature layer's weighted activations; --method saliency"
                        + " takes the gradient at the model's input and has none"},
                {"--layers=conv2d/Relu,conv2d_1/Relu", "--layers fuses target layers' maps; --method saliency takes the"
                        + " gradient at the model's input, no layer"},
                {"--features=conv2d_1/Relu", "--features chooses the layer a CAM is taken at; --method saliency takes"
                        + " the gradient at the model's input, no layer"},
                {"--ig-steps=20", "--ig-steps is integratedgradients's setting, and --method does not name"
                        + " integratedgradients"},
                {"--smoothgrad-seed=3", "--smoothgrad-seed is smoothgrad's setting, and --method does not name"
                        + " smoothgrad"}};
        refusedInOneLine("saliency", cases);
        CliRun steps = CliRun.of("explain", "--model", POOLED, "--method", "ig", "--ig-steps", "1", digit.toString(),
                "--out", tmp.resolve("steps").toString());
        assertEquals(2, steps.exitCode(), steps.err());
        assertTrue(steps.err().contains("--ig-steps must be in 2..10000 (the path's two ends at least), got 1"),
                steps.err());
        CliRun noise = CliRun.of("explain", "--model", POOLED, "--method", "smoothgrad", "--smoothgrad-noise", "-1",
                digit.toString(), "--out", tmp.resolve("noise").toString());
        assertEquals(2, noise.exitCode(), noise.err());
        assertTrue(noise.err().contains("--smoothgrad-noise must be a finite fraction of the picture's range, 0 or more,"
                + " got -1 "), noise.err());
    }

    /**
     * A noise above the picture's whole range is refused in one line, exit 2, before anything is written, by explain
     * and evaluate alike: 1e39 of the picture's range drew a hot corner above the 7 and exited 0 (helper-153) until
     * copies beyond float32's range were refused; 1000 still ran, and on 200 translated digits SmoothGrad's pointing
     * game fell from 51.5 % at the default 0.2 to 11 % at 1 and 0.5 % at 10, under a uniform random map's 3.5 %
     * ({@code evaluate --limit 200 --also smoothgrad --smoothgrad-noise N}). 1 itself runs.
     */
    @Test
    void aNoiseBeyondThePicturesRangeIsRefused() throws Exception {
        for (String noise : new String[] {"1e39", "1000", "1.5"}) {
            CliRun run = CliRun.of("explain", "--model", POOLED, "--method", "smoothgrad", "--smoothgrad-noise=" + noise,
                    digit.toString(), "--out", tmp.resolve("drowned-" + noise).toString());
            assertEquals(2, run.exitCode(), run.err());
            assertTrue(run.err().strip().startsWith("cam4j: error: --smoothgrad-noise ") && run.err().contains(
                    " is more noise than the picture's whole value range") && run.err().contains(
                    "give a fraction from 0 to 1 (default: 0.2)"), run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
            assertFalse(Files.exists(tmp.resolve("drowned-" + noise)), noise + ": nothing written");
        }
        CliRun evaluate = CliRun.of("evaluate", "--model", POOLED, "--data", SharedData.mnist().toString(), "--limit",
                "4", "--faithfulness", "0", "--also", "smoothgrad", "--smoothgrad-noise", "1e39", "--out",
                tmp.resolve("huge-report").toString());
        assertEquals(2, evaluate.exitCode(), evaluate.err());
        assertTrue(evaluate.err().contains("is more noise than the picture's whole value range"), evaluate.err());
        CliRun whole = CliRun.of("explain", "--model", POOLED, "--method", "smoothgrad", "--smoothgrad-noise=1",
                digit.toString(), "--out", tmp.resolve("whole").toString());
        assertEquals(0, whole.exitCode(), whole.err());
    }

    /**
     * SmoothGrad's settings reach its maps: another seed, or more samples, gives another overlay; the same settings
     * give the same overlay byte for byte (the noise is seeded).
     */
    @Test
    void smoothGradsSettingsReachItsMaps() throws Exception {
        byte[] first = smoothGrad("a", "--smoothgrad-seed", "1");
        byte[] again = smoothGrad("b", "--smoothgrad-seed", "1");
        byte[] other = smoothGrad("c", "--smoothgrad-seed", "2");
        byte[] more = smoothGrad("d", "--smoothgrad-seed", "1", "--smoothgrad-samples", "20");
        assertTrue(java.util.Arrays.equals(first, again), "seeded noise");
        assertTrue(!java.util.Arrays.equals(first, other), "another seed, another map");
        assertTrue(!java.util.Arrays.equals(first, more), "more samples, another map");
    }

    private byte[] smoothGrad(String name, String... settings) throws Exception {
        Path out = tmp.resolve("smooth-" + name);
        String[] args = {"explain", "--model", POOLED, "--method", "smoothgrad", digit.toString(), "--out",
                out.toString()};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.Arrays.stream(settings))
                .toArray(String[]::new);
        CliRun r = CliRun.of(all);
        assertEquals(0, r.exitCode(), r.err());
        try (var files = Files.list(out)) {
            return Files.readAllBytes(files.filter(f -> f.toString().endsWith(".png")).findFirst().orElseThrow());
        }
    }

    /**
     * compare draws them beside a CAM method, and refuses --eigen-smooth when only pixel methods are named; beside CAM
     * methods they are drawn unsmoothed.
     */
    @Test
    void compareDrawsThemBesideTheCams() throws Exception {
        Path figure = tmp.resolve("compare.png");
        CliRun r = CliRun.of("compare", "--model", POOLED, "--methods", "cam,saliency,ig,fullgrad", digit.toString(),
                "--out", figure.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.size(figure) > 0);
        assertTrue(r.out().contains("Saliency") && r.out().contains("Integrated Gradients")
                && r.out().contains("FullGrad"), r.out());
        CliRun alone = CliRun.of("compare", "--model", POOLED, "--methods", "saliency,smoothgrad", "--eigen-smooth",
                digit.toString(), "--out", tmp.resolve("alone.png").toString());
        assertEquals(2, alone.exitCode(), alone.err());
        assertTrue(alone.err().contains("--eigen-smooth"), alone.err());
    }

    /**
     * evaluate measures them beside CAM with rows of their own (their maps are neither CAM's nor one another's: saliency
     * and gradient x input localise differently), and refuses --eigen-smooth with them, and --also-at with only them.
     */
    @Test
    void evaluateMeasuresThemBesideCam() throws Exception {
        Path report = tmp.resolve("report");
        CliRun r = CliRun.of("evaluate", "--model", POOLED, "--data", SharedData.mnist().toString(), "--limit", "6",
                "--faithfulness", "2", "--also", "saliency,gradxinput,smoothgrad,ig,fullgrad", "--out",
                report.toString());
        assertEquals(0, r.exitCode(), r.err());
        JsonNode model = new ObjectMapper().readTree(report.resolve("report.json").toFile()).at("/models/0");
        for (String method : new String[] {"SALIENCY", "GRADIENT_X_INPUT", "SMOOTHGRAD", "INTEGRATED_GRADIENTS",
                "FULLGRAD"}) {
            assertEquals(6, model.at("/plain/" + method + "/canvases").asInt(), model.toString());
            assertEquals(2, model.at("/faithfulness/" + method + "/canvases").asInt(), model.toString());
        }
        assertNotEquals(model.at("/plain/CAM/meanIou").asDouble(), model.at("/plain/SALIENCY/meanIou").asDouble());
        assertNotEquals(model.at("/plain/SALIENCY/meanIou").asDouble(),
                model.at("/plain/GRADIENT_X_INPUT/meanIou").asDouble());
        assertTrue(r.out().contains("method   Integrated Gradients"), r.out());
        CliRun smooth = CliRun.of("evaluate", "--model", POOLED, "--data", SharedData.mnist().toString(), "--also",
                "gradcam,saliency", "--eigen-smooth", "--out", tmp.resolve("smooth").toString());
        assertEquals(2, smooth.exitCode(), smooth.err());
        assertTrue(smooth.err().contains("--eigen-smooth projects a feature layer's weighted activations; --also"
                + " saliency takes the gradient at the model's input"), smooth.err());
        CliRun at = CliRun.of("evaluate", "--model", POOLED, "--data", SharedData.mnist().toString(), "--also", "ig",
                "--also-at", "conv2d_1/Relu", "--out", tmp.resolve("at").toString());
        assertEquals(2, at.exitCode(), at.err());
        assertTrue(at.err().contains("--also-at conv2d_1/Relu names the layer for the --also methods; the pixel"
                + " attribution methods (ig) take the gradient at the model's input, no layer"), at.err());
    }

    /** video explains every frame by a pixel method (a moving digit on a 160x120 frame) and writes every frame. */
    @Test
    void videoTakesThem() throws Exception {
        Path clip = tmp.resolve("clip.mp4");
        io.github.cam4j.video.TestVideos.movingDigits(clip, io.github.cam4j.data.Dataset.open(SharedData.mnist()).test(),
                160, 120, 4, 1, true, 25, false);
        Path out = tmp.resolve("saliency.mp4");
        CliRun run = CliRun.of("video", "--model", POOLED, clip.toString(), "--out", out.toString(), "--method",
                "saliency");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": 4 frames (4 explained)"), run.out());
        assertEquals(4, io.github.cam4j.video.TestVideos.countFrames(out));
    }

    /** FullGrad: the Keras 2 model with three batch norms and no global pooling (CAM cannot explain it) reads the 7 as a 7. */
    @Test
    void fullGradWritesAnOverlayForAnImportedModel() throws Exception {
        Path out = tmp.resolve("explain");
        CliRun r = CliRun.of("explain", "--model", FLATTEN_DENSE, "--method", "fullgrad", "--json", digit.toString(),
                "--out", out.toString());
        assertEquals(0, r.exitCode(), r.err());
        try (var files = Files.list(out)) {
            assertTrue(files.anyMatch(f -> f.toString().endsWith(".png")), "an overlay in " + out);
        }
        JsonNode json = new ObjectMapper().readTree(r.out()).get(0);
        assertEquals("FullGrad", json.get("method").asText(), r.out());
        assertEquals(7, json.get("class").asInt(), r.out());
    }

    /**
     * pytorch-grad-cam's FullGrad prints a warning and ignores the target layers it is given; cam4j refuses a layer
     * option beside it, exit 2, in one line that says why.
     */
    @Test
    void fullGradRefusesLayerOptions() {
        String[][] cases = {
                {"--layers=conv2d/Relu,conv2d_1/Relu", "--layers fuses target layers' maps; --method fullgrad takes the"
                        + " gradient at the model's input and at every bias layer, all of them (no target layer:"
                        + " pytorch-grad-cam's FullGrad ignores its target_layers)"},
                {"--features=conv2d_1/Relu", "--features chooses the layer a CAM is taken at; --method fullgrad takes"
                        + " the gradient at the model's input and at every bias layer"},
                {"--eigen-smooth", "--eigen-smooth projects a feature layer's weighted activations; --method fullgrad"
                        + " sums scaled gradient terms of the input and of every bias layer"},
                {"--ig-steps=20", "--ig-steps is integratedgradients's setting, and --method does not name"
                        + " integratedgradients"}};
        refusedInOneLine("fullgrad", cases);
    }

    /** Each case's option beside {@code --method method}: exit 2, one line holding the case's message. */
    private static void refusedInOneLine(String method, String[][] cases) {
        for (String[] c : cases) {
            CliRun r = CliRun.of("explain", "--model", POOLED, "--method", method, c[0], digit.toString(), "--out",
                    tmp.resolve("refused").toString());
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
    }
}
