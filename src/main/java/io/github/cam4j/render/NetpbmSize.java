package io.github.cam4j.render;

import java.util.List;
import java.util.Optional;

/**
 * The size a Netpbm header (PBM, PGM, PPM, PAM, PFM) declares, and the bytes of pixels it promises. OpenCV read such a
 * file's header only as it decoded it: a 27-byte PPM declaring 20000x20000 was allocated 1.2 GB for, past
 * {@link Images#MAX_PIXELS}, and a binary file cut short failed after OpenCV's "[ERROR:0@0.6] global loadsave.cpp:507
 * imread_ ... can't read data" lines, as "not a readable image (... cam4j reads ... PBM/PGM/PPM ...)", a PPM.
 */
final class NetpbmSize {
    /**
     * @param format the format's name, e.g. "PPM"
     * @param size the width and height declared
     * @param start where the pixels start, in bytes
     * @param pixelBytes the bytes the pixels take in a binary file; -1 for a plain (ASCII) one, whose length varies
     */
    record Header(String format, ImageFormats.Size size, long start, long pixelBytes) {}

    private NetpbmSize() {}

    /**
     * @param head the file's first bytes
     * @return the header, when the bytes start with a whole Netpbm header; empty otherwise
     */
    static Optional<Header> of(byte[] head) {
        if (head.length < 3 || head[0] != 'P' || !Character.isWhitespace(head[2])) {
            return Optional.empty();
        }
        char kind = (char) head[1];
        NetpbmRange.Tokens tokens = new NetpbmRange.Tokens(head, 2);
        long width;
        long height;
        long samples;
        long sampleBytes;
        if (kind == '7') {
            if (strayPamWord(head) != null) {
                return Optional.empty();
            }
            width = -1;
            height = -1;
            long depth = -1;
            long maxval = -1;
            String token = tokens.next();
            for (; token != null && !token.equals("ENDHDR"); token = tokens.next()) {
                switch (token) {
                    case "WIDTH" -> width = number(tokens.next());
                    case "HEIGHT" -> height = number(tokens.next());
                    case "DEPTH" -> depth = number(tokens.next());
                    case "MAXVAL" -> maxval = number(tokens.next());
                    default -> { } // TUPLTYPE's words
                }
            }
            if (token == null || depth < 1 || maxval < 1) {
                return Optional.empty();
            }
            samples = depth;
            sampleBytes = maxval > 255 ? 2 : 1;
        } else if ("123456Ff".indexOf(kind) >= 0) {
            width = number(tokens.next());
            height = number(tokens.next());
            boolean bitmap = kind == '1' || kind == '4';
            long third = bitmap ? 1 : kind == 'F' || kind == 'f' ? scale(tokens.next()) : number(tokens.next());
            if (third < 1) {
                return Optional.empty();
            }
            samples = kind == '3' || kind == '6' || kind == 'F' ? 3 : 1;
            sampleBytes = kind == 'F' || kind == 'f' ? 4 : third > 255 ? 2 : 1;
        } else {
            return Optional.empty();
        }
        if (width < 1 || height < 1) {
            return Optional.empty();
        }
        // One whitespace byte ends the header; the pixels follow it.
        long start = tokens.at() + 1;
        long pixelBytes = kind == '4' ? (width + 7) / 8 * height
                : kind >= '1' && kind <= '3' ? -1 : width * height * samples * sampleBytes;
        String format = switch (kind) {
            case '1', '4' -> "PBM";
            case '2', '5' -> "PGM";
            case '3', '6' -> "PPM";
            case '7' -> "PAM";
            default -> "PFM";
        };
        return Optional.of(new Header(format, new ImageFormats.Size(width, height), start, pixelBytes));
    }

    /**
     * What a Netpbm file cut short is refused as, before OpenCV decodes it: a binary file shorter than its header says
     * (OpenCV allocated the whole picture, then failed after lines of its own on standard error), or a file read whole
     * into {@code head} that ends inside its header (OpenCV printed "can't read header" lines first).
     *
     * @param file the file, for the message
     * @param head its first bytes, all of them when {@code size} is their length
     * @param size its size in bytes; 0 for a /proc file, which says so and holds some: left to the decoder
     * @param header {@link #of(byte[])} of {@code head}
     * @return the one-line message, or empty when the file is no Netpbm file cut short
     */
    static Optional<String> cutShort(java.nio.file.Path file, byte[] head, long size, Optional<Header> header) {
        if (header.isPresent()) {
            Header h = header.get();
            if (h.pixelBytes() >= 0 && size > 0 && size - h.start() < h.pixelBytes()) {
                return Optional.of("image " + file + " is a " + h.format() + " cut short: its header declares "
                        + h.size() + " pixels, " + h.pixelBytes() + " bytes, and " + Math.max(0, size - h.start())
                        + " follow it (an interrupted download or copy?)");
            }
            return Optional.empty();
        }
        return (size == head.length ? cutInHeader(head) : Optional.<String>empty()).map(format -> "image " + file
                + " is a " + format + " cut short inside its header: its " + size + " bytes end before the header does"
                + " (an interrupted download or copy?)");
    }

