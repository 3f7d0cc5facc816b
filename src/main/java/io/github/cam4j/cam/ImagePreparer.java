package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;

import io.github.cam4j.savedmodel.InputSpec;
import java.nio.FloatBuffer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Brings any picture to what a model's input expects: its channels (grey, or RGB from OpenCV's BGR), its training
 * size when it has one, its polarity (light strokes on dark for MNIST models) and its pixel scaling.
 *
 * <p>Accepted Mats: 8-bit (0..255) or 32-bit float (0..1, OpenCV's convention for float images), with 1, 3 (BGR) or
 * 4 (BGRA) channels, any size.
 */
final class ImagePreparer {
    private final InputSpec spec;
    private final Invert invert;
    private final boolean keepSize;

    ImagePreparer(InputSpec spec, Invert invert, boolean keepSize) {
        this.spec = spec;
        this.invert = invert;
        this.keepSize = keepSize;
    }

    /** A picture ready for the model. */
    record Prepared(float[] values, int height, int width) {}

    Prepared prepare(Mat image, String name) throws InvalidInputException {
        if (image == null || image.isNull() || image.empty() || image.rows() == 0 || image.cols() == 0) {
            throw new InvalidInputException("image " + name + " is empty (0x0)");
        }
        int depth = image.depth();
        if (depth != CV_8U && depth != CV_32F) {
            throw new InvalidInputException("image " + name + " has OpenCV depth " + depth
                    + "; cam4j takes 8-bit or 32-bit float images");
        }
        int ch = image.channels();
        if (ch != 1 && ch != 3 && ch != 4) {
            throw new InvalidInputException("image " + name + " has " + ch + " channels; cam4j takes 1, 3 (BGR) or 4 (BGRA)");
        }
        try (Mat colour = toModelChannels(image); Mat sized = resized(colour)) {
            int h = sized.rows();
            int w = sized.cols();
            int n = h * w * spec.channels();
            float[] values = new float[n];
            FloatBuffer buffer = sized.createBuffer();
            buffer.get(values);
            boolean flip = invert.appliesTo(spec.lightOnDark(), values, h, w, spec.channels());
            for (int i = 0; i < n; i++) {
                float v = flip ? 255f - values[i] : values[i];
                values[i] = v * spec.pixelScale() + spec.pixelOffset();
            }
            return new Prepared(values, h, w);
        }
    }

    /** Converts to the model's channel order and to float 0..255 in one place. */
    private Mat toModelChannels(Mat image) {
        Mat converted = new Mat();
        int ch = image.channels();
        if (spec.channels() == 1) {
            if (ch == 1) {
                image.copyTo(converted);
            } else {
                opencv_imgproc.cvtColor(image, converted, ch == 4 ? COLOR_BGRA2GRAY : COLOR_BGR2GRAY);
            }
        } else {
            int code = ch == 1 ? COLOR_GRAY2RGB : ch == 4 ? COLOR_BGRA2RGB : COLOR_BGR2RGB;
            opencv_imgproc.cvtColor(image, converted, code);
        }
        Mat floats = new Mat();
        converted.convertTo(floats, CV_32F, image.depth() == CV_32F ? 255.0 : 1.0, 0.0);
        converted.close();
        return floats;
    }

    private Mat resized(Mat image) {
        boolean fixed = spec.height() > 0 && spec.width() > 0;
        if (keepSize || !fixed || (image.rows() == spec.height() && image.cols() == spec.width())) {
            return image.clone();
        }
        boolean shrinking = image.rows() > spec.height() || image.cols() > spec.width();
        Mat out = new Mat();
        try (Size size = new Size(spec.width(), spec.height())) {
            opencv_imgproc.resize(image, out, size, 0, 0, shrinking ? INTER_AREA : INTER_LINEAR);
        }
        return out;
    }
}
