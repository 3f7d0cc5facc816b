package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TestDigits;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A model opened for CAM explained by a gradient method without loading it again ({@link CamModel#byGradients}): the
 * maps are those of the folder opened for that method, on a cam4j SavedModel, a Python-written contract model and an
 * imported Keras one.
 */
class CamModelByGradientsTest {
    private static final int DIGITS = 10;

    static List<Path> models() {
        return List.of(SharedData.bundledModels().resolve("mnist-pooled"), Path.of("src/test/resources/keras3/cam-export"),
                SharedData.kerasSavedModels().resolve("mnist-conv-head-gap"));
    }

    private static List<ImageExplanation> explain(CamModel model) throws Exception {
        float[] pixels = TestDigits.asModelInput(model, DIGITS);
        try (CamSession session = CamSession.builder().setModel(model).build()) {
            return session.explainPixels(pixels, DIGITS, 28, 28, Target.topK(2));
        }
    }

    /**
     * Grad-CAM++'s maps of the top two classes of ten digits, and their probabilities, equal those of the folder opened
     * for Grad-CAM++ to the bit (tolerance 0: the same graph's ops at the same tensors); the view owns nothing, is
     * closed with the model it was made from, and says it was opened with that model's options and its weighting.
     */
    @ParameterizedTest
    @MethodSource("models")
    void theMapsAreThoseOfTheFolderOpenedForTheMethod(Path dir) throws Exception {
        GradientWeighting method = GradientWeighting.GRAD_CAM_PLUS_PLUS;
        List<ImageExplanation> expected;
        try (CamModel loaded = CamModelLoader.load(dir, LoadOptions.defaults().withGradients(method))) {
            expected = explain(loaded);
        }
        CamModel byKernel = CamModelLoader.load(dir, LoadOptions.defaults());
        CamModel byGradients;
        try (byKernel) {
            byGradients = byKernel.byGradients(method);
            assertEquals(LoadOptions.defaults().withGradients(method), byGradients.openedWith().orElseThrow());
            List<ImageExplanation> got = explain(byGradients);
            for (int i = 0; i < DIGITS; i++) {
                assertArrayEquals(expected.get(i).probabilities(), got.get(i).probabilities(), "digit " + i);
                for (int r = 0; r < 2; r++) {
                    CamResult want = expected.get(i).maps().get(r);
                    CamResult have = got.get(i).maps().get(r);
                    assertEquals(want.classIndex(), have.classIndex());
                    assertArrayEquals(want.rawMap().values(), have.rawMap().values(), 0f, "digit " + i + ", rank " + r);
                }
            }
            byGradients.close();
            assertFalse(byKernel.isClosed(), "closing the gradient model closes nothing");
        }
        assertTrue(byGradients.isClosed(), "closed with the model whose session it runs");
    }
}
