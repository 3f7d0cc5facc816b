package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SavedModelCopies;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model with a Keras {@code Rescaling(1/255)} inside whose cam4j metadata says to scale pixels by 1/255 as well (an
 * export written before export_cam.py refused it, or metadata written by hand) was fed 0..0.0039 of every picture
 * without a word, where the import route refuses {@code --pixel-scale 1/255} on the same model. The folders used here
 * were written by Keras 3.15 (python-export/make_test_models.py): contract exports whose Rescaling sits inside a
 * nested Sequential or whose Normalization was adapted on raw pixels, and a plain {@code model.export} with its
 * Rescaling at the top.
 */
class DoubleRescalingTest {
    private static final Path NESTED_CONTRACT = Path.of("src/test/resources/keras3/nested-cam-export");
    private static final Path NORMALIZED_CONTRACT = Path.of("src/test/resources/keras3/normalized-cam-export");
    private static final Path KERAS_EXPORT = Path.of("src/test/resources/keras3/keras-export");
    private static final Path NORMALIZED_EXPORT = Path.of("src/test/resources/keras3/normalized-export");

    @TempDir
    Path tmp;

    @Test
    void aContractModelWhoseMetadataScalesPixelsItRescalesItselfIsRefusedNamingBoth() throws Exception {
        Path copy = SavedModelCopies.copyWithout(NESTED_CONTRACT, tmp.resolve("nested"), "");
        Path metadata = copy.resolve("assets/cam4j.json");
        String json = Files.readString(metadata);
        assertTrue(json.contains("\"pixelScale\": 1.0"), json);
        Files.writeString(metadata, json.replace("\"pixelScale\": 1.0", "\"pixelScale\": 0.003921569"));

        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CamModelLoader.load(copy, LoadOptions.defaults()).close());
        String m = e.getMessage();
        assertTrue(m.startsWith(copy.toString()), m);
        assertTrue(m.contains("assets/cam4j.json") && m.contains("\"pixelScale\": 0.003921569"), m);
        assertTrue(m.contains("rescales its input itself: x * 0.00392157"), m);
        assertTrue(m.contains("write \"pixelScale\": 1"), m);
        // Gradient methods open the same inlined graph: refused alike.
        assertThrows(ModelLoadException.class,
                () -> CamModelLoader.load(copy, LoadOptions.defaults().withGradCam()).close());

