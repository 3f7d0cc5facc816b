package io.github.cam4j.video;

import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The alpha channel of a VP8 or VP9 video in WebM or Matroska: stored beside each picture (a BlockAdditional, the
 * stream tagged {@code alpha_mode=1}, as a browser, After Effects or ffmpeg's libvpx encoder writes a transparent
 * overlay), which FFmpeg's own vp8 and vp9 decoders ignore. Only libvpx's decoders read it, into yuva420p pictures
 * that {@link PictureConversion#convertOverGround} lays on its ground. Decoded by FFmpeg's own, a video drawn in its
 * alpha over black colours came out blank, "no evidence" on every frame, with nothing said.
 */
final class VpxAlpha {
    private VpxAlpha() {
    }

    /**
     * @param g a started grabber
     * @return the libvpx decoder to open its video stream with so that its alpha is read ({@code libvpx-vp9},
     *     {@code libvpx}); null when the stream carries no alpha, is decoded by libvpx already, or FFmpeg has no
     *     libvpx decoder
     */
    static String decoderFor(FFmpegFrameGrabber g) {
        String decoder = libvpxDecoder(g);
        if (decoder == null || decoder.equals(g.getVideoCodecName())
                || avcodec.avcodec_find_decoder_by_name(decoder) == null) {
            return null;
        }
        return decoder;
    }

    /**
     * @param g a started grabber
     * @return whether its video stream carries an alpha channel its decoder drops: a pipe, which cannot be opened again
     *     with libvpx's decoder once its first bytes are read
     */
    static boolean dropped(FFmpegFrameGrabber g) {
        String decoder = libvpxDecoder(g);
        return decoder != null && !decoder.equals(g.getVideoCodecName());
    }

    /** @return the libvpx decoder of a VP8 or VP9 stream tagged as carrying alpha; null for any other */
    private static String libvpxDecoder(FFmpegFrameGrabber g) {
        if (g.getFormatContext() == null || g.getVideoStream() < 0) {
            return null;
        }
        AVStream st = g.getFormatContext().streams(g.getVideoStream());
        int codec = st.codecpar().codec_id();
        if (codec != avcodec.AV_CODEC_ID_VP8 && codec != avcodec.AV_CODEC_ID_VP9) {
            return null;
        }
        // Matroska's demuxer gives the track's AlphaMode element as this stream tag; 1 means the alpha is there.
        org.bytedeco.ffmpeg.avutil.AVDictionaryEntry alpha = avutil.av_dict_get(st.metadata(), "alpha_mode", null, 0);
        if (alpha == null || !"1".equals(alpha.value().getString())) {
            return null;
        }
        return codec == avcodec.AV_CODEC_ID_VP9 ? "libvpx-vp9" : "libvpx";
    }
}
