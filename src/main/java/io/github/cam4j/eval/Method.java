package io.github.cam4j.eval;

import io.github.cam4j.savedmodel.GradientWeighting;

/**
 * Where a map comes from: the model's CAM, the same CAM under Grad-CAM's mask convention (for reference), another
 * method on the same model (for comparison), or one of the baselines CAM has to beat.
 */
public enum Method {
    /**
     * The trained model's CAM as {@link io.github.cam4j.cam.CamResult} delivers it: localised by its positive part over
     * its maximum ({@link PositiveMaps}; the paper's box rule, {@code CamResult.box}), masking by its min-max map
     * ({@code CamResult.map()}, the normalisation of Zhou et al.'s own CAM code and what cam4j draws).
     */
    CAM("CAM", false),
    /** The same CAM masking by its positive part over its maximum instead (Grad-CAM's convention); for reference. */
    CAM_POSITIVE_MASK("CAM, positive-part masks", false),
    /** Grad-CAM of the same model at the same features, when asked for ({@code evaluate --also gradcam}); for comparison. */
    GRAD_CAM(GradientWeighting.GRAD_CAM.title(), false),
    /** Grad-CAM++ of the same model at the same features, when asked for ({@code --also gradcam++}); for comparison. */
    GRAD_CAM_PLUS_PLUS(GradientWeighting.GRAD_CAM_PLUS_PLUS.title(), false),
    /** XGrad-CAM of the same model at the same features, when asked for ({@code --also xgradcam}); for comparison. */
    XGRAD_CAM(GradientWeighting.XGRAD_CAM.title(), false),
    /** HiResCAM of the same model at the same features, when asked for ({@code --also hirescam}); for comparison. */
    HIRES_CAM(GradientWeighting.HIRES_CAM.title(), false),
    /** LayerCAM of the same model at the same features, when asked for ({@code --also layercam}); for comparison. */
    LAYER_CAM(GradientWeighting.LAYER_CAM.title(), false),
    /**
     * Grad-CAM element-wise (pytorch-grad-cam's GradCAMElementWise) of the same model at the same features, when asked
     * for ({@code --also gradcam-elementwise}); for comparison.
     */
    GRAD_CAM_ELEMENT_WISE(GradientWeighting.GRAD_CAM_ELEMENT_WISE.title(), false),
    /** Finer-CAM of the same model at the same features, when asked for ({@code --also finercam}); for comparison. */
    FINER_CAM(GradientWeighting.FINER_CAM.title(), false),
    /** ShapleyCAM of the same model at the same features, when asked for ({@code --also shapleycam}); for comparison. */
    SHAPLEY_CAM(GradientWeighting.SHAPLEY_CAM.title(), false),
    /** Score-CAM of the same model at the same features, when asked for ({@code --also scorecam}); for comparison. */
    SCORE_CAM("Score-CAM", false),
    /**
     * Smooth Grad-CAM++ (torch-cam's SmoothGradCAMpp) of the same model at the same features, when asked for
     * ({@code --also smoothgradcam++}); for comparison.
     */
    SMOOTH_GRAD_CAM_PLUS_PLUS(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS.title(), false),
    /** SS-CAM (torch-cam's SSCAM) of the same model at the same features ({@code --also sscam}); for comparison. */
    SS_CAM("SS-CAM", false),
    /** IS-CAM (torch-cam's ISCAM) of the same model at the same features ({@code --also iscam}); for comparison. */
    IS_CAM("IS-CAM", false),
    /**
     * RefineCAM (pytorch-grad-cam's RefineCAM) of the same model: the product of a base method's maps of the layers the
     * other methods are taken at ({@code --also refinecam --also-at a,b}; its base, {@code --refine-base}, recorded in
     * the report's method settings); for comparison.
     */
    REFINE_CAM("RefineCAM", false),
    /** Eigen-CAM of the same model at the same features, when asked for ({@code --also eigencam}); for comparison. */
    EIGEN_CAM("Eigen-CAM", false),
    /** FEM of the same model at the same features, when asked for ({@code --also fem}); for comparison. */
    FEM("FEM", false),
    /** KPCA-CAM of the same model at the same features, when asked for ({@code --also kpcacam}); for comparison. */
    KPCA_CAM("KPCA-CAM", false),
    /** RandomCAM, random channel weights, of the same model at the same features ({@code --also randomcam}): a baseline. */
    RANDOM_CAM("RandomCAM", false),
    /** Ablation-CAM of the same model at the same features, when asked for ({@code --also ablationcam}); for comparison. */
    ABLATION_CAM("Ablation-CAM", false),
    /** Occlusion sensitivity of the same model, when asked for ({@code --also occlusion}); for comparison. */
    OCCLUSION("Occlusion", false),
    /**
     * Saliency (vanilla gradients, {@code max_c |d y_c / d x|}) of the same model, when asked for ({@code --also
     * saliency}): a pixel attribution baseline, not a CAM ({@link io.github.cam4j.cam.PixelMethod}).
     */
    SALIENCY("Saliency", false),
    /** Gradient x input of the same model, when asked for ({@code --also gradxinput}): a pixel attribution baseline. */
    GRADIENT_X_INPUT("Gradient x input", false),
    /** SmoothGrad of the same model, when asked for ({@code --also smoothgrad}): a pixel attribution baseline. */
    SMOOTHGRAD("SmoothGrad", false),
    /** Integrated Gradients of the same model, when asked for ({@code --also ig}): a pixel attribution baseline. */
    INTEGRATED_GRADIENTS("Integrated Gradients", false),
    /**
     * FullGrad of the same model, when asked for ({@code --also fullgrad}): the input's and every bias layer's gradient
     * terms, at the input's resolution (pytorch-grad-cam's {@code FullGrad}).
     */
    FULLGRAD("FullGrad", false),
    /** A Gaussian peaked at the canvas's centre ({@link Baselines#centre}). */
    CENTRE("centre Gaussian", true),
    /** Seeded uniform noise ({@link Baselines#uniformRandom}). */
    RANDOM("uniform random", true),
    /** The CAM of the same architecture with re-drawn weights ({@link RandomizedModel}), under {@link #CAM}'s conventions. */
    RANDOMIZED("randomized weights", true);

