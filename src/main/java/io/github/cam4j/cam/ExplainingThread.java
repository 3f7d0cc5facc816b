package io.github.cam4j.cam;

/**
 * A thread's explain calls, which another thread may interrupt while, and only while, the thread is inside one: the
 * library then gives up its many model runs of a picture ({@link ExplanationStoppedException}). Outside the calls the
 * thread is left alone, as an interrupt there would close a NIO channel it reads a picture or writes an overlay through
 * (a stop would read as an unreadable picture or a failed write) or fail a queue's wait; and its flag is cleared on the
 * way out of a call, so that an interrupt that came after the library's last look does not outlive the call. An
 * interrupt the thread already had when the call began is not this object's (an executor's {@code shutdownNow}, say):
 * a many-run method stops on it at once, and it is left set after the call, for the thread's owner to see.
 *
 * <pre>{@code
 * ExplainingThread explaining = new ExplainingThread();
 * // on the worker thread:
 * CamResult result = explaining.explain(() -> cam.explain(picture));
 * // from a Ctrl-C hook or a Cancel button:
 * explaining.interrupt();
 * }</pre>
 * One object serves one thread's calls at a time; cam4j's {@code explain} and {@code maximize} commands and video
 * pipeline stop their explaining so.
 */
public final class ExplainingThread {
    /** Guarded by {@code this}: the thread inside a call, or null. */
    private Thread inside;

    /** An explain call (or work made of such calls), for {@link #explain}. */
    @FunctionalInterface
    public interface Call<T> {
        /**
         * @return what the call gives
         * @throws CamException what it throws
         */
        T run() throws CamException;
    }

    /**
     * Runs {@code call} on this thread, which {@link #interrupt} reaches while it runs; the thread's interrupt flag is
     * cleared when it returns or throws, unless it was already set when the call began.
     *
     * @param call the explain call
     * @param <T> what it gives
     * @return what it returned
     * @throws CamException what it threw: {@link ExplanationStoppedException} when interrupted
     */
    public <T> T explain(Call<T> call) throws CamException {
        // Another's interrupt, from before the call: cleared on the way out with ours, it was lost, and a worker an
        // executor's shutdownNow interrupted between two plain-CAM calls went on explaining.
        boolean interruptedBefore = Thread.currentThread().isInterrupted();
        synchronized (this) {
            inside = Thread.currentThread();
        }
        try {
            return call.run();
        } finally {
            synchronized (this) {
                inside = null;
                // An interrupt that came after the library's last look: the caller stops between calls instead.
                Thread.interrupted();
                if (interruptedBefore) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    /** Interrupts the thread if it is inside a call; else nothing (the caller stops between calls). */
    public synchronized void interrupt() {
        if (inside != null) {
            inside.interrupt();
        }
    }
}