        // Raw pixels, as the unedited export is fed: the metadata mended, or the scale given over it.
        try (CamModel fixed = CamModelLoader.load(copy, LoadOptions.defaults().withPixelScale(1f));
                CamModel original = CamModelLoader.load(NESTED_CONTRACT, LoadOptions.defaults())) {
            assertEquals(1f, fixed.input().pixelScale());
            assertEquals(original.input(), fixed.input());
        }
        Files.writeString(metadata, json);
        try (CamModel mended = CamModelLoader.load(copy, LoadOptions.defaults())) {
            assertEquals(1f, mended.input().pixelScale());
        }
    }

    @Test
    void preprocessingGivenForAContractModelThatRescalesItsInputItselfIsRefused() {
        // --preprocess tf scales pixels to -1..1, which the model's own Rescaling(1/255) then takes to +-0.0039.
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamModelLoader.load(NESTED_CONTRACT,
                LoadOptions.defaults().withPreprocessing(PixelPreprocessing.TF)).close());
        assertTrue(e.getMessage().startsWith("--preprocess tf") && e.getMessage().contains("rescales its input itself"),
                e.getMessage());
    }

    @Test
    void aContractModelThatStandardisesRawPixelsItselfIsRefusedLikewise() throws Exception {
        // A Normalization adapted on the uint8 pictures, no Rescaling: fed 0..1, every value sits near -mean/std.
        Path copy = SavedModelCopies.copyWithout(NORMALIZED_CONTRACT, tmp.resolve("normalized"), "");
        Path metadata = copy.resolve("assets/cam4j.json");
        Files.writeString(metadata, Files.readString(metadata).replace("\"pixelScale\": 1.0", "\"pixelScale\": 0.003921569"));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CamModelLoader.load(copy, LoadOptions.defaults()).close());
        assertTrue(e.getMessage().contains("standardises its input itself by statistics of the raw pixels"),
                e.getMessage());
        try (CamModel asExported = CamModelLoader.load(NORMALIZED_CONTRACT, LoadOptions.defaults())) {
            assertEquals(1f, asExported.input().pixelScale());
        }
    }

    @Test
    void metadataWrittenBesideAnImportedModelThatRescalesItsInputIsCheckedToo() throws Exception {
        Path copy = SavedModelCopies.copyWithout(KERAS_EXPORT, tmp.resolve("imported"), "");
        Files.createDirectories(copy.resolve("assets"));
        Files.writeString(copy.resolve("assets/cam4j.json"), """
                {"format": "cam4j-savedmodel/1",
                 "input": {"height": 28, "width": 28, "channels": 1, "pixelScale": 0.003921569, "pixelOffset": 0.0,
                           "lightOnDark": true},
                 "labels": ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]}
                """);
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CamModelLoader.load(copy, LoadOptions.defaults()).close());
        assertTrue(e.getMessage().contains("\"pixelScale\": 0.003921569")
                && e.getMessage().contains("rescales its input itself"), e.getMessage());

        // Metadata that feeds it raw pixels, as import itself would, is taken.
        Files.writeString(copy.resolve("assets/cam4j.json"), """
                {"format": "cam4j-savedmodel/1",
                 "input": {"height": 28, "width": 28, "channels": 1, "pixelScale": 1.0, "pixelOffset": 0.0,
                           "lightOnDark": true},
                 "labels": ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]}
                """);
        try (CamModel m = CamModelLoader.load(copy, LoadOptions.defaults())) {
            assertEquals(1f, m.input().pixelScale());
        }
    }

    @Test
    void aContractModelWithoutARescalingKeepsItsScaledPixels() throws Exception {
        // The bundled models are trained on pixels scaled to 0..1 and have no rescaling: nothing to refuse.
        try (CamModel m = CamModelLoader.load(Path.of("saved_models/mnist-pooled"), LoadOptions.defaults())) {
            assertEquals(1f / 255f, m.input().pixelScale(), 1e-9f);
        }
    }

    /**
     * An imported model without metadata whose Normalization was adapted on the 8-bit pictures, given
     * {@code --pixel-scale 1/255}: it standardised 0..1 into a nearly flat picture and read the first test digit, a 7,
     * as a 1 at p=0.96, exit 0, where the same option on a model with a Rescaling(1/255) was refused.
     */
    @Test
    void anImportedModelThatStandardisesRawPixelsIsRefusedAScaleAsOneThatRescalesThem() throws Exception {
        for (LoadOptions options : new LoadOptions[] {LoadOptions.defaults(), LoadOptions.defaults().withGradCam()}) {
            ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamModelLoader.load(NORMALIZED_EXPORT,
                    options.withPixelScale(1f / 255f)).close());
            String m = e.getMessage();
            assertTrue(m.startsWith("--pixel-scale 0.003921569 (LoadOptions.withPixelScale) takes pixels to 0.0..1.0, but "
                    + NORMALIZED_EXPORT + " standardises its input itself by statistics of the raw pixels 0..255"), m);
            assertTrue(m.endsWith("; leave the option out: cam4j feeds this model raw pixels, 0..255 ('cam4j inspect'"
                    + " shows it)"), m);
        }
        // A scale that leaves the pixels 0..255, as import feeds them, is taken.
        try (CamModel m = CamModelLoader.load(NORMALIZED_EXPORT, LoadOptions.defaults().withPixelScale(1f))) {
            assertEquals(1f, m.input().pixelScale());
        }
    }
}
