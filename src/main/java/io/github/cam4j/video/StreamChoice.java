package io.github.cam4j.video;

import java.util.List;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * Which of a file's streams are read: the video and audio streams a player picks, where JavaCV would take the first of
 * each kind that is not flagged default ({@link FileOpener} starts the grabber again on these), and for a pipe, read
 * once, the audio stream the grabber already took.
 */
final class StreamChoice {
    private StreamChoice() {}

    /**
     * @return the video stream a player shows: the one FFmpeg finds best (flagged default first, then the one with the
     *     most frames and bits), or when that is a cover picture the first video stream that is not; a cover picture
     *     when the file holds nothing else; -1 when it holds no video stream
     */
    static int videoToRead(FFmpegFrameGrabber g) {
        AVFormatContext oc = g.getFormatContext();
        if (oc == null) {
            return -1;
        }
        int best = avformat.av_find_best_stream(oc, avutil.AVMEDIA_TYPE_VIDEO, -1, -1, (PointerPointer<?>) null, 0);
        if (best >= 0 && !attachedPicture(g, best)) {
            return best;
        }
        for (int i = 0; i < oc.nb_streams(); i++) {
            if (oc.streams(i).codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO && !attachedPicture(g, i)) {
                return i;
            }
        }
        return Math.max(best, -1);
    }

    /**
     * A pipe is read once, by the grabber already open: its audio track is the one JavaCV took, and one asked for must
     * be that one.
     *
     * @param file the pipe or stream, as a message names it
     * @return the audio stream read
     * @throws VideoSettingException when another track is asked for, or one the pipe lacks
     */
    static int pipeAudio(FFmpegFrameGrabber g, List<AudioTracks.Track> tracks, int audioTrack, String file)
            throws VideoSettingException {
        if (audioTrack <= 0) {
            return g.getAudioStream();
        }
        AudioTracks.Track asked = AudioTracks.pick(tracks, audioTrack, file);
        if (asked.index() != g.getAudioStream()) {
            String why = "video " + file + " is a pipe (read once), whose audio track " + tracks.stream()
                    .filter(t -> t.index() == g.getAudioStream()).map(t -> t.number() + " (" + t.traits() + ")")
                    .findFirst().orElse("(none)") + " is read; write the pipe with track " + audioTrack
                    + " mapped first (ffmpeg ... -map 0:v:0 -map 0:a:" + (audioTrack - 1) + ")";
            throw new VideoSettingException("cannot read audio track " + audioTrack + " (VideoPipeline.Builder"
                    + ".optAudioTrack): " + why, "--audio-track " + audioTrack + ": " + why);
        }
        return asked.index();
    }

    /** @return the audio stream FFmpeg finds best beside the video stream (flagged default first), -1 when none */
    static int audioToRead(FFmpegFrameGrabber g, int video) {
        AVFormatContext oc = g.getFormatContext();
        return oc == null ? -1 : Math.max(-1, avformat.av_find_best_stream(oc, avutil.AVMEDIA_TYPE_AUDIO, -1, video,
                (PointerPointer<?>) null, 0));
    }

    /** @return whether stream {@code index} is a still picture attached to the file (a cover), not a video */
    static boolean attachedPicture(FFmpegFrameGrabber g, int index) {
        return index >= 0 && g.getFormatContext() != null
                && (g.getFormatContext().streams(index).disposition() & avformat.AV_DISPOSITION_ATTACHED_PIC) != 0;
    }
}
