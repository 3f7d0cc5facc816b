package io.github.cam4j.video;

/**
 * Hears how a {@link VideoPipeline} run goes. Every method is called from the thread that called
 * {@link VideoPipeline#run}, in frame order, after the frame was written; an exception thrown here stops the run.
 */
public interface VideoListener {
    /** A listener that hears nothing. */
    VideoListener NONE = new VideoListener() {};

    /**
     * The input is open and frames are about to flow.
     *
     * @param info the input's size, frame rate and frame count
     */
    default void started(VideoInfo info) {}

    /**
     * A frame was explained, drawn and written.
     *
     * @param explanation what was drawn on it (its map, class, box)
     */
    default void explained(FrameExplanation explanation) {}

    /**
     * A frame was written (explained or, for a plain transcode, copied).
     *
     * @param frames frames written so far
     */
    default void written(long frames) {}

    /**
     * Something the user should know that does not stop the run, said once (e.g. frames of another size fitted into
     * the output's).
     *
     * @param message one line
     */
    default void noticed(String message) {}

    /**
     * The output is closed and playable.
     *
     * @param summary frames written, time taken
     */
    default void finished(VideoSummary summary) {}
}
