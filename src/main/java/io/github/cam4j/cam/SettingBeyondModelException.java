package io.github.cam4j.cam;

/**
 * A session setting within its own range that the opened model cannot take: more Faster Score-CAM channels
 * ({@link CamSession.Builder#optScoreCamChannels}) than the features have, an {@link Occlusion} patch larger than the
 * model's input, a {@link SmoothGradNoise} deviation beyond the model input's range, Finer-CAM ranks past its classes, a FEM
 * k no cell of the features can pass. Its own type so that a caller who took the value from its user (the command line's
 * {@code --scorecam-channels 999}) can say so in that option's words, the bound being the model's.
 */
public final class SettingBeyondModelException extends IllegalArgumentException {
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
         * at the picture's size, which no cell can pass otherwise.
         */
        FEM_K
    }

    /** The setting refused. */
    private final Setting setting;
    /** The value it was given, e.g. {@code 999}, {@code 1.5}, {@code 1,10}. */
    private final String value;
    /** What is wrong and what to give, without the setting's name, e.g. {@code is larger than ...}. */
    private final String problem;

    /**
     * @param setting the setting refused
     * @param value the value it was given, as the command line writes it ({@code 1,10} for ranks 1 and 10)
     * @param problem what is wrong with the value and what to give, without naming the setting: it follows the
     *     setting's name and value, e.g. {@code asks more channels than its features 'features:0' have, 128: give 1 to
     *     128, ...}
     * @param message the whole message, naming the setting as the API does
     */
    public SettingBeyondModelException(Setting setting, String value, String problem, String message) {
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

    /** @return what is wrong with the value and what to give, without naming the setting */
    public String problem() {
        return problem;
    }
}
