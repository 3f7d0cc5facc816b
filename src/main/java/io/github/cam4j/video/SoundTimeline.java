package io.github.cam4j.video;

import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.ShortBuffer;
import java.util.ArrayList;
import java.util.List;
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
 *
 * <p>Whether the picture jumped too is known only when its next frame comes: a recording that lost picture and sound
 * together for 15 s (a broadcast's signal, a camera that paused) delivers the sound after the gap before the picture
 * after it, which the video decoder still holds. Judged on the picture before the gap, that sound was written 15 s
 * early, against the picture before the gap, and the user told of a damaged timestamp. So sound that jumps is held
 * (at most {@link #MAX_LEAD_MICROS} of it): a picture that jumps to it (near it, and nearer to it than to the picture
 * before) means a gap in both, filled with silence; that much sound, or the end of the input, with no such picture,
 * means the sound's time alone jumped.
 */
final class SoundTimeline implements AutoCloseable {
    /** A shortfall up to this is left alone: timestamps' rounding and jitter, not missing sound. */
    static final long TOLERANCE_MICROS = 40_000;
    /** How far past the latest picture (before any, the sound written) sound may be due and still be waited for. */
    static final long MAX_LEAD_MICROS = 10_000_000;

    /** Samples per channel written so far, at the input's sample rate. */
    private long written;
    /** The latest picture's input time, microseconds; negative while none has come. */
    private long latestPictureMicros = -1;
    /** Whether a jump of the sound alone has been found (and told): later ones are written on without waiting. */
    private boolean jumpTold;
    /** Sound held since it jumped, until a picture says whether the picture jumped too; copies, owned here. */
    private final List<Held> held = new ArrayList<>();
    /** Samples per channel held. */
    private long heldSamples;
    /** What to tell if the held sound turns out to have jumped alone. */
    private String heldNotice;

    private record Held(Frame sound, long micros, long zeroMicros) {}

    /** Mixes sound whose channel count is not the output's (it changed midway, or AAC takes fewer); made when needed. */
    private ChannelMix mix;

    /**
     * Notes that a picture at this input time has come, before it is written: sound due up to
     * {@link #MAX_LEAD_MICROS} past it is waited for with silence, and sound held since a jump that this picture
     * jumped to (it lies near the held sound, nearer than to the picture before it) is written after the gap's
     * silence.
     *
     * @param recorder the output, started
     * @param micros the picture's presentation time, microseconds; negative when unknown (decides nothing)
     */
    void pictureAt(FFmpegFrameRecorder recorder, long micros) throws FrameRecorder.Exception {
        if (micros < 0) {
            return;
        }
        long before = latestPictureMicros;
        latestPictureMicros = Math.max(latestPictureMicros, micros);
        if (held.isEmpty()) {
            return;
        }
        // A picture from before the gap decides nothing: the decoder still delivers those after the sound beyond it.
        // Nor does one that goes on from the picture before it: when the sound's time alone jumped 15 s, the picture
        // came within 10 s of it 5 s later, and 15 s of silence put the sound 15 s behind its picture from then on.
        // Picture and sound that resume together after a gap jump together: the picture lands nearer the held sound
        // than the picture before it.
        long ahead = held.get(0).micros() - micros;
        if (ahead <= MAX_LEAD_MICROS && ahead < micros - before) {
            release(recorder, false);
        }
    }

    /**
     * Records a frame of sound, after the silence that brings it to its input time; sound that jumps far past the
     * picture is held (copied) until a picture near it comes.
     *
     * @param recorder the output, started
     * @param sound a frame of sound as decoded; the caller keeps it
     * @param micros its presentation time in the input, microseconds; negative when unknown (then written as it comes)
     * @param zeroMicros the input time at the output's zero ({@link OutputTimeline#zeroMicros()}); negative when unknown
     * @return what to tell the user, the first time sound jumps too far ahead to be waited for; else null
     */
    String record(FFmpegFrameRecorder recorder, Frame sound, long micros, long zeroMicros)
            throws FrameRecorder.Exception {
        if (!held.isEmpty()) {
            hold(sound, micros, zeroMicros);
            // As much sound as the wait allows and still no picture: the picture is not coming near it.
            return heldSamples * 1e6 / Math.max(1, sound.sampleRate) > MAX_LEAD_MICROS ? release(recorder, true) : null;
        }
        if (written == 0 && micros >= 0 && zeroMicros > micros) {
            // Sound that starts before the output's zero, where the picture starts less than a frame after it (an
            // encoder's priming): cut there, as the copied sound's edit list cuts it. Written from 0, it lagged its
            // picture by that much.
            long cut = Math.round((zeroMicros - micros) * (double) sound.sampleRate / 1e6);
            if (cut >= samples(sound)) {
                return null;
            }
            write(recorder, after(sound, cut), 0); // shares the caller's buffers: nothing to free
            return null;
        }
        long silence = silenceBefore(micros, zeroMicros, sound.sampleRate);
        if (silence > 0 && jumpsAhead(micros, zeroMicros, sound.sampleRate)) {
            if (jumpTold) {
                silence = 0;
            } else {
                heldNotice = "sound at " + seconds(micros - Math.max(0, zeroMicros)) + " s lies more than "
                        + MAX_LEAD_MICROS / 1_000_000 + " s past " + (latestPictureMicros >= 0 ? "the picture (at "
                        + seconds(latestPictureMicros - Math.max(0, zeroMicros)) + " s)" : "the sound before it")
                        + ": a damaged timestamp, so the sound goes on without a gap";
                hold(sound, micros, zeroMicros);
                return null;
            }
        }
        write(recorder, sound, silence);
        return null;
    }

    /**
     * Writes the sound still held: at the end of the input, all of it (no picture came after it: its time jumped
     * alone); at a stop before the end (a frame limit, Ctrl-C), what the pictures written reach, and nothing is told.
     *
     * @param recorder the output, started
     * @param inputEnded whether the input was read to its end
     * @return what to tell the user, or null
     */
    String finish(FFmpegFrameRecorder recorder, boolean inputEnded) throws FrameRecorder.Exception {
        if (held.isEmpty()) {
            return null;
        }
        if (inputEnded) {
            return release(recorder, true);
        }
        // The picture that would have said whether the sound jumped alone was never read: with --max-frames stopping at
        // a 15-s gap in picture and sound, half a second of the sound after the gap went out past the last picture,
        // and the user was told of a damaged timestamp. Held sound that the pictures written can play with (its time
        // alone jumped, and the pictures went on) is written on where the sound stands; what lies past them is
        // dropped, as a stop drops the pictures past it.
        try {
            for (Held h : held) {
                int rate = h.sound().sampleRate;
                double end = (written + samples(h.sound())) * 1e6 / Math.max(1, rate);
                if (latestPictureMicros < 0
                        || end > latestPictureMicros - Math.max(0, h.zeroMicros()) + TOLERANCE_MICROS) {
                    break;
                }
                write(recorder, h.sound(), 0);
            }
        } finally {
            freeHeld();
        }
        return null;
    }

    /** Frees the sound still held (a run that failed) and the channel mixer. */
    @Override
    public void close() {
        freeHeld();
        if (mix != null) {
            mix.close();
            mix = null;
        }
    }

    private void freeHeld() {
        held.forEach(h -> h.sound().close());
        held.clear();
        heldSamples = 0;
    }

    private void hold(Frame sound, long micros, long zeroMicros) {
        held.add(new Held(sound.clone(), micros, zeroMicros));
        heldSamples += samples(sound);
    }

    /** Writes the held sound: on where the sound stands when its time jumped alone, else after the gap's silence. */
    private String release(FFmpegFrameRecorder recorder, boolean jumpedAlone) throws FrameRecorder.Exception {
        String told = null;
        if (jumpedAlone && !jumpTold) {
            jumpTold = true;
            told = heldNotice;
        }
        try {
            for (Held h : held) {
                write(recorder, h.sound(), jumpedAlone ? 0 : silenceBefore(h.micros(), h.zeroMicros(),
                        h.sound().sampleRate));
            }
        } finally {
            freeHeld();
        }
        return told;
    }

    private void write(FFmpegFrameRecorder recorder, Frame sound, long silence) throws FrameRecorder.Exception {
        // The recorder reads whatever it is given as having the track's channel count: sound with another count (a
        // change midway, more than AAC takes) is mixed to it first, and so is the silence before it.
        if (mix == null && sound.audioChannels != recorder.getAudioChannels()) {
            mix = new ChannelMix(recorder.getAudioChannels());
        }
        boolean mixed = mix != null && mix.needed(sound);
        while (silence > 0) {
            // At most a second at a time: a long gap costs no more memory than a short one.
            int n = (int) Math.min(silence, Math.max(1, sound.sampleRate));
            if (mixed) {
                recorder.recordSamples(sound.sampleRate, mix.outChannels(), mix.silence(n));
            } else {
                recorder.recordSamples(sound.sampleRate, sound.audioChannels, silent(sound, n));
            }
            written += n;
            silence -= n;
        }
        if (mixed) {
            recorder.recordSamples(sound.sampleRate, mix.outChannels(), mix.mix(sound));
        } else {
            recorder.record(sound);
        }
        written += samples(sound);
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

    /**
     * @return a frame of the same sound without its first {@code n} samples per channel, sharing {@code sound}'s
     *     buffers
     */
    static Frame after(Frame sound, long n) {
        Frame rest = new Frame();
        rest.sampleRate = sound.sampleRate;
        rest.audioChannels = sound.audioChannels;
        rest.timestamp = sound.timestamp;
        rest.samples = new Buffer[sound.samples.length];
        int perSample = sound.samples.length > 1 ? 1 : Math.max(1, sound.audioChannels);
        for (int i = 0; i < sound.samples.length; i++) {
            Buffer b = sound.samples[i];
            rest.samples[i] = b.duplicate().position((int) Math.min(b.limit(), b.position() + n * perSample)).slice();
        }
        return rest;
    }

    /**
     * @return a frame of the same sound with only its first {@code n} samples per channel, sharing {@code sound}'s
     *     buffers
     */
    static Frame first(Frame sound, long n) {
        Frame part = after(sound, 0);
        int perSample = sound.samples.length > 1 ? 1 : Math.max(1, sound.audioChannels);
        for (int i = 0; i < part.samples.length; i++) {
            Buffer b = part.samples[i];
            b.limit((int) Math.min(b.limit(), n * perSample));
        }
        return part;
    }

    /** @return how long a frame of sound lasts, microseconds */
    static long lastsMicros(Frame sound) {
        return Math.round(samples(sound) * 1e6 / Math.max(1, sound.sampleRate));
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
