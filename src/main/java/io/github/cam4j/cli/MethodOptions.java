package io.github.cam4j.cli;

import io.github.cam4j.cam.FeatureMethod;
import io.github.cam4j.cam.KpcaKernel;
import io.github.cam4j.cam.Occlusion;
import io.github.cam4j.cam.PixelMethod;
import io.github.cam4j.cam.RefineForm;
import io.github.cam4j.cam.ScoreCamVariant;
import io.github.cam4j.cam.SmoothGradNoise;
import io.github.cam4j.savedmodel.FinerComparison;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine.Option;

/**
 * The settings of the methods that take any (Score-CAM's channels; RefineCAM's base method; torch-cam's Smooth Grad-CAM++, SS-CAM and IS-CAM's
 * noise and steps; Finer-CAM's comparison and base; FEM's k, KPCA-CAM's kernel and gamma, RandomCAM's seed; occlusion's patch
 * and fill; SmoothGrad's samples, noise and seed, Integrated Gradients' steps): one {@code @Mixin} that explain,
 * compare and video (through {@link ModelOptions}) and evaluate share, so that every command takes each setting under the same name, help and checks. Each is refused where no
 * method given uses it, rather than ignored, and recorded beside the methods it applies to ({@link #recorded}: explain's
 * {@code --json}, evaluate's report).
 *
 * <p><b>A new method's setting is registered here</b>: its {@code @Option} field, one {@link Setting} row in
 * {@link #settings()} (which checks it against the methods named and records it), its range check where the method is
 * made ({@link #of}, {@link #finerComparison()} or a method of its own). {@code ConceptsCommand.WithoutMethod}, which
 * takes the methods' options out of a command that makes no class map, finds it by its {@code @Option}.
 */
final class MethodOptions {
    @Option(names = "--finer-alpha", paramLabel = "ALPHA", converter = NumberText.TypedDoubles.class, description = "finercam: how strongly the nearest classes' logits are subtracted from the class's, y_c - ALPHA y_j (default: 1, as pytorch-grad-cam's FinerCAM; 0 is Grad-CAM)")
    NumberText.Typed finerAlpha;

    @Option(names = "--finer-form", paramLabel = "FORM", description = "finercam: whose Finer-CAM target, pytorch-grad-cam (sum_j p_j (y_c - ALPHA y_j) / sum_j p_j, the compared classes weighed by their probabilities) or torch-cam (y_c - ALPHA mean_j y_j, torch-cam's FinerCAM over GradCAM, where ALPHA is its gamma, default 0.6, and the ranks its num_references nearest classes, default 1,2,3) (default: pytorch-grad-cam)")
    String finerForm;

    @Option(names = "--finer-base", paramLabel = "METHOD", description = "finercam: the base method whose weighting of the Finer target's gradient makes the map, as pytorch-grad-cam's and torch-cam's FinerCAM(base_method=...): one of " + FINER_BASES_SAID + " (default: gradcam, both libraries'); with --finer-form torch-cam gradcam, gradcam++ or layercam, the bases torch-cam's FinerCAM takes")
    String finerBase;

    /** The {@code --finer-base} names, {@link io.github.cam4j.cam.FinerBase#PYTORCH_GRAD_CAM}, for help texts and errors. */
    static final String FINER_BASES_SAID = "gradcam, gradcam++, xgradcam, hirescam, layercam or gradcam-elementwise";

    @Option(names = "--finer-ranks", split = ",", paramLabel = "RANKS", description = "finercam: the classes compared with, by rank of nearness of their logit to the class's, 1 the nearest, each once (default: 1,2,3, as pytorch-grad-cam's FinerCAM; the model needs more classes than the deepest rank)")
    List<Integer> finerRanks;

    @Option(names = "--fem-k", paramLabel = "K", converter = NumberText.TypedDoubles.class, description = "FEM's threshold: a channel weighs the share of cells where it exceeds its mean plus K standard deviations over the picture's cells (default: 2, pytorch-grad-cam's; 0 or more: from sqrt(cells - 1) on, no cell can exceed it and the map is empty)")
    NumberText.Typed femK;

    @Option(names = "--kpca-kernel", paramLabel = "KERNEL", description = "KPCA-CAM's kernel, scikit-learn's: sigmoid (pytorch-grad-cam's default), rbf, linear (Eigen-CAM's projection), poly (degree 3, coef0 1) or cosine")
    String kpcaKernel;

