package io.github.cam4j.render;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The pixel values of a plain (ASCII) Netpbm file (P1, P2, P3), checked before OpenCV decodes them: it refused a value
 * that is no number ("1 x 3 4"), too few values, and a last value with no whitespace after it, each after its own
 * "[ERROR:0@0.1] global loadsave.cpp:507 imread_ ... can't read data: ... Unexpected end of input stream" line on
 * standard error, and cam4j then said "not a readable image (OpenCV could not decode its 19 bytes; ...)", as if the
 * format were unknown.
 */
final class PlainNetpbm {
    /**
     * What is put back after a file whose last value runs to its end. pgm(5) and ppm(5) ask for whitespace after each
     * value, but the picture is whole and its last value unambiguous: read, as a JPEG lacking only its end marker is.
     */
    static final byte[] LINE_END = {'\n'};

    /**
     * What a plain file's pixel values are, as OpenCV's reader takes them.
     *
     * @param refusal the one-line message a file is refused with, or null
     * @param lacksEnd whether its last value runs to the end of the file ({@link #LINE_END} is put back)
     */
    record Check(String refusal, boolean lacksEnd) {}

    private PlainNetpbm() {}

    /**
     * @param file the file, read from {@code header.start() - 1} (the header's last value ends there)
     * @param header its header, {@link NetpbmSize#of(byte[])}; a plain one, its pixel bytes given as -1
     * @return what the file's values are: a value that is no number (or, in a PBM, no 0 or 1) or fewer values than the
     *     header declares are refused; more are left as OpenCV reads them (it reads the first)
     * @throws IOException when the file cannot be read
     */
    static Check check(Path file, NetpbmSize.Header header) throws IOException {
        boolean bitmap = header.format().equals("PBM");
        long wanted = header.size().pixels() * (header.format().equals("PPM") ? 3 : 1);
        long found = 0;
        StringBuilder token = new StringBuilder();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            in.skipNBytes(header.start() - 1);
            for (int b = in.read(); found < wanted; b = in.read()) {
                boolean separator = b < 0 || Character.isWhitespace(b) || b == '#';
                if (!separator && !bitmap) {
                    if (token.length() < 16) {
                        token.append((char) b);
                    }
                    continue;
                }
                if (token.length() > 0 || bitmap && !separator) {
                    String value = bitmap && !separator ? String.valueOf((char) b) : token.toString();
                    token.setLength(0);
                    found++;
                    boolean number = bitmap ? value.equals("0") || value.equals("1")
                            : value.chars().allMatch(Character::isDigit);
                    if (!number) {
                        return new Check(notAValue(file, header, found, value), false);
                    }
                    if (b < 0 && found == wanted) {
                        return new Check(null, true);
                    }
                }
                if (b < 0) {
                    return new Check("image " + file + " is a " + header.format() + " cut short: its header declares "
                            + header.size() + " pixels, " + wanted + " values, and " + found + " follow it (an"
                            + " interrupted download or copy?)", false);
                }
                if (b == '#') {
                    // OpenCV's reader, unlike Netpbm's, takes comments between values too.
                    while (b >= 0 && b != '\n' && b != '\r') {
                        b = in.read();
                    }
                }
            }
        }
        return new Check(null, false);
    }

    private static String notAValue(Path file, NetpbmSize.Header header, long place, String value) {
        StringBuilder shown = new StringBuilder();
        value.chars().forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return "image " + file + " is not a readable image: it starts as a plain " + header.format() + " but its pixel"
                + " value " + place + " is '" + shown + "', not " + (header.format().equals("PBM") ? "0 or 1"
                : "a number") + " (a damaged file, or another format given a " + header.format() + "'s first bytes?)";
    }
}
