package io.github.cam4j.video;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/** A picture fitted into a frame of another size, proportions kept, the rest black: how players show such frames. */
final class Letterbox {
    private Letterbox() {}

    /**
     * @param image a picture of any size and type
     * @param width the frame's width
     * @param height the frame's height
     * @return a new {@code width x height} Mat of the picture's type, the picture scaled to fit and centred; the caller
     *     closes it
     */
    static Mat fit(Mat image, int width, int height) {
        return fit(image, 1, width, height, 1);
    }

    /**
     * Fits a picture as it is shown: a picture and a frame whose pixels are shown with different shapes (an anamorphic
     * picture in a frame of square pixels) keep the picture's proportions as displayed, not as stored.
     *
     * @param image a picture of any size and type
     * @param imageAspect its pixel width over height as shown (1 for square pixels)
     * @param width the frame's width, stored pixels
     * @param height the frame's height
     * @param frameAspect the frame's pixel width over height as shown
     * @return a new {@code width x height} Mat of the picture's type, the picture scaled to fit as shown and centred;
     *     the caller closes it
     */
    static Mat fit(Mat image, double imageAspect, int width, int height, double frameAspect) {
        int[] at = place(image.cols(), image.rows(), imageAspect, width, height, frameAspect);
        int w = at[2];
        int h = at[3];
        // In shown units: the picture is cols * imageAspect wide, the frame width * frameAspect.
        double scale = Math.min(width * frameAspect / (image.cols() * imageAspect), (double) height / image.rows());
        double scaleX = scale * imageAspect / frameAspect;
        Mat frame = new Mat(height, width, image.type(), Scalar.all(0));
        try (Size size = new Size(w, h);
                Rect place = new Rect(at[0], at[1], w, h);
                Mat inside = new Mat(frame, place)) {
            // Area averaging when shrinking (no aliasing of fine strokes), linear when enlarging.
            resize(image, inside, size, 0, 0, scale < 1 || scaleX < 1 ? INTER_AREA : INTER_LINEAR);
        }
        return frame;
    }

    /**
     * @param cols the picture's width, stored pixels
     * @param rows its height
     * @return {@code {x, y, w, h}}: where {@link #fit(Mat, double, int, int, double)} puts the picture in the frame
     */
    static int[] place(int cols, int rows, double imageAspect, int width, int height, double frameAspect) {
        double scale = Math.min(width * frameAspect / (cols * imageAspect), (double) height / rows);
        double scaleX = scale * imageAspect / frameAspect;
        int w = (int) Math.max(1, Math.min(width, Math.round(cols * scaleX)));
        int h = (int) Math.max(1, Math.min(height, Math.round(rows * scale)));
        return new int[] {(width - w) / 2, (height - h) / 2, w, h};
    }
}
