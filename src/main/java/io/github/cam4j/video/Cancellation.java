package io.github.cam4j.video;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/** A pipeline's request that its current run stop ({@link VideoPipeline#cancel()}): whether it was made, and when. */
final class Cancellation {
    private final AtomicBoolean cancelled = new AtomicBoolean();
    /** When the current run was first asked to stop ({@link System#nanoTime()}); {@link Long#MIN_VALUE} until then. */
    private final AtomicLong cancelledAt = new AtomicLong(Long.MIN_VALUE);

    /** Forgets an earlier run's request, before a run starts. */
    void reset() {
        cancelledAt.set(Long.MIN_VALUE);
        cancelled.set(false);
    }

    /** Asks the current run to stop; the time of the first request is the one kept. */
    void cancel() {
        cancelledAt.compareAndSet(Long.MIN_VALUE, System.nanoTime());
        // A named pipe's open that waits for a writer is let go by the run (StoppableOpen): Ctrl-C hung there.
        cancelled.set(true);
    }

    /** @return whether the current run was asked to stop */
    boolean cancelled() {
        return cancelled.get();
    }

    /**
     * @return when the current run was first asked to stop ({@link System#nanoTime()}); {@link Long#MIN_VALUE} until
     *     then
     */
    long cancelledAt() {
        return cancelledAt.get();
    }
}
