package io.github.cam4j.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;

/**
 * Whether a Matroska or WebM file is cut short: its {@code Segment}, the element that holds everything after the
 * EBML header, states its size, and a file cut short ends before it. FFmpeg's words for a file cut in its header were
 * "Input/output error", which reads as a failing disk, and one cut after its tracks but before its first frame opened
 * and "held no video frames". Only the first bytes are read (the EBML header and the Segment's ID and size).
 */
final class MatroskaCut {
    private static final int EBML = 0x1A45DFA3;
    private static final int SEGMENT = 0x18538067;

    private MatroskaCut() {}

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
     * @return why nothing can be read from it, when it is a Matroska file cut short ({@link #announcedBytes}), for a
     *     file from which FFmpeg read no frame; empty otherwise, and when it cannot be read (FFmpeg's reason stands)
     */
    static java.util.Optional<String> whyNothingReads(Path file, String named) {
        if (file == null || !java.nio.file.Files.isRegularFile(file)) {
            return java.util.Optional.empty();
        }
        try {
            OptionalLong announced = announcedBytes(file);
            if (announced.isEmpty()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of("cannot read video " + named + ": it ends at byte "
                    + java.nio.file.Files.size(file) + " of the " + announced.getAsLong() + " its header (a Matroska "
                    + "Segment) announces, before its first frame: the file is truncated; nothing can be read from it");
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