    @Option(names = "--kpca-gamma", paramLabel = "GAMMA", converter = NumberText.TypedDoubles.class, description = "KPCA-CAM's kernel gamma, positive, for sigmoid, rbf and poly (default: 1 / the layer's channels, scikit-learn's)")
    NumberText.Typed kpcaGamma;

    @Option(names = "--randomcam-seed", paramLabel = "SEED", description = "RandomCAM's seed: its channel weights, uniform in [-1, 1), are java.util.Random(SEED)'s draws, the same for every picture and class (default: 0)")
    Long randomSeed;

    @Option(names = "--scorecam-channels", paramLabel = "N", description = "scorecam: Faster Score-CAM (tf-keras-vis's Scorecam max_N): score only the N channels of each picture's features that vary most over its cells (their standard deviation), N model runs a picture instead of one per channel; the softmax over those N weighs them, the others weigh 0. 1 to the features' channels (default: all)")
    Integer scoreCamChannels;

    @Option(names = "--sgcampp-samples", paramLabel = "N", description = "smoothgradcam++: noisy copies of the picture whose gradients are averaged, 1.." + SmoothGradNoise.MAX_SAMPLES + " (default: 4, torch-cam's)")
    Integer sgSamples;

    @Option(names = "--sgcampp-std", paramLabel = "STD", converter = NumberText.TypedDoubles.class, description = "smoothgradcam++: the noise's standard deviation, in the model input's units (the bundled models take pixels in [0, 1]; default: 0.3, torch-cam's; positive, at most the model input's whole range: 1 for the bundled models, more drowns the picture)")
    NumberText.Typed sgStd;

    @Option(names = "--sgcampp-seed", paramLabel = "SEED", description = "smoothgradcam++: the noise's seed, java.util.Random(SEED)'s Gaussians, one generator per picture (default: 0)")
    Long sgSeed;

    @Option(names = "--sscam-samples", paramLabel = "N", description = "sscam: noisy rounds of each channel's masked picture, 1.." + ScoreCamVariant.MAX_SAMPLES + " (default: 35, torch-cam's)")
    Integer ssSamples;

    /**
     * The largest {@code --sscam-std}: ten times the masks' range, five times torch-cam's default. Beyond it the noise
     * drowns the masks (8 test digits on the pooled model: the maps' mean Spearman correlation with Score-CAM's is 0.87
     * at 2, 0.70 at 10, 0.54 at 100, 0.39 at 1000, where one map came out flat).
     */
    static final double MAX_SS_STD = 10;

    @Option(names = "--sscam-std", paramLabel = "STD", converter = NumberText.TypedDoubles.class, description = "sscam: the standard deviation of the noise added to each mask, whose values run from 0 to 1 (default: 2, torch-cam's; more than 0, at most 10: more drowns the masks)")
    NumberText.Typed ssStd;

    @Option(names = "--sscam-seed", paramLabel = "SEED", description = "sscam: the noise's seed, java.util.Random(SEED)'s Gaussians, one generator per picture (default: 0)")
    Long ssSeed;

    @Option(names = "--iscam-steps", paramLabel = "N", description = "iscam: integration steps, the masked picture scaled by torch-cam's running coefficient 1/N, 3/N, 6/N, ..., 1.." + ScoreCamVariant.MAX_SAMPLES + " (default: 10, torch-cam's)")
    Integer isSteps;

    @Option(names = "--refine-base", paramLabel = "METHOD", description = "refinecam: the base method whose maps of the target layers are multiplied, one of " + REFINE_BASES_SAID + " (default: gradcam++, pytorch-grad-cam's RefineCAM's GradCAMPlusPlus)")
    String refineBase;

    @Option(names = "--refine-form", paramLabel = "FORM", description = "refinecam: whose RefineCAM, pytorch-grad-cam (each layer's map scaled at its cells, placed on the input, scaled again, the maps multiplied pixel by pixel) or torch-cam (torch-cam's RefineCAM.fuse_cams: each layer's map normalised at its cells, resized to the largest layer's cells by half-pixel bilinear, multiplied there, the product normalised and placed on the input as that layer's maps are; two or more layers) (default: pytorch-grad-cam)")
    String refineForm;

