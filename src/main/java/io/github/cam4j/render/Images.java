package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_32F;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.NORM_INF;
import static org.bytedeco.opencv.global.opencv_core.norm;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_UNCHANGED;
import static org.bytedeco.opencv.global.opencv_imgcodecs.haveImageWriter;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imwrite;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_GRAY2BGR;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Reading and writing image files, and converting any image Mat to the 8-bit grey or BGR that drawing needs.
 *
 * <pre>{@code
 * try (Mat img = Images.read(Path.of("digit.png"));
 *      Mat bgr = Images.toBgr8(img)) {
 *     Images.write(bgr, Path.of("out.png"));
 * }
 * }</pre>
 *
 * <p><b>Scaling rule for floating-point images</b> ({@code CV_32F}, {@code CV_64F}): when no value's magnitude
 * exceeds 1, the image is taken as 0..1 (what a network's input tensor holds) and multiplied by 255; otherwise it
 * is taken as already 0..255. Values outside 0..255 after that are clamped. 16-bit images are divided by 257
 * (65535 -> 255); other integer depths are clamped to 0..255 without scaling.
 *
 * <p>Ownership: every method returning a {@link Mat} returns a new Mat the caller must close; inputs are never
 * modified.
 */
public final class Images {

    private Images() {
    }

    /**
     * Reads an image as stored (grey stays one channel, alpha and 16-bit depth are kept).
     *
     * @param file an image file OpenCV can decode (PNG, JPEG, BMP, TIFF, ...)
     * @return a new Mat; the caller closes it
     * @throws ImageException when the file does not exist, is a directory, is empty, cannot be read, or is not a
     *     readable image; the message names the file
     */
    public static Mat read(Path file) throws ImageException {
        if (Files.isDirectory(file)) {
            throw new ImageException("image " + file + " is a directory, not an image file");
        }
        if (!Files.exists(file)) {
            throw new ImageException("image " + file + " does not exist");
        }
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new ImageException("cannot read image " + file + ": " + e.getMessage(), e);
        }
        // Checked here because OpenCV answers every failure with the same empty Mat, and "0 bytes" usually
        // means an interrupted download or copy, which the user can fix.
        if (size == 0) {
            throw new ImageException("image " + file + " is empty (0 bytes)");
        }
        if (!Files.isReadable(file)) {
            throw new ImageException("image " + file + " cannot be read (permission denied)");
        }
        Mat image = imread(file.toString(), IMREAD_UNCHANGED);
        if (image == null || image.empty()) {
            if (image != null) {
                image.close();
            }
            throw new ImageException("image " + file + " is not a readable image (OpenCV could not decode its "
                    + size + " bytes)");
        }
        return image;
    }

    /**
     * Writes an image, in the format its extension names. No folder is created: a missing folder is far more
     * often a typo than a wish, and creating it silently would hide the output somewhere unexpected.
     *
     * @param image a non-empty 8-bit image with 1, 3 or 4 channels (16-bit also works for PNG and TIFF)
     * @param file the file to write; its folder must exist
     * @throws ImageException when the folder does not exist, the extension has no writer, or OpenCV fails; the
     *     message names the file
     */
    public static void write(Mat image, Path file) throws ImageException {
        if (image == null || image.empty()) {
            throw new ImageException("cannot write an empty image to " + file);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new ImageException("cannot write image " + file + ": folder " + parent + " does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new ImageException("cannot write image " + file + ": it is a directory");
        }
        if (!haveImageWriter(file.toString())) {
            throw new ImageException("cannot write image " + file
                    + ": OpenCV has no writer for its extension (use .png, .jpg, .bmp, ...)");
        }
        boolean written;
        try {
            written = imwrite(file.toString(), image);
        } catch (RuntimeException e) {
            // OpenCV reports bad depth/channel combinations as a C++ exception, which JavaCPP rethrows unchecked.
            throw new ImageException("cannot write image " + file + ": " + e.getMessage(), e);
        }
        if (!written) {
            throw new ImageException("cannot write image " + file + " (OpenCV's imwrite failed: check permissions "
                    + "and free space)");
        }
    }

    /**
     * @param any a non-empty image with 1, 3 (BGR) or 4 (BGRA) channels, of any depth (see the class's scaling
     *     rule)
     * @return a new {@code CV_8UC1} grey image; the caller closes it
     * @throws IllegalArgumentException when the image is empty or has another channel count
     */
    public static Mat toGray8(Mat any) {
        int channels = checkImage(any);
        Mat out = new Mat();
        try (Mat eight = toDepth8(any)) {
            switch (channels) {
                case 1 -> eight.copyTo(out);
                case 3 -> cvtColor(eight, out, COLOR_BGR2GRAY);
                default -> cvtColor(eight, out, COLOR_BGRA2GRAY);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * @param any a non-empty image with 1 (grey), 3 (BGR) or 4 (BGRA, alpha dropped) channels, of any depth (see
     *     the class's scaling rule)
     * @return a new {@code CV_8UC3} BGR image; the caller closes it
     * @throws IllegalArgumentException when the image is empty or has another channel count
     */
    public static Mat toBgr8(Mat any) {
        int channels = checkImage(any);
        Mat out = new Mat();
        try (Mat eight = toDepth8(any)) {
            switch (channels) {
                case 1 -> cvtColor(eight, out, COLOR_GRAY2BGR);
                case 3 -> eight.copyTo(out);
                default -> cvtColor(eight, out, COLOR_BGRA2BGR);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * The picture a 16-bit image shows, at 8 bits: each value divided by 257 (65535 -> 255), so a 16-bit image is
     * explained exactly as its 8-bit version. 16-bit PNG and TIFF files are common (scanners, photo editors), but
     * no model here was trained on more than 8 bits.
     *
     * @param any a non-empty image of any depth and channel count
     * @return a new Mat the caller closes: 8-bit with the same channels when {@code any} is 16-bit, else a copy
     * @throws IllegalArgumentException when the image is empty
     */
    public static Mat flatten(Mat any) {
        if (any == null || any.empty()) {
            throw new IllegalArgumentException("image is empty");
        }
        if (any.depth() == CV_16U) {
            return toDepth8(any);
        }
        return any.clone();
    }

    private static int checkImage(Mat any) {
        if (any == null || any.empty()) {
            throw new IllegalArgumentException("image is empty");
        }
        int channels = any.channels();
        if (channels != 1 && channels != 3 && channels != 4) {
            throw new IllegalArgumentException(
                    "image must have 1, 3 or 4 channels, has " + channels);
        }
        return channels;
    }

    /** @return a new 8-bit Mat with the same channels, scaled by the class's rule */
    private static Mat toDepth8(Mat any) {
        Mat out = new Mat();
        try {
            int depth = any.depth();
            if (depth == CV_8U) {
                any.copyTo(out);
            } else if (depth == CV_16U) {
                any.convertTo(out, CV_8U, 1.0 / 257.0, 0);
            } else if (depth == CV_32F || depth == CV_64F) {
                double peak;
                try (Mat noMask = new Mat()) {
                    peak = norm(any, NORM_INF, noMask);
                }
                double scale = peak <= 1.0 ? 255.0 : 1.0;
                any.convertTo(out, CV_8U, scale, 0);
            } else {
                any.convertTo(out, CV_8U);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }
}
