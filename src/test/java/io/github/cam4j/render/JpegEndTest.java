package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JPEG's walk to its end-of-image marker (JpegEnd) over what real files hold beyond the plain ones of ImagesTest:
 * restart markers in the image data, and a thumbnail (a JPEG of its own, with its own end marker) inside EXIF.
 */
class JpegEndTest {
    @TempDir
    Path dir;

    /**
     * Restart markers (FF D0 to FF D7, in turn) carry no length and keep the walk in the scan: a file with them lacking
     * only its end marker is read, pixel for pixel as the whole one; cut inside its data it is refused.
     */
    @Test
    void restartMarkersKeepTheWalkInTheScan() throws Exception {
        byte[] jpeg = encode(48, 80, opencv_imgcodecs.IMWRITE_JPEG_RST_INTERVAL, 1);
        for (int rst = 0xd0; rst <= 0xd7; rst++) {
            assertTrue(contains(jpeg, (byte) 0xff, (byte) rst), "restart marker " + Integer.toHexString(rst));
        }
        Path whole = Files.write(dir.resolve("whole.jpg"), jpeg);
        Path unended = Files.write(dir.resolve("unended.jpg"), Arrays.copyOf(jpeg, jpeg.length - 2));
        try (Mat a = Images.read(whole); Mat b = Images.read(unended)) {
            assertArrayEquals(TestMats.bytes(a), TestMats.bytes(b));
        }
        Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length * 2 / 3));
        assertTrue(assertThrows(ImageException.class, () -> Images.read(cut)).getMessage()
                .startsWith("image " + cut + " is a JPEG cut short"));
    }

    /**
     * A camera's EXIF holds a thumbnail, a whole JPEG with its own end marker: the walk skips the EXIF segment by its
     * length, so a photo cut inside its own data is still refused, and read when whole.
     */
    @Test
    void aThumbnailsEndMarkerInsideExifIsNotThePhotosEnd() throws Exception {
        byte[] thumbnail = encode(8, 8);
        byte[] photo = encode(64, 64);
        byte[] payload = ImageFormatsTest.bytes("Exif\0\0", thumbnail);
        byte[] app1 = ImageFormatsTest.bytes(new byte[] {(byte) 0xff, (byte) 0xe1, (byte) ((payload.length + 2) >> 8),
            (byte) (payload.length + 2)}, payload);
        assertTrue(payload.length + 2 > 255, "a length with a high byte");
        byte[] withExif = ImageFormatsTest.bytes(Arrays.copyOf(photo, 2), app1, Arrays.copyOfRange(photo, 2,
                photo.length));
        Path whole = Files.write(dir.resolve("camera.jpg"), withExif);
        try (Mat read = Images.read(whole)) {
            assertEquals(64, read.rows());
        }
        Path cut = Files.write(dir.resolve("camera-cut.jpg"), Arrays.copyOf(withExif, withExif.length - photo.length
                / 3));
        assertTrue(assertThrows(ImageException.class, () -> Images.read(cut)).getMessage()
                .startsWith("image " + cut + " is a JPEG cut short"));
    }

    /** An empty comment segment (FF FE, length 2: the length's own two bytes) is a whole segment, not a cut. */
    @Test
    void anEmptyCommentIsASegment() throws Exception {
        byte[] jpeg = encode(16, 16);
        byte[] commented = ImageFormatsTest.bytes(Arrays.copyOf(jpeg, 2), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 2},
                Arrays.copyOfRange(jpeg, 2, jpeg.length));
        Path plain = Files.write(dir.resolve("plain.jpg"), jpeg);
        Path file = Files.write(dir.resolve("commented.jpg"), commented);
        try (Mat a = Images.read(plain); Mat b = Images.read(file)) {
            assertArrayEquals(TestMats.bytes(a), TestMats.bytes(b));
        }
    }

    /** @return noise of that size as a JPEG OpenCV encodes (noise compresses badly: the data is most of the file) */
    private static byte[] encode(int rows, int cols, int... params) {
        byte[] noise = new byte[rows * cols * 3];
        new java.util.Random(rows * 31 + cols).nextBytes(noise);
        try (Mat img = TestMats.of(rows, cols, CV_8UC3, noise); BytePointer buffer = new BytePointer();
                IntPointer p = new IntPointer(params)) {
            assertTrue(params.length == 0 ? opencv_imgcodecs.imencode(".jpg", img, buffer)
                    : opencv_imgcodecs.imencode(".jpg", img, buffer, p));
            byte[] out = new byte[(int) buffer.limit()];
            buffer.get(out);
            return out;
        }
    }

    private static boolean contains(byte[] bytes, byte a, byte b) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == a && bytes[i + 1] == b) {
                return true;
            }
        }
        return false;
    }
}
