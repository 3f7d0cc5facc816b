package io.github.cam4j.cam;

/**
 * A session setting within its own range that the opened model cannot take: more Faster Score-CAM channels
 * ({@link CamSession.Builder#optScoreCamChannels}) than the features have, an {@link Occlusion} patch larger than the
 * model's input, a {@link SmoothGradNoise} deviation beyond the model input's range, Finer-CAM ranks past its classes, a FEM
 * k no cell of the features can pass ({@link FemKBeyondCellsException}). Its own type so that a caller who took the value
 * from its user (the command line's {@code --scorecam-channels 999}) can say so in that option's words, the bound being
 * the model's.
 *
 * <p>The message says the value as Java writes it ("a noise standard deviation of 1000.0"), the value an API caller
 * gave. A caller that took it as text says it as typed with {@link #problem(String)} ("of 1e3"): the problem is composed
 * from the value given, so that no one has to find the number inside the message to rewrite it.
 */
public sealed class SettingBeyondModelException extends IllegalArgumentException permits FemKBeyondCellsException {
    private static final long serialVersionUID = 1L;

    /** The settings a model bounds. */
    public enum Setting {
        /** {@link CamSession.Builder#optScoreCamChannels}: at most the features' channels. */
        SCORE_CAM_CHANNELS,
        /** {@link Occlusion#patch()}: at most the model input's height and width. */
        OCCLUSION_PATCH,
        /** {@link SmoothGradNoise#std()}: at most the model input's whole range. */
        SMOOTH_GRAD_NOISE,
        /** {@link io.github.cam4j.savedmodel.FinerComparison}'s ranks: below the model's classes. */
        FINER_RANKS,
        /**
         * {@link FeatureMethod#fem}'s k, above the default: below {@code sqrt(cells - 1)} of the feature layer's cells
         * at the picture's size, which no cell can pass otherwise ({@link FemKBeyondCellsException}).
         */
        FEM_K
    }

    /**
     * What is wrong with a value and what to give, said with the value as its caller says it: a problem that names the
     * value again ("a noise standard deviation of 1000.0 drowns that") takes it from here, not from a finished text.
     * Serializable as the exception is, so it captures only strings and numbers.
     */
    @FunctionalInterface
    interface Wording extends java.io.Serializable {
        /**
         * @param value the value, as the caller says it
         * @return the problem, without naming the setting ({@link #problem(String)})
         */
        String say(String value);
    }

    /** The setting refused. */
    private final Setting setting;
    /** The value it was given, e.g. {@code 999}, {@code 1.5}, {@code 1,10}. */
    private final String value;
    /** What is wrong and what to give, without the setting's name, for a value as said. */
    private final Wording problem;

    /**
     * A refusal whose problem does not say the value again.
     *
     * @param setting the setting refused
     * @param value the value it was given, as the command line writes it ({@code 1,10} for ranks 1 and 10)
     * @param problem what is wrong with the value and what to give, without naming the setting or the value: it follows
     *     the setting's name and value, e.g. {@code asks more channels than its features 'features:0' have, 128: give 1
     *     to 128, ...}
     * @param message the whole message, naming the setting as the API does
     */
    public SettingBeyondModelException(Setting setting, String value, String problem, String message) {
        this(setting, value, v -> problem, message);
    }

    /**
     * @param setting the setting refused
     * @param value the value it was given, as Java writes it
     * @param problem the problem for a value as said: {@code problem.say(value)} is the API's
     * @param message the whole message, naming the setting as the API does
     */
    SettingBeyondModelException(Setting setting, String value, Wording problem, String message) {
        super(message);
        this.setting = setting;
        this.value = value;
        this.problem = problem;
    }

    /** @return the setting refused */
    public Setting setting() {
        return setting;
    }

    /** @return the value it was given, as the command line writes it */
    public String value() {
        return value;
    }

    /** @return what is wrong with the value and what to give, without naming the setting, the value said as given */
    public String problem() {
        return problem(value);
    }

    /**
     * @param value the value as the caller says it ("1e3" where the double is 1000.0)
     * @return what is wrong with it and what to give, without naming the setting: where the problem says the value
     *     again, it says {@code value}
     */
    public String problem(String value) {
        return problem.say(value);
    }
}
