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
}
