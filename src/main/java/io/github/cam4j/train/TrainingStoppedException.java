package io.github.cam4j.train;

/**
 * Training ended between two steps because its listener asked it to ({@link TrainingListener#stopRequested()}): no
 * weights are given, and nothing was written.
 */
public final class TrainingStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** 1-based epoch in which the training stopped. */
    private final int epoch;
    /** Steps finished in that epoch. */
    private final int step;
    /** Steps the epoch has. */
    private final int steps;

    /**
     * @param epoch 1-based epoch in which the training stopped
     * @param step steps finished in that epoch
     * @param steps steps the epoch has
     */
    public TrainingStoppedException(int epoch, int step, int steps) {
        super("training stopped in epoch " + epoch + " after step " + step + " of " + steps);
        this.epoch = epoch;
        this.step = step;
        this.steps = steps;
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
