package io.github.cam4j.eval;

import io.github.cam4j.savedmodel.FinerComparison;

/**
 * How an evaluation runs. Built by {@link #builder()}, which names each setting and starts from {@link #defaults()}
 * (the canonical constructor takes all of them in order, which grows with every method measured beside CAM).
 *
 * @param canvasSize the canvases' side in pixels
 * @param seed the seed of the digit sample, positions, clutter, random maps and randomised weights
 * @param faithfulnessLimit faithfulness is measured on the first this many evaluated digits (it runs the model about
 *     {@code 2 * steps} times per map); localisation on all
 * @param steps deletion and insertion steps
 * @param batch canvases per model run on 84x84 canvases (see {@link #canvasesPerRun()})
 * @param also gradient-based methods measured beside CAM on the same canvases, for comparison (empty: none)
 * @param alsoAt the layer (a rank-4 tensor's name) the {@code also} methods are taken at; null for CAM's features.
 *     Two or more layers, comma-separated (a TensorFlow name holds no comma), fuse each method's maps of those layers
 *     ({@code CamSession.Builder#optLayers}, pytorch-grad-cam's {@code target_layers}); see {@link #alsoLayers()}
 * @param alsoScoreCam whether Score-CAM ({@code CamSession.Builder#optScoreCam}) is measured beside CAM too, at the same
 *     layer as the {@code also} methods; it runs the model once per feature channel and canvas
 * @param alsoEigenCam whether Eigen-CAM ({@code CamSession.Builder#optEigenCam}) is measured beside CAM too, at the same
 *     layer as the {@code also} methods
 * @param alsoAblationCam whether Ablation-CAM ({@code CamSession.Builder#optAblationCam}) is measured beside CAM too, at
 *     the same layer as the {@code also} methods; it runs the layers after that layer once per feature channel and
 *     canvas (batched)
 * @param alsoSmoothing how the methods measured beside CAM are smoothed ({@link Smoothing}: eigen smoothing, their
 *     weighted features projected on their first principal component, not with {@code alsoEigenCam}, which is that
 *     projection already; aug smoothing, each map the mean of six variants of its canvas). CAM itself, the reference
 *     its baselines are measured against, is never smoothed
 * @param road whether ROAD ({@link Road}: remove and debias, MoRF, LeRF and combined) is measured with the other
 *     faithfulness measures, on the same canvases and maps; it imputes 18 pictures per map and runs the model on them.
 *     ARCC ({@link Arcc}) is measured with it, from four of its percentiles
 * @param alsoFeatureMethods FEM, KPCA-CAM and RandomCAM ({@code CamSession.Builder#optFeatureMethod}) measured beside
 *     CAM too, at the same layer as the {@code also} methods, each with its settings; at most one of each (Eigen-CAM
 *     is {@code alsoEigenCam})
 * @param alsoFinerComparison what Finer-CAM, when among {@code also}, compares each class with and how strongly
 *     ({@code CamSession.Builder#optFinerComparison}); {@link FinerComparison#DEFAULT}, pytorch-grad-cam's, unless
 *     Finer-CAM is measured
 * @param alsoOcclusion occlusion sensitivity ({@code CamSession.Builder#optOcclusion}) measured beside CAM too, with
 *     its settings, or null for none; it runs the model once per tile and canvas and takes no layer ({@code alsoAt}
 *     does not apply to it)
 * @param alsoPixelMethods the pixel attribution methods ({@code CamSession.Builder#optPixelMethod}: saliency, gradient
 *     x input, SmoothGrad, Integrated Gradients) measured beside CAM too, each with its settings, at most one of each:
 *     the classic baselines the CAM literature compares with. They take the gradient at the model's input, so
 *     {@code alsoAt} does not apply to them, nor eigen smoothing
 * @param scoreCamChannels how many channels the Score-CAM measured beside CAM scores per canvas, Faster Score-CAM
 *     ({@code CamSession.Builder#optScoreCamChannels}); 0 for all
 * @param alsoScoreVariants SS-CAM and IS-CAM ({@code CamSession.Builder#optScoreCamVariant}) measured beside CAM too,
 *     at the same layer as the {@code also} methods, each with its settings; at most one of each. Each runs the model
 *     once per feature channel, canvas and round
 * @param smoothGradNoise Smooth Grad-CAM++'s noise ({@code CamSession.Builder#optSmoothGradNoise}), for
 *     {@code also}'s {@code SMOOTH_GRAD_CAM_PLUS_PLUS}
 * @param alsoRefineBase RefineCAM ({@code CamSession.Builder#optRefine}) measured beside CAM too, as the report row of
 *     its base method (Grad-CAM++ by default), whose maps of the {@code alsoAt} layers (or CAM's one layer) it
 *     multiplies; null when not measured. A base with a gradient weighting, Score-CAM, Eigen-CAM or Ablation-CAM
 * @param alsoRefineForm which library's RefineCAM ({@code CamSession.Builder#optRefineForm}): pytorch-grad-cam's, the
 *     only one allowed without RefineCAM, or torch-cam's, which needs two or more {@code alsoAt} layers
 * @param alsoFinerBase the base method Finer-CAM, when among {@code also}, weighs its target's gradient by
 *     ({@code CamSession.Builder#optFinerBase}, {@link io.github.cam4j.cam.FinerBase}); Grad-CAM unless Finer-CAM is
 *     measured
 * @param alsoLayersForm which library's fusion of the {@code alsoAt} layers' maps ({@code
 *     CamSession.Builder#optLayersForm}): pytorch-grad-cam's mean, or torch-cam's element-wise maximum at the largest
 *     layer's cells, which needs two or more {@code alsoAt} layers; RefineCAM keeps its own product ({@code
 *     alsoRefineForm})
 */
