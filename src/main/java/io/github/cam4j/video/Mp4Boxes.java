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

    /** @return a box type's four letters as the big-endian int a box header holds */
    static int type(String letters) {
        return ByteBuffer.wrap(letters.getBytes(StandardCharsets.US_ASCII)).getInt();
    }
}
