package io.github.cam4j.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Whether an mp4 is fragmented, and whether it still ends with its index of fragments. A fragmented mp4 ({@code
 * movflags frag_keyframe+empty_moov}, what a killed {@code --fragmented} run, MPEG-DASH and HLS leave) announces no
 * length up front: its {@code moov} holds no frames, each fragment ({@code moof}) indexes only its own, and the one
 * place that sums them is a {@code mfra} box at the file's end. FFmpeg gives such a stream the length of the
 * fragments it finds, so a file cut inside a fragment seemed to announce as much as its last fragment reached: the
 * total of a file cut short is then not known. Only box headers are read (a few bytes per box).
 */
final class Mp4Fragments {
    /** What the file's boxes say. */
    enum Layout {
        /** Not fragmented (or not an mp4 read as one): its {@code moov} indexes every frame. */
        PLAIN,
        /** Fragmented, and its last box is the index of its fragments: its whole length is known. */
        FRAGMENTED_INDEXED,
        /** Fragmented, with no index of fragments at its end: its length is what the fragments present reach. */
        FRAGMENTED_UNINDEXED
    }

    /**
     * The top-level box a file ends inside: a fragmented mp4 cut in its last fragment ({@link #cutBox}).
     *
     * @param type its four letters ({@code mdat}, {@code moof})
     * @param announced the bytes its header announces
     * @param present the bytes of it the file holds, fewer
     */
    record CutBox(String type, long announced, long present) {}

    /** The most top-level boxes looked through for {@code moov}: it comes first in a fragmented file. */
    private static final int MAX_BOXES_BEFORE_MOOV = 64;

    private Mp4Fragments() {}

    /**
     * @param file an mp4 (or mov) file, seekable
     * @return its layout; {@link Layout#PLAIN} when its boxes do not walk (FFmpeg reads such a file its own way)
     * @throws IOException when the file cannot be read
     */
    static Layout of(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long at = 0;
            for (int boxes = 0; boxes < MAX_BOXES_BEFORE_MOOV && at + 8 <= size; boxes++) {
                long[] box = box(ch, at, size);
                if (box == null) {
                    return Layout.PLAIN;
                }
                if (box[1] == Mp4Boxes.type("moov")) {
                    if (!holds(ch, at + box[2], at + box[0], Mp4Boxes.type("mvex"))) {
                        return Layout.PLAIN;
                    }
                    return endsWithIndex(ch, size) ? Layout.FRAGMENTED_INDEXED : Layout.FRAGMENTED_UNINDEXED;
                }
                at += box[0];
            }
            return Layout.PLAIN;
        }
    }

    /**
     * Walks a fragmented mp4's top-level boxes to its end: a file whose last fragment is cut ends inside a box, its
     * header announcing more bytes than are there. FFmpeg reads such a fragment up to the cut without a word cam4j
     * hears: cut where only its sound lies (an mdat holds a fragment's picture, then its sound), every frame is there
     * and the sound stops short of the picture. Two box headers are read per fragment.
     *
     * @param file an mp4 whose layout is {@link Layout#FRAGMENTED_UNINDEXED} (one that still ends with its index of
     *     fragments is whole)
     * @return the box the file ends inside, its header announcing more bytes than are there; empty when its boxes end
     *     where it does, when it ends inside a box's header (whole fragments then stray bytes, or an index of
     *     fragments cut in its first bytes: nothing read was cut), or when they do not walk (a box smaller than
     *     its header, or one that says it runs to the end, whatever that is)
     * @throws IOException when the file cannot be read
     */
    static Optional<CutBox> cutBox(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long at = 0;
            while (at < size) {
                ByteBuffer head = Mp4Boxes.read(ch, at, (int) Math.min(16, size - at));
                if (head == null || head.limit() < 8) {
                    // A file ending inside a box's header holds its fragments up to there whole: a cut there, as
                    // one between two boxes, cannot be told from stray bytes after a whole file, and what the
                    // frames and sound read reach is all the input says (a whole file with three bytes appended
                    // was said to be cut short).
                    return Optional.empty();
                }
                String type = new String(new byte[] {head.get(4), head.get(5), head.get(6), head.get(7)},
                        StandardCharsets.ISO_8859_1);
                long box = Mp4Boxes.size(head);
                if (box == Mp4Boxes.SIZE_CUT) {
                    return Optional.empty(); // likewise: a header cut in its 64-bit size
                }
                if (box == Mp4Boxes.NOT_A_BOX || box == Mp4Boxes.TO_END) {
                    return Optional.empty();
                }
                if (box > size - at) {
                    return Optional.of(new CutBox(type, box, size - at));
                }
                at += box;
            }
            return Optional.empty();
        }
    }

    /**
     * @return whether the file ends with a {@code mfra} box: its last 16 bytes are a {@code mfro} box giving the
     *     {@code mfra}'s size, and a {@code mfra} starts that far from the end (ISO 14496-12, 8.8.11)
     */
    private static boolean endsWithIndex(FileChannel ch, long size) throws IOException {
        if (size < 16 + 8) {
            return false;
        }
        ByteBuffer mfro = Mp4Boxes.read(ch, size - 16, 16);
        if (mfro == null || mfro.getInt(0) != 16 || mfro.getInt(4) != Mp4Boxes.type("mfro")) {
            return false;
        }
        long mfraSize = Integer.toUnsignedLong(mfro.getInt(12));
        if (mfraSize < 16 + 8 || mfraSize > size) {
            return false;
        }
        ByteBuffer mfra = Mp4Boxes.read(ch, size - mfraSize, 8);
        return mfra != null && mfra.getInt(4) == Mp4Boxes.type("mfra");
    }

    /** @return whether a box of {@code type} lies directly in {@code [from, to)} */
    private static boolean holds(FileChannel ch, long from, long to, int type) throws IOException {
        long at = from;
        while (at + 8 <= to) {
            long[] box = box(ch, at, to);
            if (box == null) {
                return false;
            }
            if (box[1] == type) {
                return true;
            }
            at += box[0];
        }
        return false;
    }

    /**
     * @return {@code {size, type, header}} of the box at {@code at} (its size in bytes, its four letters as an int, the
     *     bytes of its header), or null when it does not fit before {@code end}
     */
    private static long[] box(FileChannel ch, long at, long end) throws IOException {
        ByteBuffer head = Mp4Boxes.read(ch, at, (int) Math.min(16, end - at));
        if (head == null || head.limit() < 8) {
            return null;
        }
        long size = Mp4Boxes.size(head);
        if (size == Mp4Boxes.SIZE_CUT || size == Mp4Boxes.NOT_A_BOX) {
            return null;
        }
        // A 64-bit size follows the type when the 32-bit field is 1 (a box past 4 GB).
        long header = head.getInt(0) == 1 ? 16 : 8;
        if (size == Mp4Boxes.TO_END) {
            size = end - at; // the box runs to the end of the file
        }
        return size < header || at + size > end ? null : new long[] {size, head.getInt(4), header};
    }
}
