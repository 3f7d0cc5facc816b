package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where a top-level {@code moov} box is cut, on hand-built box layouts: only box headers count, so each box's body is
 * zeros. Sizes are written as the header states them; "cut at N" keeps the file's first N bytes.
 */
class Mp4CutIndexTest {
    @TempDir
    Path tmp;

    @Test
    void aWholeFileHasNoCut() throws Exception {
        // ftyp (16) | mdat (32) | moov (40): 88 bytes, every box whole.
        byte[] whole = concat(box("ftyp", 16), box("mdat", 32), box("moov", 40));
        assertEquals(Optional.empty(), Mp4CutIndex.of(file(whole)));
    }

    @Test
    void aMoovCutMidwayIsCut() throws Exception {
        // ftyp (16) | moov (100) cut at 66: 50 of the moov's 100 bytes are there (an index-first mp4 cut short).
        byte[] bytes = Arrays.copyOf(concat(box("ftyp", 16), box("moov", 100)), 66);
        assertEquals(Optional.of(new Mp4CutIndex.Cut(50, 100, 66)), Mp4CutIndex.of(file(bytes)));
    }

    @Test
    void aMoovAfterAWholeMdatIsCut() throws Exception {
        // ftyp (16) | mdat (32) | moov (100) cut at 60: a plain mp4 cut in its last bytes, 12 of its moov's 100 there.
        byte[] bytes = Arrays.copyOf(concat(box("ftyp", 16), box("mdat", 32), box("moov", 100)), 60);
        assertEquals(Optional.of(new Mp4CutIndex.Cut(12, 100, 60)), Mp4CutIndex.of(file(bytes)));
    }

    @Test
    void aCutMdatBeforeTheMoovIsNoCutIndex() throws Exception {
        // ftyp (16) | mdat (1000) cut at 50: the file ends inside the mdat; the moov after it is not there at all,
        // which Mp4MissingIndex says. The bytes 'moov' inside the mdat's body are frames, not a box.
        byte[] mdat = box("mdat", 1000);
        System.arraycopy(box("moov", 100), 0, mdat, 16, 8);
        byte[] bytes = Arrays.copyOf(concat(box("ftyp", 16), mdat), 50);
        assertEquals(Optional.empty(), Mp4CutIndex.of(file(bytes)));
    }

    @Test
    void sixtyFourBitSizesAreRead() throws Exception {
        // ftyp (16) | mdat: size 1, then a largesize of 48 (16 of header, 32 of body) | moov (100) cut at 80:
        // 16 of the moov's 100 there. Read as a 32-bit size of 1 the mdat would be no box, and nothing found.
        byte[] bytes = Arrays.copyOf(concat(box("ftyp", 16), largeBox("mdat", 48), box("moov", 100)), 80);
        assertEquals(Optional.of(new Mp4CutIndex.Cut(16, 100, 80)), Mp4CutIndex.of(file(bytes)));
        // ftyp (16) | moov: size 1, then a largesize of 5 000 000 000 (past 4 GB) | cut at 116: 100 bytes of it there.
        byte[] large = Arrays.copyOf(concat(box("ftyp", 16), largeBox("moov", 5_000_000_000L)), 116);
        assertEquals(Optional.of(new Mp4CutIndex.Cut(100, 5_000_000_000L, 116)), Mp4CutIndex.of(file(large)));
        // ftyp (16) | moov: size 1, then a largesize of 8, less than its own 16-byte header: no box, no answer.
        byte[] tooSmall = concat(box("ftyp", 16), largeBox("moov", 8), new byte[40]);
        assertEquals(Optional.empty(), Mp4CutIndex.of(file(tooSmall)));
    }

