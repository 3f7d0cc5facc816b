package io.github.cam4j.video;

/**
 * Hears how a {@link VideoPipeline} run goes. Every method is called from the thread that called
 * {@link VideoPipeline#run}, in frame order, after the frame was written; an exception thrown here stops the run.
 */
public interface VideoListener {
    /** A listener that hears nothing. */
    VideoListener NONE = new VideoListener() {};

    /**
     * @param listeners listeners to hear a run, each call heard by each in the order given (a progress bar and
     *     {@link FramesJsonLines}, say)
     * @return one listener that passes every call on to them
     * @throws NullPointerException when one of them is null
     */
    static VideoListener all(VideoListener... listeners) {
        return new AllListeners(listeners);
    }

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
     * The input's frame count, given to {@link #started} as an estimate (its duration times its frame rate, for a
     * stream that states no count), revised from the times of the frames written so far: a variable-rate video (a
     * screen recording, a browser's WebM) holds other than its duration times its stated rate. Heard once the frames
     * written cover a second and whenever the revision moves by more than 5 %; never for a count the stream states.
     *
     * @param frames the frame count the frames so far give for the whole video
     */
    default void frameCountRevised(long frames) {}

    /**
     * Something the user should know that does not stop the run, said once (e.g. frames of another size fitted into
     * the output's).
     *
     * @param message one line
     */
    default void noticed(String message) {}

    /**
     * A notice that names one of the run's settings, in two wordings, as {@link VideoSettingException} words a refusal:
     * {@code message} names the builder's method, as a caller of the library set it; {@code commandLineMessage} names
     * {@code cam4j video}'s option, as a user of the command typed it. By default heard as {@link #noticed(String)}
     * hears {@code message}; a listener speaking for the command line takes the other.
     *
     * @param message one line, naming the builder's method (e.g. {@code VideoPipeline.Builder.optAudioTrack(N)})
     * @param commandLineMessage the same line naming the command line's option (e.g. {@code --audio-track N})
     */
    default void noticed(String message, String commandLineMessage) {
        noticed(message);
    }

    /**
     * The output is closed and playable.
     *
     * @param summary frames written, time taken
     */
    default void finished(VideoSummary summary) {}
}
