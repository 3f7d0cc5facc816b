package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

/**
 * Which picture pixels cam4j's own resize to a model's input reads ({@link PictureResize#reads}), against OpenCV itself,
 * as {@code ResizeReachTest} checks a model's resizes against TensorFlow: picture {@code p} of a batch is zero but for a
 * line of ink across the other axis at pixel {@code p}, resized as cam4j resizes it; resized pixel {@code o} is
 * non-zero exactly when OpenCV reads pixel {@code p} for it with non-zero weight. Each axis, on sizes that grow by whole
 * and by awkward factors, with the other axis kept, grown (bilinear) or shrunk (OpenCV then emulates its area resize by
 * another interpolation, on both axes). Once, wider (sizes 1 to 45 grown to up to 120, the other axis as here, float and
 * 8-bit: 42.9 million checks per axis): no float pixel differed; in 8-bit, 25 pixels given were not read, and none read
 * was not given.
 */
class PictureResizeTest {
    private static final int[] FROM = {1, 2, 3, 5, 7, 10, 13, 14, 20, 27};
    private static final int[] TO = {2, 3, 4, 6, 9, 14, 17, 20, 28, 30, 32, 41, 56, 57, 100};
    /** The other axis: kept, grown, shrunk. */
    private static final int[][] OTHER = {{5, 5}, {4, 9}, {9, 4}};

    /**
     * Float pictures, as {@code ImagePreparer} resizes them: exactly the pixels read. Equality of sets, no tolerance.
     */
    @Test
    void readsAreWhatOpenCvReadsInFloat() {
        for (int axis = 0; axis < 2; axis++) {
            for (int n : FROM) {
                for (int m : TO) {
                    for (int[] other : OTHER) {
                        if (m > n) {
                            check(axis, n, m, other, CV_32FC1, true);
                        }
                    }
                }
            }
        }
    }

    /**
     * 8-bit pictures, as {@code FramePreparer} resizes video frames: OpenCV rounds the weights to 1/2048ths, so a pixel
     * read at a weight under 1/4096 comes out unread (ink 255 too, the brightest there is): the pixels given then
     * include every pixel read, perhaps one more, never fewer.
     */
    @Test
    void readsCoverWhatOpenCvReadsIn8Bit() {
        for (int axis = 0; axis < 2; axis++) {
            for (int n : FROM) {
                for (int m : TO) {
                    for (int[] other : OTHER) {
                        if (m > n) {
                            check(axis, n, m, other, CV_8UC1, false);
                        }
                    }
                }
            }
        }
    }

    /**
     * @param exact whether the pixels given must be exactly the pixels read, or only include them
     */
    private static void check(int axis, int n, int m, int[] other, int type, boolean exact) {
        int fromRows = axis == 0 ? n : other[0];
        int fromCols = axis == 0 ? other[0] : n;
        int toRows = axis == 0 ? m : other[1];
        int toCols = axis == 0 ? other[1] : m;
        int interpolation = PictureResize.interpolation(fromRows, fromCols, toRows, toCols);
        String what = fromRows + "x" + fromCols + " -> " + toRows + "x" + toCols + (type == CV_8UC1 ? " 8-bit" : " float")
                + ", axis " + axis;
        for (int p = 0; p < n; p++) {
            boolean[] read = impulse(fromRows, fromCols, toRows, toCols, axis, p, type, interpolation);
            for (int o = 0; o < m; o++) {
                int[] r = PictureResize.reads(fromRows, fromCols, toRows, toCols, axis, o, o);
                boolean given = p >= r[0] && p <= r[1];
                if (exact) {
                    assertEquals(read[o], given, what + ": picture pixel " + p + " for resized pixel " + o);
                } else {
                    assertTrue(given || !read[o], what + ": picture pixel " + p + " is read for resized pixel " + o);
                }
            }
        }
    }

    /** @return per resized pixel of the axis, whether ink on picture pixel {@code p} of it reaches that pixel */
    private static boolean[] impulse(int fromRows, int fromCols, int toRows, int toCols, int axis, int p, int type,
            int interpolation) {
        try (Mat src = new Mat(fromRows, fromCols, type, new Scalar(0)); Mat dst = new Mat();
                Size size = new Size(toCols, toRows)) {
            int across = axis == 0 ? fromCols : fromRows;
            for (int a = 0; a < across; a++) {
                int y = axis == 0 ? p : a;
                int x = axis == 0 ? a : p;
                if (type == CV_32FC1) {
                    src.ptr(y, x).putFloat(1f);
                } else {
                    src.ptr(y, x).put((byte) 255);
                }
            }
            opencv_imgproc.resize(src, dst, size, 0, 0, interpolation);
            int along = axis == 0 ? toRows : toCols;
            int acrossOut = axis == 0 ? toCols : toRows;
            boolean[] out = new boolean[along];
            for (int o = 0; o < along; o++) {
                for (int a = 0; a < acrossOut; a++) {
                    int y = axis == 0 ? o : a;
                    int x = axis == 0 ? a : o;
                    float v = type == CV_32FC1 ? dst.ptr(y, x).getFloat() : dst.ptr(y, x).get() & 0xff;
                    out[o] |= v != 0;
                }
            }
            return out;
        }
    }

    /**
     * The README's probe, by hand: a 14x14 picture grown to 28x28 samples input row {@code o} at
     * {@code (o + 0.5) / 2 - 0.5}; input row 4 at 1.75 reads picture rows 1 and 2, row 23 at 11.25 rows 11 and 12. The
     * rows 4 to 23 a model keeps read picture rows 1 to 12, where their edges, 3.5 and 23.5, scale to 1.5 and 11.5.
     */
    @Test
    void aDoubledPictureReadsTheRowBeyondTheScaledEdge() {
        assertArrayEquals(new int[] {1, 12}, PictureResize.reads(14, 14, 28, 28, 0, 4, 23));
        assertArrayEquals(new int[] {1, 2}, PictureResize.reads(14, 14, 28, 28, 1, 4, 4));
        // A whole sample (grown 1 to 3, output pixel 1 at (1.5) / 3 - 0.5 = 0) reads the one pixel.
        assertArrayEquals(new int[] {0, 0}, PictureResize.reads(1, 1, 3, 3, 0, 0, 2));
    }

    @Test
    void theInterpolationIsChosenAsThePreparersChooseIt() {
        assertEquals(INTER_LINEAR, PictureResize.interpolation(14, 14, 28, 28));
        assertEquals(INTER_LINEAR, PictureResize.interpolation(28, 14, 28, 28), "grown on one axis, kept on the other");
        assertEquals(INTER_AREA, PictureResize.interpolation(40, 14, 28, 28), "shrunk on either axis");
        assertTrue(PictureResize.interpolates(40, 14, 28, 28), "OpenCV emulates its area resize where an axis grows");
        assertFalse(PictureResize.interpolates(40, 28, 28, 28));
        assertFalse(PictureResize.interpolates(28, 28, 28, 28));
    }

    @Test
    void aPictureThatDoesNotGrowIsRefusedInWords() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PictureResize.reads(40, 40, 28, 28, 0, 0, 27));
        assertTrue(e.getMessage().contains("picture of 40x40 resized to 28x28 grows on neither axis"), e.getMessage());
        IllegalArgumentException outside = assertThrows(IllegalArgumentException.class,
                () -> PictureResize.reads(14, 14, 28, 28, 1, 20, 28));
        assertTrue(outside.getMessage().contains("resized pixels 20..28 are not within 0..27"), outside.getMessage());
    }
}
