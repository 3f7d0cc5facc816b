package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A binary Netpbm file is measured by its header before OpenCV decodes it (NetpbmSize): whole, it is read; one byte
 * short, it is refused as cut, with the bytes its header declares. Each file is written byte by byte.
 */
class NetpbmSizeTest {
    @TempDir
    Path dir;

    @Test
    void aFileOneByteShortIsCutAndTheWholeOneIsRead() throws Exception {
        Object[][] cases = {
            // name, header, pixel bytes, format, size: a PBM packs 8 pixels a byte, each row whole bytes ((10 + 7) / 8)
            {"ten.pbm", "P4\n10 3\n", 6, "PBM", "10x3"},
            // maxval 255 is one byte a sample, 256 two
            {"eight.pgm", "P5\n2 2\n255\n", 4, "PGM", "2x2"},
            {"sixteen.pgm", "P5\n2 2\n256\n", 8, "PGM", "2x2"},
            // maxval 1, a bitmap stored as grey, is still a maxval
            {"one.pgm", "P5 3 1 1\n", 3, "PGM", "3x1"},
            {"grey-alpha.pam", "P7\nWIDTH 2\nHEIGHT 1\nDEPTH 2\nMAXVAL 300\nTUPLTYPE GRAYSCALE_ALPHA\nENDHDR\n", 8,
                "PAM", "2x1"},
        };
        for (Object[] c : cases) {
            byte[] header = ((String) c[1]).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            int pixels = (int) c[2];
            Path whole = Files.write(dir.resolve((String) c[0]), Arrays.copyOf(header, header.length + pixels));
            String[] size = ((String) c[4]).split("x");
            try (Mat read = Images.read(whole)) {
                assertEquals(Integer.parseInt(size[0]), read.cols(), whole.toString());
                assertEquals(Integer.parseInt(size[1]), read.rows(), whole.toString());
            }
            Path cut = Files.write(dir.resolve("cut-" + c[0]), Arrays.copyOf(header, header.length + pixels - 1));
            assertEquals("image " + cut + " is a " + c[3] + " cut short: its header declares " + c[4] + " pixels, "
                    + pixels + " bytes, and " + (pixels - 1) + " follow it (an interrupted download or copy?)",
                    assertThrows(ImageException.class, () -> Images.read(cut)).getMessage());
        }
    }

    /**
     * A 19-byte PGM declaring 100000000x2 pixels (under the pixel cap, 9 digits a side being the most read) is refused
     * from its header, not handed to OpenCV to allocate 200 MB for.
     */
    @Test
    void aTinyFileDeclaringNineDigitsASideIsCutNotDecoded() throws Exception {
        Path file = Files.writeString(dir.resolve("wide.pgm"), "P5\n100000000 2\n255\n");
        assertEquals("image " + file + " is a PGM cut short: its header declares 100000000x2 pixels, 200000000 bytes,"
                + " and 0 follow it (an interrupted download or copy?)",
                assertThrows(ImageException.class, () -> Images.read(file)).getMessage());
    }

    /** A header cut inside a comment (a scanner's note before the sides) is a header cut short, not a crash. */
    @Test
    void aHeaderCutInsideACommentIsCutShort() throws Exception {
        Path file = Files.writeString(dir.resolve("noted.pgm"), "P5\n# scanned at 600 dpi"); // 23 bytes
        assertEquals("image " + file + " is a PGM cut short inside its header: its 23 bytes end before the header"
                + " does (an interrupted download or copy?)",
                assertThrows(ImageException.class, () -> Images.read(file)).getMessage());
    }
}
