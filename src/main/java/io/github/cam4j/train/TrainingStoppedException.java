package io.github.cam4j.train;

/**
 * Training ended between two steps, or between two batches of the measurements after them, because its listener (or
 * the command) asked it to ({@link TrainingListener#stopRequested()}): no weights are given, and nothing was written.
 */
public final class TrainingStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** 1-based epoch in which the training stopped. */
    private final int epoch;
    /** Steps finished in that epoch. */
    private final int step;
    /** Steps the epoch has. */
    private final int steps;
    /** What was under way after the steps ("while validating"), or null when the steps were. */
    private final String during;

    /**
     * @param epoch 1-based epoch in which the training stopped
     * @param step steps finished in that epoch
     * @param steps steps the epoch has
     */
    public TrainingStoppedException(int epoch, int step, int steps) {
        this(epoch, step, steps, null);
    }

    /**
     * @param epoch 1-based epoch in which the training stopped
     * @param step steps finished in that epoch
     * @param steps steps the epoch has
     * @param during what was under way once the epoch's steps were done ("while validating"), or null
     */
    public TrainingStoppedException(int epoch, int step, int steps, String during) {
        super("training stopped " + where(epoch, step, steps, during));
        this.epoch = epoch;
        this.step = step;
        this.steps = steps;
        this.during = during;
    }

    private static String where(int epoch, int step, int steps, String during) {
        return "in epoch " + epoch + " after " + step + " of " + steps + " steps" + (during == null ? "" : ", " + during);
    }

    /** @return where it stopped, as a command says it: "in epoch 2 after 68 of 282 steps[, while validating]" */
    public String where() {
        return where(epoch, step, steps, during);
    }

    /** @return the 1-based epoch in which the training stopped */
    public int epoch() {
        return epoch;
    }

    /** @return the steps finished in that epoch */
    public int step() {
        return step;
    }

    /** @return the steps the epoch has */
    public int steps() {
        return steps;
    }
}
