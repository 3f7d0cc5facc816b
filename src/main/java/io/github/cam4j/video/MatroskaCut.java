package io.github.cam4j.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Whether a Matroska or WebM file is cut short: its {@code Segment}, the element that holds everything after the
 * EBML header, states its size, and a file cut short ends before it. FFmpeg's words for a file cut in its header were
 * "Input/output error", which reads as a failing disk, and one cut after its tracks but before its first frame opened
 * and "held no video frames". A file cut sooner, inside its EBML header or before its Segment's size is whole, states
 * no size: it ends before the Segment starts ({@link #headerCut}), and FFmpeg's words were "Invalid data found when
 * processing input" or "End of file", as of a file that is no video. Only the first bytes are read (the EBML header
 * and the Segment's ID and size).
 */
final class MatroskaCut {
    private static final int EBML = 0x1A45DFA3;
    private static final int SEGMENT = 0x18538067;

    /**
     * Where a file is cut before its Segment's size is whole.
     *
     * @param fileSize the file's bytes: at least the EBML header's 4-byte ID
     * @param headerSize the bytes of its EBML header (ID, size and body): more than {@code fileSize} when the file
     *     ends inside it, at most when it ends in the Segment's ID or size after it; -1 when the file ends inside the
     *     header's own size, so that how long the header is is not there
     */
    record HeaderCut(long fileSize, long headerSize) {
        /** @return whether the file ends inside its EBML header, before the Segment */
        boolean inEbmlHeader() {
            return headerSize < 0 || fileSize < headerSize;
        }
    }

    private MatroskaCut() {}

    /**
     * @param file a regular file
     * @return where it ends, when it starts with the EBML header's ID and ends inside that header, or after it inside
     *     what is there of a Segment's ID and size (a prefix of them); empty when it is no Matroska file, when its
     *     Segment's size is whole ({@link #announcedBytes} says whether it is cut), or when what follows the header
     *     is no Segment
     * @throws IOException when the file cannot be read
     */
    static Optional<HeaderCut> headerCut(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer b = Mp4Boxes.read(ch, 0, 4 + 8);
            // Fewer than 4 bytes are no sign of Matroska: only the whole ID is taken for one.
            if (b == null || b.limit() < 4 || b.getInt(0) != EBML) {
                return Optional.empty();
            }
            if (b.limit() == 4) {
                return Optional.of(new HeaderCut(size, -1)); // the ID, and not the first byte of its size
            }
            int first = b.get(4) & 0xFF;
            if (first == 0) {
                return Optional.empty(); // no size EBML can hold: no Matroska file
            }
            long[] header = vint(b, 4);
            if (header == null) {
                return Optional.of(new HeaderCut(size, -1)); // the file ends inside the header's size
            }
            if (header[0] < 0) {
                return Optional.empty(); // a header of unknown size: not one a muxer writes, nothing to say of it
            }
            long headerSize = 4 + header[1] + header[0];
            if (size < headerSize) {
                return Optional.of(new HeaderCut(size, headerSize));
            }
            // After the header, what the file holds must be the start of a Segment's ID and size, cut before the size
            // ends; anything else is another failure than a cut, and FFmpeg's words stand.
            ByteBuffer s = Mp4Boxes.read(ch, headerSize, 4 + 8);
            int present = s == null ? 0 : s.limit();
            byte[] id = ByteBuffer.allocate(4).putInt(SEGMENT).array();
            for (int i = 0; i < Math.min(4, present); i++) {
                if (s.get(i) != id[i]) {
                    return Optional.empty();
                }
            }
            if (present > 4 && ((s.get(4) & 0xFF) == 0 || vint(s, 4) != null)) {
                return Optional.empty(); // no size, or a whole one: announcedBytes reads it
            }
            return Optional.of(new HeaderCut(size, headerSize));
        }
    }

    /**
     * @param file a regular file
     * @return the bytes the file would hold, as its Segment's size says, when that is more than it holds; empty when
     *     it is no Matroska file, its Segment's size is unknown (a live recording's) or the file holds it whole
     * @throws IOException when the file cannot be read
     */
    static OptionalLong announcedBytes(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer b = Mp4Boxes.read(ch, 0, 4 + 8);
            if (b == null || b.limit() < 5 || b.getInt(0) != EBML) {
                return OptionalLong.empty();
            }
            long[] header = vint(b, 4);
            if (header == null) {
                return OptionalLong.empty();
            }
            long segmentAt = 4 + header[1] + header[0];
            ByteBuffer s = Mp4Boxes.read(ch, segmentAt, 4 + 8);
            if (s == null || s.limit() < 5 || s.getInt(0) != SEGMENT) {
                return OptionalLong.empty(); // cut inside the EBML header, or no Segment after it: nothing is stated
            }
            long[] segment = vint(s, 4);
            if (segment == null || segment[0] < 0) {
                return OptionalLong.empty();
            }
            long end = segmentAt + 4 + segment[1] + segment[0];
            return end > size ? OptionalLong.of(end) : OptionalLong.empty();
        }
    }

    /** @return where a file cut before its Segment's size is whole ends, said as the cut after it is */
    private static String endsInHeader(HeaderCut c) {
        String segment = "the Segment that holds its tracks and frames";
        String header = "its header (a Matroska EBML header"
                + (c.headerSize() < 0 ? ", whose length is cut off)" : " of " + c.headerSize() + " bytes)");
        String where = c.inEbmlHeader() ? "inside " + header + ", before " + segment
                : "after " + header + ", " + (c.fileSize() == c.headerSize() ? "where " + segment + " begins"
                        : "inside the ID and size of " + segment);
        return "it ends at byte " + c.fileSize() + ", " + where + ": the file is truncated; nothing can be read "
                + "from it";
    }

    /**
     * @return an EBML variable-size integer at {@code at}: {@code {value, length in bytes}}, value -1 for "unknown"
     *     (all its bits set); null when it does not fit in what was read or is not one
     */
    private static long[] vint(ByteBuffer b, int at) {
        if (at >= b.limit()) {
            return null;
        }
        int first = b.get(at) & 0xFF;
        int length = Integer.numberOfLeadingZeros(first) - 24 + 1;
        if (first == 0 || at + length > b.limit()) {
            return null;
        }
        long value = first & (0xFF >> length);
        boolean allOnes = value == (0xFF >> length);
        for (int i = 1; i < length; i++) {
            int next = b.get(at + i) & 0xFF;
            allOnes &= next == 0xFF;
            value = value << 8 | next;
        }
        return new long[] {allOnes ? -1 : value, length};
    }

    /**
     * @param file the input when it is a regular file; null for a pipe or a URL, whose bytes cannot be read again
     * @param named how a message names it
     * @return why nothing can be read from it, when it is a Matroska file cut short ({@link #announcedBytes}) or cut
     *     before its Segment's size ({@link #headerCut}), for a file from which FFmpeg read no frame; empty otherwise,
     *     and when it cannot be read (FFmpeg's reason stands)
     */
    static java.util.Optional<String> whyNothingReads(Path file, String named) {
        if (file == null || !java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            OptionalLong announced = announcedBytes(file);
            if (announced.isPresent()) {
                return java.util.Optional.of("cannot read video " + named + ": it ends at byte "
                        + java.nio.file.Files.size(file) + " of the " + announced.getAsLong() + " its header (a "
                        + "Matroska Segment) announces, before its first frame: the file is truncated; nothing can be "
                        + "read from it");
            }
            return headerCut(file).map(c -> "cannot read video " + named + ": " + endsInHeader(c));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
