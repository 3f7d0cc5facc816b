package io.github.cam4j.cli;

import io.github.cam4j.cam.SettingBeyondModelException;

/**
 * A method option within its own range that the model cannot take, said in the option's words as a usage error
 * (exit 2): {@code --scorecam-channels 999} (more than the layer's 128 channels) and {@code --occlusion-patch 99}
 * (larger than the 28x28 input) had failed the work (exit 1), the first naming the library's
 * {@code optScoreCamChannels(999)}. The bound is the model's, as it is for {@code --class 10} ({@link TargetProblem}),
 * which is a usage error too: no picture and no model file is at fault, the number typed is.
 */
final class ModelBoundOptions {
    private ModelBoundOptions() {}

    /**
     * @param e the session's refusal
     * @return it as a usage error naming the option: {@code --scorecam-channels 999 asks more channels than ...}
     */
    static UsageException named(SettingBeyondModelException e) {
        String option = switch (e.setting()) {
            case SCORE_CAM_CHANNELS -> "--scorecam-channels";
            case OCCLUSION_PATCH -> "--occlusion-patch";
        };
        return new UsageException(option + " " + e.value() + " " + e.problem(), e);
    }
}
