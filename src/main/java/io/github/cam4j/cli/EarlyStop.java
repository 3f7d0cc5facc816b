package io.github.cam4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Ctrl-C or SIGTERM before a command has begun (its arguments still being read, its classes loading): the commands'
 * own hooks ({@link StopSignal}) are not there yet, and the run ended without a word (helper-64: a signal in the first
 * second, exit 130 and nothing said). From the start of {@code main} until the command's own hook takes over
 * ({@link #handOver}), this hook says so: there is no moment in between when neither would (a signal while explain
 * built its JSON header, or while inspect read a model, which had no hook, ended the run without a word), and never
 * one when both would.
 */
final class EarlyStop {
    /** What the hook says: on standard error after "cam4j: ", and as explain --json's error entry. */
    static final String STOPPED = "stopped before the command began; nothing was written";

    /** Guards {@link #handedOver} and {@link #said}: exactly one of this hook and the command's says the stop. */
    private static final Object LOCK = new Object();
    /** Guarded by {@link #LOCK}: a command's hook speaks from now on, or no command will begin. */
    private static boolean handedOver;
    /** Guarded by {@link #LOCK}: this hook has said the stop. */
    private static boolean said;

    private EarlyStop() {}

    /**
     * Registers the hook; once per process, where the command runs (not in a launcher that starts a child JVM).
     *
     * @param out where the line goes: standard error (a relaunched child's goes through its launcher, which forwards
     *     all of it before it ends)
     * @param results standard output, where {@code explain --json}'s document goes
     * @param args the command line as typed
     */
    static void install(PrintStream out, PrintStream results, String[] args) {
        boolean json = promisesJson(args);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (LOCK) {
                if (handedOver) {
                    return;
                }
                said = true;
                out.println("cam4j: " + STOPPED);
                out.flush();
                if (json) {
                    // explain --json promises one JSON array whatever happens; a stop while its command line was being
                    // read (an @FILE on a slow disk) printed none, and a reader parsing standard output got nothing.
                    ExplainJson document = new ExplainJson(null, null);
                    document.addFailure(null, STOPPED);
                    PrintWriter writer = new PrintWriter(results, true, StandardCharsets.UTF_8);
                    document.print(writer);
                    writer.flush();
                }
            }
        }, "cam4j-early-stop"));
    }

    /**
     * @param args the command line as typed, before picocli reads it (an @FILE's words are not known yet)
     * @return whether it is {@code explain} with {@code --json}: the subcommand the first word that is no option, and
     *     {@code --json} before any {@code --}
     */
    static boolean promisesJson(String[] args) {
        boolean explain = false;
        for (String arg : args) {
            if (arg.equals("--")) {
                return false;
            }
            if (!explain && !arg.startsWith("-")) {
                if (!arg.equals("explain")) {
                    return false;
                }
                explain = true;
            } else if (explain && arg.equals("--json")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A command's own hook takes over: it is registered, and from then on it alone says a stop, unless a signal has
     * already come, which this hook says (or has said).
     *
     * @param hook the command's shutdown hook
     * @return false when the signal came first: the hook is not registered, this one says the stop, and the command
     *     should not start
     */
    static boolean handOver(Thread hook) {
        synchronized (LOCK) {
            if (said) {
                return false;
            }
            try {
                Runtime.getRuntime().addShutdownHook(hook);
            } catch (IllegalStateException e) {
                // The JVM began stopping before this: this class's hook runs, or is waiting for the lock, and says so.
                return false;
            }
            handedOver = true;
            return true;
        }
    }

    /** No command begins (a mistyped command line, whose error line is said): a stop from here is no stop to be said. */
    static void begun() {
        synchronized (LOCK) {
            handedOver = true;
        }
    }
}
