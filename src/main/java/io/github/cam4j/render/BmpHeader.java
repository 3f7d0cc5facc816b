package io.github.cam4j.render;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * A file starting "BM" checked against its BMP headers before OpenCV decodes it: one cut inside its headers or its
 * pixel rows, and a text file starting "BM", were refused after OpenCV's own "[ERROR:0@0.1] global loadsave.cpp:466
 * imread_ ... can't read header: ... Unexpected end of input stream" (or "can't read data") line on standard error,
 * as "it starts as a BMP but OpenCV could not decode its 60 bytes (damaged or cut short?)".
 */
final class BmpHeader {
    /** The sizes of the info headers BMP files hold, OS/2's 12-byte one first. */
    private static final Set<Integer> INFO_SIZES = Set.of(12, 16, 40, 52, 56, 64, 108, 124);

    /** Where the info header starts: after the 14-byte file header ("BM", size, two reserved words, pixel offset). */
    private static final int INFO = 14;

    private BmpHeader() {}

    /**
     * @param file the file, for the message
     * @param head its first bytes (at least its headers, when it has them)
     * @param size its size in bytes; 0 for a /proc file, which says so and holds some: left to the decoder
     * @return the one-line message when the file starts "BM" and its headers are cut short or hold no BMP's info header
     *     size or a compression OpenCV does not decode, or its uncompressed pixel rows end before the picture its
     *     header declares; empty otherwise
     */
    static Optional<String> refusal(Path file, byte[] head, long size) {
        if (head.length < 2 || head[0] != 'B' || head[1] != 'M' || size <= 0) {
            return Optional.empty();
        }
        ByteBuffer little = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        String cutInHeader = "image " + file + " is a BMP cut short inside its header: its " + size + " bytes end"
                + " before the header does (an interrupted download or copy?)";
        if (size < INFO + 4) {
            return Optional.of(cutInHeader);
        }
        int infoSize = little.getInt(INFO);
        if (!INFO_SIZES.contains(infoSize)) {
            return Optional.of("image " + file + " is not a readable image: it starts as a BMP but its info header's"
                    + " size is " + Integer.toUnsignedLong(infoSize) + " bytes, which no BMP's is (12, 16, 40, 52, 56,"
                    + " 64, 108 or 124; a damaged file, or another format given a BMP's first bytes?)");
        }
        if (size < INFO + infoSize) {
            return Optional.of(cutInHeader);
        }
        boolean core = infoSize == 12;
        long width = core ? little.getShort(18) & 0xffff : little.getInt(18);
        long height = Math.abs(core ? little.getShort(20) & 0xffff : (long) little.getInt(22));
        int bits = little.getShort(core ? 24 : 28) & 0xffff;
        // Compression 0 stores rows as they are and 3 (bit fields) likewise; RLE's length varies with the pixels.
        int compression = core || infoSize == 16 ? 0 : little.getInt(30);
        if (compression < 0 || compression > 3) {
            // OpenCV asserted "m_rle_code_ >= 0 && m_rle_code_ <= BMP_BITFIELDS" on standard error before refusing it.
            String kind = switch (compression) {
                case 4 -> " (JPEG)";
                case 5 -> " (PNG)";
                case 6 -> " (bit fields with alpha)";
                default -> "";
            };
            return Optional.of("image " + file + " is not a readable image: it is a BMP whose pixels are stored with"
                    + " compression " + Integer.toUnsignedLong(compression) + kind + ", and OpenCV, which decodes BMP"
                    + " for cam4j, reads only 0 (none), 1 and 2 (RLE) and 3 (bit fields) (convert it, e.g. to PNG)");
        }
        if (compression != 0 && compression != 3 || width < 1 || height < 1 || bits < 1 || bits > 32) {
            return Optional.empty(); // left to OpenCV, whose refusal cam4j names after it
        }
        long offset = Integer.toUnsignedLong(little.getInt(10));
        long rowBytes = (width * bits + 31) / 32 * 4;
        long pixelBytes = rowBytes * height;
        if (size - offset < pixelBytes) {
            return Optional.of("image " + file + " is a BMP cut short: its header declares " + width + "x" + height
                    + " pixels, " + pixelBytes + " bytes, and " + Math.max(0, size - offset) + " follow it (an"
                    + " interrupted download or copy?)");
        }
        return Optional.empty();
    }
}