    /**
     * The base methods RefineCAM takes ({@code --refine-base}): pytorch-grad-cam's {@code BaseCAM} methods cam4j has
     * that take no setting of their own (a base's setting, e.g. {@code --fem-k}, would have to be told from the same
     * method's beside it). Not CAM (one layer by definition), occlusion or the pixel methods (no layer), Finer-CAM (a
     * wrapper of a base method in pytorch-grad-cam, with its comparison's settings), FEM, KPCA-CAM and RandomCAM (their
     * settings), torch-cam's Smooth Grad-CAM++, SS-CAM and IS-CAM (not pytorch-grad-cam's, with settings), nor RefineCAM.
     */
    static final List<String> REFINE_BASES = List.of("gradcam", "gradcam++", "xgradcam", "hirescam", "layercam",
            "gradcam-elementwise", "shapleycam", "scorecam", "eigencam", "ablationcam");

    /** {@link #REFINE_BASES} for help texts and errors. */
    static final String REFINE_BASES_SAID = "gradcam, gradcam++, xgradcam, hirescam, layercam, gradcam-elementwise,"
            + " shapleycam, scorecam, eigencam or ablationcam";

    /** RefineCAM's base method when {@code --refine-base} is left out: pytorch-grad-cam's GradCAMPlusPlus. */
    static final String DEFAULT_REFINE_BASE = "gradcam++";

    @Option(names = "--occlusion-patch", paramLabel = "N", description = "occlusion: the side of the square tiles painted grey in turn, in the model input's pixels, 1 up to the input's sides (default: " + Occlusion.DEFAULT_PATCH + ", as tf-explain's README and tests: 7x7 tiles, 49 model runs, on a 28x28 input; tf-explain has no default)")
    Integer occlusionPatch;

    @Option(names = "--occlusion-fill", paramLabel = "PIXEL", converter = NumberText.TypedFloats.class, description = "occlusion: the grey the tiles are painted, a pixel value 0..255 as the model sees its pictures (after any inversion), brought to the model's input as any pixel (default: 127.5, tf-explain's; 0 erases to MNIST's black ground instead of painting half-strength ink)")
    NumberText.Typed occlusionFill;

    @Option(names = "--smoothgrad-samples", paramLabel = "N", description = "smoothgrad: noisy copies of each picture whose absolute input gradients are averaged, 1.." + PixelMethod.MAX_SAMPLES + " (default: " + PixelMethod.DEFAULT_SAMPLES + ", tf-explain's num_samples)")
    Integer smoothgradSamples;

    @Option(names = "--smoothgrad-noise", paramLabel = "SIGMA", converter = NumberText.TypedDoubles.class, description = "smoothgrad: the noise's standard deviation as a fraction of the picture's value range, max - min of its fed values, from 0 to 1: more drowns the picture (default: 0.2, tf-keras-vis's smooth_noise)")
    NumberText.Typed smoothgradNoise;

    @Option(names = "--smoothgrad-seed", paramLabel = "SEED", description = "smoothgrad: the noise's seed, java.util.Random(SEED)'s Gaussian draws, the same for every picture (default: " + PixelMethod.DEFAULT_SEED + ")")
    Long smoothgradSeed;

    @Option(names = "--ig-steps", paramLabel = "N", description = "integratedgradients: points on the straight path from a black picture to the picture, both ends included, 2.." + PixelMethod.MAX_SAMPLES + " (default: " + PixelMethod.DEFAULT_STEPS + ", tf-explain's n_steps)")
    Integer igSteps;

    /**
     * One method setting.
     *
     * @param option its option
     * @param method the name of the method it is for, as {@code --method} takes it, for the refusal without it
     * @param appliesTo which method names (as given) use it
     * @param given its value as given, null when left out
     * @param used the value a map is made with (the default when left out), as recorded; null to record it as
     *     "the default" (KPCA-CAM's gamma, 1 / the layer's channels), {@link #NOT_APPLICABLE} to leave it out
     */
    record Setting(String option, String method, Predicate<String> appliesTo, Object given, Supplier<Object> used) {
        /** @return the name it is recorded under: the option without its dashes, {@code --fem-k} as {@code fem_k} */
        String key() {
            return option.substring(2).replace('-', '_');
        }
    }

    /** What {@link Setting#used} gives for a setting its method does not take as set (a gamma for the linear kernel). */
    static final Object NOT_APPLICABLE = new Object();

