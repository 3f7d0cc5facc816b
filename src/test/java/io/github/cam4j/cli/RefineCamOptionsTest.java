package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * pytorch-grad-cam's RefineCAM on the command line ({@code --method refinecam --refine-base METHOD}, {@code evaluate
 * --also refinecam}, {@code compare}), on the bundled pooled model. Its maps are checked against each layer's own in
 * {@code RefineCamTest}; here, that the options reach them and bad ones are refused naming the option.
 */
class RefineCamOptionsTest extends PooledDigitOptions {
    static final String LAYERS = "conv2d_1/Relu,conv2d_2/Relu";


    /**
     * explain's JSON names RefineCAM with its base and records the base in method_settings (Grad-CAM++ when left out,
     * pytorch-grad-cam's default); the base changes the overlay (captioned "RefineCAM 2 layers" whatever the base).
     */
    @Test
    void explainRecordsTheBaseAndTheBaseChangesTheMap() throws Exception {
        CliRun run = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "refinecam", "--layers",
                LAYERS, "--json", "--out", tmp.resolve("json").toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode first = new ObjectMapper().readTree(run.out()).get(0);
        assertEquals("RefineCAM (Grad-CAM++)", first.get("method").asText(), run.out());
        assertEquals("gradcam++", first.at("/method_settings/refine_base").asText(), run.out());
        assertEquals(7, first.get("class").asInt(), run.out());
        CliRun layer = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "refine-cam",
                "--refine-base", "Grad-CAM", "--json", "--out", tmp.resolve("json-gradcam").toString());
        assertEquals(0, layer.exitCode(), layer.err());
        JsonNode one = new ObjectMapper().readTree(layer.out()).get(0);
        assertEquals("RefineCAM (Grad-CAM)", one.get("method").asText(), layer.out());
        assertEquals("gradcam", one.at("/method_settings/refine_base").asText(), "the base as --method spells it");

        byte[] plusPlus = overlay("pp", "--method", "refinecam", "--layers", LAYERS);
        assertArrayEquals(plusPlus, overlay("pp-again", "--method", "refinecam", "--layers", LAYERS, "--refine-base",
                "gradcam++"), "gradcam++ is the default base");
        assertFalse(Arrays.equals(plusPlus, overlay("gc", "--method", "refinecam", "--layers", LAYERS, "--refine-base",
                "gradcam")), "--refine-base changed nothing");
    }

    /** A base that is no method, or one RefineCAM does not take, is refused in one line naming --refine-base. */
    @Test
    void badBasesAreRefusedNamingTheOption() throws Exception {
        String[][] refused = {
            {"--method refinecam --refine-base lime", "--refine-base 'lime' is not a method; RefineCAM's base is one of"
                + " gradcam, gradcam++,"},
            {"--method refinecam --refine-base cam", "--refine-base cam is not a base RefineCAM takes: give one of"},
            {"--method refinecam --refine-base refinecam", "--refine-base refinecam is not a base RefineCAM takes"},
            {"--method refinecam --refine-base occlusion", "--refine-base occlusion is not a base RefineCAM takes"},
            {"--method refinecam --refine-base fem", "--refine-base fem is not a base RefineCAM takes"},
            {"--method gradcam --refine-base gradcam", "--refine-base is refinecam's setting, and --method does not"
                + " name refinecam"},
            {"--method refinecam --refine-base eigencam --eigen-smooth", "--eigen-smooth projects a method's weighted"
                + " features"},
        };
        for (String[] r : refused) {
            CliRun run = FirstTestDigit.assertRefused(MODEL, seven, tmp.resolve("refused"), r[0], r[1]);
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    /**
     * evaluate measures RefineCAM beside CAM in a row of its own at --also-at's layers, its base said in report.md's
     * settings; compare draws it beside its base fused by the mean, from which its map differs.
     */
    @Test
    void evaluateAndCompareTakeIt() throws Exception {
        Path report = tmp.resolve("report");
        CliRun run = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "4",
                "--faithfulness", "2", "--also", "refinecam,gradcam++", "--refine-base", "gradcam", "--also-at", LAYERS,
                "--out", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode model = new ObjectMapper().readTree(report.resolve("report.json").toFile()).at("/models/0");
        for (String method : new String[] {"REFINE_CAM", "GRAD_CAM_PLUS_PLUS"}) {
            assertEquals(4, model.at("/plain/" + method + "/canvases").asInt(), model.toString());
        }
        assertTrue(run.out().contains("RefineCAM"), run.out());
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("RefineCAM `--refine-base gradcam`"), md);
        Path figure = tmp.resolve("compare.png");
        CliRun compare = CliRun.of("compare", "--model", MODEL, "--methods", "gradcam++,refinecam", "--layers", LAYERS,
                seven.toString(), "--out", figure.toString());
        assertEquals(0, compare.exitCode(), compare.err());
        // RefineCAM is not its base fused by the mean at the same layers: the product ranks the pixels otherwise (0.97
        // on this digit); the mean against itself would rank them alike, 1.000.
        java.util.regex.Matcher spearman = java.util.regex.Pattern.compile(
                "RefineCAM \\(Grad-CAM\\+\\+\\) \\(2 layers\\).*Spearman vs Grad-CAM\\+\\+ \\(2 layers\\) ([0-9.]+)")
                .matcher(compare.out());
        assertTrue(spearman.find(), compare.out());
        assertTrue(Double.parseDouble(spearman.group(1)) < 0.999, "RefineCAM drew the mean: " + compare.out());
    }
}
