package io.github.cam4j.cli;

import java.util.function.IntConsumer;

/**
 * A command's progress through counted steps on standard error (NMF's iterations, activation maximization's steps):
 * on a terminal redrawn in place, in a log (standard error a file or a pipe) as a few whole lines, as evaluate's and
 * video's bars are ({@link io.github.cam4j.ProgressBars#console}). Opened at the first step told, so a run refused
 * before it leaves no bar behind.
 */
final class StepBar implements IntConsumer, AutoCloseable {
    private final String task;
    private final String unit;
    private final long max;
    private me.tongfei.progressbar.ProgressBar bar;

    /**
     * @param task the bar's name
     * @param unit the unit after the counts, with its leading space
     * @param max the steps in all
     */
    StepBar(String task, String unit, long max) {
        this.task = task;
        this.unit = unit;
        this.max = max;
    }

    /** @param done the steps done so far */
    @Override
    public void accept(int done) {
        if (bar == null) {
            bar = io.github.cam4j.ProgressBars.builder(task, unit, 1, max)
                    .setConsumer(io.github.cam4j.ProgressBars.console(System.err)).build();
        }
        bar.stepTo(done);
    }

    /**
     * Ends the bar at 100 % when the work stopped early because it was done (NMF converged in 63 of its 200
     * iterations): the bar had stayed at 31 %, as if the run had been cut short.
     *
     * @param done the steps the work took
     */
    void finishedAt(int done) {
        if (bar != null && done < max) {
            bar.maxHint(done);
            bar.stepTo(done);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
