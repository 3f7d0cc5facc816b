package io.github.cam4j.train;

import io.github.cam4j.SettingOutOfRangeException;

/**
 * How to train: Keras' {@code model.fit} arguments that matter here, with Keras' defaults where it has them.
 *
 * @param epochs passes over the training split
 * @param batchSize images per step
 * @param learningRate Adam's learning rate
 * @param validationSplit the fraction of the training set held out for validation, taken from its end as Keras does
 * @param seed seeds the initial weights and the shuffling
 * @param trainLimit use only the first this many training images (0: all), for quick runs
 * @param schedule how the learning rate moves over the run
 * @param threads TensorFlow's intra-op threads (0: one per core). Runs with the same seed and thread count on one
 *     machine give bit-identical weights (checked by a test); another machine or thread count may round differently
 * @param hiding Hide-and-Seek's patches hidden from the training pictures ({@link HideAndSeek#OFF}: none, the article's
 *     training)
 * @param shift the random translation of the training pictures ({@link RandomShift#OFF}: none, the article's training)
 * @param attentionDrop the strongest cells of the last feature map dropped while training ({@link AttentionDrop#OFF}:
 *     none, the article's training)
 * @param spreadPenalty the penalty on the true class's evidence gathered on few cells ({@link SpreadPenalty#OFF}:
 *     none, the article's training)
 */
