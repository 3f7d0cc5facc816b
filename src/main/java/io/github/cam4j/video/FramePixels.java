package io.github.cam4j.video;

import io.github.cam4j.cam.PixelRules;
import io.github.cam4j.render.Images;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Frames other than the decoder's 8-bit BGR (an application's float, 16-bit or BGRA frames) brought to 8 bits by
 * {@link PixelRules}' reading, the one {@code CamSession} uses: float pixels are 0..1, 16-bit ones 0..65535, alpha
 * composited away. Images' display rule would guess a float frame's range from its brightest pixel instead, and
 * read a frame at 1.01 (interpolation overshoot) as 0..255, black.
 */
final class FramePixels {
    private FramePixels() {}

    /**
     * @param frame a frame, not null
     * @return a new single-precision copy of a double-precision ({@code CV_64F}) frame, whose pixels are read under
     *     the same 0..1 rule, as {@code CamSession} takes them (what OpenCV arithmetic in CV_64F leaves); null for any
     *     other depth. The caller closes it
     */
    static Mat singlePrecision(Mat frame) {
        if (frame.isNull() || frame.empty() || frame.depth() != org.bytedeco.opencv.global.opencv_core.CV_64F) {
            return null;
        }
        Mat single = new Mat();
        frame.convertTo(single, org.bytedeco.opencv.global.opencv_core.CV_32F);
        return single;
    }

    /**
     * @param frame a frame that passed {@link PixelRules#check}
     * @param grey whether grey is wanted, else BGR
     * @return a new 8-bit grey or BGR Mat; the caller closes it
     */
    static Mat eightBit(Mat frame, boolean grey) {
        boolean alpha = frame.channels() == 2 || frame.channels() == 4;
        if (frame.depth() == org.bytedeco.opencv.global.opencv_core.CV_8U && !alpha) {
            // A grey camera's frame: one conversion, not a copy per step.
            return grey ? Images.toGray8(frame) : Images.toBgr8(frame);
        }
        try (Mat eight = PixelRules.to8Bit(frame); Mat flat = Images.flatten(eight)) {
            return grey ? Images.toGray8(flat) : Images.toBgr8(flat);
        }
    }
}
