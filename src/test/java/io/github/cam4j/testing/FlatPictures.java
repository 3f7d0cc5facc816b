package io.github.cam4j.testing;

import io.github.cam4j.render.Images;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Grey pictures of one level, of any shape (a 3000x1 strip, say), written for the commands to read. */
public final class FlatPictures {
    private FlatPictures() {}

    /**
     * @param file the PNG to write
     * @param rows its height in pixels
     * @param cols its width in pixels
     * @param level every pixel's grey level, 0..255
     * @return {@code file}, written
     */
    public static Path write(Path file, int rows, int cols, double level) throws Exception {
        try (Mat picture = new Mat(rows, cols, opencv_core.CV_8UC1, new Scalar(level))) {
            Images.write(picture, file);
        }
        return file;
    }
}
