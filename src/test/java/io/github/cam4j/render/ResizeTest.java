package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.FreshThread;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;

class ResizeTest {
    /**
     * JavaCV code commonly frees its Mats by wrapping work in a {@link PointerScope}. The first resize on a thread makes
     * that thread's reused Mats; made inside the caller's scope, they must outlive it. On a thread of its own, so that
     * the first resize is surely inside the scope: a resize and a placed warp in the scope, then both again after it,
     * at a new size too (which makes OpenCV reallocate the kept Mats), equal to the same calls on a fresh thread.
     */
    @Test
    void aCallersPointerScopeDoesNotFreeTheThreadsScratch() throws Exception {
        FloatMap map = new FloatMap(2, 3, new float[] {0, 1, 2, 3, 4, 5});
        Placement offCentre = new Placement(2.5, 3, 0.75, 1);
        FloatMap[] expected = FreshThread.call(() -> new FloatMap[] {Resize.bilinear(map, 8, 12),
            Resize.placed(map, 8, 12, offCentre), Resize.bilinear(map, 20, 7)});
        FloatMap[] afterScope = FreshThread.call(() -> {
            try (PointerScope scope = new PointerScope()) {
                Resize.bilinear(map, 8, 12);
                Resize.placed(map, 8, 12, offCentre);
            }
            return new FloatMap[] {Resize.bilinear(map, 8, 12), Resize.placed(map, 8, 12, offCentre),
                Resize.bilinear(map, 20, 7)};
        });
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(expected[i].values(), afterScope[i].values(), "call " + i + " after the scope closed");
        }
    }

    // The expected values are sums of quarters of small integers, exact in float; 1e-6 only covers the
    // interpolation's own float rounding.
    private static final float EPS = 1e-6f;

    @Test
    void upsamples2x2To4x4WithHalfPixelCentres() {
        FloatMap src = new FloatMap(2, 2, new float[] {0, 1, 2, 3});
        FloatMap out = Resize.bilinear(src, 4, 4);
        // OpenCV maps output pixel x to source (x + 0.5) / 2 - 0.5 = -0.25, 0.25, 0.75, 1.25, clamped to [0, 1]:
        // weights 0, 0.25, 0.75, 1 towards the second source pixel. Rows the same way. So the corners equal the
        // source corners and the inside is interpolated.
        float[] expected = {
            0.0f, 0.25f, 0.75f, 1.0f,
            0.5f, 0.75f, 1.25f, 1.5f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.0f, 2.25f, 2.75f, 3.0f,
        };
        assertEquals(4, out.height());
        assertEquals(4, out.width());
        assertArrayEquals(expected, out.values(), EPS);
    }

    @Test
    void nonSquareTargetUsesHeightThenWidth() {
        FloatMap out = Resize.bilinear(new FloatMap(2, 2, new float[] {0, 1, 2, 3}), 2, 4);
        assertEquals(2, out.height());
        assertEquals(4, out.width());
        // Rows unchanged (scale 1), columns as in the 4x4 case.
        assertArrayEquals(new float[] {0, 0.25f, 0.75f, 1, 2, 2.25f, 2.75f, 3}, out.values(), EPS);
        // Columns unchanged, rows as in the 4x4 case: column 0 is 0, 0.5, 1.5, 2 and column 1 is 1, 1.5, 2.5, 3.
        FloatMap tall = Resize.bilinear(new FloatMap(2, 2, new float[] {0, 1, 2, 3}), 4, 2);
        assertArrayEquals(new float[] {0, 1, 0.5f, 1.5f, 1.5f, 2.5f, 2, 3}, tall.values(), EPS);
    }

    @Test
    void sameSizeIsIdentityButACopy() {
        FloatMap src = new FloatMap(2, 3, new float[] {0.1f, -2, 3.5f, 7, 8, 9});
        FloatMap out = Resize.bilinear(src, 2, 3);
        assertEquals(src, out);
        assertNotSame(src.values(), out.values());
    }

    @Test
    void placedWithinFillsWhatTheMapDoesNotCover() {
        // A 2x2 map of a part whose pixels are 2 picture pixels apart, the first centred on picture pixel (3, 5).
        FloatMap part = new FloatMap(2, 2, new float[] {4, 8, 12, 16});
        FloatMap out = Resize.placedWithin(part, 10, 12, new Placement(2, 2, 3, 5), -1f);
        assertEquals(4f, out.get(3, 5), 1e-5f, "on the first pixel's centre");
        assertEquals(16f, out.get(5, 7), 1e-5f, "on the last pixel's centre");
        assertEquals(10f, out.get(4, 6), 1e-5f, "halfway between all four, the mean");
        assertEquals(-1f, out.get(0, 0), 0f, "far outside the part: the fill");
        assertEquals(-1f, out.get(9, 11), 0f);
    }

    @Test
    void rejectsNonPositiveTarget() {
        FloatMap src = new FloatMap(1, 1, new float[] {1});
        assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(src, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(src, 4, -1));
        assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(src, 4, 0));
        Placement one = new Placement(1, 1, 0, 0);
        for (int[] size : new int[][] {{0, 4}, {4, 0}}) {
            String message = "resize target must be positive, was " + size[0] + "x" + size[1];
            assertEquals(message, assertThrows(IllegalArgumentException.class,
                    () -> Resize.placed(src, size[0], size[1], one)).getMessage());
            assertEquals(message, assertThrows(IllegalArgumentException.class,
                    () -> Resize.placedWithin(src, size[0], size[1], one, 0f)).getMessage());
        }
    }

    /**
     * A target no map can hold is refused before any memory is taken: {@code bilinear(1x1 map, 70000, 70000)} had
     * OpenCV allocate its 19.6 GB result, and the JVM was killed (exit 137) before the int product 70000 * 70000
     * overflowed into the Java array's size. A null map or placement is named.
     */
    @Test
    void aTargetNoMapCanHoldIsRefusedBeforeAllocating() {
        FloatMap src = new FloatMap(1, 1, new float[] {1});
        Placement stretch = Placement.stretch(1, 1, 70_000, 70_000);
        String message = "resize target 70000x70000 holds 4900000000 values, more than a map can (2147483639)";
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> Resize.bilinear(src, 70_000, 70_000)).getMessage());
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> Resize.placed(src, 70_000, 70_000, stretch)).getMessage());
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> Resize.placedWithin(src, 70_000, 70_000, stretch, 0f)).getMessage());
        assertEquals("m is null: the map to resize",
                assertThrows(NullPointerException.class, () -> Resize.bilinear(null, 4, 4)).getMessage());
        assertEquals("placement is null: where the map's cells lie on the result",
                assertThrows(NullPointerException.class, () -> Resize.placed(src, 4, 4, null)).getMessage());
    }

    @Test
    void toMatAndBackRoundTrips() {
        FloatMap src = new FloatMap(2, 3, new float[] {0.5f, 1, 2, -3, 4, 5});
        try (Mat m = Resize.toMat(src)) {
            assertEquals(CV_32FC1, m.type());
            assertEquals(2, m.rows());
            assertEquals(3, m.cols());
            assertEquals(src, Resize.fromMat(m));
        }
    }

    @Test
    void fromMatReadsARegionOfALargerMat() {
        float[] big = new float[4 * 5];
        for (int i = 0; i < big.length; i++) {
            big[i] = i;
        }
        try (Mat whole = Resize.toMat(new FloatMap(4, 5, big));
                Rect r = new Rect(1, 1, 2, 2);
                Mat roi = whole.apply(r)) {
            assertFalse(roi.isContinuous());
            // Rows 1..2, columns 1..2 of a 5-wide ramp: 6, 7, 11, 12.
            assertEquals(new FloatMap(2, 2, new float[] {6, 7, 11, 12}), Resize.fromMat(roi));
        }
    }

    @Test
    void fromMatConvertsEightBitWithoutScaling() {
        try (Mat m = TestMats.of(1, 3, CV_8UC1, new byte[] {0, (byte) 128, (byte) 255})) {
            assertArrayEquals(new float[] {0, 128, 255}, Resize.fromMat(m).values());
        }
    }

    @Test
    void fromMatRejectsColourAndEmpty() {
        try (Mat colour = TestMats.bgr(2, 2, 1, 2, 3); Mat empty = new Mat()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Resize.fromMat(colour));
            assertTrue(e.getMessage().contains("3 channels"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Resize.fromMat(empty));
        }
    }

    @Test
    void bilinearLeaksNoNativeMemory() {
        FloatMap src = new FloatMap(7, 7, new float[49]);
        TestMats.assertNoLeak(() -> Resize.bilinear(src, 28, 28));
    }

    /**
     * Each thread keeps its Mats and pointers to their data between calls, remade when a size changes. Interleaving
     * sizes, stretches and warps on one thread must give exactly what a thread's first call gives; a pointer kept
     * across a size change would read or write a freed or wrongly shaped buffer.
     */
    @Test
    void resizesOfChangingSizesOnOneThreadMatchFreshOnes() throws Exception {
        FloatMap small = ramp(2, 3);
        FloatMap large = ramp(7, 5);
        Placement shifted = new Placement(4, 4, 4.5, 4.5);
        java.util.List<java.util.function.Supplier<FloatMap>> calls = java.util.List.of(
                () -> Resize.bilinear(small, 8, 12),
                () -> Resize.bilinear(large, 28, 20),
                () -> Resize.placed(small, 9, 13, shifted),
                () -> Resize.bilinear(small, 4, 4),
                () -> Resize.placed(large, 28, 28, shifted),
                () -> Resize.placedWithin(small, 11, 7, shifted, -1f));
        FloatMap[] fresh = new FloatMap[calls.size()];
        for (int i = 0; i < calls.size(); i++) {
            int call = i;
            Thread first = new Thread(() -> fresh[call] = calls.get(call).get());
            first.start();
            first.join();
        }
        for (int round = 0; round < 3; round++) {
            for (int i = calls.size() - 1; i >= 0; i -= 1 + round % 2) {
                assertEquals(fresh[i], calls.get(i).get(), "call " + i + " in round " + round);
            }
            for (int i = 0; i < calls.size(); i++) {
                assertEquals(fresh[i], calls.get(i).get(), "call " + i + " in round " + round);
            }
        }
    }

    private static FloatMap ramp(int height, int width) {
        float[] v = new float[height * width];
        for (int i = 0; i < v.length; i++) {
            v[i] = i * 0.5f - 3;
        }
        return new FloatMap(height, width, v);
    }

    @Test
    void stretchPlacementEqualsPlainBilinear() {
        FloatMap m = new FloatMap(3, 4, new float[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11});
        FloatMap plain = Resize.bilinear(m, 12, 16);
        FloatMap placed = Resize.placed(m, 12, 16, Placement.stretch(3, 4, 12, 16));
        // warpAffine and resize interpolate the same samples with fixed-point weights: 1e-3 on values up to 11.
        assertArrayEquals(plain.values(), placed.values(), 1e-3f);
    }

    @Test
    void placementPutsEachCellCentreOnItsPixel() {
        // A 5x5 map with one hot cell (2, 3): with stride 4 and offset 4.5 (two valid 3x3 convs and two 2x2 pools
        // on 28x28), the cell's centre is pixel (4.5 + 8, 4.5 + 12) = (12.5, 16.5): the peak covers rows 12-13,
        // columns 16-17, and the border values extend beyond the cells' span.
        float[] v = new float[25];
        v[2 * 5 + 3] = 1f;
        FloatMap out = Resize.placed(new FloatMap(5, 5, v), 28, 28, new Placement(4, 4, 4.5, 4.5));
        int[] peak = out.argMaxYX();
        assertTrue(peak[0] == 12 || peak[0] == 13, "row " + peak[0]);
        assertTrue(peak[1] == 16 || peak[1] == 17, "column " + peak[1]);
        // Interpolation halfway: pixel (12, 16) is 0.5 px from the centre in each axis: (1 - 0.5/4)^2 = 0.7656.
        assertEquals(0.7656f, out.get(12, 16), 2e-3f);
        assertEquals(0f, out.get(0, 0), 0f);
    }

    @Test
    void rescaledPlacementFollowsAnImageResize() {
        // Cells of stride 4 from a 28-pixel input, shown on a 280-pixel picture: stride 40, cell 0 at (1.5+0.5)*10-0.5.
        Placement p = new Placement(4, 4, 1.5, 1.5).rescaled(28, 28, 280, 280);
        assertEquals(40, p.strideY(), 1e-9);
        assertEquals(19.5, p.offsetX(), 1e-9);
        Placement stretch = Placement.stretch(7, 7, 28, 28);
        assertEquals(4, stretch.strideX(), 1e-9);
        assertEquals(1.5, stretch.offsetY(), 1e-9);
        // Each axis on its own: 7x7 cells over 28x56 pixels, strides 4 and 8, cell 0 at (4 - 1) / 2 and (8 - 1) / 2;
        // that grid shown on a 56x168 picture (twice and three times): strides 8 and 24, cell 0 at (1.5 + 0.5) * 2 - 0.5
        // and (3.5 + 0.5) * 3 - 0.5. Sums and products of halves and small integers: exact in double.
        Placement wide = Placement.stretch(7, 7, 28, 56);
        assertEquals(new Placement(4, 8, 1.5, 3.5), wide);
        assertEquals(new Placement(8, 24, 3.5, 11.5), wide.rescaled(28, 56, 56, 168));
    }

    /**
     * A placement one step off the edge-to-edge one (a cell's offset moved a pixel, a stride widened) is not taken for
     * it: every pixel of the placed map is the placement's bilinear value ({@link CellPeak#bilinear}, plain Java), not
     * the stretched map's. So is one cell per pixel, centred on its pixel or half a pixel off, at the map's size (a
     * copy) and on pictures larger in either direction or both (held flat beyond the last cell). A 2x2 map 0..3; on a
     * 4x4 picture its stretch is strides 2, offsets 0.5. Tolerance: warpAffine cuts coordinates to 1/32 of a pixel, so a
     * weight may be off by 1/64 and a value by 3/64 of the range 0..3; the placements here differ from the stretch by
     * 0.16 or more at some pixel.
     */
    @Test
    void placedFollowsItsPlacementNotTheNearestStretch() {
        FloatMap m = new FloatMap(2, 2, new float[] {0, 1, 2, 3});
        Placement one = new Placement(1, 1, 0, 0);
        Object[][] cases = {
            {new Placement(2, 2, 1.5, 0.5), 4, 4}, {new Placement(2, 2, 0.5, 1.5), 4, 4},
            {new Placement(3, 2, 0.5, 0.5), 4, 4}, {new Placement(2, 3, 0.5, 0.5), 4, 4},
            {one, 4, 4}, {one, 4, 2}, {one, 2, 4}, {new Placement(1, 1, 0.5, 0.5), 2, 2}};
        for (Object[] c : cases) {
            Placement p = (Placement) c[0];
            int rows = (int) c[1];
            int cols = (int) c[2];
            FloatMap out = Resize.placed(m, rows, cols, p);
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    assertEquals(CellPeak.bilinear(m, p, y, x), out.get(y, x), 3.0 / 64,
                            p + " on " + rows + "x" + cols + " at (" + y + ", " + x + ")");
                }
            }
        }
        FloatMap same = Resize.placed(m, 2, 2, one);
        assertEquals(m, same);
        assertNotSame(m.values(), same.values());
    }

    /** A stride of 0 would put every cell on one pixel: refused, on either axis. */
    @Test
    void aZeroStrideIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Placement(0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new Placement(1, 0, 0, 0));
    }

}
