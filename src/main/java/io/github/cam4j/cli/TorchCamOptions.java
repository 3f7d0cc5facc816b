package io.github.cam4j.cli;

import io.github.cam4j.cam.ScoreCamVariant;
import io.github.cam4j.cam.SmoothGradNoise;
import java.util.Collection;
import picocli.CommandLine.Option;

/**
 * The settings of torch-cam's methods that cam4j took with their defaults: Smooth Grad-CAM++'s noisy copies, SS-CAM's
 * noisy rounds, IS-CAM's steps ({@code @Mixin} of {@link ModelOptions} and evaluate); each refused where no method given
 * uses it, rather than ignored.
 */
final class TorchCamOptions {
    @Option(names = "--sgcampp-samples", paramLabel = "N", description = "smoothgradcam++: noisy copies of the picture whose gradients are averaged (default: 4, torch-cam's; 1 or more)")
    Integer sgSamples;

    @Option(names = "--sgcampp-std", paramLabel = "STD", description = "smoothgradcam++: the noise's standard deviation, in the model input's units (the bundled models take pixels in [0, 1]; default: 0.3, torch-cam's; positive)")
    Double sgStd;

    @Option(names = "--sgcampp-seed", paramLabel = "SEED", description = "smoothgradcam++: the noise's seed, java.util.Random(SEED)'s Gaussians, one generator per picture (default: 0)")
    Long sgSeed;

    @Option(names = "--sscam-samples", paramLabel = "N", description = "sscam: noisy rounds of each channel's masked picture (default: 35, torch-cam's; 1 or more)")
    Integer ssSamples;

    @Option(names = "--sscam-std", paramLabel = "STD", description = "sscam: the standard deviation of the noise added to each mask, whose values run from 0 to 1 (default: 2, torch-cam's; positive)")
    Double ssStd;

    @Option(names = "--sscam-seed", paramLabel = "SEED", description = "sscam: the noise's seed, java.util.Random(SEED)'s Gaussians, one generator per picture (default: 0)")
    Long ssSeed;

    @Option(names = "--iscam-steps", paramLabel = "N", description = "iscam: integration steps, the masked picture scaled by torch-cam's running coefficient 1/N, 3/N, 6/N, ... (default: 10, torch-cam's; 1 or more)")
    Integer isSteps;

    /**
     * @param name a method's name on the command line
     * @return SS-CAM or IS-CAM with these settings when it names one; null otherwise
     * @throws UsageException naming the option whose value cannot apply
     */
    ScoreCamVariant scoreVariant(String name) {
        if (MethodNames.isSsCam(name)) {
            int samples = ssSamples == null ? ScoreCamVariant.DEFAULT_SS_SAMPLES : ssSamples;
            double std = ssStd == null ? ScoreCamVariant.DEFAULT_SS_STD : ssStd;
            if (samples < 1) {
                throw new UsageException("--sscam-samples must be 1 or more, got " + samples);
            }
            if (!(Double.isFinite(std) && std > 0)) {
                throw new UsageException("--sscam-std must be finite and positive, got " + ssStd);
            }
            return ScoreCamVariant.ssCam(samples, std, ssSeed == null ? ScoreCamVariant.DEFAULT_SEED : ssSeed);
        }
        if (MethodNames.isIsCam(name)) {
            int steps = isSteps == null ? ScoreCamVariant.DEFAULT_IS_STEPS : isSteps;
            if (steps < 1) {
                throw new UsageException("--iscam-steps must be 1 or more, got " + steps);
            }
            return ScoreCamVariant.isCam(steps);
        }
        return null;
    }

    /**
     * @return Smooth Grad-CAM++'s noise as the options say, torch-cam's defaults for those not given
     * @throws UsageException naming the option whose value cannot apply
     */
    SmoothGradNoise smoothGradNoise() {
        int samples = sgSamples == null ? SmoothGradNoise.DEFAULT_SAMPLES : sgSamples;
        double std = sgStd == null ? SmoothGradNoise.DEFAULT_STD : sgStd;
        if (samples < 1) {
            throw new UsageException("--sgcampp-samples must be 1 or more, got " + samples);
        }
        if (!(Double.isFinite(std) && std > 0)) {
            throw new UsageException("--sgcampp-std must be finite and positive, got " + sgStd);
        }
        return new SmoothGradNoise(samples, std, sgSeed == null ? SmoothGradNoise.DEFAULT_SEED : sgSeed);
    }

    /**
     * Refuses a setting for a method none of {@code methods} is, and a value none can take.
     *
     * @param methods the methods' names as given
     * @param option where they were given ({@code --method}, {@code --methods}, {@code --also})
     * @throws UsageException naming the setting and the method it is for
     */
    void checkUsed(Collection<String> methods, String option) {
        boolean smooth = methods.stream().anyMatch(MethodNames::isSmoothGradCamPlusPlus);
        unused(sgSamples != null && !smooth, "--sgcampp-samples", "smoothgradcam++", option);
        unused(sgStd != null && !smooth, "--sgcampp-std", "smoothgradcam++", option);
        unused(sgSeed != null && !smooth, "--sgcampp-seed", "smoothgradcam++", option);
        boolean ss = methods.stream().anyMatch(MethodNames::isSsCam);
        unused(ssSamples != null && !ss, "--sscam-samples", "sscam", option);
        unused(ssStd != null && !ss, "--sscam-std", "sscam", option);
        unused(ssSeed != null && !ss, "--sscam-seed", "sscam", option);
        unused(isSteps != null && methods.stream().noneMatch(MethodNames::isIsCam), "--iscam-steps", "iscam", option);
        smoothGradNoise();
        for (String m : methods) {
            scoreVariant(m);
        }
    }

    private static void unused(boolean unused, String setting, String method, String option) {
        if (unused) {
            throw new UsageException(setting + " is " + method + "'s setting, and " + option + " does not name "
                    + method);
        }
    }
}
