package io.github.cam4j.video;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.ExplainingThread;
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

    /** The explain stage's thread while it is inside the library's explain call. */
    private final ExplainingThread explaining = new ExplainingThread();

    /** Asks the current run to stop; the time of the first request is the one kept. */
    void cancel() {
        cancelledAt.compareAndSet(Long.MIN_VALUE, System.nanoTime());
        // A named pipe's open that waits for a writer is let go by the run (StoppableOpen): Ctrl-C hung there.
        cancelled.set(true);
        // A frame's many method runs (SS-CAM's samples: minutes for one frame) stop at the next run
        // (ExplanationStoppedException); a stop had waited for the frame, past the command's 30 s. Set after the flag
        // above: an explanation that starts too late for this interrupt sees the flag (whileExplaining).
        explaining.interrupt();
    }

    /**
     * Runs a frame's explanation on this thread, which {@link #cancel} interrupts while, and only while, it runs: the
     * stage's queues outside it take an interrupt as a failure. A cancel already made stops it before it starts.
     *
     * @param explanation the library's explain call
     * @return what it returned
     * @throws CamException what it threw: {@link io.github.cam4j.cam.ExplanationStoppedException} when cancelled
     */
    <T> T whileExplaining(ExplainingThread.Call<T> explanation) throws CamException {
        // The flag is cleared on the way out: an interrupt that came after the library's last look must not reach the
        // stage's queues.
        return explaining.explain(() -> {
            // Read once the thread is inside: a cancel before this is seen here, one after it interrupts the thread.
            if (cancelled()) {
                Thread.currentThread().interrupt();
            }
            return explanation.run();
        });
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
