package io.github.cam4j.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Keeps TensorFlow's native start-up logging (CPU feature notices, MLIR passes, SavedModel loading) out of the
 * command line's output unless {@code --verbose} is given.
 *
 * <p>TensorFlow's C++ logging reads {@code TF_CPP_MIN_LOG_LEVEL} from the process environment once, and Java cannot
 * change its own process's environment. So when the variable is unset, the command runs itself once more in a
 * child JVM with the variable set (same JVM options, class path and arguments, standard streams inherited) and
 * exits with the child's code. An explicitly set variable is always respected. Newer TensorFlow builds also log
 * through absl, which ignores the variable; the child's standard error is therefore passed through a filter that
 * drops lines shaped like native log lines ({@code I0000 00:00:...}, {@code 2026-... I tensorflow/...}) and
 * forwards everything else as it comes, progress bars included.
 */
final class QuietNativeLogging {
    /** The variable TensorFlow's logging reads. */
    static final String VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
    /** 2 hides INFO and WARNING lines and keeps ERROR and FATAL ones. */
    static final String LEVEL = "2";

    private QuietNativeLogging() {}

    static boolean relaunchNeeded(String[] args) {
        return System.getenv(VARIABLE) == null && !Arrays.asList(args).contains("--verbose");
    }

    static java.util.OptionalInt relaunch(Class<?> main, String[] args) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO().redirectError(ProcessBuilder.Redirect.PIPE);
        builder.environment().put(VARIABLE, LEVEL);
        try {
            Process child = builder.start();
            Thread pump = new Thread(() -> filter(child.getErrorStream(), System.err), "stderr-filter");
            pump.setDaemon(true);
            pump.start();
            // Ctrl-C reaches the child too (same process group); wait for it to finish writing what it had.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    child.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            int code = child.waitFor();
            pump.join(2000);
            return java.util.OptionalInt.of(code);
        } catch (IOException e) {
            System.err.println("cam4j: warning: could not silence TensorFlow's logging (" + e.getMessage() + ")");
            return java.util.OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalInt.of(130);
        }
    }

    /** Native log lines: absl's ({@code I0000 00:00:...}), TensorFlow's dated ones, and absl's start-up notice. */
    private static final java.util.regex.Pattern NATIVE_LOG = java.util.regex.Pattern.compile(
            "^([IWE]\\d{4} \\d\\d:\\d\\d:.*|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: [IW] .*"
                    + "|WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to STDERR"
                    + "|To enable the following instructions: .*rebuild TensorFlow.*)$");

    /**
     * Copies a stream line by line, dropping native log lines. A line ends at '\n' or '\r' (progress bars redraw
     * with '\r'), and is forwarded as soon as it ends.
     */
    static void filter(java.io.InputStream in, java.io.PrintStream out) {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1) {
                line.write(b);
                if (b == '\n' || b == '\r') {
                    forward(line, out);
                }
            }
            forward(line, out);
        } catch (IOException e) {
            // The child closed its end; nothing more will come.
        }
    }

    private static void forward(java.io.ByteArrayOutputStream line, java.io.PrintStream out) {
        String text = line.toString(java.nio.charset.StandardCharsets.UTF_8);
        line.reset();
        if (!text.isEmpty() && !NATIVE_LOG.matcher(text.strip()).matches()) {
            out.print(text);
            out.flush();
        }
    }
}
