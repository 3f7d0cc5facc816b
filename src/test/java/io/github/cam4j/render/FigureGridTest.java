package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.GaussianBlur;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FigureGridTest {

    private final List<Mat> owned = new ArrayList<>();

    @AfterEach
    void closeMats() {
        owned.forEach(Mat::close);
    }

    /** A 28x28 MNIST-like digit: white strokes on black. */
    private Mat digit(int d) {
        Mat m = new Mat(28, 28, CV_8UC1, new Scalar(0, 0, 0, 0));
        try (PointerScope scope = new PointerScope()) {
            putText(m, Integer.toString(d), new Point(6, 23), FONT_HERSHEY_SIMPLEX, 0.8,
                    new Scalar(255, 255, 255, 0), 2, LINE_AA, false);
        }
        owned.add(m);
        return m;
    }

    /** A 7x7 CAM-like map: the digit blurred and pooled, i.e. heat where the strokes are. */
    private static FloatMap camOf(Mat digit, int blur) {
        try (Mat blurred = new Mat(); Mat small = new Mat(); Size k = new Size(blur, blur); Size s = new Size(7, 7)) {
            GaussianBlur(digit, blurred, k, 0);
            resize(blurred, small, s, 0, 0, INTER_AREA);
            return MapNormalizer.minMax(Resize.fromMat(small));
        }
    }

    private List<FigureGrid.Panel> panels(int count, int blur) {
        List<FigureGrid.Panel> out = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            Mat img = digit(d);
            out.add(new FigureGrid.Panel(img, camOf(img, blur), d + "  p=0." + (99 - d)));
        }
        return out;
    }

    @Test
    void sizeFollowsTheLayoutFormula() {
        // s = 112: padding p = 14, caption c = 28, title t = 37 + 14 = 51.
        // width = 14 + 3 * (224 + 28) = 770; height = 14 + 2 rows * (112 + 28 + 14) = 322.
        try (Mat fig = FigureGrid.build(panels(5, 5), 3, 112);
                Mat titled = FigureGrid.build(panels(5, 5), 3, 112, "a title")) {
            assertEquals(CV_8UC3, fig.type());
            assertEquals(770, fig.cols());
            assertEquals(322, fig.rows());
            assertEquals(770, titled.cols());
            assertEquals(322 + 51, titled.rows());
        }
    }

    @Test
    void fewerPanelsThanColumnsMakeOneNarrowRow() {
        // s = 32: p = 4, c = 12. Two panels: width = 4 + 2 * (64 + 8) = 148, height = 4 + (32 + 12 + 4) = 52.
        try (Mat fig = FigureGrid.build(panels(2, 5), 10, 32)) {
            assertEquals(148, fig.cols());
            assertEquals(52, fig.rows());
        }
    }

    @Test
    void originalIsCrispAndOverlayDiffersFromIt() {
        List<FigureGrid.Panel> ps = panels(1, 5);
        int s = 112;
        int p = 14;
        try (Mat fig = FigureGrid.build(ps, 1, s)) {
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(fig, 0, 0)); // white background
            int[] original = TestMats.pixel(ps.get(0).original(), 14, 14);
            // Original cell starts at (p, p); digit pixel (14, 14) covers canvas pixels p + 56 .. p + 59.
            int[] shown = TestMats.pixel(fig, p + 57, p + 57);
            assertArrayEquals(new int[] {original[0], original[0], original[0]}, shown);
            // The overlay starts one image and one padding to the right; under it the same pixel is coloured.
            int[] overlaid = TestMats.pixel(fig, p + 57, p + s + p + 57);
            assertFalse(Arrays.equals(shown, overlaid), "overlay shows the original unchanged");
            assertFalse(overlaid[0] == overlaid[1] && overlaid[1] == overlaid[2], "overlay pixel is grey");
        }
    }

    /**
     * One long class name among the captions shrank every caption to its size (about 6 pixels high in a 16-digit grid
     * with one label of 38 characters): the others now keep at least 3/4 of their size, and the long one is shortened.
     */
    @Test
    void oneLongCaptionDoesNotShrinkTheOthers() {
        int s = 112;
        int p = 14;
        List<FigureGrid.Panel> plain = panels(5, 5);
        List<FigureGrid.Panel> withLong = new ArrayList<>(plain);
        withLong.set(4, new FigureGrid.Panel(plain.get(4).original(), plain.get(4).map01(),
                "two-with-a-very-long-class-name-indeed-and-more  p=0.95"));
        try (Mat a = FigureGrid.build(plain, 5, s); Mat b = FigureGrid.build(withLong, 5, s)) {
            Box firstCaption = new Box(p, p + s, 2 * s + p, 28);
            // The common size is kept at 3/4 of what the median caption allows or more: the strokes' ink scales about
            // with the size (measured 203 of 268 dark pixels; 96, a third, when the long caption set the size).
            int alone = darkPixels(a, firstCaption);
            int beside = darkPixels(b, firstCaption);
            assertTrue(beside >= 0.6 * alone, "the first caption beside the long one: " + beside + " of " + alone);
            Box longCaption = new Box(p + 4 * (2 * s + 2 * p), p + s, 2 * s + p, 28);
            int dark = darkPixels(b, longCaption);
            assertTrue(dark > 50, "the long caption is drawn, shortened: " + dark + " dark pixels");
        }
    }

    private static int darkPixels(Mat fig, Box area) {
        int dark = 0;
        for (int y = area.y(); y < area.y() + area.height(); y++) {
            for (int x = area.x(); x < area.x() + area.width(); x++) {
                dark += TestMats.pixel(fig, y, x)[0] < 128 ? 1 : 0;
            }
        }
        return dark;
    }

    @Test
    void captionIsDrawnUnderThePair() {
        int s = 112;
        int p = 14;
        try (Mat fig = FigureGrid.build(panels(1, 5), 1, s)) {
            int dark = 0;
            for (int y = p + s; y < p + s + 28; y++) {
                for (int x = p; x < p + 2 * s + p; x++) {
                    if (TestMats.pixel(fig, y, x)[0] < 128) {
                        dark++;
                    }
                }
            }
            assertTrue(dark > 50, "caption band has only " + dark + " dark pixels");
        }
    }

    /**
     * A label file's "семь" used to come out as question marks: OpenCV's Hershey font draws ASCII only, and puts one
     * '?' per UTF-8 byte. At one scale, the Cyrillic word must not look like "????????", and must leave ink.
     */
    @Test
    void aNonAsciiCaptionIsDrawnNotReplacedByQuestionMarks() {
        org.junit.jupiter.api.Assumptions.assumeTrue(Draw.canDraw("семь"), "no installed font draws Cyrillic");
        Box area = new Box(0, 0, 200, 40);
        try (Mat cyrillic = TestMats.bgr(40, 200, 255, 255, 255); Mat marks = TestMats.bgr(40, 200, 255, 255, 255);
                Scalar black = new Scalar(0, 0, 0, 0)) {
            Draw.textCentred(cyrillic, "семь", area, black, 1.0);
            Draw.textCentred(marks, "????????", area, black, 1.0);
            int differing = 0;
            int dark = 0;
            for (int y = 0; y < 40; y++) {
                for (int x = 0; x < 200; x++) {
                    int[] a = TestMats.pixel(cyrillic, y, x);
                    if (!Arrays.equals(a, TestMats.pixel(marks, y, x))) {
                        differing++;
                    }
                    if (a[0] < 128) {
                        dark++;
                    }
                }
            }
            assertTrue(differing > 100, "only " + differing + " pixels differ from '????????'");
            assertTrue(dark > 50, "the word left only " + dark + " dark pixels");
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> FigureGrid.build(List.of(), 3, 112));
        assertThrows(IllegalArgumentException.class, () -> FigureGrid.build(panels(1, 5), 0, 112));
        assertThrows(IllegalArgumentException.class, () -> FigureGrid.build(panels(1, 5), 1, 8));
        assertThrows(NullPointerException.class, () -> new FigureGrid.Panel(null, new FloatMap(1, 1, new float[1]), ""));
    }

    @Test
    void sideBySidePadsToTheTallestUnderTitles() {
        try (Mat a = TestMats.bgr(100, 80, 0, 0, 255);
                Mat b = TestMats.bgr(60, 50, 255, 0, 0);
                Mat both = FigureGrid.sideBySide(List.of(a, b), List.of("pooled", "unpooled"))) {
            // H = 100: padding 8, title band 32. width = 8 + 80 + 8 + 50 + 8 = 154, height = 8 + 32 + 100 + 8.
            assertEquals(154, both.cols());
            assertEquals(148, both.rows());
            int top = 8 + 32;
            assertArrayEquals(new int[] {0, 0, 255}, TestMats.pixel(both, top + 99, 8 + 40)); // a's last row
            assertArrayEquals(new int[] {255, 0, 0}, TestMats.pixel(both, top + 59, 96 + 25)); // b's last row
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(both, top + 60, 96 + 25)); // padding
        }
    }

    /**
     * Figures far taller than wide (demo --first 256: two grids 1 022 pixels wide, some 9 900 tall) keep their titles
     * near them: the title band and the margins grew with the height, to a band of 1 650 blank rows over titles held
     * to the figures' width, and 248-pixel margins. Two 120 x 1 000 figures (width x height): the title's ink ends at
     * most twice its own height above the pictures, and the margins stay the 8 pixels that 120-pixel-wide figures
     * get.
     */
    @Test
    void tallNarrowFiguresKeepTheirTitlesNearAndTheirMarginsNarrow() {
        try (Mat a = TestMats.bgr(1000, 120, 0, 0, 255);
                Mat b = TestMats.bgr(1000, 120, 255, 0, 0);
                Mat both = FigureGrid.sideBySide(List.of(a, b), List.of("pooled", "unpooled"))) {
            int picturesTop = -1;
            for (int row = 0; row < both.rows() && picturesTop < 0; row++) {
                if (Arrays.equals(TestMats.pixel(both, row, both.cols() / 4), new int[] {0, 0, 255})) {
                    picturesTop = row;
                }
            }
            assertTrue(picturesTop > 0, "a's red rows not found");
            int inkTop = -1;
            int inkBottom = -1;
            for (int row = 0; row < picturesTop; row++) {
                for (int col = 0; col < both.cols(); col++) {
                    if (TestMats.isInk(both, row, col)) {
                        inkTop = inkTop < 0 ? row : inkTop;
                        inkBottom = row;
                        break;
                    }
                }
            }
            assertTrue(inkTop >= 0, "no title above the pictures");
            int inkHeight = inkBottom - inkTop + 1;
            assertTrue(picturesTop - inkBottom <= 2 * inkHeight, "the titles' ink (rows " + inkTop + ".." + inkBottom
                    + ") ends " + (picturesTop - inkBottom) + " rows above the pictures (row " + picturesTop + ")");
            assertTrue(inkTop <= 2 * inkHeight, "the titles' ink starts at row " + inkTop + ", below a blank band");
            assertEquals(8 + 120 + 8 + 120 + 8, both.cols(), "margins of 8 pixels");
        }
    }

    /**
     * Titles and headers are what tell a reader which picture is which model or method: each is drawn in the band above
     * its own picture or column, centred on it (its ink's middle within 2 pixels of the column's, for the glyphs'
     * bearings).
     */
    @Test
    void eachTitleAndHeaderIsCentredOverItsOwnColumn() {
        try (Mat a = TestMats.bgr(100, 80, 0, 0, 255);
                Mat b = TestMats.bgr(60, 120, 255, 0, 0);
                Mat both = FigureGrid.sideBySide(List.of(a, b), List.of("pooled", "unpooled"))) {
            // Padding 8, title band 32 (sideBySidePadsToTheTallestUnderTitles): a from x 8, b from x 96.
            assertInkCentredIn(both, 8, 8 + 32, 8, 80, "pooled");
            assertInkCentredIn(both, 8, 8 + 32, 96, 120, "unpooled");
        }
        Mat wide = TestMats.bgr(40, 96, 0, 0, 255);
        Mat square = TestMats.bgr(48, 48, 0, 0, 0);
        owned.addAll(List.of(wide, square));
        try (Mat table = FigureGrid.table(List.of(wide, square), List.of("one", "two"))) {
            // p = 4, t = 16 (tableSizesColumnsAndRowsByTheirLargestCellsAndCentresTheOthers): headers 12 rows high.
            assertInkCentredIn(table, 4, 4 + 12, 4, 96, "one");
            assertInkCentredIn(table, 4, 4 + 12, 4 + 96 + 4, 48, "two");
        }
    }

    /** Dark ink in rows {@code top..bottom-1} over columns {@code x..x+width-1} is there, and centred on them. */
    private static void assertInkCentredIn(Mat m, int top, int bottom, int x, int width, String what) {
        int first = -1;
        int last = -1;
        for (int col = x; col < x + width; col++) {
            for (int row = top; row < bottom; row++) {
                if (TestMats.isInk(m, row, col)) {
                    first = first < 0 ? col : first;
                    last = col;
                }
            }
        }
        assertTrue(first >= 0, what + ": no ink in its band over columns " + x + ".." + (x + width - 1));
        double middle = (first + last) / 2.0;
        assertTrue(Math.abs(middle - (x + (width - 1) / 2.0)) <= 2, what + ": ink " + first + ".." + last
                + " is not centred over " + x + ".." + (x + width - 1));
    }

    @Test
    void sideBySideNeedsOneTitlePerImage() {
        try (Mat a = TestMats.bgr(10, 10, 0, 0, 0)) {
            assertThrows(IllegalArgumentException.class, () -> FigureGrid.sideBySide(List.of(a), List.of("x", "y")));
        }
    }

    /**
     * A panel's picture that Overlay.blend refuses is refused by build too, naming the panel: a signed 16-bit picture
     * was drawn with its negative pixels black (its overlay blended on that 8-bit copy, so nothing refused it), and a
     * closed one was called "image is empty", not saying which panel.
     */
    @Test
    void aPanelsPictureOverlayBlendRefusesIsRefusedNamingThePanel() {
        FloatMap map = new FloatMap(1, 1, new float[] {0.5f});
        Mat closed = TestMats.bgr(4, 4, 0, 0, 0);
        closed.close();
        try (Mat signed = new Mat(4, 4, org.bytedeco.opencv.global.opencv_core.CV_16SC1, new Scalar(-300, 0, 0, 0))) {
            List<FigureGrid.Panel> withSigned = List.of(panels(1, 5).get(0), new FigureGrid.Panel(signed, map, "s"));
            IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                    () -> FigureGrid.build(withSigned, 2, 32));
            assertEquals("panels[1].original has signed 16-bit pixels; an overlay is laid on 8-bit, 16-bit unsigned"
                    + " or float (CV_32F, CV_64F) pictures, as CamSession explains them", depth.getMessage());
            IllegalArgumentException shut = assertThrows(IllegalArgumentException.class,
                    () -> FigureGrid.build(List.of(new FigureGrid.Panel(closed, map, "c")), 1, 32));
            assertTrue(shut.getMessage().startsWith("panels[0].original is closed"), shut.getMessage());
        }
    }

    @Test
    void buildLeaksNoNativeMemory() {
        List<FigureGrid.Panel> ps = panels(3, 5);
        TestMats.assertNoLeak(() -> FigureGrid.build(ps, 2, 56, "t").close());
    }

    /** Writes the figures for a human to look at: target/figure-grid.png and target/figure-side-by-side.png. */
    @Test
    void writesFigurePngsForInspection() throws Exception {
        Path target = Path.of("target");
        Files.createDirectories(target);
        try (Mat pooled = FigureGrid.build(panels(10, 9), 5, 112, "pooled model: CAM per digit");
                Mat sharp = FigureGrid.build(panels(10, 3), 5, 112, "unpooled model: CAM per digit");
                Mat both = FigureGrid.sideBySide(List.of(pooled, sharp), List.of("pooled", "unpooled"))) {
            Images.write(pooled, target.resolve("figure-grid.png"));
            Images.write(both, target.resolve("figure-side-by-side.png"));
        }
        assertTrue(Files.size(target.resolve("figure-grid.png")) > 1000);
    }

    /**
     * Cells narrower than their headers (compare --min-side 0: 28-pixel digits at their size) widen their columns to
     * the header at 12 pixels high, so that headers stay readable: every header had shrunk to fit 28 pixels, about 4
     * pixels high (helper-84's audit). The cell is centred in the wider column; columns of wide cells keep their width.
     */
    @Test
    void narrowCellsWidenTheirColumnsToAReadableHeader() {
        Mat digit = TestMats.bgr(28, 28, 0, 0, 255);
        owned.add(digit);
        int header = Draw.widthAtHeight("Grad-CAM++", 12) + 2;
        assertTrue(header > 28, "the header is wider than the digit at 12 pixels: " + header);
        try (Mat table = FigureGrid.table(List.of(digit, digit), List.of("picture", "Grad-CAM++"))) {
            int p = Math.max(4, header / 24);
            int picture = Math.max(28, Draw.widthAtHeight("picture", 12) + 2);
            assertEquals(p + picture + p + header + p, table.cols());
            // The digit centred in the wider column: red at its middle, white at the column's edge.
            int t = 16;
            int x = p + picture + p;
            assertArrayEquals(new int[] {0, 0, 255}, TestMats.pixel(table, p + t + 14, x + (header - 28) / 2 + 14));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(table, p + t + 14, x));
        }
    }

    /**
     * A table with no header at all (maximize's grid of class pictures) has no header band: it drew a blank white strip
     * above the pictures, as if a title were missing. The first cell starts right after the padding.
     */
    @Test
    void aTableWithoutHeadersHasNoHeaderBand() {
        Mat a = TestMats.bgr(48, 48, 0, 0, 255);
        Mat b = TestMats.bgr(48, 48, 0, 255, 0);
        owned.addAll(List.of(a, b));
        java.util.List<String> none = java.util.Arrays.asList(null, " ");
        try (Mat table = FigureGrid.table(List.of(a, b), none)) {
            int p = 4; // max(4, 48 / 24)
            assertEquals(p + 48 + p, table.rows());
            assertEquals(p + 48 + p + 48 + p, table.cols());
            assertArrayEquals(new int[] {0, 0, 255}, TestMats.pixel(table, p, p));
        }
    }

    /**
     * An empty Mat leaves its place blank, without the grey outline a picture gets: the concepts figure's last row ends
     * in such places. {@link FigureGrid#stacked} puts a legend under a table, left-aligned, padded by max(8, W / 40).
     */
    @Test
    void anEmptyCellIsABlankPlaceAndStackedFiguresArePaddedLeftAligned() {
        Mat a = TestMats.bgr(48, 48, 0, 0, 255);
        Mat empty = new Mat();
        Mat key = TestMats.bgr(10, 20, 0, 255, 0);
        owned.addAll(List.of(a, empty, key));
        java.util.List<String> none = java.util.Arrays.asList(null, null);
        try (Mat table = FigureGrid.table(List.of(a, empty), none);
                Mat both = FigureGrid.stacked(List.of(table, key))) {
            int p = 4; // max(4, 48 / 24)
            // A column of blank places only is 2 pixels wide: its header's width, none, plus 2.
            assertEquals(p + 48 + p + 2 + p, table.cols());
            for (int y = 0; y < table.rows(); y++) {
                for (int x = p + 48 + 2; x < table.cols(); x++) {
                    assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(table, y, x), "white at " + y + "," + x);
                }
            }
            int q = 8; // max(8, 60 / 40)
            assertEquals(q + table.cols() + q, both.cols());
            assertEquals(q + table.rows() + q + 10 + q, both.rows());
            assertArrayEquals(new int[] {0, 0, 255}, TestMats.pixel(both, q + p, q + p));
            assertArrayEquals(new int[] {0, 255, 0}, TestMats.pixel(both, q + table.rows() + q, q));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(both, q + table.rows() + q, q + 20));
        }
    }

    /**
     * compare's table: columns as wide as their widest cell, rows as tall as their tallest, each cell centred in its
     * place under white padding and outlined, the layout's sizes as the javadoc gives them.
     */
    @Test
    void tableSizesColumnsAndRowsByTheirLargestCellsAndCentresTheOthers() {
        Mat wide = TestMats.bgr(40, 96, 0, 0, 255);
        Mat tall = TestMats.bgr(60, 48, 0, 255, 0);
        Mat small = TestMats.bgr(20, 20, 255, 0, 0);
        Mat square = TestMats.bgr(48, 48, 0, 0, 0);
        owned.addAll(List.of(wide, tall, small, square));
        try (Mat table = FigureGrid.table(List.of(wide, tall, small, square), List.of("one", "two"))) {
            int p = 4; // max(4, 96 / 24)
            int t = 16; // max(16, 96 / 6)
            assertEquals(p + 96 + p + 48 + p, table.cols());
            assertEquals(p + t + 60 + p + 48 + p, table.rows());
            // The small cell sits in the middle of its 96x48 place in the second row, outlined in grey (a white
            // picture's cell would vanish into the page: helper-84's audit), white beyond.
            int y = p + t + 60 + p;
            int[] grey = {190, 190, 190};
            assertArrayEquals(new int[] {255, 0, 0}, TestMats.pixel(table, y + 14, p + 38));
            assertArrayEquals(grey, TestMats.pixel(table, y + 13, p + 38));
            assertArrayEquals(grey, TestMats.pixel(table, y + 14, p + 37));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(table, y + 12, p + 38));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(table, y + 14, p + 36));
            // The tall cell fills its place's height; the wide one, above the small one, is centred in its 60 rows.
            assertArrayEquals(new int[] {0, 255, 0}, TestMats.pixel(table, p + t, p + 96 + p));
            assertArrayEquals(new int[] {0, 0, 255}, TestMats.pixel(table, p + t + 10, p));
            assertArrayEquals(grey, TestMats.pixel(table, p + t + 9, p));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(table, p + t + 8, p));
        }
        assertThrows(IllegalArgumentException.class, () -> FigureGrid.table(List.of(wide, tall, small), List.of("a", "b")));
    }

    /**
     * A cellSize that makes the figure larger than cam4j draws is named: 10^9 wrapped the figure's width round to a
     * negative int, and OpenCV failed with its own assertion; 10^5 asked OpenCV for a gigabyte ("Insufficient memory").
     */
    @Test
    void aFigureLargerThanIsDrawnIsNamed() {
        try (Mat picture = TestMats.bgr(4, 4, 0, 0, 0)) {
            List<FigureGrid.Panel> one = List.of(new FigureGrid.Panel(picture, new FloatMap(1, 1, new float[] {0f}), "x"));
            String wrapped = assertThrows(IllegalArgumentException.class, () -> FigureGrid.build(one, 1, 1_000_000_000))
                    .getMessage();
            assertTrue(wrapped.startsWith("a figure of 1 panels, 1 to a row, at cellSize 1000000000 is 2375000000x1500000000 pixels"),
                    wrapped);
            assertTrue(wrapped.endsWith("more than cam4j draws (268435456): give a smaller cellSize"), wrapped);
            assertThrows(IllegalArgumentException.class, () -> FigureGrid.build(one, 1, 100_000));
        }
    }

    /**
     * A missing or closed picture in a figure's list is named by its place: a closed one failed with JavaCPP's "This
     * pointer address is NULL" (stacked, table), a null one with a bare NullPointerException (stacked) or one about
     * {@code List.get} (table), or was called an empty image (sideBySide), none saying which picture.
     */
    @Test
    void aMissingOrClosedPictureIsNamedByItsPlace() {
        Mat closed = TestMats.bgr(4, 4, 0, 0, 0);
        closed.close();
        try (Mat picture = TestMats.bgr(4, 4, 0, 0, 0); Mat empty = new Mat()) {
            List<Mat> withNull = Arrays.asList(picture, null);
            assertEquals("images[1] is closed", assertThrows(IllegalArgumentException.class,
                    () -> FigureGrid.stacked(List.of(picture, closed))).getMessage());
            assertEquals("images[1] is null", assertThrows(NullPointerException.class,
                    () -> FigureGrid.stacked(withNull)).getMessage());
            assertEquals("cells[1] is closed", assertThrows(IllegalArgumentException.class,
                    () -> FigureGrid.table(List.of(picture, closed), List.of("a", "b"))).getMessage());
            assertEquals("cells[1] is null", assertThrows(NullPointerException.class,
                    () -> FigureGrid.table(withNull, List.of("a", "b"))).getMessage());
            assertEquals("images[1] is null", assertThrows(NullPointerException.class,
                    () -> FigureGrid.sideBySide(withNull, null)).getMessage());
            assertEquals("images[0] is empty: a figure shows pictures of 1x1 pixels or more", assertThrows(
                    IllegalArgumentException.class, () -> FigureGrid.sideBySide(List.of(empty), null)).getMessage());
            // An empty cell of a table is still a place left blank.
            try (Mat table = FigureGrid.table(List.of(picture, empty), List.of("a", "b"))) {
                assertTrue(table.cols() > 8);
            }
        }
    }

    /**
     * A cell's size that is no size is refused, naming it: cellSize gave {-6, 8} for a picture of -3 rows and wrapped
     * a 100000x100000 picture enlarged 100000 times round to 1410065408 a side, and cell and enlargedCell failed with
     * OpenCV's resize assertion for a size or factor of 0, and with "This pointer address is NULL" for a closed picture.
     * A large picture brought down by a longest side is still fine: its sizes are worked out past int range.
     */
    @Test
    void aCellSizeThatIsNoSizeIsRefusedNamingIt() {
        assertEquals("picture of 4x-3 (width x height): a cell is made of a picture of 1x1 pixels or more",
                assertThrows(IllegalArgumentException.class, () -> FigureGrid.cellSize(-3, 4, 2, 0)).getMessage());
        assertEquals("factor 0: a picture is enlarged 1 or more times",
                assertThrows(IllegalArgumentException.class, () -> FigureGrid.cellSize(3, 4, 0, 0)).getMessage());
        assertEquals("maxSide -1: the longest side is 1 or more, or 0 for no limit",
                assertThrows(IllegalArgumentException.class, () -> FigureGrid.cellSize(3, 4, 1, -1)).getMessage());
        String wrapped = assertThrows(IllegalArgumentException.class,
                () -> FigureGrid.cellSize(100000, 100000, 100000, 0)).getMessage();
        assertTrue(wrapped.startsWith("a 100000x100000 picture enlarged 100000 times is 10000000000x10000000000"),
                wrapped);
        assertArrayEquals(new int[] {480, 480}, FigureGrid.cellSize(100000, 100000, 100000, 480));
        Mat closed = TestMats.bgr(4, 4, 0, 0, 0);
        closed.close();
        try (Mat picture = TestMats.bgr(4, 4, 0, 0, 0)) {
            assertEquals("cell of 10x0 (width x height): a cell is 1x1 pixels or more (FigureGrid.cellSize)",
                    assertThrows(IllegalArgumentException.class, () -> FigureGrid.cell(picture, 0, 10, "a")).getMessage());
            assertEquals("factor 0: a picture is enlarged 1 or more times",
                    assertThrows(IllegalArgumentException.class, () -> FigureGrid.enlargedCell(picture, 0, "a"))
                            .getMessage());
            assertEquals("image is empty (or closed): a cell shows a picture of 1x1 pixels or more",
                    assertThrows(IllegalArgumentException.class, () -> FigureGrid.cell(closed, 8, 8, "a")).getMessage());
            assertEquals("image is null",
                    assertThrows(NullPointerException.class, () -> FigureGrid.enlargedCell(null, 2, "a")).getMessage());
        }
    }

    /**
     * An enlarged cell past int range or past what cam4j draws is refused, naming it: a 28x28 picture enlarged
     * 153391690 times wrapped round in int to a 24x24 cell, returned without a word, and one enlarged 100000 times
     * asked OpenCV for 23 terabytes ("Insufficient memory", over two lines).
     */
    @Test
    void anEnlargedCellPastWhatIsDrawnIsRefusedNotWrappedRound() {
        try (Mat picture = TestMats.bgr(28, 28, 0, 0, 0)) {
            String wrapped = assertThrows(IllegalArgumentException.class,
                    () -> FigureGrid.enlargedCell(picture, 153_391_690, "a")).getMessage();
            assertEquals("a 28x28 picture enlarged 153391690 times is 4294967320x4294967320, past what an image can"
                    + " hold; give a smaller factor or a maxSide", wrapped);
            assertEquals("cell of 2800000x2800000 (width x height) is 7840000000000 pixels, more than cam4j draws"
                    + " (268435456): give a smaller size", assertThrows(IllegalArgumentException.class,
                            () -> FigureGrid.enlargedCell(picture, 100_000, "a")).getMessage());
            try (Mat enlarged = FigureGrid.enlargedCell(picture, 3, "a")) {
                assertEquals(84, enlarged.rows());
                assertEquals(84, enlarged.cols());
            }
        }
    }

    /**
     * A tall strip's cell (a 16x3000 picture's, 16x480 in compare's and concepts' figures) had its picture's name cut to
     * its first letter across its 16 pixels, "t" for thin16x3000.png, which read as a class. The name goes down its
     * left edge, whole, its band as long as across a 480x16 cell; a caption that fits across stays there.
     */
    @Test
    void aTallCellsCaptionGoesDownItsEdgeWhole() {
        String name = "thin16x3000.png";
        try (Mat tall = TestMats.bgr(3000, 16, 0, 0, 0); Mat wide = TestMats.bgr(16, 3000, 0, 0, 0);
                Mat down = FigureGrid.cell(tall, 480, 16, name); Mat across = FigureGrid.cell(wide, 16, 480, name);
                Mat one = FigureGrid.cell(tall, 480, 16, "1")) {
            // The band's length: its last grey pixel along the line through its padding, left of or above its text.
            int acrossBand = 0;
            for (int x = 0; x < across.cols(); x++) {
                acrossBand = java.util.Arrays.equals(new int[] {32, 32, 32}, TestMats.pixel(across, 1, x)) ? x + 1
                        : acrossBand;
            }
            int downBand = 0;
            int topBand = 0;
            for (int y = 0; y < down.rows(); y++) {
                // Its letters' tops face the cell's right edge: the band's padding above them is column 14.
                downBand = java.util.Arrays.equals(new int[] {32, 32, 32}, TestMats.pixel(down, y, 14)) ? y + 1
                        : downBand;
                topBand += java.util.Arrays.equals(new int[] {32, 32, 32}, TestMats.pixel(one, y, 1)) ? 1 : 0;
            }
            assertTrue(acrossBand > 100, "the whole name across: " + acrossBand + " columns");
            assertEquals(acrossBand, downBand, "down the tall cell, as long as across the wide one");
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(down, 0, 14), "from the top");
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(down, downBand, 14), "black below it");
            assertEquals(Draw.labelHeight(480, 16, "1"), topBand, "a caption that fits across stays across");
        }
    }

    /**
     * maximize {@code --size 4x200}'s 16x480 strips lay under their caption's band over their whole height and a
     * quarter of their length. A caption whose band would take more than a quarter of a cell's height goes in a band of
     * its own above the picture (left of a 480x16 strip, down it), in the font a cell's caption has (its band 17 pixels
     * high, as on a 200-pixel picture), and the picture is shown whole; a 168x168 digit's cell is {@link
     * FigureGrid#cell}'s.
     */
    @Test
    void aCaptionThatWouldHideMuchOfAStripGoesBesideIt() {
        String caption = "class 0  p=1.00";
        int band = Draw.labelHeight(Draw.SMALLEST_LABEL_SIDE, 480, caption);
        int[] grey = {128, 128, 128};
        int[] bandGrey = {32, 32, 32};
        try (Mat wide = TestMats.bgr(16, 480, 128, 128, 128); Mat tall = TestMats.bgr(480, 16, 128, 128, 128);
                Mat digit = TestMats.bgr(28, 28, 128, 128, 128);
                Mat above = FigureGrid.cellClearOfCaption(wide, 16, 480, caption);
                Mat left = FigureGrid.cellClearOfCaption(tall, 480, 16, caption);
                Mat square = FigureGrid.cellClearOfCaption(digit, 168, 168, caption);
                Mat onIt = FigureGrid.cell(digit, 168, 168, caption)) {
            assertEquals(17, band, "the band of a label at its smallest font");
            assertEquals(16 + band, above.rows());
            assertEquals(480, above.cols());
            assertEquals(480, left.rows());
            assertEquals(16 + band, left.cols());
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 480; x++) {
                    assertArrayEquals(grey, TestMats.pixel(above, band + y, x), "the strip whole, at " + x + "," + y);
                    assertArrayEquals(grey, TestMats.pixel(left, x, band + y), "the tall strip whole, " + y + "," + x);
                }
            }
            // The band's padding: above the text across, right of it down the tall strip (letters' tops face it).
            assertArrayEquals(bandGrey, TestMats.pixel(above, 1, 1));
            assertArrayEquals(bandGrey, TestMats.pixel(left, 1, band - 2));
            assertArrayEquals(TestMats.bytes(onIt), TestMats.bytes(square), "a digit's cell keeps its caption on it");
        }
    }

    /**
     * A figure's cell is enlarged a whole number of times, then brought down to the largest side keeping its shape; it
     * is drawn at that size, its caption too: the band is the one a picture of the cell's size gets (shrunk after
     * drawing, a 600x120 strip's caption band kept 4 rows of its grey).
     */
    @Test
    void aCellIsDrawnAtItsSizeCaptionAndAll() {
        assertArrayEquals(new int[] {168, 168}, FigureGrid.cellSize(28, 28, 6, 480));
        assertArrayEquals(new int[] {96, 480}, FigureGrid.cellSize(120, 600, 2, 480));
        assertArrayEquals(new int[] {360, 480}, FigureGrid.cellSize(900, 1200, 1, 480));
        assertArrayEquals(new int[] {900, 1200}, FigureGrid.cellSize(900, 1200, 1, 0), "no limit");
        assertFalse(FigureGrid.stretched(120, 600, 2, 480));
        assertFalse(FigureGrid.stretched(900, 1200, 1, 0));
        // Brought down to the largest side, a thin picture's cell keeps 16 pixels (MIN_CELL_SIZE) across, stretched:
        // a 300x1 picture's cells had been 480x2, lines; keeping its shape instead lifted maxSide's bound.
        assertArrayEquals(new int[] {16, 480}, FigureGrid.cellSize(1, 300, 13, 480));
        assertArrayEquals(new int[] {480, 16}, FigureGrid.cellSize(300, 1, 13, 480));
        assertArrayEquals(new int[] {16, 480}, FigureGrid.cellSize(2, 3000, 2, 480));
        assertArrayEquals(new int[] {16, 400}, FigureGrid.cellSize(20, 1000, 1, 400), "8 pixels, raised to 16");
        assertArrayEquals(new int[] {10, 10}, FigureGrid.cellSize(1, 1000, 1, 10), "no side past maxSide");
        assertTrue(FigureGrid.stretched(1, 300, 13, 480));
        assertTrue(FigureGrid.stretched(20, 1000, 1, 400));
        assertFalse(FigureGrid.stretched(1, 300, 1, 0), "never shrunk, never stretched");
        // Stretched beyond what rounding a side to whole pixels does: a 500x16 picture's cells are 480x16, where its
        // shape makes them 480x15.36 (4 % apart), and they had been said to be stretched; 600x18's, 480x16 for
        // 480x14.4 (11 %), are.
        assertArrayEquals(new int[] {16, 480}, FigureGrid.cellSize(16, 500, 1, 480));
        assertFalse(FigureGrid.stretched(16, 500, 1, 480));
        assertFalse(FigureGrid.stretched(500, 16, 1, 480));
        assertTrue(FigureGrid.stretched(18, 600, 1, 480));
        assertTrue(FigureGrid.stretched(600, 18, 1, 480));
        try (Mat strip = TestMats.bgr(120, 600, 0, 0, 0); Mat cell = FigureGrid.cell(strip, 96, 480, "strip.png")) {
            assertEquals(96, cell.rows());
            assertEquals(480, cell.cols());
            int band = 0;
            for (int y = 0; y < cell.rows(); y++) {
                band += java.util.Arrays.equals(new int[] {32, 32, 32}, TestMats.pixel(cell, y, 1)) ? 1 : 0;
            }
            assertEquals(Draw.labelHeight(96, 480, "strip.png"), band);
        }
    }

    /**
     * Where each part of a titled grid lands, by the layout the class documents (padding s/8, caption band s/4, title
     * s/3 + padding): each panel's original centred in its square, its overlay beside it, its caption under the pair,
     * the title above, and nothing of one cell in another. Round 42's survivors: the cells' offsets, the centring and
     * the title were checked only through the figure's size.
     */
    @Test
    void everyPartOfAGridLandsWhereTheLayoutPutsIt() {
        int s = 112;
        int p = 14;
        int c = 28;
        int t = 37 + p;
        int[] levels = {40, 90, 140};
        List<FigureGrid.Panel> panels = new ArrayList<>();
        for (int level : levels) {
            // 20 rows by 40 columns: fitted to 56 x 112, centred 28 rows down its square.
            Mat original = new Mat(20, 40, CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(level));
            owned.add(original);
            panels.add(new FigureGrid.Panel(original, new FloatMap(20, 40, new float[20 * 40]), "class " + level));
        }
        try (Mat fig = FigureGrid.build(panels, 2, s, "A TITLE")) {
            assertEquals(p + 2 * (2 * s + 2 * p), fig.cols());
            assertEquals(p + t + 2 * (s + c + p), fig.rows());
            assertTrue(darkIn(fig, p, p, fig.cols() - 2 * p, t - p) > 20, "the title above the cells");
            for (int i = 0; i < levels.length; i++) {
                int x0 = p + (i % 2) * (2 * s + 2 * p);
                int y0 = p + t + (i / 2) * (s + c + p);
                String where = "panel " + i + " at (" + x0 + ", " + y0 + ")";
                assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(fig, y0 + 27, x0 + s / 2), where + ": above");
                int[] level = {levels[i], levels[i], levels[i]};
                assertArrayEquals(level, TestMats.pixel(fig, y0 + 28, x0), where + ": original's first row and column");
                assertArrayEquals(level, TestMats.pixel(fig, y0 + 83, x0 + s - 1), where + ": its last");
                assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(fig, y0 + 84, x0 + s / 2), where + ": below");
                assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(fig, y0 + 50, x0 + s + p / 2),
                        where + ": the gap between original and overlay");
                int[] overlay = TestMats.pixel(fig, y0 + 50, x0 + s + p + s / 2);
                assertFalse(overlay[0] == overlay[1] && overlay[1] == overlay[2], where + ": the overlay is coloured, "
                        + java.util.Arrays.toString(overlay));
                assertArrayEquals(overlay, TestMats.pixel(fig, y0 + 28, x0 + s + p), where + ": overlay's first pixel");
                assertTrue(darkIn(fig, x0, y0 + s, 2 * s + p, c) > 20, where + ": its caption under the pair");
            }
            // The empty fourth cell holds nothing.
            int x3 = p + 2 * s + 2 * p;
            int y3 = p + t + s + c + p;
            assertEquals(0, darkIn(fig, x3, y3, 2 * s + p, s + c), "the fourth cell is empty");
        }
    }

    /** @return how many pixels of the box are dark (below 128 in every channel) */
    private static int darkIn(Mat fig, int x, int y, int w, int h) {
        int dark = 0;
        for (int yy = y; yy < y + h; yy++) {
            for (int xx = x; xx < x + w; xx++) {
                int[] px = TestMats.pixel(fig, yy, xx);
                if (px[0] < 128 && px[1] < 128 && px[2] < 128) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
