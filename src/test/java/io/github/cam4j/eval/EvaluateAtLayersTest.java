package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cli.Cam4j;
import io.github.cam4j.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code cam4j evaluate --also-at L1,L2}: the methods measured beside CAM fuse their maps of several layers, as
 * {@code explain --layers} does, on 30 canvases of the bundled pooled model.
 */
class EvaluateAtLayersTest {
    private static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");

    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Cam4j.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int code = cli.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private String[] args(String out, String... more) {
        String[] common = {"evaluate", "--model", POOLED.toString(), "--data", SharedData.mnist().toString(), "--limit",
            "30", "--faithfulness", "4", "--also", "gradcam,layercam", "--out", tmp.resolve(out).toString()};
        return with(common, more);
    }

    /**
     * Two layers: the report names both and says the maps were fused; CAM's figures are the same as without the
     * option, and Grad-CAM's and LayerCAM's differ from their maps at either layer alone (the pooled model's conv2d_1
     * has 14x14 cells a digit, conv2d_2, CAM's features, 7x7: the fused map is neither). The figures are compared
     * exactly: the same seed draws the same canvases, so equal maps give equal figures, and a fused map that equalled a
     * single layer's would give its figures to the bit.
     */
    @Test
    void fusesTheMethodsBesideCamOverSeveralLayers() throws Exception {
        Run fused = run(args("fused", "--also-at", "conv2d_1/Relu,conv2d_2/Relu"));
        Run first = run(args("first", "--also-at", "conv2d_1/Relu"));
        Run last = run(args("last"));
        assertEquals(0, fused.code(), fused.err());
        assertEquals(0, first.code(), first.err());
        assertEquals(0, last.code(), last.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode f = json.readTree(tmp.resolve("fused/report.json").toFile());
        JsonNode one = json.readTree(tmp.resolve("first/report.json").toFile());
        JsonNode features = json.readTree(tmp.resolve("last/report.json").toFile());
        assertEquals("conv2d_1/Relu,conv2d_2/Relu", f.at("/settings/alsoAt").asText());
        String md = Files.readString(tmp.resolve("fused/report.md"));
        assertTrue(md.contains("taken at the layers `conv2d_1/Relu`, `conv2d_2/Relu`, each method's maps of those"
                + " layers fused"), md);
        assertEquals(features.at("/models/0/plain/CAM/meanIou").asDouble(), f.at("/models/0/plain/CAM/meanIou").asDouble());
        for (String method : new String[] {"GRAD_CAM", "LAYER_CAM"}) {
            for (String figure : new String[] {"/plain/" + method + "/meanIou", "/faithfulness/" + method + "/insertionAuc"}) {
                double fusedValue = f.at("/models/0" + figure).asDouble(Double.NaN);
                assertTrue(Double.isFinite(fusedValue), figure);
                assertNotEquals(one.at("/models/0" + figure).asDouble(), fusedValue, figure);
                assertNotEquals(features.at("/models/0" + figure).asDouble(), fusedValue, figure);
            }
        }
    }

    /**
     * Smooth Grad-CAM++ is measured at two layers (it had been refused: its noisy copies ran at one layer only), on 10
     * canvases: its figures are finite and differ from those of its maps at the first layer alone (same seed, same
     * canvases, same noise: equal maps would give equal figures to the bit).
     */
    @Test
    void measuresSmoothGradCamPlusPlusAtSeveralLayers() throws Exception {
        String[] common = {"evaluate", "--model", POOLED.toString(), "--data", SharedData.mnist().toString(), "--limit",
            "10", "--faithfulness", "2", "--also", "smoothgradcam++"};
        Run fused = run(with(common, "--also-at", "conv2d_1/Relu,conv2d_2/Relu", "--out", tmp.resolve("sg-fused")
                .toString()));
        Run first = run(with(common, "--also-at", "conv2d_1/Relu", "--out", tmp.resolve("sg-first").toString()));
        assertEquals(0, fused.code(), fused.err());
        assertEquals(0, first.code(), first.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode f = json.readTree(tmp.resolve("sg-fused/report.json").toFile());
        JsonNode one = json.readTree(tmp.resolve("sg-first/report.json").toFile());
        for (String figure : new String[] {"/plain/SMOOTH_GRAD_CAM_PLUS_PLUS/meanIou",
            "/faithfulness/SMOOTH_GRAD_CAM_PLUS_PLUS/insertionAuc"}) {
            double fusedValue = f.at("/models/0" + figure).asDouble(Double.NaN);
            assertTrue(Double.isFinite(fusedValue), figure + " in " + f);
            assertNotEquals(one.at("/models/0" + figure).asDouble(), fusedValue, figure);
        }
    }

    private static String[] with(String[] common, String... more) {
        String[] all = java.util.Arrays.copyOf(common, common.length + more.length);
        System.arraycopy(more, 0, all, common.length, more.length);
        return all;
    }

    /**
     * A list that cannot be fused is refused before any model is opened; a layer the model lacks, or of another rank,
     * is a usage error naming it.
     */
    @Test
    void refusesAnEmptyOrRepeatedLayerAndNamesAMissingOne() {
        Run repeated = run(args("repeated", "--also-at", "conv2d_1/Relu,conv2d_1/Relu"));
        assertEquals(2, repeated.code());
        assertTrue(repeated.err().contains("--also-at names conv2d_1/Relu twice"), repeated.err());
        Run empty = run(args("empty", "--also-at", "conv2d_1/Relu,"));
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("--also-at conv2d_1/Relu, holds an empty name"), empty.err());
        // The layer the graph lacks is named as the option's, a usage error (it exited 1 in the loader's words, "...
        // CAM at layers 'conv2d_1/Relu,nope' of ...: target layer nope: ..."); one of another rank is too.
        Run missing = run(args("missing", "--also-at", "conv2d_1/Relu,nope"));
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().startsWith("cam4j: error: --also-at nope is not a tensor of the model's graph: "),
                missing.err());
        assertEquals(1, missing.err().strip().lines().count(), missing.err());
        Run rank = run(args("rank", "--also-at", "conv2d_1/Relu,dense/MatMul"));
        assertEquals(2, rank.code(), rank.err());
        assertTrue(rank.err().startsWith("cam4j: error: --also-at dense/MatMul has rank 2 (shape [-1, 10]): it takes"
                + " rank-4 layers' tensors"), rank.err());
    }
}
