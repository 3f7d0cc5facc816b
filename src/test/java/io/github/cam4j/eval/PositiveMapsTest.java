package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PositiveMapsTest {

    /**
     * The box a user gets ({@code CamResult.box}, what explain draws) is the box evaluate scores (the positive map's
     * cut, here), on both bundled models and canvases of evaluate's kind. Until this round the user's box was cut at
     * 0.2 of the feature cells' maximum, which the bilinear map does not reach: on the pooled model it differed on 36 of
     * the first 100 test digits.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"mnist-pooled", "mnist-unpooled"})
    void theBoxAUserGetsIsTheBoxEvaluateScores(String model) throws Exception {
        List<ImageExplanation> explained = plainCanvases(SharedData.bundledModels().resolve(model), 40);
        for (int i = 0; i < explained.size(); i++) {
            CamResult r = explained.get(i).first();
            for (double t : new double[] {0.05, 0.2, 0.5}) {
                assertEquals(io.github.cam4j.render.CamBox.of(PositiveMaps.of(r, 84, 84), t), r.box(t),
                        model + ", canvas " + i + ", threshold " + t);
            }
        }
    }

    /**
     * A flat map holds no evidence: its positive part is empty and gets no box, as the user's box is none
     * ({@code CamResult.box}). A flat positive map was all ones, boxed as the whole canvas, so a method whose maps are
     * all flat scored the IoU of the whole canvas with the digit's box. The classifier here is blind to its input
     * ({@code ForeignModels.blindClassifier}): its CAM is one value everywhere (checked).
     */
    @Test
    void aFlatMapHasAnEmptyPositivePartAndNoBox() throws Exception {
        java.nio.file.Path blind = io.github.cam4j.testing.ForeignModels.export(tmp.resolve("blind"),
                io.github.cam4j.testing.ForeignModels.blindClassifier());
        CamResult r = plainCanvases(blind, 2).get(0).first();
        org.junit.jupiter.api.Assertions.assertFalse(r.hasEvidence(), "the blind model's map is flat: " + r.rawMap().min() + " to " + r.rawMap().max());
        FloatMap p = PositiveMaps.of(r, 84, 84);
        assertEquals(0f, p.max(), 0f, "no positive evidence in a flat map");
        assertEquals(0f, p.min(), 0f);
        assertEquals(java.util.Optional.empty(), r.box(0.2));
        assertEquals(r.box(0.2), io.github.cam4j.render.CamBox.of(p, 0.2));
    }

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path tmp;

    /** @return the model's explanations of the first {@code count} test digits' plain 84x84 canvases, true classes */
    private static List<ImageExplanation> plainCanvases(java.nio.file.Path model, int count) throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test().slice(0, count);
        CanvasGenerator canvases = new CanvasGenerator(test, 84, 42);
        try (CamSession cam = CamSession.builder().setModel(model).optKeepInputSize(true).build()) {
            ModelInput input = new ModelInput(cam.model().input());
            List<float[]> images = new ArrayList<>();
            int[] labels = new int[test.count()];
            for (int i = 0; i < test.count(); i++) {
                images.add(canvases.plain(i).pixels());
                labels[i] = test.label(i);
            }
            List<ImageExplanation> explained = cam.explainPixels(input.batch(images), test.count(), 84, 84,
                    Target.perImage(labels));
            // Made before the session closes: the maps are made on first use.
            explained.forEach(e -> e.first().map());
            return explained;
        }
    }

    @Test
    void thePositivePartIsTheMinMaxMapCutAtZeroAndRescaled() throws Exception {
        List<ImageExplanation> explained = plainCanvases(EvaluateCommandTest.POOLED, 8);
        for (int i = 0; i < explained.size(); i++) {
            CamResult r = explained.get(i).first();
            FloatMap p = PositiveMaps.of(r, 84, 84);
            FloatMap minMax = r.map();
            assertEquals(1f, p.max(), 0f, "scaled by its maximum");
            assertEquals(0f, p.min(), 0f, "a canvas's CAM has negative or zero evidence somewhere");
            assertArrayEquals(minMax.argMaxYX(), p.argMaxYX(), "same peak");
            // Same placement and same values up to an increasing affine map: every positive pixel lies above every
            // cut one in the min-max map too.
            float lowestPositive = Float.POSITIVE_INFINITY;
            float highestCut = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < p.values().length; k++) {
                if (p.values()[k] > 0) {
                    lowestPositive = Math.min(lowestPositive, minMax.values()[k]);
                } else {
                    highestCut = Math.max(highestCut, minMax.values()[k]);
                }
            }
            assertTrue(lowestPositive >= highestCut, "digit " + i + ": " + lowestPositive + " < " + highestCut);
        }
    }

    /**
     * A model that crops its input ({@code resized-export}: Resizing to 32x32, then CenterCrop to 28x28) never saw the
     * canvas's outer ring: no positive evidence there, though its map's border values, held flat to the edge, are
     * positive (all of a blank canvas's are).
     */
    @Test
    void aCroppingModelHasNoEvidenceOutsideThePartItSaw() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(java.nio.file.Path.of(
                "src/test/resources/keras3/resized-export")).optKeepInputSize(true).build()) {
            CamResult r = cam.explainPixels(new float[28 * 28], 1, 28, 28, Target.perImage(new int[] {3})).get(0).first();
            assertTrue(r.rawMap().min() > 0, "a blank canvas's map is positive everywhere");
            FloatMap p = PositiveMaps.of(r, 28, 28);
            assertEquals(new io.github.cam4j.render.Box(1, 1, 26, 26), r.seenRegion().orElseThrow());
            for (int i = 0; i < 28; i++) {
                for (int[] q : new int[][] {{0, i}, {27, i}, {i, 0}, {i, 27}}) {
                    assertEquals(0f, p.values()[q[0] * 28 + q[1]], 0f, q[0] + "," + q[1]);
                }
            }
            assertEquals(1f, p.max(), 0f);
            assertTrue(p.values()[14 * 28 + 14] > 0);
        }
    }
}
