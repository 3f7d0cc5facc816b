package io.github.cam4j.train;

/** Hears how training goes; every method has an empty default, so a listener overrides what it shows. */
public interface TrainingListener {
    /** A listener that shows nothing. */
    TrainingListener SILENT = new TrainingListener() {};

    /**
     * @param epoch 1-based
     * @param epochs how many there are
     * @param steps batches in this epoch
     */
    default void epochStarted(int epoch, int epochs, int steps) {}

    /**
     * @param step 1-based batch index within the epoch
     * @param loss mean loss so far this epoch
     * @param accuracy accuracy so far this epoch
     */
    default void stepFinished(int step, double loss, double accuracy) {}

    /** @param stats what the epoch measured, validation included */
    default void epochFinished(EpochStats stats) {}
}
