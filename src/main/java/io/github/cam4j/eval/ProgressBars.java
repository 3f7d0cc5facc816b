package io.github.cam4j.eval;

import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;

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
        return io.github.cam4j.ProgressBars.builder(task, " canvases", 1, total)
                .setConsumer(io.github.cam4j.ProgressBars.console(out)).build();
    }
}