    private final String title;
    private final boolean baseline;

    Method(String title, boolean baseline) {
        this.title = title;
        this.baseline = baseline;
    }

    /** @return the name reports show */
    public String title() {
        return title;
    }

    /**
     * @param alsoSmoothing how the methods measured beside CAM were smoothed ({@code "eigen-smooth"}, ...), or null
     * @return the name reports show, marked with that smoothing for a method beside CAM: CAM and the baselines are
     *     never smoothed
     */
    public String shownTitle(String alsoSmoothing) {
        return alsoSmoothing == null || baseline || this == CAM || this == CAM_POSITIVE_MASK ? title
                : title + " (" + alsoSmoothing + ")";
    }

    /**
     * @param alsoSmoothing as for {@link #shownTitle}
     * @return the name charts show: {@link #shownTitle}'s mark said short ("Grad-CAM eigen+aug"), so that a legend
     *     cut to its width keeps the method's name (the full mark cut "Grad-CAM++" to "Grad-C...")
     */
    public String chartTitle(String alsoSmoothing) {
        String shown = shownTitle(alsoSmoothing);
        return shown.equals(title) ? title
                : title + " " + alsoSmoothing.replace("-smooth", "").replace(", ", "+");
    }

    /** @return whether this is a baseline CAM must beat */
    public boolean isBaseline() {
        return baseline;
    }

    /**
     * @param method a method made from the features alone
     * @return its row in reports
     */
    public static Method of(io.github.cam4j.cam.FeatureMethod method) {
        return switch (method.title()) {
            case "Eigen-CAM" -> EIGEN_CAM;
            case "FEM" -> FEM;
            case "KPCA-CAM" -> KPCA_CAM;
            case "RandomCAM" -> RANDOM_CAM;
            default -> throw new IllegalArgumentException("no report row for " + method);
        };
    }

    /**
     * @param variant SS-CAM or IS-CAM
     * @return its row in reports
     */
    public static Method of(io.github.cam4j.cam.ScoreCamVariant variant) {
        return variant.integrated() ? IS_CAM : SS_CAM;
    }

    /**
     * @param method a pixel attribution method
     * @return its row in reports
     */
    public static Method of(io.github.cam4j.cam.PixelMethod method) {
        return switch (method.kind()) {
            case SALIENCY -> SALIENCY;
            case GRADIENT_X_INPUT -> GRADIENT_X_INPUT;
            case SMOOTHGRAD -> SMOOTHGRAD;
            case INTEGRATED_GRADIENTS -> INTEGRATED_GRADIENTS;
            case FULLGRAD -> FULLGRAD;
        };
    }

    /**
     * @param weighting a gradient-based method
     * @return its row in reports
     */
    public static Method of(GradientWeighting weighting) {
        return switch (weighting) {
            case GRAD_CAM -> GRAD_CAM;
            case GRAD_CAM_PLUS_PLUS -> GRAD_CAM_PLUS_PLUS;
            case XGRAD_CAM -> XGRAD_CAM;
            case HIRES_CAM -> HIRES_CAM;
            case LAYER_CAM -> LAYER_CAM;
            case GRAD_CAM_ELEMENT_WISE -> GRAD_CAM_ELEMENT_WISE;
            case FINER_CAM -> FINER_CAM;
            case SHAPLEY_CAM -> SHAPLEY_CAM;
            case SMOOTH_GRAD_CAM_PLUS_PLUS -> SMOOTH_GRAD_CAM_PLUS_PLUS;
        };
    }
}
