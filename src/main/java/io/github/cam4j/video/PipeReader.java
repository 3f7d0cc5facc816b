package io.github.cam4j.video;

import io.github.cam4j.data.FileKinds;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Waits for a program to read a named pipe given as the output, before FFmpeg opens it to write.
 *
 * <p>Opening a named pipe to write waits in the system's {@code open()} until a reader opens it too. FFmpeg's open
 * waited there, where nothing of the run's reaches: with no player on the pipe the run sat at 0 % with nothing said,
 * and Ctrl-C waited out the command's 30 s before ending it ("did not stop within 30 s of the signal"). Here the pipe is
 * opened on a thread of its own: the run says, once, that it waits for a reader, and a stop lets that open go by
 * opening the pipe to read and closing it. The pipe stays open here until FFmpeg has opened it too, so that the reader
 * never sees the pipe's end between the two opens.
 */
final class PipeReader implements AutoCloseable {
    /** How long the open may take before the run says it waits: a player started with the run opens in less. */
    static final long NOTE_AFTER_MILLIS = 1000;
    private static final long POLL_MILLIS = 50;
    private static final PipeReader NONE = new PipeReader(null);

    private final Path pipe;
    /** Guarded by {@code this}: the pipe opened to write, once the open has returned. */
    private FileOutputStream held;
    private IOException failed;
    private boolean done;
    /** Guarded by {@code this}: the run stopped waiting; the open closes what it opens. */
    private boolean left;

    private PipeReader(Path pipe) {
        this.pipe = pipe;
    }

    /**
     * @param output the video to write
     * @param cancellation the run's stop request
     * @param notes where the wait is said
     * @return the pipe held open to write, to be closed once FFmpeg has opened it; a no-op for an output that is no
     *     named pipe; null when the run was stopped while waiting for a reader
     * @throws VideoException when the pipe cannot be opened to write
     */
    static PipeReader await(Path output, Cancellation cancellation, ListenerNotes notes) throws VideoException {
        if (!FileKinds.isFifo(output)) {
            return NONE;
        }
        PipeReader r = new PipeReader(output);
        Thread t = new Thread(r::openOn, "cam4j-output-pipe");
        // Left in an open no reader ever completes, it must not keep the JVM running.
        t.setDaemon(true);
        t.start();
        long started = System.nanoTime();
        boolean said = false;
        while (!r.isDone()) {
            if (cancellation.cancelled() || Thread.currentThread().isInterrupted()) {
                r.leave();
                return null;
            }
            if (!said && System.nanoTime() - started >= NOTE_AFTER_MILLIS * 1_000_000) {
                said = true;
                notes.notice("video " + output + " is a named pipe that no program reads yet: waiting for one to open "
                        + "it (a player, e.g. ffplay " + io.github.cam4j.ShellWords.quote(output.toString()) + ")");
            }
            r.awaitDone();
        }
        synchronized (r) {
            if (r.failed != null) {
                throw new VideoException("cannot write video " + output + ": " + r.failed.getMessage(), r.failed);
            }
        }
        return r;
    }

    private void openOn() {
        FileOutputStream opened = null;
        IOException failure = null;
        try {
            opened = new FileOutputStream(pipe.toFile());
        } catch (IOException e) {
            failure = e;
        }
        synchronized (this) {
            done = true;
            notifyAll();
            if (left) {
                closeQuietly(opened);
                return;
            }
            held = opened;
            failed = failure;
        }
    }

    private synchronized boolean isDone() {
        return done;
    }

    private synchronized void awaitDone() {
        if (!done) {
            try {
                wait(POLL_MILLIS);
            } catch (InterruptedException e) {
                // As a stop (await's loop reads it), and kept for the caller.
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops waiting, and lets the open go by opening the pipe to read and closing it, until the open has returned. */
    private void leave() {
        synchronized (this) {
            left = true;
            if (done) {
                closeQuietly(held);
                held = null;
                return;
            }
        }
        Thread release = new Thread(() -> {
            while (!isDone()) {
                // Blocks until the pipe has a writer, the open waiting above: both return together.
                try (FileInputStream ignored = new FileInputStream(pipe.toFile())) {
                    // Closed at once.
                } catch (IOException e) {
                    return; // the pipe is gone: so is the open's wait
                }
            }
        }, "cam4j-output-pipe-release");
        release.setDaemon(true);
        release.start();
    }

    /** Closes the pipe held open to write: FFmpeg holds its own once it has opened it. */
    @Override
    public synchronized void close() {
        closeQuietly(held);
        held = null;
    }

    private static void closeQuietly(FileOutputStream s) {
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // Nothing was written through it.
            }
        }
    }
}
