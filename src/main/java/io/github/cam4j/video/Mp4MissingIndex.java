package io.github.cam4j.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;

/**
 * Whether an mp4 or mov file (ISO base media: its first box is {@code ftyp}) has no index: no top-level {@code moov}
 * box. A plain mp4 writes its {@code moov} last, after its frames ({@code mdat}): a recorder killed midway, or a copy
 * cut short, leaves frames FFmpeg cannot find, and FFmpeg refuses the whole file ("moov atom not found" in its log,
 * "Invalid data found when processing input" in its error). Only box headers are read (8 or 16 bytes per box).
 */
final class Mp4MissingIndex {
    /** The most top-level boxes walked: a real file has a handful; more is not a file this reads. */
    private static final int MAX_BOXES = 1024;

    private Mp4MissingIndex() {}

    /**
     * @param file a regular file
     * @return true when its bytes 4 to 8 are {@code ftyp} and its top-level boxes, walked until the file ends (or ends
     *     inside one, as a cut file does), hold no {@code moov}; false otherwise, and when the boxes do not walk
     * @throws IOException when the file cannot be read
     */
    static boolean of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return endOfWholeBoxes(ch) >= 0;
        }
    }

    /**
     * A plain mp4 cut in the first 8 bytes of its {@code moov} box's header: the file ends after its last whole box
     * with no {@code moov}, so {@link #of} holds, but what FFmpeg lacks is not the index a recorder never wrote: the
     * index had begun.
     *
     * @param file a regular file
     * @return how many bytes of a box header follow the file's last whole top-level box (1 to 7), when {@link #of}
     *     holds and those bytes are a header's start: a size (or its first bytes) and as much of a type as is there,
     *     a prefix of {@code moov}; empty otherwise (it ends between boxes or inside one)
     * @throws IOException when the file cannot be read
     */
    static OptionalInt headerCut(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long at = endOfWholeBoxes(ch);
            int left = (int) Math.min(8, ch.size() - Math.max(at, 0));
            if (at < 0 || left == 0 || left == 8) {
                return OptionalInt.empty();
            }
            ByteBuffer head = Mp4Boxes.read(ch, at, left);
            if (left >= 4) {
                long boxSize = Integer.toUnsignedLong(head.getInt(0));
                if (boxSize > 1 && boxSize < 8) {
                    return OptionalInt.empty(); // not a box's size: not a box header
                }
            }
            byte[] moov = "moov".getBytes(StandardCharsets.US_ASCII);
            for (int i = 4; i < left; i++) {
                if (head.get(i) != moov[i - 4]) {
                    return OptionalInt.empty();
                }
            }
            return OptionalInt.of(left);
        }
    }

    /**
     * @return where the walk of a file with no {@code moov} stops: the file's size when it ends between boxes, else
     *     the start of the box it ends in (inside its header, inside its body, or a box of size 0 that runs to the
     *     end); -1 when the file has a {@code moov}, starts with no {@code ftyp}, or its boxes do not walk
     */
    private static long endOfWholeBoxes(FileChannel ch) throws IOException {
        long size = ch.size();
        long at = 0;
        for (int boxes = 0; boxes < MAX_BOXES; boxes++) {
            if (at + 8 > size) {
                // The last box ended at the end of the file, or its header is cut: no moov anywhere.
                return boxes > 0 ? at : -1;
            }
            ByteBuffer head = Mp4Boxes.read(ch, at, 16);
            int type = head.getInt(4);
            if (boxes == 0 && type != Mp4Boxes.type("ftyp")) {
                return -1;
            }
            if (type == Mp4Boxes.type("moov")) {
                return -1; // its index is there, even if cut: FFmpeg's failure is another one
            }
            long boxSize = Mp4Boxes.size(head);
            if (boxSize == Mp4Boxes.SIZE_CUT || boxSize == Mp4Boxes.TO_END) {
                return at; // a 64-bit size cut after its type, or a box that runs to the end: the file ends here
            }
            if (boxSize == Mp4Boxes.NOT_A_BOX) {
                return -1; // not a file this reads
            }
            if (boxSize > size - at) {
                return at; // the file ends inside this box (a cut mdat): nothing after it is there
            }
            at += boxSize;
        }
        return -1;
    }
}
