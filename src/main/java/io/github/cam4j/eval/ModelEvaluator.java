package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.FemKBeyondCellsException;
import io.github.cam4j.cam.FinerBase;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.InvalidInputException;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import me.tongfei.progressbar.ProgressBar;

/**
 * Evaluates one model on a sample of test digits: accuracy on the digits, then, batch by batch of canvases, CAM's
 * and the baselines' localisation on plain and cluttered canvases, trained-vs-randomised rank correlation, and
 * faithfulness on the first {@link EvaluationSettings#faithfulnessLimit()} digits, complexity and coherency among it
 * ({@link Arcc}; with ROAD, {@link Road}, and ARCC when {@link EvaluationSettings#road()} asks for them).
 *
 * <p>Every map explains the digit's <b>true</b> class (the pointing game's convention), whatever the model predicts;
 * the randomised model's maps explain the same class. A model's map localises by its positive part over its maximum
 * ({@link PositiveMaps}: the paper's box rule) and masks, for faithfulness, by its min-max map ({@code CamResult.map()});
 * {@link Method#CAM_POSITIVE_MASK} masks the trained model's canvases by the positive part instead, for reference.
 *
 * <pre>{@code
 * ModelEvaluation e = new ModelEvaluator(settings, LoadOptions.defaults(), System.err)
 *         .evaluate(Path.of("saved_models/mnist-pooled"), test, Sampling.sample(test.count(), 2000, 42));
 * }</pre>
 */
public final class ModelEvaluator {
    /** Examples shown in a report's grid of typical canvases (plain), each again cluttered. */
    static final int EXAMPLES = 8;
    /** Worst-localised canvases kept for the report's grid. */
    static final int WORST = 16;

    private final EvaluationSettings settings;
    private final LoadOptions loadOptions;
    private final PrintStream progress;
    private final java.util.function.Consumer<String> leftOutNotices;

    /**
     * @param settings how to run
     * @param loadOptions how to open the models
     * @param progress where the progress bar goes (standard error), or null for none
     */
    public ModelEvaluator(EvaluationSettings settings, LoadOptions loadOptions, PrintStream progress) {
        this(settings, loadOptions, progress, line -> { });
    }

    /**
     * @param settings how to run
     * @param loadOptions how to open the models
     * @param progress where the progress bar goes (standard error), or null for none
     * @param leftOutNotices told one line as each canvas a method cannot map is left out (its canvas, the method and
     *     why), while the run goes on
     */
    public ModelEvaluator(EvaluationSettings settings, LoadOptions loadOptions, PrintStream progress,
            java.util.function.Consumer<String> leftOutNotices) {
        this.leftOutNotices = java.util.Objects.requireNonNull(leftOutNotices, "leftOutNotices is null: line -> { }"
                + " for none");
        // Named here: they were NullPointerExceptions from inside evaluate, after the model had been opened.
        this.settings = java.util.Objects.requireNonNull(settings, "settings is null: EvaluationSettings.defaults()"
                + " for the defaults");
        this.loadOptions = java.util.Objects.requireNonNull(loadOptions, "loadOptions is null: LoadOptions.defaults()"
                + " for none");
        this.progress = progress;
    }

    /**
     * @param modelDir the model's folder
     * @param test the test split
     * @param selection the digits to evaluate, in order (faithfulness takes the first ones); at least one
     * @return the figures and pictures
     * @throws ModelLoadException when the model (or its randomised copy) cannot be opened
     * @throws CamException when the model fails on a batch; an {@link InvalidInputException} when a method cannot map
     *     a canvas of every digit of the first batch, or of more than half the digits so far (a canvas of fewer is
     *     left out, with its digit's other canvas, for every method: {@link ModelReport#leftOut()})
     * @throws IOException when the randomised copy cannot be written
     * @throws IllegalArgumentException when the selection is empty or names a digit outside the test set
     */
    public ModelEvaluation evaluate(Path modelDir, LabeledImages test, int[] selection)
            throws ModelLoadException, CamException, IOException {
        long start = System.nanoTime();
        java.util.Objects.requireNonNull(modelDir, "modelDir is null: the model folder to evaluate");
        java.util.Objects.requireNonNull(test, "test is null: the test split, Dataset.test()");
        java.util.Objects.requireNonNull(selection, "selection is null: the test digits' indices, e.g."
                + " Sampling.sample(test.count(), 2000, 42)");
        if (selection.length == 0) {
            // Evaluated, it gave a report of 0 digits: accuracy and pointing 0.0, the rest NaN, without a word.
            throw new IllegalArgumentException("selection is empty: give the indices of at least one test digit"
                    + " (Sampling.sample(test.count(), 0, seed) takes them all)");
        }
        for (int index : selection) {
            if (index < 0 || index >= test.count()) {
                throw new IllegalArgumentException("digit " + index + " is outside the test set's 0.." + (test.count() - 1));
            }
        }
        try (ScratchFolder scratch = new ScratchFolder("cam4j-eval-");
                CamSession trained = open(modelDir, loadOptions)) {
            long randomSeed = settings.seed() + 1;
            Optional<Path> randomDir;
            String unbuildable = null;
            try {
                randomDir = scratch.writing(() -> RandomizedModel.export(modelDir, randomSeed,
                        scratch.dir().resolve("randomized")));
            } catch (ModelLoadException e) {
                // An architecture cam4j cannot rebuild costs the sanity check, not the whole evaluation.
                randomDir = Optional.empty();
                unbuildable = e.getMessage();
            }
            CamSession twin = null;
            String note;
            if (unbuildable != null) {
                note = "skipped: " + unbuildable;
            } else if (randomDir.isPresent()) {
                twin = open(randomDir.get(), loadOptions);
                note = null;
            } else if (CamModelLoader.isForeign(modelDir, loadOptions)) {
                // A foreign model carries no architecture, but its imported graph can take re-drawn weights.
                try {
                    twin = open(modelDir, loadOptions.withRedrawnWeights(randomSeed));
                    note = "made in the imported graph: " + modelDir + " carries no architecture, so its weights were"
                            + " re-drawn as Keras initialises new layers (kernels Glorot uniform; biases, betas and moving"
                            + " means 0; gammas and moving variances 1; seed " + randomSeed + ")";
                } catch (ModelLoadException e) {
                    note = "skipped: " + e.getMessage();
                }
            } else {
                note = "skipped: " + modelDir + " carries no architecture in assets/cam4j.json to re-draw weights for";
            }
            Map<Method, CamSession> others = new EnumMap<>(Method.class);
            try (CamSession randomized = twin) {
                others.putAll(openOthers(modelDir));
                requireClasses(test, trained, modelDir);
                Run run = new Run(trained, randomized, others, test, selection);
                run.digitAccuracy();
                run.canvases();
                List<ModelReport.CascadeStage> cascade = List.of();
                if (randomized != null) {
                    try {
                        // Over the digits scored, as every other figure: a digit left out is not explained again.
                        cascade = CascadingRandomization.measure(modelDir, randomSeed, trained, randomized,
                                run.generator, run.scored.stream().mapToInt(Integer::intValue).toArray(),
                                settings.canvasesPerRun(), scratch, loadOptions, progress);
                    } catch (ModelLoadException e) {
                        // Weights that cannot be read back cost the cascade, not the twin or the evaluation.
                        note = (note == null ? "made from the architecture" : note)
                                + "; its cascading randomisation was skipped: " + e.getMessage();
                    }
                }
                return run.finish(modelDir, note, (System.nanoTime() - start) / 1e9, cascade);
            } finally {
                others.values().forEach(CamSession::close);
            }
        }
    }

