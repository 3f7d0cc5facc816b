package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.ClassifierWeights;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowPredictionTest {
    static CamResult map(int c, float... values) {
        FloatMap m = new FloatMap(3, 3, values);
        // The window prediction reads the raw map; the map at the picture's size is its min-max form, as a session's.
        return new CamResult(c, "c" + c, 0f, 0f, m, io.github.cam4j.render.MapNormalizer.minMax(m),
                Placement.stretch(3, 3, 3, 3));
    }

    static final ClassifierWeights WEIGHTS = new ClassifierWeights(new float[][] {{0f, 0f}}, new float[] {0f, 0.5f});

    /** Class 0 is strong in the top-left corner, class 1 a little everywhere. */
    static final List<CamResult> MAPS = List.of(
            map(0, 8, 8, 0, 8, 0, 0, 0, 0, 0),
            map(1, 1, 1, 1, 1, 1, 1, 1, 1, 1));

    @Test
    void theMostConfidentWindowWinsWithTheClassifiersOwnProbability() {
        WindowPrediction.Choice c = WindowPrediction.best(MAPS, WEIGHTS, ClassifierActivation.SOFTMAX, 2, 2, -1)
                .orElseThrow();
        assertEquals(0, c.classIndex());
        assertEquals(0, c.cellY());
        assertEquals(0, c.cellX());
        // Top-left window logits: class 0 mean (8 + 8 + 8 + 0) / 4 + bias 0 = 6, class 1 mean 1 + bias 0.5 = 1.5.
        assertEquals(1 / (1 + Math.exp(1.5 - 6)), c.probability(), 1e-6);
    }

    @Test
    void aGivenClassScoresTheWindowsByItsProbability() {
        WindowPrediction.Choice c = WindowPrediction.best(MAPS, WEIGHTS, ClassifierActivation.SOFTMAX, 2, 2, 1)
                .orElseThrow();
        assertEquals(1, c.classIndex());
        // Class 1 is most probable where class 0 is absent: the bottom-right window (logits 0 and 1.5), though class
        // 1 is nowhere the predicted class of the corner window.
        assertEquals(1, c.cellY());
        assertEquals(1, c.cellX());
        assertEquals(1 / (1 + Math.exp(-1.5)), c.probability(), 1e-6);
    }

    @Test
    void aMapSmallerThanAWindowOrAMissingClassGivesNothing() {
        assertTrue(WindowPrediction.best(MAPS, WEIGHTS, ClassifierActivation.SOFTMAX, 4, 2, -1).isEmpty());
        assertTrue(WindowPrediction.best(MAPS.subList(0, 1), WEIGHTS, ClassifierActivation.SOFTMAX, 2, 2, -1).isEmpty());
    }

    @Test
    void theSummedAreaTableAddsUpEveryRectangle() {
        double[] s = WindowPrediction.summedArea(new FloatMap(2, 3, new float[] {1, 2, 3, 4, 5, 6}));
        assertEquals(21, s[2 * 4 + 3], 1e-9);
        assertEquals(1 + 2 + 4 + 5, s[2 * 4 + 2], 1e-9);
        assertEquals(0, s[0], 1e-9);
    }
}
