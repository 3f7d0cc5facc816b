package io.github.cam4j.video;

/**
 * Where each frame goes on the output's clock. The output is written at the input's average frame rate, one tick per
 * frame; a variable-frame-rate input (phones record so) has stretches faster and slower than that average, and frames
 * written one tick apart drift from the audio, which keeps its own time: a clip of 2 s at 30 fps then 2 s at 10 fps
 * put its 61st frame at 2.95 s instead of 2.0 s. So each frame is placed at the tick nearest its input time, measured
 * from the first frame, and one tick after the previous frame when two would share a tick. For constant-rate input
 * that is one tick per frame, as before. When the sound starts before the picture ({@link #startAt}), time is
 * measured from the sound's start instead, since the audio is written from the output's zero on.
 */
final class OutputTimeline {
    private final double framesPerSecond;
    private long originMicros = -1;
    private long firstMicros = -1;
    private long firstTick;
    private long lastTick = -1;

    /** @param framesPerSecond the output's frame rate */
    OutputTimeline(double framesPerSecond) {
        this.framesPerSecond = framesPerSecond;
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
     * @param micros the frame's presentation time in the input, microseconds; negative when unknown (the frame then
     *     follows the previous one)
     * @return its tick on the output's clock, always after the previous frame's
     */
    int frameNumber(long micros) {
        long tick = lastTick + 1;
        if (micros >= 0 && framesPerSecond > 0) {
            if (firstMicros < 0) {
                firstMicros = micros;
                // Rounded down: a sound that starts a fraction of a frame earlier (an AAC encoder's priming) does not
                // push the first picture a frame late.
                firstTick = originMicros >= 0 && originMicros < micros
                        ? (long) Math.floor((micros - originMicros) * framesPerSecond / 1e6) : 0;
            }
            tick = Math.max(tick, firstTick + Math.round((micros - firstMicros) * framesPerSecond / 1e6));
        }
        lastTick = tick;
        return (int) Math.min(Integer.MAX_VALUE, tick);
    }
}
