package io.github.cam4j.cli;

import io.github.cam4j.cam.CamException;

/**
 * The command's thread while it is inside the library's explain call, which a signal's hook may interrupt: the
 * library then gives up its many model runs of one picture ({@link io.github.cam4j.cam.ExplanationStoppedException}).
 * Between pictures a signal waited for the picture's method run to end, and one SS-CAM run of 1000 samples outlasted
 * the hook's 30 s: the JVM was halted mid-run. The thread is interrupted only while inside the call: outside it reads
 * pictures and writes overlays through NIO channels, which an interrupt closes (a stop would have read as an unreadable
 * picture or a failed write), and its flag is cleared on the way out, so a late interrupt does not outlive the call.
 */
final class ExplainingThread {
    /** Guarded by {@code this}: the thread inside the call, or null. */
    private Thread inside;

    /** The library's explain call (or work made of such calls, a figure's), for {@link #explain}. */
    interface Call<T> {
        T run() throws CamException;
    }

    /**
     * Runs {@code call} on this thread, which {@link #interrupt} reaches while it runs.
     *
     * @param call the explain call
     * @return what it returned
     * @throws CamException what it threw: {@link io.github.cam4j.cam.ExplanationStoppedException} when interrupted
     */
    <T> T explain(Call<T> call) throws CamException {
        synchronized (this) {
            inside = Thread.currentThread();
        }
        try {
            return call.run();
        } finally {
            synchronized (this) {
                inside = null;
                // An interrupt that came after the library's last look: the command stops between pictures instead.
                Thread.interrupted();
            }
        }
    }

    /** Interrupts the thread if it is inside the explain call; else nothing (it stops between pictures). */
    synchronized void interrupt() {
        if (inside != null) {
            inside.interrupt();
        }
    }
}
