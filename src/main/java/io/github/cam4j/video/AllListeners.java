package io.github.cam4j.video;

import java.util.List;
import java.util.function.Consumer;

/** {@link VideoListener#all}: every call passed on to each listener, in the order given. */
final class AllListeners implements VideoListener {
    private final List<VideoListener> each;

    AllListeners(VideoListener... listeners) {
        this.each = List.of(listeners);
    }

    private void tell(Consumer<VideoListener> call) {
        each.forEach(call);
    }

    @Override
    public void started(VideoInfo info) {
        tell(l -> l.started(info));
    }

    @Override
    public void explained(FrameExplanation explanation) {
        tell(l -> l.explained(explanation));
    }

    @Override
    public void written(long frames) {
        tell(l -> l.written(frames));
    }

    @Override
    public void frameCountRevised(long frames) {
        tell(l -> l.frameCountRevised(frames));
    }

    @Override
    public void noticed(String message) {
        tell(l -> l.noticed(message));
    }

    @Override
    public void noticed(String message, String commandLineMessage) {
        // Each hears both wordings: a progress bar speaking for the command line takes the option's.
        tell(l -> l.noticed(message, commandLineMessage));
    }

    @Override
    public void finished(VideoSummary summary) {
        tell(l -> l.finished(summary));
    }
}
