package io.github.cam4j.video;

/**
 * Chooses the clock the output's picture is written on: its ticks per second, each frame at a whole tick ({@link
 * OutputTimeline}). A constant-rate input gets its own frame rate, one tick per frame, as players expect. Any other
 * gets a fine clock, the input's own time base where it can, so that every frame keeps its input time.
 *
 * <p>The rate FFmpeg guesses as the average was taken as the clock for inputs it judged near constant, and frames
 * written on its grid drifted from their sound: a fragmented mp4 of a 25 fps clip, whose average FFmpeg guesses as
 * 24.946, came out 39 ms behind its sound after 10 s (helper-75, F1); a 29.97 fps phone file that dropped a frame, whose
 * base rate FFmpeg guesses as 30, a frame late from 6.5 s on. So the frame rate is the clock only when the average and
 * the base rate ({@code r_frame_rate}) are the same number.
 *
 * <p>A picture that starts after its sound, by a time that is no whole number of frames, needs a fine clock too: on a
 * 5 fps clock a picture 0.39 s after the sound was written at 0.2 s (F2). Less than a frame after the sound, the
 * picture is put at the output's zero and the sound before it cut (an encoder's priming, see {@link
 * VideoPipeline}), which needs no fine clock.
 */
final class OutputClock {
    /**
     * The finest clock used: 2^31 ticks, the most a frame number holds, last a day at 24000 ticks a second, and a tick
     * of 42 microseconds is far below what a viewer sees or a frame lasts.
     */
    static final int FINEST = 24_000;
    /** A start this close to a whole number of frames is on the frame rate's grid: timestamps' rounding. */
    static final long GRID_TOLERANCE_MICROS = 1_000;

    private OutputClock() {}

    /**
     * @param fps the input's frame rate as cam4j takes it (FFmpeg's average, else its base rate)
     * @param avgNum numerator of FFmpeg's average frame rate ({@code avg_frame_rate}); 0 when unknown
     * @param avgDen its denominator
     * @param baseNum numerator of FFmpeg's base rate ({@code r_frame_rate}), the lowest on which all the timestamps it
     *     read fall; 0 when unknown
     * @param baseDen its denominator
     * @param timeBaseNum numerator of the video stream's time base, seconds per tick of its timestamps
     * @param timeBaseDen its denominator
     * @param pictureLagMicros how long after the sound the picture starts, microseconds; 0 or negative when it does not
     *     start after it (or either is unknown)
     * @return ticks per second of the output's clock
     */
    static double rate(double fps, long avgNum, long avgDen, long baseNum, long baseDen, long timeBaseNum,
            long timeBaseDen, long pictureLagMicros) {
        boolean avgKnown = avgNum > 0 && avgDen > 0;
        boolean baseKnown = baseNum > 0 && baseDen > 0;
        // Without an average (a pipe's stream often has none) cam4j takes the base rate, and has nothing to tell them
        // apart by; as before, the frame rate.
        boolean constant = !avgKnown || !baseKnown || avgNum * baseDen == baseNum * avgDen;
        if (constant && onGrid(pictureLagMicros, fps)) {
            return fps;
        }
        double fine = fine(timeBaseNum, timeBaseDen);
        double base = baseKnown ? (double) baseNum / baseDen : fps;
        if (fine >= Math.max(fps, base)) {
            return fine;
        }
        // A time base coarser than the frame rate (an avi's is the frame rate itself): the base rate, as before, when it
        // is finer than the average and not absurdly so.
        return base > fps * 1.01 && base <= fps * 8 ? base : fps;
    }

    /**
     * @return the number of the output clock's ticks per frame at {@code fps}, for the encoder, whose rate control
     *     takes the clock for the frame rate unless told; 1 when the clock is the frame rate
     */
    static int ticksPerFrame(double clockRate, double fps) {
        if (!(fps > 0) || clockRate <= fps) {
            return 1;
        }
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(clockRate / fps)));
    }

    /**
     * Whether picture and sound are taken to start together: the picture at the output's zero and the sound before it
     * cut. So they are when the picture starts less than a frame after the sound (or before it): sound that starts a
     * fraction of a frame early is an AAC encoder's priming, which MPEG-TS cannot mark, or a camera's lead-in. A frame or
     * more, and the picture keeps its distance from the sound.
     *
     * @param pictureLagMicros how long after the sound the picture starts, microseconds (negative: before it)
     * @param fps the input's frame rate
     */
    static boolean startTogether(long pictureLagMicros, double fps) {
        return !(fps > 0) || pictureLagMicros < 1e6 / fps - GRID_TOLERANCE_MICROS;
    }

    /** @return whether a picture starting this long after the sound falls on a whole frame of {@code fps} */
    static boolean onGrid(long pictureLagMicros, double fps) {
        if (startTogether(pictureLagMicros, fps)) {
            return true; // the picture is put at zero
        }
        double period = 1e6 / fps;
        double off = pictureLagMicros - Math.round(pictureLagMicros / period) * period;
        return Math.abs(off) <= GRID_TOLERANCE_MICROS;
    }

    /**
     * @return the time base's rate (1/12800 gives 12800, 1/1000 Matroska's 1000) when at most {@link #FINEST}; a finer
     *     one (MPEG-TS's and phones' 90000) divided by the least whole number that brings it to at most that (22500),
     *     or {@link #FINEST} when none does, or when the time base is unknown
     */
    static double fine(long timeBaseNum, long timeBaseDen) {
        if (timeBaseNum <= 0 || timeBaseDen <= 0) {
            return FINEST;
        }
        double rate = (double) timeBaseDen / timeBaseNum;
        if (rate <= FINEST) {
            return rate;
        }
        if (timeBaseNum == 1) {
            for (long k = (timeBaseDen + FINEST - 1) / FINEST; k <= timeBaseDen / 1000; k++) {
                if (timeBaseDen % k == 0) {
                    return (double) (timeBaseDen / k);
                }
            }
        }
        return FINEST;
    }
}
