package io.github.cam4j.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/** Reading an mp4's box headers (ISO 14496-12): bytes at a place in the file, and a box type's four letters. */
final class Mp4Boxes {
    private Mp4Boxes() {}

    /** @return {@code length} bytes from {@code at} (fewer at the end of the file), or null when none are there */
    static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // A file channel may return fewer bytes than asked for.
        }
        b.flip();
        return b.limit() == 0 ? null : b;
    }

    /** {@link #size}: the box runs to the end of the file (a size field of 0). */
    static final long TO_END = 0;
    /** {@link #size}: no box, its size below its header's (a file this does not read). */
    static final long NOT_A_BOX = -1;
    /** {@link #size}: a 64-bit size the file's end cuts off. */
    static final long SIZE_CUT = -2;

    /**
     * Reads a box header's size (ISO 14496-12 4.2), the one reading the walks of an mp4's top-level boxes share.
     *
     * @param head the header's bytes as read from the box's start: at least 8, up to 16
     * @return the box's size in bytes, header included (its 64-bit size when the 32-bit field is 1, a box past 4 GB);
     *     {@link #TO_END}, {@link #NOT_A_BOX} or {@link #SIZE_CUT}
     */
    static long size(ByteBuffer head) {
        long size = Integer.toUnsignedLong(head.getInt(0));
        if (size == 1) {
            if (head.limit() < 16) {
                return SIZE_CUT;
            }
            long large = head.getLong(8);
            return large < 16 ? NOT_A_BOX : large;
        }
        return size == 0 ? TO_END : size < 8 ? NOT_A_BOX : size;
    }

    /** @return a box type's four letters as the big-endian int a box header holds */
    static int type(String letters) {
        return ByteBuffer.wrap(letters.getBytes(StandardCharsets.US_ASCII)).getInt();
    }
}
