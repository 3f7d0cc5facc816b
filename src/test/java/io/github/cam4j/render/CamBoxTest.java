package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CamBoxTest {

    /** A 20x20 map, zero except for the rectangles painted into it. */
    private static final class Painter {
        final float[] v = new float[20 * 20];

        Painter rect(int x, int y, int w, int h, float value) {
            for (int yy = y; yy < y + h; yy++) {
                for (int xx = x; xx < x + w; xx++) {
                    v[yy * 20 + xx] = value;
                }
            }
            return this;
        }

        FloatMap map() {
            return new FloatMap(20, 20, v);
        }
    }

    @Test
    void boxesTheLargestBlobNotTheHottest() {
        // Small blob holds the max (1.0, 12 px); big blob is cooler (0.8, 30 px) but above 20% of max.
        FloatMap m = new Painter().rect(2, 3, 4, 3, 1.0f).rect(10, 10, 5, 6, 0.8f).map();
        assertEquals(Optional.of(new Box(10, 10, 5, 6)), CamBox.of(m, 0.2));
    }

    @Test
    void thresholdDecidesWhatSurvives() {
        // A 3x3 core at 1.0 inside a 7x7 halo at 0.5.
        FloatMap m = new Painter().rect(5, 5, 7, 7, 0.5f).rect(7, 7, 3, 3, 1.0f).map();
        assertEquals(Optional.of(new Box(5, 5, 7, 7)), CamBox.of(m, 0.4));
        assertEquals(Optional.of(new Box(5, 5, 7, 7)), CamBox.of(m, 0.5)); // >= keeps pixels exactly at the cut
        assertEquals(Optional.of(new Box(7, 7, 3, 3)), CamBox.of(m, 0.6));
        assertEquals(Optional.of(new Box(7, 7, 3, 3)), CamBox.of(m, 1.0));
    }

    @Test
    void defaultThresholdIsThePapers() {
        assertEquals(0.2, CamBox.DEFAULT_THRESHOLD);
        FloatMap m = new Painter().rect(0, 0, 2, 2, 0.19f).rect(10, 10, 1, 1, 1.0f).map();
        // 0.19 < 0.2 * 1.0: the big faint blob is dropped, only the hot pixel remains.
        assertEquals(Optional.of(new Box(10, 10, 1, 1)), CamBox.of(m));
    }

    @Test
    void diagonalNeighboursAreOneComponent() {
        // 8-connectivity: two pixels touching at a corner form one 2x2-box region, which beats a 1x1 one.
        FloatMap m = new Painter().rect(3, 3, 1, 1, 1f).rect(4, 4, 1, 1, 1f).rect(15, 15, 1, 1, 1f).map();
        assertEquals(Optional.of(new Box(3, 3, 2, 2)), CamBox.of(m, 0.5));
    }

    @Test
    void tiesOfAreaGoToTheTopmostBlob() {
        FloatMap m = new Painter().rect(12, 14, 2, 2, 1f).rect(1, 2, 2, 2, 1f).map();
        assertEquals(Optional.of(new Box(1, 2, 2, 2)), CamBox.of(m, 0.5));
    }

    @Test
    void allZeroOrNegativeMapHasNoBox() {
        assertTrue(CamBox.of(new Painter().map()).isEmpty());
        assertTrue(CamBox.of(new Painter().rect(0, 0, 20, 20, -1f).map()).isEmpty());
    }

    /**
     * A NaN cell was skipped by the map's maximum and never kept, so NaN over a blob's cells dropped them from its box,
     * and a map of all NaN had no box, as if the class had no evidence; an infinite cell boxed that one cell alone.
     */
    @Test
    void aMapHoldingNaNOrInfinityIsRefusedNamingTheCell() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            FloatMap m = new Painter().rect(2, 3, 4, 3, 1f).rect(12, 10, 2, 2, 0.8f).rect(5, 4, 1, 1, bad).map();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CamBox.of(m));
            assertEquals("cannot box a map holding " + bad + " at (y=4, x=5): the CAM upstream produced a non-finite"
                    + " value", e.getMessage());
        }
        FloatMap allNaN = new Painter().rect(0, 0, 20, 20, Float.NaN).map();
        assertThrows(IllegalArgumentException.class, () -> CamBox.of(allNaN, 0.5));
    }

    /**
     * A mask largestRegion cannot read is named: an empty one crashed the JVM (SIGSEGV in OpenCV's
     * connectedComponentsWithStats, the test run ending "The forked VM terminated"); a closed one failed with JavaCPP's
     * "Pointer address of argument 0 is NULL" and a float one with OpenCV's assertion, neither saying it was the mask.
     */
    @Test
    void aMaskLargestRegionCannotReadIsNamedNotCrashed() {
        org.bytedeco.opencv.opencv_core.Mat closed = new org.bytedeco.opencv.opencv_core.Mat(4, 4,
                org.bytedeco.opencv.global.opencv_core.CV_8UC1);
        closed.close();
        try (org.bytedeco.opencv.opencv_core.Mat empty = new org.bytedeco.opencv.opencv_core.Mat();
                org.bytedeco.opencv.opencv_core.Mat floats = new org.bytedeco.opencv.opencv_core.Mat(4, 4,
                        org.bytedeco.opencv.global.opencv_core.CV_32FC1);
                org.bytedeco.opencv.opencv_core.Mat kept = new org.bytedeco.opencv.opencv_core.Mat(4, 4,
                        org.bytedeco.opencv.global.opencv_core.CV_8UC1,
                        new org.bytedeco.opencv.opencv_core.Scalar(255.0))) {
            assertEquals("mask is empty (or closed): give an 8-bit single-channel mask, non-zero where kept",
                    assertThrows(IllegalArgumentException.class, () -> CamBox.largestRegion(empty)).getMessage());
            assertEquals("mask is empty (or closed): give an 8-bit single-channel mask, non-zero where kept",
                    assertThrows(IllegalArgumentException.class, () -> CamBox.largestRegion(closed)).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> CamBox.largestRegion(floats)).getMessage()
                    .startsWith("mask is 32-bit float, 1 channel; a mask is 8-bit single-channel"));
            assertEquals(Optional.of(new Box(0, 0, 4, 4)), CamBox.largestRegion(kept));
        }
        assertEquals("mask is null", assertThrows(NullPointerException.class, () -> CamBox.largestRegion(null))
                .getMessage());
    }

    @Test
    void thresholdOutsideRangeIsRejectedByName() {
        FloatMap m = new Painter().rect(0, 0, 1, 1, 1f).map();
        for (double bad : new double[] {0.0, -0.2, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CamBox.of(m, bad));
            assertTrue(e.getMessage().contains("threshold"), e.getMessage());
        }
    }

    @Test
    void leaksNoNativeMemory() {
        FloatMap m = new Painter().rect(2, 3, 4, 3, 1.0f).rect(10, 10, 5, 6, 0.8f).map();
        TestMats.assertNoLeak(() -> CamBox.of(m));
    }
}
