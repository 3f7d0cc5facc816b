package io.github.cam4j.render;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether a JPEG file holds its whole picture. libjpeg decodes a file cut inside its image data with no more than a
 * warning on standard error ("Premature end of JPEG file") and fills the missing rows with grey, and OpenCV returns that
 * picture as if it were whole: an interrupted download would be explained, and drawn, as a picture that nobody took.
 */
final class JpegEnd {
    private JpegEnd() {}

    /**
     * Walks the file's segments (skipping each by its length, so a thumbnail inside the EXIF block does not count) and
     * its entropy-coded scans (where a 0xFF byte is followed by 0x00, a restart marker or fill) up to the end-of-image
     * marker. Bytes after that marker (a motion photo's video, a vendor's trailer) are not read.
     *
     * @param file a file that starts as a JPEG
     * @return whether the end-of-image marker is there
     * @throws IOException when the file cannot be read
     */
    static boolean reached(Path file) throws IOException {
        try (Bytes in = new Bytes(Files.newInputStream(file))) {
            if (in.read() != 0xff || in.read() != 0xd8) {
                return false;
            }
            int b;
            while ((b = in.read()) != -1) {
                if (b != 0xff) {
                    continue; // scan data (or a stray byte between segments, which libjpeg skips too)
                }
                int marker;
                do {
                    marker = in.read();
                } while (marker == 0xff);
                if (marker == 0xd9) {
                    return true;
                }
                if (marker == -1) {
                    return false;
                }
                if (marker == 0x00 || marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
                    continue; // a stuffed 0xFF in scan data, TEM or a restart marker: no length follows
                }
                int high = in.read();
                int low = in.read();
                if (low == -1) {
                    return false;
                }
                int length = (high << 8) | low;
                if (length < 2 || !in.skip(length - 2)) {
                    return false; // cut inside a segment
                }
            }
            return false;
        }
    }

    /**
     * A stream read a byte at a time through its own buffer: BufferedInputStream's read() is synchronized, which made
     * the walk over a 14 MB JPEG take about 100 ms, a third of its decoding.
     */
    private static final class Bytes implements AutoCloseable {
        private final InputStream in;
        private final byte[] buffer = new byte[1 << 16];
        private int at;
        private int end;

        Bytes(InputStream in) {
            this.in = in;
        }

        /** @return the next byte, 0..255, or -1 at the end */
        int read() throws IOException {
            if (at == end) {
                end = in.readNBytes(buffer, 0, buffer.length);
                at = 0;
                if (end == 0) {
                    return -1;
                }
            }
            return buffer[at++] & 0xff;
        }

        /** @return whether {@code n} more bytes were there to skip */
        boolean skip(int n) throws IOException {
            int buffered = Math.min(n, end - at);
            at += buffered;
            long rest = n - buffered;
            while (rest > 0) {
                long skipped = in.skip(rest);
                if (skipped <= 0) {
                    return in.read() != -1 && skip((int) rest - 1);
                }
                rest -= skipped;
            }
            return true;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
