package io.github.cam4j.render;

import java.util.Objects;
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
}
