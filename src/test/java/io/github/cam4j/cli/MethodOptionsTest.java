package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The methods' settings ({@link MethodOptions}) as every command shares them: recorded in explain's JSON and evaluate's
 * report beside the methods they apply to, taken by evaluate as by explain, and refused where they cannot give a
 * finite map. On the bundled pooled model.
 */
class MethodOptionsTest extends PooledDigitOptions {
    private static final ObjectMapper JSON = new ObjectMapper();


    private static JsonNode explainJson(String name, String... options) throws Exception {
        List<String> args = new ArrayList<>(List.of("explain", "--model", MODEL, seven.toString(), "--json", "--out",
                tmp.resolve(name).toString()));
        args.addAll(Arrays.asList(options));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return JSON.readTree(run.out()).get(0).get("method_settings");
    }

    /**
     * Each entry of explain's JSON says the settings its map was made with, defaults included, and only its method's:
     * Finer-CAM's alpha as typed (0.1, not the float's 0.10000000149...), ranks, form and base; FEM's k; KPCA-CAM's kernel
     * with a null gamma for scikit-learn's default and no gamma for a kernel that takes none; RandomCAM's seed; none
     * for CAM.
     */
    @Test
    void explainRecordsTheSettingsOfItsMethodOnly() throws Exception {
        assertEquals(JSON.readTree("{\"finer_alpha\": 1.0, \"finer_ranks\": [1, 2, 3],"
                + " \"finer_form\": \"pytorch-grad-cam\", \"finer_base\": \"gradcam\"}"),
                explainJson("finer-default", "--method", "finercam"));
        assertEquals(JSON.readTree("{\"finer_alpha\": 0.1, \"finer_ranks\": [2, 1],"
                + " \"finer_form\": \"pytorch-grad-cam\", \"finer_base\": \"gradcam\"}"),
                explainJson("finer", "--method", "finercam", "--finer-alpha", "0.1", "--finer-ranks", "2,1"));
        assertEquals(JSON.readTree("{\"fem_k\": 2.0}"), explainJson("fem", "--method", "fem"));
        assertEquals(JSON.readTree("{\"kpca_kernel\": \"sigmoid\", \"kpca_gamma\": null}"),
                explainJson("kpca", "--method", "kpcacam"));
        assertEquals(JSON.readTree("{\"kpca_kernel\": \"rbf\", \"kpca_gamma\": 0.5}"),
                explainJson("kpca-rbf", "--method", "kpcacam", "--kpca-kernel", "RBF", "--kpca-gamma", "0.5"));
        assertEquals(JSON.readTree("{\"kpca_kernel\": \"linear\"}"),
                explainJson("kpca-linear", "--method", "kpcacam", "--kpca-kernel", "linear"));
        assertEquals(JSON.readTree("{\"randomcam_seed\": 7}"),
                explainJson("random", "--method", "randomcam", "--randomcam-seed", "7"));
        assertEquals(JSON.readTree("{}"), explainJson("cam", "--method", "cam"));
        assertEquals(JSON.readTree("{}"), explainJson("gradcam", "--method", "gradcam"));
    }

