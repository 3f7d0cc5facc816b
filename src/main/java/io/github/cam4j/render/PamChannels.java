package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PAM_FORMAT_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PAM_FORMAT_RGB_ALPHA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2RGBA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A PAM file's colour samples in the order Netpbm defines them, red first (TUPLTYPE RGB and RGB_ALPHA). OpenCV's PAM
 * codec copies samples as they lie, both ways, into and out of its blue-first Mats: a red PAM written by Netpbm,
 * FFmpeg or GIMP was read as blue, and the PAM cam4j wrote held blue first, so other programs showed it with red and
 * blue swapped; its 4-channel PAM, written without a TUPLTYPE, OpenCV could not even read back ("Can't determine
 * selected_fmt"), though cam4j's refusals recommended .pam for pictures with alpha. And the tuple types OpenCV can
 * tell channels by ({@link #unplaced}).
 */
final class PamChannels {
    private PamChannels() {}

    /** @return whether the file's first bytes are a PAM header ("P7" and a line end) */
    static boolean isPam(byte[] head) {
        return head.length >= 3 && head[0] == 'P' && head[1] == '7' && (head[2] == '\n' || head[2] == '\r'
                || head[2] == ' ' || head[2] == '\t');
    }

    /** The tuple types OpenCV's PAM reader knows; it refuses any other, though Netpbm leaves TUPLTYPE free. */
    private static final List<String> KNOWN = List.of("BLACKANDWHITE", "GRAYSCALE", "RGB", "BLACKANDWHITE_ALPHA",
            "GRAYSCALE_ALPHA", "RGB_ALPHA");

    /**
     * What a whole PAM header is refused as when OpenCV cannot tell its channels: a TUPLTYPE it does not know ("GRAY",
     * "CMYK"), or none with a depth other than 1 or 3. OpenCV printed "[ERROR:0@0.1] global loadsave.cpp:466 imread_
     * ... can't read header: ... format_found" (or "Can't determine selected_fmt") on standard error, and cam4j then
     * said "not a readable image (OpenCV could not decode its 67 bytes; cam4j reads ...)", as if PAM were unknown.
     *
     * @param file the file, for the message
     * @param head its first bytes, a whole PAM header ({@link NetpbmSize#of(byte[])} reads it)
     * @return the one-line message, or empty when OpenCV can tell the channels
     */
    static Optional<String> unplaced(Path file, byte[] head) {
        NetpbmRange.Tokens tokens = new NetpbmRange.Tokens(head, 2);
        List<String> types = new ArrayList<>();
        String depth = null;
        StringBuilder type = null;
        for (String token = tokens.next(); token != null && !token.equals("ENDHDR"); token = tokens.next()) {
            if (type != null && !tokens.onNewLine()) {
                type.append(type.length() > 0 ? " " : "").append(token); // a TUPLTYPE's value: the rest of its line
                continue;
            }
            if (type != null) {
                types.add(type.toString());
                type = null;
            }
            if (token.equals("TUPLTYPE")) {
                type = new StringBuilder();
            } else if (token.equals("DEPTH")) {
                depth = tokens.next();
            }
        }
        if (type != null) {
            types.add(type.toString());
        }
        Optional<String> unknown = types.stream().filter(t -> !t.isEmpty() && !KNOWN.contains(t)).findFirst();
        if (unknown.isPresent()) {
            return Optional.of("image " + file + " is not a readable image: it is a PAM of tuple type '"
                    + NetpbmSize.printable(unknown.get()) + "', and OpenCV, which decodes PAM for cam4j, reads only "
                    + String.join(", ", KNOWN.subList(0, 5)) + " and " + KNOWN.get(5) + " (convert it, e.g. to PNG)");
        }
        if (types.stream().allMatch(String::isEmpty) && !"1".equals(depth) && !"3".equals(depth)) {
            String hint = "2".equals(depth) ? "a line 'TUPLTYPE GRAYSCALE_ALPHA' names them"
                    : "4".equals(depth) ? "a line 'TUPLTYPE RGB_ALPHA' names them" : "convert it, e.g. to PNG";
            return Optional.of("image " + file + " is not a readable image: it is a PAM of depth " + depth + " without"
                    + " a TUPLTYPE, whose channels OpenCV, which decodes PAM for cam4j, cannot tell (" + hint + ")");
        }
        return Optional.empty();
    }

    /**
     * @param decoded a PAM file's picture as OpenCV decoded it, samples in the file's order
     * @return a new Mat, blue first, for a colour one (3 or 4 channels); null for others, which need no change
     */
    static Mat toBgr(Mat decoded) {
        // The same swap both ways: BGR2RGB is RGB2BGR.
        return toRgb(decoded);
    }

    /**
     * @param image a picture to write as PAM
     * @return a new Mat, red first, for a colour one (3 or 4 channels); null for others, written as they are
     */
    static Mat toRgb(Mat image) {
        int channels = image.channels();
        if (channels != 3 && channels != 4) {
            return null;
        }
        Mat out = new Mat();
        cvtColor(image, out, channels == 3 ? COLOR_BGR2RGB : COLOR_BGRA2RGBA);
        return out;
    }

    /**
     * @param channels the picture's channels, 3 or 4
     * @return OpenCV's TUPLTYPE for them, written into the header: without one, no reader knows a depth of 4 is RGB and
     *     alpha, OpenCV's own included
     */
    static int tupleType(int channels) {
        return channels == 4 ? IMWRITE_PAM_FORMAT_RGB_ALPHA : IMWRITE_PAM_FORMAT_RGB;
    }
}
