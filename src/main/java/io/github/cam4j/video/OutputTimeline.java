package io.github.cam4j.video;

/**
 * Where each frame goes on the output's clock. The output is written at the input's average frame rate, one tick per
 * frame; a variable-frame-rate input (phones record so) has stretches faster and slower than that average, and frames
 * written one tick apart drift from the audio, which keeps its own time: a clip of 2 s at 30 fps then 2 s at 10 fps
 * put its 61st frame at 2.95 s instead of 2.0 s. So each frame is placed at the tick nearest its input time, measured
 * from the first frame, and one tick after the previous frame when two would share a tick. For constant-rate input
 * that is one tick per frame, as before; any other gets a clock fine enough to keep every frame's time ({@link
 * OutputClock}). When the sound starts a frame or more before the picture ({@link #startAt}), time is measured from
 * the sound's start instead, since the audio is written from the output's zero on.
 *
 * <p>A frame with no time of its own (unknown, or the same as the frame before: a raw H.264 stream's frames all come
 * at 0) is placed one frame period after the previous one, the period of the input's stated frame rate. One tick was
 * not that when the clock is finer than the frame rate: a raw H.264 stream of 25 frames/s, whose clock FFmpeg gives
 * as 50 (its field rate), was written at 50 frames/s, twice its speed.
 */
final class OutputTimeline {
    private final double framesPerSecond;
    /** Ticks between two frames at the input's stated frame rate, for frames with no time of their own. */
    private final long periodTicks;
    private long originMicros = -1;
    private long firstMicros = -1;
    private long firstTick;
    private long lastTick = -1;
    private long lastMicros = -1;

    /**
     * @param framesPerSecond the output's clock: ticks per second
     * @param statedFramesPerSecond the input's (average) frame rate, at most the clock's
     */
    OutputTimeline(double framesPerSecond, double statedFramesPerSecond) {
        this.framesPerSecond = framesPerSecond;
        this.periodTicks = statedFramesPerSecond > 0 && framesPerSecond > statedFramesPerSecond
                ? Math.max(1, Math.round(framesPerSecond / statedFramesPerSecond)) : 1;
    }

    /**
     * Sets the output's time zero, before the first frame: the input time the audio starts at when it comes before the
     * first picture. The audio is written sample after sample from the output's zero, so a picture placed from its own
     * start would run ahead of its sound by the sound's lead (a second, for a clip whose picture starts at 1 s).
     *
     * @param micros the audio's first presentation time in the input, microseconds; negative when unknown (ignored)
     */
    void startAt(long micros) {
        originMicros = micros;
    }

    /**
     * @return the input time, microseconds, at the output's zero: where the sound starts when it comes before the
     *     picture, else the first picture's time; negative while neither is known
     */
    long zeroMicros() {
        return originMicros >= 0 ? originMicros : firstMicros;
    }

    /**
     * @param micros the frame's presentation time in the input, microseconds; negative when unknown (the frame then
     *     follows the previous one by a frame period, as it does when its time is the previous frame's)
     * @return its tick on the output's clock, always after the previous frame's
     */
    int frameNumber(long micros) {
        boolean untimed = micros < 0 || (lastTick >= 0 && micros == lastMicros);
        long tick = lastTick + (untimed && lastTick >= 0 ? periodTicks : 1);
        lastMicros = micros;
        if (!untimed && framesPerSecond > 0) {
            if (firstMicros < 0) {
                firstMicros = micros;
                firstTick = originMicros >= 0 && originMicros < micros ? startTick(micros - originMicros) : 0;
            }
            tick = Math.max(tick, firstTick + Math.round((micros - firstMicros) * framesPerSecond / 1e6));
        }
        lastTick = tick;
        return (int) Math.min(Integer.MAX_VALUE, tick);
    }

    /**
     * @param micros how long a frame lasts in the input, microseconds; negative or 0 when unknown
     * @return how many ticks it lasts on the output's clock, at least one: a frame period of the input's stated rate
     *     when unknown
     */
    long durationTicks(long micros) {
        if (micros <= 0 || !(framesPerSecond > 0)) {
            return periodTicks;
        }
        return Math.max(1, Math.round(micros * framesPerSecond / 1e6));
    }

    /**
     * @return the tick of a first picture this long after the output's zero: rounded down, as a picture is never
     *     shown before its time, but a millisecond short of a tick (timestamps' rounding: 0.390039 s for 0.39) counts
     *     as that tick, and on a clock finer than 2 ms the nearest
     */
    private long startTick(long afterZeroMicros) {
        double grace = Math.min(0.5, OutputClock.GRID_TOLERANCE_MICROS * framesPerSecond / 1e6);
        return (long) Math.floor(afterZeroMicros * framesPerSecond / 1e6 + grace);
    }
}
