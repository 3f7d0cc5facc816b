package io.github.cam4j.video;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/**
 * What an opened file's streams state about time: where a stream starts, how long the video stream says it lasts,
 * whether FFmpeg's average frame rate is a rate at all, and the clock the output's picture is written on. Read once,
 * as the file is opened ({@link FileOpener}); the times of the frames themselves are the grabber's.
 */
final class StreamTiming {
    private static final Pattern DURATION = Pattern.compile("(\\d+):(\\d{2}):(\\d{2}(?:\\.\\d+)?)");

    private StreamTiming() {}

    /**
     * The clock the output's picture is written on ({@link OutputClock}): the frame rate for a constant-rate stream
     * whose picture starts with its sound or a whole number of frames after it, else a fine one.
     *
     * @param audio whether the input's sound is written too (else where it starts does not matter)
     * @param copied whether for sound copied from its packets, heard from zero when it starts below it; else for sound
     *     decoded and re-encoded, every time moved by that start
     * @param wrap the lift of the input's times past its clock's wrap, which makes a start below zero a time
     */
    static double clockRate(FFmpegFrameGrabber g, AVStream st, double fps, boolean audio, boolean copied,
            TimestampWrap wrap) {
        long lag = 0;
        if (audio && g.getAudioStream() >= 0) {
            long video = startMicros(st, wrap);
            long sound = startMicros(g.getFormatContext().streams(g.getAudioStream()), wrap);
            if (video >= 0 && sound < -1) {
                // Sound stated to start below zero (an encoder's priming, in Matroska): re-encoded, every time moves
                // by it and the picture lags by video - sound; copied, the sound is heard from zero and the picture
                // lags by video. Taken for sound of unknown start, a picture 0.421 s after MP3 sound at -0.023 went
                // on the 25 fps grid at 0.400, 21 ms early (helper-84's audit); and a copy's picture on the grid got
                // a fine clock for the re-encoding's sake, its average rate then read as its times rounded (helper-85).
                lag = copied ? video : video - sound;
            } else {
                lag = video >= 0 && sound >= 0 ? video - sound : 0;
            }
        }
        AVRational avg = averageImpossible(st) ? null : st.avg_frame_rate();
        AVRational base = st.r_frame_rate();
        AVRational tb = st.time_base();
        return OutputClock.rate(fps, avg == null ? 0 : avg.num(), avg == null ? 0 : avg.den(),
                base == null ? 0 : base.num(), base == null ? 0 : base.den(), tb == null ? 0 : tb.num(),
                tb == null ? 0 : tb.den(), lag);
    }

    /**
     * @return whether FFmpeg's average frame rate for the stream is a placeholder, not a rate: the rate of its time
     *     base itself (a raw DV file's is 60 000 with a time base of 1/60 000) and more than twice its base rate
     *     ({@code r_frame_rate}), or more than twenty times it; the base rate is then the frame rate. An average above the base rate is no sign of
     *     it alone: FFmpeg guesses the base rate from the first frames, and a phone clip that goes from 10 to 30 fps
     *     averages 14.6 over a base rate of 10 (taken at 10 fps, its 190 frames were written over 19 s against 13 s
     *     of sound; helper-85)
     */
    static boolean averageImpossible(AVStream st) {
        AVRational avg = st.avg_frame_rate();
        AVRational base = st.r_frame_rate();
        AVRational tb = st.time_base();
        if (avg == null || base == null || tb == null || avg.num() <= 0 || avg.den() <= 0 || base.num() <= 0
                || base.den() <= 0 || tb.num() <= 0 || tb.den() <= 0) {
            return false;
        }
        boolean timeBaseRate = (long) avg.num() * tb.num() == (long) avg.den() * tb.den();
        double times = ((double) avg.num() / avg.den()) / ((double) base.num() / base.den());
        // Twenty times the base rate is no clip's average either: a 30 fps Matroska file JavaCV wrote with Opus read
        // as 3000/1, and was announced "at 3000.00 fps".
        return timeBaseRate && times > 2 || times > 20;
    }

    /**
     * @param wrap the lift of the input's times past its clock's wrap ({@link TimestampWrap}), added
     * @return a stream's first presentation time, microseconds (as JavaCV times its frames, lifted as {@link
     *     FrameSource#grab()} lifts them); -1 when unknown
     */
    static long startMicros(AVStream st, TimestampWrap wrap) {
        if (st == null || st.start_time() == avutil.AV_NOPTS_VALUE || st.time_base() == null
                || st.time_base().den() <= 0) {
            return -1;
        }
        return Math.round(st.start_time() * 1e6 * st.time_base().num() / st.time_base().den()) + wrap.micros(st);
    }

    /**
     * @return the video stream's own duration in seconds: the {@code DURATION} tag Matroska and WebM write per track
     *     ({@code 00:00:04.000000000}), else its header field (mp4, y4m, ts); NaN when it states neither
     */
    static double streamSeconds(AVStream st, Map<String, String> metadata) {
        // The tag first: Matroska's header holds no duration per track, and FFmpeg fills the track's field with the
        // whole file's, the longest stream's. A slideshow of 3 pictures over 10 s of sound announced 10 s of picture
        // and was reported as cut short. A file that is cut short has lost the tag, written at its end.
        if (metadata != null) {
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                if (e.getKey().equalsIgnoreCase("DURATION") && e.getValue() != null) {
                    double tagged = parseDuration(e.getValue());
                    if (!Double.isNaN(tagged)) {
                        return tagged;
                    }
                }
            }
        }
        if (st.duration() != avutil.AV_NOPTS_VALUE && st.duration() > 0 && st.time_base().den() > 0) {
            return st.duration() * (double) st.time_base().num() / st.time_base().den();
        }
        return Double.NaN;
    }

    /** @return seconds of {@code HH:MM:SS.fraction}, NaN when it is not that */
    static double parseDuration(String text) {
        Matcher m = DURATION.matcher(text.strip());
        if (!m.matches()) {
            return Double.NaN;
        }
        double seconds = Integer.parseInt(m.group(1)) * 3600.0 + Integer.parseInt(m.group(2)) * 60.0
                + Double.parseDouble(m.group(3));
        return seconds > 0 ? seconds : Double.NaN;
    }
}
