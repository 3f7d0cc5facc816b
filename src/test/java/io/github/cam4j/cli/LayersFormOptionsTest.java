package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fusion of {@code --layers} on the command line ({@code --layers-form pytorch-grad-cam|torch-cam}) on the bundled
 * pooled model, at its 14x14 and 7x7 layers: recorded in explain's JSON, changing the map, refused in one line where it
 * cannot apply, RefineCAM skipped by compare under torch-cam's. The map itself is held to torch-cam's {@code fuse_cams}
 * in {@code TorchCamParityTest} and to its steps written out in {@code TorchCamLayersFormTest}.
 */
class LayersFormOptionsTest extends PooledDigitOptions {
    static final String LAYERS = RefineCamOptionsTest.LAYERS;

    /**
     * explain's JSON says the form beside the layers (null without layers); the default's overlay is byte for byte the
     * one of {@code --layers-form pytorch-grad-cam}, and torch-cam's differs.
     */
    @Test
    void explainRecordsTheFormAndTheFormChangesTheMap() throws Exception {
        assertTrue(jsonEntry("one", "--method", "layercam").get("layers_form").isNull());
        assertEquals("pytorch-grad-cam", jsonEntry("mean", "--method", "layercam", "--layers", LAYERS)
                .get("layers_form").asText());
        assertEquals("torch-cam", jsonEntry("max", "--method", "layercam", "--layers", LAYERS, "--layers-form",
                "Torch-CAM").get("layers_form").asText());
        byte[] plain = overlay("plain", "--method", "layercam", "--layers", LAYERS);
        assertArrayEquals(plain, overlay("pytorch", "--method", "layercam", "--layers", LAYERS, "--layers-form",
                "pytorch-grad-cam"), "pytorch-grad-cam's form is the default");
        assertFalse(Arrays.equals(plain, overlay("torch", "--method", "layercam", "--layers", LAYERS,
                "--layers-form", "torch-cam")), "--layers-form torch-cam changed nothing");
    }

    /** A form that is neither, torch-cam's without layers, or beside RefineCAM: refused in one line. */
    @Test
    void badFormsAreRefusedNamingTheOption() throws Exception {
        String[][] refused = {
            {"--method gradcam --layers " + LAYERS + " --layers-form keras", "--layers-form 'keras' is not a form of"
                + " fusing layers: give pytorch-grad-cam or torch-cam"},
            {"--method gradcam --layers-form torch-cam", "--layers-form torch-cam fuses the maps of two or more target"
                + " layers, and no --layers are given"},
            {"--method refinecam --layers " + LAYERS + " --layers-form torch-cam", "--layers-form torch-cam and"
                + " --method refinecam exclude each other"},
        };
        for (String[] r : refused) {
            CliRun run = FirstTestDigit.assertRefused(MODEL, seven, tmp.resolve("refused"), r[0], r[1]);
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }

    /**
     * compare takes the form for its methods and runs RefineCAM beside them (by its own product, {@code
     * ModelOptions}' builder giving it pytorch-grad-cam's form, which the session would otherwise refuse with
     * RefineCAM): both methods drawn, the figure changed by the form.
     */
    @Test
    void compareKeepsRefineCamsProduct() throws Exception {
        byte[][] cells = new byte[2][];
        String[] forms = {"pytorch-grad-cam", "torch-cam"};
        for (int f = 0; f < 2; f++) {
            Path out = tmp.resolve("compare-" + forms[f] + ".png");
            CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "gradcam,refinecam", "--layers", LAYERS,
                    "--layers-form", forms[f], seven.toString(), "--out", out.toString());
            assertEquals(0, run.exitCode(), run.err());
            assertEquals("wrote " + out + ": 1 picture x 2 methods", run.out().lines().findFirst().orElse(""),
                    run.out());
            cells[f] = java.nio.file.Files.readAllBytes(out);
        }
        assertFalse(Arrays.equals(cells[0], cells[1]), "--layers-form torch-cam changed nothing in compare");
    }

    /**
     * evaluate takes the form at --also-at's layers (its maps, and so its scores, change) and refuses it at one layer
     * and where only RefineCAM would fuse.
     */
    @Test
    void evaluateTakesItAtTwoLayersOrMore() throws Exception {
        String[] scores = new String[2];
        String[] forms = {"pytorch-grad-cam", "torch-cam"};
        for (int f = 0; f < 2; f++) {
            Path report = tmp.resolve("report-" + forms[f]);
            CliRun run = CliRun.of("evaluate", "--model", MODEL, "--data",
                    io.github.cam4j.testing.SharedData.mnist().toString(), "--limit", "4", "--faithfulness", "2",
                    "--also", "layercam", "--also-at", LAYERS, "--layers-form", forms[f], "--out", report.toString());
            assertEquals(0, run.exitCode(), run.err());
            scores[f] = new com.fasterxml.jackson.databind.ObjectMapper().readTree(report.resolve("report.json")
                    .toFile()).at("/models/0/plain/LAYER_CAM").toString();
            assertTrue(scores[f].contains("canvases"), scores[f]);
            // report.md says which fusion made the maps it scores (it said "averaged" for either form).
            String md = java.nio.file.Files.readString(report.resolve("report.md"));
            assertEquals(f == 1, md.contains("fused as torch-cam's fuse_cams"), md.lines().limit(20).toList().toString());
            assertEquals(f == 0, md.contains("averaged and scaled again"), md.lines().limit(20).toList().toString());
        }
        assertFalse(scores[0].equals(scores[1]), "--layers-form torch-cam changed no LayerCAM score: " + scores[0]);
        String[][] refused = {
            {"--also layercam --also-at conv2d_1/Relu --layers-form torch-cam", "--layers-form torch-cam fuses the maps"
                + " of two or more layers: give them to --also-at"},
            {"--also refinecam --also-at " + LAYERS + " --layers-form torch-cam", "--layers-form torch-cam fuses the"
                + " --also methods' layers, and --also refinecam has none it applies to"},
        };
        for (String[] r : refused) {
            java.util.List<String> args = new java.util.ArrayList<>(List.of("evaluate", "--model", MODEL, "--data",
                    io.github.cam4j.testing.SharedData.mnist().toString(), "--limit", "4", "--out",
                    tmp.resolve("refused").toString()));
            args.addAll(Arrays.asList(r[0].split(" ")));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), r[0] + ": " + run.err());
            assertTrue(run.err().contains(r[1]), r[0] + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), run.err());
        }
    }
}
