package io.github.cam4j.render;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A Sun raster file cut short, found from its 32-byte header before OpenCV decodes it: it was refused as "not a
 * readable image (OpenCV could not decode its 75 bytes; cam4j reads ... Sun raster)", as if its format were unknown.
 */
final class SunRasterEnd {
    /** The header's length: magic, width, height, depth, length, type, colour map type and colour map length. */
    private static final int HEADER = 32;

    private SunRasterEnd() {}

    /**
     * @param file the file, for the message
     * @param head its first bytes
     * @param size its size in bytes; 0 for a /proc file, which says so and holds some: left to the decoder
     * @return the one-line message when the file starts as a Sun raster and ends inside its header, or before the rows
     *     of an unencoded picture (types 0, 1 and 3; the run-length type 2 is left to OpenCV); empty otherwise
     */
    static Optional<String> cutShort(Path file, byte[] head, long size) {
        if (!ImageFormats.readable(head).equals(Optional.of("Sun raster")) || size <= 0) {
            return Optional.empty();
        }
        if (size < HEADER) {
            return Optional.of("image " + file + " is a Sun raster cut short inside its header: its " + size + " bytes"
                    + " end before the header does (an interrupted download or copy?)");
        }
        ByteBuffer big = ByteBuffer.wrap(head);
        long width = Integer.toUnsignedLong(big.getInt(4));
        long height = Integer.toUnsignedLong(big.getInt(8));
        long depth = Integer.toUnsignedLong(big.getInt(12));
        int type = big.getInt(20);
        long start = HEADER + Integer.toUnsignedLong(big.getInt(28));
        if (type != 0 && type != 1 && type != 3 || width < 1 || height < 1 || depth < 1 || depth > 32) {
            return Optional.empty(); // left to OpenCV, whose refusal cam4j names after it
        }
        // Rows are padded to 16 bits.
        long pixelBytes = (width * depth + 15) / 16 * 2 * height;
        if (size - start < pixelBytes) {
            return Optional.of("image " + file + " is a Sun raster cut short: its header declares " + width + "x"
                    + height + " pixels, " + pixelBytes + " bytes, and " + Math.max(0, size - start) + " follow it (an"
                    + " interrupted download or copy?)");
        }
        return Optional.empty();
    }
}
