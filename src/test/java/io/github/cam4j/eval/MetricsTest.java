package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final double EXACT = 1e-12;

    /** A 20x20 map that is 1 inside the box and 0 outside. */
    private static FloatMap indicator(Box box) {
        float[] v = new float[20 * 20];
        for (int y = box.y(); y < box.y() + box.height(); y++) {
            for (int x = box.x(); x < box.x() + box.width(); x++) {
                v[y * 20 + x] = 1f;
            }
        }
        return new FloatMap(20, 20, v);
    }

    /**
     * A map holding NaN or infinity is refused by every score of it, naming the cell, as iou refuses it (through
     * CamBox): pointingHit and peakDistance skipped a NaN cell and pointed elsewhere (an all-NaN map "hit" a box at its
     * corner), and iouSweep, iou's faster twin that evaluate uses, boxed what was left (IoU 1.0 where iou threw).
     */
    @Test
    void aMapHoldingNanOrInfinityIsRefusedByEveryScoreNamingTheCell() {
        Box truth = new Box(1, 1, 1, 1);
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            float[] v = new float[16];
            v[5] = 1f;
            v[10] = bad;
            FloatMap map = new FloatMap(4, 4, v);
            String iou = assertThrows(IllegalArgumentException.class, () -> Metrics.iou(map, truth, 0.2)).getMessage();
            assertEquals("cannot box a map holding " + bad + " at (y=2, x=2): the CAM upstream produced a non-finite"
                    + " value", iou);
            assertEquals(iou, assertThrows(IllegalArgumentException.class,
                    () -> Metrics.iouSweep(map, truth, new double[] {0.2, 0.5})).getMessage());
            String pointing = "cannot find the peak of a map holding " + bad + " at (y=2, x=2): the CAM upstream"
                    + " produced a non-finite value";
            assertEquals(pointing, assertThrows(IllegalArgumentException.class,
                    () -> Metrics.pointingHit(map, truth)).getMessage());
            assertEquals(pointing, assertThrows(IllegalArgumentException.class,
                    () -> Metrics.peakDistance(map, truth)).getMessage());
        }
    }

    /**
     * A box off the map means the map and the box are in different pixels (here the 7x7 raw map of an 84x84 canvas):
     * it was scored without a word, a miss and an IoU of 0 or of what little overlapped, where the user's mistake needs
     * naming. Every score refuses it, naming both; a box that fits, even on the map's last row and column, is scored.
     */
    @Test
    void aBoxReachingOutsideTheMapIsRefusedNamingBoth() {
        FloatMap raw = new FloatMap(7, 7, filled(49, 0.5f));
        Box onCanvas = new Box(40, 5, 20, 28);
        String pointing = assertThrows(IllegalArgumentException.class, () -> Metrics.pointingHit(raw, onCanvas))
                .getMessage();
        assertEquals("cannot score the pointing game of a 7x7 map (rows x columns) against the box 40,5,20,28 (x,y,w,h),"
                + " which reaches outside it: the map and the box must be in the same pixels, the image's"
                + " (CamResult.map(), not rawMap())", pointing);
        for (Box off : new Box[] {onCanvas, new Box(6, 6, 2, 1), new Box(-1, 0, 2, 2), new Box(0, 3, 1, 5)}) {
            assertThrows(IllegalArgumentException.class, () -> Metrics.iou(raw, off, 0.2), off.toString());
            assertThrows(IllegalArgumentException.class,
                    () -> Metrics.iouSweep(raw, off, new double[] {0.2}), off.toString());
            assertThrows(IllegalArgumentException.class, () -> Metrics.peakDistance(raw, off), off.toString());
            assertThrows(IllegalArgumentException.class, () -> Metrics.pointingHit(raw, off), off.toString());
        }
        Box corner = new Box(6, 6, 1, 1);
        assertFalse(Metrics.pointingHit(raw, corner));
        assertEquals(1.0 / 49, Metrics.iou(raw, corner, 0.2), EXACT);
    }

    @Test
    void aMapThatIsTheBoxScoresPerfectly() {
        Box truth = new Box(5, 7, 6, 4);
        FloatMap map = indicator(truth);
        assertTrue(Metrics.pointingHit(map, truth));
        for (double t : new double[] {0.05, 0.2, 0.5, 1.0}) {
            assertEquals(1.0, Metrics.iou(map, truth, t), EXACT, "threshold " + t);
        }
    }

    @Test
    void aConstantMapPointsAtTheFirstPixelAndBoxesTheWholeImage() {
        FloatMap constant = new FloatMap(20, 20, filled(400, 0.3f));
        Box away = new Box(5, 7, 6, 4);
        // Documented rule: ties go to the first pixel in row-major order, (0, 0).
        assertFalse(Metrics.pointingHit(constant, away));
        assertTrue(Metrics.pointingHit(constant, new Box(0, 0, 1, 1)));
        // Every pixel is kept: the box is the image, so IoU = truth area / image area = 24 / 400.
        assertEquals(24.0 / 400, Metrics.iou(constant, away, 0.2), EXACT);
    }

    @Test
    void aMapWithNothingPositiveHasNoBoxAndScoresZero() {
        FloatMap zero = new FloatMap(20, 20, new float[400]);
        assertEquals(0.0, Metrics.iou(zero, new Box(0, 0, 20, 20), 0.2), EXACT);
    }

    @Test
    void aMapPeakingOutsideTheBoxMisses() {
        float[] v = new float[400];
        v[19 * 20 + 19] = 1f;
        Box truth = new Box(0, 0, 10, 10);
        assertFalse(Metrics.pointingHit(new FloatMap(20, 20, v), truth));
        assertEquals(0.0, Metrics.iou(new FloatMap(20, 20, v), truth, 0.2), EXACT);
    }

    @Test
    void peakDistanceIsZeroInsideAndEuclideanToTheNearestBoxPixelOutside() {
        float[] v = new float[400];
        v[19 * 20 + 19] = 1f; // peak at x = 19, y = 19
        FloatMap map = new FloatMap(20, 20, v);
        assertEquals(0.0, Metrics.peakDistance(map, new Box(15, 15, 5, 5)), EXACT);
        // Box covers x 0..15, y 0..16: nearest pixel (15, 16), 4 right and 3 down of it -> 5.
        assertEquals(5.0, Metrics.peakDistance(map, new Box(0, 0, 16, 17)), EXACT);
        // Straight above: x inside 10..19, y 0..9 -> 10 rows away.
        assertEquals(10.0, Metrics.peakDistance(map, new Box(10, 0, 10, 10)), EXACT);
        LocalisationTally tally = new LocalisationTally(10);
        double[] none = new double[LocalisationTally.THRESHOLDS.length];
        tally.add(1, 0, none);
        tally.add(1, 3, none);
        tally.add(2, 5, none);
        LocalisationSummary s = tally.summary();
        assertEquals(1.0 / 3, s.pointing(), EXACT);
        assertEquals(2.0 / 3, s.pointingTolerant(), EXACT, "within 3 px: 0 and 3");
        assertEquals(8.0 / 3, s.meanPeakDistance(), EXACT);
        assertEquals(0.5, s.perClass().get(1).pointing(), EXACT);
    }

    @Test
    void iouOfAHalfOverlappingBlob() {
        // Map blob covers x 0..9, y 0..9 (100 px); truth x 5..14, y 0..9: overlap 50, union 150.
        FloatMap map = indicator(new Box(0, 0, 10, 10));
        assertEquals(50.0 / 150, Metrics.iou(map, new Box(5, 0, 10, 10), 0.2), EXACT);
    }

    @Test
    void trapezoidAreaOfKnownCurves() {
        assertEquals(0.5, Metrics.trapezoidAuc(new double[] {1, 0}), EXACT);
        assertEquals(0.5, Metrics.trapezoidAuc(new double[] {1, 0.75, 0.5, 0.25, 0}), EXACT, "a falling line");
        assertEquals(0.5, Metrics.trapezoidAuc(new double[] {0, 0.25, 0.5, 0.75, 1}), EXACT, "a rising line");
        assertEquals(0.3, Metrics.trapezoidAuc(new double[] {0.3, 0.3, 0.3}), EXACT, "a constant");
        // A step: 1 at 0, 0 from 1/4 on: one trapezoid of (1 + 0) / 2 * 1/4.
        assertEquals(0.125, Metrics.trapezoidAuc(new double[] {1, 0, 0, 0, 0}), EXACT);
        assertThrows(IllegalArgumentException.class, () -> Metrics.trapezoidAuc(new double[] {1}));
    }

    @Test
    void averageDropAndIncreaseInConfidenceOnHandNumbers() {
        double[] y = {0.8, 0.5, 0.4, 1.0};
        double[] o = {0.4, 0.6, 0.4, 0.0};
        // Drops: 0.4/0.8 = 0.5; rise -> 0; same -> 0; 1.0/1.0 = 1. Mean 1.5 / 4 = 0.375 -> 37.5 %.
        assertEquals(37.5, Metrics.averageDrop(y, o), 1e-9);
        // Only the second image rises strictly: 1 of 4.
        assertEquals(25.0, Metrics.increaseInConfidence(y, o), 1e-9);
        assertEquals(0.0, Metrics.averageDrop(new double[] {0.5}, new double[] {0.9}), EXACT);
        assertThrows(IllegalArgumentException.class, () -> Metrics.averageDrop(new double[] {1}, new double[] {1, 2}));
    }

    @Test
    void spearmanOfKnownRankings() {
        float[] a = {1, 2, 3, 4, 5};
        assertEquals(1.0, Metrics.spearman(a, a), EXACT);
        assertEquals(1.0, Metrics.spearman(a, new float[] {10, 20, 30, 40, 500}), EXACT, "monotone transform keeps ranks");
        assertEquals(-1.0, Metrics.spearman(a, new float[] {5, 4, 3, 2, 1}), EXACT);
        // Textbook case: d = (0, 0, -1, 1, 0) -> rho = 1 - 6 * 2 / (5 * 24) = 0.9.
        assertEquals(0.9, Metrics.spearman(a, new float[] {1, 2, 4, 3, 5}), 1e-12);
        assertTrue(Double.isNaN(Metrics.spearman(a, new float[] {7, 7, 7, 7, 7})), "a constant has no ranking");
    }

    @Test
    void spearmanGivesTiesTheirMeanRank() {
        assertArrayEquals(new double[] {1, 2.5, 2.5, 4}, Metrics.ranks(new float[] {1, 2, 2, 3}), EXACT);
        assertArrayEquals(new double[] {2, 2, 2}, Metrics.ranks(new float[] {5, 5, 5}), EXACT);
        // x = (1, 2, 2, 3) -> ranks (1, 2.5, 2.5, 4); y ranks (1, 2, 3, 4): Pearson of ranks = 4.5 / sqrt(4.5 * 5).
        assertEquals(4.5 / Math.sqrt(4.5 * 5), Metrics.spearman(new float[] {1, 2, 2, 3}, new float[] {1, 2, 3, 4}), 1e-12);
    }

    @Test
    void deletionOrderIsHighestFirstAndTiesInIndexOrder() {
        assertArrayEquals(new int[] {2, 0, 3, 1}, Metrics.descendingOrder(new float[] {0.5f, -1f, 0.9f, 0.5f}));
        assertArrayEquals(new int[] {0, 1, 2}, Metrics.descendingOrder(new float[] {0, 0, 0}));
    }

    /**
     * An image the model gave no probability (Y = 0) adds 0 to Average Drop and still counts in its mean, as the javadoc
     * says: the other image's drop 0.4 / 0.8 = 0.5 over two images is 25 %. Counted as (0 - 0.3) / 0 it was NaN.
     */
    @Test
    void averageDropCountsAnImageWithoutProbabilityAsNoDrop() {
        assertEquals(25.0, Metrics.averageDrop(new double[] {0, 0.8}, new double[] {0.3, 0.4}), EXACT);
    }

    /** Two rises of four are 50 %; unpaired or empty inputs are refused, never a NaN or a count of the shorter. */
    @Test
    void increaseInConfidenceIsThePercentageOfRisesAndRefusesUnpairedInput() {
        double[] y = {0.1, 0.2, 0.3, 0.4};
        assertEquals(50.0, Metrics.increaseInConfidence(y, new double[] {0.2, 0.3, 0.3, 0.1}), EXACT);
        assertThrows(IllegalArgumentException.class, () -> Metrics.increaseInConfidence(new double[0], new double[0]));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.increaseInConfidence(new double[] {0.5, 0.5}, new double[] {0.6}));
        assertThrows(IllegalArgumentException.class,
                () -> Metrics.increaseInConfidence(new double[] {0.5}, new double[] {0.6, 0.7}));
    }

    /**
     * Raw maps (Grad-CAM before its ReLU, a baseline's noise) hold negative values: -0.5 lies above -1, which lies above
     * -2, in the deletion order, the ranks and so the rank correlation.
     */
    @Test
    void negativeValuesAreOrderedAsNumbers() {
        float[] v = {-1f, -2f, 0.5f, -0.5f};
        assertArrayEquals(new int[] {2, 3, 0, 1}, Metrics.descendingOrder(v));
        assertArrayEquals(new int[] {2, 3, 0, 1}, Metrics.descendingOrder(v, 7));
        assertArrayEquals(new double[] {2, 1, 4, 3}, Metrics.ranks(v), EXACT);
        assertEquals(1.0, Metrics.spearman(v, new float[] {20, 10, 40, 30}), EXACT);
    }

    /**
     * The cascade keeps the trained maps' ranks and compares them with each step's map: that must be the number
     * spearman(a, b) gives, to the last bit, or its figures would move. Maps of 84x84 cells, half of them ReLU'd zeros
     * (ties), against maps that tie too and maps that do not.
     */
    @Test
    void spearmanOfKeptRanksIsSpearmanToTheLastBit() {
        java.util.Random random = new java.util.Random(7);
        for (int k = 0; k < 20; k++) {
            float[] a = new float[84 * 84];
            float[] b = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                a[i] = Math.max(0, (float) random.nextGaussian());
                b[i] = k % 2 == 0 ? Math.max(0, (float) random.nextGaussian()) : (float) random.nextGaussian();
            }
            double[] ranksOfA = Metrics.ranks(a);
            assertEquals(Double.doubleToLongBits(Metrics.spearman(a, b)),
                    Double.doubleToLongBits(Metrics.spearman(ranksOfA, b)), "map " + k);
        }
        assertThrows(IllegalArgumentException.class, () -> Metrics.spearman(new double[] {1, 2}, new float[] {1, 2, 3}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.spearman(new double[] {1}, new float[] {1}));
    }

    /**
     * The threshold sweep sorts only the pixels that reach its lowest cut: they must come in the order the whole map's
     * sort walked them, ties in index order, and nothing below the cut (nor NaN, which never compares >= a number).
     * ReLU'd 84x84 maps, half zeros, with values quantised to 1/8 so that ties are many, a negative and a NaN.
     */
    @Test
    void descendingOrderAtLeastIsTheWholeOrderDownToTheCut() {
        java.util.Random random = new java.util.Random(11);
        for (int k = 0; k < 20; k++) {
            float[] v = new float[84 * 84];
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.round(Math.max(0, random.nextGaussian()) * 8) / 8f;
            }
            v[5] = Float.NaN;
            v[6] = -1;
            double cut = 0.05 * k;
            int[] expected = java.util.Arrays.stream(Metrics.descendingOrder(v)).filter(i -> v[i] >= cut).toArray();
            assertArrayEquals(expected, Metrics.descendingOrderAtLeast(v, cut), "cut " + cut);
        }
        assertArrayEquals(new int[] {2, 0, 3}, Metrics.descendingOrderAtLeast(new float[] {0.5f, 0.1f, 0.9f, 0.5f}, 0.5));
    }

    /**
     * Spearman's correlation and the area under a curve refuse NaN and infinity, naming the argument and index, as iou
     * refuses a map holding them: spearman of [1, 2, NaN] against [1, 2, 3] gave 1 (NaN ranked above every number),
     * and trapezoidAuc of a curve with a NaN point returned NaN without a word.
     */
    @Test
    void spearmanAndTheAreaRefuseNonFiniteValuesNamingTheIndex() {
        for (float bad : new float[] {Float.NaN, Float.NEGATIVE_INFINITY}) {
            float[] holding = {1, 2, bad, 4};
            float[] plain = {1, 2, 3, 4};
            assertEquals("cannot rank b holding " + bad + " at index 2 of 4: the CAM upstream produced a non-finite value",
                    assertThrows(IllegalArgumentException.class, () -> Metrics.spearman(plain, holding)).getMessage());
            assertEquals("cannot rank a holding " + bad + " at index 2 of 4: the CAM upstream produced a non-finite value",
                    assertThrows(IllegalArgumentException.class, () -> Metrics.spearman(holding, plain)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> Metrics.spearman(Metrics.ranks(plain), holding));
            assertThrows(IllegalArgumentException.class, () -> Metrics.ranks(holding));
            assertEquals("cannot take the area under a curve holding " + (double) bad + " at index 1 of 3: the"
                    + " probabilities upstream were not finite", assertThrows(IllegalArgumentException.class,
                            () -> Metrics.trapezoidAuc(new double[] {0.9, bad, 0.1})).getMessage());
        }
        assertEquals(1.0, Metrics.spearman(new float[] {1, 2, 3}, new float[] {1, 2, 3}), EXACT);
    }

    /** Two values are the fewest with a ranking: opposite orders correlate at -1. */
    @Test
    void spearmanOfTwoValues() {
        assertEquals(-1.0, Metrics.spearman(new float[] {1, 2}, new float[] {5, 3}), EXACT);
        assertThrows(IllegalArgumentException.class, () -> Metrics.spearman(new float[] {1}, new float[] {1}));
        assertThrows(IllegalArgumentException.class, () -> Metrics.spearman(new float[] {1, 2}, new float[] {1, 2, 3}));
    }

    /**
     * The order deletion and insertion walk: highest value first, and the many equal values of a map (the zeros far
     * from the ink) in a seeded shuffle, not row-major, so that ink near the top of a canvas is not deleted earlier than
     * the same ink near the bottom. Of the first 198 of 397 zeros walked, a fair shuffle takes about half (99, standard
     * deviation 5) from the top half of a 20x20 map; row-major order took all 198. The bounds 60..140 are about eight
     * standard deviations wide on each side.
     */
    @Test
    void seededOrderIsHighestFirstWithTiesShuffled() {
        float[] v = new float[400];
        v[7] = 3;
        v[100] = 2;
        v[399] = 2;
        int[] order = Metrics.descendingOrder(v, 42);
        assertEquals(7, order[0]);
        assertEquals(java.util.Set.of(100, 399), java.util.Set.of(order[1], order[2]));
        int[] sorted = order.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i], "every pixel exactly once");
        }
        int fromTop = 0;
        for (int k = 3; k < 3 + 198; k++) {
            fromTop += order[k] < 200 ? 1 : 0;
        }
        assertTrue(fromTop >= 60 && fromTop <= 140, fromTop + " of the first 198 zeros from the top half");
        assertArrayEquals(order, Metrics.descendingOrder(v, 42), "the same seed, the same order");
        assertFalse(java.util.Arrays.equals(order, Metrics.descendingOrder(v, 43)), "another seed, another order");
    }

    /**
     * The IoU sweep on hand numbers: a 20x20 map at 1 over x 0..9 and 0.3 over x 10..19 (rows 0..9), truth the left
     * half's box. At 0.2 both halves are kept, one region (0,0,20,10): IoU 100 / 200. At 0.5 only the left half: 1.
     * A map with nothing positive scores 0 at every threshold.
     */
    @Test
    void iouSweepMatchesTheBoxAtEachThreshold() {
        float[] v = new float[400];
        for (int y = 0; y < 10; y++) {
            for (int x = 0; x < 20; x++) {
                v[y * 20 + x] = x < 10 ? 1f : 0.3f;
            }
        }
        FloatMap map = new FloatMap(20, 20, v);
        Box truth = new Box(0, 0, 10, 10);
        assertArrayEquals(new double[] {0.5, 1.0}, Metrics.iouSweep(map, truth, new double[] {0.2, 0.5}), EXACT);
        assertEquals(0.5, Metrics.iou(map, truth, 0.2), EXACT);
        assertArrayEquals(new double[] {0, 0}, Metrics.iouSweep(new FloatMap(20, 20, new float[400]), truth,
                new double[] {0.2, 0.5}), EXACT);
    }

    /** A digit without ink has an empty box: its peak is infinitely far (a miss, left out of the mean distance). */
    @Test
    void peakDistanceToAnEmptyBoxIsInfinite() {
        float[] v = new float[400];
        v[0] = 1f;
        assertEquals(Double.POSITIVE_INFINITY, Metrics.peakDistance(new FloatMap(20, 20, v), new Box(0, 0, 0, 5)));
    }

    private static float[] filled(int n, float value) {
        float[] v = new float[n];
        java.util.Arrays.fill(v, value);
        return v;
    }
}