    /**
     * evaluate takes Finer-CAM's alpha and ranks as explain does, and they reach its maps: at alpha 0 Finer-CAM's target
     * is the class's logit (times sum p / (sum p + 1e-9)), Grad-CAM's, so its figures are Grad-CAM's to 1e-6 (the
     * 1e-9 and the softmax's share of the gradient move no pixel's order); at the default alpha 1 they differ. The
     * report records each --also method's settings, by its row, in report.json and report.md; a method without any
     * gets no entry.
     */
    @Test
    void evaluateTakesFinerCamsComparisonAndRecordsEverySetting() throws Exception {
        Path zero = tmp.resolve("report-alpha0");
        CliRun run = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "6",
                "--faithfulness", "0", "--also", "gradcam,finercam,fem", "--finer-alpha", "0", "--finer-ranks", "1,2",
                "--fem-k", "1", "--out", zero.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = JSON.readTree(zero.resolve("report.json").toFile());
        assertEquals(JSON.readTree("{\"FINER_CAM\": {\"finer_alpha\": 0.0, \"finer_ranks\": [1, 2],"
                + " \"finer_form\": \"pytorch-grad-cam\", \"finer_base\": \"gradcam\"},"
                + " \"FEM\": {\"fem_k\": 1.0}}"), report.at("/settings/methodSettings"));
        JsonNode plain = report.at("/models/0/plain");
        for (String figure : new String[] {"meanIou", "pointing", "iouRate"}) {
            assertEquals(plain.at("/GRAD_CAM/" + figure).asDouble(), plain.at("/FINER_CAM/" + figure).asDouble(), 1e-6,
                    figure + ": Finer-CAM at alpha 0 is Grad-CAM");
        }
        String md = Files.readString(zero.resolve("report.md"));
        assertTrue(md.contains("Settings of the methods measured beside CAM: Finer-CAM `--finer-alpha 0`,"
                + " `--finer-ranks 1,2`, `--finer-form pytorch-grad-cam`, `--finer-base gradcam`; FEM `--fem-k 1`."), md);

        Path defaults = tmp.resolve("report-default");
        CliRun byDefault = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit",
                "6", "--faithfulness", "0", "--also", "gradcam,finercam", "--out", defaults.toString());
        assertEquals(0, byDefault.exitCode(), byDefault.err());
        JsonNode other = JSON.readTree(defaults.resolve("report.json").toFile());
        assertEquals(JSON.readTree("{\"FINER_CAM\": {\"finer_alpha\": 1.0, \"finer_ranks\": [1, 2, 3],"
                + " \"finer_form\": \"pytorch-grad-cam\", \"finer_base\": \"gradcam\"}}"),
                other.at("/settings/methodSettings"));
        JsonNode otherPlain = other.at("/models/0/plain");
        assertEquals(plain.at("/GRAD_CAM/meanIou").asDouble(), otherPlain.at("/GRAD_CAM/meanIou").asDouble(), 0.0,
                "the same canvases and Grad-CAM");
        assertFalse(Math.abs(otherPlain.at("/GRAD_CAM/meanIou").asDouble()
                - otherPlain.at("/FINER_CAM/meanIou").asDouble()) < 1e-6, "alpha 1 changed nothing: " + otherPlain);

