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
 * FEM, KPCA-CAM and RandomCAM on the command line ({@code --method fem|kpcacam|randomcam}, {@code evaluate --also})
 * with their settings ({@link FeatureMethodOptions}), on the bundled pooled model.
 */
class FeatureMethodOptionsTest extends PooledDigitOptions {


    /**
     * Each method is named in explain's JSON, explains the digit as 7, and its settings change its map: FEM's k, the
     * KPCA kernel, RandomCAM's seed; the same seed draws the same overlay again, byte for byte.
     */
    @Test
    void eachMethodRunsAndItsSettingsChangeTheMap() throws Exception {
        String[][] titled = {{"fem", "FEM"}, {"kpcacam", "KPCA-CAM"}, {"kpca-cam", "KPCA-CAM"}, {"randomcam", "RandomCAM"}};
        for (String[] m : titled) {
            CliRun run = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", m[0], "--json", "--out",
                    tmp.resolve("json-" + m[0]).toString());
            assertEquals(0, run.exitCode(), run.err());
            JsonNode first = new ObjectMapper().readTree(run.out()).get(0);
            assertEquals(m[1], first.get("method").asText(), run.out());
            assertEquals(7, first.get("class").asInt(), run.out());
        }
        assertFalse(Arrays.equals(overlay("fem2", "--method", "fem"), overlay("fem05", "--method", "fem", "--fem-k",
                "0.5")), "--fem-k changed nothing");
        assertArrayEquals(overlay("fem2", "--method", "fem"), overlay("fem2b", "--method", "fem", "--fem-k", "2"),
                "--fem-k 2 is the default");
        assertFalse(Arrays.equals(overlay("kpca", "--method", "kpcacam"), overlay("kpca-rbf", "--method", "kpcacam",
                "--kpca-kernel", "rbf")), "--kpca-kernel changed nothing");
        assertFalse(Arrays.equals(overlay("kpca-rbf", "--method", "kpcacam", "--kpca-kernel", "rbf"),
                overlay("kpca-rbf-g", "--method", "kpcacam", "--kpca-kernel", "RBF", "--kpca-gamma", "0.5")),
                "--kpca-gamma changed nothing");
        byte[] random = overlay("random", "--method", "randomcam");
        assertArrayEquals(random, overlay("random-again", "--method", "randomcam", "--randomcam-seed", "0"),
                "RandomCAM is reproducible, seed 0 by default");
        assertFalse(Arrays.equals(random, overlay("random-1", "--method", "randomcam", "--randomcam-seed", "1")),
                "--randomcam-seed changed nothing");
    }

    /**
     * A setting that cannot apply is a mistyped command line naming the option: out of range, a kernel that is not
     * scikit-learn's, a gamma for a kernel without one, a setting without its method, eigen smoothing for FEM and
     * KPCA-CAM (pytorch-grad-cam ignores it there; cam4j refuses rather than ignore it); RandomCAM takes it.
     */
    @Test
    void settingsThatCannotApplyAreRefusedNamingTheOption() throws Exception {
        String[][] refused = {
            {"--method fem --fem-k -1", "--fem-k must be a finite number of standard deviations, 0 or more, got -1 "},
            {"--method fem --fem-k NaN", "--fem-k must be a finite number of standard deviations, 0 or more, got NaN"},
            {"--method kpcacam --kpca-kernel laplacian",
                "--kpca-kernel 'laplacian' is not one of sigmoid, rbf, linear, poly, cosine"},
            {"--method kpcacam --kpca-kernel linear --kpca-gamma 0.1",
                "--kpca-gamma is the sigmoid, rbf and poly kernels'; --kpca-kernel linear takes none"},
            {"--method kpcacam --kpca-gamma 0", "--kpca-gamma must be finite and positive, got 0 "},
            {"--method gradcam --fem-k 3", "--fem-k is fem's setting, and --method does not name fem"},
            {"--method fem --randomcam-seed 3", "--randomcam-seed is randomcam's setting, and --method does not name"
                + " randomcam"},
            {"--method fem --eigen-smooth", "--eigen-smooth does not apply to --method fem: pytorch-grad-cam's FEM"
                + " ignores eigen_smooth"},
            {"--method kpcacam --eigen-smooth", "--eigen-smooth does not apply to --method kpcacam: KPCA-CAM's map is"
                + " already the features' first kernel principal component"},
        };
        for (String[] r : refused) {
            FirstTestDigit.assertRefused(MODEL, seven, tmp.resolve("refused"), r[0], r[1]);
        }
        CliRun smoothed = CliRun.of("explain", "--model", MODEL, seven.toString(), "--method", "randomcam",
                "--eigen-smooth", "--json", "--out", tmp.resolve("random-smooth").toString());
        assertEquals(0, smoothed.exitCode(), smoothed.err());
        assertTrue(new ObjectMapper().readTree(smoothed.out()).get(0).get("eigen_smooth").asBoolean(), smoothed.out());
        assertFalse(Arrays.equals(overlay("random", "--method", "randomcam"),
                Files.readAllBytes(tmp.resolve("random-smooth").resolve("seven-cam.png"))), "smoothing changed nothing");
    }

    /**
     * evaluate measures the three beside CAM, each in its own row with its own maps (FEM's, KPCA-CAM's and RandomCAM's
     * mean IoU differ), and refuses eigen smoothing for FEM and KPCA-CAM and a setting without its method.
     */
    @Test
    void evaluateMeasuresThemBesideCam() throws Exception {
        Path report = tmp.resolve("report");
        CliRun run = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "6",
                "--faithfulness", "2", "--also", "fem,kpcacam,randomcam", "--out", report.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode model = new ObjectMapper().readTree(report.resolve("report.json").toFile()).at("/models/0");
        for (String method : new String[] {"FEM", "KPCA_CAM", "RANDOM_CAM"}) {
            assertEquals(6, model.at("/plain/" + method + "/canvases").asInt(), model.toString());
            assertEquals(2, model.at("/faithfulness/" + method + "/canvases").asInt(), model.toString());
        }
        double fem = model.at("/plain/FEM/meanIou").asDouble();
        double kpca = model.at("/plain/KPCA_CAM/meanIou").asDouble();
        double random = model.at("/plain/RANDOM_CAM/meanIou").asDouble();
        assertTrue(fem != kpca && kpca != random && fem != random, fem + " " + kpca + " " + random);
        for (String title : new String[] {"FEM", "KPCA-CAM", "RandomCAM"}) {
            assertTrue(run.out().contains("method   " + title), run.out());
        }
        CliRun smooth = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "6",
                "--also", "gradcam,kpcacam", "--eigen-smooth", "--out", tmp.resolve("smooth").toString());
        assertEquals(2, smooth.exitCode(), smooth.err());
        assertTrue(smooth.err().contains("--eigen-smooth does not apply to --also kpcacam"), smooth.err());
        CliRun unused = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit", "6",
                "--also", "gradcam", "--kpca-kernel", "rbf", "--out", tmp.resolve("unused").toString());
        assertEquals(2, unused.exitCode(), unused.err());
        assertTrue(unused.err().contains("--kpca-kernel is kpcacam's setting, and --also does not name kpcacam"),
                unused.err());
    }

    /**
     * A FEM k that no cell of the features can pass is refused as a mistyped command line, exit 2, naming --fem-k as
     * typed and the bound. evaluate finds it before the models' work, in one run on a blank canvas: it had met it at
     * the first batch, after CAM's work (some 24 s), exit 1, in the library's words ("FEM's k 2.147483647E9"); explain
     * met it at the picture, exit 1, so too. The pooled model's features have 21x21 cells on evaluate's 84x84 canvases
     * and 7x7 on explain's 28x28 digit: bounds sqrt(440) = 20.976177 and sqrt(48) = 6.928203. A k just below the
     * canvases' bound is measured, not refused.
     */
    @Test
    void aFemKNoCellCanPassIsRefusedNamingTheOptionAndTheBound() throws Exception {
        Path huge = tmp.resolve("fem-huge");
        CliRun refused = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit",
                "2", "--faithfulness", "0", "--also", "fem", "--fem-k", "2147483647", "--out", huge.toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertEquals("cam4j: error: --fem-k 2147483647 cannot be passed by any cell of a canvas's 441 cells (84x84, --canvas):"
                + " none lies more than sqrt(441 - 1) = 20.976177 standard deviations above its channel's mean, so every channel"
                + " would weigh 0 and the map be flat; give a k below 20.976177 (see 'cam4j evaluate --help')",
                refused.err().strip());
        assertFalse(Files.exists(huge), "refused before any report");
        FirstTestDigit.assertRefused(MODEL, seven, tmp.resolve("fem-huge-explain"), "--method fem --fem-k 2147483647",
                "cam4j: error: --fem-k 2147483647 cannot be passed by any cell of a picture's 49 cells: none lies more"
                        + " than sqrt(49 - 1) = 6.928203 standard deviations");

        Path below = tmp.resolve("fem-below");
        CliRun measured = CliRun.of("evaluate", "--model", MODEL, "--data", SharedData.mnist().toString(), "--limit",
                "2", "--faithfulness", "0", "--also", "fem", "--fem-k", "20.97", "--out", below.toString());
        assertEquals(0, measured.exitCode(), measured.err());
        JsonNode report = new ObjectMapper().readTree(below.resolve("report.json").toFile());
        assertEquals(20.97, report.at("/settings/methodSettings/FEM/fem_k").asDouble(), 0.0, report.toString());
        assertEquals(2, report.at("/models/0/plain/FEM/canvases").asInt(), report.toString());
    }
}
