package io.github.cam4j.video;

import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avutil;

/**
 * Undoes what FFmpeg's correction of wrapping timestamps does to an input that starts shortly before its clock wraps,
 * so that its times read as those of any other input: growing from a start at or above zero.
 *
 * <p>An MPEG-TS (or MPEG-PS) time is 33 bits of a 90 kHz clock: it wraps to zero every 2^33 ticks, 95 443.7 s, which a
 * broadcast capture crosses every 26.5 hours. FFmpeg keeps the times of such a stream continuous across the wrap: when
 * the stream's first time lies within 60 s before the wrap, it takes 2^33 ticks off every time before it
 * ({@code update_wrap_reference} in libavformat's demux.c, its "subtract rather than add wrap offset"), and the stream
 * starts below zero. A time below zero in a stream whose clock wraps comes from that alone: such a container stores no
 * negative time. The pipeline reads a time below zero as unknown, or as an encoder's priming, which copied sound is
 * heard past: a capture that crossed the wrap 0.6 s after its start came out with its copied sound 0.6 s early and cut
 * by as much, and its last picture at 3.34 s was taken for the end of a 4 s stream cut short (helper-171).
 *
 * <p>The lift is the input's, not a stream's: FFmpeg corrects every stream of a program from one reference, so a
 * picture that starts just after the wrap keeps its small time while the sound that starts just before it goes below
 * zero. Lifted alone, that sound would be 26.5 hours away from its picture. Lifting every stream read by its whole
 * period (2^33 ticks) gives the times the file holds, counted on past the wrap: as an input far before the wrap reads,
 * whose times FFmpeg moves up by the period past it. An input that starts past the wrap, or that does not wrap, is
 * left as it is.
 */
final class TimestampWrap {
    /** Times read as FFmpeg gives them: a camera's, a file whose streams start at or after zero. */
    static final TimestampWrap NONE = new TimestampWrap(false);

    private final boolean lifted;

    private TimestampWrap(boolean lifted) {
        this.lifted = lifted;
    }

    /**
     * @param ctx an opened input, its streams' starts found ({@code avformat_find_stream_info})
     * @param streams the indexes of the streams read (-1 for none)
     * @return the lift for every stream of the input: a period of its clock when one of the streams read wraps and
     *     starts below zero, else none
     */
    static TimestampWrap of(AVFormatContext ctx, int... streams) {
        if (ctx == null) {
            return NONE;
        }
        for (int s : streams) {
            if (s >= 0 && s < ctx.nb_streams() && period(ctx.streams(s)) > 0
                    && ctx.streams(s).start_time() != avutil.AV_NOPTS_VALUE && ctx.streams(s).start_time() < 0) {
                return new TimestampWrap(true);
            }
        }
        return NONE;
    }

    /** @return whether the input's times are lifted by a period of its clock */
    boolean lifted() {
        return lifted;
    }

    /** @return what is added to each of a stream's times, in ticks of its time base: 0 when not lifted */
    long ticks(AVStream st) {
        return lifted ? period(st) : 0;
    }

    /**
     * @return what is added to each of a stream's times, microseconds (as JavaCV times frames, rounded to the nearest:
     *     2^33 ticks at 90 kHz are 95 443 717 688.9 µs); 0 when not lifted
     */
    long micros(AVStream st) {
        long ticks = ticks(st);
        if (ticks == 0 || st.time_base() == null || st.time_base().den() <= 0) {
            return 0;
        }
        return avutil.av_rescale(ticks, 1_000_000L * st.time_base().num(), st.time_base().den());
    }

    /** @return the stream's times' period in ticks, 2^bits, when its clock wraps; 0 when it does not (64 bits) */
    private static long period(AVStream st) {
        int bits = st.pts_wrap_bits();
        return bits > 0 && bits < 63 ? 1L << bits : 0;
    }

    @Override
    public String toString() {
        return lifted ? "times lifted by their clock's period" : "times as read";
    }
}
