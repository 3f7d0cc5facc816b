package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CAM's identity (mean of features · kernel + bias = logit) is checked when a model opens for CAM. Before, features
 * named at an earlier layer with as many channels as the real ones (the ReLU before the max pooling: 28x28x8 instead
 * of 14x14x8) were taken with the classifier's kernel, and the maps did not add up to the logits, with no warning.
 */
class CamIdentityCheckTest {
    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void export() {
        model = ForeignModels.export(tmp.resolve("gap-softmax"), ForeignModels.gapClassifier(10, true));
    }

    @Test
    void anEarlierLayerIsRefusedForCamNamingTheTensorsAndValues() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamModelLoader.load(model,
                LoadOptions.defaults().withFoundOverrides("conv_relu:0", null)).close());
        assertTrue(e.getMessage().contains("features 'conv_relu:0' do not give logits 'dense_bias:0'")
                && e.getMessage().contains("mean(features)·kernel + bias is")
                && e.getMessage().contains("tolerance 0.001 of the largest logit"), e.getMessage());
        // Its own type, carrying the name as given, for the command line to say it in --features' words.
        CamIdentityException named = assertInstanceOf(CamIdentityException.class, e);
        assertEquals("conv_relu:0", named.tensor());
        assertEquals(8, named.channels());
    }

    @Test
    void gradCamTakesThatLayer() throws Exception {
        try (CamModel m = CamModelLoader.load(model, LoadOptions.defaults().withGradCam()
                .withFoundOverrides("conv_relu:0", null))) {
            assertEquals("conv_relu:0", m.tensors().features());
        }
    }

    @Test
    void theFeaturesFoundPass() throws Exception {
        try (CamModel m = CamModelLoader.load(model, LoadOptions.defaults())) {
            assertEquals("features:0", m.tensors().features());
        }
    }

    /**
     * A model that takes any size but needs pictures larger than the first probe (a 40x40 'valid' convolution; Keras'
     * InceptionV3 needs 75 pixels) is probed at a larger side, not refused: the first probe of 32x32 failed with
     * "Computed output size would be negative" and the model, CAM-ready by inspect, could not be opened for CAM.
     */
    @Test
    void aModelNeedingLargerPicturesIsProbedLargerNotRefused() throws Exception {
        Path large = ForeignModels.export(tmp.resolve("large-valid"), (tf, random, in, out) -> {
            var x = ForeignModels.images(tf, -1, -1, -1, 1);
            in.put("x", x);
            var conv = tf.withName("features").nn.relu(tf.nn.conv2d(x, ForeignModels.weights(tf, random, "big_kernel",
                    0.05f, 40, 40, 1, ForeignModels.K), java.util.List.of(1L, 1L, 1L, 1L), "VALID"));
            out.put("y", tf.withName("probs").nn.softmax(ForeignModels.dense(tf, random, ForeignModels.gap(tf, conv),
                    ForeignModels.K, 10)));
        });
        try (CamModel m = CamModelLoader.load(large, LoadOptions.defaults())) {
            assertEquals("features:0", m.tensors().features());
        }
    }
}
