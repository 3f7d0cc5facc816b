package io.github.cam4j.render;

import java.io.BufferedInputStream;
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
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
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
                if (length < 2) {
                    return false;
                }
                try {
                    in.skipNBytes(length - 2);
                } catch (java.io.EOFException e) {
                    return false; // cut inside a segment
                }
            }
            return false;
        }
    }
}
