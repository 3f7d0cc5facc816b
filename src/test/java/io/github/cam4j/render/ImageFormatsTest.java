package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@link Images#read} says of a file from its first bytes, before OpenCV is asked (ImageFormats): the format it
 * cannot read, the size a header declares, the format a damaged file starts as. Each file is written byte by byte as
 * the format's specification lays it out.
 */
class ImageFormatsTest {
    private static final String READS = " file, which cam4j cannot read; it reads PNG, JPEG, BMP, TIFF, WebP,"
            + " PBM/PGM/PPM/PAM, PFM, Radiance HDR and Sun raster (convert it, e.g. to PNG)";

    @TempDir
    Path dir;

    @Test
    void eachFormatCamCannotReadIsNamedFromItsFirstBytes() throws Exception {
        byte[] isoBox = {0, 0, 0, 0x1c};
        Object[][] cases = {
            {"photo.avif", bytes(isoBox, "ftypavif\0\0\0\0mif1"), "an AVIF"},
            {"clip.avifs", bytes(isoBox, "ftypavis\0\0\0\0msf1"), "an AVIF"},
            {"IMG_0001.HEIC", bytes(isoBox, "ftypheic\0\0\0\0mif1"), "a HEIC/HEIF"},
            {"burst.heic", bytes(isoBox, "ftyphevc\0\0\0\0msf1"), "a HEIC/HEIF"},
            {"still.heif", bytes(isoBox, "ftypmif1\0\0\0\0heic"), "a HEIC/HEIF"},
            {"seq.heif", bytes(isoBox, "ftypmsf1\0\0\0\0hevc"), "a HEIC/HEIF"},
            {"bare.jxl", bytes(new byte[] {(byte) 0xff, 0x0a, (byte) 0xfa, 0x1f, 0x42}), "a JPEG XL"},
            {"boxed.jxl", bytes(new byte[] {0, 0, 0, 0x0c}, "JXL \r\n\u0087\n"), "a JPEG XL"},
            {"scan.j2k", bytes(new byte[] {(byte) 0xff, 0x4f, (byte) 0xff, 0x51, 0, 0x2f}), "a JPEG 2000"},
            {"layers.psd", bytes("8BPS\0\1\0\0\0\0\0\0\0\3"), "a Photoshop (PSD)"},
            {"page.pdf", bytes("%PDF-1.7\n%\u00e2\u00e3\n"), "a PDF"},
            {"favicon.ico", bytes(new byte[] {0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0}), "an ICO"},
            {"logo.svg", bytes("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>"), "an SVG"},
            {"drawn.svg", bytes("\n  <?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>"), "an SVG"},
        };
        for (Object[] c : cases) {
            Path file = Files.write(dir.resolve((String) c[0]), (byte[]) c[1]);
            assertEquals("image " + file + " is " + c[2] + READS,
                    assertThrows(ImageException.class, () -> Images.read(file)).getMessage());
        }
        // Neither an MP4 (an ISO box of another brand) nor XML that draws nothing is named as a picture format.
        byte[] mp4 = bytes(isoBox, "ftypisom\0\0\2\0mp41");
        for (byte[] other : new byte[][] {mp4, bytes("<?xml version=\"1.0\"?><a/>")}) {
            Path file = Files.write(dir.resolve("other.png"), other);
            assertEquals("image " + file + " is not a readable image (OpenCV could not decode its " + other.length
                    + " bytes; cam4j reads PNG, JPEG, BMP, TIFF, WebP, PBM/PGM/PPM/PAM, PFM, Radiance HDR and Sun raster)",
                    assertThrows(ImageException.class, () -> Images.read(file)).getMessage());
        }
    }

