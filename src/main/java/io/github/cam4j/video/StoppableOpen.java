package io.github.cam4j.video;

import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Opens an input on a thread of its own, so that a stop need not wait for an open stuck in the system.
 *
 * <p>A named pipe's open waits for a writer, in the system's {@code open()}, where nothing of the run's reaches it;
 * on a stop the pipe is opened for writing and closed ({@link VideoInput#releaseOpen}), so the open reads the pipe's
 * end, and again until the open has returned: JavaCV opens a file a second time when FFmpeg's first open fails, and
 * that second open waited for a writer for ever, holding JavaCV's lock on opening and closing anything. A pipe whose
 * writer opened it and sends nothing (or stalled before FFmpeg had read enough of it to know its streams) keeps the open
 * in the system's {@code read()} instead, which no such release reaches: Ctrl-C hung for 30 s there. The run stops
 * waiting a while after the stop; the open, when it returns, closes what it opened. Until then it holds JavaCV's lock:
 * the command ends at once, and a program that goes on would wait on that lock for its next video until the pipe's
 * writer writes or ends.
 */
final class StoppableOpen {
    private static final long POLL_MILLIS = 50;

    private final VideoInput input;
    private final int audioTrack;
    private FrameSource opened;
    private Throwable failed;
    /** Guarded by {@code this}: the open has returned. */
    private boolean done;
    /** Guarded by {@code this}: the run no longer waits for it. */
    private boolean left;
    private boolean releasing;

    private StoppableOpen(VideoInput input, int audioTrack) {
        this.input = input;
        this.audioTrack = audioTrack;
    }

    /**
     * Opens a run's input: {@link #open} given the run's stop request and {@value VideoPipeline#STALLED_READ_MILLIS}
     * ms after it.
     *
     * @param input what to open
     * @param audioTrack the audio track to read, 1-based among the audio tracks; 0 for the default one
     * @param cancellation the run's stop request
     * @return the opened input
     * @throws VideoException as {@link VideoInput#open} throws, or saying that the run was stopped while it was being
     *     opened
     */
    static FrameSource openForRun(VideoInput input, int audioTrack, Cancellation cancellation) throws VideoException {
        FrameSource opened;
        try {
            opened = open(input, audioTrack, cancellation::cancelledAt,
                    TimeUnit.MILLISECONDS.toNanos(VideoPipeline.STALLED_READ_MILLIS));
        } catch (VideoException e) {
            if (cancellation.cancelled()) {
                throw stoppedWhileOpening(input, e);
            }
            throw e;
        }
        if (opened == null) {
            // A pipe whose writer sends nothing: the open is still in its read, and left there.
            throw stoppedWhileOpening(input, null);
        }
        return opened;
    }

    private static VideoException stoppedWhileOpening(VideoInput input, VideoException cause) {
        return new VideoException("video " + input + ": stopped before its first frame was written (while it was being "
                + "opened); nothing was written", cause);
    }

    /**
     * @param input what to open ({@link VideoInput#open}, with audio)
     * @param audioTrack the audio track to read, 1-based among the audio tracks; 0 for the default one
     * @param stoppedAt when a stop was asked ({@link System#nanoTime()}), or {@link Long#MIN_VALUE} while none was
     * @param graceNanos how long after a stop the open may still take
     * @return the opened input; null when the run stopped waiting for it
     * @throws VideoException as {@link VideoInput#open} throws
     */
    static FrameSource open(VideoInput input, int audioTrack, LongSupplier stoppedAt, long graceNanos)
            throws VideoException {
        StoppableOpen o = new StoppableOpen(input, audioTrack);
        Thread t = new Thread(o::openOn, "cam4j-open");
        // Left behind in a read that never returns, it must not keep the JVM running.
        t.setDaemon(true);
        t.start();
        synchronized (o) {
            while (!o.done) {
                long stop = stoppedAt.getAsLong();
                if (stop != Long.MIN_VALUE) {
                    o.release();
                    if (System.nanoTime() - stop >= graceNanos) {
                        o.left = true;
                        return null;
                    }
                }
                try {
                    o.wait(POLL_MILLIS);
                } catch (InterruptedException e) {
                    // As a stop: the open is left, and the interrupt kept for the caller.
                    Thread.currentThread().interrupt();
                    o.left = true;
                    return null;
                }
            }
        }
        if (o.failed instanceof VideoException v) {
            throw v;
        }
        if (o.failed instanceof RuntimeException r) {
            throw r;
        }
        if (o.failed instanceof Error e) {
            throw e;
        }
        return o.opened;
    }

    /** Lets a named pipe's open go, again and again, until the open has returned (once per open). */
    private void release() {
        if (releasing || input.path() == null || input.canReopen()) {
            return;
        }
        releasing = true;
        Thread t = new Thread(() -> {
            while (!isDone()) {
                // Blocks until the pipe has a reader: a daemon thread, so a run already gone costs nothing.
                input.releaseOpen();
                try {
                    Thread.sleep(POLL_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cam4j-pipe-release");
        t.setDaemon(true);
        t.start();
    }

    private synchronized boolean isDone() {
        return done;
    }

    private void openOn() {
        FrameSource source = null;
        Throwable failure = null;
        try {
            source = input.open(true, audioTrack);
        } catch (Throwable e) {
            failure = e;
        }
        synchronized (this) {
            done = true;
            if (left) {
                // Nobody waits for it any more.
                if (source != null) {
                    source.close();
                }
                return;
            }
            opened = source;
            failed = failure;
            notifyAll();
        }
    }
}
