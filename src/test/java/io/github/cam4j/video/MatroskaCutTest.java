package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bytes a Matroska file's Segment announces, on hand-built layouts: an EBML header (ID 1A 45 DF A3, a size, that
 * many bytes of body) then a Segment (ID 18 53 80 67, a size, body). Sizes are EBML variable-size integers: the first
 * byte's leading zeros give the length (0x80 | v: 1 byte; 0x01 then 7 bytes: 8 bytes). Bodies are zeros: only the
 * sizes are read.
 */
class MatroskaCutTest {
    private static final byte[] EBML = {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3};
    private static final byte[] SEGMENT = {0x18, 0x53, (byte) 0x80, 0x67};

    @TempDir
    Path tmp;

    @Test
    void aSegmentLongerThanTheFileIsCut() throws Exception {
        // EBML: ID (4) | size 0x84 = 4 (1) | body (4) ; Segment: ID (4) | size 0xE4 = 100 (1) | 10 of its 100 bytes.
        // The Segment would end at 9 + 5 + 100 = 114; the file holds 24.
        byte[] bytes = concat(EBML, new byte[] {(byte) 0x84}, new byte[4], SEGMENT, new byte[] {(byte) 0xE4},
                new byte[10]);
        assertEquals(OptionalLong.of(114), MatroskaCut.announcedBytes(file(bytes)));
    }

