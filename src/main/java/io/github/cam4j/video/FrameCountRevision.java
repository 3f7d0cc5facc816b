package io.github.cam4j.video;

/**
 * Revises a frame count that was only estimated, from the times of the frames written so far.
 *
 * <p>A stream that states no frame count (Matroska and WebM never do) is counted as its duration times its frame rate
 * ({@link FileOpener}). A variable-rate video holds other than that: a screen recording or a browser's WebM states
 * 30 fps and shows 15 where little moves. Such a file of 60 frames in 3.93 s was counted as 118, and its progress bar
 * stood at half until the last frame. Once a second of it is written, the count is what the frames so far, over the
 * time they cover, give for the whole duration; for a constant rate that is the estimate itself.
 */
final class FrameCountRevision {
    /** Below this much of the video (seconds) its rate so far says little of the whole. */
    private static final double MIN_SECONDS = 1.0;
    /** A revision within this share of the count last told is not told. */
    private static final double TOLERANCE = 0.05;

    private final boolean estimated;
    private final double durationSeconds;
    private final double frameRate;
    private final long cap;
    private long told;
    private long firstMicros = Long.MIN_VALUE;

    /**
     * @param announced what the stream states of its length
     * @param info the input's frame rate and the frame count given to the listener
     * @param maxFrames the run's frame limit; 0 for none
     */
    FrameCountRevision(FrameSource.Announced announced, VideoInfo info, long maxFrames) {
        this.estimated = announced.frames() <= 0 && Double.isFinite(announced.seconds()) && announced.seconds() > 0
                && info.frameCountKnown() && info.frameRate() > 0;
        this.durationSeconds = announced.seconds();
        this.frameRate = info.frameRate();
        this.cap = maxFrames > 0 ? maxFrames : Long.MAX_VALUE;
        this.told = info.frameCount();
    }

    /**
     * @param written frames written so far
     * @param micros the time of the frame just written, input time; negative when unknown
     * @return the revised frame count to tell; -1 when there is none to tell
     */
    long after(long written, long micros) {
        if (!estimated || micros < 0) {
            return -1;
        }
        if (firstMicros == Long.MIN_VALUE) {
            firstMicros = micros;
        }
        // The frames so far cover up to the end of the last one, a frame's time on the stated rate.
        double covered = (micros - firstMicros) / 1e6 + 1 / frameRate;
        if (covered < MIN_SECONDS) {
            return -1;
        }
        long revised = Math.min(cap, Math.max(written, Math.round(written * durationSeconds / covered)));
        if (Math.abs(revised - told) <= Math.max(2, TOLERANCE * told)) {
            return -1;
        }
        told = revised;
        return revised;
    }
}
