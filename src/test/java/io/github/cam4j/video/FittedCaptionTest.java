package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Annotation;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Where the caption of a frame fitted into the output's size goes, weighing the map's heat as well as its peak. */
class FittedCaptionTest {
    /** A 320x240 picture of 2:1 pixels placed at 640x240 in rows 60..179 of a 640x480 output, as the video test has. */
    private static final int[] WIDE = {0, 60, 640, 120};

    @Test
    void heatUnderTheTopBandMovesTheCaptionDownWithNoPeakThere() {
        double[] rows = new double[240];
        // A digit's heat in stored rows 0..27 (output rows 0..13 of the placed picture), its peak below the band.
        Arrays.fill(rows, 0, 28, 100);
        int[] peakBelow = {40, 100};
        assertTrue(FittedCaption.atBottom(WIDE, 240, 320, 12, peakBelow, rows), "the heat under the top band counts");
        assertFalse(FittedCaption.atBottom(WIDE, 240, 320, 12, peakBelow, null),
                "without the heat only the point decides, as before");
        double[] both = rows.clone();
        Arrays.fill(both, 240 - 28, 240, 100);
        assertFalse(FittedCaption.atBottom(WIDE, 240, 320, 12, peakBelow, both), "as hot at the bottom: stays up");
    }

    @Test
    void aBandCoversTheStoredRowsItCoversOncePlaced() {
        // Half the rows once placed: a band of 12 output rows covers stored rows 0..23.
        double[] under = new double[240];
        Arrays.fill(under, 0, 24, 100);
        double[] below = new double[240];
        Arrays.fill(below, 24, 48, 100);
        assertTrue(FittedCaption.atBottom(WIDE, 240, 320, 12, null, under));
        assertFalse(FittedCaption.atBottom(WIDE, 240, 320, 12, null, below), "heat just below the band");
        // The faint tenth of the band's area is reckoned at the placed size: 0.1 * 12 * 640 = 768 placed pixels'
        // worth, that is 768 / (2 * 0.5) = 768 in stored sums (each stored pixel is 2 x 0.5 placed ones).
        double[] faint = new double[240];
        faint[0] = 767;
        assertFalse(FittedCaption.atBottom(WIDE, 240, 320, 12, null, faint), "under the faint margin");
        faint[0] = 769;
        assertTrue(FittedCaption.atBottom(WIDE, 240, 320, 12, null, faint), "over it");
    }

    /** A picture exactly two bands high still weighs the heat, as Annotation's rule does (round 43's survivor). */
    @Test
    void aPictureTwoBandsHighStillWeighsTheHeat() {
        double[] rows = new double[48];
        Arrays.fill(rows, 0, 24, 100);
        assertTrue(FittedCaption.atBottom(new int[] {0, 0, 64, 24}, 48, 64, 12, null, rows));
        assertFalse(FittedCaption.atBottom(new int[] {0, 0, 64, 23}, 48, 64, 12, null, rows),
                "one row less: no room for two bands, the heat is not weighed");
    }

    @Test
    void thePeakIsCarriedToThePlacedSize() {
        double[] none = new double[240];
        // Stored row 23 lies in placed row 11, under a 12-row band; stored row 24 in placed row 12, below it.
        assertTrue(FittedCaption.atBottom(WIDE, 240, 320, 12, new int[] {23, 5}, none));
        assertFalse(FittedCaption.atBottom(WIDE, 240, 320, 12, new int[] {24, 5}, none));
        assertFalse(FittedCaption.atBottom(WIDE, 240, 320, 12, new int[] {239, 5}, none), "under the bottom band");
    }

