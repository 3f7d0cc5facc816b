package io.github.cam4j.video;

import java.lang.reflect.Field;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * The sound a decoder drops from the start of its first frame (Opus's pre-skip) while FFmpeg leaves the frame at its
 * packet's time: {@link FrameProcessing} moves the first sound frame on by it, so re-encoded sound stays in step with
 * its picture. Read from JavaCV's grabber's private decoded sound frame, when it can be reached.
 */
final class DroppedSoundStart {
    /** JavaCV's grabber's decoded sound frame (1.5.12's name), or null when it cannot be reached. */
    private static final Field SAMPLES_FRAME = samplesFrameField();

    private DroppedSoundStart() {}

    private static Field samplesFrameField() {
        try {
            Field f = FFmpegFrameGrabber.class.getDeclaredField("samples_frame");
            if (f.getType() != AVFrame.class) {
                return null;
            }
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @return how much sound the decoder dropped from the start of the first sound frame, microseconds: its packet
     *     lasts longer than the samples it gave. Opus drops its pre-skip (312 samples, 6.5 ms) and FFmpeg, unable to
     *     move a Matroska time by it ("could not update timestamps for skipped samples"), leaves the frame at its
     *     packet's time: re-encoded, Opus sound came out 7 ms ahead of its picture. 0 when nothing was dropped, or
     *     less than two ticks of the stream's time base (a Matroska AAC frame of 21.33 ms stored as 21 or 22).
     */
    static long leadingSkipMicros(FFmpegFrameGrabber ff) {
        if (SAMPLES_FRAME == null || ff.getFormatContext() == null || ff.getAudioStream() < 0) {
            return 0;
        }
        try {
            AVFrame sound = (AVFrame) SAMPLES_FRAME.get(ff);
            org.bytedeco.ffmpeg.avutil.AVRational tb = ff.getFormatContext().streams(ff.getAudioStream()).time_base();
            if (sound == null || sound.duration() <= 0 || sound.sample_rate() <= 0 || tb == null || tb.den() <= 0) {
                return 0;
            }
            double tick = 1e6 * tb.num() / tb.den();
            double lasts = sound.duration() * tick;
            double held = sound.nb_samples() * 1e6 / sound.sample_rate();
            long skipped = Math.round(lasts - held);
            return skipped > 2 * tick && skipped > 1_000 ? skipped : 0;
        } catch (IllegalAccessException e) {
            return 0;
        }
    }
}
