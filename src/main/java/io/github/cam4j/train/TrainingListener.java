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

    /**
     * Asked after every step: a run asked to stop (Ctrl-C) ends between two steps, never inside TensorFlow's, where the
     * JVM's end crashed it (a SIGSEGV in {@code libtensorflow_cc}, helper-165's audit).
     *
     * @return true to end the training after the step just finished ({@link TrainingStoppedException})
     */
    default boolean stopRequested() {
        return false;
    }

    /**
     * The training stopped mid-epoch, as {@link #stopRequested()} asked or because the step's loss overflowed (the
     * training then ends in an {@link IllegalArgumentException}): what the listener shows is closed.
     *
     * @param epoch 1-based
     * @param step the last step finished, 1-based
     */
    default void stopped(int epoch, int step) {}

    /**
     * A pass over pictures after the training's steps begins (the test accuracy, a calibration's): no step trains, but
     * it can take as long as an epoch (an unpooled model's test pass and calibration: 27 s without a word, helper-176's
     * audit).
     *
     * @param what what the pass measures, e.g. "test accuracy"
     * @param batches how many batches it runs
     */
    default void passStarted(String what, int batches) {}

    /** One more batch of the pass under way is about to run. */
    default void passBatch() {}

    /** The pass under way ended, or was stopped: what the listener shows is closed. */
    default void passFinished() {}
}