    /** @return every method setting, in the order recorded; a new method's settings join here */
    private List<Setting> settings() {
        return List.of(
                new Setting("--scorecam-channels", "scorecam", MethodNames::isScoreCam, scoreCamChannels,
                        // 0, all channels: recorded as null, Score-CAM's default ("all").
                        () -> scoreCamChannels() == 0 ? null : scoreCamChannels()),
                new Setting("--sgcampp-samples", "smoothgradcam++", MethodNames::isSmoothGradCamPlusPlus, sgSamples,
                        () -> smoothGradNoise().samples()),
                new Setting("--sgcampp-std", "smoothgradcam++", MethodNames::isSmoothGradCamPlusPlus, sgStd,
                        () -> smoothGradNoise().std()),
                new Setting("--sgcampp-seed", "smoothgradcam++", MethodNames::isSmoothGradCamPlusPlus, sgSeed,
                        () -> smoothGradNoise().seed()),
                new Setting("--sscam-samples", "sscam", MethodNames::isSsCam, ssSamples,
                        () -> ssSamples == null ? ScoreCamVariant.DEFAULT_SS_SAMPLES : ssSamples),
                new Setting("--sscam-std", "sscam", MethodNames::isSsCam, ssStd,
                        () -> ssStd == null ? ScoreCamVariant.DEFAULT_SS_STD : ssStd.value()),
                new Setting("--sscam-seed", "sscam", MethodNames::isSsCam, ssSeed,
                        () -> ssSeed == null ? ScoreCamVariant.DEFAULT_SEED : ssSeed),
                new Setting("--iscam-steps", "iscam", MethodNames::isIsCam, isSteps,
                        () -> isSteps == null ? ScoreCamVariant.DEFAULT_IS_STEPS : isSteps),
                new Setting("--refine-base", "refinecam", MethodNames::isRefineCam, refineBase, this::refineBase),
                new Setting("--refine-form", "refinecam", MethodNames::isRefineCam, refineForm,
                        () -> refineForm().cliName()),
                new Setting("--finer-alpha", "finercam", MethodNames::isFinerCam, finerAlpha,
                        () -> floatAsTyped(finerAlpha, finerComparison().alpha())),
                new Setting("--finer-ranks", "finercam", MethodNames::isFinerCam, finerRanks,
                        () -> finerComparison().ranks()),
                new Setting("--finer-form", "finercam", MethodNames::isFinerCam, finerForm,
                        () -> finerComparison().unweighted() ? "torch-cam" : "pytorch-grad-cam"),
                new Setting("--finer-base", "finercam", MethodNames::isFinerCam, finerBase,
                        () -> MethodNames.name(finerBase())),
                new Setting("--fem-k", "fem", MethodNames::isFem, femK,
                        () -> femK == null ? FeatureMethod.DEFAULT_FEM_K : femK.value()),
                new Setting("--kpca-kernel", "kpcacam", MethodNames::isKpcaCam, kpcaKernel,
                        () -> kpcaKernel().sklearnName()),
                new Setting("--kpca-gamma", "kpcacam", MethodNames::isKpcaCam, kpcaGamma,
                        () -> !kpcaKernel().takesGamma() ? NOT_APPLICABLE : kpcaGamma == null ? null : kpcaGamma.value()),
                new Setting("--randomcam-seed", "randomcam", MethodNames::isRandomCam, randomSeed,
                        () -> randomSeed == null ? FeatureMethod.DEFAULT_RANDOM_SEED : randomSeed),
                new Setting("--occlusion-patch", "occlusion", MethodNames::isOcclusion, occlusionPatch,
                        () -> occlusion().patch()),
                new Setting("--occlusion-fill", "occlusion", MethodNames::isOcclusion, occlusionFill,
                        () -> floatAsTyped(occlusionFill, occlusion().fill())),
                new Setting("--smoothgrad-samples", "smoothgrad", MethodOptions::isSmoothGrad, smoothgradSamples,
                        () -> smoothgradSamples == null ? PixelMethod.DEFAULT_SAMPLES : smoothgradSamples),
                new Setting("--smoothgrad-noise", "smoothgrad", MethodOptions::isSmoothGrad, smoothgradNoise,
                        () -> smoothgradNoise == null ? PixelMethod.DEFAULT_NOISE : smoothgradNoise.value()),
                new Setting("--smoothgrad-seed", "smoothgrad", MethodOptions::isSmoothGrad, smoothgradSeed,
                        () -> smoothgradSeed == null ? PixelMethod.DEFAULT_SEED : smoothgradSeed),
                new Setting("--ig-steps", "integratedgradients", MethodOptions::isIntegratedGradients, igSteps,
                        () -> igSteps == null ? PixelMethod.DEFAULT_STEPS : igSteps));
    }

