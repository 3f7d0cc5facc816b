package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ThresholdSweepTest {
    private static final double[] SWEEP = LocalisationTally.THRESHOLDS;

    private static void assertSameAsCamBox(FloatMap map, double[] thresholds, String what) {
        Optional<Box>[] swept = ThresholdSweep.boxes(map, thresholds);
        for (int t = 0; t < thresholds.length; t++) {
            assertEquals(CamBox.of(map, thresholds[t]), swept[t], what + ", threshold " + thresholds[t]);
        }
    }

    @Test
    void agreesWithOpenCvOnNoise() {
        SplittableRandom rng = new SplittableRandom(3);
        for (int trial = 0; trial < 60; trial++) {
            int h = 3 + rng.nextInt(50);
            int w = 3 + rng.nextInt(50);
            float[] v = new float[h * w];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) rng.nextDouble();
            }
            assertSameAsCamBox(new FloatMap(h, w, v), SWEEP, "noise trial " + trial);
        }
    }

    @Test
    void agreesWithOpenCvOnSmoothMapsWithNegativesAndTies() {
        SplittableRandom rng = new SplittableRandom(5);
        for (int trial = 0; trial < 60; trial++) {
            float[] coarse = new float[7 * 7];
            for (int i = 0; i < coarse.length; i++) {
                // Few distinct values, some negative: equal-area regions and values exactly at the cut.
                coarse[i] = rng.nextInt(5) - 1;
            }
            FloatMap map = Resize.bilinear(new FloatMap(7, 7, coarse), 28, 28);
            assertSameAsCamBox(map, new double[] {1.0, 0.05, 0.5, 0.2, 0.8, 0.25, 1.0 / 3}, "smooth trial " + trial);
            assertSameAsCamBox(new FloatMap(7, 7, coarse), SWEEP, "blocky trial " + trial);
        }
    }

    @Test
    void equalAreasGoToTheTopmostThenLeftmost() {
        float[] v = new float[10 * 10];
        v[5 * 10 + 1] = 1; // lower
        v[2 * 10 + 8] = 1; // upper, right
        v[2 * 10 + 4] = 1; // upper, left: wins
        assertEquals(Optional.of(new Box(4, 2, 1, 1)), ThresholdSweep.boxes(new FloatMap(10, 10, v), new double[] {0.5})[0]);
    }

    @Test
    void nothingPositiveMeansNoBoxAndBadThresholdsAreRefused() {
        assertEquals(Optional.empty(), ThresholdSweep.boxes(new FloatMap(4, 4, new float[16]), new double[] {0.2})[0]);
        float[] withNaN = new float[16];
        withNaN[0] = Float.NaN;
        withNaN[5] = 2;
        assertEquals(Optional.of(new Box(1, 1, 1, 1)), ThresholdSweep.boxes(new FloatMap(4, 4, withNaN), new double[] {0.2})[0]);
        assertThrows(IllegalArgumentException.class, () -> ThresholdSweep.boxes(new FloatMap(2, 2, new float[4]), new double[] {0}));
    }
}
