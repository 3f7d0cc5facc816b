package io.github.cam4j.cli;

import io.github.cam4j.data.AtomicFile;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Ctrl-C, or a SIGINT or SIGTERM sent to the java process, while a command runs: whenever it comes, the command says
 * in one line that it was stopped, and what was written. A command registers it before its slow part (the model's
 * loading) and closes it when done. While nothing is under way that the command stops itself (the model loading), the
 * hook says so on its own ({@code whileIdle}); once {@link #working} has begun, the hook asks the work to stop
 * ({@code stopWork}, repeated until the command is done) and waits for the command, which says itself what it wrote.
 * Before this, a signal during the model's load ended the run without a word, while one after it was answered.
 * The hook takes over from {@link EarlyStop}'s, which speaks until then: one of the two always says a stop, never both.
 */
final class StopSignal implements AutoCloseable {
    /** How long the hook waits for the command to finish what is in flight and say so. */
    static final long WAIT_SECONDS = 30;
    /** How often the hook asks the work again: a run that had not started when first asked is asked once it has. */
    private static final long ASK_MILLIS = 50;

    /** The exit code of a command stopped by a signal, as the commands return it when they stop in time. */
    static final int STOPPED_EXIT = 130;

    private final Thread hook;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean requested;
    /** Guarded by {@code this}: what stops the work once it is under way; null while idle. */
    private Runnable stopWork;

    /**
     * @param whileIdle what the hook says (on standard error, a diagnostic, not a result; a relaunched child's goes
     *     through its launcher, which forwards all of it before it ends) when the signal comes before {@link #working}
     * @param name the hook thread's name
     */
    StopSignal(Runnable whileIdle, String name) {
        this(whileIdle, name, WAIT_SECONDS);
    }

    /**
     * @param whileIdle as above
     * @param name as above
     * @param waitSeconds how long the hook waits for the command before it ends the JVM
     */
    StopSignal(Runnable whileIdle, String name, long waitSeconds) {
        hook = new Thread(() -> {
            Runnable work;
            synchronized (this) {
                requested = true;
                work = stopWork;
                if (work == null) {
                    whileIdle.run();
                    return;
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
            try {
                do {
                    work.run();
                } while (!done.await(ASK_MILLIS, TimeUnit.MILLISECONDS) && System.nanoTime() < deadline);
                if (done.getCount() > 0) {
                    // The JVM ends now, the command still at work: it had ended without a word (a video's run waiting
                    // 30 s on a stalled pipe, helper-75's audit).
                    System.err.println("cam4j: the command did not stop within " + waitSeconds + " s of the signal; "
                            + "ending it: what it was writing may be cut short");
                    System.err.flush();
                    // Ended now, not by letting the shutdown go on: another hook (native memory's deallocation) can
                    // wait on the call still at work, and a 16384x8192 picture's run went on for 12 more minutes after
                    // saying it was ending, deaf to further signals (helper-161's audit). A halt runs no finally
                    // block: the hidden temporaries of the files being written are removed here.
                    AtomicFile.removeUnfinished();
                    Runtime.getRuntime().halt(STOPPED_EXIT);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        // Taken over from EarlyStop, with no moment between when neither hook would say a stop: a signal before this
        // is said by EarlyStop, and the command is not to start.
        if (!EarlyStop.handOver(hook)) {
            requested = true;
        }
    }

    /**
     * The command's own work begins: from now on a signal asks it to stop, and the command says what it wrote.
     *
     * @param stop asks the work to stop (called from the hook's thread, possibly more than once)
     * @return false when a signal came before: the hook has said so, and the command should not start
     */
    synchronized boolean working(Runnable stop) {
        if (requested) {
            return false;
        }
        stopWork = stop;
        return true;
    }

    /**
     * @return whether a signal asked the command to stop; true from the start when it came before this was registered
     *     (EarlyStop said it, and nothing of the command's is to be said)
     */
    boolean requested() {
        return requested;
    }

    /** The command has said what it did: the hook, if running, lets the JVM stop; else it is removed. */
    @Override
    public void close() {
        done.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already stopping: the hook is running and has just been released.
        }
    }
}