    @Test
    void aSegmentTheFileHoldsWholeIsNoCut() throws Exception {
        // EBML: ID | size 4 | body (4) ; Segment: ID | size 0x8A = 10 | body (10): 24 bytes announced, 24 there.
        byte[] bytes = concat(EBML, new byte[] {(byte) 0x84}, new byte[4], SEGMENT, new byte[] {(byte) 0x8A},
                new byte[10]);
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(bytes)));
        // The same with 5 bytes more after the Segment (what follows is not counted): still whole.
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(concat(bytes, new byte[5]))));
    }

    @Test
    void aSegmentOfUnknownSizeAnnouncesNothing() throws Exception {
        // EBML: ID | size 4 | body (4) ; Segment: ID | size 01 FF FF FF FF FF FF FF (8 bytes, every value bit set:
        // "unknown", a live recording's) | body (10). Read as a number it would be 2^56 - 1 bytes, far past the file.
        byte[] eight = concat(EBML, new byte[] {(byte) 0x84}, new byte[4], SEGMENT,
                new byte[] {0x01, -1, -1, -1, -1, -1, -1, -1}, new byte[10]);
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(eight)));
        // The same with the 1-byte unknown size, FF (127 if read as a number, past the file's 24 bytes).
        byte[] one = concat(EBML, new byte[] {(byte) 0x84}, new byte[4], SEGMENT, new byte[] {-1}, new byte[10]);
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(one)));
    }

    @Test
    void theEbmlHeaderSizeIsReadAtAnyLength() throws Exception {
        // EBML: ID | size 0x97 = 23 (1 byte) | body (23) ; Segment: ID | size 0xC0 = 64 | 6 bytes: announced
        // 4 + 1 + 23 + 4 + 1 + 64 = 97.
        byte[] one = concat(EBML, new byte[] {(byte) 0x97}, new byte[23], SEGMENT, new byte[] {(byte) 0xC0},
                new byte[6]);
        assertEquals(OptionalLong.of(97), MatroskaCut.announcedBytes(file(one)));
        // EBML: ID | size 01 00 00 00 00 00 00 17 = 23 (8 bytes) | body (23) ; Segment as above: announced
        // 4 + 8 + 23 + 4 + 1 + 64 = 104.
        byte[] eight = concat(EBML, new byte[] {0x01, 0, 0, 0, 0, 0, 0, 0x17}, new byte[23], SEGMENT,
                new byte[] {(byte) 0xC0}, new byte[6]);
        assertEquals(OptionalLong.of(104), MatroskaCut.announcedBytes(file(eight)));
        // EBML: ID | size 40 17 = 23 (2 bytes) | body ; Segment: ID | size 01 00 00 00 00 01 00 00 = 65 536 (8 bytes) |
        // 6 bytes: announced 4 + 2 + 23 + 4 + 8 + 65 536 = 65 577.
        byte[] two = concat(EBML, new byte[] {0x40, 0x17}, new byte[23], SEGMENT,
                new byte[] {0x01, 0, 0, 0, 0, 0x01, 0, 0}, new byte[6]);
        assertEquals(OptionalLong.of(65_577), MatroskaCut.announcedBytes(file(two)));
    }

    @Test
    void whatIsNoMatroskaAnnouncesNothing() throws Exception {
        // An mp4's first box (size 16, 'ftyp', zeros): no EBML ID.
        byte[] mp4 = Mp4CutIndexTest.box("ftyp", 16);
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(mp4)));
        // Text.
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file("not a video at all\n".getBytes())));
        // EBML: ID | size 4 | body (4) | then 'Tags' ID (12 54 C3 67) where the Segment should be: nothing announced.
        byte[] noSegment = concat(EBML, new byte[] {(byte) 0x84}, new byte[4], new byte[] {0x12, 0x54, (byte) 0xC3,
            0x67}, new byte[] {(byte) 0xE4}, new byte[10]);
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(noSegment)));
        // EBML: ID | size 0x84 = 4 | 2 bytes of its body: cut inside the EBML header, the Segment's size never read.
        byte[] cutInHeader = concat(EBML, new byte[] {(byte) 0x84}, new byte[2]);
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(cutInHeader)));
        // EBML: ID | a size byte of 00 (no length marker in its first byte: no size EBML can hold here).
        byte[] badSize = concat(EBML, new byte[] {0}, new byte[20]);
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(badSize)));
        // 3 bytes and 0 bytes.
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(new byte[] {0x1A, 0x45, (byte) 0xDF})));
        assertEquals(OptionalLong.empty(), MatroskaCut.announcedBytes(file(new byte[0])));
    }

    @Test
    void aCutFileIsToldWhereItEnds() throws Exception {
        // The layout of aSegmentLongerThanTheFileIsCut: 24 bytes of the 114 announced.
        Path cut = file(concat(EBML, new byte[] {(byte) 0x84}, new byte[4], SEGMENT, new byte[] {(byte) 0xE4},
                new byte[10]));
        assertEquals(Optional.of("cannot read video in.mkv: it ends at byte 24 of the 114 its header (a Matroska "
                + "Segment) announces, before its first frame: the file is truncated; nothing can be read from it"),
                MatroskaCut.whyNothingReads(cut, "in.mkv"));
        // No file to read again (a pipe, a URL): nothing is said.
        assertEquals(Optional.empty(), MatroskaCut.whyNothingReads(null, "-"));
    }

    @Test
    void aFileCutBeforeItsSegmentsSizeIsCutInItsHeader() throws Exception {
        // EBML: ID (4) | size 0x84 = 4 (1) | body (4) ; Segment: ID (4) | size 01 00 00 00 00 00 00 64 = 100 (8) |
        // 10 bytes: the header is 9 bytes, the Segment's size whole at 21.
        byte[] layout = concat(EBML, new byte[] {(byte) 0x84}, new byte[4], SEGMENT,
                new byte[] {0x01, 0, 0, 0, 0, 0, 0, 0x64}, new byte[10]);
        // Cut at 4 (the ID, no size) and 6 (inside the header's body), 9 (the header whole), 11 (half the Segment's ID),
        // 13 (its ID whole, no size) and 16 (inside its 8-byte size).
        assertEquals(Optional.of(new MatroskaCut.HeaderCut(4, -1)), MatroskaCut.headerCut(cut(layout, 4)));
        assertEquals(Optional.of(new MatroskaCut.HeaderCut(6, 9)), MatroskaCut.headerCut(cut(layout, 6)));
        for (int kept : new int[] {9, 11, 13, 16}) {
            assertEquals(Optional.of(new MatroskaCut.HeaderCut(kept, 9)), MatroskaCut.headerCut(cut(layout, kept)));
        }
        // Cut at 21, its size whole: no header cut; the Segment's size says the file is cut (announcedBytes).
        assertEquals(Optional.empty(), MatroskaCut.headerCut(cut(layout, 21)));
        assertEquals(OptionalLong.of(121), MatroskaCut.announcedBytes(cut(layout, 21)));
        // EBML: ID | size 01 00 00 00 00 00 00 17 (8 bytes), cut at 7 inside it: how long the header is is not there.
        byte[] longSize = concat(EBML, new byte[] {0x01, 0, 0, 0, 0, 0, 0, 0x17}, new byte[23]);
        assertEquals(Optional.of(new MatroskaCut.HeaderCut(7, -1)), MatroskaCut.headerCut(cut(longSize, 7)));
    }

    @Test
    void whatIsNoMatroskaHeaderCutIsNotCut() throws Exception {
        // 3 bytes of the EBML ID: too little to tell a Matroska file; 0 bytes.
        assertEquals(Optional.empty(), MatroskaCut.headerCut(file(new byte[] {0x1A, 0x45, (byte) 0xDF})));
        assertEquals(Optional.empty(), MatroskaCut.headerCut(file(new byte[0])));
        // An mp4's first box; text.
        assertEquals(Optional.empty(), MatroskaCut.headerCut(file(Mp4CutIndexTest.box("ftyp", 16))));
        assertEquals(Optional.empty(), MatroskaCut.headerCut(file("not a video at all\n".getBytes())));
        // EBML: ID | a size byte of 00: no size EBML can hold.
        assertEquals(Optional.empty(), MatroskaCut.headerCut(file(concat(EBML, new byte[] {0}, new byte[2]))));
        // EBML: ID | size 4 | body (4) | 'Ta' of a Tags ID (12 54) where the Segment's ID should begin: not a Segment.
        assertEquals(Optional.empty(), MatroskaCut.headerCut(file(concat(EBML, new byte[] {(byte) 0x84}, new byte[4],
                new byte[] {0x12, 0x54}))));
        // EBML: ID | size 4 | body (4) | Segment's ID | a size byte of 00: no size, so no Segment this reads.
        assertEquals(Optional.empty(), MatroskaCut.headerCut(file(concat(EBML, new byte[] {(byte) 0x84}, new byte[4],
                SEGMENT, new byte[] {0}))));
        // A header and a Segment both whole, as in aSegmentTheFileHoldsWholeIsNoCut.
        assertEquals(Optional.empty(), MatroskaCut.headerCut(file(concat(EBML, new byte[] {(byte) 0x84}, new byte[4],
                SEGMENT, new byte[] {(byte) 0x8A}, new byte[10]))));
    }

    @Test
    void aFileCutInItsHeaderIsToldWhereItEnds() throws Exception {
        // The layout of aFileCutBeforeItsSegmentsSizeIsCutInItsHeader: a 9-byte EBML header, a Segment of 100 bytes.
        byte[] layout = concat(EBML, new byte[] {(byte) 0x84}, new byte[4], SEGMENT,
                new byte[] {0x01, 0, 0, 0, 0, 0, 0, 0x64}, new byte[10]);
        String segment = "the Segment that holds its tracks and frames";
        String[][] cases = {
            {"4", "inside its header (a Matroska EBML header, whose length is cut off), before " + segment},
            {"6", "inside its header (a Matroska EBML header of 9 bytes), before " + segment},
            {"9", "after its header (a Matroska EBML header of 9 bytes), where " + segment + " begins"},
            {"16", "after its header (a Matroska EBML header of 9 bytes), inside the ID and size of " + segment}};
        for (String[] c : cases) {
            assertEquals(Optional.of("cannot read video in.webm: it ends at byte " + c[0] + ", " + c[1] + ": the file "
                    + "is truncated; nothing can be read from it"),
                    MatroskaCut.whyNothingReads(cut(layout, Integer.parseInt(c[0])), "in.webm"));
        }
    }

    /** @return a file of the first {@code kept} bytes of {@code bytes} */
    private Path cut(byte[] bytes, int kept) throws Exception {
        return file(java.util.Arrays.copyOf(bytes, kept));
    }

    /** @return the parts one after another (the box tests' helper) */
    private static byte[] concat(byte[]... parts) {
        return Mp4CutIndexTest.concat(parts);
    }

    private Path file(byte[] bytes) throws Exception {
        return Files.write(Files.createTempFile(tmp, "ebml", ".mkv"), bytes);
    }
}