    @Test
    void aMoovCutInsideIts64BitSizeIsCut() throws Exception {
        // ftyp (16) | mdat (32) | moov: size 1, 'moov', a largesize of 100, cut at 60: 12 of its header's 16 bytes
        // there, its size cut off after 4 of its 8 bytes. How long the index was is not known; that it began is.
        byte[] layout = concat(box("ftyp", 16), box("mdat", 32), largeBox("moov", 100));
        assertEquals(Optional.of(new Mp4CutIndex.Cut(12, Mp4Boxes.SIZE_CUT, 60)),
                Mp4CutIndex.of(file(Arrays.copyOf(layout, 60))));
        // Cut at 56: the size field and the type, none of the largesize.
        assertEquals(Optional.of(new Mp4CutIndex.Cut(8, Mp4Boxes.SIZE_CUT, 56)),
                Mp4CutIndex.of(file(Arrays.copyOf(layout, 56))));
        // Cut at 64: the header whole (16 bytes), the body not: its size is known again.
        assertEquals(Optional.of(new Mp4CutIndex.Cut(16, 100, 64)), Mp4CutIndex.of(file(Arrays.copyOf(layout, 64))));
        // ftyp (16) | mdat: size 1, 'mdat', cut at 28 inside its largesize: the frames' box is cut, and the index after
        // it is not there at all (Mp4MissingIndex's case), not cut.
        byte[] mdatCut = Arrays.copyOf(concat(box("ftyp", 16), largeBox("mdat", 48), box("moov", 100)), 28);
        assertEquals(Optional.empty(), Mp4CutIndex.of(file(mdatCut)));
    }

    @Test
    void aBoxOfSizeZeroRunsToTheEnd() throws Exception {
        // ftyp (16) | mdat: size 0 (to the end of the file), 200 bytes in all, whose body holds a moov header
        // claiming 1000: the mdat takes every byte after it, so there is no moov box to be cut.
        byte[] mdat = box("mdat", 200);
        ByteBuffer.wrap(mdat).putInt(0, 0);
        System.arraycopy(box("moov", 1000), 0, mdat, 16, 8);
        assertEquals(Optional.empty(), Mp4CutIndex.of(file(concat(box("ftyp", 16), mdat))));
        // ftyp (16) | moov: size 0, 100 bytes to the end of the file: whatever its length, it is all there.
        byte[] moov = box("moov", 100);
        ByteBuffer.wrap(moov).putInt(0, 0);
        assertEquals(Optional.empty(), Mp4CutIndex.of(file(concat(box("ftyp", 16), moov))));
    }

    @Test
    void aBoxSmallerThanItsHeaderIsNoBox() throws Exception {
        // ftyp (16) | a size field of 4 (less than a box's own 8-byte header) | moov (100) cut at 60: the walk stops
        // at what is no box, and says nothing; stepping its 4 bytes would have found a moov cut after 40 of 100.
        byte[] bytes = Arrays.copyOf(concat(box("ftyp", 16), new byte[] {0, 0, 0, 4}, box("moov", 100)), 60);
        assertEquals(Optional.empty(), Mp4CutIndex.of(file(bytes)));
    }

    @Test
    void aFileShorterThanABoxHeaderHasNoCut() throws Exception {
        // 7 bytes: the start of a moov header (size 100, 'moo'); no whole header, so no box to walk.
        byte[] bytes = Arrays.copyOf(box("moov", 100), 7);
        assertEquals(Optional.empty(), Mp4CutIndex.of(file(bytes)));
        // 0 bytes.
        assertEquals(Optional.empty(), Mp4CutIndex.of(file(new byte[0])));
    }

    @Test
    void aMoovFirstWithNoFtypIsCut() throws Exception {
        // moov (100) cut at 30, no ftyp (an old QuickTime file): FFmpeg reads it as a mov, so it is walked too.
        byte[] bytes = Arrays.copyOf(box("moov", 100), 30);
        assertEquals(Optional.of(new Mp4CutIndex.Cut(30, 100, 30)), Mp4CutIndex.of(file(bytes)));
    }

    /** @return a box of {@code size} bytes: a 32-bit size, its type, zeros */
    static byte[] box(String type, int size) {
        byte[] b = new byte[size];
        ByteBuffer.wrap(b).putInt(size).put(type.getBytes(StandardCharsets.US_ASCII));
        return b;
    }

    /** A 64-bit size whose top bit is set reads as negative in Java: no box, not a cut (helper-223's case). */
    @Test
    void aNegative64BitSizeIsNoBox() throws Exception {
        Path mp4 = file(concat(box("ftyp", 16), largeBox("moov", -1)));
        assertEquals(Optional.empty(), Mp4CutIndex.of(mp4));
    }

    /** @return a box's 16-byte header with a 64-bit size (size field 1, its type, the largesize) and, when that is
     *      at most 64 bytes, its zero body */
    private static byte[] largeBox(String type, long size) {
        byte[] b = new byte[size <= 64 ? (int) Math.max(size, 16) : 16 + 128];
        ByteBuffer.wrap(b).putInt(1).put(type.getBytes(StandardCharsets.US_ASCII)).putLong(size);
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private Path file(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(tmp, "boxes", ".mp4"), bytes);
    }
}
