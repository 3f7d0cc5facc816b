package io.github.cam4j;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The one look of every cam4j progress bar (training, download, explain, evaluate, video): ASCII, so any terminal and
 * any log file shows it, with the count, the rate and the time left.
 *
 * <pre>{@code
 * try (ProgressBar bar = ProgressBars.builder("explain", " images", 1, total)
 *         .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) { ... }
 * }</pre>
 */
public final class ProgressBars {
    private ProgressBars() {}

    /**
     * @param task the bar's name, shown first
     * @param unit the unit after the counts and the rate, with its leading space (" images")
     * @param unitSize how many counted things make one unit (1, or 1 << 20 for bytes shown as MB)
     * @param max the total, or -1 when unknown (then no time left is shown)
     * @return a builder with the house style; the caller sets where the bar goes and builds it
     */
    public static ProgressBarBuilder builder(String task, String unit, long unitSize, long max) {
        // The rate as "0.3 images/s": the library's default pattern ("#.0") prints ".3".
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setStyle(ProgressBarStyle.ASCII)
                .setUnit(unit, unitSize).showSpeed(new DecimalFormat("0.0", DecimalFormatSymbols.getInstance(Locale.ROOT)))
                .setUpdateIntervalMillis(500);
    }
}