    /**
     * Opens the model as CAM and as each method measured beside it, and closes them again: what {@code evaluate}
     * checks for every model before the first is evaluated, so that a model that cannot be explained, or a layer it
     * does not have, is found in seconds rather than after the other models' minutes.
     *
     * @param modelDir a model folder
     * @param test the test set it will be evaluated on
     * @throws ModelLoadException naming the model, and the layer for {@code --also-at}, when one cannot be opened
     * @throws IllegalArgumentException when the test set has more classes than the model
     * @throws CamException when the model fails on the blank canvas FEM's k is checked on ({@link #check(Path,
     *     LabeledImages, java.util.function.Consumer)})
     */
    public void check(Path modelDir, LabeledImages test) throws ModelLoadException, CamException {
        check(modelDir, test, warning -> { });
    }

    /**
     * As {@link #check(Path, LabeledImages)}, saying what the model's opening warns of: load options that override its
     * metadata ({@code --pixel-scale}, {@code --pixel-offset}, {@code --ink}), inputs every picture reaches nearly alike.
     * The evaluation's own sessions drop these: said once here, not once per method and run.
     *
     * @param modelDir a model folder
     * @param test the test set it will be evaluated on
     * @param warnings where each warning goes, one line naming the option and the model
     * @throws ModelLoadException naming the model, and the layer for {@code --also-at}, when one cannot be opened
     * @throws IllegalArgumentException when the test set has more classes than the model
     * @throws FemKBeyondCellsException when FEM is measured with a k no cell of its features can
     *     pass at the canvas size ({@link #checkFemReachable})
     * @throws CamException when the model fails on the blank canvas FEM is checked on
     */
    public void check(Path modelDir, LabeledImages test, java.util.function.Consumer<String> warnings)
            throws ModelLoadException, CamException {
        java.util.Objects.requireNonNull(test, "test is null: the test split, Dataset.test()");
        requireClasses(test, checkOpening(modelDir, warnings), modelDir);
    }

    /**
     * As {@link #check(Path, LabeledImages, java.util.function.Consumer)} without the test set: all that needs only the
     * model and the settings, so that {@code evaluate} refuses a model it cannot feed (two outputs, an 8-bit input)
     * before it reads the dataset, or downloads it. The classes are checked once the test set is read
     * ({@link #requireClasses(LabeledImages, int, Path)}).
     *
     * @param modelDir a model folder
     * @param warnings where each warning of the opening goes, one line naming the option and the model
     * @return how many classes the model tells apart
     * @throws ModelLoadException naming the model, and the layer for {@code --also-at}, when one cannot be opened
     * @throws FemKBeyondCellsException when FEM is measured with a k no cell of its features can pass at the canvas size
     * @throws CamException when the model fails on the blank canvas FEM is checked on
     */
    public int checkOpening(Path modelDir, java.util.function.Consumer<String> warnings)
            throws ModelLoadException, CamException {
        try (CamSession trained = open(modelDir, loadOptions, warnings)) {
            Map<Method, CamSession> others = openOthers(modelDir);
            try {
                checkFemReachable(others.get(Method.FEM));
            } finally {
                others.values().forEach(CamSession::close);
            }
            return trained.model().classes();
        }
    }

    /**
     * Refuses, in one model run, a FEM k that no cell of the features can pass at the canvas size. FEM's check depends
     * only on the layer's cell count, which the canvas size fixes, and was met at the first batch, after CAM's work
     * ({@code evaluate --also fem --fem-k 2147483647}: some 24 s). One blank canvas goes the way every canvas does (the
     * same session, its layers and smoothing), so the cells are those the run would meet, and no k FEM takes on them is
     * refused.
     *
     * @param fem FEM's session, null when FEM is not measured
     * @throws FemKBeyondCellsException naming k and the largest k the cells allow, and the canvases' cells, where the
     *     library says a picture's
     * @throws CamException when the model fails on the canvas, as it would on the run's
     */
    private void checkFemReachable(CamSession fem) throws CamException {
        if (fem == null) {
            return;
        }
        int size = settings.canvasSize();
        try {
            fem.explainPixels(new ModelInput(fem.model().input()).batch(List.of(new float[size * size])), 1, size, size,
                    Target.perImage(0));
        } catch (FemKBeyondCellsException e) {
            // Evaluate feeds canvases, whose size --canvas sets and with it the cells: "any cell of a picture's 441
            // cells" (explain's words, which feeds pictures) is said "any cell of a canvas's 441 cells (84x84, --canvas)".
            throw e.ofCells("a canvas's " + e.cells() + " cells (" + size + "x" + size + ", --canvas)");
        }
    }

    private static void requireClasses(LabeledImages test, CamSession model, Path modelDir) {
        requireClasses(test, model.model().classes(), modelDir);
    }

    /**
     * @param test the test set a model will be evaluated on
     * @param classes how many classes the model tells apart ({@link #checkOpening})
     * @param modelDir the model's folder, for the message
     * @throws IllegalArgumentException when the test set has more classes than the model
     */
    public static void requireClasses(LabeledImages test, int classes, Path modelDir) {
        if (test.classCount() > classes) {
            throw new IllegalArgumentException("the test set has labels up to " + (test.classCount() - 1) + " but "
                    + modelDir + " has only " + classes + " classes");
        }
    }

    /**
     * @param modelDir a model folder
     * @return the name the report gives the model: its folder's name
     */
    public static String reportName(Path modelDir) {
        Path name = modelDir.toAbsolutePath().normalize().getFileName();
        return name == null ? modelDir.toString() : name.toString();
    }

