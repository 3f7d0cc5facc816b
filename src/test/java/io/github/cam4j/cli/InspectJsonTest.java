package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cam4j inspect --json}: what the description says, as values a program reads without parsing sentences, and
 * the description itself, the same text inspect prints without {@code --json}.
 */
class InspectJsonTest {
    /** Every document has these keys, in this order, whatever the model; what a kind of model lacks is null. */
    private static final List<String> KEYS = List.of("model", "path", "format", "signature", "signatures", "cam_ready",
            "cam_refusal", "cam", "grad_cam", "metadata", "feature_grid", "gradient_layers", "input", "layers",
            "description");

    private static JsonNode document(CliRun run) throws Exception {
        assertEquals(0, run.exitCode(), run.err());
        return new ObjectMapper().readTree(run.out());
    }

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** @return the names of a document's gradient_layers, as --features takes them */
    private static List<String> layerNames(JsonNode document) {
        List<String> names = new ArrayList<>();
        document.get("gradient_layers").forEach(l -> names.add(l.get("name").asText()));
        return names;
    }

    /** @return a tensor's op: {@code a/b:0} is op {@code a/b} */
    private static String opName(JsonNode tensor) {
        String t = tensor.asText();
        return t.substring(0, t.lastIndexOf(':'));
    }

    /**
     * @return a copy of the foreign SavedModel {@code source} at {@code model}, with a metadata asset beside it
     *     ({@code assets/cam4j.json}, as python-export writes one) saying a 28x28 grey input of light ink, fed at
     *     {@code pixel x scale + offset}
     */
    private static Path withMetadata(Path source, Path model, String scale, String offset) throws Exception {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                java.nio.file.Files.copy(f, model.resolve(source.relativize(f).toString()));
            }
        }
        java.nio.file.Files.createDirectories(model.resolve("assets"));
        java.nio.file.Files.writeString(model.resolve("assets/cam4j.json"), """
                {"format": "cam4j-savedmodel/1",
                 "input": {"height": 28, "width": 28, "channels": 1, "pixelScale": %s, "pixelOffset": %s,
                           "lightOnDark": true},
                 "labels": ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]}
                """.formatted(scale, offset));
        return model;
    }

    @Test
    void aCam4jModelsFindingsAreValuesAndItsDescriptionIsInspectsText() throws Exception {
        String pooled = SharedData.bundledModels().resolve("mnist-pooled").toString();
        JsonNode d = document(CliRun.of("inspect", "--model", pooled, "--json"));
        assertEquals(KEYS, keys(d));
        assertEquals("cam4j", d.get("format").asText());
        assertEquals("cam", d.get("signature").asText());
        assertEquals(pooled, d.get("model").asText());
        assertEquals(Path.of(pooled).toAbsolutePath().normalize().toString(), d.get("path").asText());
        assertTrue(d.get("cam_ready").asBoolean());
        assertTrue(d.get("cam_refusal").isNull());
        JsonNode cam = d.get("cam");
        assertEquals("images:0", cam.get("input").asText());
        assertEquals("features:0", cam.get("features").asText());
        assertEquals("logits:0", cam.get("logits").asText());
        assertEquals("classifier_kernel:0", cam.get("kernel_tensor").asText());
        assertEquals("classifier_bias:0", cam.get("bias_tensor").asText());
        assertEquals("[128,10]", cam.get("kernel").toString());
        assertTrue(d.get("grad_cam").get("applies").asBoolean());
        // The signatures, sorted by name, each tensor with its graph name, dtype and shape (-1 where open).
        List<String> names = new ArrayList<>();
        d.get("signatures").forEach(s -> names.add(s.get("name").asText()));
        assertEquals(List.of("cam", "cam_weights", "serving_default"), names);
        JsonNode features = d.get("signatures").get(0).get("outputs").get(0);
        assertEquals("features", features.get("key").asText());
        assertEquals("features:0", features.get("tensor").asText());
        assertEquals("DT_FLOAT", features.get("dtype").asText());
        assertEquals("[-1,-1,-1,128]", features.get("shape").toString());
        // The metadata asset as the model carries it: its labels and the accuracy its description gives.
        assertEquals(10, d.get("metadata").get("labels").size());
        assertEquals("pooled", d.get("metadata").get("name").asText());
        assertEquals(4.0, d.get("feature_grid").get("stride_y").asDouble(), 0);
        assertEquals(1.5, d.get("feature_grid").get("offset_x").asDouble(), 0);
        JsonNode last = null;
        for (JsonNode layer : d.get("gradient_layers")) {
            last = layer;
        }
        assertEquals("conv2d_2/Relu", last.get("name").asText());
        assertEquals("[-1,-1,-1,128]", last.get("shape").toString());
        assertTrue(last.get("gradients").asBoolean());
        // Fed as its metadata says, 1/255 as a float; its layers are the metadata's Keras config, not a graph chain.
        assertEquals("{\"pixel_scale\":0.003921569,\"pixel_offset\":0.0,\"assumed\":false,\"model_rescaling\":null,"
                + "\"model_standardization\":null}", d.get("input").toString());
        assertTrue(d.get("layers").isNull());
        // The description is inspect's own text, to the character: nothing said one way is missing the other.
        CliRun text = CliRun.of("inspect", "--model", pooled);
        assertEquals(0, text.exitCode(), text.err());
        assertEquals(text.out(), d.get("description").asText());
    }

    @Test
    void aForeignModelSaysWhetherCamOrElseGradCamApplies() throws Exception {
        String head = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString();
        JsonNode ready = document(CliRun.of("inspect", "--model", head, "--json"));
        assertEquals(KEYS, keys(ready));
        assertEquals("foreign", ready.get("format").asText());
        assertEquals("serving_default", ready.get("signature").asText());
        assertTrue(ready.get("cam_ready").asBoolean());
        assertEquals("[64,10]", ready.get("cam").get("kernel").toString());
        assertTrue(ready.get("cam").get("features").asText().endsWith("/MaxPool2d:0"), ready.toString());
        assertTrue(ready.get("metadata").isNull(), ready.toString());
        // Where its cells sit, as for a cam4j model: two 2x2 poolings and two valid 3x3 convolutions, a cell every 4
        // pixels, the first centred at 4.5.
        assertEquals("{\"stride_y\":4.0,\"stride_x\":4.0,\"offset_y\":4.5,\"offset_x\":4.5}",
                ready.get("feature_grid").toString());
        assertTrue(layerNames(ready).contains(opName(ready.get("grad_cam").get("features"))), ready.toString());
        assertEquals(CliRun.of("inspect", "--model", head).out(), ready.get("description").asText());
        // It rescales its input itself (a Keras Rescaling(1/255)): cam4j feeds it raw pixels, as the description says.
        JsonNode input = ready.get("input");
        assertEquals(1.0, input.get("pixel_scale").asDouble(), 0);
        assertTrue(!input.get("assumed").asBoolean() && input.get("model_standardization").isNull(), input.toString());
        assertEquals(1 / 255.0, input.get("model_rescaling").get("scale").asDouble(), 1e-9);
        assertTrue(input.get("model_rescaling").get("layer").asText().endsWith("rescaling_1/mul"), input.toString());
        // The layer chain, as the description lists it: the input first, the features and logits CAM reads on it.
        JsonNode layers = ready.get("layers");
        assertEquals("Placeholder", layers.get(0).get("op").asText());
        assertEquals("[-1,28,28,1]", layers.get(0).get("shape").toString());
        List<String> chain = new ArrayList<>();
        layers.forEach(l -> chain.add(l.get("tensor").asText()));
        assertTrue(chain.contains(ready.get("cam").get("features").asText()), chain.toString());
        assertTrue(chain.contains(ready.get("cam").get("logits").asText()), chain.toString());
        JsonNode features = layers.get(chain.indexOf(ready.get("cam").get("features").asText()));
        assertEquals("MaxPool", features.get("op").asText());
        assertEquals("[-1,5,5,64]", features.get("shape").toString());
        for (JsonNode l : layers) {
            assertTrue(ready.get("description").asText().contains(l.get("tensor").asText()), l.toString());
        }

        String flatten = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").toString();
        JsonNode refused = document(CliRun.of("inspect", "--model", flatten, "--json"));
        assertEquals(KEYS, keys(refused));
        assertTrue(!refused.get("cam_ready").asBoolean() && refused.get("cam").isNull(), refused.toString());
        assertTrue(refused.get("cam_refusal").asText().contains("no global average pooling"), refused.toString());
        JsonNode gradCam = refused.get("grad_cam");
        assertTrue(gradCam.get("applies").asBoolean() && gradCam.get("refusal").isNull(), gradCam.toString());
        assertTrue(gradCam.get("features").asText().endsWith("FusedBatchNormV3:0"), gradCam.toString());
        assertTrue(gradCam.get("logits").asText().endsWith("dense_1/BiasAdd:0"), gradCam.toString());
        // The layers the gradient methods take hold the one they take by default: its last batch norm, which ends a
        // convolution as a bias does (batch norms were left out of the list).
        List<String> taken = layerNames(refused);
        assertTrue(taken.contains(opName(gradCam.get("features"))), taken.toString());
        assertEquals(3, taken.stream().filter(n -> n.endsWith("FusedBatchNormV3")).count(), taken.toString());
        // Nothing in its graph says how its input is scaled: 0..1 is assumed, and the document says it is.
        assertEquals("{\"pixel_scale\":0.003921569,\"pixel_offset\":0.0,\"assumed\":true,\"model_rescaling\":null,"
                + "\"model_standardization\":null}", refused.get("input").toString());
        assertTrue(refused.get("layers").size() > 5, refused.toString());
    }

    /** A failure prints no document, not half of one: standard output stays empty and the error line says why. */
    @Test
    void anErrorPrintsNoDocument(@TempDir Path tmp) {
        String pooled = SharedData.bundledModels().resolve("mnist-pooled").toString();
        CliRun signature = CliRun.of("inspect", "--model", SharedData.kerasSavedModels().resolve("mnist-flatten-dense")
                .toString(), "--signature", "nope", "--json");
        assertEquals(2, signature.exitCode(), signature.err());
        assertEquals("", signature.out());
        // Nothing is listed above the line on standard output: the line names the signatures itself (it said "its
        // signatures are listed above" over an empty standard output).
        assertTrue(signature.err().contains("--signature nope: ") && signature.err().contains(
                " has no such signature; its signatures: serving_default (see"), signature.err());
        CliRun missing = CliRun.of("inspect", "--model", tmp.resolve("none").toString(), "--json");
        assertEquals(1, missing.exitCode(), missing.err());
        assertEquals("", missing.out());
        CliRun cam4jSignature = CliRun.of("inspect", "--model", pooled, "--signature", "serve", "--json");
        assertEquals(2, cam4jSignature.exitCode(), cam4jSignature.err());
        assertEquals("", cam4jSignature.out());
    }

    /**
     * A foreign model with metadata written beside it ({@code assets/cam4j.json}) is fed as the metadata says: explain
     * reads it over import's guess (ForeignMetadataTest). The document said what the graph alone suggests, 1/255
     * "assumed", with metadata null, for a model explain fed {@code pixel / 127.5 - 1}.
     */
    @Test
    void aForeignModelsMetadataAssetSaysHowItsPixelsAreFed(@TempDir Path tmp) throws Exception {
        Path model = withMetadata(SharedData.kerasSavedModels().resolve("mnist-flatten-dense"),
                tmp.resolve("flatten-with-metadata"), "0.007843137", "-1.0");
        JsonNode d = document(CliRun.of("inspect", "--model", model.toString(), "--json"));
        assertEquals(KEYS, keys(d));
        assertEquals("foreign", d.get("format").asText());
        JsonNode input = d.get("input");
        assertEquals(0.007843137, input.get("pixel_scale").asDouble(), 1e-9, input.toString());
        assertEquals(-1.0, input.get("pixel_offset").asDouble(), 0, input.toString());
        assertTrue(!input.get("assumed").asBoolean(), input.toString());
        assertEquals(0.007843137, d.get("metadata").path("input").path("pixelScale").asDouble(), 1e-12);
        assertTrue(d.get("description").asText().contains("note: " + model.resolve("assets/cam4j.json")
                + " is read as explain reads it, over what the graph suggests: pixel scale 0.007843137, pixel offset"
                + " -1.0, light ink on a dark ground"), d.get("description").asText());
    }

    /**
     * Metadata beside a foreign model that scales the pixels the model rescales itself (1/255 for a Rescaling(1/255)
     * inside) makes explain refuse the model. Plain inspect described it (exit 0) and --json, opening it as Grad-CAM
     * does for its feature grid, exited 1 with explain's words and no document. Now both describe it and say explain
     * refuses it; the grid and layers, which need the model opened, stay null.
     */
    @Test
    void aForeignModelWhoseMetadataExplainRefusesIsDescribedSayingSo(@TempDir Path tmp) throws Exception {
        Path model = withMetadata(Path.of("src/test/resources/keras3/keras-export"), tmp.resolve("rescaled-twice"),
                "0.003921569", "0.0");
        CliRun explain = CliRun.of("explain", "--model", model.toString(), "--method", "gradcam",
                StopSignalTest.digitPng(tmp.resolve("seven.png")).toString(), "--out", tmp.resolve("o").toString());
        assertEquals(1, explain.exitCode(), explain.err());
        String words = model + ": its metadata, assets/cam4j.json, with \"pixelScale\": 0.003921569";
        assertTrue(explain.err().contains(words), explain.err());
        JsonNode d = document(CliRun.of("inspect", "--model", model.toString(), "--json"));
        assertEquals(KEYS, keys(d));
        assertTrue(d.get("feature_grid").isNull(), d.get("feature_grid").toString());
        assertTrue(d.get("gradient_layers").isNull(), d.get("gradient_layers").toString());
        String description = d.get("description").asText();
        assertTrue(description.contains("note: explain refuses the model as it stands: " + words), description);
        CliRun plain = CliRun.of("inspect", "--model", model.toString());
        assertEquals(0, plain.exitCode(), plain.err());
        assertEquals(plain.out(), description);
    }
}
