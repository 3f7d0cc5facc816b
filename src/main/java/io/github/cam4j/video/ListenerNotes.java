package io.github.cam4j.video;

/**
 * Tells a run's listener what the run has to say: notices, frames explained and written. What the listener throws is
 * carried out as a {@link ListenerFailure}, to be rethrown as it was once the output is closed.
 */
final class ListenerNotes {
    private final VideoListener listener;

    ListenerNotes(VideoListener listener) {
        this.listener = listener;
    }

    void notice(String message) {
        try {
            listener.noticed(message);
        } catch (RuntimeException e) {
            throw new ListenerFailure(e);
        }
    }

    /** Tells the listener a notice that names a setting, in the library's and the command line's words. */
    void notice(String message, String commandLineMessage) {
        try {
            listener.noticed(message, commandLineMessage);
        } catch (RuntimeException e) {
            throw new ListenerFailure(e);
        }
    }

    /** Tells the listener a revised frame count ({@link VideoListener#frameCountRevised}). */
    void revised(long frames) {
        try {
            listener.frameCountRevised(frames);
        } catch (RuntimeException e) {
            throw new ListenerFailure(e);
        }
    }

    /**
     * Tells the listener; what it throws is its caller's own business and leaves {@link VideoPipeline#run} unchanged.
     */
    void tell(FrameExplanation explanation, long written) {
        try {
            if (explanation != null) {
                listener.explained(explanation);
            }
            listener.written(written);
        } catch (RuntimeException e) {
            throw new ListenerFailure(e);
        }
    }
}
