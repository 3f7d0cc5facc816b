package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.DatasetLocator;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.ColourKey;
import io.github.cam4j.render.Colormap;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Images;
import io.github.cam4j.testing.CaptionBands;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cam4j compare} on the bundled pooled model, a Keras model without pooling, and MNIST's test digits. */
class CompareCommandTest {
    static final String MODEL = SharedData.bundledModels().resolve("mnist-pooled").toString();
    static final String FLATTEN = "src/test/resources/keras3/flatten-export";
    static final String DATA = SharedData.mnist().toString();

    /** A 28x28 digit is drawn 6 times enlarged under the default --min-side 160, so every cell is 168 pixels a side. */
    static final int CELL = 168;
    /** FigureGrid.table's padding and header band for cells of {@value #CELL}: max(4, 168 / 24), max(16, 168 / 6). */
    static final int PAD = 7;
    static final int HEADER = 28;

    @TempDir
    static Path tmp;

    static Path digit0;
    static Path digit1;

    @BeforeAll
    static void writeDigits() throws Exception {
        Path[] digits = FirstTestDigit.writeFirstTwoIn(tmp);
        digit0 = digits[0];
        digit1 = digits[1];
    }

    /**
     * In a log (from 100 pictures times methods) the bar names the method under way after its rate, a space between:
     * it read "4.8 pictures/sGrad-CAM element-wise" (helper-152).
     */
    @Test
    void theBarInALogNamesTheMethodApartFromTheRate() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(io.github.cam4j.ProgressBars.stderrIsTerminal(), "a terminal");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "25", "--methods",
                "cam,gradcam,eigencam,xgradcam", "--out", tmp.resolve("logged.png").toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> bars = run.err().lines().filter(l -> l.startsWith("compare ")).toList();
        assertTrue(!bars.isEmpty(), run.err());
        for (String line : bars) {
            // The first line comes before any method has begun.
            assertTrue(line.matches(".*/s( (CAM|Grad-CAM|Eigen-CAM|XGrad-CAM))?$"), line);
        }
        assertTrue(bars.stream().anyMatch(l -> l.endsWith("/s XGrad-CAM")), run.err());
    }

    @Test
    void theFigureHasARowPerDigitAndAColumnPerMethodAfterThePicture() throws Exception {
        Path out = tmp.resolve("size.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "3", "--methods", "cam,gradcam,eigencam",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        try (Mat figure = Images.read(out)) {
            int columns = 4; // the picture, then three methods
            int rows = 3;
            assertEquals(PAD + columns * (CELL + PAD), figure.cols(), "width");
            // Under the table, the colour key's band.
            assertEquals(PAD + HEADER + rows * (CELL + PAD) + ColourKey.bandHeight(figure.cols()), figure.rows(),
                    "height");
            // The key's bar, across the band's middle row: the colormap's lowest colour left of its highest.
            int middle = figure.rows() - ColourKey.bandHeight(figure.cols()) / 2;
            int lowest = -1;
            int highest = -1;
            try (Mat ends = Colormap.JET.apply(new FloatMap(1, 2, new float[] {0f, 1f}));
                    UByteIndexer e = ends.createIndexer(); UByteIndexer f = figure.createIndexer()) {
                for (int x = 0; x < figure.cols(); x++) {
                    if (f.get(middle, x, 0) == e.get(0, 0, 0) && f.get(middle, x, 1) == e.get(0, 0, 1)
                            && f.get(middle, x, 2) == e.get(0, 0, 2) && lowest < 0) {
                        lowest = x;
                    }
                    if (f.get(middle, x, 0) == e.get(0, 1, 0) && f.get(middle, x, 1) == e.get(0, 1, 1)
                            && f.get(middle, x, 2) == e.get(0, 1, 2)) {
                        highest = x;
                    }
                }
            }
            assertTrue(lowest >= 0 && highest > lowest, "no colour key under the table: lowest colour at " + lowest
                    + ", highest at " + highest);
        }
        List<String> lines = run.out().lines().toList();
        assertEquals("wrote " + out + ": 3 pictures x 3 methods", lines.get(0));
        assertTrue(lines.get(1).matches("CAM +\\d+\\.\\d\\d ms/picture  \\(the reference for the others\\)"), lines.get(1));
        assertTrue(lines.get(2).matches("Grad-CAM +\\d+\\.\\d\\d ms/picture  Spearman vs CAM 0\\.\\d{3} \\(3\\)  same peak"
                + " \\d/3 \\(\\d+\\.\\d px apart on average\\)"), lines.get(2));
        assertTrue(lines.get(3).startsWith("Eigen-CAM "), lines.get(3));
        assertEquals(4, lines.size(), run.out());
    }

    /**
     * A large photo's cells are shrunk to --max-side (480 by default) on their longer side: a 4000x3000 photo made a
     * figure 41 826 pixels wide and 150 MB (helper-84's audit). Here a 1200x900 picture of a digit (MNIST's first test
     * digit enlarged) with two methods: cells 480x360, in FigureGrid.table's padding max(4, min(480, 360) / 24) = 15,
     * so the figure is 15 + 3 x (480 + 15) wide. With --max-side 0 the
     * cells keep the picture's size; a --max-side under --min-side is refused.
     */
    @Test
    void aLargePicturesCellsAreShrunkToMaxSide() throws Exception {
        Path large = tmp.resolve("large.png");
        try (Mat small = Images.read(digit0); Mat big = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(small, big, new org.bytedeco.opencv.opencv_core.Size(1200,
                    900), 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR);
            Images.write(big, large);
        }
        Path out = tmp.resolve("large-figure.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcam", large.toString(), "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        int pad = Math.max(4, 360 / 24);
        try (Mat figure = Images.read(out)) {
            assertEquals(pad + 3 * (480 + pad), figure.cols(), "width");
        }
        Path whole = tmp.resolve("large-whole.png");
        CliRun unlimited = CliRun.of("compare", "--model", MODEL, "--methods", "cam", large.toString(), "--max-side",
                "0", "--out", whole.toString());
        assertEquals(0, unlimited.exitCode(), unlimited.err());
        try (Mat figure = Images.read(whole)) {
            assertTrue(figure.cols() > 2 * 1200, "cells at the picture's size: " + figure.cols());
        }
        CliRun refused = CliRun.of("compare", "--model", MODEL, large.toString(), "--max-side", "100", "--out",
                tmp.resolve("never.png").toString());
        assertEquals(2, refused.exitCode(), refused.err());
        assertTrue(refused.err().contains("--max-side must be 0 (never shrink) or at least --min-side (160), got 100"),
                refused.err());
    }

    /**
     * A thin picture's cells are brought down to --max-side on their longer side but not below 16 pixels on their
     * shorter: a 3000x1 strip's cells had been 480x2 pixels, lines nothing could be seen in. They are 480x16, stretched
     * across, and stderr says so; the figure stays as wide as --max-side makes it (keeping the strip's shape with 16
     * pixels across had made a figure 81 375 pixels wide), padded by the cells' shorter side, max(4, min(480, 16) /
     * 24) = 4 (by their width, 20: white bands above and below each strip).
     */
    @Test
    void aThinPicturesCellsAreStretchedToBeSeenWithinMaxSide() throws Exception {
        Path thin = io.github.cam4j.testing.FlatPictures.write(tmp.resolve("thin-row.png"), 1, 3000, 0.0);
        Path out = tmp.resolve("thin-row-figure.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcam", thin.toString(), "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().contains("cam4j: note: thin-row.png (3000x1 pixels) is drawn in cells of 480x16, stretched"
                + " across: --max-side 480 bounds their longer side and 16 pixels is the least the figure draws a side"
                + " at, so they do not keep its shape\n"), run.err());
        int pad = 4;
        try (Mat figure = Images.read(out)) {
            assertEquals(pad + 3 * (480 + pad), figure.cols(), "width, as --max-side bounds it");
            // The black strip's rows down the middle of its cell, right of its caption.
            int black = 0;
            UByteIndexer ix = figure.createIndexer();
            for (int y = 0; y < figure.rows(); y++) {
                black += ix.get(y, pad + 400, 0) == 0 && ix.get(y, pad + 400, 1) == 0 && ix.get(y, pad + 400, 2) == 0 ? 1 : 0;
            }
            ix.close();
            assertEquals(16, black, "the strip's cell is 16 rows high");
        }
    }

    /**
     * At --min-side 0 a 28x28 digit's cells were drawn at 28x28 and the caption on each cut without a sign: the
     * overlay's "7  p=1.000" to "7", its probability dropped, the picture's name to its first letter. Now the cells are
     * enlarged as far as their captions need: the figure is the one --min-side N draws, N the first multiple of 28 at
     * which both captions fit whole (and the figure at 28x28 cells was smaller).
     */
    @Test
    void atMinSideZeroTheCellsAreLargeEnoughForTheirCaptions() throws Exception {
        Path zero = tmp.resolve("min-side-0.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam", "--min-side", "0", digit0.toString(),
                "--out", zero.toString());
        assertEquals(0, run.exitCode(), run.err());
        String name = digit0.getFileName().toString();
        // MNIST's first test digit, a 7 the pooled model is sure of; Hershey's digits are all one width.
        String caption = "7  p=1.000";
        int side = CaptionCells.firstSideHolding(28, caption, name);
        assertTrue(side > 28, "the captions fit a 28x28 cell");
        Path held = tmp.resolve("min-side-held.png");
        CliRun enlarged = CliRun.of("compare", "--model", MODEL, "--methods", "cam", "--min-side",
                Integer.toString(side), digit0.toString(), "--out", held.toString());
        assertEquals(0, enlarged.exitCode(), enlarged.err());
        try (Mat atZero = Images.read(zero); Mat atSide = Images.read(held)) {
            assertEquals(atSide.cols() + "x" + atSide.rows(), atZero.cols() + "x" + atZero.rows(),
                    "cells of " + side + " pixels a side");
        }
    }

    /**
     * A 600x120 strip of digits is enlarged twice (--min-side 160) to 1200x240, then its cells come down to --max-side
     * 480, 480x96. Drawn at 1200x240 and shrunk, their captions came out 0.4 times their size, the file name and the class
     * unread (4 rows of the band kept its grey); drawn at 480x96, each caption's band is the one a 480x96 overlay's is, 17 pixels (the
     * band is at the cell's top or bottom; its grey counted down its second column, which the band's padding keeps free of
     * letters).
     */
    @Test
    void aShrunkCellsCaptionIsDrawnAtTheCellsSize() throws Exception {
        Path strip = tmp.resolve("strip.png");
        try (Mat digit = Images.read(digit0); Mat big = new Mat(); Mat row = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(digit, big, new org.bytedeco.opencv.opencv_core.Size(120,
                    120), 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR);
            try (org.bytedeco.opencv.opencv_core.MatVector five = new org.bytedeco.opencv.opencv_core.MatVector(big, big,
                    big, big, big)) {
                org.bytedeco.opencv.global.opencv_core.hconcat(five, row);
            }
            Images.write(row, strip);
        }
        Path out = tmp.resolve("strip-figure.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam", strip.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        int pad = Math.max(4, 96 / 24); // by the cells' shorter side, min(480, 96)
        int header = Math.max(16, 480 / 6);
        try (Mat figure = Images.read(out)) {
            assertEquals(pad + header + 96 + pad + ColourKey.bandHeight(figure.cols()), figure.rows(),
                    "a row of 96-pixel cells, then the colour key");
            int band = io.github.cam4j.render.Draw.labelHeight(96, 480, "strip.png");
            assertEquals(band, CaptionBands.rows(figure, pad + 1, pad + header, 96), "the picture's caption band");
            assertEquals(band, CaptionBands.rows(figure, pad + 480 + pad + 1, pad + header, 96),
                    "the overlay's caption band");
        }
    }

    /**
     * At 128x96 cells (a 640x480 picture, --max-side 128) every flat map of the figure is said alike, and a cell with
     * evidence names its method in a smaller font. CAM's flat cell said "no evidence", there being no name to make room
     * for, beside "flat  Grad-CAM++" in the same row; and "7  p=1.000  Grad-CAM++" fitted no label, so the digit's
     * Grad-CAM++ cell named no method, as CAM's names none. Now CAM's flat caption's band is narrower than "flat
     * Grad-CAM++"'s, and Grad-CAM++'s caption on the digit is lower than a label's band and wider than CAM's "7
     * p=1.000", in the figure's one font: CAM's caption is as high (it had been a label's, a font larger than its
     * neighbour's). At 64x48 no size names the methods, and stderr says so.
     */
    @Test
    void smallCellsSayFlatMapsAlikeAndNameTheirMethodsInASmallerFont() throws Exception {
        Path seven = tmp.resolve("seven-640x480.png");
        try (Mat digit = Images.read(digit0); Mat big = new Mat();
                Mat page = new Mat(480, 640, digit.type(), new org.bytedeco.opencv.opencv_core.Scalar(0.0))) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(digit, big, new org.bytedeco.opencv.opencv_core.Size(336,
                    336), 0, 0, org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST);
            try (Mat place = page.apply(new Rect(152, 72, 336, 336))) {
                big.copyTo(place);
            }
            Images.write(page, seven);
        }
        Path blank = io.github.cam4j.testing.FlatPictures.write(tmp.resolve("blank-640x480.png"), 480, 640, 0.0);
        Path out = tmp.resolve("small-cells.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcampp", "--min-side", "0",
                "--max-side", "128", seven.toString(), blank.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertFalse(run.err().contains("too small to name"), run.err());
        int pad = 4;
        int header = Math.max(16, 128 / 6);
        try (Mat figure = Images.read(out)) {
            assertEquals(pad + 3 * (128 + pad), figure.cols(), "cells of 128x96");
            int camX = pad + 128 + pad;
            int gradCamPlusPlusX = camX + 128 + pad;
            int digitRow = pad + header;
            int blankRow = digitRow + 96 + pad;
            int[] flat = captionBand(figure, camX, blankRow);
            int[] flatNamed = captionBand(figure, gradCamPlusPlusX, blankRow);
            assertTrue(flat[0] <= labelWidth(96, "flat") && flatNamed[0] > 2 * flat[0],
                    "CAM's flat cell says flat, Grad-CAM++'s flat and its name: " + flat[0] + ", " + flatNamed[0]);
            int[] named = captionBand(figure, gradCamPlusPlusX, digitRow);
            int[] camsCaption = captionBand(figure, camX, digitRow);
            assertTrue(named[1] < io.github.cam4j.render.Draw.labelHeight(96, 128, "7  p=1.000")
                    && named[0] > camsCaption[0],
                    "Grad-CAM++'s caption in a smaller font, with its name: " + named[0] + "x" + named[1]);
            assertEquals(named[1], camsCaption[1], "CAM's caption in the same font");
            assertEquals(named[1], flat[1], "the flat cells' too");
        }
        CliRun tiny = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcampp", "--min-side", "0",
                "--max-side", "64", seven.toString(), "--out", tmp.resolve("tiny-cells.png").toString());
        assertEquals(0, tiny.exitCode(), tiny.err());
        assertTrue(tiny.err().contains("cam4j: note: cells of 64x48 are too small to name Grad-CAM++ beside"
                + " \"7  p=1.000\" in their captions, even in a font three quarters of a label's: the columns' headers"
                + " name them\n"), tiny.err());
        // At 96x72 the blank picture's flat map is named ("flat  Grad-CAM++"), the digit's caption not: the note says
        // which caption leaves the name out, where "too small to name Grad-CAM++ in their captions" was untrue of the
        // flat one.
        CliRun mid = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcampp", "--min-side", "0",
                "--max-side", "96", seven.toString(), blank.toString(), "--out", tmp.resolve("mid-cells.png").toString());
        assertEquals(0, mid.exitCode(), mid.err());
        assertTrue(mid.err().contains("cam4j: note: cells of 96x72 are too small to name Grad-CAM++ beside"
                + " \"7  p=1.000\" in their captions,"), mid.err());
    }

    /**
     * Every caption of a figure is drawn in one font: with a 28x28 digit (cells 168x168) and a 640x480 picture (cells
     * 480x360) the picture's row was captioned in a label's font for a 360-pixel cell, its band 1.8 times the digit
     * row's (30 pixels to 17), the picture column's names and the overlays' alike. Now each band is the digit row's,
     * counted down the cell's second column (the band's padding), the cells placed as FigureGrid.table places them
     * (padding max(4, min(480, 360) / 24) = 15, header band 480 / 6 = 80, each cell centred in its column).
     */
    @Test
    void theCaptionsOfPicturesOfDifferentSizesShareOneFont() throws Exception {
        Path page = CaptionBands.writeLargePage(digit1, tmp.resolve("four-640x480.png"));
        Path out = tmp.resolve("two-sizes.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam", digit0.toString(), page.toString(),
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        int pad = 15;
        int digitRow = pad + 80;
        int camColumn = pad + 480 + pad;
        int band = io.github.cam4j.render.Draw.labelHeight(CELL, CELL, digit0.getFileName().toString());
        try (Mat figure = Images.read(out)) {
            assertEquals(pad + 2 * (480 + pad), figure.cols(), "two columns of 480");
            CaptionBands.assertOneBandHeight(figure, band, pad, camColumn, digitRow, CELL);
        }
    }

    /** @return the width of a label's band on a picture {@code rows} high and as wide as it needs */
    private static int labelWidth(int rows, String text) {
        int w = 1;
        while (!io.github.cam4j.render.Draw.labelFits(rows, w, text)) {
            w++;
        }
        return w;
    }

    /**
     * @return {@code {width, height}} of the caption's grey band in the cell at {@code (x, y)}, at its top or its
     *     bottom: its rows counted down the cell's second column (the band's padding keeps letters out of it), its
     *     width along its first row, which is padding
     */
    private static int[] captionBand(Mat figure, int x, int y) {
        int height = CaptionBands.rows(figure, x + 1, y, 96);
        try (UByteIndexer ix = figure.createIndexer()) {
            int top = y;
            while (!grey(ix, x + 1, top)) {
                top++;
            }
            int width = 0;
            while (grey(ix, x + width, top)) {
                width++;
            }
            return new int[] {width, height};
        }
    }

    private static boolean grey(UByteIndexer ix, int x, int y) {
        return ix.get(y, x, 0) == 32 && ix.get(y, x, 1) == 32 && ix.get(y, x, 2) == 32;
    }

    /**
     * The bar counts model runs of one picture, not pictures: each method's picture weighs what it costs. Counted by
     * the picture, CAM, Grad-CAM, Eigen-CAM, SS-CAM and occlusion on 64 digits read 1 s left as SS-CAM began, which
     * then took 72 s, and 36 s left as occlusion began, which took 3. Here 50 digits by CAM (1 run each) and occlusion
     * (1 + 49 tiles each): 100 maps, the least a log shows the bar for; its last line says 2550 of 2550 model runs,
     * where it said 100 of 100 pictures, CAM's half of them. Occlusion, the costlier, runs first, so that the pace is
     * taken on it: the last line names CAM, the method under way at the end (it named occlusion, second in --methods).
     */
    @Test
    void theBarCountsEachMethodsModelRuns() throws Exception {
        CliRun run = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "50", "--methods",
                "cam,occlusion", "--out", tmp.resolve("runs.png").toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> bar = run.err().lines().filter(l -> l.startsWith("compare")).toList();
        String last = bar.get(bar.size() - 1);
        assertTrue(last.contains(" 2550/2550 model runs ") && last.endsWith(" CAM"), run.err());
        assertTrue(bar.stream().allMatch(l -> l.contains(" model runs")), run.err());
        // The figure and the lines keep --methods' order: CAM is still the reference.
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("CAM ") && l.contains("(the reference for the others")),
                run.out());
    }

    /**
     * A method skipped makes no model runs, and the bar no longer counts them: occlusion refused under --layers (50
     * runs a digit) was stepped as done when its turn came, first as the costliest, so that a terminal's bar over it and
     * Grad-CAM and LayerCAM on 200 digits opened at "96% 10000/10400 model runs (0:00:00 left) Grad-CAM", the pace from
     * the bar's start taking the skipped runs for work. Here 50 digits by Grad-CAM and occlusion at two layers: the
     * bar's every line counts Grad-CAM's 50 runs alone (it counted 2550).
     */
    @Test
    void aSkippedMethodsRunsAreNotCounted() throws Exception {
        CliRun run = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "50", "--methods",
                "gradcam,occlusion", "--layers", "conv2d_1/Relu,conv2d_2/Relu", "--out",
                tmp.resolve("skipped.png").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("occlusion: skipped: --layers"), run.out());
        List<String> bar = run.err().lines().filter(l -> l.startsWith("compare")).toList();
        assertFalse(bar.isEmpty(), run.err());
        assertTrue(bar.stream().allMatch(l -> l.contains("/50 model runs")), run.err());
        assertTrue(bar.get(bar.size() - 1).contains(" 50/50 model runs "), run.err());
        // Every method skipped: no bar at all (it went to "100% 2550/2550"; counting none, "? % [] 0/0").
        CliRun none = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "50", "--methods",
                "cam,occlusion", "--layers", "conv2d_1/Relu,conv2d_2/Relu", "--out",
                tmp.resolve("none.png").toString());
        assertEquals(1, none.exitCode(), none.err());
        assertTrue(none.err().lines().noneMatch(l -> l.startsWith("compare")), none.err());
    }

    /** The methods run costliest first, in --methods' order among equals. */
    @Test
    void theCostliestMethodRunsFirst() {
        assertArrayEquals(new int[] {1, 2, 0, 3}, CompareCommand.costliestFirst(new long[][] {{1, 1}, {4481, 4481},
            {50, 50}, {1, 1}}));
    }

    /**
     * A long comparison shows its progress on standard error (helper-84's audit: two pictures through every method of a
     * ResNet50 ran 239 s without a word). In a log, as here, from 100 pictures times methods: 12 digits x every method
     * (25: the bar's last line at all their model runs, README's runs per picture on 128 channels and 28x28: 17 methods
     * of 1, Score-CAM and Ablation-CAM 129, Smooth Grad-CAM++ 5, SS-CAM 4 481, IS-CAM 1 281, occlusion 50, SmoothGrad
     * 5, Integrated Gradients 10); standard output keeps the results alone. Below that, nothing in a log.
     */
    @Test
    void aLongComparisonShowsItsProgressOnStandardError() throws Exception {
        CliRun run = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "12", "--out",
                tmp.resolve("progress.png").toString());
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(25, MethodNames.ALL.size());
        int total = 12 * (17 + 129 + 129 + 5 + 4481 + 1281 + 50 + 5 + 10);
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("compare") && l.contains(total + "/" + total
                + " model runs")), run.err());
        assertTrue(run.out().lines().noneMatch(l -> l.startsWith("compare")), run.out());
        CliRun small = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "2", "--methods", "cam,gradcam",
                "--out", tmp.resolve("quiet.png").toString());
        assertEquals(0, small.exitCode(), small.err());
        assertEquals("", small.err());
    }

    /**
     * Each method's cell is, pixel for pixel, the overlay {@code explain --method X} writes for the picture: both draw
     * with ExplainOverlay, and both explain the pictures in one batch (a batch of one could differ in the last bits of
     * the maps, whose colours could then differ by one level; with the same batch there is no tolerance to justify).
     */
    @Test
    void aMethodsCellIsTheOverlayExplainWritesForThePicture() throws Exception {
        // Every method: compare explains them all over one loaded model (a view of it per gradient weighting), explain
        // loads the folder for its one method.
        Path out = tmp.resolve("cells.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "all", digit0.toString(),
                digit1.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        String[] methods = MethodNames.ALL.toArray(String[]::new);
        try (Mat figure = Images.read(out)) {
            for (int m = 0; m < methods.length; m++) {
                Path overlays = tmp.resolve("explain-" + m);
                CliRun explain = CliRun.of("explain", "--model", MODEL, "--method", methods[m], "--out",
                        overlays.toString(), digit0.toString(), digit1.toString());
                assertEquals(0, explain.exitCode(), explain.err());
                for (int row = 0; row < 2; row++) {
                    try (Mat written = Images.read(overlays.resolve("digit" + row + "-cam.png"))) {
                        assertEquals(CELL, written.rows());
                        Rect where = new Rect(PAD + (m + 1) * (CELL + PAD), PAD + HEADER + row * (CELL + PAD), CELL, CELL);
                        try (Mat cell = figure.apply(where).clone()) {
                            assertArrayEquals(pixels(written), pixels(cell), methods[m] + ", digit " + row);
                        }
                    }
                }
            }
        }
    }

    /**
     * A method whose map of one picture overflows float32 fails on that picture alone, as explain --keep-going skips
     * it: at --finer-alpha 1e33 Finer-CAM's map of test digit 1 is not finite and those of digits 0 and 2 are. The
     * figure is written, that cell the picture alone (no colours of a map), the failure named on standard error by its
     * method and picture, Finer-CAM's agreement taken over the two pictures it explained and its line saying so, in the
     * peaks' parenthesis (it ended "(5.0 px apart on average)  (not explained: ...)", two remarks in a row); exit 1.
     * The whole comparison had stopped on the overflow, no figure written.
     */
    @Test
    void aMapThatOverflowsIsOnePicturesFailureAndTheFigureIsWritten() throws Exception {
        Path out = tmp.resolve("finer-overflow.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "3", "--methods",
                "gradcam,finercam,gradcam++", "--finer-alpha", "1e33", "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(List.of("cam4j: error: finercam: Finer-CAM's map of image test digit 1 is not finite: its target, the"
                + " class's logit less 1.0E33 times the compared classes' logits, overflows float32 (largest"
                + " 3.4028235E38); give a smaller alpha (--finer-alpha; pytorch-grad-cam's is 1)", "cam4j: error: 1 of the"
                + " 9 maps (pictures x methods) could not be made (named above); the figure shows those pictures alone,"
                + " captioned 'not explained'"), run.err().lines().toList());
        List<String> lines = run.out().lines().toList();
        assertEquals("wrote " + out + ": 3 pictures x 3 methods", lines.get(0));
        assertTrue(lines.get(1).matches("Grad-CAM +\\d+\\.\\d\\d ms/picture  \\(the reference for the others\\)"),
                lines.get(1));
        assertTrue(lines.get(2).matches("Finer-CAM +\\d+\\.\\d\\d ms/picture  Spearman vs Grad-CAM -?\\d\\.\\d{3} \\(2\\)"
                + "  same peak \\d/2 \\(\\d+\\.\\d px apart on average; not explained: 1 of the 3 pictures, named"
                + " above\\)"), lines.get(2));
        assertTrue(lines.get(3).matches("Grad-CAM\\+\\+ +\\d+\\.\\d\\d ms/picture  Spearman vs Grad-CAM \\d\\.\\d{3} \\(3\\)"
                + "  same peak \\d/3 \\(\\d+\\.\\d px apart on average\\)"), lines.get(3));
        assertEquals(4, lines.size(), run.out());
        try (Mat figure = Images.read(out)) {
            assertEquals(PAD + 4 * (CELL + PAD), figure.cols(), "the picture and three methods");
            for (int row = 0; row < 3; row++) {
                for (int column = 1; column <= 3; column++) {
                    Rect where = new Rect(PAD + column * (CELL + PAD), PAD + HEADER + row * (CELL + PAD), CELL, CELL);
                    try (Mat cell = figure.apply(where).clone()) {
                        assertEquals(row == 1 && column == 2, grey(cell), "row " + row + ", column " + column);
                    }
                }
            }
        }
    }

    /**
     * The reference's failures are said inside its own parenthesis, as one remark: Finer-CAM first, at --finer-alpha
     * 1e33, fails on test digit 1, and its line ended "(the reference for the others)  (not explained: 1 of the 3
     * pictures, named above)".
     */
    @Test
    void theReferencesFailuresAreSaidInItsOwnParenthesis() throws Exception {
        Path out = tmp.resolve("finer-reference.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "3", "--methods",
                "finercam,gradcam", "--finer-alpha", "1e33", "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(1).matches("Finer-CAM +\\d+\\.\\d\\d ms/picture  \\(the reference for the others; not"
                + " explained: 1 of the 3 pictures, named above\\)"), lines.get(1));
        assertTrue(lines.get(2).matches("Grad-CAM +\\d+\\.\\d\\d ms/picture  Spearman vs Finer-CAM -?\\d\\.\\d{3}"
                + " \\(2\\)  same peak \\d/2 .*"), lines.get(2));
    }

    /**
     * A picture every method refuses (a white one under --fit digit: no digit to frame) is that picture's failure too:
     * one error line names it and the methods that refused it, and the figure is written with the other picture's
     * maps, exit 1. The whole comparison had stopped on it.
     */
    @Test
    void aPictureEveryMethodRefusesIsNamedOnceAndTheOthersAreDrawn() throws Exception {
        Path white = io.github.cam4j.testing.FlatPictures.write(tmp.resolve("white.png"), 28, 28, 255);
        Path out = tmp.resolve("white-figure.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "gradcam,cam", "--fit", "digit",
                white.toString(), digit0.toString(), "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(List.of("cam4j: error: gradcam, cam: image " + white + " shows no digit to frame: its ink stands only"
                + " 0 of 255 above its background", "cam4j: error: 2 of the 4 maps (pictures x methods) could not be made"
                + " (named above); the figure shows those pictures alone, captioned 'not explained'"),
                run.err().lines().toList());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(2).matches("CAM +\\d+\\.\\d\\d ms/picture  Spearman vs Grad-CAM \\d\\.\\d{3} \\(1\\)  same"
                + " peak \\d/1 \\(\\d+\\.\\d px apart on average; not explained: 1 of the 2 pictures, named"
                + " above\\)"), lines.get(2));
        assertTrue(Files.exists(out), "the figure");
    }

    /** @return whether every pixel of the BGR picture is a grey, as a picture drawn without a map's colours is */
    private static boolean grey(Mat bgr) {
        try (UByteIndexer p = bgr.createIndexer()) {
            for (int y = 0; y < bgr.rows(); y++) {
                for (int x = 0; x < bgr.cols(); x++) {
                    if (p.get(y, x, 0) != p.get(y, x, 1) || p.get(y, x, 1) != p.get(y, x, 2)) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    @Test
    void aModelWithoutGlobalAveragePoolingSkipsCamWithALineAndDrawsTheOthers() throws Exception {
        Path out = tmp.resolve("flatten.png");
        CliRun run = CliRun.of("compare", "--model", FLATTEN, "--data", DATA, "--first", "2", "--methods",
                "cam,gradcam,layercam", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("cam: skipped: not CAM-ready: no global average pooling"), run.out());
        assertEquals(1, lines.stream().filter(l -> l.contains("skipped")).count(), run.out());
        assertEquals("wrote " + out + ": 2 pictures x 2 methods", lines.get(1));
        assertTrue(lines.get(2).startsWith("Grad-CAM ") && lines.get(2).endsWith("(the reference for the others)"),
                lines.get(2));
        assertTrue(lines.get(3).startsWith("LayerCAM ") && lines.get(3).contains("Spearman vs Grad-CAM"), lines.get(3));
        try (Mat figure = Images.read(out)) {
            assertEquals(PAD + 3 * (CELL + PAD), figure.cols(), "the picture and two methods");
        }
    }

    /**
     * The folder is loaded once: CAM's model (its kernel) takes every other method's gradient ops in its graph (the
     * same for every weighting): 1 load for all fifteen methods where there had been fifteen, and then two (CAM's and
     * the others'); one without CAM. The models are closed when the figure is written (TensorFlow then refuses their
     * graph). A method the model refuses (CAM here, without global average pooling) is a load tried once and still
     * skipped with its reason; the others then load the folder for themselves.
     */
    @Test
    void theModelIsLoadedOncePerWayOfOpeningItAndClosedAfter() throws Exception {
        String[][] runs = {
            {"all", MODEL, "1"},
            {"gradcam,layercam,cam", MODEL, "1"},
            {"gradcam,gradcam++,xgradcam,hirescam,layercam,gradcam-elementwise,scorecam,eigencam,ablationcam", MODEL,
                "1"},
            {"cam,gradcam,layercam", FLATTEN, "2"},
        };
        for (String[] r : runs) {
            picocli.CommandLine cli = Cam4j.commandLine();
            java.io.StringWriter out = new java.io.StringWriter();
            cli.setOut(new java.io.PrintWriter(out));
            cli.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
            int code = cli.execute("compare", "--model", r[1], "--data", DATA, "--first", "2", "--methods", r[0],
                    "--out", tmp.resolve("loads.png").toString(), "--force");
            assertEquals(0, code, out.toString());
            CompareCommand compare = cli.getSubcommands().get("compare").getCommand();
            assertEquals(Integer.parseInt(r[2]), compare.models.loads(), r[0]);
            for (io.github.cam4j.savedmodel.CamModel model : compare.models.models()) {
                IllegalStateException closed = assertThrows(IllegalStateException.class,
                        () -> model.session().graph().toGraphDef(), r[0]);
                assertEquals("close() has been called on the Graph", closed.getMessage());
            }
        }
    }

    /**
     * What a method's session says about the pictures or the options, said once for all the methods, as before they
     * shared a model: the note on a photo of dark ink for a model that cannot say its ink (each session over the
     * shared model is still told the model's folder), and the warning on a pixel scale that contradicts the metadata.
     */
    @Test
    void aNoteOrWarningIsSaidOnceForAllTheMethods() throws Exception {
        Path photo = tmp.resolve("paper.png");
        LabeledImages test = DatasetLocator.standard().locateTest(SharedData.mnist()).test();
        try (Mat picture = io.github.cam4j.testing.DigitPhotos.of(test, 0, new java.util.Random(11)).picture()) {
            Images.write(picture, photo);
        }
        String keras = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString();
        CliRun noted = CliRun.of("compare", "--model", keras, "--methods", "cam,gradcam,scorecam,eigencam",
                photo.toString(), "--out", tmp.resolve("noted.png").toString());
        assertEquals(0, noted.exitCode(), noted.err());
        List<String> notes = noted.err().lines().filter(l -> l.startsWith("cam4j: note: ")).toList();
        assertEquals(1, notes.size(), noted.err());
        assertTrue(notes.get(0).startsWith("cam4j: note: " + photo + " has a light ground (dark ink on paper?)"),
                notes.get(0));
        // The note says "--ink light"; compare takes it (it had no such option, exit 2), and the note goes.
        assertTrue(notes.get(0).contains("--ink light"), notes.get(0));
        CliRun told = CliRun.of("compare", "--model", keras, "--methods", "cam,gradcam", "--ink", "light",
                photo.toString(), "--out", tmp.resolve("told.png").toString());
        assertEquals(0, told.exitCode(), told.err());
        assertTrue(told.err().lines().noneMatch(l -> l.startsWith("cam4j: note: ")), told.err());
        CliRun warned = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcam,eigencam", "--pixel-scale",
                "1", digit0.toString(), "--out", tmp.resolve("warned.png").toString());
        assertEquals(0, warned.exitCode(), warned.err());
        List<String> warnings = warned.err().lines().filter(l -> l.startsWith("cam4j: warning: ")).toList();
        assertEquals(1, warnings.size(), warned.err());
        assertTrue(warnings.get(0).startsWith("cam4j: warning: --pixel-scale 1.0 (LoadOptions.withPixelScale) overrides"
                + " the metadata of " + MODEL), warnings.get(0));
    }

    /**
     * Features taken before a dilated convolution: the gradient methods take the gradient across it by its
     * SpaceToBatchND twin and are drawn, but ShapleyCAM, whose second-order gradient would cross it by TensorFlow's own
     * rule, is skipped with that reason; Score-CAM and Eigen-CAM, which take no gradient, are drawn from the same load,
     * and CAM, which takes no --features on a cam4j model, is skipped with its own reason. (Until the twin, Grad-CAM
     * and Layer-CAM were skipped here, sharing one line.)
     */
    @Test
    void aMethodTheModelRefusesIsSkippedWithItsReasonBesideTheOthersSharingTheLoad() throws Exception {
        Path dilated = tmp.resolve("dilated");
        io.github.cam4j.testing.TinyModels.export(io.github.cam4j.testing.TinyModels.dilated(), 3, dilated);
        Path out = tmp.resolve("dilated.png");
        CliRun run = CliRun.of("compare", "--model", dilated.toString(), "--features", "c1/Relu", "--methods",
                "gradcam,cam,scorecam,shapleycam,eigencam", "--data", DATA, "--first", "2", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("cam: skipped: " + dilated + " has cam4j's 'cam' signature, which names its"
                + " features and logits, so CAM takes no --features/--logits there"), lines.get(0));
        assertTrue(lines.get(1).startsWith("shapleycam: skipped: ") && lines.get(1).contains("ShapleyCAM needs the"
                + " gradient of the gradient at features 'c1/Relu:0', which would cross the dilated convolution"
                + " 'c2/Conv2d'"), lines.get(1));
        assertEquals("wrote " + out + ": 2 pictures x 3 methods", lines.get(2));
        assertTrue(lines.get(3).startsWith("Grad-CAM "), lines.get(3));
        assertTrue(lines.get(4).startsWith("Score-CAM "), lines.get(4));
        assertTrue(lines.get(5).startsWith("Eigen-CAM "), lines.get(5));
        assertEquals(6, lines.size(), run.out());
    }

    /**
     * A --features of other channels than CAM's kernel weighs, on a foreign SavedModel, is a layer the other methods
     * take: CAM is skipped with its reason and the others are drawn. Since explain made that refusal a usage error
     * (TensorChannelsException, 061213cd), compare exited 2 on it and drew nothing (seen with the jar on keras-export's
     * conv_a_1/Relu: 16 channels, the kernel weighs 32).
     */
    @Test
    void aFeaturesLayerCamCannotWeighSkipsCamAndDrawsTheOthers() throws Exception {
        Path out = tmp.resolve("channels.png");
        CliRun run = CliRun.of("compare", "--model", "src/test/resources/keras3/keras-export", "--features",
                "conv_a_1/Relu", "--methods", "cam,gradcam,eigencam", digit0.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("cam: skipped: ") && lines.get(0).contains("has 16 channels"), run.out());
        // The inspect command it points to is the one to type, as an error line's is: it said 'cam4j inspect --model ...'.
        assertTrue(lines.get(0).endsWith(" 'cam4j inspect --model src/test/resources/keras3/keras-export' shows what was"
                + " found."), run.out());
        assertEquals("wrote " + out + ": 1 picture x 2 methods", lines.get(1), run.out());
        assertTrue(Files.exists(out));

        // Of the kernel's 64 channels but not what the pooling reduces (mnist-conv-head-gap's concatenation): explain's
        // usage error too (CamIdentityException), and CAM's refusal here.
        Path identity = tmp.resolve("identity.png");
        CliRun concat = CliRun.of("compare", "--model", SharedData.kerasSavedModels().resolve("mnist-conv-head-gap")
                .toString(), "--features", "concatenate_1/concat", "--methods", "cam,gradcam", digit0.toString(),
                "--out", identity.toString());
        assertEquals(0, concat.exitCode(), concat.err());
        List<String> said = concat.out().lines().toList();
        assertTrue(said.get(0).startsWith("cam: skipped: ") && said.get(0).contains("do not give logits"), concat.out());
        assertEquals("wrote " + identity + ": 1 picture x 1 method", said.get(1), concat.out());
    }

    /**
     * @param methods compare's --methods
     * @param out the figure to write (replaced when it exists)
     * @param pictures the pictures
     * @return compare's run on mnist-conv-head-gap at first_layer_1/BiasAdd, before its ReLU, where some methods' maps
     *     of some digits are flat; it exited 0
     */
    private static CliRun compareBeforeTheRelu(String methods, Path out, Path... pictures) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("compare", "--model",
                SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString(), "--features",
                "first_layer_1/BiasAdd", "--methods", methods));
        for (Path p : pictures) {
            args.add(p.toString());
        }
        args.addAll(List.of("--out", out.toString(), "--force"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run.err());
        return run;
    }

    /**
     * Grad-CAM in CAM's place as the reference, at a layer before its ReLU (mnist-conv-head-gap's first_layer_1/BiasAdd),
     * where its map of the 7 is flat (explain --method gradcam --json gives it no peak): every other line had said
     * "Spearman vs Grad-CAM n/a  same peak 0/0", as if each method had no map. The reference's line says why, once, and
     * the others give their times; with the 2 beside the 7 (where Grad-CAM's map holds evidence) the others are compared
     * on it, and the reference's line says on how many pictures they are not.
     */
    @Test
    void aFlatReferenceIsSaidOnceOnItsLine() throws Exception {
        Path out = tmp.resolve("flat-reference.png");
        CliRun run = compareBeforeTheRelu("cam,gradcam,gradcampp,eigencam", out, digit0);
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).startsWith("cam: skipped: "), run.out());
        assertEquals("wrote " + out + ": 1 picture x 3 methods", lines.get(1), run.out());
        assertTrue(lines.get(2).matches("Grad-CAM +\\d+\\.\\d\\d ms/picture  \\(the reference for the others, but its map is"
                + " flat on the picture: nothing to compare the others' with\\)"), run.out());
        assertTrue(lines.get(3).matches("Grad-CAM\\+\\+ +\\d+\\.\\d\\d ms/picture"), run.out());
        assertTrue(lines.get(4).matches("Eigen-CAM +\\d+\\.\\d\\d ms/picture"), run.out());
        assertEquals(5, lines.size(), run.out());

        CliRun two = compareBeforeTheRelu("gradcam,gradcampp", out, digit0, digit1);
        List<String> said = two.out().lines().toList();
        assertTrue(said.get(1).endsWith(" ms/picture  (the reference for the others; its map is flat on 1 of the 2"
                + " pictures, which the others are not compared on)"), two.out());
        assertTrue(said.get(2).matches("Grad-CAM\\+\\+ +\\d+\\.\\d\\d ms/picture  Spearman vs Grad-CAM -?\\d\\.\\d{3} \\(1\\)"
                + "  same peak \\d/1 \\(\\d+\\.\\d px apart on average\\)"), two.out());
    }

    /**
     * Another method than the reference whose map is flat on every picture says so on its line: at the same layer,
     * before its ReLU, Grad-CAM's map of MNIST test digit 0 is flat, Eigen-CAM's is not, and Grad-CAM's line said
     * "Spearman vs Eigen-CAM n/a  same peak 0/0", figures that read like a result. With digit 1 beside it, where its
     * map is not flat, its figures are over the one picture, as before.
     */
    @Test
    void aMethodFlatOnEveryPictureSaysSoOnItsLine() throws Exception {
        Path out = tmp.resolve("flat-method.png");
        CliRun run = compareBeforeTheRelu("eigencam,gradcam,gradcampp", out, digit0);
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run.out());
        assertTrue(lines.get(1).matches("Eigen-CAM +\\d+\\.\\d\\d ms/picture  \\(the reference for the others\\)"),
                run.out());
        assertTrue(lines.get(2).matches("Grad-CAM +\\d+\\.\\d\\d ms/picture  \\(its map is flat on the picture: nothing"
                + " to compare with Eigen-CAM's\\)"), run.out());
        assertTrue(lines.get(3).matches("Grad-CAM\\+\\+ +\\d+\\.\\d\\d ms/picture  Spearman vs Eigen-CAM -?\\d\\.\\d{3}"
                + " \\(1\\)  same peak \\d/1 .*"), run.out());

        CliRun two = compareBeforeTheRelu("eigencam,gradcam", out, digit0, digit1);
        assertTrue(two.out().lines().toList().get(2).matches("Grad-CAM +\\d+\\.\\d\\d ms/picture  Spearman vs Eigen-CAM"
                + " -?\\d\\.\\d{3} \\(1\\)  same peak \\d/1 .*"), two.out());
        assertEquals("its map is flat on every picture: nothing to compare with CAM's",
                CompareCommand.flatMethod(3, 0, "CAM"));
        assertEquals("its map is flat on the 2 pictures where CAM's is not: nothing to compare with CAM's",
                CompareCommand.flatMethod(3, 1, "CAM"));
    }

    /**
     * A method flat on each picture the reference is not flat on has nothing to compare either, and says so: at the
     * same layer Grad-CAM's map of test digit 0 is flat and Score-CAM's of digit 1 is, the other maps not. Score-CAM's
     * line said "Spearman vs Grad-CAM n/a  same peak 0/0" (cam4j compare --model mnist-conv-head-gap --features
     * first_layer_1/BiasAdd --methods gradcam,scorecam --data mnist --first 2), the figures flat on every picture had.
     */
    @Test
    void aMethodFlatWhereTheReferenceIsNotSaysSoOnItsLine() throws Exception {
        Path out = tmp.resolve("flat-apart.png");
        CliRun run = compareBeforeTheRelu("gradcam,scorecam,gradcampp", out, digit0, digit1);
        List<String> lines = run.out().lines().toList();
        assertEquals(4, lines.size(), run.out());
        assertTrue(lines.get(1).endsWith(" ms/picture  (the reference for the others; its map is flat on 1 of the 2"
                + " pictures, which the others are not compared on)"), run.out());
        assertTrue(lines.get(2).matches("Score-CAM +\\d+\\.\\d\\d ms/picture  \\(its map is flat on the picture where"
                + " Grad-CAM's is not: nothing to compare with Grad-CAM's\\)"), run.out());
        assertTrue(lines.get(3).matches("Grad-CAM\\+\\+ +\\d+\\.\\d\\d ms/picture  Spearman vs Grad-CAM -?\\d\\.\\d{3}"
                + " \\(1\\)  same peak \\d/1 .*"), run.out());
    }

    /**
     * The same layers with CAM the only method: no other method is left to draw them, and the refusal is explain's usage
     * error (exit 2, naming --features, the way out in compare's --methods), before the pictures are read. It had been
     * the one refusal every method met, in the loader's words, exit 1.
     */
    @Test
    void aFeaturesLayerCamAloneCannotWeighIsAUsageError() {
        String keras = "src/test/resources/keras3/keras-export";
        Path out = tmp.resolve("cam-alone.png");
        CliRun run = CliRun.of("compare", "--model", keras, "--features", "conv_a_1/Relu", "--methods", "cam",
                digit0.toString(), "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: --features conv_a_1/Relu has 16 channels, but the classifier's kernel weighs 32: CAM"
                + " weighs the channels of the tensor the classifier's global average pooling reduces; name that one, or"
                + " explain this layer by a method that takes any layer (e.g. --methods gradcam) ('cam4j inspect --model "
                + keras + "' lists them) (see 'cam4j compare --help')", run.err().strip());
        assertFalse(Files.exists(out));

        String gap = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap").toString();
        CliRun concat = CliRun.of("compare", "--model", gap, "--features", "concatenate_1/concat", "--methods", "cam",
                digit0.toString(), "--out", out.toString());
        assertEquals(2, concat.exitCode(), concat.err());
        assertTrue(concat.err().startsWith("cam4j: error: --features concatenate_1/concat has the 64 channels the"
                + " classifier's kernel weighs, but is not the tensor its global average pooling reduces: ")
                && concat.err().strip().endsWith("(e.g. --methods gradcam) ('cam4j inspect --model " + gap + "' lists"
                        + " them) (see 'cam4j compare --help')"), concat.err());
        assertFalse(Files.exists(out));
    }

    /**
     * "--methods cam" on a model without global average pooling: one error, exit 1, nothing written, saying what is
     * wrong and what to pass instead.
     */
    @Test
    void aModelThatAllowsNoneOfTheMethodsIsOneError() {
        Path out = tmp.resolve("none.png");
        CliRun run = CliRun.of("compare", "--model", FLATTEN, "--data", DATA, "--first", "1", "--methods", "cam",
                "--out", out.toString());
        assertEquals(1, run.exitCode(), run.err());
        List<String> errors = run.err().lines().filter(l -> l.startsWith("cam4j: error:")).toList();
        assertEquals(1, errors.size(), run.err());
        assertTrue(errors.get(0).contains("not CAM-ready"), errors.get(0));
        // What to pass, in compare's words: the line had said what was wrong and where to look, not what would work.
        assertTrue(errors.get(0).contains("Compare it with --methods gradcam, or leave --methods out")
                && errors.get(0).endsWith("'cam4j inspect --model " + FLATTEN + "' shows what was found."),
                errors.get(0));
        assertTrue(Files.notExists(out));
    }

    /**
     * A folder that is no SavedModel, or one copied without its weights, is named before the test digits are looked
     * for: it was said once every method had failed on it, after MNIST was read (or, without it at hand, the user heard
     * of the dataset instead: here a --data folder lacking its files; by default, a download) and the progress bar had
     * run through all of its pictures.
     */
    @Test
    void aFolderThatIsNoSavedModelIsNamedBeforeTheTestDigitsAreLookedFor() throws Exception {
        Path noMnist = Files.createDirectories(tmp.resolve("no-mnist"));
        Path notAModel = Files.createDirectories(tmp.resolve("not-a-model"));
        CliRun none = CliRun.of("compare", "--model", notAModel.toString(), "--data", noMnist.toString(), "--out",
                tmp.resolve("none-model.png").toString());
        assertEquals(1, none.exitCode(), none.err());
        assertEquals("cam4j: error: " + notAModel + " is not a SavedModel: it has no saved_model.pb", none.err().strip());
        Path copy = io.github.cam4j.testing.SavedModelCopies.copyWithout(
                SharedData.bundledModels().resolve("mnist-pooled"), tmp.resolve("no-variables"), "variables");
        CliRun weightless = CliRun.of("compare", "--model", copy.toString(), "--data", noMnist.toString(), "--out",
                tmp.resolve("no-variables.png").toString());
        assertEquals(1, weightless.exitCode(), weightless.err());
        assertEquals("cam4j: error: SavedModel " + copy + " has no variables/variables.index: its trained weights"
                + " (variable 'conv2d_kernel' and others) are missing; copy the whole SavedModel folder, variables/"
                + " included", weightless.err().strip());
        assertTrue(Files.notExists(tmp.resolve("none-model.png")) && Files.notExists(tmp.resolve("no-variables.png")));
    }

    /**
     * A model cam4j cannot feed (Keras 3's exports with two outputs, or a uint8 input) is refused in the loader's words
     * before the test digits are looked for, or the pictures read: it was said once every method had failed on it,
     * after MNIST was read (without it at hand, here a --data folder lacking its files, the user heard of the dataset
     * instead; by default, waited for a download), or after the pictures were (here one that is no picture, which was
     * named instead).
     */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("io.github.cam4j.testing.UnfeedableExports#cases")
    void aModelThatCannotBeFedIsRefusedBeforeTheDigitsOrPicturesAreRead(String export, String words) throws Exception {
        String model = "src/test/resources/keras3/" + export;
        Path noMnist = Files.createDirectories(tmp.resolve("no-mnist"));
        Path digits = tmp.resolve(export + "-digits.png");
        CliRun test = CliRun.of("compare", "--model", model, "--methods", "cam,gradcam,eigencam", "--data",
                noMnist.toString(), "--out", digits.toString());
        assertEquals(1, test.exitCode(), test.err());
        assertTrue(test.err().startsWith("cam4j: error: " + model + ": " + words), test.err());
        assertFalse(test.err().contains(noMnist.toString()), "the dataset was looked for: " + test.err());
        Path notAPicture = Files.writeString(tmp.resolve(export + "-not-a-picture.png"), "no PNG");
        Path pictures = tmp.resolve(export + "-pictures.png");
        CliRun files = CliRun.of("compare", "--model", model, "--out", pictures.toString(), digit0.toString(),
                notAPicture.toString());
        assertEquals(1, files.exitCode(), files.err());
        assertTrue(files.err().startsWith("cam4j: error: " + model + ": " + words), files.err());
        assertFalse(files.err().contains(notAPicture.toString()), "the pictures were read: " + files.err());
        assertTrue(Files.notExists(digits) && Files.notExists(pictures));
    }

    /**
     * A --methods of separators only names no method, and is refused: "--methods ," ran every method, as if --methods
     * were left out, and exited 0.
     */
    @Test
    void methodsOfSeparatorsOnlyAreRefused() {
        Path out = tmp.resolve("no-methods.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", ",", digit0.toString(), "--out",
                out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("cam4j: error: --methods names no method; give some of cam, gradcam,"),
                run.err());
        assertTrue(run.err().strip().endsWith(", comma-separated, or all (the default) (see 'cam4j compare --help')"),
                run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(Files.notExists(out));
    }

    /**
     * A class the model lacks is said as explain and video say it, naming the option: compare said "--class index 10",
     * the library's words behind two dashes.
     */
    @Test
    void aClassOutsideTheModelIsNamedAsExplainNamesIt() {
        Path out = tmp.resolve("class.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcam", "--class", "10",
                digit0.toString(), "--out", out.toString());
        // A usage error (exit 2), as maximize's --classes 42 is.
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: --class 10 is out of range: the model has 10 classes (0..9) (see 'cam4j compare"
                + " --help')", run.err().strip());
        assertTrue(Files.notExists(out));
    }

    @Test
    void anExistingOutIsRefusedWithoutForce() throws Exception {
        Path out = tmp.resolve("existing.png");
        Files.writeString(out, "keep me");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "1", "--methods", "cam", "--out",
                out.toString());
        assertEquals(1, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out " + out + " already exists; add --force to overwrite it", run.err().strip());
        assertEquals("keep me", Files.readString(out));
        CliRun forced = CliRun.of("compare", "--model", MODEL, "--data", DATA, "--first", "1", "--methods", "cam", "--out",
                out.toString(), "--force");
        assertEquals(0, forced.exitCode(), forced.err());
        try (Mat figure = Images.read(out)) {
            assertEquals(PAD + 2 * (CELL + PAD), figure.cols());
        }
    }

    /**
     * An --out that is one of the PICTUREs, named or in a folder given, is refused even with --force, as explain refuses
     * an overlay over an IMAGE and video an output over its input: the figure was written over the user's picture.
     */
    @Test
    void anOutThatIsAPictureIsRefusedEvenWithForce() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("own"));
        Path own = Files.copy(digit0, folder.resolve("own.png"));
        byte[] before = Files.readAllBytes(own);
        CliRun named = CliRun.of("compare", "--model", MODEL, "--methods", "cam", own.toString(), "--out", own.toString(),
                "--force");
        // Both paths as typed: the command line's words alone, a usage error (exit 1 before stop 69).
        assertEquals(2, named.exitCode(), named.err());
        assertEquals("cam4j: error: --out " + own + " is the PICTURE " + own + " (the same file), which the figure would"
                + " overwrite; choose another file for --out (see 'cam4j compare --help')", named.err().strip());
        CliRun inFolder = CliRun.of("compare", "--model", MODEL, "--methods", "cam", folder.toString(), "--out",
                folder.resolve(".").resolve("own.png").toString(), "--force");
        assertEquals(2, inFolder.exitCode(), inFolder.err());
        assertTrue(inFolder.err().contains("is the PICTURE " + own + " (the same file)"), inFolder.err());
        assertArrayEquals(before, Files.readAllBytes(own));
    }

    /**
     * A PICTURE given twice is the command line's fault (exit 2), as explain's IMAGE and evaluate's --model given twice
     * are: it had exited 1, as a failed write does. Nothing is written.
     */
    @Test
    void aPictureGivenTwiceIsAUsageError() throws Exception {
        Path out = tmp.resolve("twice.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam", digit0.toString(), digit0.toString(),
                "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: PICTURE " + digit0 + " is given twice (see 'cam4j compare --help')",
                run.err().strip());
        assertFalse(Files.exists(out));
        // A folder typed twice is named as typed, not by a picture inside it, which the user never typed.
        Path folder = Files.createDirectories(tmp.resolve("twice-folder"));
        Files.copy(digit0, folder.resolve("digit0.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.copy(digit1, folder.resolve("digit1.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        CliRun folders = CliRun.of("compare", "--model", MODEL, "--methods", "cam", folder.toString(),
                folder.toString(), "--out", out.toString());
        assertEquals(2, folders.exitCode(), folders.err());
        assertEquals("cam4j: error: PICTURE " + folder + " is given twice (see 'cam4j compare --help')",
                folders.err().strip());
        // A folder and a picture in it: found among the files the folder stands for, the picture named.
        Path inside = folder.resolve("digit1.png");
        CliRun folderAndFile = CliRun.of("compare", "--model", MODEL, "--methods", "cam", folder.toString(),
                inside.toString(), "--out", out.toString());
        assertEquals(2, folderAndFile.exitCode(), folderAndFile.err());
        assertEquals("cam4j: error: PICTURE " + inside + " is given twice (see 'cam4j compare --help')",
                folderAndFile.err().strip());
        assertFalse(Files.exists(out));
        // A file that does not exist, typed twice, is said not to exist: "given twice" sent the user to delete one of
        // two arguments, after which the run failed on the other for want of the file.
        Path missing = tmp.resolve("no-such-picture.png");
        CliRun gone = CliRun.of("compare", "--model", MODEL, "--methods", "cam", missing.toString(), missing.toString(),
                "--out", out.toString());
        assertTrue(gone.err().contains(missing + " does not exist"), gone.err());
        assertFalse(gone.err().contains("given twice"), gone.err());
        assertFalse(Files.exists(out));
    }

    /**
     * An --out that is a PICTURE is said to be one without --force too: the first error had been "already exists; add
     * --force to overwrite it", and the run with --force then refused it as the PICTURE (helper-175's audit).
     */
    @Test
    void anOutThatIsAPictureIsSaidToBeOneBeforeForceIsAskedFor() throws Exception {
        Path own = Files.copy(digit0, tmp.resolve("asked.png"));
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam", own.toString(), "--out", own.toString());
        // The command line's words alone (exit 2), as --frames-json naming a video's input is; it had exited 1.
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: --out " + own + " is the PICTURE " + own + " (the same file), which the figure would"
                + " overwrite; choose another file for --out (see 'cam4j compare --help')", run.err().strip());
    }

    /**
     * An --out in a folder given as PICTURE is refused before anything is written, --force or not: the figure, a PNG in
     * that folder, was taken as a picture on the next run, which asked for --force ("already exists") and then refused
     * the figure as the PICTURE it had become (helper-175's audit).
     */
    @Test
    void anOutInAPictureFolderIsRefused() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("shots"));
        Files.copy(digit0, folder.resolve("seven.png"));
        Path out = folder.resolve("figure.png");
        for (boolean force : new boolean[] {false, true}) {
            List<String> args = new java.util.ArrayList<>(List.of("compare", "--model", MODEL, "--methods", "cam",
                    folder.toString(), "--out", out.toString()));
            if (force) {
                args.add("--force");
            }
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("cam4j: error: --out " + out + " is in the PICTURE folder " + folder + ", whose pictures are"
                    + " read by name: the figure would be taken as a picture on the next run; choose a file outside it"
                    + " for --out (see 'cam4j compare --help')", run.err().strip());
            assertTrue(Files.notExists(out));
        }
    }

    /**
     * A folder's entries compare leaves out, a GIF (a format cam4j cannot read) and a link to a missing file named as a
     * picture, are named as explain names them: compare had drawn the folder's other pictures without a word of them
     * (helper-175's audit).
     */
    @Test
    void aFoldersEntriesThatAreLeftOutAreNamed() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("mixed"));
        Files.copy(digit0, folder.resolve("seven.png"));
        Files.write(folder.resolve("anim.gif"), "GIF89a".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.createSymbolicLink(folder.resolve("gone.png"), tmp.resolve("nowhere.png"));
        Files.writeString(folder.resolve("notes.txt"), "not a picture");
        Path out = tmp.resolve("mixed.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam", folder.toString(), "--out",
                out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("wrote " + out + ": 1 picture x 1 method"), run.out());
        assertEquals("cam4j: note: left out 1 entry named as a picture but not a regular file: " + folder.resolve("gone.png")
                + " (a link to a missing file)\ncam4j: note: left out 1 picture of formats cam4j cannot read: "
                + folder.resolve("anim.gif") + " (GIF); convert them, e.g. to PNG", run.err().strip());
    }

    /**
     * A picture of a row of digits is warned of as squashed into one digit's frame, the warning pointing to --fit none,
     * which compare did not take ("Unknown option: '--fit'", helper-175's audit): with it the picture is explained at
     * its own size, as explain --fit none explains it, and the warning is gone. --fit takes explain's choices.
     */
    @Test
    void aRowOfDigitsIsExplainedWholeWithFitNone() throws Exception {
        Path row = tmp.resolve("row.png");
        try (Mat seven = Images.read(digit0); Mat two = Images.read(digit1); Mat strip = new Mat()) {
            org.bytedeco.opencv.global.opencv_core.hconcat(new org.bytedeco.opencv.opencv_core.MatVector(seven, two,
                    seven, two), strip);
            Images.write(strip, row);
        }
        CliRun framed = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcam", row.toString(), "--out",
                tmp.resolve("row-framed.png").toString());
        assertEquals(0, framed.exitCode(), framed.err());
        assertTrue(framed.err().contains("framed as one digit it is squashed; --fit none"), framed.err());
        Path out = tmp.resolve("row-whole.png");
        CliRun whole = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcam", "--fit", "none", "--max-side",
                "0", row.toString(), "--out", out.toString());
        assertEquals(0, whole.exitCode(), whole.err());
        assertEquals("", whole.err().strip());
        Path overlays = tmp.resolve("row-explained");
        CliRun explain = CliRun.of("explain", "--model", MODEL, "--fit", "none", row.toString(), "--out",
                overlays.toString(), "--method", "gradcam");
        assertEquals(0, explain.exitCode(), explain.err());
        // The Grad-CAM cell is the overlay explain --fit none writes: the row, 112x28, drawn 6 times enlarged (672x168,
        // not shrunk under --max-side 0), in the table's third column; its padding max(4, min(672, 168) / 24) = 7, its
        // header band max(16, 672 / 6) = 112.
        try (Mat figure = Images.read(out); Mat overlay = Images.read(overlays.resolve("row-cam.png"))) {
            assertEquals(6 * 28, overlay.rows());
            assertEquals(6 * 112, overlay.cols());
            int p = 7;
            try (Mat cell = new Mat(figure, new Rect(p + 2 * (6 * 112 + p), p + 112, overlay.cols(), overlay.rows()))
                    .clone()) {
                assertArrayEquals(pixels(overlay), pixels(cell));
            }
        }
        CliRun unknown = CliRun.of("compare", "--model", MODEL, "--fit", "tight", row.toString(), "--out",
                tmp.resolve("row-tight.png").toString());
        assertEquals(2, unknown.exitCode(), unknown.err());
        assertTrue(unknown.err().contains("--fit"), unknown.err());
    }

    @Test
    void anUnknownMethodIsAMistypedCommandLineNamingTheChoices() {
        Path out = tmp.resolve("unknown.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcma", "--out", out.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("cam4j: error: Invalid value for option '--methods' (LIST): 'gradcma' is not one of "
                + String.join(", ", MethodNames.ALL) + ", or all (see 'cam4j compare --help')", run.err().strip());
        // --method is explain's: compare would ignore it, so it does not take it.
        CliRun method = CliRun.of("compare", "--model", MODEL, "--method", "gradcam", "--out", out.toString());
        assertEquals(2, method.exitCode(), method.err());
        assertTrue(method.err().startsWith("cam4j: error: Unknown option: '--method'"), method.err());
        // The same method twice would be measured against itself.
        CliRun twice = CliRun.of("compare", "--model", MODEL, "--methods", "gradcam,grad-cam", "--out", out.toString());
        assertEquals(2, twice.exitCode(), twice.err());
        assertTrue(twice.err().startsWith("cam4j: error: --methods names Grad-CAM twice"), twice.err());
        assertTrue(Files.notExists(out));
    }

    /** @return a picture's bytes, row by row, for comparing cells pixel for pixel (ConceptsCommandTest's too) */
    static byte[] pixels(Mat bgr) {
        byte[] out = new byte[bgr.rows() * bgr.cols() * bgr.channels()];
        try (UByteIndexer idx = bgr.createIndexer()) {
            int i = 0;
            for (int y = 0; y < bgr.rows(); y++) {
                for (int x = 0; x < bgr.cols(); x++) {
                    for (int c = 0; c < bgr.channels(); c++) {
                        out[i++] = (byte) idx.get(y, x, c);
                    }
                }
            }
        }
        return out;
    }

    /**
     * The first column names a test digit's true class as the overlays name the classes, by the model's labels: it said
     * "#0  true 7" beside overlays captioned "seven" (helper-158's audit). Pictures from files keep their names; a
     * label the fonts cannot draw is given as its index, as the overlays give it.
     */
    @Test
    void theFirstColumnNamesTheTrueClassAsTheOverlaysDo() {
        List<String> words = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        assertEquals(List.of("#0  true seven", "#1  true two"), FigurePictures.firstColumn(
                List.of("#0  true 7", "#1  true 2"), List.of(7, 2), words));
        assertEquals(List.of("#0  true 7"), FigurePictures.firstColumn(List.of("#0  true 7"), List.of(7),
                List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9")));
        assertEquals(List.of("d0.png"), FigurePictures.firstColumn(List.of("d0.png"), List.of(), words));
        List<String> unDrawable = new java.util.ArrayList<>(words);
        unDrawable.set(7, "\u4e03");
        assertEquals(List.of("#0  true 7"), FigurePictures.firstColumn(List.of("#0  true 7"), List.of(7), unDrawable));
    }

    /**
     * A picture whose file name no installed font draws is captioned by its place among the pictures, "#0", and a note
     * names the file: 零一.png was captioned with a row of empty boxes on a machine with DejaVu fonts only.
     * The figure is, pixel for pixel, that of the same picture in a file named "#0" (where a font draws the name, the
     * two differ and nothing is noted).
     */
    @Test
    void aFileNameNoFontDrawsIsCaptionedByThePicturesPlace() throws Exception {
        assertCaptionedByPlace(digit0, tmp, "compare", "--methods", "cam");
    }

    /**
     * Runs {@code command} on {@code picture} copied to a file name no DejaVu font draws, and copied to "#0": the two
     * figures are equal exactly when no installed font draws the name, and then a note names the file.
     *
     * @param options the command's options besides --model, the picture and --out
     */
    static void assertCaptionedByPlace(Path picture, Path tmp, String command, String... options) throws Exception {
        Path chinese = java.nio.file.Files.copy(picture, tmp.resolve(command + "-\u96f6\u4e00.png"));
        Path indexed = java.nio.file.Files.copy(picture, tmp.resolve("#0"));
        boolean drawable = io.github.cam4j.render.Draw.canDraw(chinese.getFileName().toString());
        Path[] figures = {tmp.resolve(command + "-unnamed.png"), tmp.resolve(command + "-indexed.png")};
        Path[] pictures = {chinese, indexed};
        String said = null;
        for (int i = 0; i < 2; i++) {
            List<String> args = new java.util.ArrayList<>(List.of(command, "--model", MODEL));
            args.addAll(List.of(options));
            args.addAll(List.of(pictures[i].toString(), "--out", figures[i].toString()));
            CliRun run = CliRun.of(args.toArray(String[]::new));
            assertEquals(0, run.exitCode(), run.err());
            said = said == null ? run.err() : said;
        }
        try (Mat figure = Images.read(figures[0]); Mat indexedFigure = Images.read(figures[1])) {
            assertEquals(!drawable, java.util.Arrays.equals(pixels(figure), pixels(indexedFigure)),
                    "the figure is that of a picture named #0 exactly when the fonts cannot draw the name");
        }
        assertEquals(!drawable, said.contains("cam4j: note: " + chinese.getFileName() + " is captioned #0 in the"
                + " figure: no installed font draws its name"), said);
    }
}
