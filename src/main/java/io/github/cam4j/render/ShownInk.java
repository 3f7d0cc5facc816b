package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.function.BiConsumer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Ink (a caption, a cross) drawn on a picture whose pixels are not square, so that it looks right where the picture
 * is shown. OpenCV draws in stored pixels, and its text has one scale for both axes: on an anamorphic frame (a DVD's
 * 720x576 shown 16:9) letters and crosses came out stretched on screen. The part of the picture the ink goes on is
 * drawn at its shape as shown, on a scratch (one axis enlarged by the pixel aspect, never shrunk, so no stroke is
 * lost), squeezed back into the stored pixels by area averaging, and laid over the picture where the ink covers it:
 * pixels the ink leaves alone keep their values exactly.
 */
final class ShownInk {
    private ShownInk() {}

    /** @return whether ink is drawn this way on the image: 8-bit, 1 or 3 channels */
    static boolean takes(Mat image) {
        return image.depth() == CV_8U && (image.channels() == 1 || image.channels() == 3);
    }

    /**
     * @param rows stored rows
     * @param cols stored columns
     * @param pixelAspect pixel width over height as shown
     * @return {@code {rows, cols}} of the same picture as shown, the axis that pixel aspect lengthens enlarged
     */
    static int[] shownSize(int rows, int cols, double pixelAspect) {
        return new int[] {(int) Math.max(1, Math.round(rows * Math.max(1, 1 / pixelAspect))),
                (int) Math.max(1, Math.round(cols * Math.max(1, pixelAspect)))};
    }

    /**
     * @return {@code {rows, cols}} of stored pixels that cover a shown size (rounded up: the ink is not cut), the inverse
     *     of {@link #shownSize}
     */
    static int[] storedSize(int shownRows, int shownCols, double pixelAspect) {
        return new int[] {(int) Math.max(1, Math.ceil(shownRows / Math.max(1, 1 / pixelAspect) - 1e-9)),
                (int) Math.max(1, Math.ceil(shownCols / Math.max(1, pixelAspect) - 1e-9))};
    }

    /**
     * @param row a stored pixel's row, relative to the part drawn on
     * @param col its column
     * @return {@code {row, col}} of the scratch pixel whose centre lies where that pixel's centre is
     */
    static int[] onScratch(int row, int col, double pixelAspect) {
        double sy = Math.max(1, 1 / pixelAspect);
        double sx = Math.max(1, pixelAspect);
        return new int[] {(int) Math.round((row + 0.5) * sy - 0.5), (int) Math.round((col + 0.5) * sx - 0.5)};
    }

    /**
     * Draws ink into a part of an image as the image is shown.
     *
     * @param image 8-bit, 1 or 3 channels ({@link #takes})
     * @param area the part, in stored pixels, inside the image
     * @param pixelAspect the image's pixel width over height as shown
     * @param painter draws on two scratches of the part's shown size: the ink, in the image's type, on black; and
     *     where it covers, 255 on 0 (one channel). Ink drawn black shows as black where it covers.
     */
    static void draw(Mat image, Box area, double pixelAspect, BiConsumer<Mat, Mat> painter) {
        int[] shown = shownSize(area.height(), area.width(), pixelAspect);
        int channels = image.channels();
        try (Mat ink = new Mat(shown[0], shown[1], image.type(), Scalar.all(0));
                Mat cover = new Mat(shown[0], shown[1], CV_8UC1, Scalar.all(0));
                Mat inkStored = new Mat();
                Mat coverStored = new Mat();
                Size size = new Size(area.width(), area.height());
                Rect rect = new Rect(area.x(), area.y(), area.width(), area.height());
                Mat part = new Mat(image, rect)) {
            painter.accept(ink, cover);
            // Area averaging: a stored pixel gets the share of ink (and of cover) that falls in it, as the ink on black
            // is already weighted by its cover, it is laid over the picture as it is: picture * (1 - cover) + ink.
            resize(ink, inkStored, size, 0, 0, INTER_AREA);
            resize(cover, coverStored, size, 0, 0, INTER_AREA);
            int n = area.width() * channels;
            byte[] inkRow = new byte[n];
            byte[] coverRow = new byte[area.width()];
            byte[] row = new byte[n];
            for (int r = 0; r < area.height(); r++) {
                inkStored.ptr(r).get(inkRow, 0, n);
                coverStored.ptr(r).get(coverRow, 0, coverRow.length);
                part.ptr(r).get(row, 0, n);
                for (int c = 0; c < area.width(); c++) {
                    int covered = coverRow[c] & 0xFF;
                    if (covered == 0) {
                        continue;
                    }
                    for (int k = 0; k < channels; k++) {
                        int i = c * channels + k;
                        int v = (int) Math.round((row[i] & 0xFF) * (255 - covered) / 255.0) + (inkRow[i] & 0xFF);
                        row[i] = (byte) Math.min(255, v);
                    }
                }
                part.ptr(r).put(row, 0, n);
            }
        }
    }
}