        CliRun unused = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "6",
                "--also", "gradcam", "--finer-alpha", "0.5", "--out", tmp.resolve("unused").toString());
        assertEquals(2, unused.exitCode(), unused.err());
        assertTrue(unused.err().contains("--finer-alpha is finercam's setting, and --also does not name finercam"),
                unused.err());
        assertFalse(Files.exists(tmp.resolve("unused")));
    }

    /**
     * evaluate's report records a float setting as typed, so that the recorded number typed again is the same command
     * line: {@code --finer-alpha 2147483647} (a float of 2147483648) had been recorded as 2.14748365E9, read as
     * 2147483650 in report.json and shown so in report.md; {@code --occlusion-fill 0.1} as the float's
     * 0.10000000149011612. The recorded numbers are compared exactly, as decimals, with what was typed, and read as
     * floats give the floats the run used.
     */
    @Test
    void evaluateRecordsFloatSettingsAsTyped() throws Exception {
        Path out = tmp.resolve("report-floats");
        CliRun run = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "3",
                "--faithfulness", "0", "--also", "finercam,occlusion", "--finer-alpha", "2147483647",
                "--occlusion-fill", "0.1", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode settings = JSON.readTree(out.resolve("report.json").toFile()).at("/settings/methodSettings");
        String[][] typed = {{"/FINER_CAM/finer_alpha", "2147483647"}, {"/OCCLUSION/occlusion_fill", "0.1"}};
        for (String[] t : typed) {
            String recorded = settings.at(t[0]).asText();
            assertEquals(0, new java.math.BigDecimal(recorded).compareTo(new java.math.BigDecimal(t[1])),
                    t[0] + " recorded " + recorded + ", typed " + t[1]);
            assertEquals(Float.parseFloat(t[1]), Float.parseFloat(recorded), 0f, t[0] + ": the float the run used");
        }
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("`--finer-alpha 2147483647`") && md.contains("`--occlusion-fill 0.1`"), md);
    }

    /**
     * Values that cannot give a finite map, or name a class twice, are refused in one line naming the option: a repeated
     * rank and an alpha beyond a float's range as mistyped command lines (exit 2), before anything is written; an alpha
     * whose target overflows float32 on the picture's logits, and a poly kernel's gamma that overflows a double on its
     * features or puts their cells beyond a float, once the model has run (exit 1), where the map came out NaN and was drawn flat, "no evidence". A rank
     * past int's range asks for 2147483648 classes, not -2147483648. RandomCAM takes any seed.
     */
    @Test
    void settingsThatCannotGiveAFiniteMapAreRefusedNamingTheOption() throws Exception {
        String[][] refused = {
            {"2", "--method finercam --finer-ranks 1,1",
                "cam4j: error: --finer-ranks: Finer-CAM's comparison ranks name each class once, got rank 1 twice in"
                    + " [1, 1]"},
            {"2", "--method finercam --finer-alpha 3e39",
                "cam4j: error: --finer-alpha must be a finite number within a float's range (±3.4028235E38:"
                    + " Finer-CAM's target is computed in float32), got 3e39"},
            {"1", "--method finercam --finer-alpha 3e38",
                "cam4j: error: Finer-CAM's map of image " + seven + " is not finite: its target, the class's logit less"
                    + " 3.0E38 times the compared classes' logits, overflows float32 (largest 3.4028235E38); give a"
                    + " smaller alpha (--finer-alpha; pytorch-grad-cam's is 1)"},
            {"1", "--method finercam --finer-alpha -3e38 --eigen-smooth", "is not finite"},
            {"1", "--method kpcacam --kpca-kernel poly --kpca-gamma 1e100",
                "cam4j: error: KPCA-CAM's poly kernel is not finite on the features of image " + seven + " at gamma"
                    + " 1.0E100: (gamma x·y + 1)³ passes the largest double"},
            // Within a double, but the cells' coordinates pass a float's range: the map had been all infinity, drawn
            // flat, "no evidence", exit 0.
            {"1", "--method kpcacam --kpca-kernel poly --kpca-gamma 1e30",
                "cam4j: error: KPCA-CAM's poly kernel at gamma 1.0E30 puts the cells of image " + seven + " beyond a"
                    + " float's range on its top component (coordinates up to "},
            // A rank past the model's classes is the number typed at fault, as --class 10 is: exit 2 (it had been 1).
            {"2", "--method finercam --finer-ranks 2147483647", "cam4j: error: --finer-ranks 2147483647: Finer-CAM"
                + " compares the explained class with the classes at ranks [2147483647] of nearness to its logit, which"
                + " needs at least 2147483648 classes; this model has 10: give ranks from 1 to 9 (see 'cam4j explain"
                + " --help')"},
        };
        for (String[] r : refused) {
            List<String> args = new ArrayList<>(List.of("explain", "--model", MODEL, seven.toString(), "--out",
                    tmp.resolve("refused").toString(), "--force"));
            args.addAll(Arrays.asList(r[1].split(" ")));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(Integer.parseInt(r[0]), run.exitCode(), r[1] + ": " + run.err());
            assertTrue(run.err().contains(r[2]), r[1] + ": " + run.err());
            assertEquals(1, run.err().strip().lines().count(), r[1] + ": " + run.err());
            assertFalse(Files.exists(tmp.resolve("refused").resolve("seven-cam.png")), r[1] + ": nothing written");
        }
        // Below the overflow the map is the digit's: 1e30 times logits of tens stays within a float.
        CliRun large = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "finercam", "--finer-alpha",
                "1e30", "--out", tmp.resolve("large").toString());
        assertEquals(0, large.exitCode(), large.err());
        assertFalse(large.out().contains("the map is flat"), large.out());
        CliRun poly = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "kpcacam", "--kpca-kernel",
                "poly", "--kpca-gamma", "1e20", "--out", tmp.resolve("poly").toString());
        assertEquals(0, poly.exitCode(), poly.err());
        assertFalse(poly.out().contains("the map is flat"), poly.out());
        CliRun seed = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "randomcam",
                "--randomcam-seed", "-9223372036854775808", "--out", tmp.resolve("seed").toString());
        assertEquals(0, seed.exitCode(), seed.err());
    }
}