    /** @return the model opened for each method measured beside CAM; the caller closes them */
    private Map<Method, CamSession> openOthers(Path modelDir) throws ModelLoadException {
        Map<Method, CamSession> others = new EnumMap<>(Method.class);
        try {
            for (GradientWeighting w : settings.also()) {
                others.put(Method.of(w), openBeside(modelDir, w, Method.of(w)));
            }
            if (settings.alsoScoreCam()) {
                // Opened as for a gradient method, which finds the features in any convolutional classifier (and takes
                // --also-at's layer); Score-CAM never runs the gradients.
                others.put(Method.SCORE_CAM, openBeside(modelDir, GradientWeighting.GRAD_CAM, Method.SCORE_CAM));
            }
            if (settings.alsoEigenCam()) {
                // Opened as Score-CAM is, for the same reason.
                others.put(Method.EIGEN_CAM, openBeside(modelDir, GradientWeighting.GRAD_CAM, Method.EIGEN_CAM));
            }
            if (settings.alsoAblationCam()) {
                // Opened as Score-CAM is, for the same reason.
                others.put(Method.ABLATION_CAM, openBeside(modelDir, GradientWeighting.GRAD_CAM, Method.ABLATION_CAM));
            }
            Method refineBase = settings.alsoRefineBase();
            if (refineBase != null) {
                // Opened as its base method is, the base's maps of every --also-at layer multiplied.
                GradientWeighting weighting = java.util.Arrays.stream(GradientWeighting.values())
                        .filter(w -> Method.of(w) == refineBase).findFirst().orElse(GradientWeighting.GRAD_CAM);
                others.put(Method.REFINE_CAM, openBeside(modelDir, weighting, refineBase, true));
            }
            for (io.github.cam4j.cam.ScoreCamVariant v : settings.alsoScoreVariants()) {
                // Opened as Score-CAM is, for the same reason.
                others.put(Method.of(v), openBeside(modelDir, GradientWeighting.GRAD_CAM, Method.of(v)));
            }
            if (settings.alsoOcclusion() != null) {
                // Opened as Score-CAM is, so that any convolutional classifier opens; occlusion reads only its
                // probabilities.
                others.put(Method.OCCLUSION, openBeside(modelDir, GradientWeighting.GRAD_CAM, Method.OCCLUSION));
            }
            for (io.github.cam4j.cam.FeatureMethod m : settings.alsoFeatureMethods()) {
                // Opened as Score-CAM is, for the same reason.
                others.put(Method.of(m), openBeside(modelDir, GradientWeighting.GRAD_CAM, Method.of(m)));
            }
            for (io.github.cam4j.cam.PixelMethod m : settings.alsoPixelMethods()) {
                // Opened as the trained model is, at no layer of --also-at's: the gradient is the input's. Aug smoothing
                // applies to them as to any method.
                others.put(Method.of(m), CamSession.builder().setModel(modelDir).optLoadOptions(loadOptions)
                        .optKeepInputSize(true).optPixelMethod(m).optAugSmooth(settings.alsoSmoothing().aug()).build());
            }
            return others;
        } catch (ModelLoadException | RuntimeException e) {
            others.values().forEach(CamSession::close);
            throw e;
        }
    }

    /** @return the model opened for a method measured beside CAM, at {@code --also-at}'s layer when one is given */
    private CamSession openBeside(Path modelDir, GradientWeighting weighting, Method method)
            throws ModelLoadException {
        return openBeside(modelDir, weighting, method, false);
    }

    /**
     * @param method the method whose maps are made (RefineCAM's base when {@code refine})
     * @param refine multiply {@code method}'s maps of the layers, RefineCAM ({@code CamSession.Builder#optRefine})
     * @return the model opened for a method measured beside CAM, at {@code --also-at}'s layers when given
     */
    private CamSession openBeside(Path modelDir, GradientWeighting weighting, Method method, boolean refine)
            throws ModelLoadException {
        LoadOptions options = loadOptions.withGradients(weighting);
        // Several layers: the session opens the folder at each (optLayers), so the options choose none. Occlusion
        // takes no layer.
        boolean layered = method != Method.OCCLUSION;
        List<String> layers = layered && settings.alsoLayers().size() > 1 ? settings.alsoLayers() : List.of();
        if (layered && settings.alsoAt() != null && layers.isEmpty()) {
            options = options.withFoundOverrides(settings.alsoAt(), null);
        }
        try {
            return settings.alsoSmoothing().applyTo(CamSession.builder().setModel(modelDir).optLoadOptions(options)
                    .optLayers(layers).optKeepInputSize(true).optScoreCam(method == Method.SCORE_CAM)
                    .optScoreCamChannels(method == Method.SCORE_CAM ? settings.scoreCamChannels() : 0)
                    .optEigenCam(method == Method.EIGEN_CAM)
                    .optAblationCam(method == Method.ABLATION_CAM).optFinerComparison(weighting == GradientWeighting.FINER_CAM
                            ? settings.alsoFinerComparison() : io.github.cam4j.savedmodel.FinerComparison.DEFAULT)
                    .optFinerBase(method == Method.FINER_CAM ? settings.alsoFinerBase() : FinerBase.DEFAULT)
                    .optOcclusion(method == Method.OCCLUSION ? settings.alsoOcclusion() : null)
                    .optFeatureMethod(settings.alsoFeatureMethods()
                            .stream().filter(m -> Method.of(m) == method).findFirst().orElse(null))
                    .optScoreCamVariant(settings.alsoScoreVariants().stream().filter(v -> Method.of(v) == method)
                            .findFirst().orElse(null))
                    .optSmoothGradNoise(weighting == GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS
                            ? settings.smoothGradNoise() : io.github.cam4j.cam.SmoothGradNoise.DEFAULT).optRefine(refine)
                    .optRefineForm(refine ? settings.alsoRefineForm() : io.github.cam4j.cam.RefineForm.PYTORCH_GRAD_CAM)
                    // RefineCAM fuses by its own product; at one layer nothing is fused.
                    .optLayersForm(refine || layers.isEmpty() ? io.github.cam4j.cam.LayersForm.PYTORCH_GRAD_CAM
                            : settings.alsoLayersForm()))
                    .build();
        } catch (ModelLoadException e) {
            if (settings.alsoAt() == null) {
                throw e;
            }
            // The loader's message starts with the folder already.
            String why = e.getMessage().startsWith(modelDir + ": ") ? e.getMessage().substring(modelDir.toString().length() + 2)
                    : e.getMessage();
            throw new ModelLoadException("--also-at: cannot take " + (refine ? "RefineCAM of " : "") + method.title()
                    + " at "
                    + (layers.isEmpty() ? "layer '" : "layers '") + settings.alsoAt()
                    + "' of " + modelDir + ": " + why, e);
        }
    }

    private static CamSession open(Path model, LoadOptions options) throws ModelLoadException {
        return open(model, options, warning -> { });
    }

    private static CamSession open(Path model, LoadOptions options, java.util.function.Consumer<String> warnings)
            throws ModelLoadException {
        return CamSession.builder().setModel(model).optLoadOptions(options).optKeepInputSize(true).optWarnings(warnings)
                .build();
    }

    /** Canvases per batch when Score-CAM is measured (see {@code phase}). */
    private static final int SCORE_CAM_BATCH = 8;

