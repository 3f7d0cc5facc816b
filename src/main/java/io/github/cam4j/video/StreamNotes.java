package io.github.cam4j.video;

import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * The one-line notes a run gives on a video whose frames are not what a model expects: interlaced (two fields woven
 * into each frame), HDR (code values of a transfer an SDR picture does not have) or with an alpha channel (flattened
 * over the ground explain would choose), each with the FFmpeg command that makes it so first. {@link FrameSource} says
 * when a note applies; this says it.
 */
final class StreamNotes {
    /** The input, as {@link VideoInfo#source()} names it. */
    private final String source;

    /** @param source the input, as {@link VideoInfo#source()} names it */
    StreamNotes(String source) {
        this.source = source;
    }

    /**
     * @param fieldOrder the video stream's field order as FFmpeg finds it ({@code AV_FIELD_TT}...)
     * @return the note on a stream whose field order says it is interlaced (tt, bb, tb or bt), explained as stored;
     *     null for any other
     */
    String fieldOrderNote(int fieldOrder) {
        String order = switch (fieldOrder) {
            case avcodec.AV_FIELD_TT -> "tt, top field first";
            case avcodec.AV_FIELD_BB -> "bb, bottom field first";
            case avcodec.AV_FIELD_TB -> "tb, top field coded first, bottom shown first";
            case avcodec.AV_FIELD_BT -> "bt, bottom field coded first, top shown first";
            default -> null;
        };
        return order == null ? null : interlaced("is interlaced", order);
    }

    /**
     * @param is what the video does: "is interlaced", or "turns interlaced at its picture N"
     * @param topFirst whether the pictures' top field is shown first
     * @param deinterlace whether such pictures are deinterlaced by their first field, else kept as stored
     * @return the note on pictures that say they hold two fields, deinterlaced or kept as stored
     */
    String pictureFieldsNote(String is, boolean topFirst, boolean deinterlace) {
        String order = topFirst ? "tt, top field first" : "bb, bottom field first";
        return deinterlace ? deinterlaced(is, order, topFirst ? "top" : "bottom") : interlaced(is, order);
    }

    private String deinterlaced(String is, String order, String field) {
        return "video " + source + " " + is + " (field order " + order + "): each frame holding two fields is"
                + " deinterlaced by its " + field + " field, shown first, the other's rows interpolated, which halves its"
                + " vertical detail; for all of it, deinterlace " + firstCommand() + " -vf yadif -c:a copy"
                + " deinterlaced.mp4";
    }

    private String interlaced(String is, String order) {
        // Each frame holds two fields taken a field's time apart: explained as stored, whatever moves is combed (every
        // other row from the other moment), which neither the model nor the viewer expects. FFmpeg's deinterlacer
        // makes whole frames.
        return "video " + source + " " + is + " (field order " + order + "): its frames are explained as "
                + "stored, both fields woven together, so what moves is combed; deinterlace " + firstCommand()
                + " -vf yadif -c:a copy deinterlaced.mp4";
    }

    /**
     * @param par the video stream's codec parameters
     * @return for a video whose stream is tagged with an HDR transfer (PQ, SMPTE ST 2084, as HDR10 and Dolby Vision
     *     profiles write it; HLG, ARIB STD-B67, as phones record HDR), one line saying that it is explained and written
     *     without tone mapping, and how to tone-map it first; null for any other
     */
    String hdrNote(AVCodecParameters par) {
        int transfer = par.color_trc();
        String name = transfer == avutil.AVCOL_TRC_SMPTE2084 ? "smpte2084"
                : transfer == avutil.AVCOL_TRC_ARIB_STD_B67 ? "arib-std-b67" : null;
        if (name == null) {
            return null;
        }
        // The input's own primaries and matrix where it states them, else HDR's usual BT.2020: zscale finds "no path
        // between colorspaces" when one is unknown (tried with FFmpeg 7.1's zscale on PQ and HLG files).
        int p = par.color_primaries();
        int m = par.color_space();
        String primaries = ColourTags.tag("color_primaries", p, avutil.AVCOL_PRI_UNSPECIFIED,
                avutil.av_color_primaries_name(p));
        // The matrix's 0 is RGB, which HDR video is not.
        String matrix = m == avutil.AVCOL_SPC_RGB ? null
                : ColourTags.tag("colorspace", m, avutil.AVCOL_SPC_UNSPECIFIED, avutil.av_color_space_name(m));
        primaries = primaries == null ? "bt2020" : primaries;
        matrix = matrix == null ? "bt2020nc" : matrix;
        // Its range as tagged, limited when untagged (as video is): a full-range file read as limited comes out
        // washed out and clipped.
        String range = par.color_range() == avutil.AVCOL_RANGE_JPEG ? "pc" : "tv";
        // Its code values go to 8-bit BGR and back unchanged, so the output, tagged as the input, shows about as the
        // input did (banded); but the model sees HDR code values, not the picture an SDR camera would have made, and
        // the overlay's colours are drawn in them.
        return "video " + source + " is HDR (transfer " + (name.equals("smpte2084") ? "PQ, " : "HLG, ") + name
                + "): its frames are explained and written as 8-bit code values with its colour tags, not tone-mapped,"
                + " so the model sees them unlike an SDR picture and the output is banded; to explain it as SDR,"
                + " tone-map " + firstCommand() + " -vf zscale=tin=" + name + ":min=" + matrix + ":pin=" + primaries
                + ":rin=" + range + ":t=linear:npl=100:p=" + primaries + ":m=" + matrix + ",format=gbrpf32le,"
                + "zscale=p=bt709,tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv,format=yuv420p -c:a copy sdr.mp4";
    }

