package io.github.cam4j.render;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Radiance HDR file cut short, found from its bytes before OpenCV decodes it: one cut inside its header or its
 * scanlines was refused after OpenCV's own "[ERROR:0@0.1] global loadsave.cpp:466 imread_ ... can't read header: ...
 * RGBE read error" (or "can't read data") line on standard error, as "it starts as a Radiance HDR but OpenCV could not
 * decode its 89 bytes (damaged or cut short?)".
 */
final class RadianceEnd {
    /** The resolution line: rows first, as every writer puts it ("-Y 480 +X 640"). */
    private static final Pattern RESOLUTION = Pattern.compile("[-+]Y (\\d{1,9}) [-+]X (\\d{1,9})");

    private RadianceEnd() {}

    /**
     * @param file the file, for the message
     * @param head its first bytes, all of them when {@code size} is their length
     * @param size its size in bytes; 0 for a /proc file, which says so and holds some: left to the decoder
     * @return the one-line message when the file starts as a Radiance HDR and ends inside its header, or before its
     *     last scanline (flat or run-length encoded; one in the old run-length scheme is left to OpenCV); empty
     *     otherwise
     * @throws IOException when the file cannot be read
     */
    static Optional<String> cutShort(Path file, byte[] head, long size) throws IOException {
        if (!ImageFormats.readable(head).equals(Optional.of("Radiance HDR")) || size <= 0) {
            return Optional.empty();
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        int blank = text.indexOf("\n\n");
        int lineEnd = blank < 0 ? -1 : text.indexOf('\n', blank + 2);
        if (lineEnd < 0) {
            // Lines ended by CR LF are not the header's ends OpenCV looks for: left to it.
            return size == head.length && text.indexOf('\r') < 0 ? Optional.of("image " + file + " is a Radiance HDR"
                    + " cut short inside its header: its " + size + " bytes end before the header does (an interrupted"
                    + " download or copy?)") : Optional.empty();
        }
        Matcher resolution = RESOLUTION.matcher(text.substring(blank + 2, lineEnd));
        if (!resolution.matches()) {
            return Optional.empty(); // another orientation, or damage: left to OpenCV
        }
        long rows = Long.parseLong(resolution.group(1));
        int width = Integer.parseInt(resolution.group(2));
        long row = scanlinesRead(file, lineEnd + 1, rows, width);
        if (row < 0 || row == rows) {
            return Optional.empty();
        }
        return Optional.of("image " + file + " is a Radiance HDR cut short: its header declares " + width + "x" + rows
                + " pixels, and its data ends in row " + (row + 1) + " (an interrupted download or copy?)");
    }

    /** @return how many whole scanlines the file holds, up to {@code rows}; -1 when it uses a scheme not walked */
    private static long scanlinesRead(Path file, long start, long rows, int width) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.skipNBytes(start);
            for (long row = 0; row < rows; row++) {
                int[] first = new int[4];
                for (int i = 0; i < 4; i++) {
                    first[i] = in.read();
                    if (first[i] < 0) {
                        return row;
                    }
                }
                boolean encoded = width >= 8 && width < 0x8000 && first[0] == 2 && first[1] == 2 && first[2] < 128;
                if (encoded) {
                    if ((first[2] << 8 | first[3]) != width) {
                        return -1;
                    }
                    for (int component = 0; component < 4; component++) {
                        for (int n = 0; n < width; ) {
                            int count = in.read();
                            if (count < 0) {
                                return row;
                            }
                            int run = count > 128 ? count - 128 : count;
                            int bytes = count > 128 ? 1 : count;
                            if (run == 0 || n + run > width) {
                                return -1;
                            }
                            if (in.readNBytes(bytes).length < bytes) {
                                return row;
                            }
                            n += run;
                        }
                    }
                } else {
                    // Flat pixels of 4 bytes; the old scheme's (1, 1, 1, n) repeats are not walked.
                    if (first[0] == 1 && first[1] == 1 && first[2] == 1) {
                        return -1;
                    }
                    long rest = 4L * width - 4;
                    byte[] pixels = in.readNBytes((int) Math.min(rest, Integer.MAX_VALUE));
                    if (pixels.length < rest) {
                        return row;
                    }
                    for (int p = 0; p + 2 < pixels.length; p += 4) {
                        if (pixels[p] == 1 && pixels[p + 1] == 1 && pixels[p + 2] == 1) {
                            return -1;
                        }
                    }
                }
            }
            return rows;
        }
    }
}
