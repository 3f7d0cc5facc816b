package io.github.cam4j.savedmodel.keras;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/** Where the shared real data lives, and a tiny GZIP + IDX reader for the MNIST test digits. */
final class TestData {
    private TestData() {}

    /** @return {@code ../shared/data} (system property {@code cam4j.shared.data}, set by surefire) */
    static Path sharedData() {
        return Path.of(System.getProperty("cam4j.shared.data", "../shared/data"));
    }

    /** @return a Keras SavedModel folder under {@code keras-savedmodels/} */
    static Path kerasModel(String name) {
        return sharedData().resolve("keras-savedmodels").resolve(name);
    }

    /**
     * MNIST digits, pixels 0..255 row-major, one byte each.
     *
     * @param count how many images
     * @param rows image height
     * @param cols image width
     * @param pixels count * rows * cols unsigned bytes
     * @param labels count labels 0..9
     */
    record Digits(int count, int rows, int cols, byte[] pixels, byte[] labels) {
        int pixel(int image, int y, int x) {
            return pixels[(image * rows + y) * cols + x] & 0xff;
        }

        /** Digit {@code index} as an 8-bit grey Mat, as a user's PNG of it would load; the caller closes it. */
        org.bytedeco.opencv.opencv_core.Mat mat(int index) {
            byte[] one = new byte[rows * cols];
            System.arraycopy(pixels, index * one.length, one, 0, one.length);
            org.bytedeco.opencv.opencv_core.Mat mat = new org.bytedeco.opencv.opencv_core.Mat(rows, cols,
                    org.bytedeco.opencv.global.opencv_core.CV_8UC1);
            try (org.bytedeco.javacpp.BytePointer data = new org.bytedeco.javacpp.BytePointer(mat.data())) {
                data.put(one);
            }
            return mat;
        }
    }

    /** Reads the first {@code n} digits of the MNIST test set (t10k). */
    static Digits mnistTest(int n) throws IOException {
        Path dir = sharedData().resolve("mnist");
        try (DataInputStream images = gzip(dir.resolve("t10k-images-idx3-ubyte.gz"));
                DataInputStream labels = gzip(dir.resolve("t10k-labels-idx1-ubyte.gz"))) {
            if (images.readInt() != 0x00000803 || labels.readInt() != 0x00000801) {
                throw new IOException("not MNIST IDX files in " + dir);
            }
            int count = images.readInt();
            int rows = images.readInt();
            int cols = images.readInt();
            if (labels.readInt() != count || n > count) {
                throw new IOException("MNIST test files in " + dir + " disagree or hold fewer than " + n + " digits");
            }
            byte[] pixels = new byte[n * rows * cols];
            byte[] ys = new byte[n];
            images.readFully(pixels);
            labels.readFully(ys);
            return new Digits(n, rows, cols, pixels, ys);
        }
    }

    private static DataInputStream gzip(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new GZIPInputStream(in, 1 << 16));
    }
}
