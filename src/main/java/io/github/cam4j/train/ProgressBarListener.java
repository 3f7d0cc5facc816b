package io.github.cam4j.train;

import io.github.cam4j.ProgressBars;
import java.io.PrintStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Shows each epoch as a progress bar (steps, rate, ETA, running loss and accuracy) and prints its summary line; and the
 * passes after the steps (the test accuracy, a calibration's) as bars of their batches.
 */
public final class ProgressBarListener implements TrainingListener {
    private final PrintStream out;
    private final java.util.function.BooleanSupplier stop;
    private ProgressBar bar;
    /** The bar of a pass after the steps ({@link #passStarted}); null between passes. */
    private ProgressBar pass;
    private int passBatches;

    /** @param out where bars and summaries go (standard error keeps standard output for results) */
    public ProgressBarListener(PrintStream out) {
        this(out, () -> false);
    }

    /**
     * @param out where bars and summaries go
     * @param stop whether the training should stop after the step under way ({@link #stopRequested()})
     */
    public ProgressBarListener(PrintStream out, java.util.function.BooleanSupplier stop) {
        this.out = out;
        this.stop = stop;
    }

    @Override
    public void epochStarted(int epoch, int epochs, int steps) {
        bar = ProgressBars.builder("epoch " + epoch + "/" + epochs, " batches", 1, steps)
                .setConsumer(io.github.cam4j.ProgressBars.console(out)).build();
    }

    @Override
    public void stepFinished(int step, double loss, double accuracy) {
        bar.stepTo(step);
        // A leading space: the library puts the message right after the rate ("15.0 batches/sloss 2.37").
        bar.setExtraMessage(String.format(java.util.Locale.ROOT, " loss %.4f acc %.4f", loss, accuracy));
    }

    @Override
    public void epochFinished(EpochStats stats) {
        bar.close();
        out.println(stats);
    }

    @Override
    public boolean stopRequested() {
        return stop.getAsBoolean();
    }

    @Override
    public void stopped(int epoch, int step) {
        if (bar != null) {
            bar.close();
        }
    }

    @Override
    public void passStarted(String what, int batches) {
        pass = ProgressBars.builder(what, " batches", 1, batches).setConsumer(ProgressBars.console(out)).build();
        passBatches = 0;
    }

    @Override
    public void passBatch() {
        // Told before each batch runs: the bar counts the batches done.
        if (pass != null) {
            pass.stepTo(passBatches++);
        }
    }

    @Override
    public void passFinished() {
        if (pass != null) {
            pass.stepTo(passBatches);
            pass.close();
            pass = null;
        }
    }
}
