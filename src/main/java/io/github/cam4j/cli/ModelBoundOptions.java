package io.github.cam4j.cli;

import io.github.cam4j.cam.SettingBeyondModelException;

/**
 * A method option within its own range that the model cannot take, said in the option's words as a usage error
 * (exit 2): {@code --scorecam-channels 999} (more than the layer's 128 channels) and {@code --occlusion-patch 99}
 * (larger than the 28x28 input), {@code --sgcampp-std 1000} (beyond the input's range of 1) and
 * {@code --finer-ranks 1,10} (past the tenth class) had failed the work (exit 1), two naming the library's
 * {@code optScoreCamChannels(999)} or {@code optSmoothGradNoise}. The bound is the model's, as it is for {@code --class 10} ({@link TargetProblem}),
 * which is a usage error too: no picture and no model file is at fault, the number typed is.
 */
final class ModelBoundOptions {
    private ModelBoundOptions() {}

    /**
     * @param e the session's refusal
     * @param parsed the command line, for the value as typed
     * @return it as a usage error naming the option: {@code --scorecam-channels 999 asks more channels than ...};
     *     empty when the option was not given (a default the model cannot take, e.g. Finer-CAM's ranks 1,2,3 on a
     *     three-class model, is the model's to answer for, exit 1, in the library's words)
     */
    static java.util.Optional<UsageException> named(SettingBeyondModelException e,
            picocli.CommandLine.ParseResult parsed) {
        String option = switch (e.setting()) {
            case SCORE_CAM_CHANNELS -> "--scorecam-channels";
            case OCCLUSION_PATCH -> "--occlusion-patch";
            case SMOOTH_GRAD_NOISE -> "--sgcampp-std";
            case FINER_RANKS -> "--finer-ranks";
            case FEM_K -> "--fem-k";
        };
        return typed(parsed, option).map(value -> {
            // The problem may say the value again: as typed ("1e3"), not as the library holds it ("1000.0").
            String problem = e.problem(value);
            return new UsageException(option + " " + value + (problem.startsWith(":") ? "" : " ") + problem, e);
        });
    }

    /** @return the option's value as the user typed it (1e3, not the 1000.0 the session holds); empty if not given */
    private static java.util.Optional<String> typed(picocli.CommandLine.ParseResult parsed, String option) {
        for (picocli.CommandLine.ParseResult command = parsed; command != null; command = command.subcommand()) {
            picocli.CommandLine.Model.OptionSpec matched = command.matchedOption(option);
            if (matched != null && !matched.stringValues().isEmpty()) {
                return java.util.Optional.of(io.github.cam4j.Abbreviated.typed(String.join(",", matched.stringValues())));
            }
        }
        return java.util.Optional.empty();
    }
}
