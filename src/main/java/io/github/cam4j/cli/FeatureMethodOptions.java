package io.github.cam4j.cli;

import io.github.cam4j.cam.FeatureMethod;
import io.github.cam4j.cam.KpcaKernel;
import java.util.Collection;
import picocli.CommandLine.Option;

/**
 * The settings of the methods that make maps from the features alone, FEM, KPCA-CAM and RandomCAM ({@code @Mixin} of
 * {@link ModelOptions} and evaluate); each refused where no method given uses it, rather than ignored.
 */
final class FeatureMethodOptions {
    @Option(names = "--fem-k", paramLabel = "K", description = "FEM's threshold: a channel weighs the share of cells where it exceeds its mean plus K standard deviations over the picture's cells (default: 2, pytorch-grad-cam's; 0 or more)")
    Double femK;

    @Option(names = "--kpca-kernel", paramLabel = "KERNEL", description = "KPCA-CAM's kernel, scikit-learn's: sigmoid (pytorch-grad-cam's default), rbf, linear (Eigen-CAM's projection), poly (degree 3, coef0 1) or cosine")
    String kpcaKernel;

    @Option(names = "--kpca-gamma", paramLabel = "GAMMA", description = "KPCA-CAM's kernel gamma, positive, for sigmoid, rbf and poly (default: 1 / the layer's channels, scikit-learn's)")
    Double kpcaGamma;

    @Option(names = "--randomcam-seed", paramLabel = "SEED", description = "RandomCAM's seed: its channel weights, uniform in [-1, 1), are java.util.Random(SEED)'s draws, the same for every picture and class (default: 0)")
    Long randomSeed;

    /**
     * @param name a method's name on the command line
     * @return the feature method it names with these settings; null when it names none of FEM, KPCA-CAM, RandomCAM
     * @throws UsageException naming the option whose value cannot apply
     */
    FeatureMethod of(String name) {
        if (MethodNames.isFem(name)) {
            double k = femK == null ? FeatureMethod.DEFAULT_FEM_K : femK;
            if (!Double.isFinite(k) || k < 0) {
                throw new UsageException("--fem-k must be a finite number of standard deviations, 0 or more, got " + femK);
            }
            return FeatureMethod.fem(k);
        }
        if (MethodNames.isKpcaCam(name)) {
            KpcaKernel kernel;
            try {
                kernel = kpcaKernel == null ? KpcaKernel.SIGMOID : KpcaKernel.of(kpcaKernel);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--kpca-kernel " + e.getMessage().replaceFirst("^kernel ", ""));
            }
            if (kpcaGamma == null) {
                return FeatureMethod.kpcaCam(kernel);
            }
            if (!kernel.takesGamma()) {
                throw new UsageException("--kpca-gamma is the sigmoid, rbf and poly kernels'; --kpca-kernel "
                        + kernel.sklearnName() + " takes none");
            }
            if (!Double.isFinite(kpcaGamma) || kpcaGamma <= 0) {
                throw new UsageException("--kpca-gamma must be finite and positive, got " + kpcaGamma);
            }
            return FeatureMethod.kpcaCam(kernel, kpcaGamma);
        }
        if (MethodNames.isRandomCam(name)) {
            return FeatureMethod.randomCam(randomSeed == null ? FeatureMethod.DEFAULT_RANDOM_SEED : randomSeed);
        }
        return null;
    }

    /**
     * Refuses a setting for a method none of {@code methods} is: silently ignored, it would suggest it was applied.
     *
     * @param methods the methods' names as given
     * @param option where they were given ({@code --method}, {@code --methods}, {@code --also})
     * @throws UsageException naming the setting and the method it is for
     */
    void checkUsed(Collection<String> methods, String option) {
        unused(femK != null && methods.stream().noneMatch(MethodNames::isFem), "--fem-k", "fem", option);
        boolean kpca = methods.stream().anyMatch(MethodNames::isKpcaCam);
        unused(kpcaKernel != null && !kpca, "--kpca-kernel", "kpcacam", option);
        unused(kpcaGamma != null && !kpca, "--kpca-gamma", "kpcacam", option);
        unused(randomSeed != null && methods.stream().noneMatch(MethodNames::isRandomCam), "--randomcam-seed",
                "randomcam", option);
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