    /** The state of one model's evaluation. */
    private final class Run {
        final CamSession trained;
        final CamSession randomized;
        /** Other methods on the same model, measured beside CAM for comparison. */
        final Map<Method, CamSession> others;
        final LabeledImages test;
        final int[] selection;
        final int classes;
        /** The model's names for its classes (its labels, or --labels), as the report names them. */
        final List<String> labels;
        final ModelInput input;
        final CanvasGenerator generator;
        final Faithfulness faithfulness;
        /** ROAD, with the other faithfulness measures when asked for; null when not. */
        final Road road;
        final FloatMap centre;
        final Box[] centreBoxes;
        final Map<Method, LocalisationTally> plain = new EnumMap<>(Method.class);
        final Map<Method, LocalisationTally> cluttered = new EnumMap<>(Method.class);
        final Map<Method, FaithfulnessTally> faithful = new EnumMap<>(Method.class);
        final List<Double> spearman = new ArrayList<>();
        final int[] classDigits;
        final int[] classCorrect;
        final int[] classCanvasCorrect;
        /** Per class, the digits whose canvases were scored: those not left out. */
        final int[] classCanvasDigits;
        /** The canvases a method could not map, in the sample's order; their digits' canvases were not scored. */
        final List<ModelReport.LeftOut> leftOut = new ArrayList<>();
        /** The test digits whose canvases were scored, in order. */
        final List<Integer> scored = new ArrayList<>();
        /** Digits whose canvases were left out so far. */
        int leftOutDigits;
        int correct;
        int canvasCorrect;
        int clutteredCorrect;
        String mapSize = "?";
        final ShownExamples pictures = new ShownExamples(EXAMPLES, WORST);

        Run(CamSession trained, CamSession randomized, Map<Method, CamSession> others, LabeledImages test, int[] selection) {
            this.trained = trained;
            this.randomized = randomized;
            this.others = others;
            this.test = test;
            this.selection = selection;
            this.classes = trained.model().classes();
            this.labels = trained.model().labels();
            this.input = new ModelInput(trained.model().input());
            this.generator = new CanvasGenerator(test, settings.canvasSize(), settings.seed());
            // Masked canvases go to the model --batch at a time too: at 256 the unpooled model's activations alone took
            // 1.3 GB whatever --batch said.
            this.faithfulness = new Faithfulness(new Predictor(trained.model(), settings.canvasesPerRun()), input, settings.steps(),
                    settings.seed());
            this.road = settings.road() ? new Road(new Predictor(trained.model(), settings.canvasesPerRun()), input,
                    settings.seed(), Road.NOISE) : null;
            this.centre = Baselines.centre(settings.canvasSize(), Baselines.centreSigma(Math.max(test.rows(), test.cols())));
            this.centreBoxes = new Box[LocalisationTally.THRESHOLDS.length];
            for (int t = 0; t < centreBoxes.length; t++) {
                centreBoxes[t] = CamBox.of(centre, LocalisationTally.THRESHOLDS[t]).orElseThrow();
            }
            for (Method m : Method.values()) {
                boolean measured = switch (m) {
                    case RANDOMIZED -> randomized != null;
                    case GRAD_CAM, GRAD_CAM_PLUS_PLUS, XGRAD_CAM, HIRES_CAM, LAYER_CAM, GRAD_CAM_ELEMENT_WISE, FINER_CAM,
                            SHAPLEY_CAM, SCORE_CAM, EIGEN_CAM, FEM, KPCA_CAM, RANDOM_CAM, ABLATION_CAM,
                            SMOOTH_GRAD_CAM_PLUS_PLUS, SS_CAM, IS_CAM, REFINE_CAM, OCCLUSION, SALIENCY, GRADIENT_X_INPUT, SMOOTHGRAD,
                            INTEGRATED_GRADIENTS, FULLGRAD ->
                            others.containsKey(m);
                    default -> true;
                };
                if (measured) {
                    plain.put(m, new LocalisationTally(classes));
                    cluttered.put(m, new LocalisationTally(classes));
                    faithful.put(m, new FaithfulnessTally());
                }
            }
            classDigits = new int[classes];
            classCorrect = new int[classes];
            classCanvasCorrect = new int[classes];
            classCanvasDigits = new int[classes];
        }

        /** Accuracy on the plain digits, at their own size. */
        void digitAccuracy() throws CamException {
            Predictor predictor = new Predictor(trained.model(), 256);
            for (int from = 0; from < selection.length; from += 256) {
                int n = Math.min(256, selection.length - from);
                List<float[]> digits = new ArrayList<>(n);
                for (int j = 0; j < n; j++) {
                    float[] d = new float[test.imageSize()];
                    int base = selection[from + j] * test.imageSize();
                    for (int p = 0; p < d.length; p++) {
                        d[p] = test.pixels()[base + p] & 0xFF;
                    }
                    digits.add(d);
                }
                double[] p = predictor.logProbabilities(input.batch(digits), n, test.rows(), test.cols());
                for (int j = 0; j < n; j++) {
                    int label = test.label(selection[from + j]);
                    boolean right = argMax(p, j * classes, classes) == label;
                    correct += right ? 1 : 0;
                    if (label < classes) {
                        classDigits[label]++;
                        classCorrect[label] += right ? 1 : 0;
                    }
                }
            }
        }

        /** Localisation, correlation and faithfulness, batch by batch. */
        void canvases() throws CamException {
            // The model folder's name: a path (a bundled model's cached copy, say) would crowd the bar off the line.
            java.nio.file.Path source = java.nio.file.Path.of(trained.model().source());
            String task = source.getFileName() == null ? source.toString() : source.getFileName().toString();
            // The first digits are also measured for faithfulness, dozens of model runs each (deletion and insertion
            // steps, for every method): one bar over all canvases would extrapolate that pace to the rest and show
            // an hour left for a run of minutes. Each phase gets its own bar, so each one's time left is right.
            int faithfulEnd = Math.min(selection.length, settings.faithfulnessLimit());
            phase(task + ", with faithfulness", 0, faithfulEnd);
            phase(task, faithfulEnd, selection.length);
        }

        private void phase(String task, int start, int end) throws CamException {
            if (start >= end) {
                return;
            }
            // Score-CAM runs the model once per feature channel and canvas: a full batch of its canvases takes minutes,
            // and a bar that moves once a batch would look stalled. Its batches are a few canvases; the other methods'
            // runs then batch less, which costs little beside Score-CAM's.
            boolean masked = others.containsKey(Method.SCORE_CAM) || others.containsKey(Method.SS_CAM)
                    || others.containsKey(Method.IS_CAM) || others.containsKey(Method.OCCLUSION);
            int perBatch = masked ? Math.min(settings.canvasesPerRun(), SCORE_CAM_BATCH)
                    : settings.canvasesPerRun();
            try (ProgressBar bar = ProgressBars.create(task, end - start, progress)) {
                for (int from = start; from < end; from += perBatch) {
                    int to = Math.min(end, from + perBatch);
                    batch(from, to);
                    if (bar != null) {
                        bar.stepTo(to - start);
                    }
                }
            }
        }

