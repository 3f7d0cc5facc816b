package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PNG's chunk walk (PngChunks) over a chunk longer than 64 KB, as encoders that write one IDAT lay it out. */
class PngChunksTest {
    @TempDir
    Path dir;

    /**
     * OpenCV's libpng writes IDAT in 8 KB chunks; other encoders write the image data as one chunk, its length using
     * the third byte of four. Whole, lacking only IEND, or with a byte changed past its first 64 KB, it is read, read,
     * and refused as damaged.
     */
    @Test
    void aChunkLongerThan64KbIsWalkedByItsWholeLength() throws Exception {
        Path written = dir.resolve("written.png");
        byte[] png = noisePng(written, 200, 5);
        // Signature, IHDR (25 bytes) as written; then every IDAT's data in one chunk; then IEND.
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (int at = 33; at < png.length; ) {
            int length = ByteBuffer.wrap(png, at, 4).getInt();
            if (new String(png, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("IDAT")) {
                data.write(png, at + 8, length);
            }
            at += 12 + length;
        }
        byte[] idat = data.toByteArray();
        assertTrue(idat.length > 1 << 16, "more than 64 KB of image data: " + idat.length);
        byte[] one = ImageFormatsTest.bytes(Arrays.copyOf(png, 33), chunk("IDAT", idat), PngChunks.IEND);
        Path whole = Files.write(dir.resolve("one-idat.png"), one);
        Path noIend = Files.write(dir.resolve("one-idat-noiend.png"), Arrays.copyOf(one, one.length - 12));
        try (Mat a = Images.read(written); Mat b = Images.read(whole); Mat c = Images.read(noIend)) {
            assertArrayEquals(TestMats.bytes(a), TestMats.bytes(b));
            assertArrayEquals(TestMats.bytes(a), TestMats.bytes(c));
        }
        byte[] damaged = one.clone();
        damaged[33 + 8 + 70_000] ^= 1;
        Path bad = Files.write(dir.resolve("one-idat-bad.png"), damaged);
        assertEquals("image " + bad + " is a damaged PNG: its IDAT chunk fails its checksum (CRC), so its bytes are"
                + " not those written (a faulty download or copy?)",
                assertThrows(ImageException.class, () -> Images.read(bad)).getMessage());
    }

    /**
     * A PNG cut inside a chunk's data or its CRC is refused as damaged or cut short, naming it a PNG, and nothing else
     * is printed (libpng's lines would go to standard error, which only a JVM of its own shows).
     */
    @Test
    void aPngCutInsideAChunkIsRefusedInOneLine() throws Exception {
        Path written = dir.resolve("written.png");
        byte[] png = noisePng(written, 64, 6);
        int firstIdatData = 33 + 8;
        int firstIdatLength = ByteBuffer.wrap(png, 33, 4).getInt();
        // Inside the first IDAT's data; inside its CRC (two of its four bytes there).
        int[] cuts = {firstIdatData + firstIdatLength / 2, firstIdatData + firstIdatLength + 2};
        java.util.List<String> args = new java.util.ArrayList<>();
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (int cut : cuts) {
            Path file = Files.write(dir.resolve("cut" + cut + ".png"), Arrays.copyOf(png, cut));
            String message = "image " + file + " is not a readable image: it starts as a PNG but OpenCV could not"
                    + " decode its " + cut + " bytes (damaged or cut short?)";
            assertEquals(message, assertThrows(ImageException.class, () -> Images.read(file)).getMessage());
            args.add("read:" + file);
            expected.add(message);
        }
        ImageFilesProcess.assertSaysOnly(dir, args, expected);
    }

    /**
     * A PNG cut exactly between two IDAT chunks walks as a file lacking only IEND; with IEND put back libpng refused
     * it after "libpng error: Not enough image data" on standard error. It is refused as cut short, in one line.
     */
    @Test
    void aPngCutBetweenTwoIdatChunksIsCutShort() throws Exception {
        Path written = dir.resolve("written.png");
        byte[] png = noisePng(written, 200, 5);
        int idats = 0;
        int afterThird = -1;
        for (int at = 33; at < png.length; ) {
            int length = ByteBuffer.wrap(png, at, 4).getInt();
            if (new String(png, at + 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1).equals("IDAT")
                    && ++idats == 3) {
                afterThird = at + 12 + length;
            }
            at += 12 + length;
        }
        assertTrue(idats > 3, "OpenCV writes the noise's data in several IDAT chunks: " + idats);
        Path cut = Files.write(dir.resolve("between.png"), Arrays.copyOf(png, afterThird));
        String message = "image " + cut + " is a PNG cut short: its image data ends before its picture does (an"
                + " interrupted download or copy?)";
        assertEquals(message, assertThrows(ImageException.class, () -> Images.read(cut)).getMessage());
        ImageFilesProcess.assertSaysOnly(dir, java.util.List.of("read:" + cut), java.util.List.of(message));
    }

    /**
     * @return the bytes of a side x side colour PNG of seeded noise, written by OpenCV to {@code file}: its image data
     *     barely compresses, so libpng splits it into several 8 KB IDAT chunks
     */
    private static byte[] noisePng(Path file, int side, long seed) throws Exception {
        byte[] noise = new byte[side * side * 3];
        new java.util.Random(seed).nextBytes(noise);
        try (Mat img = TestMats.of(side, side, CV_8UC3, noise)) {
            Images.write(img, file);
        }
        return Files.readAllBytes(file);
    }

    private static byte[] chunk(String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        return ImageFormatsTest.bytes(ByteBuffer.allocate(4).putInt(data.length).array(), typeBytes, data,
                ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
