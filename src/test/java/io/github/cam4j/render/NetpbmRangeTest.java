package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A Netpbm file's maxval is white (NetpbmRange), at the ends of the range a header may declare. */
class NetpbmRangeTest {
    @TempDir
    Path dir;

    /** maxval 1 (a bitmap stored as grey) comes back as 0 and 255, not as 0 and 1, a black picture. */
    @Test
    void aMaxvalOfOneIsWhite() throws Exception {
        Path file = Files.write(dir.resolve("bits.pgm"), ImageFormatsTest.bytes("P5\n3 1\n1\n", new byte[] {0, 1, 0}));
        try (Mat read = Images.read(file)) {
            assertArrayEquals(new byte[] {0, (byte) 255, 0}, TestMats.bytes(read));
        }
    }

    /** A 15-bit scan (maxval 32767, five digits) comes back at the full 16-bit range: 32767 is 65535, 1 is 2. */
    @Test
    void aFiveDigitMaxvalIsWhite() throws Exception {
        Path file = Files.write(dir.resolve("scan15.pgm"), ImageFormatsTest.bytes("P5\n2 1\n32767\n",
                new byte[] {0x7f, (byte) 0xff, 0, 1}));
        try (Mat read = Images.read(file); org.bytedeco.javacpp.indexer.UShortIndexer px = read.createIndexer()) {
            assertEquals(org.bytedeco.opencv.global.opencv_core.CV_16UC1, read.type());
            // 65535 / 32767 = 2.00003: 1 rounds to 2.
            assertArrayEquals(new int[] {65535, 2}, new int[] {px.get(0, 0), px.get(0, 1)});
        }
    }
}
