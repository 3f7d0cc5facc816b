package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.IdxReader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.NotCamReadyException;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tensors a user names for an imported Keras model ({@code --features}, {@code --logits}): by the names inspection
 * prints, and refused with the right advice when the name is of probabilities.
 */
class NamedTensorsTest {
    private static final Path HEAD_GAP = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap");
    private static final Path FLATTEN_DENSE = SharedData.kerasSavedModels().resolve("mnist-flatten-dense");
    private static final String POOLED_LOGITS =
            "StatefulPartitionedCall_1/StatefulPartitionedCall/functional_1/global_average_pooling2d_1/Mean:0";

    /**
     * Inspection listed a Keras model's layers without their common scope ('StatefulPartitionedCall_1/'; it now
     * prints them in full, and a name copied from an older listing still works), and the docs
     * name layers by their short form (conv2d_1/Relu): both were "not in the inlined graph".
     */
    @Test
    void aLayerIsFoundByTheNameInspectionListsOrItsShortForm() throws Exception {
        assertEquals(11, gradCamCells(HEAD_GAP, "StatefulPartitionedCall/functional_1/og_leaky_1/LeakyRelu:0"),
                "og_leaky_1's grid, 11x11");

        assertEquals(11, gradCamCells(FLATTEN_DENSE, "conv2d_1/Relu"), "conv2d_1's grid: 3x3 valid, 2x2 pooling, 3x3"
                + " valid, 28 -> 26 -> 13 -> 11");
    }

    @Test
    void aShortNameOfSeveralLayersIsRefusedNamingThem() {
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> gradCamCells(HEAD_GAP, "LeakyRelu"));
        assertTrue(e.getMessage().contains("the features tensor 'LeakyRelu' names 3 nodes of the inlined graph")
                && e.getMessage().contains("og_leaky_1/LeakyRelu"), e.getMessage());
    }

    /**
     * The model's output (a Softmax, through an Identity) named as the logits: CAM advised Grad-CAM, and Grad-CAM
     * failed at the first picture with "Name collision in the result set" (the tensor fetched as logits and as
     * probabilities), or took gradients of probabilities. Both now refuse at open, naming the Softmax's input.
     */
    @ParameterizedTest
    @ValueSource(strings = {"StatefulPartitionedCall_1/Identity:0",
            "StatefulPartitionedCall_1/StatefulPartitionedCall/functional_1/activation_1/Softmax:0"})
    void probabilitiesNamedAsTheLogitsAreRefusedNamingTheLogits(String named) {
        for (LoadOptions options : new LoadOptions[] {LoadOptions.defaults(), LoadOptions.defaults().withGradCam()}) {
            NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> CamSession.builder()
                    .setModel(HEAD_GAP).optLoadOptions(options.withFoundOverrides(null, named)).build().close());
            assertTrue(e.getMessage().contains("is the output of Softmax 'activation_1/Softmax'")
                    && e.getMessage().contains("probabilities, not logits; name its input, '" + POOLED_LOGITS + "'"),
                    e.getMessage());
            assertFalse(e.gradientsMayExplain(), "Grad-CAM is no way out of a wrong name");
        }
    }

    @Test
    void theLogitsBeforeTheSoftmaxAreTaken() throws Exception {
        try (CamSession s = CamSession.builder().setModel(HEAD_GAP)
                .optLoadOptions(LoadOptions.defaults().withGradCam().withFoundOverrides(null, POOLED_LOGITS)).build()) {
            assertEquals(10, s.model().units());
        }
    }

    /** @return the side of the grid of Grad-CAM's map at the named features, on MNIST's first test digit, fed at the model's own pixel scale */
    private static int gradCamCells(Path model, String features) throws Exception {
        try (CamSession s = CamSession.builder().setModel(model)
                .optLoadOptions(LoadOptions.defaults().withGradCam().withFoundOverrides(features, null)).build()) {
            Path mnist = SharedData.mnist();
            float[] digit = IdxReader.read(mnist.resolve("t10k-images-idx3-ubyte.gz"),
                    mnist.resolve("t10k-labels-idx1-ubyte.gz")).imageAsFloats(0);
            float[] raw = new float[digit.length];
            for (int i = 0; i < digit.length; i++) {
                raw[i] = digit[i] * 255f * s.model().input().pixelScale() + s.model().input().pixelOffset();
            }
            ImageExplanation e = s.explainPixels(raw, 1, 28, 28, Target.predicted()).get(0);
            assertEquals(e.first().rawMap().height(), e.first().rawMap().width());
            return e.first().rawMap().height();
        }
    }
}
