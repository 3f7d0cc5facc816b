package io.github.cam4j.video;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Keeps the sound at its input time. FFmpeg's recorder takes sound without times: it writes each sample after the
 * last, from the output's zero on. Sound that starts after the picture (an edit whose sound comes in at 3 s) was
 * written from 0 s, three seconds ahead of its picture, and a gap in the sound (packets lost in a recording) pulled
 * everything after it forward. So before a frame of sound that comes later than the samples written so far reach,
 * the difference is written as silence.
 *
 * <p>Silence is written only up to a little past the picture: sound and picture come interleaved in time, so sound
 * due far beyond the latest picture (a timestamp that jumped by hours in a damaged recording) is not a gap to fill.
 * Filled, a 3-second clip whose sound jumped an hour ahead came out an hour long, nearly all silence. Such sound is
 * written on where the sound stands, and the jump is told once. The 10 seconds are the threshold past which FFmpeg's
 * own tool takes a timestamp jump for a discontinuity in the formats that allow one ({@code -dts_delta_threshold}).
 */
final class SoundTimeline {
    /** A shortfall up to this is left alone: timestamps' rounding and jitter, not missing sound. */
    static final long TOLERANCE_MICROS = 40_000;
    /** How far past the latest picture (before any, the sound written) sound may be due and still be waited for. */
    static final long MAX_LEAD_MICROS = 10_000_000;

    /** Samples per channel written so far, at the input's sample rate. */
    private long written;
    /** The latest picture's input time, microseconds; negative while none has come. */
    private long latestPictureMicros = -1;
    /** Whether a jump has been told. */
    private boolean jumpTold;

    /**
     * Notes that a picture at this input time has come: sound due up to {@link #MAX_LEAD_MICROS} past it is waited
     * for with silence.
     *
     * @param micros the picture's presentation time, microseconds; negative when unknown (ignored)
     */
    void pictureAt(long micros) {
        latestPictureMicros = Math.max(latestPictureMicros, micros);
    }

    /**
     * Records a frame of sound, after the silence that brings it to its input time.
     *
     * @param recorder the output, started
     * @param sound a frame of sound as decoded
     * @param micros its presentation time in the input, microseconds; negative when unknown (then written as it comes)
     * @param zeroMicros the input time at the output's zero ({@link OutputTimeline#zeroMicros()}); negative when unknown
     * @return what to tell the user, the first time sound jumps too far ahead to be waited for; else null
     */
    String record(FFmpegFrameRecorder recorder, Frame sound, long micros, long zeroMicros)
            throws FrameRecorder.Exception {
        long silence = silenceBefore(micros, zeroMicros, sound.sampleRate);
        String told = null;
        if (silence > 0 && jumpsAhead(micros, zeroMicros, sound.sampleRate)) {
            silence = 0;
            if (!jumpTold) {
                jumpTold = true;
                told = "sound at " + seconds(micros - Math.max(0, zeroMicros)) + " s lies more than "
                        + MAX_LEAD_MICROS / 1_000_000 + " s past " + (latestPictureMicros >= 0 ? "the picture (at "
                        + seconds(latestPictureMicros - Math.max(0, zeroMicros)) + " s)" : "the sound before it")
                        + ": a damaged timestamp, so the sound goes on without a gap";
            }
        }
        while (silence > 0) {
            // At most a second at a time: a long gap costs no more memory than a short one.
            int n = (int) Math.min(silence, Math.max(1, sound.sampleRate));
            recorder.recordSamples(sound.sampleRate, sound.audioChannels, silent(sound, n));
            written += n;
            silence -= n;
        }
        recorder.record(sound);
        written += samples(sound);
        return told;
    }

    /** @return whether sound due at {@code micros} lies too far past the latest picture (or the sound written) */
    boolean jumpsAhead(long micros, long zeroMicros, int sampleRate) {
        long reference = latestPictureMicros >= 0 ? latestPictureMicros
                : zeroMicros + Math.round(written * 1e6 / sampleRate);
        return micros - reference > MAX_LEAD_MICROS;
    }

    private static String seconds(long micros) {
        return String.format(java.util.Locale.ROOT, "%.2f", micros / 1e6);
    }

    /** @return the samples per channel of silence due before sound at {@code micros}; 0 within the tolerance */
    long silenceBefore(long micros, long zeroMicros, int sampleRate) {
        if (micros < 0 || zeroMicros < 0 || sampleRate <= 0 || micros <= zeroMicros) {
            return 0;
        }
        long due = Math.round((micros - zeroMicros) * (double) sampleRate / 1e6);
        long gap = due - written;
        return gap * 1e6 / sampleRate > TOLERANCE_MICROS ? gap : 0;
    }

    /** @return samples per channel in a frame of sound: planar frames hold a buffer per channel, others one in all */
    static long samples(Frame sound) {
        if (sound.samples == null || sound.samples.length == 0) {
            return 0;
        }
        Buffer b = sound.samples[0];
        int perSample = sound.samples.length > 1 ? 1 : Math.max(1, sound.audioChannels);
        return (b.limit() - b.position()) / perSample;
    }

    /** @return {@code n} samples per channel of silence, laid out as {@code like}'s (sample type, planar or not) */
    static Buffer[] silent(Frame like, int n) {
        int planes = like.samples.length;
        int perPlane = planes > 1 ? n : n * Math.max(1, like.audioChannels);
        Buffer[] out = new Buffer[planes];
        for (int i = 0; i < planes; i++) {
            Buffer b = like.samples[i];
            if (b instanceof ShortBuffer) {
                out[i] = ShortBuffer.allocate(perPlane);
            } else if (b instanceof FloatBuffer) {
                out[i] = FloatBuffer.allocate(perPlane);
            } else if (b instanceof IntBuffer) {
                out[i] = IntBuffer.allocate(perPlane);
            } else if (b instanceof DoubleBuffer) {
                out[i] = DoubleBuffer.allocate(perPlane);
            } else {
                // Unsigned 8-bit sound: silence is the middle level, not 0.
                byte[] mid = new byte[perPlane];
                java.util.Arrays.fill(mid, (byte) 0x80);
                out[i] = ByteBuffer.wrap(mid);
            }
        }
        return out;
    }
}
