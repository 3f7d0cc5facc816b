package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PAM_FORMAT_RGB;
import static org.bytedeco.opencv.global.opencv_imgcodecs.IMWRITE_PAM_FORMAT_RGB_ALPHA;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGRA2RGBA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A PAM file's colour samples in the order Netpbm defines them, red first (TUPLTYPE RGB and RGB_ALPHA). OpenCV's PAM
 * codec copies samples as they lie, both ways, into and out of its blue-first Mats: a red PAM written by Netpbm,
 * FFmpeg or GIMP was read as blue, and the PAM cam4j wrote held blue first, so other programs showed it with red and
 * blue swapped; its 4-channel PAM, written without a TUPLTYPE, OpenCV could not even read back ("Can't determine
 * selected_fmt"), though cam4j's refusals recommended .pam for pictures with alpha.
 */
final class PamChannels {
    private PamChannels() {}

    /** @return whether the file's first bytes are a PAM header ("P7" and a line end) */
    static boolean isPam(byte[] head) {
        return head.length >= 3 && head[0] == 'P' && head[1] == '7' && (head[2] == '\n' || head[2] == '\r'
                || head[2] == ' ' || head[2] == '\t');
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
