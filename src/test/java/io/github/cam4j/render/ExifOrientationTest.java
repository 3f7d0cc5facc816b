package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYCOLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_ANYDEPTH;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMREAD_COLOR;
import static org.bytedeco.opencv.global.opencv_imgcodecs.imread;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A photo whose EXIF orientation says "turn me" is read as a viewer shows it, as OpenCV's own orientation rule turns it
 * (which OpenCV skips for the unchanged reads cam4j needs to keep alpha and 16 bits).
 */
class ExifOrientationTest {
    @TempDir
    Path dir;

    /** 12 rows by 20 columns, no two pixels alike: any turn or flip changes it. */
    private static Mat pattern() {
        byte[] values = new byte[12 * 20];
        for (int i = 0; i < values.length; i++) {
            values[i] = (byte) i;
        }
        return TestMats.of(12, 20, CV_8UC1, values);
    }

    /** @return the JPEG with an APP1 "Exif" segment right after its start-of-image marker, where cameras put it */
    private static byte[] withOrientation(byte[] jpeg, int orientation) {
        byte[] app1 = segment(0xE1, concat("Exif\0\0".getBytes(StandardCharsets.ISO_8859_1), tiff(orientation)));
        return concat(java.util.Arrays.copyOf(jpeg, 2), app1, java.util.Arrays.copyOfRange(jpeg, 2, jpeg.length));
    }

    @Test
    void jpegOrientationsAreAppliedAsViewersApplyThem() throws Exception {
        Path plain = dir.resolve("plain.jpg");
        try (Mat img = pattern()) {
            Images.write(img, plain);
        }
        byte[] jpeg = Files.readAllBytes(plain);
        for (int orientation = 1; orientation <= 8; orientation++) {
            Path file = dir.resolve("turned" + orientation + ".jpg");
            Files.write(file, withOrientation(jpeg, orientation));
            try (Mat ours = Images.read(file); Mat viewers = imread(file.toString(), IMREAD_ANYCOLOR | IMREAD_ANYDEPTH)) {
                assertEquals(orientation <= 4 ? 12 : 20, ours.rows(), "orientation " + orientation);
                assertArrayEquals(TestMats.bytes(viewers), TestMats.bytes(ours), "orientation " + orientation);
            }
        }
    }

    @Test
    void pngOrientationIsAppliedAndAlphaKept() throws Exception {
        Path plain = dir.resolve("plain.png");
        try (Mat grey = pattern(); Mat bgra = new Mat()) {
            opencv_imgproc.cvtColor(grey, bgra, opencv_imgproc.COLOR_GRAY2BGRA);
            Images.write(bgra, plain);
        }
        byte[] png = Files.readAllBytes(plain);
        Path file = dir.resolve("turned.png");
        // eXIf right after IHDR (8 bytes of signature, 25 of IHDR).
        Files.write(file, concat(java.util.Arrays.copyOf(png, 33), pngChunk("eXIf", tiff(6)),
                java.util.Arrays.copyOfRange(png, 33, png.length)));
        try (Mat ours = Images.read(file); Mat viewers = imread(file.toString(), IMREAD_COLOR); Mat bgr = new Mat()) {
            assertEquals(CV_8UC4, ours.type());
            assertEquals(20, ours.rows());
            opencv_imgproc.cvtColor(ours, bgr, opencv_imgproc.COLOR_BGRA2BGR);
            assertArrayEquals(TestMats.bytes(viewers), TestMats.bytes(bgr));
        }
    }

    @Test
    void turningAndRefusingLeakNoNativeMemory() throws Exception {
        Path plain = dir.resolve("leak.jpg");
        try (Mat img = pattern()) {
            Images.write(img, plain);
        }
        byte[] jpeg = Files.readAllBytes(plain);
        Path turned = Files.write(dir.resolve("leak-turned.jpg"), withOrientation(jpeg, 6));
        Path cut = Files.write(dir.resolve("leak-cut.jpg"), java.util.Arrays.copyOf(jpeg, jpeg.length - 2));
        TestMats.assertNoLeak(() -> {
            try {
                Images.read(turned).close();
            } catch (ImageException e) {
                throw new AssertionError(e);
            }
            org.junit.jupiter.api.Assertions.assertThrows(ImageException.class, () -> Images.read(cut));
        });
    }

    /** A big-endian TIFF block with one IFD entry: Orientation (0x0112), SHORT, the given value. */
    private static byte[] tiff(int orientation) {
        return ByteBuffer.allocate(26).put("MM".getBytes(StandardCharsets.ISO_8859_1)).putShort((short) 42).putInt(8)
                .putShort((short) 1).putShort((short) 0x0112).putShort((short) 3).putInt(1)
                .putShort((short) orientation).putShort((short) 0).putInt(0).array();
    }

    private static byte[] segment(int marker, byte[] payload) {
        return concat(new byte[] {(byte) 0xFF, (byte) marker, (byte) ((payload.length + 2) >> 8),
            (byte) (payload.length + 2)}, payload);
    }

    private static byte[] pngChunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return concat(ByteBuffer.allocate(4).putInt(data.length).array(), typeBytes, data,
                ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
