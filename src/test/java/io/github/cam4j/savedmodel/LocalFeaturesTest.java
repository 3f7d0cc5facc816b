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

    /**
     * Wider kernels and a pooling of 3, where a stride times a padding differs from the stride over it (the 3x3 presets
     * pad 1 and cannot tell): conv 5x5 same [-2, 2]; pool 3: [-2, 4], stride 3; conv 5x5 same: [-2 - 3x2, 4 + 3x2] =
     * [-8, 10]; pool 2: [-8, 13], stride 6. No bias, so a blank crop stays blank.
     */
    @Test
    void fiveByFiveConvolutionsAndAPoolingOfThreeReachByTheirStrides() {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            var images = tf.withName("images").placeholder(org.tensorflow.types.TFloat32.class,
                    org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, -1, -1, 1)));
            List<Long> one = List.of(1L, 1L, 1L, 1L);
            var conv1 = tf.nn.relu(tf.nn.conv2d(images, tf.constant(new float[5][5][1][2]), one, "SAME"));
            var pool1 = tf.nn.maxPool(conv1, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 3, 3, 1}),
                    "VALID");
            var conv2 = tf.nn.relu(tf.nn.conv2d(pool1, tf.constant(new float[5][5][2][2]), one, "SAME"));
            tf.withName("features").nn.maxPool(conv2, tf.constant(new int[] {1, 2, 2, 1}),
                    tf.constant(new int[] {1, 2, 2, 1}), "VALID");
            LocalFeatures found = LocalFeatures.find(g, "images:0", "features:0").orElseThrow();
            assertEquals(new LocalFeatures(6, -8, 13, List.of(3, 2)), found);
            assertEquals(13, found.margin());
            assertEquals(16, found.cells(100), "100 -> 33 -> 16");
        }
    }
}
