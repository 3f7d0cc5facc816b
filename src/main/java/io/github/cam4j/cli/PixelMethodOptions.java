package io.github.cam4j.cli;

import io.github.cam4j.cam.PixelMethod;
import java.util.Collection;
import picocli.CommandLine.Option;

/**
 * The pixel attribution methods' settings, SmoothGrad's and Integrated Gradients' ({@code @Mixin} of
 * {@link ModelOptions} and evaluate); each refused where no method given uses it, rather than ignored.
 */
final class PixelMethodOptions {
    @Option(names = "--smoothgrad-samples", paramLabel = "N", description = "smoothgrad: noisy copies of each picture whose absolute input gradients are averaged, 1.." + PixelMethod.MAX_SAMPLES + " (default: " + PixelMethod.DEFAULT_SAMPLES + ", tf-explain's num_samples)")
    Integer samples;

    @Option(names = "--smoothgrad-noise", paramLabel = "SIGMA", description = "smoothgrad: the noise's standard deviation as a fraction of the picture's value range, max - min of its fed values, 0 or more (default: 0.2, tf-keras-vis's smooth_noise)")
    Double noise;

    @Option(names = "--smoothgrad-seed", paramLabel = "SEED", description = "smoothgrad: the noise's seed, java.util.Random(SEED)'s Gaussian draws, the same for every picture (default: " + PixelMethod.DEFAULT_SEED + ")")
    Long seed;

    @Option(names = "--ig-steps", paramLabel = "N", description = "integratedgradients: points on the straight path from a black picture to the picture, both ends included, 2.." + PixelMethod.MAX_SAMPLES + " (default: " + PixelMethod.DEFAULT_STEPS + ", tf-explain's n_steps)")
    Integer steps;

    /**
     * @param name a method's name on the command line
     * @return the pixel attribution method it names with these settings; null when it names none
     * @throws UsageException naming the option whose value cannot apply
     */
    PixelMethod of(String name) {
        String pixel = MethodNames.pixelName(name);
        if (pixel == null) {
            return null;
        }
        return switch (pixel) {
            case "saliency" -> PixelMethod.saliency();
            case "gradxinput" -> PixelMethod.gradientTimesInput();
            case "smoothgrad" -> {
                int n = samples == null ? PixelMethod.DEFAULT_SAMPLES : samples;
                double sigma = noise == null ? PixelMethod.DEFAULT_NOISE : noise;
                if (n < 1 || n > PixelMethod.MAX_SAMPLES) {
                    throw new UsageException("--smoothgrad-samples must be in 1.." + PixelMethod.MAX_SAMPLES + ", got "
                            + n);
                }
                if (!Double.isFinite(sigma) || sigma < 0) {
                    throw new UsageException("--smoothgrad-noise must be a finite fraction of the picture's range, 0 or"
                            + " more, got " + noise);
                }
                yield PixelMethod.smoothGrad(n, sigma, seed == null ? PixelMethod.DEFAULT_SEED : seed);
            }
            default -> {
                int n = steps == null ? PixelMethod.DEFAULT_STEPS : steps;
                if (n < 2 || n > PixelMethod.MAX_SAMPLES) {
                    throw new UsageException("--ig-steps must be in 2.." + PixelMethod.MAX_SAMPLES + " (the path's two"
                            + " ends at least), got " + n);
                }
                yield PixelMethod.integratedGradients(n);
            }
        };
    }

    /**
     * Refuses a setting for a method none of {@code methods} is: silently ignored, it would suggest it was applied.
     *
     * @param methods the methods' names as given
     * @param option where they were given ({@code --method}, {@code --methods}, {@code --also})
     * @throws UsageException naming the setting and the method it is for
     */
    void checkUsed(Collection<String> methods, String option) {
        boolean smooth = methods.stream().anyMatch(m -> "smoothgrad".equals(MethodNames.pixelName(m)));
        unused(samples != null && !smooth, "--smoothgrad-samples", "smoothgrad", option);
        unused(noise != null && !smooth, "--smoothgrad-noise", "smoothgrad", option);
        unused(seed != null && !smooth, "--smoothgrad-seed", "smoothgrad", option);
        unused(steps != null && methods.stream().noneMatch(m -> "integratedgradients".equals(MethodNames.pixelName(m))),
                "--ig-steps", "integratedgradients", option);
        for (String m : methods) {
            of(m);
        }
    }

    private static void unused(boolean unused, String setting, String method, String option) {
        if (unused) {
            throw new UsageException(setting + " is " + method + "'s setting, and " + option + " does not name "
                    + method);
        }
    }
}
