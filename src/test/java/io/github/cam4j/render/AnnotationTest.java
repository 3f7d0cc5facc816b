package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class AnnotationTest {

    /** A 100x100 grey picture and a map hottest at {@code (y, x)}. */
    private static Mat drawn(int y, int x) {
        float[] values = new float[100 * 100];
        values[y * 100 + x] = 1f;
        try (Mat grey = TestMats.bgr(100, 100, 128, 128, 128)) {
            return Annotation.draw(grey, new FloatMap(100, 100, values), Optional.empty(), new int[] {y, x}, "7  p=0.998",
                    Colormap.DEFAULT, 0.0);
        }
    }

    /**
     * A CAM box wholly outside the picture, or a peak outside it (given in the map's pixels, say), is refused with the
     * picture's size, in every entry point: the box was drawn nowhere without a word, and drawEnlarged and drawAt
     * placed such a peak (clamped or scaled) where it was not. A box partly outside is clipped, as before.
     */
    @Test
    void aBoxOrPeakOutsideThePictureIsRefusedByName() {
        FloatMap map = new FloatMap(28, 28, new float[28 * 28]);
        try (Mat image = TestMats.bgr(28, 28, 0, 0, 0)) {
            Optional<Box> far = Optional.of(new Box(30, 2, 5, 5));
            String box = "box 30,2,5,5 (x,y,w,h) lies wholly outside the 28x28 image (width x height): give it in the"
                    + " image's pixels";
            assertEquals(box, assertThrows(IllegalArgumentException.class, () -> Annotation.draw(image, map, far, null,
                    Colormap.JET, 0.5)).getMessage());
            assertEquals(box, assertThrows(IllegalArgumentException.class, () -> Annotation.drawEnlarged(image, map,
                    far, null, null, Colormap.JET, 0.5, 3)).getMessage());
            int[] peak = {3, 40};
            String outside = "peak {y=3, x=40} lies outside the 28x28 image (width x height): give it in the image's"
                    + " pixels";
            assertEquals(outside, assertThrows(IllegalArgumentException.class, () -> Annotation.draw(image, map,
                    Optional.empty(), peak, null, Colormap.JET, 0.5)).getMessage());
            assertEquals(outside, assertThrows(IllegalArgumentException.class, () -> Annotation.drawEnlarged(image,
                    map, Optional.empty(), peak, null, Colormap.JET, 0.5, 2)).getMessage());
            assertEquals(outside, assertThrows(IllegalArgumentException.class, () -> Annotation.drawAt(image, map,
                    Optional.empty(), peak, null, Colormap.JET, 0.5, 50, 50, null, java.util.List.of())).getMessage());
            try (Mat clipped = Annotation.draw(image, map, Optional.of(new Box(20, 20, 20, 20)), null, Colormap.JET,
                    0.0)) {
                assertEquals(28, clipped.cols());
            }
        }
    }

    /**
     * An outline wholly outside the picture is refused by its place in the list and in the caller's pixels, in both
     * entry points that take outlines: it had been refused by Draw.box as "b = box 90,6,15,15", the outline carried to
     * the enlarged picture, under a name the caller never used. A null outline is named too, where it had been a bare
     * NullPointerException. One partly outside is clipped, as before.
     */
    @Test
    void anOutlineWhollyOutsideThePictureIsRefusedByItsPlaceInTheList() {
        FloatMap map = new FloatMap(28, 28, new float[28 * 28]);
        try (Mat image = TestMats.bgr(28, 28, 0, 0, 0)) {
            java.util.List<Box> outlines = java.util.List.of(new Box(2, 2, 10, 10), new Box(20, 20, 20, 20),
                    new Box(30, 2, 5, 5));
            String outside = "outlines[2] = box 30,2,5,5 (x,y,w,h) lies wholly outside the 28x28 image (width x height):"
                    + " give it in the image's pixels";
            for (int factor : new int[] {1, 3}) {
                assertEquals(outside, assertThrows(IllegalArgumentException.class, () -> Annotation.drawEnlarged(image,
                        map, Optional.empty(), null, null, Colormap.JET, 0.5, factor, null, outlines)).getMessage(),
                        "factor " + factor);
            }
            assertEquals(outside, assertThrows(IllegalArgumentException.class, () -> Annotation.drawAt(image, map,
                    Optional.empty(), null, null, Colormap.JET, 0.5, 50, 50, null, outlines)).getMessage());
            java.util.List<Box> withNull = java.util.Arrays.asList(new Box(2, 2, 10, 10), null);
            assertEquals("outlines[1] is null", assertThrows(NullPointerException.class, () -> Annotation.drawEnlarged(
                    image, map, Optional.empty(), null, null, Colormap.JET, 0.5, 2, null, withNull)).getMessage());
            try (Mat clipped = Annotation.drawEnlarged(image, map, Optional.empty(), null, null, Colormap.JET, 0.0, 2,
                    null, outlines.subList(0, 2))) {
                assertEquals(56, clipped.cols());
            }
        }
    }

    /**
     * A missing argument to a drawing entry point is named: it was a bare NullPointerException from whatever touched it
     * first ("Cannot invoke FloatMap.height() because map01 is null"), deep in the drawing.
     */
    @Test
    void aMissingArgumentIsNamed() {
        FloatMap map = new FloatMap(7, 7, new float[49]);
        try (Mat image = TestMats.bgr(28, 28, 0, 0, 0); Mat levels = new Mat(7, 7, org.bytedeco.opencv.global.opencv_core
                .CV_8UC1); Mat bgr = new Mat()) {
            Object[][] calls = {
                {"image is null", (Runnable) () -> Annotation.draw(null, map, Optional.empty(), "7", Colormap.JET, 0.5)},
                {"map01 is null: the map in [0, 1] to draw",
                    (Runnable) () -> Annotation.draw(image, null, Optional.empty(), "7", Colormap.JET, 0.5)},
                {"box is null: Optional.empty() for none",
                    (Runnable) () -> Annotation.draw(image, map, null, null, "7", Colormap.JET, 0.5)},
                {"colormap is null", (Runnable) () -> Annotation.draw(image, map, Optional.empty(), "7", null, 0.5)},
                {"image is null",
                    (Runnable) () -> Annotation.drawEnlarged(null, map, Optional.empty(), null, "7", Colormap.JET, 0.5, 2)},
                {"map01 is null: the map in [0, 1] to draw",
                    (Runnable) () -> Annotation.drawEnlarged(image, null, Optional.empty(), null, "7", Colormap.JET, 0.5,
                            2)},
                {"box is null: Optional.empty() for none",
                    (Runnable) () -> Annotation.drawEnlarged(image, map, null, null, "7", Colormap.JET, 0.5, 2)},
                {"image is null", (Runnable) () -> Annotation.drawAt(null, map, Optional.empty(), null, "7", Colormap.JET,
                        0.5, 70, 70, null, java.util.List.of())},
                {"colormap is null", (Runnable) () -> Annotation.drawAt(image, map, Optional.empty(), null, "7", null,
                        0.5, 70, 70, null, java.util.List.of())},
                {"image is null", (Runnable) () -> Overlay.blend(null, map)},
                {"map01 is null: the map in [0, 1] to lay over the image", (Runnable) () -> Overlay.blend(image, null)},
                {"map01 is null: the map in [0, 1] to colour", (Runnable) () -> Colormap.JET.apply(null)},
                {"levels8u is null", (Runnable) () -> Colormap.JET.applyTo(null, bgr)},
                {"bgr is null: the Mat that receives the colours", (Runnable) () -> Colormap.JET.applyTo(levels, null)},
                {"map is null", (Runnable) () -> CamBox.of(null)},
            };
            for (Object[] call : calls) {
                NullPointerException e = assertThrows(NullPointerException.class, ((Runnable) call[1])::run);
                assertEquals(call[0], e.getMessage());
            }
        }
    }

    @Test
    void theCaptionMovesDownWhenTheHottestPointIsUnderIt() {
        try (Mat top = drawn(3, 10); Mat low = drawn(80, 10)) {
            int band = Draw.labelHeight(top, "7  p=0.998");
            assertTrue(band > 3 && band < 50, "band " + band);
            // The peak near the top: the cross shows (white at its centre) and the band sits at the bottom.
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(top, 3, 10));
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(top, 99, 0));
            assertArrayEquals(new int[] {128, 128, 128}, TestMats.pixel(top, 0, 99));
            // The peak lower down: the band stays at the top.
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(low, 0, 0));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(low, 80, 10));
        }
    }

    /**
     * A caption's second line (a method's name that does not fit beside the class) goes at the bottom edge: stacked
     * under a first line on top, the two would hide twice as much of the picture's top. Where the first line moves to
     * the bottom (the map hot under the top band), the second goes above it, not onto that heat (it had gone to the top).
     */
    @Test
    void aSecondCaptionLineGoesAtTheOppositeEdge() {
        float[] low = new float[100 * 100];
        low[80 * 100 + 10] = 1f;
        float[] high = new float[100 * 100];
        high[3 * 100 + 10] = 1f;
        try (Mat grey = TestMats.bgr(100, 100, 128, 128, 128);
                Mat one = Annotation.draw(grey, new FloatMap(100, 100, low), Optional.empty(), new int[] {80, 10},
                        "7  p=0.998", Colormap.DEFAULT, 0.0);
                Mat two = Annotation.draw(grey, new FloatMap(100, 100, low), Optional.empty(), new int[] {80, 10},
                        "7  p=0.998\nGrad-CAM", Colormap.DEFAULT, 0.0);
                Mat moved = Annotation.draw(grey, new FloatMap(100, 100, high), Optional.empty(), new int[] {3, 10},
                        "7  p=0.998\nGrad-CAM", Colormap.DEFAULT, 0.0)) {
            // The band's dark ground at its left corner: the first line on top, the second at the bottom.
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(two, 0, 0));
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(two, 99, 0));
            assertArrayEquals(new int[] {128, 128, 128}, TestMats.pixel(one, 99, 0), "one line: the bottom is bare");
            assertArrayEquals(new int[] {128, 128, 128}, TestMats.pixel(moved, 0, 99), "the hot top left bare");
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(moved, 99, 0));
            // Each band holds exactly what a label of that line drawn there holds.
            try (Mat expected = TestMats.bgr(100, 100, 128, 128, 128);
                    Mat expectedMoved = TestMats.bgr(100, 100, 128, 128, 128)) {
                Draw.label(expected, "7  p=0.998", 0, 0);
                Draw.label(expected, "Grad-CAM", 0, 100 - Draw.labelHeight(expected, "Grad-CAM"));
                int first = Draw.labelHeight(expectedMoved, "7  p=0.998");
                Draw.label(expectedMoved, "7  p=0.998", 0, 100 - first);
                Draw.label(expectedMoved, "Grad-CAM", 0, 100 - first - Draw.labelHeight(expectedMoved, "Grad-CAM"));
                int band = Math.max(Draw.labelHeight(two, "7  p=0.998"), Draw.labelHeight(two, "Grad-CAM"));
                for (int y : new int[] {0, band / 2, band - 1, 99 - band - band / 2, 99 - band, 99 - band / 2, 99}) {
                    for (int x = 0; x < 100; x++) {
                        if (x > 20 || y < 50) { // the cross over the hottest point (80, 10)
                            assertArrayEquals(TestMats.pixel(expected, y, x), TestMats.pixel(two, y, x),
                                    "at " + y + "," + x);
                        }
                        if (x > 20 || y > 50) { // the cross over the hottest point (3, 10) is drawn over the band
                            assertArrayEquals(TestMats.pixel(expectedMoved, y, x), TestMats.pixel(moved, y, x),
                                    "moved, at " + y + "," + x);
                        }
                    }
                }
            }
        }
    }

    /**
     * A digit in a picture's top quarter, its peak just below the caption band: the band hid its hottest stroke and the
     * top of its box, with the rest of the picture empty. The caption goes where it covers less of the map.
     */
    @Test
    void theCaptionGoesWhereItHidesLessOfTheMap() {
        int band = 20;
        float[] topHeavy = new float[100 * 100];
        for (int y = 5; y < 30; y++) {
            java.util.Arrays.fill(topHeavy, y * 100, y * 100 + 40, 0.8f);
        }
        topHeavy[25 * 100 + 10] = 1f;
        assertTrue(Annotation.captionAtBottom(new FloatMap(100, 100, topHeavy), new int[] {25, 10}, band),
                "heat under the top band, none under the bottom one");
        float[] bottomHeavy = new float[100 * 100];
        for (int y = 70; y < 100; y++) {
            java.util.Arrays.fill(bottomHeavy, y * 100, y * 100 + 40, 0.8f);
        }
        bottomHeavy[50 * 100 + 10] = 1f;
        assertFalse(Annotation.captionAtBottom(new FloatMap(100, 100, bottomHeavy), new int[] {50, 10}, band),
                "heat under the bottom band: the caption stays on top");
        // The peak itself under one band only decides, whatever the rest of the heat.
        assertFalse(Annotation.captionAtBottom(new FloatMap(100, 100, topHeavy), new int[] {90, 10}, band));
        assertTrue(Annotation.captionAtBottom(new FloatMap(100, 100, bottomHeavy), new int[] {10, 10}, band));
        // A flat map: top left, as always.
        assertFalse(Annotation.captionAtBottom(new FloatMap(100, 100, new float[100 * 100]), null, band));
    }

    /**
     * The white outline of what the model was shown was drawn over the finished picture, so a CAM box edge on the
     * outline's edge turned white (a 20x20 picture's box 0,0,18,20 showed one green edge of four). Outlines now go under
     * the box; an outline of the whole picture is left out.
     */
    @Test
    void outlinesGoUnderTheBoxAndTheWholePictureIsNotOutlined() {
        float[] values = new float[100 * 100];
        values[60 * 100 + 50] = 1f;
        try (Mat grey = TestMats.bgr(100, 100, 128, 128, 128);
                Mat shown = Annotation.drawEnlarged(grey, new FloatMap(100, 100, values), Optional.of(new Box(0, 40, 50, 60)),
                        new int[] {60, 50}, null, Colormap.DEFAULT, 0.0, 1, null,
                        java.util.List.of(new Box(0, 40, 100, 60), new Box(0, 0, 100, 100)))) {
            assertArrayEquals(new int[] {0, 255, 0}, TestMats.pixel(shown, 99, 25), "the box's bottom edge, green");
            assertArrayEquals(new int[] {0, 255, 0}, TestMats.pixel(shown, 40, 25), "its top edge, on the outline's");
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(shown, 40, 75), "the outline beyond the box");
            assertArrayEquals(new int[] {128, 128, 128}, TestMats.pixel(shown, 0, 75), "no outline of the whole picture");
        }
    }

    @Test
    void theCrossShowsOverTheCaptionOnATinyPicture() {
        float[] values = new float[28 * 28];
        values[14 * 28 + 3] = 1f;
        try (Mat digit = TestMats.bgr(28, 28, 0, 0, 0);
                Mat shown = Annotation.draw(digit, new FloatMap(28, 28, values), Optional.empty(), new int[] {14, 3},
                        "7  p=0.998", Colormap.DEFAULT, 0.0)) {
            assertEquals(255, TestMats.pixel(shown, 14, 3)[0]);
        }
    }

    /**
     * A flat map (a blank picture's: no evidence anywhere) has no hottest point, and asked for the map's own it got a
     * cross on its first pixel all the same; a peak given is still marked.
     */
    @Test
    void aFlatMapGetsNoCrossOfItsOwn() {
        FloatMap flat = new FloatMap(30, 30, new float[30 * 30]);
        try (Mat black = TestMats.bgr(30, 30, 0, 0, 0);
                Mat shown = Annotation.draw(black, flat, Optional.empty(), null, null, Colormap.DEFAULT, 0.0);
                Mat enlarged = Annotation.drawEnlarged(black, flat, Optional.empty(), null, null, Colormap.DEFAULT, 0.0, 4);
                Mat given = Annotation.draw(black, flat, Optional.empty(), new int[] {0, 0}, null, Colormap.DEFAULT, 0.0)) {
            for (Mat m : new Mat[] {shown, enlarged}) {
                for (int y = 0; y < m.rows(); y++) {
                    for (int x = 0; x < m.cols(); x++) {
                        assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(m, y, x), "(" + y + ", " + x + ")");
                    }
                }
            }
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(given, 0, 0));
        }
    }

    @Test
    void smallPicturesAreEnlargedByAWholeFactorWithinBounds() {
        assertEquals(6, Annotation.enlargement(28, 28, 160), "28 x 6 = 168 >= 160");
        assertEquals(1, Annotation.enlargement(200, 300, 160), "large enough already");
        assertEquals(1, Annotation.enlargement(28, 28, 0), "0 never enlarges");
        assertEquals(4, Annotation.enlargement(28, 28, 112), "28 x 4 = 112 exactly: no fifth");
        assertEquals(1, Annotation.enlargement(112, 112, 112), "already the size asked");
        assertEquals(112, Annotation.enlargement(1, 1, 112), "a single pixel is a picture too");
        // A strip 10 px high would want 16x, but 1000 px x 16 passes the longest side allowed.
        assertEquals(Annotation.MAX_ENLARGED_SIDE / 1000, Annotation.enlargement(10, 1000, 160));
    }

    /**
     * Enlarged 4x, the picture's pixels become 4x4 blocks (nearest neighbour: what the model saw stays visible), and
     * the box and the cross land on the blocks of the pixels they mark.
     */
    @Test
    void anEnlargedPictureKeepsItsPixelsAsBlocksAndItsMarksOnThem() {
        try (Mat picture = TestMats.bgr(30, 30, 0, 0, 0)) {
            // One bright pixel at (y=20, x=25), far from the caption band and from the box and cross.
            picture.ptr(20, 25).put(new byte[] {(byte) 200, (byte) 200, (byte) 200});
            FloatMap flat = new FloatMap(30, 30, new float[30 * 30]);
            try (Mat shown = Annotation.drawEnlarged(picture, flat, Optional.of(new Box(2, 10, 5, 6)), new int[] {12, 4},
                    null, Colormap.DEFAULT, 0.0, 4)) {
                assertEquals(120, shown.rows());
                assertEquals(120, shown.cols());
                for (int y = 80; y < 84; y++) {
                    for (int x = 100; x < 104; x++) {
                        assertArrayEquals(new int[] {200, 200, 200}, TestMats.pixel(shown, y, x), "block of (20, 25)");
                    }
                }
                assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(shown, 79, 100), "outside the block");
                // The box's top-left corner (x=2, y=10) is drawn at (8, 40) in green, its bottom right inside (27, 63).
                assertArrayEquals(new int[] {0, 255, 0}, TestMats.pixel(shown, 40, 8));
                assertArrayEquals(new int[] {0, 255, 0}, TestMats.pixel(shown, 63, 27));
                // The cross sits at the centre of the block of pixel (12, 4): (50, 18).
                assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(shown, 50, 18));
            }
        }
    }

    /** @return the rows of column {@code x} that are a caption band's grey */
    private static int bandRows(Mat m, int x) {
        int n = 0;
        for (int y = 0; y < m.rows(); y++) {
            n += java.util.Arrays.equals(new int[] {32, 32, 32}, TestMats.pixel(m, y, x)) ? 1 : 0;
        }
        return n;
    }

    /**
     * Drawn at a size that is no whole enlargement (a figure's cell brought down to its largest side), the picture is
     * averaged to that size and the box, cross and caption drawn there: the caption's band is the one an overlay of that
     * size gets, the box's corner lands on the pixel its corner falls in, the cross on its point's. At a whole
     * enlargement it is drawEnlarged's overlay, pixel for pixel.
     */
    @Test
    void drawnAtAnySizeTheMarksAreCarriedToItAndTheCaptionDrawnThere() {
        try (Mat picture = TestMats.bgr(120, 600, 0, 0, 0)) {
            FloatMap flat = new FloatMap(120, 600, new float[120 * 600]);
            // 600x120 drawn at 480x96: 0.8 times. The box (100, 50, 200, 40) covers x 80..239, y 40..71 there.
            try (Mat shown = Annotation.drawAt(picture, flat, Optional.of(new Box(100, 50, 200, 40)), new int[] {60, 400},
                    "7  p=0.998", Colormap.DEFAULT, 0.0, 96, 480, null, java.util.List.of())) {
                assertEquals(96, shown.rows());
                assertEquals(480, shown.cols());
                assertEquals(Draw.labelHeight(96, 480, "7  p=0.998"), bandRows(shown, 1), "the caption's band");
                assertArrayEquals(new int[] {0, 255, 0}, TestMats.pixel(shown, 40, 80), "the box's top-left corner");
                assertArrayEquals(new int[] {0, 255, 0}, TestMats.pixel(shown, 71, 239), "its bottom-right corner");
                assertArrayEquals(new int[] {0, 0, 0}, TestMats.pixel(shown, 72, 240), "past it");
                // The cross on the pixel that (60.5, 400.5) falls in at 0.8: (48, 320).
                assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(shown, 48, 320));
            }
        }
        try (Mat picture = TestMats.bgr(30, 30, 0, 0, 0)) {
            picture.ptr(20, 25).put(new byte[] {(byte) 200, (byte) 200, (byte) 200});
            FloatMap map = new FloatMap(30, 30, new float[30 * 30]);
            map.values()[20 * 30 + 25] = 1f;
            try (Mat at = Annotation.drawAt(picture, map, Optional.of(new Box(2, 10, 5, 6)), null, "7  p=0.998",
                    Colormap.JET, 0.5, 120, 120, null, java.util.List.of());
                    Mat enlarged = Annotation.drawEnlarged(picture, map, Optional.of(new Box(2, 10, 5, 6)), null,
                            "7  p=0.998", Colormap.JET, 0.5, 4)) {
                assertArrayEquals(TestMats.bytes(enlarged), TestMats.bytes(at), "a whole enlargement is drawEnlarged's");
            }
        }
    }
    /**
     * A CAM box that starts at the picture's top (a digit touching it) keeps its top edge in sight: the caption goes to
     * the bottom, though neither the hottest point (well below the band) nor the heat (none in the top band) would move
     * it. It had been drawn over the edge, which read as a box open at the top. Every pixel of the edge's row is the
     * box's green; the caption's grey band is at the bottom left.
     */
    @Test
    void aBoxAtThePicturesTopKeepsItsTopEdgeInSight() {
        float[] values = new float[100 * 100];
        values[50 * 100 + 50] = 1f;
        Box box = new Box(10, 0, 60, 70);
        try (Mat grey = TestMats.bgr(100, 100, 128, 128, 128);
                Mat shown = Annotation.draw(grey, new FloatMap(100, 100, values), Optional.of(box), new int[] {50, 50},
                        "7  p=0.998", Colormap.DEFAULT, 0.0);
                org.bytedeco.javacpp.indexer.UByteIndexer ix = shown.createIndexer()) {
            for (int x = box.x(); x < box.x() + box.width(); x++) {
                assertEquals(255, ix.get(0, x, 1), "green at (" + x + ", 0)");
                assertEquals(0, ix.get(0, x, 2), "no red at (" + x + ", 0)");
            }
            assertEquals(32, ix.get(99, 0, 1), "the caption's band at the bottom left");
        }
    }

    /** The box's rule: after the hottest point's, before the heat's; a box under both bands or neither leaves it. */
    @Test
    void theBoxRuleComesAfterThePointsAndBeforeTheHeats() {
        assertFalse(Annotation.captionAtBottom(100, 100, null, new Box(0, 0, 100, 100), 20, 0, 0), "a box over both");
        assertTrue(Annotation.captionAtBottom(100, 100, null, new Box(0, 19, 100, 20), 20, 0, 0), "its top row under");
        assertTrue(Annotation.captionAtBottom(100, 100, null, new Box(0, 20, 100, 20), 20, 1e9, 0),
                "a box under neither band leaves it to the heat");
        assertFalse(Annotation.captionAtBottom(100, 100, null, new Box(0, 30, 100, 70), 20, 1e9, 0),
                "its bottom edge alone under the bottom band: kept at the top, whatever the heat");
        assertTrue(Annotation.captionAtBottom(100, 100, null, new Box(0, 0, 100, 81), 20, 1e9, 0),
                "under both: the heat decides");
        assertFalse(Annotation.captionAtBottom(100, 100, null, new Box(0, 0, 100, 81), 20, 0, 0), "under both, no heat");
        assertFalse(Annotation.captionAtBottom(100, 100, new int[] {90, 5}, new Box(0, 0, 10, 10), 20, 0, 0),
                "the point first");
    }

    /**
     * The caption rule's edges, as video frames and overlays both take it (round 42's survivors: the rule was read only
     * far from them). Rows 0..band-1 are under a top caption and rows-band..rows-1 under a bottom one.
     */
    @Test
    void theCaptionRuleAtItsEdges() {
        int rows = 100;
        int cols = 50;
        int band = 20;
        assertTrue(Annotation.captionAtBottom(rows, cols, new int[] {band - 1, 5}, band, 0, 0), "last row under the top");
        assertFalse(Annotation.captionAtBottom(rows, cols, new int[] {band, 5}, band, 0, 0), "first row clear of it");
        assertTrue(Annotation.captionAtBottom(2 * band, cols, new int[] {band - 1, 5}, band, 0, 0), "two bands high");
        assertFalse(Annotation.captionAtBottom(rows, cols, new int[] {rows - band - 1, 5}, band, 0, 0),
                "a peak just above the bottom band is under neither");
        // The heat rule: the top band must hold more than twice the bottom's plus a tenth of the band's area.
        double faint = 0.1 * band * cols;
        assertFalse(Annotation.captionAtBottom(rows, cols, null, band, 2 * 30 + faint, 30), "exactly the margin");
        assertTrue(Annotation.captionAtBottom(rows, cols, null, band, 2 * 30 + faint + 1e-6, 30));
        assertFalse(Annotation.captionAtBottom(rows, cols, new int[] {rows - band, 5}, band, 1e9, 0),
                "a peak under the bottom band keeps the caption at the top, whatever the heat");
        // A picture under two bands high: only a peak under the top band moves the caption.
        assertTrue(Annotation.captionAtBottom(2 * band - 1, cols, new int[] {band - 1, 5}, band, 0, 0));
        assertFalse(Annotation.captionAtBottom(2 * band - 1, cols, new int[] {band, 5}, band, 1e9, 0));
        assertFalse(Annotation.captionAtBottom(2 * band - 1, cols, null, band, 1e9, 0));
        assertFalse(Annotation.captionAtBottom(rows, cols, new int[] {0, 0}, 0, 0, 0), "no band, nothing to move");
    }

    /** The FloatMap form sums the map under each band: heat under the bottom band keeps the caption up. */
    @Test
    void theMapsHeatIsSummedUnderEachBand() {
        int band = 10;
        float[] top = new float[40 * 10];
        java.util.Arrays.fill(top, 0, band * 10, 1f);
        assertTrue(Annotation.captionAtBottom(new FloatMap(40, 10, top), null, band), "hot top band, cold bottom");
        float[] both = top.clone();
        java.util.Arrays.fill(both, (40 - band) * 10, 40 * 10, 1f);
        assertFalse(Annotation.captionAtBottom(new FloatMap(40, 10, both), null, band), "as hot at the bottom");
        float[] nextToBottom = top.clone();
        java.util.Arrays.fill(nextToBottom, (40 - band - 1) * 10, (40 - band) * 10, 1f);
        assertTrue(Annotation.captionAtBottom(new FloatMap(40, 10, nextToBottom), null, band),
                "the row above the bottom band is not under it");
        // Exactly two bands high: the heat is still compared.
        float[] twoBands = new float[20 * 10];
        java.util.Arrays.fill(twoBands, 0, band * 10, 1f);
        assertTrue(Annotation.captionAtBottom(new FloatMap(20, 10, twoBands), null, band));
    }

    /**
     * A 28x28 digit at no --min-side held its caption "7  p=1.000" as "7": it is enlarged, a whole factor at a time,
     * to the first size that holds the caption whole, and no further; a caption no size holds stops at the side where
     * labels start to grow with the picture; what --min-side asks for already is kept.
     */
    @Test
    void enlargementHoldingGrowsAPictureUntilItsCaptionsFit() {
        String caption = "7  p=1.000";
        assertFalse(Draw.labelFits(28, 28, caption), "the digit at its size cuts the caption");
        int factor = Annotation.enlargementHolding(28, 28, 0, java.util.List.of("digit.png", caption));
        assertTrue(factor > 1, "factor " + factor);
        assertTrue(Draw.labelFits(28 * factor, 28 * factor, caption) && Draw.labelFits(28 * factor, 28 * factor,
                "digit.png"), "factor " + factor);
        assertFalse(Draw.labelFits(28 * (factor - 1), 28 * (factor - 1), caption)
                && Draw.labelFits(28 * (factor - 1), 28 * (factor - 1), "digit.png"), "factor " + factor);

        String endless = "x".repeat(200);
        int bounded = Annotation.enlargementHolding(28, 28, 0, java.util.List.of(endless));
        assertEquals((Draw.SMALLEST_LABEL_SIDE + 27) / 28, bounded, "up to the first side of 200 or more");

        assertEquals(6, Annotation.enlargementHolding(28, 28, 160, java.util.List.of(caption)), "--min-side 160");
        assertEquals(1, Annotation.enlargementHolding(28, 28, 0, java.util.List.of()), "nothing to hold");
    }
}
