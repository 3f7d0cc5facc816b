package io.github.cam4j.render;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What an image file's first bytes say, for messages when OpenCV cannot read it: a format this OpenCV build does not
 * decode, and the size a header declares. OpenCV answers both with an empty Mat or a multi-line C++ assertion.
 */
final class ImageFormats {
    /**
     * The formats this build of OpenCV decodes (its build information lists GIF and AVIF as NO; OpenEXR and JPEG 2000
     * are left out since OpenCV reads them only when {@code OPENCV_IO_ENABLE_OPENEXR} or
     * {@code OPENCV_IO_ENABLE_JASPER} is set: its JPEG 2000 codec is Jasper, off by default for its security record).
     */
    static final String READ = "PNG, JPEG, BMP, TIFF, WebP, PBM/PGM/PPM/PAM, PFM, Radiance HDR and Sun raster";

    /** OpenCV's default limit on an image's pixels ({@code CV_IO_MAX_IMAGE_PIXELS}, 2^30). */
    static final long MAX_PIXELS = 1L << 30;

    /** A width and height in pixels, as a header declares them. */
    record Size(long width, long height) {
        long pixels() {
            return width * height;
        }

        @Override
        public String toString() {
            return width + "x" + height;
        }
    }

    private ImageFormats() {}

    /**
     * @param head the file's first bytes (a few hundred are enough)
     * @return the name of a common image format this OpenCV build cannot decode, e.g. "a GIF", if the bytes are one
     */
    static Optional<String> unreadable(byte[] head) {
        if (starts(head, 0, "GIF87a") || starts(head, 0, "GIF89a")) {
            return Optional.of("a GIF");
        }
        if (starts(head, 4, "ftyp")) {
            String brand = head.length >= 12 ? new String(head, 8, 4, StandardCharsets.ISO_8859_1) : "";
            if (brand.startsWith("avi")) {
                return Optional.of("an AVIF");
            }
            if (brand.startsWith("hei") || brand.startsWith("hev") || brand.equals("mif1") || brand.equals("msf1")) {
                return Optional.of("a HEIC/HEIF");
            }
        }
        if (starts(head, 0, "\u00ff\n") || starts(head, 4, "JXL ")) {
            return Optional.of("a JPEG XL");
        }
        // OpenCV builds these codecs but leaves them off (see READ); its own message was a paragraph on enabling them.
        if (starts(head, 0, "\u0000\u0000\u0000\u000cjP  \r\n\u0087\n") || starts(head, 0, "\u00ffO\u00ffQ")) {
            return Optional.of("a JPEG 2000");
        }
        if (starts(head, 0, "v/1\u0001")) {
            return Optional.of("an OpenEXR");
        }
        if (starts(head, 0, "8BPS")) {
            return Optional.of("a Photoshop (PSD)");
        }
        if (starts(head, 0, "%PDF")) {
            return Optional.of("a PDF");
        }
        if (starts(head, 0, "\u0000\u0000\u0001\u0000")) {
            return Optional.of("an ICO");
        }
        String text = new String(head, 0, Math.min(head.length, 512), StandardCharsets.ISO_8859_1).trim();
        if (text.startsWith("<svg") || (text.startsWith("<?xml") && text.contains("<svg"))) {
            return Optional.of("an SVG");
        }
        return Optional.empty();
    }

    /**
     * @param head the file's first bytes
     * @return the name of a format OpenCV decodes, e.g. "PNG", if the bytes start as one: a file that starts so and
     *     still fails to decode is damaged or cut short
     */
    static Optional<String> readable(byte[] head) {
        if (starts(head, 0, "\u0089PNG\r\n")) {
            return Optional.of("PNG");
        }
        if (starts(head, 0, "\u00ff\u00d8\u00ff")) {
            return Optional.of("JPEG");
        }
        if (starts(head, 0, "BM")) {
            return Optional.of("BMP");
        }
        if (starts(head, 0, "II*\u0000") || starts(head, 0, "MM\u0000*")) {
            return Optional.of("TIFF");
        }
        if (starts(head, 0, "RIFF") && starts(head, 8, "WEBP")) {
            return Optional.of("WebP");
        }
        if (starts(head, 0, "#?RADIANCE") || starts(head, 0, "#?RGBE")) {
            return Optional.of("Radiance HDR");
        }
        if (starts(head, 0, "\u0059\u00a6\u006a\u0095")) {
            return Optional.of("Sun raster");
        }
        return Optional.empty();
    }

    /**
     * @param head the file's first bytes (JPEG may need some tens of kilobytes: its size follows the metadata)
     * @return the width and height the header of a PNG, BMP or JPEG declares (a GIF is refused as one before its size
     *     matters), if the bytes are one
     */
    static Optional<Size> declaredSize(byte[] head) {
        ByteBuffer big = ByteBuffer.wrap(head).order(ByteOrder.BIG_ENDIAN);
        ByteBuffer little = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (starts(head, 0, "\u0089PNG") && head.length >= 24) {
            return Optional.of(new Size(Integer.toUnsignedLong(big.getInt(16)), Integer.toUnsignedLong(big.getInt(20))));
        }
        // A BMP's info header is one of these sizes: any other file starting "BM" is no bitmap (helper-69: one was
        // refused as declaring billions of pixels, where "not a readable image" was the truth).
        boolean bitmap = starts(head, 0, "BM") && head.length >= 26
                && java.util.Set.of(12, 16, 40, 52, 56, 64, 108, 124).contains(little.getInt(14));
        if (bitmap) {
            if (little.getInt(14) == 12) {
                // OS/2's BITMAPCOREHEADER: 16-bit sides at 18 and 20. Read as 32-bit, a 28x28 picture declared
                // 1835036x1572865 and was refused as enormous (helper-68).
                return Optional.of(new Size(little.getShort(18) & 0xffff, little.getShort(20) & 0xffff));
            }
            // BITMAPINFOHEADER and later; a negative height means rows stored top-down.
            return Optional.of(new Size(Math.abs((long) little.getInt(18)), Math.abs((long) little.getInt(22))));
        }
        if (head.length >= 4 && (head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xd8) {
            return jpegSize(big);
        }
        return Optional.empty();
    }

    /** Walks a JPEG's segments to its frame header (SOF0..SOF15 but DHT, JPG and DAC). */
    private static Optional<Size> jpegSize(ByteBuffer b) {
        int at = 2;
        while (at + 9 <= b.limit()) {
            if ((b.get(at) & 0xff) != 0xff) {
                return Optional.empty();
            }
            int marker = b.get(at + 1) & 0xff;
            if (marker == 0xff) {
                at++; // fill byte
                continue;
            }
            int length = b.getShort(at + 2) & 0xffff;
            boolean frame = marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
            if (frame) {
                return Optional.of(new Size(b.getShort(at + 7) & 0xffff, b.getShort(at + 5) & 0xffff));
            }
            at += 2 + length;
        }
        return Optional.empty();
    }

    private static boolean starts(byte[] head, int offset, String magic) {
        if (head.length < offset + magic.length()) {
            return false;
        }
        for (int i = 0; i < magic.length(); i++) {
            if ((head[offset + i] & 0xff) != magic.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
