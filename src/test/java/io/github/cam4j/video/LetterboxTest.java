package io.github.cam4j.video;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

/**
 * Where a picture of another size lands in an output frame, as players show it (proportions kept, centred, the rest
 * black), with every placement worked out by hand: scale = min(frame width shown / picture width shown, frame height /
 * picture height), then width and height rounded.
 */
class LetterboxTest {
    /**
     * Square pixels: 640x480 into 320x320 is halved (320/640 = 0.5 against 320/480) to 320x240, 40 rows above and
     * below; 100x100 into 300x200 doubled (200/100 = 2 against 300/100 = 3) to 200x200, 50 columns either side; an odd
     * margin's extra pixel goes right (13 - 10 = 3 columns: 1 left, 2 right).
     */
    @Test
    void squarePixelsAreFittedAndCentred() {
        assertArrayEquals(new int[] {0, 40, 320, 240}, Letterbox.place(640, 480, 1, 320, 320, 1));
        assertArrayEquals(new int[] {50, 0, 200, 200}, Letterbox.place(100, 100, 1, 300, 200, 1));
        assertArrayEquals(new int[] {1, 0, 10, 10}, Letterbox.place(10, 10, 1, 13, 10, 1));
    }

    /**
     * Pixels shown with other shapes: a PAL 720x576 picture of 16:15 pixels is shown 768 wide, so into a 640x480
     * square-pixel frame it fills it (scale 480/576, width 720 x 16/15 x 480/576 = 640); a square 100x100 picture in a
     * 100x100 frame whose pixels are shown twice as wide as high takes half its stored columns (the frame is shown
     * 200 wide: scale min(200/100, 100/100) = 1, 100 x 1 / 2 = 50 columns, 25 either side).
     */
    @Test
    void pixelShapesAreFittedAsShown() {
        assertArrayEquals(new int[] {0, 0, 640, 480}, Letterbox.place(720, 576, 16.0 / 15, 640, 480, 1));
        assertArrayEquals(new int[] {25, 0, 50, 100}, Letterbox.place(100, 100, 1, 100, 100, 2));
        // And the other way: a picture of pixels shown twice as wide into square pixels is twice as wide as stored.
        assertArrayEquals(new int[] {0, 25, 100, 50}, Letterbox.place(50, 50, 2, 100, 100, 1));
    }

    /** A sliver rounds to at least one pixel: 1000x10 into 10x10 is 10 x 0.1, drawn one row high in the middle. */
    @Test
    void aSliverIsStillOnePixel() {
        assertArrayEquals(new int[] {0, 4, 10, 1}, Letterbox.place(1000, 10, 1, 10, 10, 1));
    }

