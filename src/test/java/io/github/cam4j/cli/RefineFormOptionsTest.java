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
 * RefineCAM's form on the command line ({@code --refine-form pytorch-grad-cam|torch-cam}) on the bundled pooled model:
 * recorded in explain's JSON and evaluate's report, changing the map, bad values refused naming the option. The
 * forms' maps are checked against their formulas in {@code RefineCamTest} and {@code TorchCamRefineTest}.
 */
class RefineFormOptionsTest extends PooledDigitOptions {
    static final String LAYERS = RefineCamOptionsTest.LAYERS;


    /**
     * explain's JSON records the form in method_settings, pytorch-grad-cam's when left out; the default's overlay is
     * byte for byte the one of {@code --refine-form pytorch-grad-cam}, and torch-cam's differs.
     */
    @Test
    void explainRecordsTheFormAndTheFormChangesTheMap() throws Exception {
        for (String[] form : new String[][] {{}, {"--refine-form", "torch-cam"}}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("explain", "--model", MODEL,
                    seven.toString(), "--method", "refinecam", "--layers", LAYERS, "--json", "--out",
                    tmp.resolve("json" + form.length).toString()));
            args.addAll(Arrays.asList(form));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            JsonNode first = new ObjectMapper().readTree(run.out()).get(0);
            assertEquals(form.length == 0 ? "pytorch-grad-cam" : "torch-cam",
                    first.at("/method_settings/refine_form").asText(), run.out());
        }
        byte[] plain = overlay("plain", "--method", "refinecam", "--layers", LAYERS);
        assertArrayEquals(plain, overlay("pytorch", "--method", "refinecam", "--layers", LAYERS, "--refine-form",
                "pytorch-grad-cam"), "pytorch-grad-cam's form is the default");
        assertFalse(Arrays.equals(plain, overlay("torch", "--method", "refinecam", "--layers", LAYERS,
                "--refine-form", "Torch-CAM")), "--refine-form torch-cam changed nothing");
    }

    /** A form that is neither, torch-cam's at one layer, or a form beside another method: refused in one line. */
    @Test
    void badFormsAreRefusedNamingTheOption() throws Exception {
        String[][] refused = {
            {"--method refinecam --layers " + LAYERS + " --refine-form keras", "--refine-form 'keras' is not a"
                + " RefineCAM form: give pytorch-grad-cam or torch-cam"},
            {"--method refinecam --refine-form torch-cam", "--refine-form torch-cam multiplies the maps of two or more"
                + " target layers"},
            {"--method gradcam --layers " + LAYERS + " --refine-form torch-cam", "--refine-form is refinecam's"
                + " setting, and --method does not name refinecam"},
        };
        for (String[] r : refused) {
            CliRun run = FirstTestDigit.assertRefused(MODEL, seven, tmp.resolve("refused"), r[0], r[1]);
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    /**
     * evaluate measures torch-cam's form at --also-at's layers and says it in report.md's settings; at one layer it is
     * refused naming --refine-form and --also-at.
     */
    @Test
    void evaluateTakesItAtTwoLayersOrMore() throws Exception {
        Path report = tmp.resolve("report");
        CliRun run = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "4",
                "--faithfulness", "2", "--also", "refinecam", "--refine-form", "torch-cam", "--also-at", LAYERS,
                "--out", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode model = new ObjectMapper().readTree(report.resolve("report.json").toFile()).at("/models/0");
        assertEquals(4, model.at("/plain/REFINE_CAM/canvases").asInt(), model.toString());
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("`--refine-form torch-cam`"), md);
        CliRun one = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "4",
                "--also", "refinecam", "--refine-form", "torch-cam", "--also-at", "conv2d_1/Relu", "--out",
                tmp.resolve("report-one").toString());
        assertEquals(2, one.exitCode(), one.err());
        assertTrue(one.err().contains("--refine-form torch-cam multiplies the maps of two or more layers")
                && one.err().contains("--also-at"), one.err());
    }
}
