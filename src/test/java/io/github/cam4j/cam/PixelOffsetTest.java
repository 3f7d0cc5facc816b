package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * A model trained on pixels taken to -1..1 outside it (keras.applications' MobileNet {@code preprocess_input}) needs an
 * offset after the scaling: {@code LoadOptions.withPixelOffset} ({@code --pixel-offset}). Before, only metadata written
 * by {@code export_cam.py} could carry one, and the command line could not feed such a model what it was trained on.
 */
class PixelOffsetTest {

    /**
     * The session with scale 2/255 and offset -1 feeds the model exactly {@code 2p/255 - 1}: its maps and probabilities
     * are those of the same pixels fed by hand (float rounding of one multiply-add: 1e-5).
     */
    @Test
    void theOffsetIsAddedAfterTheScaling() throws Exception {
        Path model = SharedData.bundledModels().resolve("mnist-pooled");
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        LoadOptions minusOneToOne = LoadOptions.defaults().withPixelScale(2f / 255).withPixelOffset(-1f);
        // By hand through explainPixels, which feeds the values as given: of the session whose input runs -1..1, since
        // a 0..1 session refuses them as pixels normalised already.
        try (CamSession offset = CamSession.builder().setModel(model).optLoadOptions(minusOneToOne).build()) {
            assertEquals(-1f, offset.model().input().pixelOffset());
            for (int i = 0; i < 5; i++) {
                float[] digit = test.imageAsFloats(i);
                float[] fed = new float[digit.length];
                try (Mat m = new Mat(28, 28, opencv_core.CV_8UC1); UByteIndexer px = m.createIndexer()) {
                    for (int p = 0; p < digit.length; p++) {
                        int level = Math.round(digit[p] * 255);
                        px.put(p / 28, p % 28, level);
                        fed[p] = level * (2f / 255) - 1f;
                    }
                    CamResult viaOptions = offset.explain(m, test.label(i));
                    CamResult byHand = offset.explainPixels(fed, 1, 28, 28, Target.of(test.label(i))).get(0).first();
                    assertEquals(byHand.probability(), viaOptions.probability(), 1e-5f, "digit " + i);
                    assertArrayEquals(byHand.rawMap().values(), viaOptions.rawMap().values(), 1e-5f, "digit " + i);
                }
            }
        }
    }
}
