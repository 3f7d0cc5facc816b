package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.Presets;
import io.github.cam4j.model.Sequential;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.types.TFloat32;

class CamModelExporterTest {

    @TempDir
    Path tmp;

    static ModelMetadata metadata(Sequential model) {
        return new ModelMetadata(CamContract.FORMAT, "test", model.name(), ModelMetadata.parseTree(model.toJson()),
                InputSpec.mnist(), List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), null, null, null);
    }

    /**
     * TensorFlow Serving, started with {@code --enable_signature_method_name_check}, refuses a Predict call on a
     * signature whose method name is not Predict's; Python's {@code tf.saved_model.save} writes it on every signature.
     */
    static void assertEveryMethodIsPredict(Map<String, SignatureDef> signatures, Path model) {
        for (Map.Entry<String, SignatureDef> signature : signatures.entrySet()) {
            assertEquals("tensorflow/serving/predict", signature.getValue().getMethodName(),
                    model + ": signature " + signature.getKey());
        }
    }

    @Test
    void theBundledModelsSignaturesAreServedByPredictEvenWhereMethodNamesAreChecked() {
        for (String name : BundledModels.NAMES) {
            Path dir = SharedData.bundledModels().resolve(name);
            try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), CamContract.TAG)) {
                Map<String, SignatureDef> signatures = bundle.metaGraphDef().getSignatureDefMap();
                assertEquals(3, signatures.size(), signatures.keySet().toString());
                assertEveryMethodIsPredict(signatures, dir);
            }
        }
    }

    @Test
    void exportedModelCarriesTheContractAndReloadsWithTheWeightsItWasGiven() throws Exception {
        Sequential model = Presets.resolve("pooled");
        Map<String, float[]> weights = model.initialWeights(7);
        Path dir = tmp.resolve("m");
        CamModelExporter.export(model, weights, metadata(model), dir);

        assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
        assertTrue(Files.isRegularFile(dir.resolve("assets").resolve(CamContract.METADATA_ASSET)));
        assertEquals("pooled", ModelMetadata.read(dir.resolve("assets").resolve(CamContract.METADATA_ASSET)).name());

        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), CamContract.TAG)) {
            Map<String, SignatureDef> sigs = bundle.metaGraphDef().getSignatureDefMap();
            assertTrue(sigs.keySet().containsAll(List.of("serving_default", "cam", "cam_weights")), sigs.keySet().toString());
            assertEveryMethodIsPredict(sigs, dir);
            SignatureDef cam = sigs.get("cam");
            assertEquals(List.of("features", "logits", "probabilities"), cam.getOutputsMap().keySet().stream().sorted().toList());
            Session s = bundle.session();
            // The classifier kernel read back equals the one exported: the checkpoint holds the given weights.
            try (Result r = s.runner().fetch(sigs.get("cam_weights").getOutputsOrThrow("kernel").getName()).run()) {
                assertArrayEquals(weights.get("dense_kernel"), TensorData.toArray(r.get(0)));
                assertEquals(Shape.of(128, 10), r.get(0).shape());
            }
            // Height and width are open: a 40x33 image runs, and features keep the pooled resolution.
            float[] pixels = new float[40 * 33];
            new Random(1).nextBytes(new byte[1]);
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (i % 7) / 7f;
            }
            try (TFloat32 x = TensorData.floats(Shape.of(1, 40, 33, 1), pixels);
                    Result r = s.runner().feed(cam.getInputsOrThrow("images").getName(), x)
                            .fetch(cam.getOutputsOrThrow("features").getName())
                            .fetch(cam.getOutputsOrThrow("probabilities").getName()).run()) {
                assertEquals(Shape.of(1, 10, 8, 128), r.get(0).shape());
                float sum = 0;
                for (float p : TensorData.toArray(r.get(1))) {
                    sum += p;
                }
                assertEquals(1f, sum, 1e-5f, "probabilities sum to one");
            }
        }
    }

    @Test
    void refusesToOverwriteAnExistingFolder() throws IOException {
        Sequential model;
        try {
            model = Presets.resolve("pooled");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        Path dir = Files.createDirectories(tmp.resolve("exists"));
        Files.writeString(dir.resolve("keep.txt"), "user data");
        IOException e = assertThrows(IOException.class,
                () -> CamModelExporter.export(model, model.initialWeights(1), metadata(model), dir));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertEquals("user data", Files.readString(dir.resolve("keep.txt")));
    }

    /**
     * Replacing (train --force) happens only once the new model is whole: an export that fails leaves the old folder
     * as it was (train deleted it before exporting, so a failure or a kill during the export lost both), and one that
     * succeeds leaves the new model alone in the folder and no staging folder beside it.
     */
    @Test
    void replacesAnExistingModelOnlyOnceTheNewOneIsWhole() throws Exception {
        Sequential model = Presets.resolve("pooled");
        Path dir = Files.createDirectories(tmp.resolve("replaced"));
        Files.writeString(dir.resolve("old.txt"), "the old model");
        java.util.Map<String, float[]> broken = new java.util.HashMap<>(model.initialWeights(1));
        broken.remove(broken.keySet().iterator().next());
        assertThrows(IllegalArgumentException.class, () -> CamModelExporter.export(model, broken, metadata(model), dir,
                true));
        assertEquals("the old model", Files.readString(dir.resolve("old.txt")), "a failed export keeps the old folder");

        CamModelExporter.export(model, model.initialWeights(1), metadata(model), dir, true);
        assertTrue(Files.isRegularFile(dir.resolve("saved_model.pb")));
        assertFalse(Files.exists(dir.resolve("old.txt")), "the old folder's files are gone");
        try (var siblings = Files.list(tmp)) {
            assertEquals(List.of("replaced"), siblings.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging folder left");
        }
    }
}
