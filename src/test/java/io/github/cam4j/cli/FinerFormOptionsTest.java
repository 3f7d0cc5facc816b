package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Finer-CAM's form on the command line ({@code --finer-form pytorch-grad-cam|torch-cam}) on the bundled pooled model:
 * recorded with its defaults in explain's JSON, changing the map, bad values refused naming the option. The form's
 * target is checked against torch-cam's formula in {@code TorchCamFinerTest}.
 */
class FinerFormOptionsTest extends PooledDigitOptions {


    private static JsonNode settings(String name, String... options) throws Exception {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("--method", "finercam"));
        args.addAll(Arrays.asList(options));
        return FirstTestDigit.jsonOf(MODEL, seven, tmp.resolve(name), args.toArray(String[]::new))
                .get("method_settings");
    }

    /**
     * The JSON records the form with its library's defaults (pytorch-grad-cam's alpha 1, torch-cam's gamma 0.6, both
     * ranks 1, 2, 3); the default overlay is byte for byte {@code --finer-form pytorch-grad-cam}'s, torch-cam's differs.
     */
    @Test
    void explainRecordsTheFormAndItsDefaults() throws Exception {
        JsonNode plain = settings("json-plain");
        assertEquals("pytorch-grad-cam", plain.get("finer_form").asText(), plain.toString());
        assertEquals(1.0, plain.get("finer_alpha").asDouble(), plain.toString());
        JsonNode torch = settings("json-torch", "--finer-form", "torch-cam");
        assertEquals("torch-cam", torch.get("finer_form").asText(), torch.toString());
        assertEquals(0.6, torch.get("finer_alpha").asDouble(), torch.toString());
        assertEquals("[1,2,3]", torch.get("finer_ranks").toString(), torch.toString());

        byte[] pytorch = overlay("plain", "--method", "finercam");
        assertArrayEquals(pytorch, overlay("pytorch", "--method", "finercam", "--finer-form", "pytorch-grad-cam"),
                "pytorch-grad-cam's form is the default");
        assertFalse(Arrays.equals(pytorch, overlay("torch", "--method", "finercam", "--finer-form", "torch-cam")),
                "--finer-form torch-cam changed nothing");
    }

    /** A form that is neither, a negative gamma, or the form beside another method: refused in one line. */
    @Test
    void badFormsAreRefusedNamingTheOption() {
        String[][] refused = {
            {"--method finercam --finer-form keras", "--finer-form 'keras' is not a Finer-CAM form: give"
                + " pytorch-grad-cam or torch-cam"},
            {"--method finercam --finer-form torch-cam --finer-alpha -1", "--finer-alpha is torch-cam's gamma with"
                + " --finer-form torch-cam, which must be 0 or more"},
            {"--method gradcam --finer-form torch-cam", "--finer-form is finercam's setting, and --method does not name"
                + " finercam"},
        };
        FirstTestDigit.assertEachRefusedInOneLine(MODEL, seven, tmp.resolve("refused"), refused);
    }
}
