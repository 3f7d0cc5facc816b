package io.github.cam4j.cli;

import java.util.Collection;
import picocli.CommandLine.Option;

/**
 * Score-CAM's setting, {@code --scorecam-channels} (Faster Score-CAM), a {@code @Mixin} of {@link ModelOptions} and
 * evaluate: refused where no method given is Score-CAM, rather than ignored.
 */
final class ScoreCamOptions {
    @Option(names = "--scorecam-channels", paramLabel = "N", description = "scorecam: Faster Score-CAM (tf-keras-vis's Scorecam max_N): score only the N channels of each picture's features that vary most over its cells (their standard deviation), N model runs a picture instead of one per channel; the softmax over those N weighs them, the others weigh 0. 1 to the features' channels (default: all)")
    Integer channels;

    /**
     * @return the channels Score-CAM scores, 0 for all ({@code CamSession.Builder#optScoreCamChannels})
     * @throws UsageException when the number given is below 1
     */
    int channels() {
        if (channels == null) {
            return 0;
        }
        if (channels < 1) {
            throw new UsageException("--scorecam-channels must be 1 or more (the number of channels Score-CAM scores),"
                    + " got " + channels);
        }
        return channels;
    }

    /**
     * Refuses the setting when none of {@code methods} is Score-CAM, and a number below 1.
     *
     * @param methods the methods' names as given
     * @param option where they were given ({@code --method}, {@code --methods}, {@code --also})
     * @throws UsageException naming the setting
     */
    void checkUsed(Collection<String> methods, String option) {
        channels();
        if (channels != null && methods.stream().noneMatch(MethodNames::isScoreCam)) {
            throw new UsageException("--scorecam-channels is scorecam's setting, and " + option
                    + " does not name scorecam");
        }
    }
}
