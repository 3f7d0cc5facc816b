package io.github.cam4j.cli;

import java.io.PrintStream;

/**
 * Ctrl-C or SIGTERM before a command has begun (its arguments still being read, its classes loading): the commands'
 * own hooks ({@link StopSignal}) are not there yet, and the run ended without a word (helper-64: a signal in the first
 * second, exit 130 and nothing said). From the start of {@code main} until the command begins, this hook says so.
 */
final class EarlyStop {
    private static volatile boolean begun;

    private EarlyStop() {}

    /**
     * Registers the hook; once per process, where the command runs (not in a launcher that starts a child JVM).
     *
     * @param out where the line goes: standard error (a relaunched child's goes through its launcher, which forwards
     *     all of it before it ends)
     */
    static void install(PrintStream out) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!begun) {
                out.println("cam4j: stopped before the command began; nothing was written");
                out.flush();
            }
        }, "cam4j-early-stop"));
    }

    /** The command begins: from here its own hooks, if it has any, say what it did. */
    static void begun() {
        begun = true;
    }
}
