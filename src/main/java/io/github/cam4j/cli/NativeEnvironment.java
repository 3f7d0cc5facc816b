package io.github.cam4j.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Sets the two TensorFlow environment variables the command line wants, which TensorFlow reads once from the process
 * environment and Java cannot set for its own process:
 * <ul>
 *   <li>{@code TF_ENABLE_ONEDNN_OPTS=1}: TensorFlow Java 1.1.0's CPU build ships oneDNN's kernels but leaves them off;
 *       on this project's 2-core machine they cut the CPU time of a batch of 256 MNIST digits through the pooled
 *       model by about a quarter (process CPU per batch, oneDNN on and off alternating, four runs). Except for
 *       {@code video}, which feeds one frame at a time: there oneDNN is slower (the model's run on a frame's
 *       40–44 x 28–44 pixel crop takes 1.4–1.7 ms with it, 1.0–1.1 ms without), so {@code video} gets
 *       {@code TF_ENABLE_ONEDNN_OPTS=0}.</li>
 *   <li>{@code TF_CPP_MIN_LOG_LEVEL=2} unless {@code --verbose}: keeps TensorFlow's native start-up logging (CPU
 *       feature notices, MLIR passes, SavedModel loading) out of the output.</li>
 * </ul>
 *
 * <p>Under an ASCII locale a third, {@code LC_ALL=C.UTF-8}, with the command line's words as the shell gave them
 * ({@link Utf8Names}).
 *
 * <p>When one of them is unset, the command runs itself once more in a child JVM with it set (same JVM options,
 * class path and arguments, standard streams inherited) and exits with the child's code. A variable the user set is
 * always respected ({@code TF_ENABLE_ONEDNN_OPTS=0} turns oneDNN off). Newer TensorFlow builds also log through
 * absl, which ignores the level; unless {@code --verbose}, the child's standard error is passed through a filter
 * that drops lines shaped like native log lines ({@code I0000 00:00:...}, {@code 2026-... I tensorflow/...}, OpenCV's
 * {@code [ERROR:0@0.18] global ...}) and the image decoders' messages about a damaged file ({@code libpng error: ...},
 * {@code Premature end of JPEG file}), which cam4j's own error names in one line, and forwards everything else as it
 * comes, progress bars included; the child is told whether this standard error is a terminal
 * ({@link io.github.cam4j.ProgressBars#LAUNCHER_STDERR_TERMINAL}), so that its bars are redrawn in place there rather
 * than written as a log's lines.
 */
final class NativeEnvironment {
    /** The variable TensorFlow's logging reads. */
    static final String LOG_LEVEL = "TF_CPP_MIN_LOG_LEVEL";
    /** 2 hides INFO and WARNING lines and keeps ERROR and FATAL ones. */
    static final String QUIET = "2";
    /** The variable that switches TensorFlow's oneDNN CPU kernels on or off. */
    static final String ONEDNN = "TF_ENABLE_ONEDNN_OPTS";
    /** Set for the child JVM: the launching process's id, whose end the child follows ({@link #followLauncher}). */
    static final String LAUNCHER_PID = "CAM4J_LAUNCHER_PID";

    private NativeEnvironment() {}

    /**
     * @param args the command line
     * @param environment the current process environment
     * @return the variables to add for a child process; empty when this process can run the command itself
     */
    static java.util.Map<String, String> missing(String[] args, java.util.Map<String, String> environment) {
        java.util.Map<String, String> missing = new java.util.LinkedHashMap<>();
        if (!environment.containsKey(ONEDNN)) {
            missing.put(ONEDNN, oneImageAtATime(args) ? "0" : "1");
        }
        if (!environment.containsKey(LOG_LEVEL) && !verbose(args)) {
            missing.put(LOG_LEVEL, QUIET);
        }
        return missing;
    }

    /** @return whether the subcommand runs the model on one picture per run (video frames), where oneDNN is slower */
    private static boolean oneImageAtATime(String[] args) {
        return Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().map("video"::equals).orElse(false);
    }

    private static boolean verbose(String[] args) {
        return Arrays.asList(args).contains("--verbose");
    }

    /**
     * A child JVM ended by a signal no cam4j code saw (a {@code kill -9} of it, the system's out-of-memory killer, a
     * crash) left its output as it was and said nothing; the launcher, which outlives it, says so.
     *
     * @param code the child's exit code (128 + the signal's number for a process a signal ended)
     * @param video whether the command writes a video
     * @return the line to print, or empty for an exit the command chose (0, 1, 2, 130 on Ctrl-C...)
     */
    static java.util.Optional<String> childEnd(int code, boolean video) {
        String how = switch (code - 128) {
            case 9 -> "was killed (SIGKILL: kill -9, or the system's out-of-memory killer)";
            case 6 -> "crashed (SIGABRT; the JVM writes an hs_err_pid file in the working folder)";
            case 11 -> "crashed (SIGSEGV; the JVM writes an hs_err_pid file in the working folder)";
            default -> null;
        };
        if (how == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of("cam4j: error: the JVM running the command " + how + "; what it was writing may be"
                + " cut short" + (video ? " (a video plays up to where it stopped only if written in fragments:"
                        + " --fragmented, the default for a camera and a pipe)" : ""));
    }

    /**
     * Runs the command in a child JVM with the given variables added to the environment.
     *
     * @param main the main class
     * @param args the command line
     * @param variables what {@link #missing} returned
     * @return the child's exit code; empty when no child could be started (the caller then runs the command itself)
     */
    static java.util.OptionalInt relaunch(Class<?> main, String[] args, java.util.Map<String, String> variables) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        boolean filtered = !verbose(args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        if (filtered) {
            builder.redirectError(ProcessBuilder.Redirect.PIPE);
            // The child sees a pipe and would write its progress bars as a log's whole lines; the filter forwards a
            // redraw as it comes, so on a terminal the bar can be drawn in place as when the command runs unrelaunched.
            if (io.github.cam4j.ProgressBars.stderrIsTerminal()) {
                builder.environment().put(io.github.cam4j.ProgressBars.LAUNCHER_STDERR_TERMINAL, "1");
                // For a child that cannot measure the terminal (its standard output a file as well).
                builder.environment().put(io.github.cam4j.ProgressBars.LAUNCHER_BAR_WIDTH,
                        Integer.toString(io.github.cam4j.ProgressBars.lineWidth()));
            }
        }
        builder.environment().putAll(variables);
        builder.environment().put(LAUNCHER_PID, Long.toString(ProcessHandle.current().pid()));
        try {
            Process child = builder.start();
            Thread pump = filtered ? new Thread(() -> filter(child.getErrorStream(), System.err), "stderr-filter") : null;
            if (pump != null) {
                pump.setDaemon(true);
                pump.start();
            }
            // This JVM is stopping on a signal. A terminal's Ctrl-C reaches the child too (same process group), but a
            // signal sent to this process alone (kill PID, a service manager) does not, and the child would run on to
            // the end of its input (a camera: for ever). Pass it on as SIGTERM, which runs the child's shutdown hooks
            // as Ctrl-C does (video closes its file playable); then wait for it to finish writing what it had. Only
            // where destroy() is that gentle signal: on Windows it kills outright, which would leave the video unclosed.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                // Through its handle: Process.destroy() also closes this end of the child's standard error, and the
                // pump lost what the child said as it stopped ("cam4j: stopped ...", read and dropped on the close).
                ProcessHandle handle = child.toHandle();
                if (handle.supportsNormalTermination()) {
                    handle.destroy();
                }
                try {
                    child.waitFor();
                    if (pump != null) {
                        // The child says on standard error that it stopped and what it wrote; this JVM halts when its
                        // hooks end, which could be before the pump had forwarded that last line.
                        pump.join(2000);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            int code = child.waitFor();
            if (pump != null) {
                pump.join(2000);
            }
            childEnd(code, oneImageAtATime(args)).ifPresent(line -> {
                System.err.println(line);
                System.err.flush();
            });
            return java.util.OptionalInt.of(code);
        } catch (IOException e) {
            System.err.println("cam4j: warning: could not start a child JVM with " + variables.keySet() + " set ("
                    + e.getMessage() + "); running without them");
            return java.util.OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.OptionalInt.of(130);
        }
    }

    /**
     * In the child JVM {@link #relaunch} started: stop when the launching process ends without waiting for this one.
     * A SIGKILL to the launcher (kill -9, the OOM killer, a service manager giving up) ran no hook of its, so nothing
     * passed the stop on: the child ran on to the end of its input, for ever on a camera, writing a video nobody
     * waited for. Now it stops as on Ctrl-C, through its shutdown hooks (video closes its file playable), and says so
     * on standard output, which it shares with the terminal: its standard error went through the launcher, which is
     * gone (unlike a stop's line, which the living launcher forwards, this one has no other way out).
     *
     * @param environment this process's environment
     */
    static void followLauncher(java.util.Map<String, String> environment) {
        String launcher = environment.get(LAUNCHER_PID);
        if (launcher == null) {
            return;
        }
        java.util.Optional<ProcessHandle> parent = ProcessHandle.current().parent();
        if (parent.isEmpty() || !launcher.equals(Long.toString(parent.get().pid()))) {
            // The launcher ended before this JVM got here (this process was handed to another parent).
            launcherEnded();
            return;
        }
        parent.get().onExit().thenRun(NativeEnvironment::launcherEnded);
    }

    private static void launcherEnded() {
        System.out.println("cam4j: the java process that started this one ended without stopping it; stopping");
        System.out.flush();
        System.exit(128 + 15); // as SIGTERM: the hooks run, what was written is closed
    }

    /** Native log lines: absl's ({@code I0000 00:00:...}), TensorFlow's dated ones, and absl's start-up notice. */
    private static final String NATIVE_LOG_LINE = "[IWE]\\d{4} \\d\\d:\\d\\d:.*"
            + "|\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: [IW] .*"
            + "|WARNING: All log messages before absl::InitializeLog\\(\\) is called are written to STDERR"
            + "|To enable the following instructions: .*rebuild TensorFlow.*"
            // The image decoders' own words before cam4j's one-line error about a damaged file.
            + "|libpng (warning|error): .*|Premature end of JPEG file";

    /** OpenCV's log lines ({@code [ERROR:0@0.188] global loadsave.cpp:507 ...}), which end with a blank line. */
    private static final String OPENCV_LOG_LINE = "\\[ ?(ERROR|WARN|INFO):\\d+@[\\d.]+\\] .*";

    private static final java.util.regex.Pattern NATIVE_LOG = java.util.regex.Pattern.compile(
            "^(" + NATIVE_LOG_LINE + ")$");

    private static final java.util.regex.Pattern OPENCV_LOG = java.util.regex.Pattern.compile(
            "^" + OPENCV_LOG_LINE + "$");

    /**
     * A native log line at the end of a progress bar's line: written while the bar was drawn, it follows the bar's
     * text, which leaves its line unended ("... ? steps/sWARNING: All log messages before absl::InitializeLog() ...").
     */
    private static final java.util.regex.Pattern LOG_AFTER_BAR = java.util.regex.Pattern.compile(
            "(?:" + NATIVE_LOG_LINE + "|(?<opencv>" + OPENCV_LOG_LINE + "))\\s*$");

    /**
     * Copies a stream line by line, dropping native log lines. A line ends at '\n' or '\r' (progress bars redraw
     * with '\r'), and is forwarded as soon as it ends; a line after a '\r', a bar's redraw, which the bar leaves
     * unended until its next redraw, is forwarded as far as it has come once the stream has nothing more waiting.
     */
    static void filter(java.io.InputStream in, java.io.PrintStream out) {
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        boolean afterOpenCvLog = false;
        // Whether the line under way follows a carriage return: a bar's text ("\rexplain  45% [==   ] ...").
        boolean redraw = false;
        byte[] chunk = new byte[8192];
        try {
            int n;
            while ((n = in.read(chunk)) != -1) {
                for (int i = 0; i < n; i++) {
                    line.write(chunk[i]);
                    if (chunk[i] == '\n' || chunk[i] == '\r') {
                        afterOpenCvLog = forward(line, out, afterOpenCvLog, redraw);
                        redraw = chunk[i] == '\r';
                    }
                }
                if (redraw && line.size() > 0 && in.available() == 0) {
                    // Held until its line ended, at the bar's next redraw, the terminal showed each state of the bar
                    // one redraw late (half a second), and a state before a pause not at all until the pause ended.
                    afterOpenCvLog = forward(line, out, afterOpenCvLog, true);
                }
            }
            forward(line, out, afterOpenCvLog, redraw);
        } catch (IOException e) {
            // The child closed its end; nothing more will come.
        }
    }

    /**
     * @param afterOpenCvLog whether the line before was an OpenCV log line, whose blank line is dropped with it
     * @param redraw whether the line follows a carriage return (a bar's text, or the rest of one forwarded already),
     *     which a native log line may end
     * @return whether this line was one, or ended with one
     */
    private static boolean forward(java.io.ByteArrayOutputStream line, java.io.PrintStream out, boolean afterOpenCvLog,
            boolean redraw) {
        byte[] bytes = line.toByteArray();
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        line.reset();
        String stripped = text.strip();
        boolean openCvLog = OPENCV_LOG.matcher(stripped).matches();
        boolean dropped = openCvLog || NATIVE_LOG.matcher(stripped).matches() || (afterOpenCvLog && stripped.isEmpty());
        if (text.isEmpty() || dropped) {
            return openCvLog;
        }
        int length = bytes.length;
        java.util.regex.Matcher log = redraw ? LOG_AFTER_BAR.matcher(text) : null;
        if (log != null && log.find()) {
            // The bar's text stays, its line unended as the bar left it; the log line after it, and its end, go.
            length = text.substring(0, log.start()).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            openCvLog = log.group("opencv") != null;
        }
        // The child's bytes as they came: printed as text in this JVM's character set, a name the child wrote in
        // UTF-8 (Utf8Names) came out "d??gits" under an ASCII locale.
        out.write(bytes, 0, length);
        out.flush();
        return openCvLog;
    }
}