    /**
     * Whether a whole file is a Netpbm file cut inside its header: OpenCV printed "[ERROR:0@1.3] global loadsave.cpp
     * imread_ ... can't read header: ... Unexpected end of input stream" on standard error before cam4j's message.
     *
     * @param file the whole file's bytes
     * @return the format's name, e.g. "PPM", when the bytes are no whole header but become one when values are added
     *     after them (so garbage such as "P6 abc" is not called cut); empty otherwise
     */
    static Optional<String> cutInHeader(byte[] file) {
        if (of(file).isPresent() || file.length < 3) {
            return Optional.empty();
        }
        if (file[1] == '7') {
            // A field's name cut short ("HEI") is no stray word: the padding below begins after it.
            String last = strayPamWord(file);
            if (last != null && endsIn(file, last) && PAM_FIELDS.stream().anyMatch(f -> f.startsWith(last))) {
                file = java.util.Arrays.copyOf(file, file.length - last.length());
            }
        }
        // Each value a header may still lack, after a separator so that a token cut short stays one of its own.
        String rest = file[1] == '7' ? "\nWIDTH 1\nHEIGHT 1\nDEPTH 1\nMAXVAL 1\nENDHDR\n" : "\n1 1 1\n";
        byte[] padded = java.util.Arrays.copyOf(file, file.length + rest.length());
        System.arraycopy(rest.getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, padded, file.length,
                rest.length());
        return of(padded).map(Header::format);
    }

    /**
     * What a file that starts as a PBM, PGM, PPM or PFM is refused as when a value its header needs is no number at all
     * (as "P6\nabc"): OpenCV printed "[ERROR:0@0.5] global loadsave.cpp imread_ ... can't read header: ... PXM:
     * Unexpected code in ReadNumber()" on standard error, and cam4j then said "not a readable image (OpenCV could not
     * decode its 6 bytes; ...)", as if the format were unknown. A whole number with other bytes after its digits
     * ("P6\n4 4 255abc") is no number either: Netpbm ends the header with a whitespace byte after the maximum value.
     *
     * @param file the file, for the message
     * @param head its first bytes
     * @return the one-line message, or empty when the file does not start so, or its header's values are each a
     *     number (a whole header, or one cut short: {@link #cutShort} says that), or end past {@code head}
     */
    static Optional<String> notANumber(java.nio.file.Path file, byte[] head) {
        if (head.length < 3 || head[0] != 'P' || "123456Ff".indexOf(head[1]) < 0 || !Character.isWhitespace(head[2])
                || of(head).isPresent()) {
            return Optional.empty();
        }
        char kind = (char) head[1];
        String format = kind == '1' || kind == '4' ? "PBM" : kind == '2' || kind == '5' ? "PGM"
                : kind == '3' || kind == '6' ? "PPM" : "PFM";
        // OpenCV's reader stops at a value whose first character is no digit; a PFM's scale is a signed decimal.
        List<String> values = kind == '1' || kind == '4' ? List.of("width", "height")
                : List.of("width", "height", kind == 'F' || kind == 'f' ? "scale" : "maximum value");
        NetpbmRange.Tokens tokens = new NetpbmRange.Tokens(head, 2);
        for (String value : values) {
            String token = tokens.next();
            if (token == null) {
                return Optional.empty();
            }
            // A whole number is digits alone, its last followed by whitespace: "255abc" read as 255, "a" taken for the
            // separator, and then failed for pixels too few, after OpenCV's "can't read data" line on standard error.
            boolean number = value.equals("scale") ? token.matches("[-+]?[.0-9].*")
                    : token.chars().allMatch(Character::isDigit);
            if (!number) {
                return Optional.of("image " + file + " is not a readable image: it starts as a " + format + " but its"
                        + " header's " + value + " is '" + printable(token) + "', not a number (a damaged file, or"
                        + " another format given a " + format + "'s first bytes?)");
            }
        }
        return Optional.empty();
    }

    /** The names of a PAM header's fields, as pam(5) gives them. */
    private static final List<String> PAM_FIELDS = List.of("WIDTH", "HEIGHT", "DEPTH", "MAXVAL", "TUPLTYPE", "ENDHDR");