public record TrainingConfig(int epochs, int batchSize, float learningRate, double validationSplit, long seed, int trainLimit,
        LearningRateSchedule schedule, int threads, HideAndSeek hiding, RandomShift shift, AttentionDrop attentionDrop,
        SpreadPenalty spreadPenalty) {

    /**
     * Hiding, shifting and the attention drop as given, no spread penalty.
     *
     * @param epochs passes over the training split, at least 1
     * @param batchSize images per step, at least 1
     * @param learningRate Adam's initial learning rate, positive and finite
     * @param validationSplit the fraction of the used training images held out from their end, in [0, 1)
     * @param seed seeds the initial weights and the shuffling
     * @param trainLimit use only the first this many training images, the held-out ones included; 0 for all
     * @param schedule how the learning rate moves over the run; not null
     * @param threads TensorFlow's intra-op threads, 0 for one per core
     * @param hiding the Hide-and-Seek patches hidden from the training pictures; {@link HideAndSeek#OFF} for none
     * @param shift the random translation of the training pictures; {@link RandomShift#OFF} for none
     * @param attentionDrop the strongest cells dropped while training; {@link AttentionDrop#OFF} for none
     * @throws IllegalArgumentException naming the command-line option, when a value is out of range
     */
    public TrainingConfig(int epochs, int batchSize, float learningRate, double validationSplit, long seed, int trainLimit,
            LearningRateSchedule schedule, int threads, HideAndSeek hiding, RandomShift shift, AttentionDrop attentionDrop) {
        this(epochs, batchSize, learningRate, validationSplit, seed, trainLimit, schedule, threads, hiding, shift,
                attentionDrop, SpreadPenalty.OFF);
    }

    /**
     * Hiding and shifting as given, no attention drop.
     *
     * @param epochs passes over the training split, at least 1
     * @param batchSize images per step, at least 1
     * @param learningRate Adam's initial learning rate, positive and finite
     * @param validationSplit the fraction of the used training images held out from their end, in [0, 1)
     * @param seed seeds the initial weights and the shuffling
     * @param trainLimit use only the first this many training images, the held-out ones included; 0 for all
     * @param schedule how the learning rate moves over the run; not null
     * @param threads TensorFlow's intra-op threads, 0 for one per core
     * @param hiding the Hide-and-Seek patches hidden from the training pictures; {@link HideAndSeek#OFF} for none
     * @param shift the random translation of the training pictures; {@link RandomShift#OFF} for none
     * @throws IllegalArgumentException naming the command-line option, when a value is out of range
     */
    public TrainingConfig(int epochs, int batchSize, float learningRate, double validationSplit, long seed, int trainLimit,
            LearningRateSchedule schedule, int threads, HideAndSeek hiding, RandomShift shift) {
        this(epochs, batchSize, learningRate, validationSplit, seed, trainLimit, schedule, threads, hiding, shift,
                AttentionDrop.OFF);
    }

    /**
     * The article's training: nothing hidden or moved.
     *
     * @param epochs passes over the training split, at least 1
     * @param batchSize images per step, at least 1 ({@link #DEFAULT_BATCH_SIZE} for the bundled models)
     * @param learningRate Adam's initial learning rate, positive and finite ({@link #DEFAULT_LEARNING_RATE} for the
     *     bundled models)
     * @param validationSplit the fraction of the used training images held out from their end, in [0, 1)
     *     ({@link #DEFAULT_VALIDATION_SPLIT} for the bundled models); 0 holds none out
     * @param seed seeds the initial weights and the shuffling
     * @param trainLimit use only the first this many training images, the held-out ones included; 0 for all
     * @param schedule how the learning rate moves over the run; not null
     * @param threads TensorFlow's intra-op threads, 0 for one per core
     * @throws IllegalArgumentException naming the command-line option, when a value is out of range
     */
    public TrainingConfig(int epochs, int batchSize, float learningRate, double validationSplit, long seed, int trainLimit,
            LearningRateSchedule schedule, int threads) {
        this(epochs, batchSize, learningRate, validationSplit, seed, trainLimit, schedule, threads, HideAndSeek.OFF);
    }

    /**
     * Hiding as given, nothing moved.
     *
     * @param epochs passes over the training split, at least 1
     * @param batchSize images per step, at least 1 ({@link #DEFAULT_BATCH_SIZE} for the bundled models)
     * @param learningRate Adam's initial learning rate, positive and finite ({@link #DEFAULT_LEARNING_RATE} for the
     *     bundled models)
     * @param validationSplit the fraction of the used training images held out from their end, in [0, 1)
     *     ({@link #DEFAULT_VALIDATION_SPLIT} for the bundled models); 0 holds none out
     * @param seed seeds the initial weights and the shuffling
     * @param trainLimit use only the first this many training images, the held-out ones included; 0 for all
     * @param schedule how the learning rate moves over the run; not null
     * @param threads TensorFlow's intra-op threads, 0 for one per core
     * @param hiding the Hide-and-Seek patches hidden from the training pictures; {@link HideAndSeek#OFF} for none
     * @throws IllegalArgumentException naming the command-line option, when a value is out of range
     */
    public TrainingConfig(int epochs, int batchSize, float learningRate, double validationSplit, long seed, int trainLimit,
            LearningRateSchedule schedule, int threads, HideAndSeek hiding) {
        this(epochs, batchSize, learningRate, validationSplit, seed, trainLimit, schedule, threads, hiding, RandomShift.OFF);
    }

    /** The initial learning rate of the bundled models (Keras' Adam default is 0.001; with cosine decay 0.003 converges faster). */
    public static final float DEFAULT_LEARNING_RATE = 0.003f;
    /** The batch size used for the bundled models. */
    public static final int DEFAULT_BATCH_SIZE = 64;
    /** The validation fraction used for the bundled models. */
    public static final double DEFAULT_VALIDATION_SPLIT = 0.1;

    /**
     * Checks each argument, naming it by its command-line option so that {@code cam4j train}'s error reads as the
     * user typed it.
     *
     * @param epochs passes over the training split, at least 1
     * @param batchSize images per step, at least 1 ({@link #DEFAULT_BATCH_SIZE} for the bundled models)
     * @param learningRate Adam's initial learning rate, positive and finite ({@link #DEFAULT_LEARNING_RATE} for the
     *     bundled models)
     * @param validationSplit the fraction of the used training images held out from their end, in [0, 1)
     *     ({@link #DEFAULT_VALIDATION_SPLIT} for the bundled models); 0 holds none out
     * @param seed seeds the initial weights and the shuffling
     * @param trainLimit use only the first this many training images, the held-out ones included; 0 for all
     * @param schedule how the learning rate moves over the run; not null
     * @param threads TensorFlow's intra-op threads, 0 for one per core
     * @param hiding the Hide-and-Seek patches hidden from the training pictures; {@link HideAndSeek#OFF} for none
     * @param shift the random translation of the training pictures; {@link RandomShift#OFF} for none
     * @param attentionDrop the strongest cells dropped while training; {@link AttentionDrop#OFF} for none
     * @param spreadPenalty the penalty on evidence gathered on few cells; {@link SpreadPenalty#OFF} for none
     * @throws IllegalArgumentException naming the option, when a value is out of range
     * @throws NullPointerException when the schedule, hiding, shift, attention drop or spread penalty is null
     */
    public TrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be at least 1, got " + batchSize);
        }
        if (!(learningRate > 0) || Float.isInfinite(learningRate)) {
            // "and finite": of inf and nan it had said "must be positive, got inf", which inf is.
            throw SettingOutOfRangeException.ofFloat("--learning-rate", "must be positive and finite", learningRate);
        }
        if (!(validationSplit >= 0 && validationSplit < 1)) {
            throw SettingOutOfRangeException.of("--validation-split", "must be in [0, 1)", validationSplit);
        }
        java.util.Objects.requireNonNull(schedule, "schedule is null");
        java.util.Objects.requireNonNull(hiding, "hiding is null");
        java.util.Objects.requireNonNull(shift, "shift is null");
        java.util.Objects.requireNonNull(attentionDrop, "attentionDrop is null");
        java.util.Objects.requireNonNull(spreadPenalty, "spreadPenalty is null");
        if (threads < 0) {
            throw new IllegalArgumentException("--threads must not be negative, got " + threads);
        }
        if (trainLimit < 0) {
            throw new IllegalArgumentException("--limit must not be negative, got " + trainLimit);
        }
    }

    /**
     * @param available images in the training set
     * @return the ones used: the first {@code trainLimit}, or all
     */
    public int usedImages(int available) {
        return trainLimit > 0 ? Math.min(trainLimit, available) : available;
    }

    /**
     * @param available images in the training set
     * @return how many of the used ones are held out for validation (from their end)
     */
    public int validationImages(int available) {
        return (int) Math.round(usedImages(available) * validationSplit);
    }
}
