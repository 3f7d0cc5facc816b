package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cli.Cam4j;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.savedmodel.CamContract;
import io.github.cam4j.savedmodel.CamModelExporter;
import io.github.cam4j.savedmodel.ContractWeights;
import io.github.cam4j.savedmodel.ModelMetadata;
import io.github.cam4j.testing.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * A step of the cascading randomisation whose model fails on the canvases costs that step, not the model's evaluation.
 * The bundled pooled model with conv2d_1's kernel times 3e36 and conv2d_2's divided by it computes the same function
 * (both ReLU convolutions without biases), its activations between the two near 1e38; the twin, every layer re-drawn,
 * is an ordinary model. Re-drawing conv2d_2 on top of the trained conv2d_1 takes the logits past a float's range:
 * "model .../cascade-2 gave NaN logits for image test digit 0's plain canvas", and that ended the whole evaluation, its
 * localisation and faithfulness measured and lost.
 */
class CascadeStepFailureTest {
    @TempDir
    Path tmp;

    /** @return the pooled model with its activations between conv2d_1 and conv2d_2 scaled by {@code scale} */
    private static Path scaledPooled(Path dir, float scale) throws Exception {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        Sequential architecture = RandomizedModel.architecture(pooled).orElseThrow();
        Map<String, float[]> weights = new HashMap<>(ContractWeights.read(pooled, architecture));
        // Products and quotients by the same float: exact up to rounding, so the model computes what it did.
        weights.put("conv2d_1_kernel", scaled(weights.get("conv2d_1_kernel"), scale));
        weights.put("conv2d_2_kernel", scaled(weights.get("conv2d_2_kernel"), 1 / scale));
        ModelMetadata m = ModelMetadata.read(pooled.resolve("assets").resolve(CamContract.METADATA_ASSET));
        CamModelExporter.export(architecture, weights, new ModelMetadata(m.format(), m.cam4jVersion(), m.name(),
                m.architecture(), m.input(), m.labels(), null, null, null), dir);
        return dir;
    }

    private static float[] scaled(float[] values, float by) {
        float[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= by;
        }
        return out;
    }

    @Test
    void aStepWhoseModelFailsIsNotMeasuredAndTheEvaluationGoesOn() throws Exception {
        Path model = scaledPooled(tmp.resolve("scaled"), 3e36f);
        Path out = tmp.resolve("report");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        CommandLine cli = Cam4j.commandLine();
        cli.setOut(new PrintWriter(stdout));
        cli.setErr(new PrintWriter(stderr));
        int code = cli.execute("evaluate", "--model", model.toString(), "--data", SharedData.mnist().toString(),
                "--limit", "10", "--faithfulness", "0", "--out", out.toString());
        assertEquals(0, code, stderr.toString());
        String console = stdout.toString();
        assertTrue(console.contains("cascading randomisation (mean Spearman with the trained maps, layers re-drawn from"
                + " the classifier down): dense "), console);
        assertTrue(console.contains(", then conv2d_2 not measured (its model failed on a canvas, see report.md), then"
                + " conv2d_1 "), console);

        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| dense, conv2d_2 | not measured: with dense, conv2d_2 re-drawn (the layers below"
                + " trained) the model failed on a canvas: the step's model gave "), md);
        assertTrue(md.contains("gave NaN logits for image test digit "), md);
        // The other steps measured on the 10 canvases; the header counts them, not the failed step's none.
        assertTrue(md.contains("correlation of the trained maps with each step's over the first 10 canvases."), md);
        assertTrue(md.contains("| dense | -"), md);
        assertTrue(md.contains("| dense, conv2d_2, conv2d_1, conv2d | -"), md);
        // A step without a correlation has no point on the chart: none is drawn, as for a step of constant maps.
        assertTrue(!md.contains("![cascading randomisation]") && !Files.exists(out.resolve("scaled-cascade.png")), md);

        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(out.resolve("report.json").toFile());
        com.fasterxml.jackson.databind.JsonNode cascade = json.path("models").get(0).path("cascade");
        assertEquals(4, cascade.size(), cascade.toString());
        assertEquals(0, cascade.get(1).path("spearman").path("canvases").asInt());
        assertTrue(cascade.get(1).path("spearman").path("mean").isNull(), cascade.toString());
        String why = cascade.get(1).path("notMeasured").asText();
        assertTrue(why.startsWith("with dense, conv2d_2 re-drawn"), why);
        // Not by its temporary folder, deleted by the time the report is read.
        assertTrue(why.contains("failed on a canvas: the step's model gave NaN logits") && !why.contains("cascade-2"),
                why);
        for (int k : new int[] {0, 2, 3}) {
            // A step measured carries no notMeasured key, as reports before it.
            assertTrue(cascade.get(k).path("notMeasured").isMissingNode(), cascade.get(k).toString());
            assertEquals(10, cascade.get(k).path("spearman").path("canvases").asInt());
        }
        // The evaluation's own figures are the model's: it reads every one of these digits.
        assertEquals(1.0, json.path("models").get(0).path("accuracy").asDouble());
    }
}
