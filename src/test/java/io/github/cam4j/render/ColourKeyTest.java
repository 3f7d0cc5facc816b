package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ColourKeyTest {

    /** The bar's columns in the band's middle row: from the colormap's colour of 0 to its colour of 1. */
    private record Bar(int from, int to) {
    }

    private static Bar bar(Mat keyed, int row, Colormap colormap) {
        int[] low = colour(colormap, 0f);
        int[] high = colour(colormap, 1f);
        int from = -1;
        int to = -1;
        for (int x = 0; x < keyed.cols(); x++) {
            int[] p = TestMats.pixel(keyed, row, x);
            if (from < 0 && java.util.Arrays.equals(p, low)) {
                from = x;
            }
            if (java.util.Arrays.equals(p, high)) {
                to = x;
            }
        }
        assertTrue(from >= 0 && to > from, "no bar from the colour of 0 to the colour of 1 in row " + row
                + " (from " + from + ", to " + to + ")");
        return new Bar(from, to);
    }

    private static int[] colour(Colormap colormap, float value) {
        try (Mat m = colormap.apply(new FloatMap(1, 1, new float[] {value}))) {
            return TestMats.pixel(m, 0, 0);
        }
    }

    /** @return how many pixels of the band's columns {@code from..to} are dark ink (text), all channels under 100 */
    private static int ink(Mat keyed, int top, int from, int to) {
        int n = 0;
        for (int y = top; y < keyed.rows(); y++) {
            for (int x = Math.max(0, from); x < Math.min(keyed.cols(), to); x++) {
                if (TestMats.isInk(keyed, y, x)) {
                    n++;
                }
            }
        }
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"JET", "VIRIDIS", "PARULA"})
    void theBarRunsThroughTheColormapFromLowOnTheLeftToHighOnTheRight(String name) {
        Colormap colormap = Colormap.valueOf(name);
        try (Mat figure = TestMats.bgr(300, 800, 200, 200, 200);
                Mat keyed = ColourKey.under(figure, colormap, ColourKey.Scale.MIN_MAX)) {
            int text = 800 / 50;
            int middle = 300 + text / 2 + text / 2;
            Bar bar = bar(keyed, middle, colormap);
            int width = bar.to - bar.from + 1;
            // Every column is the colormap at its place on the ramp, exactly: the key is drawn from the same table.
            for (int x = bar.from; x <= bar.to; x++) {
                float value = (float) (x - bar.from) / (width - 1);
                assertArrayEquals(colour(colormap, value), TestMats.pixel(keyed, middle, x), name + " at column " + x);
            }
            // A quarter of the figure, as the class says (it fits easily at 800 pixels).
            assertEquals(200, width, name);
            // Words on both sides of the bar, none under it.
            assertTrue(ink(keyed, 300, 0, bar.from - 1) > 20, "the low end's words");
            assertTrue(ink(keyed, 300, bar.to + 2, 800) > 20, "the high end's words");
            // Outlined a pixel outside, above and below, so that a pale end shows on a white page.
            for (int[] at : new int[][] {{middle, bar.from - 1}, {middle, bar.to + 1}, {300 + text / 2 - 1, bar.from + 5},
                {300 + text / 2 + text, bar.to - 5}}) {
                assertArrayEquals(new int[] {128, 128, 128}, TestMats.pixel(keyed, at[0], at[1]),
                        name + ": the outline at " + at[0] + "," + at[1]);
            }
            // The line is centred under the figure: its words' ink starts as far from the left edge as it ends from
            // the right (152 pixels each when measured), within 2 pixels for the glyphs' bearings inside their widths.
            int left = firstInk(keyed, 300, 0, 1);
            int right = 799 - firstInk(keyed, 300, 799, -1);
            assertTrue(Math.abs(left - right) <= 2, name + ": margins " + left + " and " + right);
        }
    }

    /** @return the first column, from {@code from} stepping by {@code step}, with dark ink in the band below {@code top} */
    private static int firstInk(Mat keyed, int top, int from, int step) {
        for (int x = from; x >= 0 && x < keyed.cols(); x += step) {
            if (ink(keyed, top, x, x + 1) > 0) {
                return x;
            }
        }
        throw new AssertionError("no ink in the band");
    }

    @Test
    void theFigureIsCopiedUnchangedAboveABandOfTwiceTheTextHeight() {
        try (Mat figure = TestMats.bgr(120, 700, 10, 60, 250);
                Mat keyed = ColourKey.under(figure, Colormap.JET, ColourKey.Scale.POSITIVE)) {
            // 700 / 50 = 14 pixels of text, 7 above and 7 below it.
            assertEquals(120 + 28, keyed.rows());
            assertEquals(700, keyed.cols());
            for (int y = 0; y < 120; y += 7) {
                for (int x = 0; x < 700; x += 13) {
                    assertArrayEquals(new int[] {10, 60, 250}, TestMats.pixel(keyed, y, x), y + "," + x);
                }
            }
            // The figure itself is not changed.
            assertArrayEquals(new int[] {10, 60, 250}, TestMats.pixel(figure, 119, 699));
        }
    }

    @Test
    void aNarrowFigureGetsShortWordsThatStayInsideIt() {
        // Compare's table of one small picture and one method is about this wide: the scale's words do not fit.
        try (Mat figure = TestMats.bgr(60, 150, 255, 255, 255);
                Mat keyed = ColourKey.under(figure, Colormap.JET, ColourKey.Scale.MIN_MAX)) {
            int middle = 60 + 6 + 6;
            Bar bar = bar(keyed, middle, Colormap.JET);
            assertTrue(bar.to - bar.from + 1 >= 36, "a bar three text heights wide at least, was " + (bar.to - bar.from + 1));
            assertTrue(ink(keyed, 60, 0, bar.from - 1) > 5, "'low' left of the bar");
            assertTrue(ink(keyed, 60, bar.to + 2, 150) > 5, "'high' right of the bar");
            // Nothing cut at the edges: the outermost columns of the band are page.
            for (int y = 60; y < keyed.rows(); y++) {
                assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(keyed, y, 0), "left edge, row " + y);
                assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(keyed, y, 149), "right edge, row " + y);
            }
        }
    }

    @Test
    void anEmptyFigureIsRefusedByName() {
        try (Mat empty = new Mat()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ColourKey.under(empty, Colormap.JET, ColourKey.Scale.MIN_MAX));
            assertTrue(e.getMessage().contains("figure is empty"), e.getMessage());
        }
    }

    /**
     * A figure of pixels Overlay.blend refuses is refused as it is: a signed 16-bit figure was keyed, its negative
     * pixels saturated to black.
     */
    @Test
    void aFigureOfPixelsOverlayBlendRefusesIsRefusedByName() {
        try (Mat signed = new Mat(40, 60, org.bytedeco.opencv.global.opencv_core.CV_16SC1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ColourKey.under(signed, Colormap.JET, ColourKey.Scale.MIN_MAX));
            assertEquals("figure has signed 16-bit pixels; an overlay is laid on 8-bit, 16-bit unsigned or float"
                    + " (CV_32F, CV_64F) pictures, as CamSession explains them", e.getMessage());
        }
    }

    @Test
    void keyingAFigureLeaksNoNativeMemory() {
        TestMats.assertNoLeak(() -> {
            try (Mat figure = TestMats.bgr(100, 400, 0, 0, 0);
                    Mat keyed = ColourKey.under(figure, Colormap.JET, ColourKey.Scale.MIN_MAX)) {
                assertEquals(400, keyed.cols());
            }
        });
    }
}
