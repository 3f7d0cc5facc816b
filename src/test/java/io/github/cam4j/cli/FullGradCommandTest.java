package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * FullGrad on the command line: explain writes its overlay for an imported model with biases and batch norms, compare
 * and evaluate take it by name, and the options that choose or smooth a layer are refused in one line saying that
 * FullGrad takes every bias layer itself.
 */
class FullGradCommandTest {
    private static final String POOLED = SharedData.bundledModels().resolve("mnist-pooled").toString();
    private static final String FLATTEN_DENSE = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();

    @TempDir
    static Path tmp;

    private static Path digit;

    @BeforeAll
    static void picture() throws Exception {
        digit = FirstTestDigit.writeIn(tmp);
    }

    /** The Keras 2 model with three batch norms and no global pooling (CAM cannot explain it) reads the 7 as a 7. */
    @Test
    void explainWritesAnOverlayForAnImportedModel() throws Exception {
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
    void explainRefusesLayerOptions() {
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
        for (String[] c : cases) {
            CliRun r = CliRun.of("explain", "--model", POOLED, "--method", "fullgrad", c[0], digit.toString(), "--out",
                    tmp.resolve("refused").toString());
            assertEquals(2, r.exitCode(), c[0] + ": " + r.err());
            assertTrue(r.err().contains(c[1]), r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
    }

    /** compare draws it beside CAM; evaluate measures it with a row of its own. */
    @Test
    void compareAndEvaluateTakeIt() throws Exception {
        Path figure = tmp.resolve("compare.png");
        CliRun r = CliRun.of("compare", "--model", POOLED, "--methods", "cam,fullgrad", digit.toString(), "--out",
                figure.toString());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(Files.size(figure) > 0);
        assertTrue(r.out().contains("FullGrad"), r.out());
        Path report = tmp.resolve("report");
        CliRun e = CliRun.of("evaluate", "--model", POOLED, "--data", SharedData.mnist().toString(), "--limit", "6",
                "--faithfulness", "2", "--also", "fullgrad", "--out", report.toString());
        assertEquals(0, e.exitCode(), e.err());
        JsonNode model = new ObjectMapper().readTree(report.resolve("report.json").toFile()).at("/models/0");
        assertEquals(6, model.at("/plain/FULLGRAD/canvases").asInt(), model.toString());
        assertEquals(2, model.at("/faithfulness/FULLGRAD/canvases").asInt(), model.toString());
        assertTrue(e.out().contains("FullGrad"), e.out());
    }
}
