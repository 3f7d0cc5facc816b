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
        double scale = Math.min((double) width / image.cols(), (double) height / image.rows());
        int w = (int) Math.max(1, Math.min(width, Math.round(image.cols() * scale)));
        int h = (int) Math.max(1, Math.min(height, Math.round(image.rows() * scale)));
        Mat frame = new Mat(height, width, image.type(), Scalar.all(0));
        try (Size size = new Size(w, h);
                Rect place = new Rect((width - w) / 2, (height - h) / 2, w, h);
                Mat inside = new Mat(frame, place)) {
            // Area averaging when shrinking (no aliasing of fine strokes), linear when enlarging.
            resize(image, inside, size, 0, 0, scale < 1 ? INTER_AREA : INTER_LINEAR);
        }
        return frame;
    }
}
