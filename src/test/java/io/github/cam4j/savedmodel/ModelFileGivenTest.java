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
        assertEquals(file + " is a file, not a SavedModel folder; give the folder that holds saved_model.pb",
                refusal(file));
        assertEquals("model folder " + tmp.resolve("absent") + " does not exist or is not a folder",
                refusal(tmp.resolve("absent")));
    }

    /**
     * A missing folder named as a bundled model, as README's Java block names one in a checkout, given by an
     * application that holds only the jar: told how to ask for the bundled copy, which the command line takes by name
     * itself.
     */
    @Test
    void aMissingFolderOfABundledModelsNameIsToldOfBundledModelsLocate() throws Exception {
        Path missing = tmp.resolve("saved_models").resolve("mnist-pooled");
        assertEquals("model folder " + missing + " does not exist or is not a folder; cam4j bundles a model of that"
                + " name: BundledModels.locate(\"mnist-pooled\") gives its copy from any working folder",
                refusal(missing));
        assertEquals("model folder " + tmp.resolve("mnist-pooledx") + " does not exist or is not a folder",
                refusal(tmp.resolve("mnist-pooledx")));
        try (CamSession located = CamSession.builder().setModel(BundledModels.locate("mnist-pooled",
                tmp.resolve("cache"))).build()) {
            assertEquals(10, located.model().classes(), "the advice opens the model");
        }
    }

    /**
     * A model whose saved_model.pb is not a regular file is named for what it is: a FIFO there was "it has no
     * saved_model.pb".
     */
    @Test
    void aModelFileThatIsNotARegularFileIsNamedForWhatItIs() throws Exception {
        Path fifoModel = Files.createDirectories(tmp.resolve("fifo-model"));
        mkfifo(fifoModel.resolve("saved_model.pb"));
        assertEquals("model file " + fifoModel.resolve("saved_model.pb") + " is a FIFO (named pipe), not a regular file",
                refusal(fifoModel));
    }

    /**
     * An assets/cam4j.json that is not a regular file (a dangling link, a directory, a FIFO) was taken for no metadata,
     * so the model loaded with default labels and scaling: it is refused naming the path and what it is.
     */
    @Test
    void aMetadataFileThatIsNotARegularFileIsRefused() throws Exception {
        Path model = tmp.resolve("tiny");
        io.github.cam4j.testing.TinyModels.export(io.github.cam4j.testing.TinyModels.tiny(), 11, model);
        Path json = model.resolve("assets").resolve("cam4j.json");
        Files.delete(json);
        Files.createSymbolicLink(json, tmp.resolve("gone.json"));
        assertEquals("model metadata " + json + " is a link to a missing file, not a regular file", refusal(model));
        Files.delete(json);
        Files.createDirectory(json);
        assertEquals("model metadata " + json + " is a directory, not a regular file", refusal(model));
        Files.delete(json);
        mkfifo(json);
        assertEquals("model metadata " + json + " is a FIFO (named pipe), not a regular file", refusal(model));
    }

    static void mkfifo(Path path) throws Exception {
        Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo " + path);
    }

    private static String refusal(Path model) {
        return assertThrows(ModelLoadException.class, () -> CamSession.builder().setModel(model).build().close())
                .getMessage();
    }
}