        private void batch(int from, int to) throws CamException {
            int all = to - from;
            List<Canvas> plainCanvases = new ArrayList<>(all);
            List<Canvas> clutteredCanvases = new ArrayList<>(all);
            int[] labels = new int[all];
            for (int j = 0; j < all; j++) {
                plainCanvases.add(generator.plain(selection[from + j]));
                clutteredCanvases.add(generator.cluttered(selection[from + j]));
                labels[j] = plainCanvases.get(j).label();
            }
            // Each canvas a method cannot map, by its place in the batch.
            Map<Integer, List<ModelReport.LeftOut>> failed = new java.util.TreeMap<>();
            List<ImageExplanation> camPlain = explain(trained, Method.CAM, plainCanvases, labels, failed);
            List<ImageExplanation> camCluttered = explain(trained, Method.CAM, clutteredCanvases, labels, failed);
            List<ImageExplanation> randPlain = randomized == null ? null
                    : explain(randomized, Method.RANDOMIZED, plainCanvases, labels, failed);
            List<ImageExplanation> randCluttered = randomized == null ? null
                    : explain(randomized, Method.RANDOMIZED, clutteredCanvases, labels, failed);
            Map<Method, List<ImageExplanation>> otherPlain = new EnumMap<>(Method.class);
            Map<Method, List<ImageExplanation>> otherCluttered = new EnumMap<>(Method.class);
            for (Map.Entry<Method, CamSession> e : others.entrySet()) {
                otherPlain.put(e.getKey(), explain(e.getValue(), e.getKey(), plainCanvases, labels, failed));
                otherCluttered.put(e.getKey(), explain(e.getValue(), e.getKey(), clutteredCanvases, labels, failed));
            }
            // A digit whose canvas one method could not map is left out for every method and baseline, both its
            // canvases: every comparison pairs the same canvases, and plain with cluttered the same digits.
            int[] kept = IntStream.range(0, all).filter(j -> !failed.containsKey(j)).toArray();
            if (kept.length == 0) {
                leaveOut(failed, from + all, from == 0);
                return;
            }
            if (kept.length < all) {
                plainCanvases = keep(plainCanvases, kept);
                clutteredCanvases = keep(clutteredCanvases, kept);
                int[] allLabels = labels;
                labels = IntStream.of(kept).map(j -> allLabels[j]).toArray();
                camPlain = keep(camPlain, kept);
                camCluttered = keep(camCluttered, kept);
                randPlain = randPlain == null ? null : keep(randPlain, kept);
                randCluttered = randCluttered == null ? null : keep(randCluttered, kept);
                otherPlain.replaceAll((m, explained) -> keep(explained, kept));
                otherCluttered.replaceAll((m, explained) -> keep(explained, kept));
            }
            scoreBatch(from, all, kept, failed, plainCanvases, clutteredCanvases, labels, camPlain, camCluttered,
                    randPlain, randCluttered, otherPlain, otherCluttered);
        }

        /**
         * Records the canvases of {@code failed} as left out, saying each as it is, and stops the run when leaving them
         * out would leave few canvases: every digit of the first batch, or more than half the sample's digits so far,
         * judged once a batch's worth of digits is in (not on the faithfulness digits alone, a phase of their own).
         *
         * @param failed each canvas a method could not map, by its place in the batch
         * @param seen the sample's digits so far, this batch's among them: the batches run through it in order
         * @param first whether this is the run's first batch
         * @throws InvalidInputException naming the first failure and how many digits failed, when the run stops
         */
        private void leaveOut(Map<Integer, List<ModelReport.LeftOut>> failed, int seen, boolean first)
                throws InvalidInputException {
            if (failed.isEmpty()) {
                return;
            }
            leftOutDigits += failed.size();
            // Judged once a whole batch of digits is in (--batch's, or the sample): the faithfulness digits are a phase
            // of their own, and at --faithfulness 1 one digit KPCA-CAM could not map stopped a run of 40 that leaves
            // out 16 ("1 of the 1"), where --faithfulness 0 or 40 finished it.
            boolean judged = seen >= Math.min(selection.length, settings.canvasesPerRun());
            // Every digit so far, those of earlier batches left out among them: counted as the digits scored and this
            // batch's, it missed those, and a run with a third of its digits failing stopped as if more than half had.
            if (judged && ((first && failed.size() == seen) || 2 * leftOutDigits > seen)) {
                // A setting that breaks a method on most canvases would run for minutes to score a few, and those
                // few not a random sample (the canvases of the largest logits or features fail): stopped at once.
                ModelReport.LeftOut firstFailure = failed.values().iterator().next().get(0);
                throw new InvalidInputException(firstFailure.reason() + " (" + firstFailure.method()
                        + " could not map a canvas of " + stopped(first && failed.size() == seen, seen) + ")");
            }
            for (List<ModelReport.LeftOut> canvases : failed.values()) {
                for (ModelReport.LeftOut l : canvases) {
                    leftOut.add(l);
                    leftOutNotices.accept("test digit " + l.digit() + "'s " + l.canvas() + " canvas left out for every"
                            + " method and baseline (with its " + (l.canvas().equals("plain") ? "cluttered" : "plain")
                            + " one): " + l.method() + " could not map it: " + l.reason());
                }
            }
        }

        /**
         * @param firstAll whether every digit of the first batch failed
         * @param seen the sample's digits so far
         * @return how many digits failed and why the run stops, true of the case: "rather than score the few others"
         *     was said when a whole first batch of 2 failed and 38 digits were not yet evaluated, and of 39 of 40
         */
        private String stopped(boolean firstAll, int seen) {
            int rest = selection.length - seen;
            int others = seen - leftOutDigits;
            if (firstAll || others == 0) {
                String every = seen == 1 ? "the one test digit" : "any of the " + seen + " test digits";
                return rest == 0 ? every + ": none is left to score"
                        : every + (firstAll ? " of the first batch" : " evaluated so far") + ": the run stops rather"
                                + " than go on to the other " + rest;
            }
            return rest == 0 ? leftOutDigits + " of the " + seen + " test digits: the run stops rather than score only"
                    + " the other " + (others == 1 ? "one" : others)
                    : leftOutDigits + " of the " + seen + " test digits evaluated so far: the run stops rather than go on"
                            + " to the other " + rest + " with most digits left out";
        }