    /**
     * @param pixelFormat the decoded pictures' pixel format
     * @param ground the grey level of the ground its pictures are laid on, 255 (white) or 0 (black)
     * @return for a video whose pixel format carries an alpha channel (qtrle's argb, PNG's rgba, ProRes 4444's
     *     yuva444p10le, VP9's yuva420p...), one line saying over which ground its frames are taken, and how to flatten
     *     it over the other first; null for any other
     */
    String alphaNote(int pixelFormat, int ground) {
        org.bytedeco.ffmpeg.avutil.AVPixFmtDescriptor desc = avutil.av_pix_fmt_desc_get(pixelFormat);
        if (desc == null || (desc.flags() & avutil.AV_PIX_FMT_FLAG_ALPHA) == 0) {
            return null;
        }
        // Its pictures are flattened over the ground explain would lay its first picture on
        // (PictureConversion.convertOverGround): a model and an mp4 take no transparency, and which ground the video
        // was made for is not known.
        String format = avutil.av_get_pix_fmt_name(pixelFormat).getString();
        String used = ground == 0 ? "black" : "white";
        String other = ground == 0 ? "white" : "black";
        return "video " + source + " has an alpha channel (pixel format " + format + "): its frames are explained and "
                + "written over " + used + " where they are transparent; for another ground, flatten " + firstCommand()
                + " -filter_complex \"split[a][b];[a]drawbox=c=" + other + ":t=fill,format=rgb24[bg];[bg][b]overlay\""
                + " -c:a copy flat.mp4";
    }

    /**
     * @param decoder the FFmpeg decoder reading the video ({@code vp9}, {@code vp8})
     * @return the note on a VP8 or VP9 video whose alpha channel that decoder drops: its frames are explained as the
     *     colours stored, opaque
     */
    String droppedAlphaNote(String decoder) {
        // Read from a pipe, its first bytes are gone once FFmpeg has found what the stream is: it cannot be opened
        // again with libvpx's decoder, the only one that reads the alpha. By name, it is (VpxAlpha). Which ground
        // explain would lay it on depends on its ink, which the alpha holds: the note names both (white alone, which it
        // named, lays a white title on white).
        return "video " + source + " carries an alpha channel (alpha_mode 1) that FFmpeg's " + decoder + " decoder "
                + "drops: its frames are explained as their colours alone, opaque, which may be blank; give the file by "
                + "name, which is read with libvpx's decoder, or flatten the source first over the ground explain "
                + "lays a picture with alpha on, white for dark ink, black for light ink (c=black: a white title), "
                + "e.g. ffmpeg -c:v libvpx" + (decoder.equals("vp9") ? "-vp9" : "")
                + " -i SOURCE -filter_complex \"split[a][b];[a]drawbox=c=white:t=fill,format=rgb24[bg];[bg][b]overlay\""
                + " -c:a copy flat.mp4";
    }

    /**
     * @return how a note's FFmpeg command, run before cam4j, starts: "it first, e.g. ffmpeg -i 'my clip.mkv'"; for a
     *     pipe (the standard input among them), whose bytes are gone once read, "the source first, e.g. ffmpeg -i
     *     SOURCE": {@code ffmpeg -i /dev/stdin} would read nothing
     */
    private String firstCommand() {
        boolean pipe = io.github.cam4j.data.FileKinds.isFifo(java.nio.file.Path.of(source));
        return pipe ? "the source first, e.g. ffmpeg -i SOURCE"
                : "it first, e.g. ffmpeg -i " + io.github.cam4j.ShellWords.quote(source);
    }
}
