package io.github.cam4j.train;

/**
 * The learning rate at each training step, as Keras' schedules define it.
 */
public enum LearningRateSchedule {
    /** The same rate throughout (Keras' default for a float learning rate). */
    CONSTANT,
    /**
     * Keras' {@code CosineDecay(initial, decay_steps=total_steps, alpha=0.01)}: from the initial rate down to 1 % of
     * it along half a cosine. Lets a run of few epochs end as well as a longer constant-rate run.
     */
    COSINE;

    /** Keras' {@code alpha} for {@link #COSINE}: the final rate as a fraction of the initial one. */
    public static final double COSINE_ALPHA = 0.01;

    /**
     * @param initial the initial rate
     * @param step 0-based step
     * @param totalSteps steps in the whole run
     * @return the rate for that step
     */
    public float rate(float initial, long step, long totalSteps) {
        if (this == CONSTANT) {
            return initial;
        }
        double progress = Math.min(1.0, (double) step / Math.max(1, totalSteps));
        double cosine = 0.5 * (1 + Math.cos(Math.PI * progress));
        return (float) (initial * ((1 - COSINE_ALPHA) * cosine + COSINE_ALPHA));
    }
}