        /**
         * Scores the canvases every method mapped, at {@code kept}'s places in the batch of {@code all} from
         * {@code from}, but those of a faithfulness digit a method cannot map once multiplied by its map (coherency's
         * explanation), which are left out with those in {@code failed} before any figure is tallied.
         */
        private void scoreBatch(int from, int all, int[] kept, Map<Integer, List<ModelReport.LeftOut>> failed,
                List<Canvas> plainCanvases, List<Canvas> clutteredCanvases, int[] labels,
                List<ImageExplanation> camPlain, List<ImageExplanation> camCluttered, List<ImageExplanation> randPlain,
                List<ImageExplanation> randCluttered, Map<Method, List<ImageExplanation>> otherPlain,
                Map<Method, List<ImageExplanation>> otherCluttered) throws CamException {
            int n = kept.length;
            if (mapSize.equals("?")) {
                CamResult first = camPlain.get(0).first();
                mapSize = first.rawMap().height() + "x" + first.rawMap().width();
            }
            // Maps, and boxes at 16 thresholds of each on both variants: the costly part outside TensorFlow, on all cores.
            Maps[] plainMaps = new Maps[n];
            Maps[] clutteredMaps = new Maps[n];
            Scored[] p = new Scored[n];
            Scored[] c = new Scored[n];
            double[] rho = new double[n];
            IntStream.range(0, n).parallel().forEach(j -> {
                plainMaps[j] = maps(plainCanvases.get(j), camPlain.get(j), randPlain == null ? null : randPlain.get(j),
                        otherPlain, j);
                clutteredMaps[j] = maps(clutteredCanvases.get(j), camCluttered.get(j),
                        randCluttered == null ? null : randCluttered.get(j), otherCluttered, j);
                p[j] = score(plainCanvases.get(j), plainMaps[j]);
                c[j] = score(clutteredCanvases.get(j), clutteredMaps[j]);
                // Ranks of the min-max maps are the raw maps' ranks: min-max normalisation is increasing.
                rho[j] = randPlain == null ? Double.NaN
                        : Metrics.spearman(camPlain.get(j).first().map().values(), randPlain.get(j).first().map().values());
            });
            // The first digits of the sample are the faithfulness digits: those of them kept come first in the batch.
            int faithfulN = (int) IntStream.of(kept).filter(j -> from + j < settings.faithfulnessLimit()).count();
            // Coherency's maps, each method's of each faithfulness canvas multiplied by its map, are made before any
            // figure is tallied: a canvas a method cannot map so is left out, its digit for every method, as one it
            // cannot map at all (it had stopped the whole run, nothing written).
            Map<Method, List<FloatMap>> masks = new EnumMap<>(Method.class);
            Map<Method, List<FloatMap>> ofMasked = new EnumMap<>(Method.class);
            if (faithfulN > 0) {
                Map<Integer, List<ModelReport.LeftOut>> unmasked = new java.util.TreeMap<>();
                for (Method m : faithful.keySet()) {
                    List<FloatMap> maps = new ArrayList<>(faithfulN);
                    for (int j = 0; j < faithfulN; j++) {
                        maps.add(plainMaps[j].mask(m));
                    }
                    masks.put(m, maps);
                    // A map that ignores the pixels is the same for the masked canvas: coherency 1 by construction.
                    ofMasked.put(m, Arcc.ignoresInput(m) ? maps : mapsOfMasked(m, plainCanvases.subList(0, faithfulN),
                            labels, maps, unmasked));
                }
                unmasked.forEach((j, canvases) -> failed.computeIfAbsent(kept[j], k -> new ArrayList<>()).addAll(
                        canvases));
            }
            leaveOut(failed, from + all, from == 0);
            boolean[] scoring = new boolean[n];
            for (int j = 0; j < n; j++) {
                scoring[j] = !failed.containsKey(kept[j]);
                if (scoring[j]) {
                    scored.add(selection[from + kept[j]]);
                }
            }
            for (int j = 0; j < n; j++) {
                if (!scoring[j]) {
                    continue;
                }
                int label = labels[j];
                p[j].addTo(plain, label);
                c[j].addTo(cluttered, label);
                if (randPlain != null) {
                    spearman.add(rho[j]);
                }
                boolean right = camPlain.get(j).predicted() == plainCanvases.get(j).label();
                canvasCorrect += right ? 1 : 0;
                classCanvasCorrect[label] += right ? 1 : 0;
                classCanvasDigits[label]++;
                clutteredCorrect += camCluttered.get(j).predicted() == clutteredCanvases.get(j).label() ? 1 : 0;
                pictures.offer(from + kept[j], shown(plainCanvases.get(j), camPlain.get(j), plainMaps[j], p[j]),
                        shown(clutteredCanvases.get(j), camCluttered.get(j), clutteredMaps[j], c[j]));
            }
            int[] measured = IntStream.range(0, faithfulN).filter(j -> scoring[j]).toArray();
            if (measured.length > 0) {
                List<Canvas> canvases = keep(plainCanvases, measured);
                int[] classes = IntStream.of(measured).map(j -> labels[j]).toArray();
                for (Method m : faithful.keySet()) {
                    List<FloatMap> maps = keep(masks.get(m), measured);
                    for (int j : measured) {
                        // Judged as the plain canvas's localisation judged the same map (its raw cells for a model
                        // map), so that the faithfulness figures say how many of their maps held no evidence.
                        faithful.get(m).addEvidence(plainMaps[j].flat().contains(m),
                                plainMaps[j].noPositive().contains(m));
                    }
                    faithful.get(m).addAll(faithfulness.measure(canvases, classes, maps));
                    faithful.get(m).addArcc(arccParts(maps, keep(ofMasked.get(m), measured)));
                    if (road != null) {
                        faithful.get(m).addRoad(road.measure(canvases, classes, maps));
                    }
                }
            }
        }

        /**
         * Complexity and coherency of one method's maps: the same method explains each canvas multiplied by its map, for
         * the same class (pytorch-grad-cam's {@code Coherency}: {@code input_tensor * grayscale_cams}, the same targets),
         * and that map, made as the method's own was, is correlated with it.
         *
         * @param maps the method's map of each faithfulness canvas, as the faithfulness measures mask by it
         * @param ofMasked its map of each canvas multiplied by that map ({@link #mapsOfMasked})
         */
        private static List<Arcc.Parts> arccParts(List<FloatMap> maps, List<FloatMap> ofMasked) {
            Arcc.Parts[] parts = new Arcc.Parts[maps.size()];
            IntStream.range(0, parts.length).parallel().forEach(j -> parts[j] = Arcc.parts(maps.get(j).values(),
                    ofMasked.get(j).values()));
            return List.of(parts);
        }

