package io.github.cam4j.cam;

/**
 * A session setting within its own range that the opened model cannot take: more Faster Score-CAM channels
 * ({@link CamSession.Builder#optScoreCamChannels}) than the features have, an {@link Occlusion} patch larger than the
 * model's input. Its own type so that a caller who took the value from its user (the command line's
 * {@code --scorecam-channels 999}) can say so in that option's words, the bound being the model's.
 */
public final class SettingBeyondModelException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The settings a model bounds. */
    public enum Setting {
        /** {@link CamSession.Builder#optScoreCamChannels}: at most the features' channels. */
        SCORE_CAM_CHANNELS,
        /** {@link Occlusion#patch()}: at most the model input's height and width. */
        OCCLUSION_PATCH
    }

    /** The setting refused. */
    private final Setting setting;
    /** The value it was given. */
    private final int value;
    /** What is wrong and what to give, without the setting's name, e.g. {@code is larger than ...}. */
    private final String problem;

    /**
     * @param setting the setting refused
     * @param value the value it was given
     * @param problem what is wrong with the value and what to give, without naming the setting: it follows the
     *     setting's name and value, e.g. {@code asks more channels than its features 'features:0' have, 128: give 1 to
     *     128, ...}
     * @param message the whole message, naming the setting as the API does
     */
    public SettingBeyondModelException(Setting setting, int value, String problem, String message) {
        super(message);
        this.setting = setting;
        this.value = value;
        this.problem = problem;
    }

    /** @return the setting refused */
    public Setting setting() {
        return setting;
    }

    /** @return the value it was given */
    public int value() {
        return value;
    }

    /** @return what is wrong with the value and what to give, without naming the setting */
    public String problem() {
        return problem;
    }
}
