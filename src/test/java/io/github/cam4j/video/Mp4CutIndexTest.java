package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The box walk of {@link Mp4CutIndex} on the headers a recorder can write and VideoCommandTest's files do not have: a
 * 64-bit size (a box past 4 GB, or a muxer that always writes one), a size of 0 (the box runs to the file's end), and a
 * cut mdat before the moov. Only the boxes' headers matter, so the files are headers and zeros.
 */
class Mp4CutIndexTest {
    @TempDir
    Path tmp;

    @Test
    void aMoovWithA64BitSizeCutShortIsFound() throws Exception {
        byte[] file = concat(box("ftyp", 8), largeBox("moov", 5000, 100));
        Path mp4 = Files.write(tmp.resolve("large-moov.mp4"), file);
        // 16 bytes of header and 100 of its body are there, of the 5000 its header says.
        assertEquals(Optional.of(new Mp4CutIndex.Cut(116, 5000, file.length)), Mp4CutIndex.of(mp4));
    }

    @Test
    void aMdatWithA64BitSizeIsWalkedOverToTheMoovAfterIt() throws Exception {
        byte[] file = concat(box("ftyp", 8), largeBox("mdat", 16 + 64, 64), header("moov", 400), new byte[40]);
        Path mp4 = Files.write(tmp.resolve("large-mdat.mp4"), file);
        assertEquals(Optional.of(new Mp4CutIndex.Cut(48, 400, file.length)), Mp4CutIndex.of(mp4));
    }

    @Test
    void aMoovOfSize0RunsToTheEndAndIsNotCut() throws Exception {
        // Size 0: the box runs to the end of the file, whatever its length; nothing says it was longer.
        Path mp4 = Files.write(tmp.resolve("moov-to-end.mp4"), concat(box("ftyp", 8), header("moov", 0),
                new byte[40]));
        assertEquals(Optional.empty(), Mp4CutIndex.of(mp4));
    }

    @Test
    void aCutMdatBeforeTheMoovIsNoCutIndex() throws Exception {
        // The file ends inside the mdat: the moov after it is missing (Mp4MissingIndex), not cut.
        Path mp4 = Files.write(tmp.resolve("cut-mdat.mp4"), concat(box("ftyp", 8), header("mdat", 1000),
                new byte[100]));
        assertEquals(Optional.empty(), Mp4CutIndex.of(mp4));
    }

    @Test
    void aNegative64BitSizeIsNoBox() throws Exception {
        Path mp4 = Files.write(tmp.resolve("negative.mp4"), concat(box("ftyp", 8), largeBox("moov", -1, 100)));
        assertEquals(Optional.empty(), Mp4CutIndex.of(mp4));
    }

    /** @return a box of {@code body} zero bytes, its 32-bit size counting its header */
    private static byte[] box(String type, int body) {
        return concat(header(type, 8 + body), new byte[body]);
    }

    /** @return a box's 8-byte header stating {@code size} */
    private static byte[] header(String type, int size) {
        return ByteBuffer.allocate(8).putInt(size).put(type.getBytes(StandardCharsets.US_ASCII)).array();
    }

    /** @return a box's 16-byte header stating {@code size} as a 64-bit size, and {@code present} zero bytes of body */
    private static byte[] largeBox(String type, long size, int present) {
        return concat(ByteBuffer.allocate(16).putInt(1).put(type.getBytes(StandardCharsets.US_ASCII)).putLong(size)
                .array(), new byte[present]);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