        /**
         * @param labels the class explained on each canvas (at least as many)
         * @param failed where each canvas the method cannot map so goes, by its place in {@code canvases}
         * @return the method's map of each canvas multiplied by its map, made as its own map was; null for each one it
         *     cannot map so
         */
        private List<FloatMap> mapsOfMasked(Method m, List<Canvas> canvases, int[] labels, List<FloatMap> maps,
                Map<Integer, List<ModelReport.LeftOut>> failed) throws CamException {
            List<Canvas> masked = new ArrayList<>(canvases.size());
            for (int j = 0; j < canvases.size(); j++) {
                Canvas c = canvases.get(j);
                // The picture Average Drop shows the model: the canvas's grey levels times the map.
                masked.add(new Canvas(c.digitIndex(), c.label(), c.size(), Faithfulness.masked(c.pixels(),
                        maps.get(j).values()), c.truth(), c.cluttered()));
            }
            CamSession session = switch (m) {
                case CAM, CAM_POSITIVE_MASK -> trained;
                case RANDOMIZED -> randomized;
                default -> others.get(m);
            };
            int size = canvases.get(0).size();
            List<FloatMap> out = new ArrayList<>(canvases.size());
            Map<Integer, List<ModelReport.LeftOut>> refused = new java.util.TreeMap<>();
            for (ImageExplanation e : explain(session, m, masked, java.util.Arrays.copyOf(labels, masked.size()),
                    refused)) {
                // The positive part over its maximum for CAM_POSITIVE_MASK, the min-max map for every other model map.
                out.add(e == null ? null : m == Method.CAM_POSITIVE_MASK ? PositiveMaps.of(e.first(), size, size)
                        : e.first().map());
            }
            // The method mapped the canvas itself: what it could not map is the canvas multiplied by that map.
            refused.forEach((j, canvasesRefused) -> canvasesRefused.forEach(l -> failed.computeIfAbsent(j,
                    k -> new ArrayList<>()).add(new ModelReport.LeftOut(l.digit(), l.canvas(), l.method(),
                            "its map of the canvas multiplied by that map, for coherency: " + l.reason()))));
            return out;
        }

        /** Every method's map of one canvas, and for the model maps the different one faithfulness masks by. */
        private Maps maps(Canvas canvas, ImageExplanation cam, ImageExplanation rand,
                Map<Method, List<ImageExplanation>> other, int index) {
            int size = canvas.size();
            Map<Method, FloatMap> located = new EnumMap<>(Method.class);
            Map<Method, FloatMap> masks = new EnumMap<>(Method.class);
            // A model map is judged flat on its raw cells, as CamResult.map() blanks it, not on the positive part
            // (which is all zeros for a map with no positive cell, though that map ranks its pixels).
            java.util.Set<Method> flat = java.util.EnumSet.noneOf(Method.class);
            // And, apart, one with no cell above 0: its positive part is as empty, and it is scored as a flat map is.
            java.util.Set<Method> noPositive = java.util.EnumSet.noneOf(Method.class);
            FloatMap camPositive = PositiveMaps.of(cam.first(), size, size);
            located.put(Method.CAM, camPositive);
            masks.put(Method.CAM, cam.first().map());
            located.put(Method.CAM_POSITIVE_MASK, camPositive);
            judge(cam.first().rawMap(), flat, noPositive, Method.CAM, Method.CAM_POSITIVE_MASK);
            located.put(Method.CENTRE, centre);
            located.put(Method.RANDOM, Baselines.uniformRandom(size, settings.seed(), canvas.digitIndex()));
            // The baselines' maps are never flat, but are judged by the same rule, so every column has its count.
            for (Method baseline : List.of(Method.CENTRE, Method.RANDOM)) {
                judge(located.get(baseline), flat, noPositive, baseline);
            }
            if (rand != null) {
                located.put(Method.RANDOMIZED, PositiveMaps.of(rand.first(), size, size));
                masks.put(Method.RANDOMIZED, rand.first().map());
                judge(rand.first().rawMap(), flat, noPositive, Method.RANDOMIZED);
            }
            // Other methods under CAM's conventions: localised by the positive part over the maximum, masking by the
            // min-max map (both the same for Grad-CAM's maps, which are ReLU'd).
            other.forEach((m, explained) -> {
                CamResult r = explained.get(index).first();
                located.put(m, PositiveMaps.of(r, size, size));
                masks.put(m, r.map());
                judge(r.rawMap(), flat, noPositive, m);
            });
            return new Maps(located, masks, flat, noPositive);
        }

        /**
         * Adds {@code methods} to {@code flat} when {@code map} is flat ({@link FlatMaps#isFlat}), and to
         * {@code noPositive} when it has no cell above 0 ({@link FlatMaps#hasNoPositiveCell}).
         */
        private static void judge(FloatMap map, java.util.Set<Method> flat, java.util.Set<Method> noPositive,
                Method... methods) {
            if (FlatMaps.isFlat(map)) {
                flat.addAll(List.of(methods));
            }
            if (FlatMaps.hasNoPositiveCell(map)) {
                noPositive.addAll(List.of(methods));
            }
        }

        private Scored score(Canvas canvas, Maps maps) {
            Map<Method, Double> distances = new EnumMap<>(Method.class);
            Map<Method, double[]> ious = new EnumMap<>(Method.class);
            Box truth = canvas.truth();
            for (Method m : plain.keySet()) {
                double[] iou = new double[LocalisationTally.THRESHOLDS.length];
                if (m == Method.CENTRE) {
                    // One map for every canvas: its boxes are computed once.
                    for (int t = 0; t < iou.length; t++) {
                        iou[t] = centreBoxes[t].iou(truth);
                    }
                } else {
                    iou = Metrics.iouSweep(maps.get(m), truth, LocalisationTally.THRESHOLDS);
                }
                distances.put(m, Metrics.peakDistance(maps.get(m), truth));
                ious.put(m, iou);
            }
            return new Scored(distances, ious, maps.flat(), maps.noPositive());
        }

        private ModelEvaluation.Shown shown(Canvas canvas, ImageExplanation e, Maps maps, Scored s) {
            CamResult r = e.first();
            FloatMap map = maps.get(Method.CAM);
            Optional<Box> box = CamBox.of(map, LocalisationTally.THRESHOLDS[LocalisationTally.PAPER]);
            ModelReport.Example info = new ModelReport.Example(canvas.digitIndex(), canvas.label(), e.predicted(),
                    r.probability(), s.ious.get(Method.CAM)[LocalisationTally.PAPER], s.distances.get(Method.CAM) == 0,
                    canvas.truth().toString(), box.map(Box::toString).orElse(null), labels.get(canvas.label()),
                    labels.get(e.predicted()));
            return new ModelEvaluation.Shown(canvas, map, info);
        }

