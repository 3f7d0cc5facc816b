package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class ChartsTest {

    /** Pixels of exactly this BGR colour. */
    private static int count(Mat m, int b, int g, int r) {
        int n = 0;
        try (UByteIndexer ix = m.createIndexer()) {
            for (int y = 0; y < m.rows(); y++) {
                for (int x = 0; x < m.cols(); x++) {
                    if (ix.get(y, x, 0) == b && ix.get(y, x, 1) == g && ix.get(y, x, 2) == r) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    @Test
    void barsAreAsTallAsTheirValues() {
        // One series (tab10 blue, BGR 180,119,31), two categories: 1.0 and 0.5 of the axis.
        try (Mat chart = Charts.bars("t", "y", List.of("a", "b"), List.of(new Charts.Series("s", new double[] {1.0, 0.5})), 1.0)) {
            assertEquals(Charts.HEIGHT, chart.rows());
            assertEquals(Charts.WIDTH, chart.cols());
            int blue = count(chart, 180, 119, 31);
            // Plot: 790 x 380 px, so groups of 395 px and bars of 0.8 * 395 = 316 px; the bars span 380 and 190 rows
            // (plus the axis row they cover), and the legend's swatch is 15 x 13 px. Tolerance: a few edge columns.
            int plotWidth = Charts.WIDTH - 80 - 250;
            int barWidth = (int) Math.round(0.8 * plotWidth / 2);
            assertEquals(barWidth * (381 + 191) + 15 * 13, blue, 2 * 381);
        }
    }

    /** A correlation's axis from -1 to 1 has a tick at 0 (it was ticked at -0.2 and 0.2); 0..1 keeps its five steps. */
    @Test
    void anAxisThatSpansZeroIsTickedAtZero() {
        assertArrayEquals(new double[] {-1, -0.5, 0, 0.5, 1}, Charts.yTicks(-1, 1), 1e-12);
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6, 0.8, 1}, Charts.yTicks(0, 1), 1e-12);
        assertArrayEquals(new double[] {-0.5, 0, 0.5, 1, 1.5, 2}, Charts.yTicks(-0.5, 2), 1e-12);
    }

    /**
     * Twenty series, each its own colour: with tab10 alone an evaluation with six --also methods drew its eleventh
     * series ("randomized weights") in the first one's (CAM's) blue. Each legend swatch's colour is found exactly once
     * among the swatches.
     */
    @Test
    void twentySeriesHaveTwentyColours() {
        List<Charts.Series> series = java.util.stream.IntStream.range(0, 20)
                .mapToObj(i -> new Charts.Series("s" + i, new double[] {0.5})).toList();
        try (Mat chart = Charts.bars("t", "y", List.of("a"), series, 1.0); UByteIndexer ix = chart.createIndexer()) {
            java.util.Set<Integer> swatches = new java.util.HashSet<>();
            for (int s = 0; s < 20; s++) {
                // The legend's swatch s: 15 x 13 px from (WIDTH - 250 + 15, TOP + 10 + 22 s - 10); its middle.
                int y = 50 + 10 + 22 * s - 4;
                int x = Charts.WIDTH - 250 + 15 + 7;
                swatches.add((ix.get(y, x, 0) << 16) | (ix.get(y, x, 1) << 8) | ix.get(y, x, 2));
            }
            assertEquals(20, swatches.size(), "distinct swatch colours");
        }
    }

    /**
     * A model's folder name is its legend entry in the summary chart; an 80-character one was drawn at a scale of about
     * 0.17, an unreadable line of dots. Past the smallest readable size a name is shortened in its middle, keeping its
     * start and its end (and a curve's AUC in parentheses).
     */
    @Test
    void aLongLegendNameIsShortenedRatherThanShrunkPastReading() {
        String longName = "pooled model trained with hide-and-seek patches 8, cosine schedule, seed 42, run 17";
        String shown = Charts.legendText(longName, Charts.LEGEND_ROOM);
        assertTrue(shown.startsWith("pooled model") && shown.contains("...") && shown.endsWith("run 17")
                && shown.length() < longName.length(), shown);
        assertTrue(Charts.textWidth(shown, Charts.MIN_LEGEND_SCALE) <= Charts.LEGEND_ROOM, shown);
        String curve = Charts.legendText(longName + " (0.123)", Charts.LEGEND_ROOM);
        assertTrue(curve.startsWith("pooled model") && curve.endsWith("run 17 (0.123)"), curve);
        // Names that differ at their end only stay apart: cut from their end, two seeds' models read the same
        // (helper-165).
        String seed1 = Charts.legendText("mnist-cam-experiment-2026-12-04-pooled-seed-1", 150);
        String seed2 = Charts.legendText("mnist-cam-experiment-2026-12-04-pooled-seed-2", 150);
        assertTrue(seed1.contains("...") && seed1.endsWith("seed-1") && seed2.endsWith("seed-2"), seed1 + " " + seed2);
        assertEquals("CAM, positive-part masks (0.112)", Charts.legendText("CAM, positive-part masks (0.112)",
                Charts.LEGEND_ROOM), "a name that fits is kept whole");
    }

    /**
     * A chart's title is centred; a model name before "CAM vs baselines (AD, IC as fractions, ...)" made it wider than
     * the chart (from about 25 characters on) and both ends were cut off. It is drawn smaller to fit.
     */
    @Test
    void aLongTitleFitsTheChart() {
        String title = "mnist-pooled-hide-and-seek-8-cosine: CAM vs baselines (AD, IC as fractions, distance per canvas"
                + " diagonal; (-) lower is better)";
        try (Mat chart = Charts.bars(title, "y", List.of("a"), List.of(new Charts.Series("s", new double[] {0.5})), 1.0);
                UByteIndexer ix = chart.createIndexer()) {
            int inkAtEdges = 0;
            for (int y = 0; y < 45; y++) {
                for (int x : new int[] {0, 1, 2, 3, Charts.WIDTH - 4, Charts.WIDTH - 3, Charts.WIDTH - 2, Charts.WIDTH - 1}) {
                    inkAtEdges += ix.get(y, x, 0) < 128 ? 1 : 0;
                }
            }
            assertEquals(0, inkAtEdges, "the title stays inside the chart");
        }
    }

    @Test
    void linesDrawEverySeriesInItsColour() {
        double[] x = {0, 0.5, 1};
        try (Mat chart = Charts.lines("t", "x", "y", x, List.of(new Charts.Series("one", new double[] {0, 0.5, 1}),
                new Charts.Series("two", new double[] {1, 1, 0})), 0, 1)) {
            assertTrue(count(chart, 180, 119, 31) > 500, "first series drawn");
            assertTrue(count(chart, 14, 127, 255) > 500, "second series drawn");
        }
    }

    /** @return the pixels of exactly this colour inside the plot, left of the legend */
    private static int countInPlot(Mat m, int b, int g, int r) {
        int n = 0;
        try (UByteIndexer ix = m.createIndexer()) {
            for (int y = 0; y < m.rows(); y++) {
                for (int x = Charts.LEFT; x < Charts.WIDTH - Charts.RIGHT; x++) {
                    if (ix.get(y, x, 0) == b && ix.get(y, x, 1) == g && ix.get(y, x, 2) == r) {
                        n++;
                    }
                }
            }
        }
        return n;
    }

    /**
     * A series equal to one drawn over it (the deletion curve of CAM's positive-part masks, the same as CAM's on a map
     * that is nowhere negative) showed not one pixel of its colour in the plot, only its legend's swatch: it is ringed
     * at each point. A series that differs anywhere is drawn as before, unringed.
     */
    @Test
    void aSeriesHiddenUnderAnotherIsRingedAtEachPoint() {
        double[] x = {0, 0.5, 1};
        double[] curve = {1, 0.4, 0.1};
        try (Mat chart = Charts.lines("t", "x", "y", x, List.of(new Charts.Series("CAM", curve),
                new Charts.Series("CAM, positive-part masks", curve.clone())), 0, 1)) {
            // Rings of radius 6, 2 pixels wide, around 3 points: about 200 pixels, of which anti-aliasing leaves some
            // of the exact colour; 0 without them.
            assertTrue(countInPlot(chart, 14, 127, 255) > 30, "the hidden series shows in its colour");
            assertTrue(countInPlot(chart, 180, 119, 31) > 100, "the series over it is drawn too");
        }
        // Under a dot of radius 3 and lines 2 wide, a point up to 3 pixels off another's is not seen either (a curve 1
        // or 2 pixels from another's had been left unringed, helper-158's audit); 4 pixels off, its colour shows.
        int[][] px = {{80, 400, 870}, {80, 400, 870}, {80, 400, 870}, {80, 400, 870}, {80, 400, 870}};
        int[][] py = {{50, 200, 400}, {50, 200, 404}, {50, 200, 400}, {50, 203, 401}, {47, 200, 400}};
        assertArrayEquals(new boolean[] {false, false, true, true, true}, Charts.hidden(px, py),
                "hidden only when every point lies under one series drawn over it");
        assertArrayEquals(new boolean[] {false, false}, Charts.hidden(new int[][] {{80, 400}, {80, 400}},
                new int[][] {{50, 200}, {50, 196}}), "4 pixels off shows");
    }

    @Test
    void refusesSeriesThatDoNotFitTheAxis() {
        assertThrows(IllegalArgumentException.class, () -> Charts.bars("t", "y", List.of("a", "b"),
                List.of(new Charts.Series("s", new double[] {1})), 1));
    }

    /** One axis, one number of decimals: the fewest that write every tick exactly (it printed "0.00" beside "25"). */
    @Test
    void anAxisLabelsEveryTickWithTheSameDecimals() {
        assertArrayEquals(new String[] {"0", "20", "40", "60", "80", "100"}, Charts.tickLabels(0, 20, 40, 60, 80, 100));
        assertArrayEquals(new String[] {"0.0", "0.2", "0.4", "0.6", "0.8", "1.0"},
                Charts.tickLabels(0, 0.2, 0.4, 0.6000000000000001, 0.8, 1));
        assertArrayEquals(new String[] {"0.05", "0.10", "0.80"}, Charts.tickLabels(0.05, 0.1, 0.8));
        assertArrayEquals(new String[] {"0.000", "0.333", "0.667"}, Charts.tickLabels(0, 1 / 3.0, 2 / 3.0));
        assertArrayEquals(new String[] {"-0.5", "0.0", "0.5"}, Charts.tickLabels(-0.5, -1e-17, 0.5));
    }

    /** @return whether any pixel of column {@code x}, rows {@code from} to {@code to} (exclusive), is darker than 200 */
    private static boolean inkInColumn(UByteIndexer ix, int x, int from, int to) {
        for (int y = from; y < to; y++) {
            if (ix.get(y, x, 0) < 200 || ix.get(y, x, 1) < 200 || ix.get(y, x, 2) < 200) {
                return true;
            }
        }
        return false;
    }

    /**
     * The summary chart of evaluate --road names 17 metrics under their bars, in groups 46 pixels wide: at the labels'
     * one size "compl. (-)" (71 px) ran into "ROAD" and "coher." ("ROADcompl. (-)coher."), and "IoU>=.5" into
     * "point.". Every label now stays in its own group: the column between two groups holds no ink under the axis.
     */
    @Test
    void categoryLabelsStayInTheirGroups() {
        List<String> categories = List.of("pointing", "point.\n<=3px", "peak\ndist.\n/diag. (-)", "IoU>=.5\nt=.2",
                "mIoU\nt=.2", "IoU>=.5\nbest t", "point.\nclutter", "IoU>=.5\nclutter", "mIoU\nclutter", "AD (-)", "IC",
                "delet.\nAUC (-)", "insert.\nAUC", "ROAD\n+0.5", "compl. (-)", "coher.", "ARCC");
        double[] values = new double[categories.size()];
        java.util.Arrays.fill(values, 0.5);
        try (Mat chart = Charts.bars("t", "y", categories, List.of(new Charts.Series("s", values)), 1.0);
                UByteIndexer ix = chart.createIndexer()) {
            double group = (double) (Charts.WIDTH - Charts.LEFT - Charts.RIGHT) / categories.size();
            List<Integer> inked = new java.util.ArrayList<>();
            for (int c = 1; c < categories.size(); c++) {
                int x = (int) Math.round(Charts.LEFT + c * group);
                // Under the axis (its row and the tick marks' 5 below left out) to the chart's bottom.
                if (inkInColumn(ix, x, Charts.HEIGHT - Charts.BOTTOM + 6, Charts.HEIGHT)) {
                    inked.add(c);
                }
            }
            assertEquals(List.of(), inked, "groups whose left edge a label crosses");
        }
    }

    /**
     * Every threshold's baselines at 0 hidden under one another: eleven rings stacked, up to 36 pixels across, had
     * covered the x axis's tick labels ("0.05" read "0.03") and reached into the legend. The series are drawn clipped
     * to the plot and a margin short of the labels and the legend: the strip between the plot and the legend's swatches
     * stays white, and the tick labels are those of a chart without rings.
     */
    @Test
    void ringsStayOffTheTickLabelsAndTheLegend() {
        double[] x = {0.05, 0.1, 0.15, 0.2};
        List<Charts.Series> stacked = new java.util.ArrayList<>();
        for (int s = 0; s < 12; s++) {
            stacked.add(new Charts.Series("s" + s, new double[] {0, 0, 0, 0}));
        }
        try (Mat ringed = Charts.lines("t", "x", "y", x, stacked, 0, 1);
                Mat plain = Charts.lines("t", "x", "y", x, stacked.subList(0, 1), 0, 1);
                UByteIndexer ir = ringed.createIndexer(); UByteIndexer ip = plain.createIndexer()) {
            for (int column = Charts.WIDTH - Charts.RIGHT + 8; column < Charts.WIDTH - Charts.RIGHT + 13; column++) {
                assertFalse(inkInColumn(ir, column, 0, Charts.HEIGHT), "ink between the plot and the legend at x " + column);
            }
            int differ = 0;
            for (int y = Charts.HEIGHT - Charts.BOTTOM + 8; y < Charts.HEIGHT; y++) {
                for (int col = 0; col < Charts.WIDTH - Charts.RIGHT + 13; col++) {
                    for (int ch = 0; ch < 3; ch++) {
                        differ += ir.get(y, col, ch) != ip.get(y, col, ch) ? 1 : 0;
                    }
                }
            }
            assertEquals(0, differ, "pixel values under the axis that the rings changed");
        }
    }

    /**
     * evaluate --also with the 18 methods that run in seconds charts 23 series (24 in the threshold sweep), and with
     * every method 30: the legend's rows, 22 pixels apart, ran off the chart's bottom from the 21st on, and colours
     * repeated from the 21st (the 21st in CAM's blue). Each of 30 series now has a legend row inside the chart, its
     * swatch's colour found once among the swatches. The rows are counted down the swatches' middle column as runs of
     * non-white pixels.
     */
    @Test
    void thirtySeriesEachHaveALegendRowInTheirOwnColour() {
        List<Charts.Series> series = java.util.stream.IntStream.range(0, 30)
                .mapToObj(i -> new Charts.Series("s" + i, new double[] {0.5})).toList();
        try (Mat chart = Charts.bars("t", "y", List.of("a"), series, 1.0); UByteIndexer ix = chart.createIndexer()) {
            int x = Charts.WIDTH - Charts.RIGHT + 15 + 7;
            List<Integer> colours = new java.util.ArrayList<>();
            boolean inRow = false;
            for (int y = 0; y < chart.rows(); y++) {
                boolean white = ix.get(y, x, 0) == 255 && ix.get(y, x, 1) == 255 && ix.get(y, x, 2) == 255;
                if (!white && !inRow) {
                    // A swatch's first row can be anti-aliased: its colour is read three rows down.
                    int at = Math.min(chart.rows() - 1, y + 3);
                    colours.add((ix.get(at, x, 0) << 16) | (ix.get(at, x, 1) << 8) | ix.get(at, x, 2));
                }
                inRow = !white;
            }
            assertEquals(30, colours.size(), "legend rows inside the chart");
            assertEquals(30, new java.util.HashSet<>(colours).size(), "distinct swatch colours");
        }
    }

    /**
     * The x axis's labelled ticks end on the last point where that leaves 4 or more: the threshold sweep's 16 points,
     * 0.05 to 0.80, were labelled every second one, to 0.75 (helper-158's audit).
     */
    @Test
    void theXAxisIsLabelledToItsLastPoint() {
        assertEquals(3, Charts.tickEvery(16), "0.05, 0.20, 0.35, 0.50, 0.65, 0.80: the paper's 0.2 among them");
        assertEquals(2, Charts.tickEvery(17), "deletion's 17 points: 9 ticks, the last the last point");
        assertEquals(1, Charts.tickEvery(9));
        assertEquals(1, Charts.tickEvery(1));
        // 14 points: 13 is prime, and every 13th point makes only 2 ticks: every second one, as before.
        assertEquals(2, Charts.tickEvery(14));
        for (int points = 1; points <= 200; points++) {
            int every = Charts.tickEvery(points);
            assertTrue((points - 1) / every + 1 <= 9, points + " points: at most 9 ticks");
        }
    }
}