    /**
     * A float setting as recorded: what was typed, to a double's precision, which typed again makes the same float.
     * Neither the float itself (0.1 is 0.10000000149011612 as a float) nor its shortest decimal: that of
     * {@code --finer-alpha 2147483647}'s float, 2147483648, is 2.14748365E9, which the report had said as 2147483650,
     * a number nobody typed and the run did not use.
     *
     * @param given the option's value, null when left out
     * @param used the float the map is made with, the default when left out
     * @return {@code given} read as a double; the default's shortest decimal (1.0, 127.5) when left out
     */
    private static double floatAsTyped(NumberText.Typed given, float used) {
        return given == null ? Double.parseDouble(Float.toString(used)) : given.typed();
    }

    /**
     * @param name a method's name as given
     * @return the settings its maps are made with, by {@link Setting#key()} in {@link #settings()}' order, defaults
     *     included (a null value: KPCA-CAM's default gamma, 1 / the layer's channels); empty for a method that takes
     *     none. Numbers as numbers, ranks as a list of numbers, a kernel by its name
     * @throws UsageException naming the option whose value cannot apply
     */
    Map<String, Object> recorded(String name) {
        of(name);
        Map<String, Object> recorded = new LinkedHashMap<>();
        for (Setting s : settings()) {
            if (s.appliesTo().test(name)) {
                Object used = s.used().get();
                if (used != NOT_APPLICABLE) {
                    recorded.put(s.key(), used);
                }
            }
        }
        return recorded;
    }

    /**
     * @param name a method's name on the command line
     * @return the feature method it names with these settings; null when it names none of FEM, KPCA-CAM, RandomCAM.
     *     For Score-CAM, SS-CAM, IS-CAM, Smooth Grad-CAM++, Finer-CAM, occlusion and the pixel methods it checks {@link #finerComparison()}, {@link #occlusion()} or
     *     {@link #pixelMethod} (and returns null)
     * @throws UsageException naming the option whose value cannot apply
     */
    FeatureMethod of(String name) {
        if (MethodNames.isScoreCam(name)) {
            scoreCamChannels();
            return null;
        }
        if (MethodNames.isSsCam(name) || MethodNames.isIsCam(name)) {
            scoreVariant(name);
            return null;
        }
        if (MethodNames.isSmoothGradCamPlusPlus(name)) {
            smoothGradNoise();
            return null;
        }
        if (MethodNames.isRefineCam(name)) {
            refineBase();
            refineForm();
            return null;
        }
        if (MethodNames.isFinerCam(name)) {
            finerComparison();
            finerBase();
            return null;
        }
        if (MethodNames.isFem(name)) {
            double k = femK == null ? FeatureMethod.DEFAULT_FEM_K : femK.value();
            if (!Double.isFinite(k) || k < 0) {
                throw new UsageException("--fem-k must be a finite number of standard deviations, 0 or more, got " + femK);
            }
            return FeatureMethod.fem(k);
        }
        if (MethodNames.isKpcaCam(name)) {
            KpcaKernel kernel = kpcaKernel();
            if (kpcaGamma == null) {
                return FeatureMethod.kpcaCam(kernel);
            }
            if (!kernel.takesGamma()) {
                throw new UsageException("--kpca-gamma is the sigmoid, rbf and poly kernels'; --kpca-kernel "
                        + kernel.sklearnName() + " takes none");
            }
            if (!Double.isFinite(kpcaGamma.value()) || kpcaGamma.value() <= 0) {
                throw new UsageException("--kpca-gamma must be finite and positive, got " + kpcaGamma);
            }
            return FeatureMethod.kpcaCam(kernel, kpcaGamma.value());
        }
        if (MethodNames.isOcclusion(name)) {
            occlusion();
            return null;
        }
        if (MethodNames.isPixelMethod(name)) {
            pixelMethod(name);
            return null;
        }
        if (MethodNames.isRandomCam(name)) {
            return FeatureMethod.randomCam(randomSeed == null ? FeatureMethod.DEFAULT_RANDOM_SEED : randomSeed);
        }
        return null;
    }

    /**
     * @return occlusion sensitivity as {@code --occlusion-patch} and {@code --occlusion-fill} say, each defaulting to
     *     tf-explain's
     * @throws UsageException naming the option whose value cannot be one
     */
    Occlusion occlusion() {
        int side = occlusionPatch == null ? Occlusion.DEFAULT_PATCH : occlusionPatch;
        if (side < 1) {
            throw new UsageException("--occlusion-patch must be at least 1 pixel, got " + side);
        }
        float grey = occlusionFill == null ? Occlusion.DEFAULT_FILL : (float) occlusionFill.value();
        if (!(grey >= 0 && grey <= 255)) {
            throw new UsageException("--occlusion-fill must be a pixel value 0..255, got " + occlusionFill);
        }
        return Occlusion.of(side).withFill(grey);
    }

