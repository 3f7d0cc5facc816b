package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/** Small helpers shared by the render tests: making Mats, reading pixels, and checking for native leaks. */
final class TestMats {

    private TestMats() {
    }

    /** @return a new BGR image filled with one colour */
    static Mat bgr(int height, int width, int b, int g, int r) {
        try (Scalar colour = new Scalar(b, g, r, 0)) {
            return new Mat(height, width, CV_8UC3, colour);
        }
    }

    /** @return a new Mat of the given type holding {@code data} row-major */
    static Mat of(int height, int width, int type, byte[] data) {
        Mat m = new Mat(height, width, type);
        try (BytePointer p = m.data()) {
            p.put(data);
        }
        return m;
    }

    /** @return the channel values (0..255) of an 8-bit pixel */
    static int[] pixel(Mat m, int y, int x) {
        try (UByteIndexer idx = m.createIndexer()) {
            int[] out = new int[m.channels()];
            for (int c = 0; c < out.length; c++) {
                out[c] = idx.get(y, x, c);
            }
            return out;
        }
    }

    /** @return whether the BGR pixel at (y, x) is dark ink, as text is drawn: every channel under 100 */
    static boolean isInk(Mat m, int y, int x) {
        int[] p = pixel(m, y, x);
        return p[0] < 100 && p[1] < 100 && p[2] < 100;
    }

    /** @return a copy of a continuous 8-bit Mat's bytes */
    static byte[] bytes(Mat m) {
        byte[] out = new byte[(int) (m.total() * m.elemSize())];
        try (BytePointer p = m.data()) {
            p.get(out);
        }
        return out;
    }

    /**
     * Runs {@code action} many times and checks that the number of live JavaCPP objects with a deallocator (Mats,
     * Sizes, Scalars...) did not grow: every native object the code made was closed. The GC can only lower the
     * count, so it can hide a leak in a lucky run but never invent one.
     */
    static void assertNoLeak(Runnable action) {
        action.run(); // warm-up: first calls load natives and fill OpenCV's own caches
        long before = Pointer.totalCount();
        for (int i = 0; i < 20; i++) {
            action.run();
        }
        long after = Pointer.totalCount();
        assertTrue(after <= before, "live native objects grew from " + before + " to " + after);
    }
}
