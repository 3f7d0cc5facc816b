package io.github.cam4j;

import java.io.PrintStream;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The one look of every cam4j progress bar (training, download, explain, evaluate, video): ASCII, so any terminal and
 * any log file shows it, with the count, the rate and the time left. On a terminal a bar is redrawn in place; when
 * standard error is a file or a pipe (a log, a CI run) it is written as a few whole lines instead.
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBars.builder("explain", " images", 1, total)
 *         .setConsumer(ProgressBars.console(System.err)).build()) { ... }
 * }</pre>
 */
public final class ProgressBars {
    /**
     * Columns a bar may take when standard error is not a terminal (a log file, a CI run): the library then assumes
     * 80, which squeezed a long task name's bar to "[ ]" and cut off its rate.
     */
    static final int LOG_WIDTH = 160;

    /**
     * The longest a running bar stays silent in a log: between tenths of the way it writes a line no more often than
     * this, so a slow bar or one without an end still shows it is alive.
     */
    static final int LOG_EVERY_SECONDS = 30;

    /**
     * Set by the command line's launcher for the child JVM it runs a command in, with the child's standard error piped
     * through it: "1" when the launcher's own standard error, where the child's lines end up, is a terminal.
     */
    public static final String LAUNCHER_STDERR_TERMINAL = "CAM4J_STDERR_TERMINAL";

    /**
     * Set by the launcher with {@link #LAUNCHER_STDERR_TERMINAL}: the columns a bar may take on its terminal
     * ({@link #lineWidth()} there) as the command starts.
     */
    public static final String LAUNCHER_BAR_WIDTH = "CAM4J_BAR_WIDTH";

    private ProgressBars() {}

    /** @return the columns a bar may take: the terminal's width, or {@value #LOG_WIDTH} when standard error is no terminal */
    public static int lineWidth() {
        return stderrIsTerminal() ? terminalConsumer(System.err).getMaxRenderedLength() : LOG_WIDTH;
    }

    /**
     * @param out where the bar goes, on a terminal
     * @return a consumer redrawing the bar in place, as wide as the terminal
     */
    private static ConsoleProgressBarConsumer terminalConsumer(PrintStream out) {
        int launcherWidth = launcherBarWidth();
        // The library measures the terminal as it goes (and follows a resize) when it can see it.
        return launcherWidth > 0 ? new ConsoleProgressBarConsumer(out, launcherWidth) : new ConsoleProgressBarConsumer(out);
    }