    /** At its own size the rule is explain's: the same answer as Annotation's on the whole map. */
    @Test
    void atItsOwnSizeItIsExplainsRule() {
        Random random = new Random(42);
        int rows = 48;
        int cols = 40;
        for (int trial = 0; trial < 500; trial++) {
            float[] v = new float[rows * cols];
            double[] byRow = new double[rows];
            int hotRows = random.nextInt(rows);
            int from = random.nextInt(rows - hotRows + 1);
            for (int y = from; y < from + hotRows; y++) {
                for (int x = 0; x < cols; x++) {
                    v[y * cols + x] = random.nextFloat();
                    byRow[y] += v[y * cols + x];
                }
            }
            int band = 1 + random.nextInt(30);
            int[] peak = random.nextBoolean() ? null : new int[] {random.nextInt(rows), random.nextInt(cols)};
            int boxY = random.nextInt(rows);
            io.github.cam4j.render.Box box = random.nextBoolean() ? null
                    : new io.github.cam4j.render.Box(random.nextInt(cols), boxY, 1, 1 + random.nextInt(rows - boxY));
            boolean two = 2 * band <= rows;
            double top = 0;
            double bottom = 0;
            for (int y = 0; two && y < band; y++) {
                top += byRow[y];
                bottom += byRow[rows - 1 - y];
            }
            assertEquals(Annotation.captionAtBottom(rows, cols, peak, box, band, top, bottom),
                    FittedCaption.atBottom(new int[] {7, 3, cols, rows}, rows, cols, band, peak, box, byRow),
                    "trial " + trial + ": band " + band + ", heat in rows " + from + ".." + (from + hotRows) + ", box "
                            + box);
        }
    }

    /**
     * The CAM box is carried to the placed size as the point is, covering every placed row a stored row of it reaches:
     * a box from stored row 0 has its top edge under a 12-row band once placed (rows halved), and the caption goes to
     * the bottom with the point and the heat deciding nothing; from stored row 24 (placed row 12) it stays up.
     */
    @Test
    void theBoxsTopEdgeIsCarriedToThePlacedSize() {
        double[] none = new double[240];
        int[] peakBelow = {100, 150};
        assertTrue(FittedCaption.atBottom(WIDE, 240, 320, 12, peakBelow, new io.github.cam4j.render.Box(140, 0, 40, 80),
                none), "the box's top edge under the band");
        assertTrue(FittedCaption.atBottom(WIDE, 240, 320, 12, peakBelow, new io.github.cam4j.render.Box(140, 23, 40, 80),
                none), "stored row 23 is placed row 11");
        assertFalse(FittedCaption.atBottom(WIDE, 240, 320, 12, peakBelow,
                new io.github.cam4j.render.Box(140, 24, 40, 80), none), "stored row 24 is placed row 12, clear of it");
        assertFalse(FittedCaption.atBottom(WIDE, 240, 320, 12, peakBelow, new io.github.cam4j.render.Box(140, 0, 40, 240),
                none), "a box under both bands leaves it to the heat");
        assertFalse(FittedCaption.atBottom(WIDE, 240, 320, 12, peakBelow, null, none), "no box: as before");
        assertEquals(new io.github.cam4j.render.Box(1, 2, 3, 4), FittedCaption.placed(
                new io.github.cam4j.render.Box(3, 5, 5, 7), 0.5, 0.5), "every placed row and column it reaches");
    }

    @Test
    void aRowCutByAnEndCountsByThePartInside() {
        double[] rows = {1, 2, 4, 8};
        assertEquals(0.5 * 1 + 2 + 0.25 * 4, FittedCaption.sum(rows, 0.5, 2.25), 1e-12);
        assertEquals(15, FittedCaption.sum(rows, 0, 4), 0);
        assertEquals(15, FittedCaption.sum(rows, -1, 9), 0, "ends beyond the rows");
        assertEquals(0, FittedCaption.sum(rows, 2, 2), 0);
    }

    @Test
    void sumsForOtherRowsAreRefusedSayingSo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FittedCaption.atBottom(WIDE, 240, 320, 12, null, new double[239]));
        assertEquals("the map's sums by row cover 239 rows, not the 240 of the picture", e.getMessage());
    }
}