    /**
     * @param name a method's name on the command line
     * @return the pixel attribution method it names with these settings; null when it names none
     * @throws UsageException naming the option whose value cannot apply
     */
    PixelMethod pixelMethod(String name) {
        String pixel = MethodNames.pixelName(name);
        if (pixel == null) {
            return null;
        }
        return switch (pixel) {
            case "saliency" -> PixelMethod.saliency();
            case "gradxinput" -> PixelMethod.gradientTimesInput();
            case "fullgrad" -> PixelMethod.fullGrad();
            case "smoothgrad" -> {
                int n = smoothgradSamples == null ? PixelMethod.DEFAULT_SAMPLES : smoothgradSamples;
                double sigma = smoothgradNoise == null ? PixelMethod.DEFAULT_NOISE : smoothgradNoise.value();
                if (n < 1 || n > PixelMethod.MAX_SAMPLES) {
                    throw new UsageException("--smoothgrad-samples must be in 1.." + PixelMethod.MAX_SAMPLES + ", got "
                            + n);
                }
                if (!Double.isFinite(sigma) || sigma < 0) {
                    throw new UsageException("--smoothgrad-noise must be a finite fraction of the picture's range, 0 or"
                            + " more, got " + smoothgradNoise);
                }
                if (sigma > PixelMethod.MAX_NOISE) {
                    // --smoothgrad-noise 1000 drew a map that pointed at the digit on 0.5 % of canvases, exit 0.
                    throw new UsageException("--smoothgrad-noise " + smoothgradNoise + " is more noise than the picture's"
                            + " whole value range: the noisy copies drown it, and the map stops pointing at its evidence"
                            + " (its pointing game on translated digits: 51.5 % at 0.2, 11 % at 1, 0.5 % at 10); give a fraction from 0 to "
                            + plain(PixelMethod.MAX_NOISE) + " (default: " + plain(PixelMethod.DEFAULT_NOISE) + ")");
                }
                yield PixelMethod.smoothGrad(n, sigma, smoothgradSeed == null ? PixelMethod.DEFAULT_SEED : smoothgradSeed);
            }
            default -> {
                int n = igSteps == null ? PixelMethod.DEFAULT_STEPS : igSteps;
                if (n < 2 || n > PixelMethod.MAX_SAMPLES) {
                    throw new UsageException("--ig-steps must be in 2.." + PixelMethod.MAX_SAMPLES + " (the path's two"
                            + " ends at least), got " + n);
                }
                yield PixelMethod.integratedGradients(n);
            }
        };
    }

    private static boolean isSmoothGrad(String name) {
        return "smoothgrad".equals(MethodNames.pixelName(name));
    }

    private static boolean isIntegratedGradients(String name) {
        return "integratedgradients".equals(MethodNames.pixelName(name));
    }

    /**
     * @return the channels Score-CAM scores, {@code --scorecam-channels} (Faster Score-CAM); 0 for all
     *     ({@code CamSession.Builder#optScoreCamChannels})
     * @throws UsageException when the number given is below 1
     */
    int scoreCamChannels() {
        if (scoreCamChannels == null) {
            return 0;
        }
        if (scoreCamChannels < 1) {
            throw new UsageException("--scorecam-channels must be 1 or more (the number of channels Score-CAM scores),"
                    + " got " + scoreCamChannels);
        }
        return scoreCamChannels;
    }