    /**
     * A BMP (Windows' header, rows top-down; OS/2's 16-bit one) or a JPEG (its frame header after JFIF, tables and a
     * fill byte) declaring more pixels than cam4j reads is refused from its header, width first, before OpenCV decodes
     * it.
     */
    @Test
    void aBitmapOrJpegDeclaringMoreThanTheCapIsRefusedFromItsHeader() throws Exception {
        ByteBuffer windows = ByteBuffer.allocate(14 + 40 + 16).order(ByteOrder.LITTLE_ENDIAN);
        windows.put((byte) 'B').put((byte) 'M').putInt(windows.capacity()).putInt(0).putInt(54);
        windows.putInt(40).putInt(16385).putInt(-16384).putShort((short) 1).putShort((short) 24);
        Path topDown = Files.write(dir.resolve("top-down.bmp"), windows.array());
        assertTooLarge(topDown, "16385x16384 = 268451840");

        ByteBuffer os2 = ByteBuffer.allocate(14 + 12 + 16).order(ByteOrder.LITTLE_ENDIAN);
        os2.put((byte) 'B').put((byte) 'M').putInt(os2.capacity()).putInt(0).putInt(26);
        os2.putInt(12).putShort((short) 65535).putShort((short) 4097).putShort((short) 1).putShort((short) 24);
        Path core = Files.write(dir.resolve("os2.bmp"), os2.array());
        assertTooLarge(core, "65535x4097 = 268496895");

        Path written = dir.resolve("small.jpg");
        try (Mat img = TestMats.bgr(8, 8, 10, 200, 30)) {
            Images.write(img, written);
        }
        byte[] jpeg = Files.readAllBytes(written);
        int sof = indexOf(jpeg, (byte) 0xff, (byte) 0xc0);
        ByteBuffer.wrap(jpeg).putShort(sof + 5, (short) 16385).putShort(sof + 7, (short) 16384);
        // A fill byte before the frame header, which JPEG allows before any marker.
        byte[] filled = bytes(java.util.Arrays.copyOf(jpeg, sof), new byte[] {(byte) 0xff},
                java.util.Arrays.copyOfRange(jpeg, sof, jpeg.length));
        Path huge = Files.write(dir.resolve("huge.jpg"), filled);
        assertTooLarge(huge, "16384x16385 = 268451840");
    }

    /**
     * A GIF is said to be one whatever size it declares: "declares 65535x65535 pixels ...; scale it down first" sent
     * its user to shrink a picture cam4j would then refuse as a GIF.
     */
    @Test
    void aLargeGifIsNamedAsAGifNotAsTooLarge() throws Exception {
        Path gif = Files.write(dir.resolve("huge.gif"), bytes("GIF89a\u00ff\u00ff\u00ff\u00ff\u0080\0\0"));
        assertEquals("image " + gif + " is a GIF" + READS,
                assertThrows(ImageException.class, () -> Images.read(gif)).getMessage());
    }

    /** A file that starts as a format OpenCV reads and fails to decode is called damaged, naming that format. */
    @Test
    void aDamagedFileIsNamedByTheFormatItStartsAs() throws Exception {
        Path bmp = dir.resolve("whole.bmp");
        Path webp = dir.resolve("whole.webp");
        try (Mat img = TestMats.bgr(16, 16, 10, 200, 30)) {
            Images.write(img, bmp);
            Images.write(img, webp);
        }
        byte[] bigEndianTiff;
        try (Mat grey = TestMats.of(2, 2, org.bytedeco.opencv.global.opencv_core.CV_8UC1, new byte[] {1, 2, 3, 4})) {
            bigEndianTiff = ExifOrientationTest.tiff(grey, 1, ByteOrder.BIG_ENDIAN, true);
        }
        // A BMP or a Radiance HDR cut short is said so from its header (ImagesTest#aBmpCutShort*, #aRadiance*); a
        // BMP of 7 bits a pixel (at 28) is left to OpenCV, which refuses it without a line of its own.
        byte[] sevenBits = Files.readAllBytes(bmp);
        sevenBits[28] = 7;
        Object[][] cases = {
            {"cut.bmp", sevenBits, "BMP"},
            {"cut.webp", java.util.Arrays.copyOf(Files.readAllBytes(webp), 20), "WebP"},
            {"cut.tif", java.util.Arrays.copyOf(bigEndianTiff, 12), "TIFF"},
            {"turned.hdr", bytes("#?RADIANCE\nFORMAT=32-bit_rle_rgbe\n\n-Y 1 -Z 1\nabcd"), "Radiance HDR"},
            {"unsized.hdr", bytes("#?RGBE\n\nno size\n"), "Radiance HDR"},
        };
        for (Object[] c : cases) {
            byte[] content = (byte[]) c[1];
            Path file = Files.write(dir.resolve((String) c[0]), content);
            assertEquals("image " + file + " is not a readable image: it starts as a " + c[2] + " but OpenCV could not"
                    + " decode its " + content.length + " bytes (damaged or cut short?)",
                    assertThrows(ImageException.class, () -> Images.read(file)).getMessage());
        }
    }

    private static void assertTooLarge(Path file, String declared) {
        assertEquals("image " + file + " declares " + declared + " pixels, more than cam4j reads (2^28 = 268435456"
                + " pixels, e.g. 16384x16384); scale it down first",
                assertThrows(ImageException.class, () -> Images.read(file)).getMessage());
    }

    private static int indexOf(byte[] bytes, byte a, byte b) {
        for (int i = 0; i + 1 < bytes.length; i++) {
            if (bytes[i] == a && bytes[i + 1] == b) {
                return i;
            }
        }
        throw new AssertionError("marker not found");
    }

    /** @return the parts, byte arrays as they are and strings as ISO 8859-1, one after the other */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            out.writeBytes(p instanceof byte[] b ? b : ((String) p).getBytes(StandardCharsets.ISO_8859_1));
        }
        return out.toByteArray();
    }
}
