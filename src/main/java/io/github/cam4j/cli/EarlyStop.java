package io.github.cam4j.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/**
 * Ctrl-C or SIGTERM before a command has begun (its arguments still being read, its classes loading): the commands'
 * own hooks ({@link StopSignal}) are not there yet, and the run ended without a word (helper-64: a signal in the first
 * second, exit 130 and nothing said). From the start of {@code main} until the command begins, this hook says so.
 */
final class EarlyStop {
    /** What the hook says: on standard error after "cam4j: ", and as explain --json's error entry. */
    static final String STOPPED = "stopped before the command began; nothing was written";

    private static volatile boolean begun;

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
            if (!begun) {
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

    /** The command begins: from here its own hooks, if it has any, say what it did. */
    static void begun() {
        begun = true;
    }
}
