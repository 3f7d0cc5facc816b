package io.github.cam4j.video;

import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * The input's audio packets written to the output as they are, interleaved with the picture: before a picture is
 * recorded, the packets due up to its time go out, so the muxer, which holds a stream written ahead of the others until
 * they catch up, never holds more than a frame's worth. Each packet's time is moved by the output's zero, the input
 * time the picture's clock starts at ({@link OutputTimeline#zeroMicros()}), so sound and picture stay in step.
 *
 * <p>JavaCV's recorder encodes the picture and copies streams only of the input it was started with ({@link
 * FFmpegFrameRecorder#start(AVFormatContext)}): it is given {@link #recorderInput()}, a context that holds nothing but
 * this audio stream's description, and each packet as that context's stream 0.
 *
 * <p>Copied sound cannot be given silence. A gap stays a gap in the packets' times, as {@code ffmpeg -c copy} leaves it.
 * A time that jumps far ahead is told apart as the AAC path tells it ({@link SoundTimeline}): sound more than {@link
 * SoundTimeline#MAX_LEAD_MICROS} past the sound before it waits for the pictures; a picture that jumps to it (within
 * that, and nearer it than the picture before) means picture and sound lost a stretch together, and the times are kept;
 * a picture that goes on more than {@link #DECIDED_MICROS} past where the sound broke off, or the end of the input,
 * means the sound's times alone jumped: from there its times are moved back to go on where the sound stood, and that
 * is told once. Filled or kept, a jump of an hour made an hour-long file. A time that goes back (a recording's clock
 * reset) is moved on likewise, as the mp4 takes only times that grow.
 */
final class CopiedSound implements AutoCloseable {
    /** How far past the sound's break the pictures must go on to say that the sound's time alone jumped. */
    static final long DECIDED_MICROS = 1_000_000;

    private final String source;
    private final AudioPackets packets;
    private final AVRational timeBase;
    /** Microseconds, as a time base. */
    private final AVRational micros = new AVRational().num(1).den(1_000_000);
    private AVFormatContext recorderInput;
    /** The input time at the output's zero, microseconds; Long.MIN_VALUE until the first picture sets it. */
    private long zeroMicros = Long.MIN_VALUE;
    /** Ticks (of the stream's time base) taken off every packet: the zero, and each jump of the sound alone. */
    private long offsetTicks;
    /** The last packet written's decoding time on the output, in ticks; Long.MIN_VALUE before any. */
    private long lastDts = Long.MIN_VALUE;
    /** Where the sound written ends on the output, microseconds; Long.MIN_VALUE before any. */
    private long endMicros = Long.MIN_VALUE;
    /** Where the sound written ends in the input, microseconds; -1 before any. */
    private long inputEndMicros = -1;
    /** The picture before the latest, on the output, microseconds. */
    private long previousPictureMicros = Long.MIN_VALUE;
    /** Whether the sound waiting after a jump has had a picture jump to it: a gap in both, kept. */
    private boolean gapInBoth;
    private boolean jumpTold;
    private long packetsWritten;

    /**
     * @param source the input, as messages name it
     * @param packets the stream's packets, from its start; owned from here
     */
    CopiedSound(String source, AudioPackets packets) {
        this.source = source;
        this.packets = packets;
        AVStream st = packets.stream();
        this.timeBase = new AVRational().num(st.time_base().num()).den(st.time_base().den());
        recorderInput = avformat.avformat_alloc_context();
        AVStream copy = avformat.avformat_new_stream(recorderInput, null);
        if (copy == null || avcodec.avcodec_parameters_copy(copy.codecpar(), st.codecpar()) < 0) {
            close();
            throw new IllegalStateException("FFmpeg cannot describe the audio stream of " + source + " to copy it");
        }
        // The input container's tag for the codec (an avi's 0x55 for MP3) is not the mp4's: the muxer picks its own.
        copy.codecpar().codec_tag(0);
        copy.time_base(timeBase);
    }

    /** @return what the recorder is started with: a context holding only this stream's description, as stream 0 */
    AVFormatContext recorderInput() {
        return recorderInput;
    }

    /** @return the stream's channels */
    int channels() {
        return packets.parameters().ch_layout().nb_channels();
    }

    /** @return the stream's sample rate */
    int sampleRate() {
        return packets.parameters().sample_rate();
    }

    /** @return FFmpeg's name of the stream's codec */
    String codecName() {
        return packets.codecName();
    }

    /**
     * @return the input time where the sound starts, microseconds (its first packet, past the samples a decoder drops
     *     from it); -1 when it holds no packet or its time is unknown
     */
    long startMicros() {
        AVPacket p = packets.peek();
        if (p == null || time(p) == avutil.AV_NOPTS_VALUE) {
            return -1;
        }
        long skipped = AudioPackets.skippedSamples(p);
        long at = avutil.av_rescale_q(time(p), timeBase, micros)
                + (sampleRate() > 0 ? avutil.av_rescale(skipped, 1_000_000, sampleRate()) : 0);
        // Both parts rounded to the nearest microsecond: an AAC track's priming, 1 024 samples at 44.1 kHz from -1 024,
        // came to -23 220 + 23 219 = -1, which callers read as "unknown", and an mp4 whose picture starts a second
        // after its sound had the picture put at the output's zero and the sound's first second cut (helper-156's
        // audit). A microsecond either side of zero is zero.
        return Math.abs(at) <= 1 ? 0 : at;
    }

    /**
     * Writes the sound due up to a picture, before the picture is recorded.
     *
     * @param recorder the output, started with {@link #recorderInput()}
     * @param pictureMicros the picture's time on the output, microseconds
     * @param zero the input time at the output's zero ({@link OutputTimeline#zeroMicros()}); negative when unknown (the
     *     sound's own start is taken); read at the first call only
     * @return what to tell the user (the first jump of the sound's time alone), or null
     */
    String writeUpTo(FFmpegFrameRecorder recorder, long pictureMicros, long zero) throws FrameRecorder.Exception {
        setZero(zero);
        String told = null;
        for (AVPacket p; (p = packets.peek()) != null; ) {
            long at = outputMicros(p);
            if (jumpsAhead(at)) {
                long ahead = at - pictureMicros;
                if (!gapInBoth && ahead <= SoundTimeline.MAX_LEAD_MICROS && previousPictureMicros != Long.MIN_VALUE
                        && ahead < pictureMicros - previousPictureMicros) {
                    gapInBoth = true;
                } else if (!gapInBoth && pictureMicros > endMicros + DECIDED_MICROS) {
                    told = goOnFromEnd(at, pictureMicros);
                    continue;
                } else if (!gapInBoth) {
                    break; // the pictures have not said yet
                }
            }
            if (at > pictureMicros) {
                break;
            }
            write(recorder, p);
        }
        previousPictureMicros = pictureMicros;
        return told;
    }

    /**
     * Writes the sound after the last picture: at the end of the input all of it (sound that goes on past the picture,
     * a slideshow's song, is kept); at a stop before the end (a frame limit, Ctrl-C, a failure), what starts before the
     * last picture ends.
     *
     * @param recorder the output
     * @param inputEnded whether the input was read to its end
     * @param picturesEndMicros where the last picture written ends on the output, microseconds
     * @return what to tell the user, or null
     */
    String finish(FFmpegFrameRecorder recorder, boolean inputEnded, long picturesEndMicros)
            throws FrameRecorder.Exception {
        if (zeroMicros == Long.MIN_VALUE) {
            return null; // no picture was written: neither is sound
        }
        String told = null;
        for (AVPacket p; (p = packets.peek()) != null; ) {
            long at = outputMicros(p);
            if (jumpsAhead(at) && !gapInBoth) {
                if (!inputEnded) {
                    break;
                }
                // No picture came near it up to the end: the sound's time alone jumped.
                told = goOnFromEnd(at, picturesEndMicros);
                continue;
            }
            if (!inputEnded && at >= picturesEndMicros) {
                break;
            }
            write(recorder, p);
        }
        packets.drop();
        return told;
    }

    /** @return where the sound written ends in the input, microseconds; -1 before any was written */
    long inputEndMicros() {
        return inputEndMicros;
    }

    /** @return the packets written so far */
    long packetsWritten() {
        return packetsWritten;
    }

    private void setZero(long zero) {
        if (zeroMicros != Long.MIN_VALUE) {
            return;
        }
        long start = startMicros();
        zeroMicros = zero >= 0 ? zero : Math.max(0, start);
        offsetTicks = avutil.av_rescale_q(zeroMicros, micros, timeBase);
    }

    /** @return whether sound at {@code at} (output microseconds) lies more than the wait past the sound written */
    private boolean jumpsAhead(long at) {
        return endMicros != Long.MIN_VALUE && at > endMicros + SoundTimeline.MAX_LEAD_MICROS;
    }

    /** The sound's time alone jumped to {@code at}: from here its times are moved back to go on where it ended. */
    private String goOnFromEnd(long at, long pictureMicros) {
        offsetTicks += avutil.av_rescale_q(at - endMicros, micros, timeBase);
        gapInBoth = false;
        if (jumpTold) {
            return null;
        }
        jumpTold = true;
        return "sound at " + seconds(at) + " s lies more than " + SoundTimeline.MAX_LEAD_MICROS / 1_000_000 + " s past "
                + "the sound before it (" + seconds(endMicros) + " s) while the picture goes on (at " + seconds(
                        pictureMicros) + " s): a damaged timestamp, so the copied sound goes on from " + seconds(endMicros)
                + " s without a gap";
    }

    private void write(FFmpegFrameRecorder recorder, AVPacket p) throws FrameRecorder.Exception {
        long t = time(p);
        long dts = t == avutil.AV_NOPTS_VALUE ? (lastDts == Long.MIN_VALUE ? 0 : ticks(endMicros)) : t - offsetTicks;
        long pts = p.pts() == avutil.AV_NOPTS_VALUE ? dts : p.pts() - offsetTicks;
        if (lastDts != Long.MIN_VALUE && dts <= lastDts) {
            // A time that goes back or stands still: the mp4 takes only times that grow. Back by more than a packet, it
            // is a clock that went back (a recording restarted), and the sound goes on from where it ended; by less,
            // rounding, and the packet follows the one before.
            boolean clockBack = t != avutil.AV_NOPTS_VALUE && lastDts - dts > Math.max(1, p.duration());
            long by = clockBack ? Math.max(ticks(endMicros), lastDts + 1) - dts : lastDts + 1 - dts;
            if (clockBack) {
                offsetTicks -= by;
            }
            dts += by;
            pts += by;
        }
        long duration = p.duration() > 0 ? p.duration() : guessedDuration(dts);
        p.duration(duration);
        p.dts(dts);
        p.pts(pts);
        p.stream_index(0);
        lastDts = dts;
        gapInBoth = false;
        endMicros = Math.max(endMicros, avutil.av_rescale_q(pts + duration, timeBase, micros));
        inputEndMicros = Math.max(inputEndMicros, avutil.av_rescale_q(pts + duration + offsetTicks, timeBase, micros));
        packets.taken();
        packetsWritten++;
        // The recorder moves the times to the output stream's time base, writes, and frees the packet's data.
        recorder.recordPacket(p);
    }

    /**
     * A packet that states no duration (Matroska's ALAC) gets its codec's frame length, else the step from the packet
     * before: the mp4's edit list spans the durations, and a last packet of none was left out of the output (23 of 24).
     */
    private long guessedDuration(long dts) {
        int frame = packets.parameters().frame_size();
        if (frame > 0 && sampleRate() > 0) {
            try (AVRational perSample = new AVRational().num(1).den(sampleRate())) {
                return avutil.av_rescale_q(frame, perSample, timeBase);
            }
        }
        return lastDts == Long.MIN_VALUE ? 0 : Math.max(0, dts - lastDts);
    }

    private long ticks(long outputMicros) {
        return avutil.av_rescale_q(outputMicros, micros, timeBase);
    }

    /** @return the packet's start on the output, microseconds */
    private long outputMicros(AVPacket p) {
        long t = time(p);
        if (t == avutil.AV_NOPTS_VALUE) {
            return endMicros == Long.MIN_VALUE ? 0 : endMicros;
        }
        return avutil.av_rescale_q(t - offsetTicks, timeBase, micros);
    }

    /** @return the packet's decoding time (its presentation time when it has none), ticks of the stream */
    private static long time(AVPacket p) {
        return p.dts() != avutil.AV_NOPTS_VALUE ? p.dts() : p.pts();
    }

    private static String seconds(long micros) {
        return String.format(java.util.Locale.ROOT, "%.2f", micros / 1e6);
    }

    /** Frees the packets' reader and the recorder's input context: after the recorder is released. */
    @Override
    public void close() {
        packets.close();
        if (recorderInput != null) {
            avformat.avformat_free_context(recorderInput);
            recorderInput = null;
        }
        timeBase.close();
        micros.close();
    }

    @Override
    public String toString() {
        return "copied audio of " + source + " (" + codecName() + ")";
    }
}
