package io.github.cam4j.video;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Whether a YUV4MPEG2 (.y4m) file ends where a frame does. Such a file states no length: FFmpeg sizes its stream by the
 * whole frames the file holds and reads a last frame cut short as the end of the stream, without a word at any log
 * level, so a y4m cut short (a pipe or copy interrupted) looked complete where other formats are reported. What it
 * leaves is a partial last frame; this walks the frames as FFmpeg's demuxer reads them (a line starting {@code FRAME},
 * then the picture's bytes) to find it.
 */
final class Y4mEnd {
    /** The longest header line looked for: FFmpeg reads at most 128 bytes of stream header and 80 of frame header. */
    private static final int MAX_LINE = 256;

    /**
     * A last frame cut short.
     *
     * @param wholeFrames the frames before it
     * @param present the bytes of it the file holds (its header line included)
     * @param expected the bytes a frame takes (header line and picture)
     */
    record Cut(long wholeFrames, long present, long expected) {}

    private Y4mEnd() {}

    /**
     * @param file a YUV4MPEG2 file
     * @param pictureBytes the bytes of one frame's picture, as FFmpeg lays its pixel format out
     * @return the last frame when it is cut short; empty when the file ends where a frame does, or does not walk as a
     *     y4m (FFmpeg then fails on it with its own error)
     * @throws IOException when the file cannot be read
     */
    static Optional<Cut> cut(Path file, long pictureBytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long at = lineEnd(ch, 0, size);
            if (at < 0 || pictureBytes <= 0) {
                return Optional.empty();
            }
            long frames = 0;
            while (at < size) {
                long pictureAt = lineEnd(ch, at, size);
                if (pictureAt < 0) {
                    // No whole header line left: cut inside it, if what is there is the start of one.
                    return size - at < MAX_LINE && startsWithFrame(ch, at, size)
                            ? Optional.of(new Cut(frames, size - at, "FRAME\n".length() + pictureBytes)) : Optional.empty();
                }
                if (!startsWithFrame(ch, at, size)) {
                    return Optional.empty();
                }
                long next = pictureAt + pictureBytes;
                if (next > size) {
                    return Optional.of(new Cut(frames, size - at, next - at));
                }
                frames++;
                at = next;
            }
            return Optional.empty();
        }
    }

    /** @return the offset after the line that starts at {@code at}, or -1 when none ends within {@link #MAX_LINE} bytes */
    private static long lineEnd(FileChannel ch, long at, long size) throws IOException {
        ByteBuffer b = readAt(ch, at, (int) Math.min(MAX_LINE, size - at));
        for (int i = 0; i < b.position(); i++) {
            if (b.get(i) == '\n') {
                return at + i + 1;
            }
        }
        return -1;
    }

    /** @return whether the bytes at {@code at} are {@code FRAME}, or as much of it as the file holds */
    private static boolean startsWithFrame(FileChannel ch, long at, long size) throws IOException {
        byte[] frame = "FRAME".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = readAt(ch, at, (int) Math.min(frame.length, size - at));
        for (int i = 0; i < b.position(); i++) {
            if (b.get(i) != frame[i]) {
                return false;
            }
        }
        return b.position() > 0;
    }

    /** @return a buffer holding up to {@code length} bytes from {@code at}, its position after the last byte read */
    private static ByteBuffer readAt(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining() && ch.read(b, at + b.position()) > 0) {
            // A file channel may return fewer bytes than asked for.
        }
        return b;
    }
}
