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

    /** compare fuses every method by torch-cam's form and skips RefineCAM, whose product is its own fusion. */
    @Test
    void compareSkipsRefineCamUnderTorchCamsForm() throws Exception {
        Path out = tmp.resolve("compare.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "gradcam,refinecam", "--layers", LAYERS,
                "--layers-form", "torch-cam", seven.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("refinecam: skipped: --layers-form torch-cam takes the layers' maximum, and RefineCAM fuses its"
                + " layers by their product (--refine-form torch-cam is torch-cam's RefineCAM)", lines.get(0), run.out());
        assertEquals("wrote " + out + ": 1 picture x 1 method", lines.get(1), run.out());
    }
}
