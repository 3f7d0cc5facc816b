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

    /**
     * A constant positive map keeps every pixel at every threshold: its box is the whole image (as {@link CamBox}'s, and
     * as {@code Metrics.iou} documents), the sweep having added every pixel before its last threshold.
     */
    @Test
    void aConstantMapBoxesTheWholeImageAtEveryThreshold() {
        float[] v = new float[6 * 9];
        java.util.Arrays.fill(v, 0.4f);
        FloatMap map = new FloatMap(6, 9, v);
        for (Optional<Box> box : ThresholdSweep.boxes(map, new double[] {0.05, 0.5, 1.0})) {
            assertEquals(Optional.of(new Box(0, 0, 9, 6)), box);
        }
        assertSameAsCamBox(map, SWEEP, "constant map");
    }

    @Test
    void equalAreasGoToTheTopmostThenLeftmost() {
        float[] v = new float[10 * 10];
        v[5 * 10 + 1] = 1; // lower
        v[2 * 10 + 8] = 1; // upper, right
        v[2 * 10 + 4] = 1; // upper, left: wins
        assertEquals(Optional.of(new Box(4, 2, 1, 1)), ThresholdSweep.boxes(new FloatMap(10, 10, v), new double[] {0.5})[0]);
    }

    /**
     * The leftmost of two regions of one area and top wins even when it is the wider: a bar of 4 along row 2 from
     * column 0, and a bar of 4 down column 8 from row 2. By the sweep and by {@link CamBox} alike.
     */
    @Test
    void leftmostDecidesBeforeWidth() {
        float[] v = new float[10 * 10];
        for (int k = 0; k < 4; k++) {
            v[2 * 10 + k] = 1;
            v[(2 + k) * 10 + 8] = 1;
        }
        FloatMap map = new FloatMap(10, 10, v);
        assertEquals(Optional.of(new Box(0, 2, 4, 1)), ThresholdSweep.boxes(map, new double[] {0.5})[0]);
        assertEquals(Optional.of(new Box(0, 2, 4, 1)), CamBox.of(map, 0.5));
    }

    /**
     * Two regions of 10 pixels whose boxes share their top-left corner: a diagonal x + y = 9 (box 0,0,10,10) and the
     * corner triangle x + y &le; 3 (box 0,0,4,4), two pixels apart. Area, top and left tie; the narrower box is taken,
     * whichever region is hotter, by the sweep and by {@link CamBox} alike.
     */
    @Test
    void regionsTiedOnAreaTopAndLeftGoToTheNarrowerBox() {
        for (float[] heat : new float[][] {{1f, 0.9f}, {0.9f, 1f}}) {
            float[] v = new float[100];
            for (int y = 0; y < 10; y++) {
                for (int x = 0; x < 10; x++) {
                    v[y * 10 + x] = x + y == 9 ? heat[0] : x + y <= 3 ? heat[1] : 0;
                }
            }
            FloatMap map = new FloatMap(10, 10, v);
            String what = "diagonal " + heat[0] + ", corner " + heat[1];
            assertEquals(Optional.of(new Box(0, 0, 4, 4)), ThresholdSweep.boxes(map, new double[] {0.5})[0], what);
            assertEquals(Optional.of(new Box(0, 0, 4, 4)), CamBox.of(map, 0.5), what);
        }
    }

    @Test
    void nothingPositiveMeansNoBoxAndBadThresholdsAreRefused() {
        assertEquals(Optional.empty(), ThresholdSweep.boxes(new FloatMap(4, 4, new float[16]), new double[] {0.2})[0]);
        float[] withNaN = new float[16];
        withNaN[0] = Float.NaN;
        withNaN[5] = 2;
        // Refused in CamBox's words, as CamBox has refused it since it stopped boxing what a NaN cell left.
        FloatMap nan = new FloatMap(4, 4, withNaN);
        assertEquals(assertThrows(IllegalArgumentException.class, () -> CamBox.of(nan, 0.2)).getMessage(),
                assertThrows(IllegalArgumentException.class, () -> ThresholdSweep.boxes(nan, new double[] {0.2}))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> ThresholdSweep.boxes(new FloatMap(2, 2, new float[4]), new double[] {0}));
    }
}
