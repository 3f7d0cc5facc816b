package io.github.cam4j.render;

import java.util.Objects;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Refuses a picture argument that is missing, closed, empty or not 2-dimensional, naming the argument, before its
 * size is read. Read first, a closed Mat threw JavaCPP's bare "This pointer address is NULL", an empty one was called
 * "a heatmap of 28x28 for a picture of 0x0" or "resize target must be positive, was 0x0", and a 3-dimensional one was
 * a picture of "-1x-1", or drawn on without a word.
 */
final class PictureArgument {

    private PictureArgument() {
    }

    /**
     * @param image the argument
     * @param name its name, for messages
     * @throws NullPointerException naming it, when it is null
     * @throws IllegalArgumentException naming it, when it is closed, empty or not rows x columns
     */
    static void check(Mat image, String name) {
        Objects.requireNonNull(image, name + " is null");
        if (image.isNull()) {
            throw new IllegalArgumentException(name + " is closed (its native memory was released): give an open"
                    + " picture");
        }
        if (image.dims() > 2) {
            throw new IllegalArgumentException(name + " has " + image.dims() + " dimensions; a picture has 2 (rows x"
                    + " columns)");
        }
        if (image.empty()) {
            throw new IllegalArgumentException(name + " is empty (0x0): there is no picture to draw on");
        }
    }

    /**
     * Refuses a picture whose pixels an overlay would not show as they are: of a depth other than 8-bit, 16-bit
     * unsigned or float (32-bit, or 64-bit read as 32-bit), the depths CamSession explains. Signed 16-bit pixels were
     * saturated to 8 bits, their negatives black (helper-166). Doubles are taken: CamSession explains a CV_64F Mat, and
     * the overlay of the very picture explained was refused. {@link Overlay#blend}, {@link ConceptOverlay#draw},
     * {@link ColourKey#under} and {@link FigureGrid#build} refuse alike: the others had taken what the first refused.
     *
     * @param image the argument; a closed or empty one is left to {@link #check}
     * @param name its name, for messages
     * @throws IllegalArgumentException naming it and its depth
     */
    static void checkOverlaid(Mat image, String name) {
        int depth = image.isNull() ? -1 : image.depth();
        if (!image.isNull() && !image.empty() && depth != opencv_core.CV_8U && depth != opencv_core.CV_16U
                && depth != opencv_core.CV_32F && depth != opencv_core.CV_64F) {
            throw new IllegalArgumentException(name + " has " + DepthNames.of(depth) + " pixels; an overlay is laid on"
                    + " 8-bit, 16-bit unsigned or float (CV_32F, CV_64F) pictures, as CamSession explains them");
        }
    }
}