        ModelEvaluation finish(Path modelDir, String randomizedNote, double seconds,
                List<ModelReport.CascadeStage> cascade) {
            int n = selection.length;
            Map<Method, LocalisationSummary> plainSummary = summaries(plain);
            Map<Method, LocalisationSummary> clutteredSummary = summaries(cluttered);
            Map<Method, FaithfulnessSummary> faithfulSummary = new EnumMap<>(Method.class);
            faithful.forEach((m, t) -> {
                FaithfulnessSummary s = t.summary();
                if (s != null) {
                    faithfulSummary.put(m, s);
                }
            });
            List<ModelReport.ClassRow> rows = new ArrayList<>();
            LocalisationSummary camPlain = plainSummary.get(Method.CAM);
            LocalisationSummary camCluttered = clutteredSummary.get(Method.CAM);
            for (int k = 0; k < classes; k++) {
                LocalisationSummary.PerClass pc = camPlain.perClass().get(k);
                LocalisationSummary.PerClass cc = camCluttered.perClass().get(k);
                if (classDigits[k] == 0) {
                    // No digit of the class in the sample: no rates (null in report.json, "-" in report.md), where 0
                    // read as a class the model always failed.
                    double none = Double.NaN;
                    rows.add(new ModelReport.ClassRow(k, 0, none, none, none, none, none, none, none, labels.get(k)));
                    continue;
                }
                // Over the class's digits whose canvases were scored: none when all were left out.
                double canvasRate = classCanvasDigits[k] == 0 ? Double.NaN
                        : ratio(classCanvasCorrect[k], classCanvasDigits[k]);
                rows.add(new ModelReport.ClassRow(k, classDigits[k], ratio(classCorrect[k], classDigits[k]),
                        canvasRate, pc.pointing(), pc.iouRate(), pc.meanIou(), cc.pointing(),
                        cc.iouRate(), labels.get(k)));
            }
            SpearmanSummary rho = randomized == null ? null
                    : SpearmanSummary.of(spearman.stream().mapToDouble(Double::doubleValue).toArray());
            ModelReport report = new ModelReport(reportName(modelDir), modelDir.toString(), n,
                    test.rows() + "x" + test.cols(), ratio(correct, n), settings.canvasSize(), mapSize,
                    ratio(canvasCorrect, scored.size()),
                    ratio(clutteredCorrect, scored.size()),
                    plainSummary, clutteredSummary, faithfulSummary, rho, randomizedNote, rows,
                    pictures.worst().stream().map(ModelEvaluation.Shown::info).toList(), seconds,
                    BaselineComparisons.of(plain, cluttered, faithful), cascade, List.copyOf(leftOut));
            return new ModelEvaluation(report, pictures.examples(), pictures.worst(),
                    BaselineComparisons.camValues(plain, cluttered, faithful),
                    scored.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    /**
     * One canvas's maps per method: the one localisation scores, and where it differs (the model maps' min-max form)
     * the one faithfulness masks by; the methods whose map of it was flat ({@link FlatMaps#isFlat}), and those whose
     * map had no cell above 0 ({@link FlatMaps#hasNoPositiveCell}, flat ones among them).
     */
    private record Maps(Map<Method, FloatMap> located, Map<Method, FloatMap> masks, java.util.Set<Method> flat,
            java.util.Set<Method> noPositive) {
        FloatMap get(Method m) {
            return located.get(m);
        }

        FloatMap mask(Method m) {
            return masks.getOrDefault(m, located.get(m));
        }
    }

    /**
     * One canvas's pointing hit and IoUs per method, the methods whose map of it was flat, and those whose map had no
     * cell above 0.
     */
    private record Scored(Map<Method, Double> distances, Map<Method, double[]> ious, java.util.Set<Method> flat,
            java.util.Set<Method> noPositive) {
        void addTo(Map<Method, LocalisationTally> tallies, int label) {
            tallies.forEach((m, t) -> t.add(label, distances.get(m), ious.get(m), flat.contains(m),
                    noPositive.contains(m)));
        }
    }

    /**
     * As {@link #explain(CamSession, List, int[])}, but a canvas the method refuses (an {@link InvalidInputException}:
     * a Finer-CAM or KPCA-CAM map beyond a float's range, for that canvas's features alone) does not end the run: the
     * batch is then explained a canvas at a time, as compare explains a refused batch, and each refused canvas is put
     * in {@code failed} by its place, null in its place in the list.
     *
     * @param method the method the session makes, to name it in a failure
     * @param failed where each refused canvas's failure goes, by its place in {@code canvases}
     * @return an explanation per canvas, null for each refused one
     */
    static List<ImageExplanation> explain(CamSession session, Method method, List<Canvas> canvases, int[] labels,
            Map<Integer, List<ModelReport.LeftOut>> failed) throws CamException {
        try {
            return explain(session, canvases, labels);
        } catch (InvalidInputException refused) {
            List<ImageExplanation> out = new ArrayList<>(canvases.size());
            for (int j = 0; j < canvases.size(); j++) {
                Canvas c = canvases.get(j);
                try {
                    out.add(explain(session, canvases.subList(j, j + 1), new int[] {labels[j]}).get(0));
                } catch (InvalidInputException e) {
                    failed.computeIfAbsent(j, k -> new ArrayList<>()).add(new ModelReport.LeftOut(c.digitIndex(),
                            c.cluttered() ? "cluttered" : "plain", method.title(), e.getMessage()));
                    out.add(null);
                }
            }
            return out;
        }
    }

    /** @return the elements of {@code list} at {@code places}, in that order */
    private static <T> List<T> keep(List<T> list, int[] places) {
        List<T> out = new ArrayList<>(places.length);
        for (int j : places) {
            out.add(list.get(j));
        }
        return out;
    }

    /**
     * Each canvas explained for its own label, one model run. A canvas a method fails on (a Finer-CAM or KPCA-CAM map
     * that overflows float32 at the settings given) is named by its test digit ("test digit 12's cluttered
     * canvas"), where "picture 0 of its batch" did not say which of the sample's canvases it was.
     */
    static List<ImageExplanation> explain(CamSession session, List<Canvas> canvases, int[] labels) throws CamException {
        List<float[]> images = new ArrayList<>(canvases.size());
        canvases.forEach(c -> images.add(c.pixels()));
        int size = canvases.get(0).size();
        List<String> names = canvases.stream().map(c -> "test digit " + c.digitIndex() + "'s "
                + (c.cluttered() ? "cluttered" : "plain") + " canvas").toList();
        return session.explainPixels(new ModelInput(session.model().input()).batch(images), canvases.size(), size, size,
                names, Target.perImage(labels));
    }

    private static Map<Method, LocalisationSummary> summaries(Map<Method, LocalisationTally> tallies) {
        Map<Method, LocalisationSummary> out = new EnumMap<>(Method.class);
        tallies.forEach((m, t) -> out.put(m, t.summary()));
        return out;
    }

    private static int argMax(double[] values, int offset, int length) {
        int best = 0;
        for (int i = 1; i < length; i++) {
            if (values[offset + i] > values[offset + best]) {
                best = i;
            }
        }
        return best;
    }

    private static double ratio(int k, int n) {
        return n == 0 ? 0 : (double) k / n;
    }
}
