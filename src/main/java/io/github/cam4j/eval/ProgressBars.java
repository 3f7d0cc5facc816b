package io.github.cam4j.eval;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The evaluation's progress bar: canvases done, rate and ETA, on standard error. */
final class ProgressBars {
    private ProgressBars() {}

    /**
     * @param task the bar's name
     * @param total canvases to do
     * @param out where to draw, or null for no bar
     * @return the bar, or null
     */
    static ProgressBar create(String task, long total, PrintStream out) {
        if (out == null) {
            return null;
        }
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                // "0.7 canvases/s": the library's default pattern ("#.0") printed ".7".
                .setUnit(" canvases", 1).showSpeed(new java.text.DecimalFormat("0.0",
                        java.text.DecimalFormatSymbols.getInstance(java.util.Locale.ROOT)))
                .setConsumer(new ConsoleProgressBarConsumer(out))
                .setUpdateIntervalMillis(500).build();
    }
}
