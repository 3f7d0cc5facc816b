package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file given where a SavedModel folder belongs: "model folder X does not exist or is not a folder" of a file that
 * exists sent a Keras user with a .keras file looking for a typo.
 */
class ModelFileGivenTest {
    @TempDir
    Path tmp;

    @Test
    void aKerasFileIsToldHowToBecomeASavedModel() throws Exception {
        for (String name : new String[] {"model.keras", "weights.H5"}) {
            Path file = Files.write(tmp.resolve(name), new byte[] {'P', 'K', 3, 4});
            assertEquals(file + " is a file, not a SavedModel folder: a Keras model file, which TensorFlow Java cannot"
                    + " read; export it as a SavedModel, model.export(DIR) under Keras 3 or cam4j's"
                    + " python-export/export_cam.py, and give DIR", refusal(file));
        }
    }

    @Test
    void theSavedModelFileItselfNamesItsFolder() {
        Path pb = SharedData.bundledModels().resolve("mnist-pooled").resolve("saved_model.pb");
        assertEquals(pb + " is a file, not a SavedModel folder; give the folder that holds it, "
                + pb.toAbsolutePath().getParent(), refusal(pb));
    }

    @Test
    void anyOtherFileIsCalledAFile() throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "a model?");
        assertEquals(file + " is a file, not a SavedModel folder", refusal(file));
        assertEquals("model folder " + tmp.resolve("absent") + " does not exist or is not a folder",
                refusal(tmp.resolve("absent")));
    }

    private static String refusal(Path model) {
        return assertThrows(ModelLoadException.class, () -> CamSession.builder().setModel(model).build().close())
                .getMessage();
    }
}
