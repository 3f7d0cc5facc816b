package io.github.cam4j.video;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A pipeline run on a daemon thread of its own, as an application runs one beside its stop button: what it ended with
 * (its {@link VideoSummary}, or what it threw) is kept for the test to look at.
 */
final class BackgroundRun {
    private final Thread thread;
    private final AtomicReference<Object> ended = new AtomicReference<>();

    private BackgroundRun(VideoPipeline pipeline, Path input, Path out, VideoListener listener, String name) {
        thread = new Thread(() -> {
            try {
                ended.set(pipeline.run(VideoInput.file(input), out, listener));
            } catch (Throwable e) {
                ended.set(e);
            }
        }, name);
        // Left in a read that never returns, a failed test's run must not keep the test JVM running.
        thread.setDaemon(true);
    }

    /** @return the run, started */
    static BackgroundRun start(VideoPipeline pipeline, Path input, Path out, VideoListener listener, String name) {
        BackgroundRun r = new BackgroundRun(pipeline, input, out, listener, name);
        r.thread.start();
        return r;
    }

    /** @return its thread */
    Thread thread() {
        return thread;
    }

    /** @return its summary or what it threw; null while it runs */
    Object ended() {
        return ended.get();
    }
}
