package io.github.cam4j.train;

/**
 * A training whose numbers overflowed (a loss, a validation loss or a weight became NaN or infinite): the settings that
 * scale the steps, the learning rate and the spread penalty's weight, cannot be trained with. Nothing was written.
 *
 * <p>The message says the settings as Java writes them ("at learning rate 1.0E30"), the values an API caller gave. A
 * caller that took them as text, a command line, says them in its own words with {@link #message(String, String)}:
 * the values are fields, so that no one has to find a number inside the message to rewrite it.
 */
public final class TrainingDivergedException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** What overflowed, and where: "the loss became NaN in step 3 of 40 of epoch 1". */
    private final String what;
    /** The learning rate the training was given, before any schedule. */
    private final float learningRate;
    /** The spread penalty's weight, 0 when none. */
    private final double spreadPenalty;

    /**
     * @param what what overflowed, and where: "the loss became NaN in step 3 of 40 of epoch 1"
     * @param learningRate the learning rate the training was given
     * @param spreadPenalty the spread penalty's weight, 0 when none
     */
    public TrainingDivergedException(String what, float learningRate, double spreadPenalty) {
        super(message(what, Float.toString(learningRate), spreadPenalty > 0 ? Double.toString(spreadPenalty) : null));
        this.what = what;
        this.learningRate = learningRate;
        this.spreadPenalty = spreadPenalty;
    }

    /**
     * The message with the settings said as the caller says them.
     *
     * @param learningRate the learning rate as the caller says it ("2147483647" where the float is 2.14748365E9)
     * @param spreadPenalty the spread penalty's weight as the caller says it; not said when no penalty was given
     * @return "training diverged: {what} at learning rate {learningRate}[ and spread penalty {spreadPenalty}]; lower
     *     the learning rate[ or the penalty]"
     */
    public String message(String learningRate, String spreadPenalty) {
        return message(what, learningRate, this.spreadPenalty > 0 ? spreadPenalty : null);
    }

    /**
     * @param penalty the penalty's weight as said, or null when none: the rate alone is blamed then; with one, both
     *     are (1e30 overflowed at the default rate, and the rate alone was blamed)
     */
    private static String message(String what, String learningRate, String penalty) {
        return "training diverged: " + what + " at learning rate " + learningRate
                + (penalty == null ? "" : " and spread penalty " + penalty) + "; lower the learning rate"
                + (penalty == null ? "" : " or the penalty");
    }

    /** @return what overflowed, and where: "the loss became NaN in step 3 of 40 of epoch 1" */
    public String what() {
        return what;
    }

    /** @return the learning rate the training was given, before any schedule */
    public float learningRate() {
        return learningRate;
    }

    /** @return the spread penalty's weight, 0 when none was given */
    public double spreadPenalty() {
        return spreadPenalty;
    }
}
