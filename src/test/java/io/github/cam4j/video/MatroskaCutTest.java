package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sizes {@link MatroskaCut} reads in forms VideoCommandTest's files (FFmpeg's, 1- and 8-byte sizes) do not all
 * have: an EBML header whose size is an 8-byte vint, a Segment whose size is unknown (a live recording's, all its bits
 * set) in 1 or 8 bytes. Only the first elements matter, so the files are IDs, sizes and zeros.
 */
class MatroskaCutTest {
    private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};
    private static final byte[] SEGMENT = {0x18, 0x53, (byte) 0x80, 0x67};

    @TempDir
    Path tmp;

    @Test
    void anEbmlHeaderSizedIn8BytesIsSteppedOver() throws Exception {
        // Header: ID, 8-byte size 20, 20 bytes; Segment: ID, 8-byte size 1000, 50 bytes of it.
        byte[] file = concat(EBML, new byte[] {0x01, 0, 0, 0, 0, 0, 0, 20}, new byte[20], SEGMENT,
                new byte[] {0x01, 0, 0, 0, 0, 0, 0x03, (byte) 0xE8}, new byte[50]);
        Path mkv = Files.write(tmp.resolve("eight.mkv"), file);
        // The Segment's element starts at 4 + 8 + 20 = 32, its body at 32 + 4 + 8 = 44: it would end at 1044.
        assertEquals(OptionalLong.of(1044), MatroskaCut.announcedBytes(mkv));
    }

    @Test
    void aSegmentOfUnknownSizeAnnouncesNothing() throws Exception {
        byte[] header = concat(EBML, new byte[] {(byte) 0x84}, new byte[4], SEGMENT);
        Path oneByte = Files.write(tmp.resolve("unknown-1.mkv"), concat(header, new byte[] {(byte) 0xFF},
                new byte[50]));
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(oneByte));
        Path eightBytes = Files.write(tmp.resolve("unknown-8.mkv"), concat(header, new byte[] {0x01, (byte) 0xFF,
            (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF}, new byte[50]));
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(eightBytes));
    }

    @Test
    void aWholeSegmentAnnouncesNothing() throws Exception {
        // Header of 4 bytes; Segment: 1-byte size 10 (0x8A), its 10 bytes there.
        Path mkv = Files.write(tmp.resolve("whole.mkv"), concat(EBML, new byte[] {(byte) 0x84}, new byte[4], SEGMENT,
                new byte[] {(byte) 0x8A}, new byte[10]));
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(mkv));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
