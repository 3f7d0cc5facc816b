package io.github.cam4j.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Whether an mp4 or mov file ends inside its index: a top-level {@code moov} box whose size runs past the end of the
 * file. A file whose index comes first ({@code -movflags +faststart}, a camera's, an old QuickTime file with no
 * {@code ftyp}) cut short early, or a plain mp4 cut in its last bytes, leaves FFmpeg half an index: it opens the file,
 * finds the tracks it read, and no frame in them. Unlike {@link Mp4MissingIndex} no {@code ftyp} is required: FFmpeg
 * reads a file that starts with {@code moov}, {@code mdat}, {@code wide} or {@code free} as a mov. A {@code moov} whose
 * header gives a 64-bit size, cut inside it, is cut too: FFmpeg finds no index in it and refuses the file as invalid
 * data. Only box headers are read (8 or 16 bytes per box).
 */
final class Mp4CutIndex {
    /** The most top-level boxes walked: a real file has a handful; more is not a file this reads. */
    private static final int MAX_BOXES = 1024;

    /**
     * Where the index is cut.
     *
     * @param present the bytes of the {@code moov} box the file holds
     * @param size the bytes its header says it has; {@link Mp4Boxes#SIZE_CUT}, as {@link Mp4Boxes#size} says it, when
     *     the file ends inside the 64-bit size its header gives (size field 1, then 8 bytes of size), with 8 to 15
     *     bytes of the header there
     * @param fileSize the file's bytes
     */
    record Cut(long present, long size, long fileSize) {
        /** @return whether the file ends inside the {@code moov}'s 64-bit size, so that its size is not known */
        boolean sizeCut() {
            return size == Mp4Boxes.SIZE_CUT;
        }
    }

    private Mp4CutIndex() {}

    /**
     * @param file a regular file
     * @return where its {@code moov} is cut, when its top-level boxes walk up to a {@code moov} whose size runs past
     *     the end of the file, or whose 64-bit size the end of the file cuts off; empty when its index is whole,
     *     absent (see {@link Mp4MissingIndex}), or the boxes do not walk (no file this reads)
     * @throws IOException when the file cannot be read
     */
    static Optional<Cut> of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long at = 0;
            for (int boxes = 0; boxes < MAX_BOXES && at + 8 <= size; boxes++) {
                ByteBuffer head = Mp4Boxes.read(ch, at, 16);
                long boxSize = Mp4Boxes.size(head);
                if (boxSize == Mp4Boxes.SIZE_CUT && head.getInt(4) == Mp4Boxes.type("moov")) {
                    // The index had begun: its type is there, and the file ends in the 8 bytes of its size.
                    return Optional.of(new Cut(size - at, Mp4Boxes.SIZE_CUT, size));
                }
                if (boxSize <= Mp4Boxes.TO_END) {
                    // Running to the end of the file, whatever its length, is no cut; a size cut off or below its
                    // header is no file this reads.
                    return Optional.empty();
                }
                if (head.getInt(4) == Mp4Boxes.type("moov")) {
                    return boxSize > size - at ? Optional.of(new Cut(size - at, boxSize, size)) : Optional.empty();
                }
                if (boxSize > size - at) {
                    return Optional.empty(); // the file ends inside another box (a cut mdat): the index is not there
                }
                at += boxSize;
            }
            return Optional.empty();
        }
    }
}
