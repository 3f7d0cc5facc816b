package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.model.Presets;
import io.github.cam4j.savedmodel.keras.ImportOptions;
import io.github.cam4j.savedmodel.keras.ImportedModel;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

class LocalFeaturesTest {
    @TempDir
    Path tmp;

    private static Optional<LocalFeatures> of(Path dir) {
        try (SavedModelBundle b = SavedModelBundle.load(dir.toString(), "serve")) {
            return LocalFeatures.find(b.graph(), "images:0", "features:0");
        }
    }

    @Test
    void pooledPresetReachesSevenPixelsBeforeAndTenAfterItsFourPixelCell() throws Exception {
        // conv 3x3 same: [-1, 1]; pool 2: [-1, 2], stride 2; conv 3x3 same: [-3, 4]; pool 2: [-3, 6], stride 4;
        // conv 3x3 same: [-7, 10]. An 18-pixel receptive field, the textbook figure for this stack.
        Path dir = tmp.resolve("pooled");
        TinyModels.export(Presets.resolve("pooled"), 1, dir);
        assertEquals(Optional.of(new LocalFeatures(4, -7, 10, List.of(2, 2))), of(dir));
        assertEquals(10, of(dir).orElseThrow().margin());
        assertEquals(40, of(dir).orElseThrow().cells(161), "161 -> 80 -> 40: valid pooling floors");
    }

    @Test
    void unpooledPresetReachesThreePixelsEachWay() throws Exception {
        Path dir = tmp.resolve("unpooled");
        TinyModels.export(Presets.resolve("unpooled"), 1, dir);
        assertEquals(Optional.of(new LocalFeatures(1, -3, 3, List.of())), of(dir));
    }

    @Test
    void bundledModelsQualify() {
        assertEquals(4, of(SharedData.bundledModels().resolve("mnist-pooled")).orElseThrow().stride());
        assertEquals(1, of(SharedData.bundledModels().resolve("mnist-unpooled")).orElseThrow().stride());
    }

    @Test
    void aConvolutionWithBiasDoesNotVanishOnBlankInput() throws Exception {
        // TinyModels exports Conv2D with a (random, non-zero) bias: a blank picture gives relu(bias) features.
        Path dir = tmp.resolve("tiny");
        TinyModels.export(TinyModels.tiny(), 1, dir);
        assertEquals(Optional.empty(), of(dir));
    }

    @Test
    void validConvolutionsAreNotClaimed() throws Exception {
        try (ImportedModel m = ImportedModel.open(SharedData.kerasSavedModels().resolve("mnist-conv-head-gap"),
                ImportOptions.defaults())) {
            assertEquals(Optional.empty(), LocalFeatures.find(m.graph(), m.inputTensor(), m.featuresTensor()));
        }
    }
}