    /**
     * @return the launcher's bar width ({@link #LAUNCHER_BAR_WIDTH}) when this process cannot measure the terminal
     *     itself, else -1. The library measures it through standard output or error; in the launcher's child standard
     *     error is a pipe, and with standard output a file ({@code cam4j explain ... > results.txt}) the library found
     *     no terminal and took 80 columns, which a narrower terminal wrapped, a line left behind at every redraw.
     */
    private static int launcherBarWidth() {
        if (!"1".equals(System.getenv(LAUNCHER_STDERR_TERMINAL)) || isTerminal(1) || isTerminal(2)) {
            return -1;
        }
        try {
            return Integer.parseInt(String.valueOf(System.getenv(LAUNCHER_BAR_WIDTH)));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Whether standard error, where bars go, is a terminal. {@code System.console()} cannot say: it is null as soon as
     * standard input or output is redirected ({@code cam4j evaluate ... | tee log}), with the bar still on the terminal,
     * where 160 columns would wrap and leave a line behind at every redraw. On Linux the descriptor's link names the
     * device; elsewhere {@code System.console()} is the best guess there is.
     *
     * @return true when standard error is a terminal, where a bar is redrawn in place
     */
    public static boolean stderrIsTerminal() {
        // The command line's launcher runs the command in a child JVM whose standard error is a pipe through the
        // launcher's log filter, which forwards a bar's redraws as they come: the terminal, if any, is the launcher's.
        return "1".equals(System.getenv(LAUNCHER_STDERR_TERMINAL)) || isTerminal(2);
    }

    /**
     * @param descriptor 1 for standard output, 2 for standard error
     * @return whether this process's own descriptor is a terminal
     */
    private static boolean isTerminal(int descriptor) {
        java.nio.file.Path fd = java.nio.file.Path.of("/proc/self/fd/" + descriptor);
        try {
            String target = java.nio.file.Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return System.console() != null;
        }
    }

    /**
     * @param out where the bar goes (standard error)
     * @return on a terminal, a consumer redrawing the bar on one line of {@code out}; otherwise one writing it to the log
     *     as whole lines ({@link #logLines}); at most {@link #lineWidth()} columns either way
     */
    public static ProgressBarConsumer console(PrintStream out) {
        // In a terminal the library follows its width as it changes.
        return stderrIsTerminal() ? closedOnce(terminalConsumer(out)) : logLines(line -> {
            out.println(line);
            out.flush();
        });
    }

    /**
     * @param consumer draws a bar
     * @return the consumer, drawing nothing once the bar is closed, and closed once: the library draws a bar again each
     *     time it is closed (and once more when the close meets its timer's draw), which left a second copy of the bar
     *     below its ended line, after whatever was said between ({@link ClosedOnceConsumer})
     */
    public static ProgressBarConsumer closedOnce(ProgressBarConsumer consumer) {
        return consumer instanceof ClosedOnceConsumer ? consumer : new ClosedOnceConsumer(consumer);
    }

    /**
     * A line said on standard error while a bar may be drawn there (a warning as the work goes on), to stand on its own
     * line. On a terminal the bar is redrawn in place on a line it leaves unended, so a line printed then followed the
     * bar's text ("... 12/40 canvases (0:00:03 / 0:00:07) 4.0 canvases/scam4j: warning: ..."): that line is first
     * blanked (a carriage return, blanks over the bar's width, a carriage return), and the bar is drawn again below at
     * its next redraw. In a log the bar is written as whole lines: the line is left as it is.
     *
     * @param line the line, without its end
     * @return the text to print, one call, before the line's end
     */
    public static String ownLine(String line) {
        boolean terminal = stderrIsTerminal();
        return ownLine(line, terminal, terminal ? lineWidth() : 0);
    }

    /**
     * @param line the line, without its end
     * @param terminal whether standard error is a terminal, where a bar is redrawn in place
     * @param width the columns a bar takes there ({@link #lineWidth()})
     * @return on a terminal, the line after its line is blanked; otherwise the line
     */
    static String ownLine(String line, boolean terminal, int width) {
        return terminal ? "\r" + " ".repeat(width) + "\r" + line : line;
    }

    /**
     * A bar for a log, where a redraw with carriage returns would pile every state the bar went through into one long
     * line: the first line, one each time the bar passes a tenth of its length (or {@value #LOG_EVERY_SECONDS} s after
     * the last line), and its last state when it closes, each a whole line of at most {@value #LOG_WIDTH} columns.
     *
     * @param println writes one line, ended and flushed
     * @return a consumer for {@link ProgressBarBuilder#setConsumer}
     */
    public static ProgressBarConsumer logLines(Consumer<String> println) {
        return closedOnce(new LogProgressBarConsumer(println, LOG_EVERY_SECONDS));
    }

    /**
     * @param task the bar's name, shown first
     * @param unit the unit after the counts and the rate, with its leading space (" images")
     * @param unitSize how many counted things make one unit (1, or {@code 1 << 20} for bytes shown as MB)
     * @param max the total, or -1 when unknown (then no time left is shown)
     * @return a builder with the house style; the caller sets where the bar goes and builds it
     */
    public static ProgressBarBuilder builder(String task, String unit, long unitSize, long max) {
        return builder(task, unit, unitSize, max, false);
    }

    /**
     * @param task the bar's name, shown first
     * @param unit the unit after the counts and the rate, with its leading space (" images")
     * @param unitSize how many counted things make one unit
     * @param max the total, or -1 when unknown
     * @param pacedFromStart whether the rate and the time left are taken from the bar's start, for a bar built once
     *     loading is done; else from the first draw that found anything done, as {@link #builder(String, String, long,
     *     long)} takes them
     * @return a builder with the house style; the caller sets where the bar goes and builds it
     */
    public static ProgressBarBuilder builder(String task, String unit, long unitSize, long max,
            boolean pacedFromStart) {
        // The rate as "0.3 images/s": the library's default pattern ("#.0") prints ".3".
        DecimalFormat rate = new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT));
        // The style, unit and rate are the renderer's; set on the builder too, for what it reads of them itself.
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, unitSize).showSpeed(rate)
                .setRenderer(new ProgressRateRenderer(unit, unitSize, rate, pacedFromStart))
                .setUpdateIntervalMillis(500);
    }
}
