package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class DrawTest {
    /**
     * A long class name pushed the probability off the overlay ("a_very_long_label_for_a_cla"): the caption keeps
     * "  p=..." and shortens the name. Widths here are 10 pixels a character (a code point), so the arithmetic is exact.
     */
    @Test
    void aCaptionTooWideKeepsItsProbabilityAndShortensItsName() {
        java.util.function.ToIntFunction<String> width = t -> t.codePointCount(0, t.length()) * 10;
        assertEquals("seven  p=0.998", Draw.fitted("seven  p=0.998", width, 140), "fits: unchanged");
        assertEquals("a_very_...  p=0.998", Draw.fitted("a_very_long_label_for_a_class  p=0.998", width, 190));
        // No part of the name fits beside the probability: the name alone, shortened if need be (it was "p=0.998", and
        // a digit's caption on a 28-pixel picture "p=1", its class gone).
        assertEquals("a_ver...", Draw.fitted("a_very_long_label  p=0.998", width, 80), "the class, not the probability");
        assertEquals("7", Draw.fitted("7  p=1.000", width, 30));
        assertEquals("seven", Draw.fitted("seven  p=1.000", width, 60));
        assertEquals("s", Draw.fitted("seven  p=1.000", width, 15), "at least the name's first character");
        // No tail to keep (a file's name in compare's figure): cut in the middle, where it had been clipped at the
        // band's edge without a sign. Two thirds of what is kept is the end: names alike differ there.
        assertEquals("no...dence", Draw.fitted("no evidence", width, 100));
        assertEquals("sca...001.png", Draw.fitted("scan_of_a_digit_0001.png", width, 130));
        assertEquals("n", Draw.fitted("no evidence", width, 20), "at least the first character");
        // CJK and emoji are cut between characters, not inside a surrogate pair: measured by UTF-16 units, five would
        // fit the name's room here, and the fifth is half an emoji.
        assertEquals("数字七数字...  p=0.5", Draw.fitted("数字七数字七数字七  p=0.5", width, 150));
        assertEquals("\uD83D\uDE00\uD83D\uDE00...  p=0.5", Draw.fitted("\uD83D\uDE00".repeat(6) + "  p=0.5",
                t -> t.length() * 10, 150));
    }

    /**
     * Drawn on a small picture, a long caption's band fits it: a band wider than the picture was cut at its right
     * edge, and the probability with it. Row 1 lies in the band's top padding, above any letter: grey where the band
     * is, black beyond it.
     */
    @Test
    void aLongCaptionDrawnOnASmallPictureFitsIt() {
        try (Mat small = new Mat(168, 168, opencv_core.CV_8UC3, new Scalar(0, 0, 0, 0))) {
            Draw.label(small, "a_very_long_label_for_a_class_of_the_model  p=0.998", 0, 0);
            assertTrue(TestMats.pixel(small, 1, 0)[0] > 0, "the band starts at the left edge");
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(small, 1, 167), "the band ends before the right edge");
        }
    }

    private static final int[] BLACK = {0, 0, 0};
    private static final int[] WHITE = {255, 255, 255};
    private static final int[] GREEN = {0, 255, 0};

    @Test
    void boxOutlinesItsEdgePixelsOnly() {
        try (Mat img = TestMats.bgr(20, 20, 0, 0, 0); Scalar green = new Scalar(0, 255, 0, 0)) {
            Draw.box(img, new Box(5, 6, 4, 3), green, 1);
            assertArrayEquals(GREEN, TestMats.pixel(img, 6, 5)); // top-left corner
            assertArrayEquals(GREEN, TestMats.pixel(img, 8, 8)); // bottom-right corner: x + w - 1, y + h - 1
            assertArrayEquals(BLACK, TestMats.pixel(img, 7, 6)); // inside
            assertArrayEquals(BLACK, TestMats.pixel(img, 9, 9)); // just outside bottom-right
            assertArrayEquals(BLACK, TestMats.pixel(img, 6, 9)); // just right of the top edge
        }
    }

    /**
     * A box reaching past the largest int (a region of interest of 10,0,2147483647,10, valid as a Box) is drawn as far
     * as the image goes: its right corner x + w - 1 wrapped round to a negative int, and the top and bottom edges were
     * drawn leftwards, across the image left of the box, the right part of the box left open.
     */
    @Test
    void aBoxReachingPastTheLargestIntIsDrawnToTheImagesEdge() {
        for (int thickness : new int[] {1, 3, -1}) {
            try (Mat img = TestMats.bgr(20, 20, 0, 0, 0); Scalar green = new Scalar(0, 255, 0, 0)) {
                Draw.box(img, new Box(5, 5, Integer.MAX_VALUE, 10), green, thickness);
                assertArrayEquals(BLACK, TestMats.pixel(img, 5, 0), "left of the box, thickness " + thickness);
                assertArrayEquals(GREEN, TestMats.pixel(img, 5, 19), "its top edge, thickness " + thickness);
                assertArrayEquals(GREEN, TestMats.pixel(img, 14, 19), "its bottom edge, thickness " + thickness);
                assertArrayEquals(thickness == -1 ? GREEN : BLACK, TestMats.pixel(img, 10, 10),
                        "inside, thickness " + thickness);
            }
        }
    }

    /**
     * A pixel aspect that shows the picture larger than cam4j draws is named: 1e300 or 1e-300 wrapped the shown size
     * round to -1, so label and marker failed with OpenCV's "s >= 0 in function 'setSize'" and labelFits said "an image
     * of -1x100 holds no label", of an image the caller never gave. An anamorphic 4/3 still draws.
     */
    @Test
    void aPixelAspectThatShowsThePictureBeyondWhatIsDrawnIsNamed() {
        try (Mat img = TestMats.bgr(100, 100, 0, 0, 0)) {
            for (double aspect : new double[] {1e300, 1e-300}) {
                String label = assertThrows(IllegalArgumentException.class, () -> Draw.label(img, "7", 0, 0, aspect))
                        .getMessage();
                assertTrue(label.startsWith("pixel aspect " + aspect + " shows the 100x100 image at 1.00e+304 pixels,"
                        + " more than cam4j draws (268435456)"), label);
                assertThrows(IllegalArgumentException.class, () -> Draw.marker(img, 50, 50, aspect));
                assertThrows(IllegalArgumentException.class, () -> Draw.labelFits(img, "7", aspect));
                assertThrows(IllegalArgumentException.class, () -> Draw.labelHeight(img, "7", aspect));
            }
            Draw.label(img, "7", 0, 0, 4.0 / 3);
            Draw.marker(img, 50, 50, 4.0 / 3);
            assertTrue(countDifferent(img, BLACK) > 0);
        }
    }

    /**
     * A box wholly outside the picture (in a map's or a larger frame's pixels) is refused with the picture's size: it
     * was drawn nowhere without a word. A box partly outside is still clipped to the picture.
     */
    @Test
    void aBoxWhollyOutsideThePictureIsRefusedAndOnePartlyOutsideIsClipped() {
        try (Mat img = TestMats.bgr(10, 20, 0, 0, 0); Scalar green = new Scalar(0, 255, 0, 0)) {
            for (Box b : new Box[] {new Box(20, 0, 5, 5), new Box(0, 10, 5, 5), new Box(-6, -6, 5, 5)}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Draw.box(img, b, green, 1), b.toString());
                assertEquals("b = box " + b + " (x,y,w,h) lies wholly outside the 20x10 image (width x height): give"
                        + " it in the image's pixels", e.getMessage());
            }
            assertEquals(0, countDifferent(img, BLACK));
            // Its left and top edges inside: the two lines, 5 + 5 pixels less their shared corner, are drawn.
            Draw.box(img, new Box(15, 5, 10, 10), green, 1);
            assertEquals(9, countDifferent(img, BLACK));
        }
    }

    /**
     * A point outside the picture (in a map's or a larger frame's pixels) is refused with the picture's size, by both
     * markers: far outside it was marked nowhere without a word, just outside by a stray arm at the edge. A point on
     * the last row and column is still marked.
     */
    @Test
    void aMarkerOutsideThePictureIsRefusedAndOneInsideIsDrawn() {
        try (Mat img = TestMats.bgr(10, 20, 0, 0, 0)) {
            int[][] outside = {{20, 0}, {0, 10}, {-1, 5}, {5, -1}, {100, 100}};
            for (int[] p : outside) {
                for (double aspect : new double[] {1, 4.0 / 3}) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                            () -> Draw.marker(img, p[0], p[1], aspect), p[0] + "," + p[1] + " at " + aspect);
                    assertEquals("point x=" + p[0] + ", y=" + p[1] + " lies outside the 20x10 image (width x height):"
                            + " give it in the image's pixels", e.getMessage());
                }
                assertThrows(IllegalArgumentException.class, () -> Draw.marker(img, p[0], p[1]));
            }
            assertEquals(0, countDifferent(img, BLACK), "a refused point drew nothing");
            Draw.marker(img, 19, 9);
            assertArrayEquals(WHITE, TestMats.pixel(img, 9, 19));
            Draw.marker(img, 0, 0, 4.0 / 3);
            assertArrayEquals(WHITE, TestMats.pixel(img, 0, 0));
        }
    }

    @Test
    void emptyBoxDrawsNothingAndBadThicknessIsRejected() {
        try (Mat img = TestMats.bgr(10, 10, 0, 0, 0); Scalar green = new Scalar(0, 255, 0, 0)) {
            Draw.box(img, new Box(2, 2, 0, 5), green, 1);
            assertEquals(0, countDifferent(img, BLACK));
            assertThrows(IllegalArgumentException.class, () -> Draw.box(img, new Box(1, 1, 2, 2), green, 0));
        }
    }

    /**
     * A thickness above OpenCV's limit is refused in words, where OpenCV's assertion failed over two lines ("thickness
     * <= MAX_THICKNESS in function 'rectangle'"); and text given an area wholly outside the picture is refused as a box
     * there is, where it was written nowhere without a word. An area partly outside is still clipped.
     */
    @Test
    void aThicknessBeyondOpenCvsLimitAndTextWhollyOutsideThePictureAreRefused() {
        try (Mat img = TestMats.bgr(10, 20, 0, 0, 0); Scalar green = new Scalar(0, 255, 0, 0)) {
            assertEquals("thickness must be 1 to 32767 (or -1 to fill), was 32768", assertThrows(
                    IllegalArgumentException.class, () -> Draw.box(img, new Box(1, 1, 5, 5), green, 32768))
                    .getMessage());
            Draw.box(img, new Box(1, 1, 5, 5), green, 32767);
            assertEquals(200, countDifferent(img, BLACK), "the widest line covers the picture");
        }
        try (Mat img = TestMats.bgr(40, 60, 0, 0, 0); Scalar white = new Scalar(255, 255, 255, 0)) {
            for (Box area : new Box[] {new Box(60, 0, 30, 20), new Box(0, 40, 30, 20), new Box(-31, -21, 30, 20)}) {
                assertEquals("area = box " + area + " (x,y,w,h) lies wholly outside the 60x40 image (width x height):"
                        + " give it in the image's pixels", assertThrows(IllegalArgumentException.class,
                                () -> Draw.textInBox(img, "7", area, white), area.toString()).getMessage());
            }
            assertEquals(0, countDifferent(img, BLACK), "a refused area drew nothing");
            Draw.textInBox(img, "7", new Box(45, 25, 30, 20), white);
            assertTrue(countDifferent(img, BLACK) > 0, "the part inside is drawn");
        }
    }

    @Test
    void labelDrawsWhiteTextOnADarkBandInsideTheImage() {
        try (Mat img = TestMats.bgr(100, 200, 255, 255, 255)) {
            // Asked for the bottom-right corner: the band must be moved inside the image.
            Draw.label(img, "cat 0.93", 195, 95);
            assertTrue(countDifferent(img, WHITE) > 100, "label drew too little");
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(img, 99, 199)); // band reaches the corner
            assertArrayEquals(WHITE, TestMats.pixel(img, 0, 0)); // far away untouched
        }
    }

    @Test
    void nonAsciiLabelsAreDrawnNotQuestionMarks() {
        assumeTrue(Draw.canDraw("семь"), "no installed font has Cyrillic");
        try (Mat cyrillic = TestMats.bgr(100, 200, 255, 255, 255); Mat marks = TestMats.bgr(100, 200, 255, 255, 255);
                Mat grey = new Mat(100, 200, opencv_core.CV_8UC1, new Scalar(255))) {
            // Hershey drew "семь" exactly as "????".
            Draw.label(cyrillic, "семь  p=0.98", 195, 95);
            Draw.label(marks, "????  p=0.98", 195, 95);
            Draw.label(grey, "семь  p=0.98", 0, 0);
            assertTrue(countDifferent(cyrillic, WHITE) > 100, "label drew too little");
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(cyrillic, 99, 199)); // moved inside, as ASCII is
            assertFalse(java.util.Arrays.equals(TestMats.bytes(cyrillic), TestMats.bytes(marks)), "drawn as question marks");
            assertEquals(32, TestMats.pixel(grey, 0, 0)[0]);
            assertEquals(Draw.labelHeight(cyrillic, "семь  p=0.98"), rowsTouched(cyrillic));
        }
    }

    @Test
    void aLabelTheFontsLackIsSaidToBe() {
        assertTrue(Draw.canDraw("cat 0.93"));
        // A private-use character no font draws.
        assertFalse(Draw.canDraw("\uE000"));
    }

    /** @return how many rows hold a pixel other than white */
    private static int rowsTouched(Mat img) {
        int rows = 0;
        for (int y = 0; y < img.rows(); y++) {
            for (int x = 0; x < img.cols(); x++) {
                if (!Arrays.equals(WHITE, TestMats.pixel(img, y, x))) {
                    rows++;
                    break;
                }
            }
        }
        return rows;
    }

    @Test
    void markerCrossesThePoint() {
        try (Mat img = TestMats.bgr(60, 60, 0, 0, 255)) {
            Draw.marker(img, 30, 20);
            assertArrayEquals(WHITE, TestMats.pixel(img, 20, 30));
            assertArrayEquals(WHITE, TestMats.pixel(img, 20, 32)); // arm of the cross
            assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(img, 21, 31)); // black halo beside the white arm
            assertArrayEquals(new int[] {0, 0, 255}, TestMats.pixel(img, 25, 35)); // between arms, beyond the halo
            assertArrayEquals(new int[] {0, 0, 255}, TestMats.pixel(img, 50, 50));
        }
    }

    @Test
    void textInBoxStaysInsideTheBox() {
        try (Mat img = TestMats.bgr(80, 200, 255, 255, 255); Scalar black = new Scalar(0, 0, 0, 0)) {
            Box area = new Box(40, 20, 120, 30);
            Draw.textInBox(img, "7  p=0.99", area, black);
            int inside = 0;
            for (int y = 0; y < img.rows(); y++) {
                for (int x = 0; x < img.cols(); x++) {
                    if (!java.util.Arrays.equals(WHITE, TestMats.pixel(img, y, x))) {
                        // Antialiasing may touch one pixel beyond the measured text, hence the 1-pixel margin.
                        assertTrue(x >= area.x() - 1 && x <= area.x() + area.width()
                                && y >= area.y() - 1 && y <= area.y() + area.height(),
                                "text pixel outside its box at (" + x + "," + y + ")");
                        inside++;
                    }
                }
            }
            assertTrue(inside > 100, "text too small: " + inside + " pixels");
        }
    }

    @Test
    void emptyImageIsRejected() {
        try (Mat empty = new Mat()) {
            assertThrows(IllegalArgumentException.class, () -> Draw.marker(empty, 0, 0));
        }
    }

    /**
     * Colours are 8-bit levels: a green box drawn on a 0..1 float picture was 255 there (shown white once the picture
     * was scaled for display), and on 16-bit pixels near black. Every drawing method refuses such an image by its
     * depth, pointing to an 8-bit copy, and leaves its pixels as they were; the measuring ones (labelFits, labelHeight)
     * take any depth, as they only read its size.
     */
    @Test
    void anImageOfAnotherDepthThan8BitIsRefusedNotPaintedOutOfRange() {
        for (int type : new int[] {opencv_core.CV_32FC3, opencv_core.CV_16UC3, opencv_core.CV_32FC1}) {
            double grey = type == opencv_core.CV_16UC3 ? 1000 : 0.5;
            try (Mat image = new Mat(40, 60, type, new Scalar(grey, grey, grey, 0));
                    Scalar green = new Scalar(0, 255, 0, 0)) {
                java.util.List<org.junit.jupiter.api.function.Executable> drawings = java.util.List.of(
                        () -> Draw.box(image, new Box(5, 5, 20, 20), green, 1),
                        () -> Draw.label(image, "7  p=0.99", 0, 0),
                        () -> Draw.label(image, "7  p=0.99", 0, 0, 4.0 / 3),
                        () -> Draw.marker(image, 10, 10),
                        () -> Draw.marker(image, 10, 10, 4.0 / 3),
                        () -> Draw.textInBox(image, "7", new Box(0, 0, 30, 30), green));
                for (org.junit.jupiter.api.function.Executable drawing : drawings) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, drawing);
                    int channels = opencv_core.CV_MAT_CN(type);
                    assertTrue(e.getMessage().startsWith("cannot draw into an image that is " + (type
                            == opencv_core.CV_16UC3 ? "16-bit" : "32-bit float") + ", " + channels
                            + (channels == 1 ? " channel" : " channels") + ": Draw's colours are 8-bit levels 0..255;"
                            + " draw on an 8-bit copy (Images.toBgr8(image)"), e.getMessage());
                }
                double[] max = new double[1];
                opencv_core.minMaxLoc(image.reshape(1, 0), null, max, null, null, null);
                assertEquals(grey, max[0], 0, "the image was left as it was");
                assertTrue(Draw.labelHeight(image, "7") > 0);
                assertTrue(Draw.labelFits(image, "7"));
            }
        }
    }

    /**
     * Colours are grey or BGR: on a BGRA picture the colour's fourth value, 0, was written as the alpha, and the box
     * was invisible once the picture was saved as a PNG. Refused by its channels, the picture left as it was.
     */
    @Test
    void aPictureOfFourChannelsIsRefusedNotPaintedTransparent() {
        try (Mat image = new Mat(40, 60, opencv_core.CV_8UC4, new Scalar(10, 20, 30, 255));
                Scalar green = new Scalar(0, 255, 0, 0)) {
            java.util.List<org.junit.jupiter.api.function.Executable> drawings = java.util.List.of(
                    () -> Draw.box(image, new Box(5, 5, 20, 20), green, 1),
                    () -> Draw.label(image, "7  p=0.99", 0, 0),
                    () -> Draw.marker(image, 10, 10),
                    () -> Draw.textInBox(image, "7", new Box(0, 0, 30, 30), green));
            for (org.junit.jupiter.api.function.Executable drawing : drawings) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, drawing);
                assertTrue(e.getMessage().startsWith("cannot draw into an 8-bit image of 4 channels: Draw paints grey"
                        + " (1 channel) or BGR (3 channels)"), e.getMessage());
            }
            double[] min = new double[1];
            double[] max = new double[1];
            try (Mat alpha = new Mat()) {
                opencv_core.extractChannel(image, alpha, 3);
                opencv_core.minMaxLoc(alpha, min, max, null, null, null);
            }
            assertEquals(255, min[0], 0, "the alpha was left opaque");
        }
    }

    @Test
    void drawingLeaksNoNativeMemory() {
        try (Mat img = TestMats.bgr(100, 100, 0, 0, 0); Scalar red = new Scalar(0, 0, 255, 0)) {
            TestMats.assertNoLeak(() -> {
                Draw.box(img, new Box(10, 10, 20, 20), red, 2);
                Draw.label(img, "x", 5, 5);
                Draw.marker(img, 50, 50);
                Draw.textInBox(img, "caption", new Box(0, 70, 100, 30), red);
            });
        }
    }

    private static int countDifferent(Mat img, int[] colour) {
        int n = 0;
        for (int y = 0; y < img.rows(); y++) {
            for (int x = 0; x < img.cols(); x++) {
                if (!java.util.Arrays.equals(colour, TestMats.pixel(img, y, x))) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * A missing picture is named as missing, as Overlay.blend and Annotation.draw name it: Draw's box, label and marker
     * called a null image "an empty image", as if one had been given.
     */
    @Test
    void aNullImageIsNamedAsNull() {
        Scalar green = new Scalar(0, 255, 0, 0);
        NullPointerException e = assertThrows(NullPointerException.class,
                () -> Draw.box(null, new Box(1, 1, 5, 5), green, 1));
        assertEquals("image is null: the picture to draw into", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Draw.label(null, "7", 0, 0));
        assertEquals("image is null: the picture to draw into", e.getMessage());
        e = assertThrows(NullPointerException.class, () -> Draw.marker(null, 1, 1));
        assertEquals("image is null: the picture to draw into", e.getMessage());
        try (Mat empty = new Mat()) {
            // An empty one is still called empty.
            IllegalArgumentException i = assertThrows(IllegalArgumentException.class,
                    () -> Draw.box(empty, new Box(1, 1, 5, 5), green, 1));
            assertEquals("cannot draw into an empty image", i.getMessage());
        }
    }

    /**
     * A figure's one font (compare's and concepts' captions) is worked out by labelFont and labelSizeIn: a NaN size
     * gave a NaN font, and a font of 0 an infinite size, which the caption then refused far from the cause.
     */
    @Test
    void aLabelFontOfNoSizeOrNoPictureIsRefusedNamingIt() {
        assertEquals(0.4, Draw.labelFont(100, 120, 1), 1e-12, "the smallest label's scale: 200 pixels over 500");
        assertEquals(0.75, Draw.labelSizeIn(100, 120, 0.3), 1e-12);
        for (double size : new double[] {Double.NaN, 0, -1, 1.5}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Draw.labelFont(100, 120, size));
            assertTrue(e.getMessage().contains("was " + size), e.getMessage());
        }
        for (double font : new double[] {Double.NaN, 0, -0.5, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Draw.labelSizeIn(100, 120, font));
            assertTrue(e.getMessage().contains("was " + font), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Draw.labelFont(0, 120, 1));
        assertTrue(e.getMessage().contains("120x0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Draw.labelSizeIn(100, -1, 0.5));
    }
}
