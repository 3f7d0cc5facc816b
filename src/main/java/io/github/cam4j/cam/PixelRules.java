package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import io.github.cam4j.render.DepthNames;
import io.github.cam4j.render.Images;
import java.util.Locale;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;

/**
 * The pixels cam4j explains, one rule for pictures ({@link CamSession}) and video frames
 * ({@code io.github.cam4j.video.VideoExplainer}), so that the same Mat is read alike by both: 8-bit (0..255), 16-bit
 * (0..65535) or 32-bit float (0..1, OpenCV's convention for float images, whatever the channels), with 1 to 4 channels.
 * A float Mat must be finite and within {@value #FLOAT_SLACK} of 0..1: an image of 0..255 floats would otherwise reach
 * the model 255 times too bright and come back with confident nonsense.
 */
public final class PixelRules {
    /** How far float pixels may stray outside 0..1 (interpolation overshoot) before an image is refused. */
    public static final double FLOAT_SLACK = 0.05;

    private PixelRules() {}

    /**
     * @param image a picture or frame
     * @param name how messages name it, e.g. {@code "#0"} or {@code "frame 12"}
     * @throws InvalidInputException naming the image when it is empty, not 2-dimensional, of another depth or channel
     *     count, has more pixels than {@link io.github.cam4j.render.Images#MAX_PIXELS}, or holds float pixels that are
     *     not finite or not 0..1
     */
    public static void check(Mat image, String name) throws InvalidInputException {
        check(image, name, "8-bit, 16-bit or 32-bit float");
    }

    /**
     * {@link #check(Mat, String)} where the depths taken are named by the caller: a picture's path also takes 64-bit
     * float (as single precision, {@link ImagePreparer}), which the refusal of another depth must name.
     *
     * @param depthsTaken the depths the caller takes, in words
     */
    static void check(Mat image, String name, String depthsTaken) throws InvalidInputException {
        if (image == null || image.isNull() || image.empty() || image.rows() == 0 || image.cols() == 0) {
            // Its own size: a 0x5 Mat was called 0x0 (helper-166).
            boolean sized = image != null && !image.isNull() && image.dims() == 2;
            throw new InvalidInputException("image " + name + " is empty (" + (sized ? image.cols() + "x" + image.rows()
                    : "0x0") + ")");
        }
        if (image.dims() != 2) {
            // rows() and cols() are -1 then, and OpenCV's first call on it fails with an assertion.
            StringBuilder sizes = new StringBuilder();
            for (int d = 0; d < image.dims(); d++) {
                sizes.append(d == 0 ? "" : "x").append(image.size(d));
            }
            throw new InvalidInputException("image " + name + " has " + image.dims() + " dimensions (" + sizes
                    + "); cam4j takes 2-dimensional images (rows x columns)");
        }
        // As for picture files: past 2^29 pixels one float buffer of the picture passes int range (a buffer underflow).
        long pixels = (long) image.rows() * image.cols();
        if (pixels > Images.MAX_PIXELS) {
            throw new InvalidInputException("image " + name + " is " + image.cols() + "x" + image.rows() + " = " + pixels
                    + " pixels, more than cam4j takes (2^28 = " + Images.MAX_PIXELS + " pixels); scale it down first");
        }
        int depth = image.depth();
        if (depth != CV_8U && depth != CV_16U && depth != CV_32F) {
            throw new InvalidInputException("image " + name + " has " + DepthNames.of(depth)
                    + " pixels; cam4j takes " + depthsTaken + " images");
        }
        int ch = image.channels();
        if (ch < 1 || ch > 4) {
            throw new InvalidInputException("image " + name + " has " + ch + " channels; cam4j takes 1 (grey), 2 (grey, "
                    + "alpha), 3 (BGR) or 4 (BGRA)");
        }
        if (depth == CV_32F) {
            checkFloatRange(image, name);
        }
    }

    /**
     * @param image a Mat that passed {@link #check}
     * @return a new 8-bit Mat with the same channels: float pixels times 255, 16-bit ones divided by 257 (65535 ->
     *     255), 8-bit ones copied; the caller closes it
     */
    public static Mat to8Bit(Mat image) {
        Mat out = new Mat();
        int depth = image.depth();
        double scale = depth == CV_32F ? 255.0 : depth == CV_16U ? 1.0 / 257.0 : 1.0;
        image.convertTo(out, CV_8U, scale, 0.0);
        return out;
    }

    private static void checkFloatRange(Mat image, String name) throws InvalidInputException {
        try (Point at = new Point(); Mat flat = image.reshape(1, 0)) {
            if (!opencv_core.checkRange(flat, true, at, -Double.MAX_VALUE, Double.MAX_VALUE)) {
                throw new InvalidInputException("image " + name + " holds a non-finite value (NaN or infinity) at (y="
                        + at.y() + ", x=" + at.x() / image.channels() + ")");
            }
            double[] min = new double[1];
            double[] max = new double[1];
            opencv_core.minMaxLoc(flat, min, max, null, null, null);
            if (min[0] < -FLOAT_SLACK || max[0] > 1 + FLOAT_SLACK) {
                throw new InvalidInputException(String.format(Locale.ROOT, "image %s has float pixels from %.4g"
                        + " to %.4g; float images are read as 0..1 (OpenCV's convention): %s", name, min[0], max[0],
                        floatAdvice(min[0], max[0])));
            }
        }
    }

    /**
     * What to do about float pixels outside 0..1, from where they lie: a picture of 0..255 values is scaled, one with
     * negative values was most likely normalised already (to -1..1, or by a mean and deviation), which the model's own
     * scaling would then apply a second time.
     */
    private static String floatAdvice(double min, double max) {
        if (min < -FLOAT_SLACK) {
            return "values below 0 look normalised already (to -1..1, or by a mean and deviation); give the picture's 0..1"
                    + " pixels, since cam4j applies the model's own scaling";
        }
        if (max <= 255 * (1 + FLOAT_SLACK)) {
            return "for 0..255 values convert to 8-bit or divide by 255";
        }
        return "values above 255 are neither 0..1 nor 0..255; scale the picture to 0..1";
    }
}
