package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_16U;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;

import java.util.OptionalInt;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The largest value (maxval) a Netpbm file's header declares, white in Netpbm's rule, and a decoded picture stretched
 * so that it is white at its depth's full range too. OpenCV's decoder keeps the stored values of binary 8-bit files
 * (P5, P6, P7) and of every 16-bit one: a 10-bit scan (maxval 1023) came back as 0..1023 of 65535 and a 4-bit one
 * (maxval 15) as 0..15 of 255, both explained as black pictures, "no evidence". Only its plain (ASCII) 8-bit reader
 * stretches them.
 */
final class NetpbmRange {
    private NetpbmRange() {}

    /**
     * @param head the file's first bytes
     * @return the maxval of a PGM, PPM (plain or binary) or PAM header; empty for other files, a PBM (whose pixels are
     *     0 or 1 and come back as 0 or 255) and a header that does not hold together
     */
    static OptionalInt maxval(byte[] head) {
        if (head.length < 3 || head[0] != 'P') {
            return OptionalInt.empty();
        }
        Tokens tokens = new Tokens(head, 2);
        return switch (head[1]) {
            case '2', '3', '5', '6' -> {
                // width, height, maxval: three numbers after the magic, comments and whitespace between them.
                tokens.next();
                tokens.next();
                yield number(tokens.next());
            }
            case '7' -> {
                // PAM: "KEY value" lines up to ENDHDR.
                for (String token = tokens.next(); token != null && !token.equals("ENDHDR"); token = tokens.next()) {
                    if (token.equals("MAXVAL")) {
                        yield number(tokens.next());
                    }
                }
                yield OptionalInt.empty();
            }
            default -> OptionalInt.empty();
        };
    }

    /**
     * @param decoded the picture as OpenCV decoded the file
     * @param head the file's first bytes
     * @return a new Mat the caller closes, the picture with the file's maxval as its depth's white, when OpenCV left it
     *     at the stored values; null when the picture is already at its full range (or is no Netpbm file)
     */
    static Mat stretched(Mat decoded, byte[] head) {
        OptionalInt maxval = maxval(head);
        if (maxval.isEmpty()) {
            return null;
        }
        boolean plain = head[1] == '2' || head[1] == '3';
        int depth = decoded.depth();
        double full;
        if (depth == CV_16U) {
            full = 65535;
        } else if (depth == CV_8U && !plain) {
            full = 255;
        } else {
            return null;
        }
        if (maxval.getAsInt() == full) {
            return null;
        }
        Mat out = new Mat();
        // Values above maxval break Netpbm's rule; they saturate at white.
        decoded.convertTo(out, depth, full / maxval.getAsInt(), 0);
        return out;
    }

    private static OptionalInt number(String token) {
        if (token == null || token.isEmpty() || token.length() > 5 || !token.chars().allMatch(Character::isDigit)) {
            return OptionalInt.empty();
        }
        int value = Integer.parseInt(token);
        return value >= 1 && value <= 65535 ? OptionalInt.of(value) : OptionalInt.empty();
    }

    /** A Netpbm header's whitespace-separated tokens, {@code #} comments to the end of their line left out. */
    static final class Tokens {
        private final byte[] bytes;
        private int at;
        private boolean lineEnded;

        Tokens(byte[] bytes, int at) {
            this.bytes = bytes;
            this.at = at;
        }

        /** @return the position just after the last token returned */
        int at() {
            return at;
        }

        /** @return whether a line ended between the token returned last and the one before it (or the start) */
        boolean onNewLine() {
            return lineEnded;
        }

        /** Passes over the rest of the current line, up to its line end. */
        void skipLine() {
            while (at < bytes.length && bytes[at] != '\n' && bytes[at] != '\r') {
                at++;
            }
        }

        /** @return the next token, or null at the end of the bytes */
        String next() {
            lineEnded = false;
            while (at < bytes.length && (Character.isWhitespace(bytes[at]) || bytes[at] == '#')) {
                lineEnded |= bytes[at] == '\n' || bytes[at] == '\r';
                if (bytes[at] == '#') {
                    while (at < bytes.length && bytes[at] != '\n' && bytes[at] != '\r') {
                        at++;
                    }
                } else {
                    at++;
                }
            }
            int start = at;
            while (at < bytes.length && !Character.isWhitespace(bytes[at]) && bytes[at] != '#' && at - start < 16) {
                at++;
            }
            return at > start ? new String(bytes, start, at - start, java.nio.charset.StandardCharsets.ISO_8859_1) : null;
        }
    }
}