    /**
     * What a file that starts as a PAM is refused as when its header holds a word where a field's name belongs (as
     * "P7\nabc"): it was called "a PAM cut short inside its header", which it is not, and a whole header with such a
     * word ("FOO 3") was refused after OpenCV's "[ERROR:0@0.1] global loadsave.cpp imread_ ... can't read header: ...
     * Invalid header" line on standard error, as "not a readable image (OpenCV could not decode its 53 bytes; ...)".
     *
     * @param file the file, for the message
     * @param head its first bytes
     * @return the one-line message, or empty when the file does not start as a PAM, its header's words are fields or
     *     values, or the word is a field's name cut short at the end of {@code head} ({@link #cutShort} says that)
     */
    static Optional<String> notAPamField(java.nio.file.Path file, byte[] head) {
        if (head.length < 3 || head[0] != 'P' || head[1] != '7' || !Character.isWhitespace(head[2])) {
            return Optional.empty();
        }
        String stray = strayPamWord(head);
        if (stray == null) {
            return crowdedPamLine(head).map(crowded -> "image " + file + " is not a readable image: it starts as a PAM"
                    + " but its header's " + crowded + " on one line, and OpenCV, which decodes PAM for cam4j, reads"
                    + " each field on a line of its own (after P7's)");
        }
        if (endsIn(head, stray) && PAM_FIELDS.stream().anyMatch(f -> f.startsWith(stray))) {
            return Optional.empty();
        }
        return Optional.of("image " + file + " is not a readable image: it starts as a PAM but its header holds '"
                + printable(stray) + "' where a field's name belongs (a PAM's are " + String.join(", ", PAM_FIELDS)
                + "; a damaged file, or another format given a PAM's first bytes?)");
    }

    /**
     * @param bytes a PAM file's first bytes
     * @return the first word of its header, up to ENDHDR, that stands where a field's name belongs and is none: a
     *     field's value is the word after its name, TUPLTYPE's the rest of its line; null when there is none
     */
    private static String strayPamWord(byte[] bytes) {
        NetpbmRange.Tokens tokens = new NetpbmRange.Tokens(bytes, 2);
        boolean inTupleType = false;
        for (String token = tokens.next(); token != null && !token.equals("ENDHDR"); token = tokens.next()) {
            if (inTupleType && !tokens.onNewLine()) {
                continue;
            }
            if (!PAM_FIELDS.contains(token)) {
                return token;
            }
            inTupleType = token.equals("TUPLTYPE");
            if (!inTupleType) {
                tokens.next();
            }
        }
        return null;
    }

    /**
     * @param bytes a PAM file's first bytes, each word of its header where a field's name belongs being one
     * @return "'B' follows 'A 1'" for the first field (or ENDHDR) sharing the line of the one before it or of "P7",
     *     which OpenCV refused ("Assertion failed) str[pos] == 0 in function 'ParseInt'" on standard error); empty
     *     when each has a line of its own
     */
    private static Optional<String> crowdedPamLine(byte[] bytes) {
        NetpbmRange.Tokens tokens = new NetpbmRange.Tokens(bytes, 2);
        String before = "P7";
        for (String token = tokens.next(); token != null; token = tokens.next()) {
            if (!tokens.onNewLine()) {
                return Optional.of("'" + printable(token) + "' follows '" + printable(before) + "'");
            }
            if (token.equals("ENDHDR")) {
                break;
            }
            if (token.equals("TUPLTYPE")) {
                tokens.skipLine(); // its value is the rest of its line, words and all
                before = token;
                continue;
            }
            String value = tokens.next();
            if (value == null) {
                break;
            }
            before = token + " " + value;
        }
        return Optional.empty();
    }

    /** @return whether {@code bytes} end with {@code token}, nothing after it */
    private static boolean endsIn(byte[] bytes, String token) {
        return bytes.length >= token.length() && new String(bytes, bytes.length - token.length(), token.length(),
                java.nio.charset.StandardCharsets.ISO_8859_1).equals(token);
    }

    /** @return the token with each byte outside printable ASCII as '?', for a one-line message */
    static String printable(String token) {
        StringBuilder b = new StringBuilder();
        token.chars().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return b.toString();
    }

    /** @return a positive whole number of at most 9 digits, or -1 */
    private static long number(String token) {
        if (token == null || token.isEmpty() || token.length() > 9 || !token.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(token);
    }

    /** @return 1 when the token is a PFM's scale (a non-zero number, its sign the byte order), else -1 */
    private static long scale(String token) {
        try {
            return token != null && Double.parseDouble(token) != 0 ? 1 : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