public record EvaluationSettings(int canvasSize, long seed, int faithfulnessLimit, int steps, int batch,
        java.util.Set<io.github.cam4j.savedmodel.GradientWeighting> also, String alsoAt, boolean alsoScoreCam,
        boolean alsoEigenCam, boolean alsoAblationCam, Smoothing alsoSmoothing, boolean road,
        java.util.List<io.github.cam4j.cam.FeatureMethod> alsoFeatureMethods, FinerComparison alsoFinerComparison,
        io.github.cam4j.cam.Occlusion alsoOcclusion, java.util.List<io.github.cam4j.cam.PixelMethod> alsoPixelMethods,
        int scoreCamChannels, java.util.List<io.github.cam4j.cam.ScoreCamVariant> alsoScoreVariants,
        io.github.cam4j.cam.SmoothGradNoise smoothGradNoise, Method alsoRefineBase,
        io.github.cam4j.cam.RefineForm alsoRefineForm, io.github.cam4j.savedmodel.GradientWeighting alsoFinerBase,
        io.github.cam4j.cam.LayersForm alsoLayersForm) {
    /** The default seed. */
    public static final long DEFAULT_SEED = 42;
    /** The default number of digits faithfulness is measured on (the first of the sample). */
    public static final int DEFAULT_FAITHFULNESS = 1000;
    /** The default number of canvases per model run. */
    public static final int DEFAULT_BATCH = 128;
    /**
     * The largest canvas side: a batch of 256 canvases of 1024x1024 floats is 1 GiB of pixels before the model's own
     * activations, and the pixel count of a batch must stay within a Java array.
     */
    public static final int MAX_CANVAS = 1024;

    /**
     * Checks the ranges and copies {@code also}, so that a caller's set changed later does not change these settings.
     * {@link #builder()} names the settings instead of taking them in order.
     *
     * @param canvasSize the canvases' side in pixels, 1 to {@value #MAX_CANVAS} (by default
     *     {@link CanvasGenerator#DEFAULT_SIZE})
     * @param seed the seed of the digit sample, positions, clutter, random maps and randomised weights; the same seed
     *     draws the same digits and canvases
     * @param faithfulnessLimit how many of the first evaluated digits faithfulness is measured on, 0 or more (0: none;
     *     {@link #DEFAULT_FAITHFULNESS} by default)
     * @param steps deletion and insertion steps, at least 2 (by default {@link Faithfulness#DEFAULT_STEPS})
     * @param batch canvases per model run on 84x84 canvases, 1 to 256 (fewer on larger canvases, see
     *     {@link #canvasesPerRun()})
     * @param also gradient-based methods measured beside CAM on the same canvases; not null, empty for none
     * @param alsoAt the layer (a rank-4 tensor's name, e.g. {@code "conv2d_1/Relu"}) the methods beside CAM are taken
     *     at; null for CAM's features. Only with such methods
     * @param alsoScoreCam whether Score-CAM is measured beside CAM too (one model run per feature channel and canvas)
     * @param alsoEigenCam whether Eigen-CAM is measured beside CAM too
     * @param alsoAblationCam whether Ablation-CAM is measured beside CAM too (the layers after the features run once per
     *     feature channel and canvas, batched)
     * @param alsoSmoothing how the methods beside CAM are smoothed ({@link Smoothing#NONE}: not)
     * @param road whether ROAD is measured with the other faithfulness measures
     * @param alsoFeatureMethods FEM, KPCA-CAM and RandomCAM measured beside CAM too; not null, empty for none
     * @param alsoFinerComparison Finer-CAM's comparison; not null, {@link FinerComparison#DEFAULT} unless Finer-CAM is
     *     among {@code also}
     * @param alsoOcclusion occlusion sensitivity measured beside CAM too, with its settings; null for none
     * @param alsoPixelMethods the pixel attribution methods measured beside CAM too; not null, empty for none
     * @param scoreCamChannels the channels the Score-CAM beside CAM scores per canvas (Faster Score-CAM), 0 for all;
     *     only with {@code alsoScoreCam}
     * @param alsoScoreVariants SS-CAM and IS-CAM measured beside CAM too, at most one of each; not null, empty for none
     * @param smoothGradNoise Smooth Grad-CAM++'s noise, for {@code also}'s Smooth Grad-CAM++; not null
     * @param alsoRefineBase RefineCAM's base method's report row, or null when RefineCAM is not measured
     * @param alsoRefineForm RefineCAM's form; not null, pytorch-grad-cam's unless RefineCAM is measured, torch-cam's
     *     only with two or more {@code alsoAt} layers
     * @param alsoFinerBase Finer-CAM's base method; not null, {@link io.github.cam4j.cam.FinerBase#DEFAULT} unless
     *     Finer-CAM is among {@code also}, one torch-cam's FinerCAM takes with {@code alsoFinerComparison}'s torch-cam
     *     form
     * @param alsoLayersForm the fusion of the {@code alsoAt} layers; not null, pytorch-grad-cam's unless two or more
     *     {@code alsoAt} layers are fused by a method other than RefineCAM
     * @throws IllegalArgumentException when torch-cam's fusion of layers is given without two or more layers or
     *     without a method other than RefineCAM to fuse them, when a value is out of range, RefineCAM's base cannot be one, a RefineCAM form
     *     other than pytorch-grad-cam's is given without RefineCAM or torch-cam's with fewer than two layers, {@code scoreCamChannels} is negative or given
     *     without {@code alsoScoreCam}, {@code road} is asked for without faithfulness
     *     digits, {@code alsoAt} or a smoothing is given with no
     *     method beside CAM to take there or to smooth, eigen smoothing with {@code alsoEigenCam}, occlusion or a feature method
     *     it does not apply to (FEM, KPCA-CAM), a feature or pixel method is given twice, eigen smoothing or {@code alsoAt}
     *     with pixel methods and no other method beside CAM, or a comparison other than the default
     *     is given without Finer-CAM, whose maps it would not change, or a Finer-CAM base other than Grad-CAM without
     *     it, or one Finer-CAM (in torch-cam's form, torch-cam's) does not take
     * @throws NullPointerException when {@code also}, {@code alsoSmoothing}, {@code alsoFinerComparison},
     *     {@code alsoPixelMethods}, {@code alsoRefineForm}, {@code alsoFinerBase} or {@code alsoLayersForm} is null
     */
    public EvaluationSettings {
        if (scoreCamChannels < 0 || scoreCamChannels > 0 && !alsoScoreCam) {
            throw new IllegalArgumentException("Score-CAM's channels (" + scoreCamChannels + ") are 0 for all or more,"
                    + " and only for the Score-CAM measured beside CAM");
        }
        if (canvasSize < 1 || canvasSize > MAX_CANVAS) {
            throw new IllegalArgumentException("canvas size must be in 1.." + MAX_CANVAS + ", got " + canvasSize);
        }
        if (faithfulnessLimit < 0) {
            throw new IllegalArgumentException("faithfulness limit must not be negative, got " + faithfulnessLimit);
        }
        if (steps < 2) {
            throw new IllegalArgumentException("deletion/insertion need at least 2 steps, got " + steps);
        }
        if (road && faithfulnessLimit == 0) {
            // ROAD is measured on the faithfulness canvases: with none, asking for it would change nothing.
            throw new IllegalArgumentException("ROAD is measured on the faithfulness digits, and the faithfulness limit is"
                    + " 0");
        }
        if (batch < 1 || batch > 256) {
            throw new IllegalArgumentException("batch must be in 1..256, got " + batch);
        }
        also = java.util.Set.copyOf(also);
        alsoFeatureMethods = java.util.List.copyOf(alsoFeatureMethods);
        alsoScoreVariants = java.util.List.copyOf(alsoScoreVariants);
        java.util.Objects.requireNonNull(smoothGradNoise, "smoothGradNoise is null");
        if (alsoScoreVariants.stream().map(Method::of).distinct().count() < alsoScoreVariants.size()) {
            throw new IllegalArgumentException("each of SS-CAM and IS-CAM is measured once, got " + alsoScoreVariants);
        }
        if (alsoFeatureMethods.stream().map(Method::of).distinct().count() < alsoFeatureMethods.size()
                || alsoFeatureMethods.stream().anyMatch(io.github.cam4j.cam.FeatureMethod::isEigenCam)) {
            throw new IllegalArgumentException("each of FEM, KPCA-CAM and RandomCAM is measured once (Eigen-CAM by"
                    + " alsoEigenCam), got " + alsoFeatureMethods);
        }
        alsoPixelMethods = java.util.List.copyOf(alsoPixelMethods);
        if (alsoPixelMethods.stream().map(io.github.cam4j.cam.PixelMethod::kind).distinct().count()
                < alsoPixelMethods.size()) {
            throw new IllegalArgumentException("each pixel attribution method is measured once, got " + alsoPixelMethods);
        }
        if (alsoRefineBase != null && !refineBases().contains(alsoRefineBase)) {
            throw new IllegalArgumentException("RefineCAM's base is a gradient method, Score-CAM, Eigen-CAM or"
                    + " Ablation-CAM, got " + alsoRefineBase);
        }
        java.util.Objects.requireNonNull(alsoRefineForm, "alsoRefineForm: RefineForm.PYTORCH_GRAD_CAM");
        if (alsoRefineForm != io.github.cam4j.cam.RefineForm.PYTORCH_GRAD_CAM && alsoRefineBase == null) {
            throw new IllegalArgumentException("a RefineCAM form (" + alsoRefineForm + ") needs RefineCAM measured, whose"
                    + " maps it would change");
        }
        if (alsoRefineForm == io.github.cam4j.cam.RefineForm.TORCH_CAM
                && (alsoAt == null || alsoAt.split(",").length < 2)) {
            throw new IllegalArgumentException("torch-cam's RefineCAM multiplies the maps of two or more layers, as"
                    + " torch-cam's refuses fewer: give them to alsoAt (--also-at), got " + alsoAt);
        }
        boolean layered = !also.isEmpty() || alsoScoreCam || alsoEigenCam || alsoAblationCam
                || !alsoFeatureMethods.isEmpty() || !alsoScoreVariants.isEmpty() || alsoRefineBase != null;
        if (alsoAt != null && !layered && !alsoPixelMethods.isEmpty()) {
            throw new IllegalArgumentException("a layer for the methods measured beside CAM ('" + alsoAt + "') does not"
                    + " apply to the pixel attribution methods, which take the gradient at the model's input");
        }
        if (alsoAt != null && !layered && alsoOcclusion != null) {
            throw new IllegalArgumentException("a layer for the methods measured beside CAM ('" + alsoAt + "') does not"
                    + " apply to occlusion, which paints the canvas and reads the probabilities");
        }
        if (alsoSmoothing.eigen() && !alsoPixelMethods.isEmpty()) {
            throw new IllegalArgumentException("eigen smoothing projects a feature layer's weighted activations; the pixel"
                    + " attribution methods (" + alsoPixelMethods + ") have none: measure them in a run without it");
        }
        boolean none = !layered && alsoPixelMethods.isEmpty() && alsoOcclusion == null;
        if (alsoAt != null && none) {
            throw new IllegalArgumentException("a layer for the methods measured beside CAM ('" + alsoAt
                    + "') needs such methods");
        }
        if (alsoAt != null) {
            java.util.List<String> layers = java.util.List.of(alsoAt.split(",", -1));
            if (layers.stream().anyMatch(String::isBlank) || new java.util.HashSet<>(layers).size() < layers.size()) {
                throw new IllegalArgumentException("the layers for the methods measured beside CAM ('" + alsoAt
                        + "') hold an empty or a repeated name");
            }
        }
        java.util.Objects.requireNonNull(alsoSmoothing, "alsoSmoothing is null");
        java.util.Objects.requireNonNull(alsoFinerComparison, "alsoFinerComparison: FinerComparison.DEFAULT");
        if (!alsoFinerComparison.equals(FinerComparison.DEFAULT)
                && !also.contains(io.github.cam4j.savedmodel.GradientWeighting.FINER_CAM)) {
            // Recorded in the report as the evaluation's, it would suggest it shaped a map.
            throw new IllegalArgumentException("a Finer-CAM comparison (" + alsoFinerComparison + ") needs Finer-CAM"
                    + " among the methods measured beside CAM");
        }
        java.util.Objects.requireNonNull(alsoLayersForm, "alsoLayersForm: LayersForm.PYTORCH_GRAD_CAM");
        if (alsoLayersForm != io.github.cam4j.cam.LayersForm.PYTORCH_GRAD_CAM) {
            if (alsoAt == null || alsoAt.split(",").length < 2) {
                throw new IllegalArgumentException("torch-cam's fusion of layers (" + alsoLayersForm + ") fuses the"
                        + " maps of two or more layers: give them to alsoAt (--also-at), got " + alsoAt);
            }
            // RefineCAM fuses by its own product (alsoRefineForm): the form would change no map.
            if (also.isEmpty() && !alsoScoreCam && !alsoEigenCam && !alsoAblationCam && alsoFeatureMethods.isEmpty()
                    && alsoScoreVariants.isEmpty()) {
                throw new IllegalArgumentException("torch-cam's fusion of layers (" + alsoLayersForm + ") needs a"
                        + " method beside CAM other than RefineCAM, whose product is its own fusion, to fuse");
            }
        }
        java.util.Objects.requireNonNull(alsoFinerBase, "alsoFinerBase: FinerBase.DEFAULT");
        if (alsoFinerBase != io.github.cam4j.cam.FinerBase.DEFAULT
                && !also.contains(io.github.cam4j.savedmodel.GradientWeighting.FINER_CAM)) {
            throw new IllegalArgumentException("a Finer-CAM base (" + alsoFinerBase.title() + ") needs Finer-CAM among"
                    + " the methods measured beside CAM");
        }
        io.github.cam4j.cam.FinerBase.problem(alsoFinerBase, alsoFinerComparison.unweighted()).ifPresent(p -> {
            throw new IllegalArgumentException("Finer-CAM's base: " + p);
        });
        if (alsoSmoothing.any() && none) {
            // CAM itself is not smoothed: with nothing beside it, the setting would change nothing.
            throw new IllegalArgumentException("smoothing the methods measured beside CAM needs such methods (CAM, the"
                    + " reference, is never smoothed)");
        }
        if (alsoSmoothing.eigen() && alsoEigenCam) {
            throw new IllegalArgumentException("Eigen-CAM is a principal component's projection already: it is not"
                    + " smoothed, measure it in a run without smoothing");
        }
        if (alsoSmoothing.eigen() && alsoOcclusion != null) {
            throw new IllegalArgumentException("occlusion weighs no features for eigen smoothing to project: measure it"
                    + " in a run without eigen smoothing");
        }
        for (io.github.cam4j.cam.FeatureMethod m : alsoFeatureMethods) {
            if (alsoSmoothing.eigen() && !m.takesEigenSmooth()) {
                throw new IllegalArgumentException(m.title() + " is not eigen-smoothed: "
                        + m.whyNotEigenSmoothed().orElseThrow() + "; measure it in a run without eigen smoothing");
            }
        }
    }

    /**
     * Canvases per model run: {@link #batch} on 84x84 canvases and smaller ones, proportionally fewer on larger ones, so
     * that a run's pixels (and the model's activations, which grow with them) stay what {@code batch} means at 84x84. At
     * 1024x1024 a batch of 128 would hold 128 M pixels and the pooled model's first convolution alone 17 GB.
     *
     * @return at least 1
     */
    public int canvasesPerRun() {
        long reference = (long) CanvasGenerator.DEFAULT_SIZE * CanvasGenerator.DEFAULT_SIZE;
        long pixels = (long) canvasSize * canvasSize;
        return (int) Math.max(1, Math.min(batch, batch * reference / pixels));
    }

    /** @return 84x84 canvases, seed 42, faithfulness on the first 1000 digits, 16 steps, batches of 128 */
    public static EvaluationSettings defaults() {
        return builder().build();
    }

    /**
     * @return the layers the methods beside CAM are taken at, {@link #alsoAt()} split at its commas: empty for CAM's
     *     features, one layer, or two or more whose maps are fused
     */
    public java.util.List<String> alsoLayers() {
        return alsoAt == null ? java.util.List.of() : java.util.List.of(alsoAt.split(","));
    }

    /**
     * A builder holding {@link #defaults()}: CAM alone, nothing measured beside it, no ROAD. Set only what differs.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings, to derive a variant with one or two of them changed.
     *
     * @return a new builder, independent of these settings
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.canvasSize = canvasSize;
        b.seed = seed;
        b.faithfulnessLimit = faithfulnessLimit;
        b.steps = steps;
        b.batch = batch;
        b.also = also;
        b.alsoAt = alsoAt;
        b.alsoScoreCam = alsoScoreCam;
        b.alsoEigenCam = alsoEigenCam;
        b.alsoAblationCam = alsoAblationCam;
        b.alsoSmoothing = alsoSmoothing;
        b.road = road;
        b.alsoFeatureMethods = alsoFeatureMethods;
        b.alsoFinerComparison = alsoFinerComparison;
        b.alsoOcclusion = alsoOcclusion;
        b.alsoPixelMethods = alsoPixelMethods;
        b.scoreCamChannels = scoreCamChannels;
        b.alsoScoreVariants = alsoScoreVariants;
        b.smoothGradNoise = smoothGradNoise;
        b.alsoRefineBase = alsoRefineBase;
        b.alsoRefineForm = alsoRefineForm;
        b.alsoFinerBase = alsoFinerBase;
        b.alsoLayersForm = alsoLayersForm;
        return b;
    }

    /** @return the report rows of the methods RefineCAM can multiply: the gradient ones, Score-CAM, Eigen-CAM, Ablation-CAM */
    private static java.util.Set<Method> refineBases() {
        java.util.Set<Method> bases = java.util.EnumSet.of(Method.SCORE_CAM, Method.EIGEN_CAM, Method.ABLATION_CAM);
        for (io.github.cam4j.savedmodel.GradientWeighting w : io.github.cam4j.savedmodel.GradientWeighting.values()) {
            bases.add(Method.of(w));
        }
        return bases;
    }

    /**
     * Builds {@link EvaluationSettings} one named setting at a time, so that adding a method adds a setter rather than
     * another positional constructor. Every setting is optional; unset ones keep the defaults each setter names. The
     * settings are checked together in {@link #build()}, since whether one is allowed depends on others (a layer needs
     * a method to take there, ROAD needs faithfulness digits):
     *
     * <pre>{@code
     * EvaluationSettings s = EvaluationSettings.builder()
     *         .optFaithfulnessLimit(200)
     *         .optAlso(Set.of(GradientWeighting.GRAD_CAM)).optAlsoAt("conv2d_1/Relu")
     *         .optRoad(true)
     *         .build();
     * EvaluationSettings quick = s.toBuilder().optFaithfulnessLimit(0).optRoad(false).build();
     * }</pre>
     */
    public static final class Builder {
        private int canvasSize = CanvasGenerator.DEFAULT_SIZE;
        private long seed = DEFAULT_SEED;
        private int faithfulnessLimit = DEFAULT_FAITHFULNESS;
        private int steps = Faithfulness.DEFAULT_STEPS;
        private int batch = DEFAULT_BATCH;
        private java.util.Set<io.github.cam4j.savedmodel.GradientWeighting> also = java.util.Set.of();
        private String alsoAt;
        private boolean alsoScoreCam;
        private boolean alsoEigenCam;
        private boolean alsoAblationCam;
        private Smoothing alsoSmoothing = Smoothing.NONE;
        private boolean road;
        private java.util.List<io.github.cam4j.cam.FeatureMethod> alsoFeatureMethods = java.util.List.of();
        private FinerComparison alsoFinerComparison = FinerComparison.DEFAULT;
        private io.github.cam4j.cam.Occlusion alsoOcclusion;
        private java.util.List<io.github.cam4j.cam.PixelMethod> alsoPixelMethods = java.util.List.of();
        private int scoreCamChannels;
        private java.util.List<io.github.cam4j.cam.ScoreCamVariant> alsoScoreVariants = java.util.List.of();
        private io.github.cam4j.cam.SmoothGradNoise smoothGradNoise = io.github.cam4j.cam.SmoothGradNoise.DEFAULT;
        private Method alsoRefineBase;
        private io.github.cam4j.cam.RefineForm alsoRefineForm = io.github.cam4j.cam.RefineForm.PYTORCH_GRAD_CAM;
        private io.github.cam4j.savedmodel.GradientWeighting alsoFinerBase = io.github.cam4j.cam.FinerBase.DEFAULT;
        private io.github.cam4j.cam.LayersForm alsoLayersForm = io.github.cam4j.cam.LayersForm.PYTORCH_GRAD_CAM;

        private Builder() {}

        /**
         * @param canvasSize the canvases' side in pixels, 1 to {@value EvaluationSettings#MAX_CANVAS} (default
         *     {@link CanvasGenerator#DEFAULT_SIZE})
         * @return this builder
         */
        public Builder optCanvasSize(int canvasSize) {
            this.canvasSize = canvasSize;
            return this;
        }

        /**
         * @param seed the seed of the digit sample, positions, clutter, random maps and randomised weights; the same
         *     seed draws the same digits and canvases (default {@value EvaluationSettings#DEFAULT_SEED})
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @param faithfulnessLimit how many of the first evaluated digits faithfulness is measured on, 0 or more (0:
         *     none; default {@value EvaluationSettings#DEFAULT_FAITHFULNESS})
         * @return this builder
         */
        public Builder optFaithfulnessLimit(int faithfulnessLimit) {
            this.faithfulnessLimit = faithfulnessLimit;
            return this;
        }

        /**
         * @param steps deletion and insertion steps, at least 2 (default {@link Faithfulness#DEFAULT_STEPS})
         * @return this builder
         */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * @param batch canvases per model run on 84x84 canvases, 1 to 256, fewer on larger canvases (see
         *     {@link EvaluationSettings#canvasesPerRun()}; default {@value EvaluationSettings#DEFAULT_BATCH})
         * @return this builder
         */
        public Builder optBatch(int batch) {
            this.batch = batch;
            return this;
        }

        /**
         * @param also gradient-based methods measured beside CAM on the same canvases; not null (default empty: none).
         *     Copied when built
         * @return this builder
         */
        public Builder optAlso(java.util.Set<io.github.cam4j.savedmodel.GradientWeighting> also) {
            this.also = java.util.Objects.requireNonNull(also, "also is null: an empty set for no gradient method");
            return this;
        }

        /**
         * @param alsoAt the layer (a rank-4 tensor's name, e.g. {@code "conv2d_1/Relu"}), or two or more
         *     comma-separated whose maps are fused, the methods beside CAM are taken at; null (the default) for CAM's
         *     features. Only with such methods, and not for pixel methods or occlusion alone, which take no layer
         * @return this builder
         */
        public Builder optAlsoAt(String alsoAt) {
            this.alsoAt = alsoAt;
            return this;
        }

        /**
         * @param alsoScoreCam whether Score-CAM is measured beside CAM too, at the same layer as the {@code also}
         *     methods; one model run per feature channel and canvas (default false)
         * @return this builder
         */
        public Builder optAlsoScoreCam(boolean alsoScoreCam) {
            this.alsoScoreCam = alsoScoreCam;
            return this;
        }

        /**
         * @param alsoEigenCam whether Eigen-CAM is measured beside CAM too, at the same layer as the {@code also}
         *     methods (default false)
         * @return this builder
         */
        public Builder optAlsoEigenCam(boolean alsoEigenCam) {
            this.alsoEigenCam = alsoEigenCam;
            return this;
        }

        /**
         * @param alsoAblationCam whether Ablation-CAM is measured beside CAM too, at the same layer as the {@code also}
         *     methods; the layers after it run once per feature channel and canvas, batched (default false)
         * @return this builder
         */
        public Builder optAlsoAblationCam(boolean alsoAblationCam) {
            this.alsoAblationCam = alsoAblationCam;
            return this;
        }

        /**
         * @param alsoSmoothing how the methods beside CAM are smoothed; not null (default {@link Smoothing#NONE}).
         *     Needs such methods; eigen smoothing not with Eigen-CAM, occlusion, pixel methods, FEM or KPCA-CAM
         * @return this builder
         */
        public Builder optAlsoSmoothing(Smoothing alsoSmoothing) {
            this.alsoSmoothing = java.util.Objects.requireNonNull(alsoSmoothing,
                    "alsoSmoothing is null: Smoothing.NONE for none");
            return this;
        }

        /**
         * @param road whether ROAD (and ARCC) is measured with the other faithfulness measures, on the faithfulness
         *     digits, so only with a faithfulness limit above 0 (default false)
         * @return this builder
         */
        public Builder optRoad(boolean road) {
            this.road = road;
            return this;
        }

        /**
         * @param alsoFeatureMethods FEM, KPCA-CAM and RandomCAM measured beside CAM too, at most one of each (Eigen-CAM
         *     is {@link #optAlsoEigenCam}); not null (default empty: none). Copied when built
         * @return this builder
         */
        public Builder optAlsoFeatureMethods(java.util.List<io.github.cam4j.cam.FeatureMethod> alsoFeatureMethods) {
            this.alsoFeatureMethods = java.util.Objects.requireNonNull(alsoFeatureMethods,
                    "alsoFeatureMethods is null: an empty list for none");
            return this;
        }

        /**
         * @param alsoFinerComparison what Finer-CAM, when among {@code also}, compares each class with and how
         *     strongly; not null (default {@link FinerComparison#DEFAULT}, the only one allowed without Finer-CAM)
         * @return this builder
         */
        public Builder optAlsoFinerComparison(FinerComparison alsoFinerComparison) {
            this.alsoFinerComparison = java.util.Objects.requireNonNull(alsoFinerComparison,
                    "alsoFinerComparison is null: FinerComparison.DEFAULT");
            return this;
        }

        /**
         * @param alsoOcclusion occlusion sensitivity measured beside CAM too, with its settings; null (the default) for
         *     none. It runs the model once per tile and canvas and takes no layer
         * @return this builder
         */
        public Builder optAlsoOcclusion(io.github.cam4j.cam.Occlusion alsoOcclusion) {
            this.alsoOcclusion = alsoOcclusion;
            return this;
        }

        /**
         * @param alsoPixelMethods the pixel attribution methods (saliency, gradient x input, SmoothGrad, Integrated
         *     Gradients) measured beside CAM too, at most one of each; not null (default empty: none). Copied when
         *     built
         * @return this builder
         */
        public Builder optAlsoPixelMethods(java.util.List<io.github.cam4j.cam.PixelMethod> alsoPixelMethods) {
            this.alsoPixelMethods = java.util.Objects.requireNonNull(alsoPixelMethods,
                    "alsoPixelMethods is null: an empty list for none");
            return this;
        }

        /**
         * @param scoreCamChannels how many channels the Score-CAM beside CAM scores per canvas (Faster Score-CAM), 0
         *     for all (the default); above 0 only with {@link #optAlsoScoreCam}
         * @return this builder
         */
        public Builder optScoreCamChannels(int scoreCamChannels) {
            this.scoreCamChannels = scoreCamChannels;
            return this;
        }

        /**
         * @param alsoScoreVariants SS-CAM and IS-CAM measured beside CAM too, at the same layer as the {@code also}
         *     methods, at most one of each; not null (default empty: none). Copied when built
         * @return this builder
         */
        public Builder optAlsoScoreVariants(java.util.List<io.github.cam4j.cam.ScoreCamVariant> alsoScoreVariants) {
            this.alsoScoreVariants = java.util.Objects.requireNonNull(alsoScoreVariants,
                    "alsoScoreVariants is null: an empty list for none");
            return this;
        }

        /**
         * @param smoothGradNoise Smooth Grad-CAM++'s noise, for {@code also}'s Smooth Grad-CAM++; not null (default
         *     {@link io.github.cam4j.cam.SmoothGradNoise#DEFAULT})
         * @return this builder
         */
        public Builder optSmoothGradNoise(io.github.cam4j.cam.SmoothGradNoise smoothGradNoise) {
            this.smoothGradNoise = java.util.Objects.requireNonNull(smoothGradNoise,
                    "smoothGradNoise is null: SmoothGradNoise.DEFAULT");
            return this;
        }

        /**
         * @param alsoRefineBase measure RefineCAM beside CAM too, multiplying this base method's maps (its report row:
         *     {@link Method#GRAD_CAM_PLUS_PLUS}, pytorch-grad-cam's default, or another gradient method, Score-CAM,
         *     Eigen-CAM, Ablation-CAM) of the {@code alsoAt} layers; null (the default) not to measure it
         * @return this builder
         */
        public Builder optAlsoRefineBase(Method alsoRefineBase) {
            this.alsoRefineBase = alsoRefineBase;
            return this;
        }

        /**
         * @param alsoRefineForm which library's RefineCAM the measured RefineCAM is; not null (default
         *     {@link io.github.cam4j.cam.RefineForm#PYTORCH_GRAD_CAM}, the only one allowed without RefineCAM; torch-cam's
         *     needs two or more {@code alsoAt} layers)
         * @return this builder
         */
        public Builder optAlsoRefineForm(io.github.cam4j.cam.RefineForm alsoRefineForm) {
            this.alsoRefineForm = java.util.Objects.requireNonNull(alsoRefineForm,
                    "alsoRefineForm is null: RefineForm.PYTORCH_GRAD_CAM");
            return this;
        }

        /**
         * @param alsoLayersForm which library's fusion of the {@code alsoAt} layers the methods beside CAM take; not
         *     null (default {@link io.github.cam4j.cam.LayersForm#PYTORCH_GRAD_CAM}, the mean; torch-cam's needs two or
         *     more {@code alsoAt} layers and a method other than RefineCAM, which keeps its own product)
         * @return this builder
         */
        public Builder optAlsoLayersForm(io.github.cam4j.cam.LayersForm alsoLayersForm) {
            this.alsoLayersForm = java.util.Objects.requireNonNull(alsoLayersForm,
                    "alsoLayersForm is null: LayersForm.PYTORCH_GRAD_CAM");
            return this;
        }

        /**
         * @param alsoFinerBase the base method the measured Finer-CAM weighs its target's gradient by; not null
         *     (default {@link io.github.cam4j.cam.FinerBase#DEFAULT}, Grad-CAM, the only one allowed without Finer-CAM)
         * @return this builder
         */
        public Builder optAlsoFinerBase(io.github.cam4j.savedmodel.GradientWeighting alsoFinerBase) {
            this.alsoFinerBase = java.util.Objects.requireNonNull(alsoFinerBase,
                    "alsoFinerBase is null: FinerBase.DEFAULT");
            return this;
        }

        /**
         * Checks the settings together, as {@link EvaluationSettings#EvaluationSettings the canonical constructor}
         * does, and copies the collections, so that a caller's list changed later does not change the settings.
         *
         * @return the settings
         * @throws IllegalArgumentException when a value is out of range or the settings do not go together; the message
         *     names the setting and what is wrong
         */
        public EvaluationSettings build() {
            return new EvaluationSettings(canvasSize, seed, faithfulnessLimit, steps, batch, also, alsoAt, alsoScoreCam,
                    alsoEigenCam, alsoAblationCam, alsoSmoothing, road, alsoFeatureMethods, alsoFinerComparison,
                    alsoOcclusion, alsoPixelMethods, scoreCamChannels, alsoScoreVariants, smoothGradNoise,
                    alsoRefineBase, alsoRefineForm, alsoFinerBase, alsoLayersForm);
        }
    }
}
