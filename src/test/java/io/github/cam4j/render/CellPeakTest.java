package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CellPeak}: the hottest point lies next to the hottest cell's centre, on the pixel where the map the picture
 * shows ({@link Resize#placed}, OpenCV's bilinear placement) is hotter.
 */
class CellPeakTest {
    /** The bundled pooled model's grid on its 28x28 input: 7x7 cells, stride 4, cell 0 centred at 1.5. */
    private static final Placement POOLED = Placement.stretch(7, 7, 28, 28);

    @Test
    void aCentreBetweenTwoPixelsGoesToTheHotterSide() {
        // Cell (1, 3) hottest; its left neighbour hotter than its right, the one below hotter than the one above.
        float[] v = new float[49];
        v[7 + 3] = 10;
        v[7 + 2] = 8;
        v[7 + 4] = 2;
        v[3] = 1;
        v[14 + 3] = 5;
        // Centre (5.5, 13.5): rounded half up it was (6, 14); the map is hotter at x 13, and at y 6.
        assertArrayEquals(new int[] {6, 13}, CellPeak.of(new FloatMap(7, 7, v), POOLED));
        float[] placed = Resize.placed(new FloatMap(7, 7, v), 28, 28, POOLED).values();
        assertTrue(placed[6 * 28 + 13] > placed[6 * 28 + 14], "the placed map itself is hotter at x 13");
    }

    @Test
    void equallyHotSidesKeepTheRoundedCentre() {
        float[] v = new float[49];
        v[7 + 3] = 10;
        assertArrayEquals(new int[] {6, 14}, CellPeak.of(new FloatMap(7, 7, v), POOLED));
    }

    @Test
    void aPixelWhereTheMapIsHeldFlatIsNotPreferred() {
        // Cell 0 centred at 1.6875 (a crop's grid): pixel 1 lies beyond it, on the flat border, as hot as the centre;
        // the rounded centre, 2, is kept, the pixel the cell read.
        // The same at the far end: cell 4 centred at 5.1875, the last centre; pixel 6 lies beyond it and 5 is kept.
        Placement crop = new Placement(0.875, 0.875, 1.6875, 1.6875);
        float[] v = new float[25];
        float[] mirrored = new float[25];
        for (int i : new int[] {0, 1, 5}) {
            v[i] = i == 0 ? 9 : 4;
            mirrored[24 - i] = v[i];
        }
        assertArrayEquals(new int[] {2, 2}, CellPeak.of(new FloatMap(5, 5, v), crop));
        assertArrayEquals(new int[] {5, 5}, CellPeak.of(new FloatMap(5, 5, mirrored), crop));
    }

    /**
     * A pixel exactly on the outermost centre is not beyond it, and is taken when hotter. Nine cells of stride 0.875
     * from 1.0 centre on 1.0, 1.875, ..., 8.0. Cell 1 (10, at 1.875) beside cell 0 (9.9): pixel 1 reads cell 0's 9.9,
     * pixel 2 reads 6/7 of cell 1 and 1/7 of cell 2 (0), 8.571; so pixel 1. Mirrored, cell 7 (10, at 7.125) beside
     * cell 8 (9.9): pixel 8 reads 9.9, pixel 7 reads 1/7 of cell 6 (0) and 6/7 of cell 7, 8.571; so pixel 8. Along a
     * row of cells and along a column alike.
     */
    @Test
    void aPixelOnTheOutermostCentreIsTakenWhenHotter() {
        Placement nine = new Placement(0.875, 0.875, 1.0, 1.0);
        float[] low = new float[9];
        low[0] = 9.9f;
        low[1] = 10;
        float[] high = new float[9];
        high[7] = 10;
        high[8] = 9.9f;
        assertArrayEquals(new int[] {1, 1}, CellPeak.of(new FloatMap(1, 9, low), nine));
        assertArrayEquals(new int[] {1, 8}, CellPeak.of(new FloatMap(1, 9, high), nine));
        assertArrayEquals(new int[] {1, 1}, CellPeak.of(new FloatMap(9, 1, low), nine));
        assertArrayEquals(new int[] {8, 1}, CellPeak.of(new FloatMap(9, 1, high), nine));
    }

    /**
     * A map finer than the picture, two cells per pixel (stride 0.5 from 0): the hottest cell, the last (3, 3), is
     * centred at (1.5, 1.5), so the rounded centre (2, 2) lies half a pixel beyond it, where the map is held at that
     * cell's value; (1, 1) reads cell (2, 2), 0. The rounded centre it is.
     */
    @Test
    void aMapFinerThanThePicturePeaksAtItsRoundedLastCentre() {
        float[] v = new float[16];
        v[15] = 1;
        assertArrayEquals(new int[] {2, 2}, CellPeak.of(new FloatMap(4, 4, v), new Placement(0.5, 0.5, 0, 0)));
    }

    @Test
    void aCentreOnAPixelIsThatPixel() {
        float[] v = new float[16];
        v[2 * 4 + 1] = 3;
        v[2 * 4 + 2] = 2.9f;
        assertArrayEquals(new int[] {2, 1}, CellPeak.of(new FloatMap(4, 4, v), new Placement(1, 1, 0, 0)));
    }

    /**
     * On random maps, at the grid of the pooled model and at a framed photo's fractional one, the point is next to the
     * hottest cell's centre (within one pixel each way) and no pixel next to that centre, between the outermost cells'
     * centres, is hotter in the placed map.
     * Tolerances: on the pooled grid, placed by OpenCV's resize with float weights, 1e-5 of the map's range (its
     * rounding is about 1e-7 of the values; the wrong side of a centre between two pixels is lower by an eighth of the
     * two neighbours' difference, far above it). On the fractional grid, placed by {@code warpAffine}, whose
     * coordinates are cut to 1/32 of a pixel, a weight may be off by 1/64, so a value by 1/64 of the range: there the
     * check is that the peak is not beaten by more than that.
     */
    @Test
    void noPixelNextToTheCentreIsHotterInThePlacedMap() {
        Random random = new Random(7);
        Placement[] grids = {POOLED, new Placement(3.7, 4.3, 2.15, 0.8)};
        int[][] cellSizes = {{7, 7}, {6, 5}};
        double[] tolerance = {1e-5, 1.0 / 64};
        for (int g = 0; g < grids.length; g++) {
            Placement p = grids[g];
            int h = cellSizes[g][0];
            int w = cellSizes[g][1];
            int rows = 28;
            int cols = 28;
            for (int trial = 0; trial < 500; trial++) {
                float[] v = new float[h * w];
                for (int i = 0; i < v.length; i++) {
                    v[i] = random.nextFloat() * 10 - 2;
                }
                FloatMap cells = new FloatMap(h, w, v);
                int[] peak = CellPeak.of(cells, p);
                int cell = cells.argMax();
                double cy = p.offsetY() + p.strideY() * (cell / w);
                double cx = p.offsetX() + p.strideX() * (cell % w);
                assertTrue(Math.abs(peak[0] - cy) < 1 && Math.abs(peak[1] - cx) < 1, "next to the centre");
                float[] placed = Resize.placed(cells, rows, cols, p).values();
                double range = cells.max() - cells.min();
                float chosen = placed[peak[0] * cols + peak[1]];
                for (int y = (int) Math.floor(cy); y <= (int) Math.ceil(cy); y++) {
                    for (int x = (int) Math.floor(cx); x <= (int) Math.ceil(cx); x++) {
                        // Pixels beyond the outermost centres lie on the flat border, never preferred (above).
                        boolean between = y >= p.offsetY() && y <= p.offsetY() + p.strideY() * (h - 1)
                                && x >= p.offsetX() && x <= p.offsetX() + p.strideX() * (w - 1);
                        if (between && y < rows && x < cols) {
                            assertTrue(placed[y * cols + x] <= chosen + tolerance[g] * range, "grid " + g + ", trial " + trial
                                    + ": pixel (" + y + ", " + x + ") " + placed[y * cols + x] + " hotter than the peak "
                                    + "(" + peak[0] + ", " + peak[1] + ") " + chosen);
                        }
                    }
                }
            }
        }
    }

    /**
     * A map holding NaN or infinity has no hottest point: the NaN cell was skipped and the peak put on the hottest of
     * the rest ({2, 6} for this map), an infinite cell taken as the peak. Refused, naming the cell, as CamBox refuses
     * to box such a map.
     */
    @Test
    void aMapHoldingNaNOrInfinityHasNoPeak() {
        Placement p = Placement.stretch(2, 2, 8, 8);
        FloatMap nan = new FloatMap(2, 2, new float[] {0, 1, Float.NaN, 0.5f});
        assertEquals("cannot find the peak of a map holding NaN at (y=1, x=0): the CAM upstream produced a non-finite"
                + " value", assertThrows(IllegalArgumentException.class, () -> CellPeak.of(nan, p)).getMessage());
        FloatMap inf = new FloatMap(2, 2, new float[] {0, Float.POSITIVE_INFINITY, 0.2f, 0.5f});
        assertEquals("cannot find the peak of a map holding Infinity at (y=0, x=1): the CAM upstream produced a"
                + " non-finite value", assertThrows(IllegalArgumentException.class, () -> CellPeak.of(inf, p))
                .getMessage());
        assertEquals("placement is null: where the cells lie on the picture",
                assertThrows(NullPointerException.class, () -> CellPeak.of(inf, null)).getMessage());
    }
}
