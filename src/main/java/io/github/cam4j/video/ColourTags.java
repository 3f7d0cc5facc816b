package io.github.cam4j.video;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/** The video stream's colour tags (primaries, transfer, matrix): their FFmpeg names, and as the encoder's options. */
final class ColourTags {
    private ColourTags() {}

    /**
     * The video stream's colour tags, as options for the H.264 encoder: its primaries, transfer and matrix, and the
     * limited range the encoder writes; empty when the stream has none. Without them the output said nothing of its
     * colours, and a player took an HD one for BT.709 whatever the input was: a BT.709 bars patch decoded (14, 210,
     * 186) from the input came out (30, 231, 184) from the output (helper-64). The pixels go to BGR and back by
     * FFmpeg's one (BT.601) matrix, so the input's tags still describe them; RGB pictures get that matrix's tag.
     *
     * @param grabber the opened input
     * @return encoder option names and values (FFmpeg's names, e.g. "color_primaries" = "bt709")
     */
    static java.util.Map<String, String> encoderOptions(FrameGrabber grabber) {
        java.util.Map<String, String> options = new java.util.LinkedHashMap<>();
        if (!(grabber instanceof FFmpegFrameGrabber ff) || ff.getFormatContext() == null || ff.getVideoStream() < 0) {
            return options;
        }
        org.bytedeco.ffmpeg.avcodec.AVCodecParameters par = ff.getFormatContext().streams(ff.getVideoStream()).codecpar();
        putName(options, "color_primaries", par.color_primaries(), avutil.AVCOL_PRI_UNSPECIFIED,
                avutil.av_color_primaries_name(par.color_primaries()));
        putName(options, "color_trc", par.color_trc(), avutil.AVCOL_TRC_UNSPECIFIED,
                avutil.av_color_transfer_name(par.color_trc()));
        if (par.color_space() == avutil.AVCOL_SPC_RGB) {
            // Pictures stored as RGB (PNG, an RGB codec) are made YUV by FFmpeg's default, BT.601, matrix; "gbr"
            // copied onto the H.264 stream made the encoder refuse to open.
            options.put("colorspace", "smpte170m");
        } else {
            putName(options, "colorspace", par.color_space(), avutil.AVCOL_SPC_UNSPECIFIED,
                    avutil.av_color_space_name(par.color_space()));
        }
        if (!options.isEmpty()) {
            // What the encoder writes from BGR, whatever range the input had.
            options.put("color_range", "tv");
        }
        return options;
    }

    private static void putName(java.util.Map<String, String> options, String key, int value, int unspecified,
            org.bytedeco.javacpp.BytePointer name) {
        String tag = tag(key, value, unspecified, name);
        if (tag != null) {
            options.put(key, tag);
        }
    }

    /** @return a colour tag's FFmpeg name ("bt709"); null when the stream states none */
    static String tag(String key, int value, int unspecified, org.bytedeco.javacpp.BytePointer name) {
        // 0 and 3 are FFmpeg's reserved values for primaries and transfer (3 for the matrix too): no tag to copy.
        boolean reserved = value == 3 || value == 0 && !key.equals("colorspace");
        return value != unspecified && !reserved && name != null && !name.isNull() ? name.getString() : null;
    }
}
