package io.github.cam4j.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
            long size = ch.size();
            long at = 0;
            for (int boxes = 0; boxes < MAX_BOXES; boxes++) {
                if (at + 8 > size) {
                    // The last box ended at the end of the file, or its header is cut: no moov anywhere.
                    return boxes > 0;
                }
                ByteBuffer head = Mp4Boxes.read(ch, at, 16);
                int type = head.getInt(4);
                if (boxes == 0 && type != Mp4Boxes.type("ftyp")) {
                    return false;
                }
                if (type == Mp4Boxes.type("moov")) {
                    return false; // its index is there, even if cut: FFmpeg's failure is another one
                }
                long boxSize = Integer.toUnsignedLong(head.getInt(0));
                if (boxSize == 1) {
                    if (head.limit() < 16) {
                        return true; // a 64-bit size cut after its type: the file ends here
                    }
                    boxSize = head.getLong(8);
                    if (boxSize < 16) {
                        return false;
                    }
                } else if (boxSize == 0) {
                    return true; // the box runs to the end of the file
                } else if (boxSize < 8) {
                    return false; // not a box: not a file this reads
                }
                if (boxSize > size - at) {
                    return true; // the file ends inside this box (a cut mdat): nothing after it is there
                }
                at += boxSize;
            }
            return false;
        }
    }
}
