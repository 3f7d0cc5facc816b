package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.Colormap;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import java.util.Optional;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The caption and the cross on a frame whose pixels are not square look right where the frame is shown. They were
 * drawn in stored pixels: on a frame shown twice as wide, the caption's letters came out twice as wide and the
 * cross's arm across twice as long as the other.
 */
class AnamorphicInkTest {
    private static final int ROWS = 240;
    private static final int COLS = 320;
    private static final String CAPTION = "7  p=0.990";

    /**
     * A 320x240 frame with pixels shown twice as wide (640x240 on screen), or half as wide (320x480). The cross's
     * white arms, measured through its centre in stored pixels and brought to shown ones, must be equally long (within
     * 20 %; measured: 2.0 and 0.5 before, as drawn in stored pixels). The caption's band, stored, must be as wide and
     * high as the band drawn on a square frame of the shown size, squeezed (within 2 pixels).
     */
    @ParameterizedTest(name = "pixels {0} times as wide as high")
    @ValueSource(doubles = {2.0, 0.5})
    void theCaptionAndTheCrossLookRightAsShown(double aspect) {
        FloatMap cells = new FloatMap(6, 8, new float[48]);
        cells.values()[4 * 8 + 6] = 1f;
        FrameExplanation e = new FrameExplanation(0, true, 7, "7", 0.99f, Optional.empty(), new Box(0, 0, COLS, ROWS),
                cells, Placement.stretch(6, 8, ROWS, COLS), 0.2, true, aspect);
        assertEquals(CAPTION, e.caption());
        try (Mat frame = new Mat(ROWS, COLS, opencv_core.CV_8UC3, Scalar.all(0));
                Mat drawn = FrameRenderer.draw(frame, e, Colormap.DEFAULT, 0.5, 0.2)) {
            int[] peak = e.peak();
            int across = whiteRun(drawn, peak[0], peak[1], true);
            int down = whiteRun(drawn, peak[0], peak[1], false);
            double shown = across * aspect / down;
            assertTrue(Math.abs(shown - 1) < 0.2, "cross arms " + across + " across and " + down + " down, stored: "
                    + shown + " as shown");

            int[] shownSize = {(int) Math.round(ROWS * Math.max(1, 1 / aspect)),
                    (int) Math.round(COLS * Math.max(1, aspect))};
            int[] band = band(drawn);
            try (Mat square = new Mat(shownSize[0], shownSize[1], opencv_core.CV_8UC3, Scalar.all(0))) {
                Draw.label(square, CAPTION, 0, 0);
                int[] expected = band(square);
                double squeezeX = Math.max(1, aspect);
                double squeezeY = Math.max(1, 1 / aspect);
                assertEquals(expected[0] / squeezeX, band[0], 2, "band width, stored");
                assertEquals(expected[1] / squeezeY, band[1], 2, "band height, stored");
            }
        }
    }

    /** @return the length of the run of white pixels through a point, along its row or its column */
    private static int whiteRun(Mat image, int y, int x, boolean alongRow) {
        int run = 1;
        for (int step : new int[] {-1, 1}) {
            for (int k = 1; ; k++) {
                int yy = alongRow ? y : y + step * k;
                int xx = alongRow ? x + step * k : x;
                if (yy < 0 || xx < 0 || yy >= image.rows() || xx >= image.cols() || !white(image, yy, xx)) {
                    break;
                }
                run++;
            }
        }
        return run;
    }

    private static boolean white(Mat image, int y, int x) {
        var p = image.ptr(y, x);
        return (p.get(0) & 0xFF) > 200 && (p.get(1) & 0xFF) > 200 && (p.get(2) & 0xFF) > 200;
    }

    /** @return {@code {width, height}} of the caption's band at the top left: its grey (32) along its top row and left column */
    private static int[] band(Mat image) {
        int w = 0;
        while (w < image.cols() && grey(image, 0, w)) {
            w++;
        }
        int h = 0;
        while (h < image.rows() && grey(image, h, 0)) {
            h++;
        }
        return new int[] {w, h};
    }

    private static boolean grey(Mat image, int y, int x) {
        var p = image.ptr(y, x);
        return Math.abs((p.get(0) & 0xFF) - 32) <= 2 && Math.abs((p.get(1) & 0xFF) - 32) <= 2
                && Math.abs((p.get(2) & 0xFF) - 32) <= 2;
    }
}
