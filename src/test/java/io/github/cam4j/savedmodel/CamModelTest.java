package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CamModel} checks that the picture it will make fits the input tensor. */
class CamModelTest {
    @TempDir
    Path tmp;

    private static final TensorNames NAMES = new TensorNames("images:0", "features:0", "dense_bias:0", "probs:0");

    /**
     * Metadata saying 32x32 for an input fixed at [1, 28, 28, 1] is refused. Before, only the channels were compared,
     * and a 32x32 picture was fed to the 28x28 input, with no error.
     */
    @Test
    void aSizeThatDisagreesWithTheInputTensorIsRefused() throws Exception {
        Path model = ForeignModels.export(tmp.resolve("fixed"), ForeignModels.gapClassifier(new long[] {1, 28, 28, 1},
                10, true));
        Files.createDirectories(model.resolve("assets"));
        Files.writeString(model.resolve("assets").resolve(CamContract.METADATA_ASSET), """
                {"format": "cam4j-savedmodel/1", "name": "fixed",
                 "input": {"height": 32, "width": 32, "channels": 1, "pixelScale": 0.00392156862745098,
                           "pixelOffset": 0.0, "lightOnDark": true},
                 "labels": ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]}
                """);
        LoadOptions byNames = LoadOptions.defaults().withTensors(NAMES, "dense_kernel:0", "dense_b:0");
        for (LoadOptions options : List.of(byNames, byNames.withGradCam().withTensors(NAMES, null, null))) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamModelLoader.load(model, options)
                    .close());
            assertEquals("input tensor 'images:0' takes 28x28 pictures but the input spec (the model's metadata, or the"
                    + " input given) says 32x32", e.getMessage());
        }
        ModelLoadException given = assertThrows(ModelLoadException.class, () -> CamModelLoader.load(model,
                LoadOptions.defaults().withInput(new InputSpec(32, 32, 1, 1f / 255f, 0f, false))).close());
        assertTrue(given.getMessage().contains("takes 28x28 pictures"), given.getMessage());
        try (CamModel ok = CamModelLoader.load(model, byNames.withInput(new InputSpec(28, 28, 1, 1f / 255f, 0f, false)))) {
            assertEquals(28, ok.input().height());
        }
    }

    /**
     * The kernel column a caller reads is a copy: {@code classColumn} and {@code weights().column} handed out the
     * array every later map of the class is computed from, so a caller scaling or zeroing "its" column in place made
     * every following CAM of that class of the session's model flat, without a word. A class the model does not have
     * is named, where it was an ArrayIndexOutOfBoundsException of the kernel's rows.
     */
    @Test
    void aKernelColumnReadByTheCallerIsACopy() throws Exception {
        try (io.github.cam4j.cam.CamSession cam = io.github.cam4j.cam.CamSession.builder()
                .setModel(Path.of("saved_models/mnist-pooled")).build()) {
            CamModel model = cam.model();
            float[] digit = io.github.cam4j.testing.TestDigits.asModelInput(model, 1);
            io.github.cam4j.cam.CamResult before = cam.explainPixels(digit, 1, 28, 28, io.github.cam4j.cam.Target.of(7))
                    .get(0).first();
            assertTrue(before.rawMap().max() > 0, "the 7's map holds evidence: " + before.rawMap());
            java.util.Arrays.fill(model.classColumn(7), 0f);
            java.util.Arrays.fill(model.weights().column(7), 0f);
            io.github.cam4j.cam.CamResult after = cam.explainPixels(digit, 1, 28, 28, io.github.cam4j.cam.Target.of(7))
                    .get(0).first();
            // Exactly: the same run of the same model on the same pixels.
            assertEquals(before.rawMap(), after.rawMap());
            assertEquals("class 10 is not one of the model's 10 classes (0..9)",
                    assertThrows(IllegalArgumentException.class, () -> model.classColumn(10)).getMessage());
            assertEquals("class -1 is not one of the model's 10 classes (0..9)",
                    assertThrows(IllegalArgumentException.class, () -> model.weights().column(-1)).getMessage());
        }
    }

    /**
     * A row of another length than the model's units is refused, naming both lengths: three values given to a 10-class
     * model came back as three classes' logits, as if the model had three classes. An input of no pixels has no cells:
     * its view had edges below its start.
     */
    @Test
    void aRowOfTheWrongLengthAndAnInputOfNoPixelsAreRefused() throws Exception {
        Path pooled = Path.of("saved_models/mnist-pooled");
        try (CamModel model = CamModelLoader.load(pooled, LoadOptions.defaults())) {
            assertEquals(10, model.classLogits(new float[10]).length);
            assertEquals("unitLogits has 3 values; model " + pooled + " has 10 output units: give one image's row of"
                    + " them", assertThrows(IllegalArgumentException.class,
                            () -> model.classLogits(new float[3])).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> model.classProbabilities(new float[11]))
                    .getMessage().startsWith("unitProbabilities has 11 values; "));
            assertTrue(model.cellsOn(28, 28).isPresent());
            assertEquals("an input of height -1 and width 0 has no pixels: both must be at least 1",
                    assertThrows(IllegalArgumentException.class, () -> model.cellsOn(-1, 0)).getMessage());
        }
    }

    /**
     * An application's bundle or session closed before it is lent is said to be so: TensorFlow's own words, "close()
     * has been called on the Graph", came out of CamModel.fromBundle and fromSessionByGradients, naming neither the
     * bundle or session nor what to do.
     */
    @Test
    void aClosedBundleOrSessionGivenToTheFactoriesIsNamed() throws Exception {
        org.tensorflow.SavedModelBundle bundle = org.tensorflow.SavedModelBundle.load("saved_models/mnist-pooled", "serve");
        bundle.close();
        assertEquals("the SavedModelBundle given to CamModel.fromBundle is closed: lend a bundle while it is open, and"
                + " close it after the models made from it",
                assertThrows(IllegalStateException.class, () -> CamModel.fromBundle(bundle, InputSpec.mnist(), null))
                        .getMessage());
        // A session over a closed graph: the bundle's own, after the bundle was closed.
        {
            org.tensorflow.Session session = bundle.session();
            TensorNames names = new TensorNames("images", "features", "logits", null);
            assertEquals("the Session given to CamModel.fromSessionByGradients is closed: lend a session while it is"
                    + " open, and close it after the models made from it",
                    assertThrows(IllegalStateException.class, () -> CamModel.fromSessionByGradients(session, names,
                            ClassifierActivation.SOFTMAX, InputSpec.mnist(), null, GradientWeighting.GRAD_CAM))
                            .getMessage());
        }
    }

    /**
     * A closed model's calls that read or extend its graph name it: byGradients, inputGradients, fullGradients,
     * channelGradients and graphInputSize threw TensorFlow's bare "close() has been called on the Graph", and
     * withGradients handed out a view of the closed model.
     */
    @Test
    void aClosedModelsGraphCallsNameIt() throws Exception {
        Path pooled = Path.of("saved_models/mnist-pooled");
        CamModel byKernel = CamModelLoader.load(pooled, LoadOptions.defaults());
        CamModel byGradients = CamModelLoader.load(pooled, LoadOptions.defaults().withGradCam());
        byKernel.close();
        byGradients.close();
        String closed = "model " + pooled + " is closed: ";
        String advice = " reads its graph; call it while the model is open (close a model after what is made from it)";
        assertEquals(closed + "byGradients" + advice, assertThrows(IllegalStateException.class,
                () -> byKernel.byGradients(GradientWeighting.GRAD_CAM)).getMessage());
        assertEquals(closed + "withGradients" + advice, assertThrows(IllegalStateException.class,
                () -> byGradients.withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).getMessage());
        assertEquals(closed + "inputGradients" + advice, assertThrows(IllegalStateException.class,
                byKernel::inputGradients).getMessage());
        assertEquals(closed + "fullGradients" + advice, assertThrows(IllegalStateException.class,
                byKernel::fullGradients).getMessage());
        assertEquals(closed + "channelGradients" + advice, assertThrows(IllegalStateException.class,
                () -> byKernel.channelGradients("features")).getMessage());
        assertEquals(closed + "graphInputSize" + advice, assertThrows(IllegalStateException.class,
                byKernel::graphInputSize).getMessage());
    }
}