    /**
     * The picture is drawn where {@code place} says, the rest black; a picture shrunk by three averages each three
     * pixels (0, 255, 0 make 85), where sampling would take the middle one's 255 and lose the strokes in between.
     */
    @Test
    void thePictureIsDrawnInPlaceAndAveragedWhenShrunk() {
        try (Mat white = new Mat(2, 4, CV_8UC1, Scalar.all(255));
                Mat fitted = Letterbox.fit(white, 4, 4);
                UByteIndexer px = fitted.createIndexer()) {
            assertEquals(4, fitted.rows());
            assertEquals(4, fitted.cols());
            assertEquals(CV_8UC1, fitted.type());
            for (int y = 0; y < 4; y++) {
                for (int x = 0; x < 4; x++) {
                    assertEquals(y == 1 || y == 2 ? 255 : 0, px.get(y, x), "row " + y + ", column " + x);
                }
            }
        }
        try (Mat stripes = new Mat(1, 9, CV_8UC1, Scalar.all(0))) {
            try (UByteIndexer in = stripes.createIndexer()) {
                for (int x = 1; x < 9; x += 3) {
                    in.put(0, x, 255);
                }
            }
            try (Mat fitted = Letterbox.fit(stripes, 3, 1); UByteIndexer px = fitted.createIndexer()) {
                for (int x = 0; x < 3; x++) {
                    assertEquals(85, px.get(0, x), "column " + x);
                }
            }
        }
    }
    /**
     * Each direction is judged on its own, as shown: averaged when either is shrunk, linear when neither is. Five
     * pictures with the bright value in the middle (rows or columns 0, 255, 0; or 0, 255 to be stretched):
     * <ul>
     * <li>3x3 with pixels shown three times as wide (9x3 as shown) into a 9x1 frame: rows shrunk by three (scale 1/3),
     *     columns kept (1/3 x 3 = 1): the three rows averaged to 85, where sampling the middle row would give 255;
     * <li>1x2 (0 above 255) into a 1x4 frame of pixels shown twice as wide: rows doubled (scale min(1 x 2 / 1, 4 / 2)
     *     = 2), columns kept (2 / 2 = 1): nothing shrunk, so linear, 0, 64, 191, 255 (0.25 and 0.75 of the way);
     * <li>2x1 (0 then 255) of pixels shown twice as wide into a 4x1 square-pixel frame: rows kept (scale
     *     min(4 / (2 x 2), 1) = 1), columns doubled (1 x 2 = 2): linear as well, 0, 64, 191, 255;
     * <li>1x3 (rows 0, 255, 0) of pixels shown three times as wide (3x3 as shown) into a 1x3 square-pixel frame: rows
     *     shrunk by three (scale min(1 / (1 x 3), 3 / 3) = 1/3), averaged to 85 in the middle row;
     * <li>3x1 (columns 0, 255, 0) of square pixels into a 1x1 frame whose pixel is shown three times as wide: rows kept
     *     (scale min(1 x 3 / 3, 1) = 1), columns shrunk by three (1 / 3): averaged to 85 as well.
     * </ul>
     * OpenCV rounds its fixed-point weights: 63.75 and 191.25 come out 64 and 191 exactly.
     */
    @Test
    void eachDirectionIsJudgedForAveragingOnItsOwn() {
        try (Mat rows = new Mat(3, 3, CV_8UC1, Scalar.all(0))) {
            try (UByteIndexer in = rows.createIndexer()) {
                for (int x = 0; x < 3; x++) {
                    in.put(1, x, 255);
                }
            }
            try (Mat fitted = Letterbox.fit(rows, 3, 9, 1, 1); UByteIndexer px = fitted.createIndexer()) {
                assertArrayEquals(new int[] {0, 0, 0, 85, 85, 85, 0, 0, 0}, row(px, 0, 9));
            }
        }
        try (Mat column = new Mat(2, 1, CV_8UC1, Scalar.all(0))) {
            try (UByteIndexer in = column.createIndexer()) {
                in.put(1, 0, 255);
            }
            try (Mat fitted = Letterbox.fit(column, 1, 1, 4, 2); UByteIndexer px = fitted.createIndexer()) {
                int[] values = new int[4];
                for (int y = 0; y < 4; y++) {
                    values[y] = px.get(y, 0);
                }
                assertArrayEquals(new int[] {0, 64, 191, 255}, values);
            }
        }
        try (Mat pair = new Mat(1, 2, CV_8UC1, Scalar.all(0))) {
            try (UByteIndexer in = pair.createIndexer()) {
                in.put(0, 1, 255);
            }
            try (Mat fitted = Letterbox.fit(pair, 2, 4, 1, 1); UByteIndexer px = fitted.createIndexer()) {
                assertArrayEquals(new int[] {0, 64, 191, 255}, row(px, 0, 4));
            }
        }
        try (Mat tall = new Mat(3, 1, CV_8UC1, Scalar.all(0))) {
            try (UByteIndexer in = tall.createIndexer()) {
                in.put(1, 0, 255);
            }
            try (Mat fitted = Letterbox.fit(tall, 3, 1, 3, 1); UByteIndexer px = fitted.createIndexer()) {
                assertArrayEquals(new int[] {0, 85, 0}, new int[] {px.get(0, 0), px.get(1, 0), px.get(2, 0)});
            }
        }
        try (Mat wide = new Mat(1, 3, CV_8UC1, Scalar.all(0))) {
            try (UByteIndexer in = wide.createIndexer()) {
                in.put(0, 1, 255);
            }
            try (Mat fitted = Letterbox.fit(wide, 1, 1, 1, 3); UByteIndexer px = fitted.createIndexer()) {
                assertEquals(85, px.get(0, 0));
            }
        }
    }

    private static int[] row(UByteIndexer px, int y, int width) {
        int[] values = new int[width];
        for (int x = 0; x < width; x++) {
            values[x] = px.get(y, x);
        }
        return values;
    }
}
