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

    /**
     * A 3x3 pooling and a 5x5 convolution after it: each window's reach counts in input pixels, the pooling's stride
     * times the convolution's padding. conv 3x3 same: [-1, 1]; pool 3: [-1, 3], stride 3; conv 5x5 same (2 before, 2
     * after): [-1 - 3 x 2, 3 + 3 x 2] = [-7, 9]. The presets' 2x2 poolings and 3x3 convolutions (one cell of padding)
     * give the same figures whether a reach is multiplied or divided by the stride.
     */
    @Test
    void reachAfterALargerPoolingIsCountedInInputPixels() {
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            var images = tf.withName("images").placeholder(org.tensorflow.types.TFloat32.class,
                    org.tensorflow.op.core.Placeholder.shape(org.tensorflow.ndarray.Shape.of(-1, 27, 27, 1)));
            var conv = tf.nn.relu(tf.nn.conv2d(images, tf.constant(org.tensorflow.ndarray.Shape.of(3, 3, 1, 2),
                    org.tensorflow.ndarray.buffer.DataBuffers.ofFloats(18)), List.of(1L, 1L, 1L, 1L), "SAME"));
            var pooled = tf.nn.maxPool(conv, tf.constant(new int[] {1, 3, 3, 1}), tf.constant(new int[] {1, 3, 3, 1}),
                    "VALID");
            tf.withName("features").nn.relu(tf.nn.conv2d(pooled, tf.constant(org.tensorflow.ndarray.Shape.of(5, 5, 2, 2),
                    org.tensorflow.ndarray.buffer.DataBuffers.ofFloats(100)), List.of(1L, 1L, 1L, 1L), "SAME"));
            Optional<LocalFeatures> found = LocalFeatures.find(g, "images:0", "features:0");
            assertEquals(Optional.of(new LocalFeatures(3, -7, 9, List.of(3))), found);
            assertEquals(9, found.orElseThrow().margin());
            assertEquals(9, found.orElseThrow().cells(28), "28 -> 9: a valid 3x3 pooling floors");
        }
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