    /**
     * @param name a method's name on the command line
     * @return SS-CAM or IS-CAM with these settings when it names one; null otherwise
     * @throws UsageException naming the option whose value cannot apply
     */
    ScoreCamVariant scoreVariant(String name) {
        if (MethodNames.isSsCam(name)) {
            int samples = ssSamples == null ? ScoreCamVariant.DEFAULT_SS_SAMPLES : ssSamples;
            double std = ssStd == null ? ScoreCamVariant.DEFAULT_SS_STD : ssStd.value();
            if (samples < 1 || samples > ScoreCamVariant.MAX_SAMPLES) {
                // 2147483647 had run on and on without a word: a round is one model run per feature channel.
                throw new UsageException("--sscam-samples must be in 1.." + ScoreCamVariant.MAX_SAMPLES + ", got "
                        + samples);
            }
            if (!(Double.isFinite(std) && std > 0)) {
                throw new UsageException("--sscam-std must be finite and positive, got " + ssStd);
            }
            if (std > MAX_SS_STD) {
                // --sscam-std 1000 drew "(no evidence: the map is flat)", exit 0: the logits of pictures times such
                // noise differ by thousands, the softmax over the channels picks one by chance, and its map is noise.
                throw new UsageException("--sscam-std " + ssStd + " drowns SS-CAM's masks, whose values run from 0 to 1:"
                        + " the noisy copies are more noise than picture, and the map drifts from the picture's; give"
                        + " a std in (0, "
                        + plain(MAX_SS_STD) + "] (torch-cam's default: " + plain(ScoreCamVariant.DEFAULT_SS_STD)
                        + ")");
            }
            return ScoreCamVariant.ssCam(samples, std, ssSeed == null ? ScoreCamVariant.DEFAULT_SEED : ssSeed);
        }
        if (MethodNames.isIsCam(name)) {
            int steps = isSteps == null ? ScoreCamVariant.DEFAULT_IS_STEPS : isSteps;
            if (steps < 1 || steps > ScoreCamVariant.MAX_SAMPLES) {
                // As --sscam-samples: a step is one model run per feature channel.
                throw new UsageException("--iscam-steps must be in 1.." + ScoreCamVariant.MAX_SAMPLES + ", got "
                        + steps);
            }
            return ScoreCamVariant.isCam(steps);
        }
        return null;
    }

