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

    /**
     * A header value that is no number is named with the format the first bytes claim and the value's place (a PBM
     * has no maximum value, a PFM a signed scale where the others have it); a byte no terminal shows is printed as '?'.
     * A header whose values are numbers, or one cut before them, is left to the other checks. Gaps the image-readers
     * round's second run (on main, after 47750a63) found: only "P6\nabc" was read.
     */
    @Test
    void aHeaderValueThatIsNoNumberIsNamedWithItsFormatAndPlace() {
        Path file = Path.of("f");
        String[][] cases = {
            {"P4\n4 y\n", "PBM", "height", "y"},
            {"P1 4 4 1\n", null, null, null},
            {"P2\n4 4 max\n", "PGM", "maximum value", "max"},
            {"P5\n4 4 255\n", null, null, null},
            {"P5\n4 4 255ab", "PGM", "maximum value", "255ab"},
            {"P2\n4x 4 255\n", "PGM", "width", "4x"},
            {"P3\nw 4 255\n", "PPM", "width", "w"},
            {"P6\n4 4 \u007fz\n", "PPM", "maximum value", "?z"},
            {"Pf\n4 4 -x\n", "PFM", "scale", "-x"},
            {"PF\n4 4 -1.0\n", null, null, null},
            {"PF\n4 4 .5\n", null, null, null},
            {"P6\n4", null, null, null},
            {"P9\nabc\n", null, null, null},
        };
        for (String[] c : cases) {
            byte[] head = c[0].getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            java.util.Optional<String> expected = c[1] == null ? java.util.Optional.empty()
                    : java.util.Optional.of("image f is not a readable image: it starts as a " + c[1] + " but its"
                    + " header's " + c[2] + " is '" + c[3] + "', not a number (a damaged file, or another format given"
                    + " a " + c[1] + "'s first bytes?)");
            assertEquals(expected, NetpbmSize.notANumber(file, head), c[0]);
        }
    }
}
