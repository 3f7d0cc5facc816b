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
 * Finer-CAM's base on the command line ({@code --method finercam --finer-base METHOD}, {@code evaluate --also finercam
 * --finer-base METHOD}), on the bundled pooled model: recorded in explain's JSON and evaluate's report, changing the
 * map, bad bases refused in one line naming the option. The maps themselves are checked against each base's weighting
 * of the Finer target's gradient in {@code FinerBaseTest}.
 */
class FinerBaseOptionsTest extends PooledDigitOptions {


    private static JsonNode explained(String name, String... options) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--method", "finercam"));
        args.addAll(Arrays.asList(options));
        return FirstTestDigit.jsonOf(MODEL, seven, tmp.resolve(name), args.toArray(String[]::new));
    }

    /**
     * The JSON records the base, gradcam when left out (the title then stays "Finer-CAM"), another base in the title
     * too; {@code --finer-base gradcam}'s overlay is the default's byte for byte, Grad-CAM++'s and LayerCAM's differ from
     * it: at the pooled model's last convolution, before its global average pooling, the Finer target's gradient is the
     * same at every cell, and still LayerCAM keeps only its positive part ({@code ReLU(g) f}) and Grad-CAM++ weighs
     * each channel by {@code g^3 / (2 g^2 + S g^3)}, not by g.
     */
    @Test
    void explainRecordsTheBaseAndTheBaseChangesTheMap() throws Exception {
        JsonNode plain = explained("json-plain");
        assertEquals("gradcam", plain.at("/method_settings/finer_base").asText(), plain.toString());
        assertEquals("Finer-CAM", plain.get("method").asText(), plain.toString());
        JsonNode plusPlus = explained("json-pp", "--finer-base", "Grad-CAM++");
        assertEquals("gradcam++", plusPlus.at("/method_settings/finer_base").asText(), plusPlus.toString());
        assertEquals("Finer-CAM (Grad-CAM++)", plusPlus.get("method").asText(), plusPlus.toString());
        JsonNode torch = explained("json-torch", "--finer-form", "torch-cam", "--finer-base", "layercam");
        assertEquals("layercam", torch.at("/method_settings/finer_base").asText(), torch.toString());
        assertEquals("torch-cam", torch.at("/method_settings/finer_form").asText(), torch.toString());

        byte[] byDefault = overlay("default", "--method", "finercam");
        assertArrayEquals(byDefault, overlay("gradcam", "--method", "finercam", "--finer-base", "gradcam"),
                "Grad-CAM is the default base");
        assertFalse(Arrays.equals(byDefault, overlay("pp", "--method", "finercam", "--finer-base", "gradcam++")),
                "--finer-base gradcam++ changed nothing");
        assertFalse(Arrays.equals(byDefault, overlay("layer", "--method", "finercam", "--finer-base", "layercam")),
                "--finer-base layercam changed nothing");
    }

    /**
     * A base that is no method, a method that is no weighting of one gradient, a base torch-cam's FinerCAM refuses in
     * its form, and the option beside another method: refused in one line naming {@code --finer-base}.
     */
    @Test
    void badBasesAreRefusedNamingTheOption() {
        String allowed = "give one of gradcam, gradcam++, xgradcam, hirescam, layercam or gradcam-elementwise";
        String[][] refused = {
            {"--method finercam --finer-base lime", "--finer-base 'lime' is not a method; Finer-CAM's base is one of"
                + " gradcam, gradcam++, xgradcam, hirescam, layercam or gradcam-elementwise"},
            {"--method finercam --finer-base cam", "--finer-base cam is not a base Finer-CAM takes: " + allowed},
            {"--method finercam --finer-base scorecam", "--finer-base scorecam is not a base Finer-CAM takes: " + allowed},
            {"--method finercam --finer-base shapleycam", "--finer-base shapleycam is not a base Finer-CAM takes"},
            {"--method finercam --finer-base finercam", "--finer-base finercam is not a base Finer-CAM takes"},
            {"--method finercam --finer-base smoothgradcam++", "--finer-base smoothgradcam++ is not a base Finer-CAM"},
            {"--method finercam --finer-form torch-cam --finer-base xgradcam", "--finer-base xgradcam is not a base"
                + " torch-cam's FinerCAM takes (--finer-form torch-cam): give gradcam, gradcam++ or layercam"},
            {"--method finercam --finer-form torch-cam --finer-base gradcam-elementwise", "--finer-base"
                + " gradcam-elementwise is not a base torch-cam's FinerCAM takes"},
            {"--method gradcam --finer-base gradcam++", "--finer-base is finercam's setting, and --method does not name"
                + " finercam"},
        };
        FirstTestDigit.assertEachRefusedInOneLine(MODEL, seven, tmp.resolve("refused"), refused);
    }

    /**
     * evaluate measures Finer-CAM over the base given, its base said in report.md's settings and recorded in
     * report.json; a torch-cam-refused base is refused before any canvas is made.
     */
    @Test
    void evaluateRecordsTheBase() throws Exception {
        Path report = tmp.resolve("report");
        CliRun run = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "4",
                "--faithfulness", "2", "--also", "finercam", "--finer-base", "gradcam++", "--out", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode model = new ObjectMapper().readTree(report.resolve("report.json").toFile()).at("/models/0");
        assertEquals(4, model.at("/plain/FINER_CAM/canvases").asInt(), model.toString());
        String md = Files.readString(report.resolve("report.md"));
        assertTrue(md.contains("`--finer-base gradcam++`"), md);
        String json = Files.readString(report.resolve("report.json"));
        assertTrue(json.contains("\"finer_base\" : \"gradcam++\"") || json.contains("\"finer_base\":\"gradcam++\""),
                json);
        CliRun refused = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit",
                "4", "--also", "finercam", "--finer-form", "torch-cam", "--finer-base", "hirescam", "--out",
                tmp.resolve("refused-report").toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("--finer-base hirescam is not a base torch-cam's FinerCAM takes"),
                refused.err());
        assertEquals(1, refused.err().strip().lines().count(), refused.err());
    }
}