    /** @return {@code v} without a trailing ".0": "10", "0.5" */
    private static String plain(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * @return RefineCAM's base method as {@code --refine-base} says, as {@link MethodNames#ALL} spells it; gradcam++,
     *     pytorch-grad-cam's default, when left out
     * @throws UsageException naming {@code --refine-base} for a name that is no method, or a method RefineCAM does not
     *     take as its base ({@link #REFINE_BASES})
     */
    String refineBase() {
        if (refineBase == null) {
            return DEFAULT_REFINE_BASE;
        }
        String base;
        try {
            base = MethodNames.canonical(refineBase);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--refine-base '" + refineBase + "' is not a method; RefineCAM's base is one of "
                    + REFINE_BASES_SAID);
        }
        if (!REFINE_BASES.contains(base)) {
            throw new UsageException("--refine-base " + refineBase + " is not a base RefineCAM takes: give one of "
                    + REFINE_BASES_SAID + " (a method with a target layer and no setting of its own)");
        }
        return base;
    }

    /**
     * @return RefineCAM's form as {@code --refine-form} says; pytorch-grad-cam's, the default, when left out
     * @throws UsageException naming {@code --refine-form} for a name that is neither form
     */
    RefineForm refineForm() {
        if (refineForm == null) {
            return RefineForm.PYTORCH_GRAD_CAM;
        }
        try {
            return RefineForm.of(refineForm);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--refine-form " + e.getMessage());
        }
    }

    /**
     * @return Smooth Grad-CAM++'s noise as the options say, torch-cam's defaults for those not given
     * @throws UsageException naming the option whose value cannot apply
     */
    SmoothGradNoise smoothGradNoise() {
        int samples = sgSamples == null ? SmoothGradNoise.DEFAULT_SAMPLES : sgSamples;
        double std = sgStd == null ? SmoothGradNoise.DEFAULT_STD : sgStd.value();
        if (samples < 1 || samples > SmoothGradNoise.MAX_SAMPLES) {
            // 2147483647 had run on and on without a word, as --smoothgrad-samples would have without its bound.
            throw new UsageException("--sgcampp-samples must be in 1.." + SmoothGradNoise.MAX_SAMPLES + ", got "
                    + samples);
        }
        if (!(Double.isFinite(std) && std > 0)) {
            throw new UsageException("--sgcampp-std must be finite and positive, got " + sgStd);
        }
        return new SmoothGradNoise(samples, std, sgSeed == null ? SmoothGradNoise.DEFAULT_SEED : sgSeed);
    }

    private KpcaKernel kpcaKernel() {
        try {
            return kpcaKernel == null ? KpcaKernel.SIGMOID : KpcaKernel.of(kpcaKernel);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--kpca-kernel '" + kpcaKernel + "' is not one of " + KpcaKernel.names());
        }
    }

    /**
     * @return Finer-CAM's base method as {@code --finer-base} says ({@link io.github.cam4j.cam.FinerBase}); Grad-CAM,
     *     both libraries' default, when left out
     * @throws UsageException naming {@code --finer-base} for a name that is no method, a method Finer-CAM does not take
     *     as its base, or, with {@code --finer-form torch-cam}, one torch-cam's FinerCAM refuses
     */
    io.github.cam4j.savedmodel.GradientWeighting finerBase() {
        boolean torchCam = finerComparison().unweighted();
        if (finerBase == null) {
            return io.github.cam4j.cam.FinerBase.DEFAULT;
        }
        io.github.cam4j.savedmodel.GradientWeighting base;
        try {
            base = MethodNames.isGradientFree(finerBase) ? null
                    : MethodNames.parse("--finer-base", finerBase, true).orElse(null);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--finer-base '" + finerBase + "' is not a method; Finer-CAM's base is one of "
                    + FINER_BASES_SAID);
        }
        if (base == null || !io.github.cam4j.cam.FinerBase.PYTORCH_GRAD_CAM.contains(base)) {
            throw new UsageException("--finer-base " + finerBase + " is not a base Finer-CAM takes: give one of "
                    + FINER_BASES_SAID + " (a weighting of the Finer target's one gradient)");
        }
        if (torchCam && !io.github.cam4j.cam.FinerBase.TORCH_CAM.contains(base)) {
            throw new UsageException("--finer-base " + finerBase + " is not a base torch-cam's FinerCAM takes"
                    + " (--finer-form torch-cam): give gradcam, gradcam++ or layercam, as torch-cam refuses any other,"
                    + " or --finer-form pytorch-grad-cam");
        }
        return base;
    }

    /**
     * @return Finer-CAM's comparison as {@code --finer-alpha}, {@code --finer-ranks} and {@code --finer-form} say, each
     *     defaulting to the form's library's (pytorch-grad-cam's: alpha 1, ranks 1,2,3; torch-cam's: gamma 0.6, three
     *     references)
     * @throws UsageException naming the option whose value cannot be one: an alpha beyond a float's range (the target
     *     is computed in float32) or, in torch-cam's form, below 0, ranks below 1 or one given twice, a form that is
     *     neither
     */
    FinerComparison finerComparison() {
        boolean torchCam;
        if (finerForm == null || finerForm.equalsIgnoreCase("pytorch-grad-cam")) {
            torchCam = false;
        } else if (finerForm.equalsIgnoreCase("torch-cam")) {
            torchCam = true;
        } else {
            throw new UsageException("--finer-form '" + finerForm + "' is not a Finer-CAM form: give pytorch-grad-cam or"
                    + " torch-cam");
        }
        FinerComparison defaults = torchCam ? FinerComparison.TORCH_CAM_DEFAULT : FinerComparison.DEFAULT;
        if (torchCam && finerAlpha != null && finerAlpha.value() < 0) {
            throw new UsageException("--finer-alpha is torch-cam's gamma with --finer-form torch-cam, which must be 0 or"
                    + " more, as torch-cam refuses a negative one; got " + finerAlpha);
        }
        if (finerAlpha != null && !Float.isFinite((float) finerAlpha.value())) {
            // A float: picocli's Float read 3e39 as Infinity, and the error said "got Infinity" for what was typed.
            throw new UsageException("--finer-alpha must be a finite number within a float's range (±"
                    + Float.MAX_VALUE + ": Finer-CAM's target is computed in float32), got " + finerAlpha);
        }
        try {
            return new FinerComparison(finerAlpha == null ? defaults.alpha() : (float) finerAlpha.value(),
                    finerRanks == null ? defaults.ranks() : finerRanks, torchCam);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--finer-ranks: " + e.getMessage());
        }
    }

    /**
     * Refuses a setting for a method none of {@code methods} is: silently ignored, it would suggest it was applied. Then
     * checks the settings of the methods named.
     *
     * @param methods the methods' names as given
     * @param option where they were given ({@code --method}, {@code --methods}, {@code --also})
     * @throws UsageException naming the setting and the method it is for
     */
    void checkUsed(Collection<String> methods, String option) {
        for (Setting s : settings()) {
            if (s.given() != null && methods.stream().noneMatch(s.appliesTo())) {
                throw new UsageException(s.option() + " is " + s.method() + "'s setting, and " + option
                        + " does not name " + s.method());
            }
        }
        for (String m : methods) {
            of(m);
        }
    }
}
