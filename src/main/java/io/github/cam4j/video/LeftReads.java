package io.github.cam4j.video;

/**
 * The decoding thread's reads of an opened input, which a stopped run may leave behind, and who then closes the input.
 *
 * <p>A named pipe whose writer has stalled (open, sending nothing) blocks the read in the system's {@code read()}, inside
 * FFmpeg: no flag of the run's is looked at there, and FFmpeg's interrupt callback is not either (its file and pipe
 * protocols call it between reads, not during one). Ctrl-C then hung the run, which waited for that thread, until the
 * command gave up 30 s later, leaving a plain mp4 without its index. A stop now goes on without a read that has not
 * returned a while after it ({@link #leave}): the stages write what they hold and the output is closed.
 *
 * <p>The input is not closed under such a read: JavaCV's close waits for the grabber the read holds (and holds JavaCV's
 * lock on opening and closing anything meanwhile), and FFmpeg would free what the read is using. It is closed by
 * whichever comes last, the run letting go of it ({@link #close}) or the read returning ({@link #end}); a read that
 * never returns keeps it until the process ends, which for the command is at once.
 */
final class LeftReads implements AutoCloseable {
    private final FrameSource source;
    /** Guarded by {@code this}: a read is under way. */
    private boolean reading;
    /** Guarded by {@code this}: the run has gone on without the read under way. */
    private boolean left;
    /** Guarded by {@code this}: the run has let go of the input. */
    private boolean released;
    private boolean closed;

    LeftReads(FrameSource source) {
        this.source = source;
    }

    /** A read begins, on the decoding thread. */
    synchronized void begin() {
        reading = true;
    }

    /**
     * The read has returned (with a frame, the end, or a failure).
     *
     * @return true to go on with what it returned; false when the run went on without it: the frame is dropped, nothing
     *     more is read, and the input is closed here if the run has let go of it
     */
    synchronized boolean end() {
        reading = false;
        if (!left) {
            return true;
        }
        if (released) {
            closeOnce();
        }
        return false;
    }

    /**
     * The run goes on without the read under way, if one is: from here the decoding thread hands on nothing more.
     *
     * @return whether a read was under way and is now left behind (false: between reads, the thread will see the stop)
     */
    synchronized boolean leave() {
        if (reading) {
            left = true;
        }
        return left;
    }

    /** @return whether the run has gone on without a read */
    synchronized boolean isLeft() {
        return left;
    }

    /** The run lets go of the input: closed now, or by the read under way when it returns. */
    @Override
    public synchronized void close() {
        released = true;
        if (reading) {
            // Only a read the run went on without can still be under way here; it is left, if it was not yet.
            left = true;
            return;
        }
        closeOnce();
    }

    private void closeOnce() {
        if (!closed) {
            closed = true;
            source.close();
        }
    }
}
