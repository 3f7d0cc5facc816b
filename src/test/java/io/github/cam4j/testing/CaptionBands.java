package io.github.cam4j.testing;

import io.github.cam4j.render.Images;
import java.nio.file.Path;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * What the figure tests of compare and concepts share: a picture much larger than a digit, and the height of a
 * caption's band counted in a figure (the band's grey, 32 in every channel, as {@code Draw} paints it).
 */
public final class CaptionBands {
    private CaptionBands() {}

    /**
     * @param digit a 28x28 digit picture
     * @param page the PNG to write
     * @return {@code page}: a black 640x480 picture with the digit enlarged to 420x420 (nearest neighbour) at x 110,
     *     y 30
     */
    public static Path writeLargePage(Path digit, Path page) throws Exception {
        try (Mat small = Images.read(digit); Mat big = new Mat();
                Mat blank = new Mat(480, 640, small.type(), new Scalar(0.0))) {
            opencv_imgproc.resize(small, big, new Size(420, 420), 0, 0, opencv_imgproc.INTER_NEAREST);
            try (Mat place = blank.apply(new Rect(110, 30, 420, 420))) {
                big.copyTo(place);
            }
            Images.write(blank, page);
        }
        return page;
    }

    /**
     * @param figure a figure as written (BGR)
     * @param x the column to count down
     * @param y0 the first row
     * @param height how many rows
     * @return the rows of column {@code x}, from {@code y0} for {@code height} rows, that are a caption band's grey
     */
    public static int rows(Mat figure, int x, int y0, int height) {
        int n = 0;
        try (UByteIndexer ix = figure.createIndexer()) {
            for (int y = y0; y < y0 + height; y++) {
                n += ix.get(y, x, 0) == 32 && ix.get(y, x, 1) == 32 && ix.get(y, x, 2) == 32 ? 1 : 0;
            }
        }
        return n;
    }

    /**
     * Asserts that a figure of a 28x28 digit's row (cells {@code cell} square) above a 640x480 picture's row (cells
     * 480x360), in a column of pictures and a column of their overlays, each column 480 wide, captions all four cells
     * in one band's height, counted down each cell's second column.
     *
     * @param figure the figure as written (BGR)
     * @param band the band's rows expected, the digit's caption's
     * @param pictures the picture column's first x
     * @param overlays the overlay column's first x
     * @param digitRow the digit row's first y
     * @param cell the digit's cell side
     */
    public static void assertOneBandHeight(Mat figure, int band, int pictures, int overlays, int digitRow, int cell) {
        int pageRow = digitRow + cell + (overlays - pictures - 480);
        int centred = (480 - cell) / 2;
        org.junit.jupiter.api.Assertions.assertEquals(band, rows(figure, pictures + centred + 1, digitRow, cell),
                "the digit's name");
        org.junit.jupiter.api.Assertions.assertEquals(band, rows(figure, pictures + 1, pageRow, 360),
                "the page's name, in the digit's font");
        org.junit.jupiter.api.Assertions.assertEquals(band, rows(figure, overlays + centred + 1, digitRow, cell),
                "the digit's overlay");
        org.junit.jupiter.api.Assertions.assertEquals(band, rows(figure, overlays + 1, pageRow, 360),
                "the page's overlay, in the same font");
    }
}
