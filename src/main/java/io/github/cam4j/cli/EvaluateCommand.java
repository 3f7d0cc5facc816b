package io.github.cam4j.cli;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.eval.AccuracyWarnings;
import io.github.cam4j.eval.EvaluationReport;
import io.github.cam4j.eval.EmptyTruthBoxes;
import io.github.cam4j.eval.EvaluationSettings;
import io.github.cam4j.eval.LocalisationSummary;
import io.github.cam4j.eval.Method;
import io.github.cam4j.eval.ModelComparison;
import io.github.cam4j.eval.ModelEvaluation;
import io.github.cam4j.eval.ModelEvaluator;
import io.github.cam4j.eval.ModelReport;
import io.github.cam4j.eval.ReportSettings;
import io.github.cam4j.eval.ReportWriter;
import io.github.cam4j.eval.Sampling;
import io.github.cam4j.eval.Scoreboard;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.VariableFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.tensorflow.proto.MetaGraphDef;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cam4j evaluate}: measures how well CAM explains one or more models on translated MNIST (localisation on plain
 * and cluttered canvases, faithfulness, baselines, the randomisation sanity check) and writes a report folder.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        // One string: picocli's command list shows only a description's first element.
        description = "Measure explanation quality: localisation on translated (and cluttered) MNIST canvases, faithfulness"
            + " (Average Drop, Increase in Confidence, deletion/insertion AUC, complexity, coherency; ROAD and ARCC with --road), against centre, random and randomized-weights"
            + " baselines, and the sanity check of re-drawn weights, whole and layer by layer from the classifier down."
            + " Writes report.md, report.json, charts and example grids to --out.")
final class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "a CAM-ready SavedModel folder or a bundled model's name (mnist-pooled, mnist-unpooled); repeat to compare models")
    List<Path> models = new ArrayList<>();

    @Option(names = "--data", description = "dataset folder (default: $CAM4J_DATA, else ~/.cache/cam4j/mnist, downloaded if absent)")
    Path data;

    @Option(names = "--limit", defaultValue = "0", description = "evaluate a seeded random sample of N test digits (default: 0, all)")
    int limit;

    @Option(names = "--seed", defaultValue = "42", description = "seed of the sample, positions, clutter, random maps and randomized weights (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--canvas", defaultValue = "84", description = "canvas side in pixels (default: ${DEFAULT-VALUE})")
    int canvas;

    @Option(names = "--faithfulness", defaultValue = "" + EvaluationSettings.DEFAULT_FAITHFULNESS, paramLabel = "N",
            description = "measure faithfulness on the first N digits of the sample; it runs the model about 2 x steps times per map (default: ${DEFAULT-VALUE}; 0: none)")
    int faithfulness;

    @Option(names = "--steps", defaultValue = "16", description = "deletion/insertion steps, 2 up to the canvas's pixel count (default: ${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--road", description = "measure ROAD too (remove and debias, Rong et al. 2022, as pytorch-grad-cam's ROADCombined): on the --faithfulness digits, each map's most and least relevant pixels removed at the 10th..90th percentiles and filled in from their neighbours (seeded noise), 18 pictures per map; with it ARCC too (pytorch-grad-cam's, from ROAD at the 20th, 40th, 60th and 80th percentiles, coherency and complexity); off by default, it made runs 2.7 to 5.3 times as long (1 000 or 30 digits of both bundled models)")
    boolean road;

    @Option(names = "--batch", defaultValue = "128", description = "canvases per model run, 1..256, on 84x84 canvases; larger canvases run proportionally fewer (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--also", split = ",", paramLabel = "METHOD", converter = MethodNames.AlsoValue.class, description = "measure these methods too, beside CAM on the same canvases: gradcam, gradcam++, xgradcam, hirescam, layercam, gradcam-elementwise, finercam (--finer-alpha, --finer-ranks, --finer-form; pytorch-grad-cam's comparison by default: alpha 1, ranks 1,2,3), shapleycam, scorecam, eigencam, fem, kpcacam, randomcam, ablationcam, smoothgradcam++ (torch-cam's; --sgcampp-samples, --sgcampp-std, --sgcampp-seed), sscam (--sscam-samples, --sscam-std, --sscam-seed), iscam (--iscam-steps), refinecam (pytorch-grad-cam's RefineCAM, or torch-cam's with --refine-form torch-cam: the product of --refine-base's maps, Grad-CAM++'s by default, of the --also-at layers), occlusion, and the pixel attribution baselines saliency, gradxinput, smoothgrad, integratedgradients (ig) and fullgrad, which take the gradient at the model's input (fullgrad at every bias layer too) (comma-separated; fem, kpcacam and randomcam take --fem-k, --kpca-kernel, --kpca-gamma, --randomcam-seed, occlusion --occlusion-patch and --occlusion-fill; smoothgrad --smoothgrad-samples, --smoothgrad-noise, --smoothgrad-seed; integratedgradients --ig-steps; scorecam runs the model once per feature channel and canvas: use --limit; ablationcam runs the layers after the features once per channel and canvas; occlusion the model once per tile and canvas, 441 on 84x84 canvases with patches of 4, and takes no layer: --also-at does not apply to it; a canvas a method cannot map, a Finer-CAM or KPCA-CAM map beyond a float's range, is named on standard error and left out, with its digit's other canvas, for every method and baseline, listed in the report, and the exit code is 1 once the report is written, as compare's when a method fails on some pictures; a method that cannot map a canvas of every digit of the first batch, or of more than half the digits, stops the run)")
    List<String> also = new ArrayList<>();

    @Option(names = "--eigen-smooth", description = "smooth the --also methods' maps as pytorch-grad-cam's eigen_smooth (their weighted features projected on their first principal component, as explain --eigen-smooth); CAM, the reference the baselines are measured against, is not smoothed, and eigencam and kpcacam, projections already, and fem, whose pytorch-grad-cam form ignores eigen_smooth, are refused")
    boolean eigenSmooth;

    @Option(names = "--aug-smooth", description = "smooth the --also methods' maps as pytorch-grad-cam's aug_smooth (each the mean of six variants of its canvas, mirrored or not, times 0.9, 1 and 1.1, as explain --aug-smooth; about 6 times their model work); CAM, the reference the baselines are measured against, is not smoothed")
    boolean augSmooth;

    @Option(names = "--also-at", paramLabel = "LAYER[,LAYER...]", description = "take the --also methods at this layer (a rank-4 tensor's name, as inspect lists them, e.g. conv2d_1/Relu) instead of CAM's features; two or more, comma-separated, fuse each method's maps of those layers as explain fuses several layers (pytorch-grad-cam's target_layers; the model opened and run once per layer; refinecam multiplies its base's maps of those layers instead). CAM stays at its one layer")
    String alsoAt;

    @Option(names = "--layers-form", paramLabel = "FORM", description = "with two or more --also-at layers: whose fusion"
            + " of each --also method's maps of them, pytorch-grad-cam (each layer's map scaled, placed on the canvas,"
            + " the maps averaged, the mean scaled) or torch-cam (torch-cam's fuse_cams: each layer's map normalised at"
            + " its cells, layercam's through tanh(2 x), resized to the largest layer's cells, the element-wise maximum"
            + " there, placed on the canvas as that layer's maps are); refinecam keeps its product (--refine-form)"
            + " (default: pytorch-grad-cam)")
    String layersForm;

    @Option(names = "--signature", description = "the signature to import from every --model, all foreign (e.g. Keras) SavedModels (default: serving_default); cam4j's own models refuse any but serving_default and cam, so evaluate them in a run of their own")
    String signature;

    @Mixin
    LoadFlags load;

    /** The methods' settings, explain's options ({@link MethodOptions}): for the --also methods they apply to. */
    @Mixin
    MethodOptions methodOptions;

    @Option(names = "--out", required = true, description = "the report folder to create; " + OutputFolder.CREATED_IF_ABSENT)
    Path out;

    @Option(names = "--force", description = "replace --out if it exists")
    boolean force;

    @Mixin
    VerboseOption verbose;

    /** What opening the models warned of, for the report as well as standard error; written by one thread, read by the stop hook's. */
    private final List<String> openingWarnings = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Says a --limit or --faithfulness beyond what there is to evaluate, as train says a --limit beyond its images: each
     * was reduced to what there is, said only by the counts of the first line ("10000 of 10000 test digits").
     * {@code --faithfulness} is said only when typed: its default, above a small --limit, is no choice of the user's.
     */
    private void noteClamped(int testDigits, Path data, int sampled) {
        PrintWriter err = spec.commandLine().getErr();
        if (limit > testDigits) {
            err.printf(Locale.ROOT, "cam4j: note: --limit %d is more than the %s of %s: all are used%n", limit,
                    io.github.cam4j.Counted.of(testDigits, "test digit"), data);
        }
        if (faithfulness > sampled && spec.commandLine().getParseResult().hasMatchedOption("--faithfulness")) {
            err.printf(Locale.ROOT, "cam4j: note: --faithfulness %d is more than the %s evaluated: faithfulness is"
                    + " measured on all of them%n", faithfulness, io.github.cam4j.Counted.of(sampled, "digit"));
        }
        err.flush();
    }

    @Override
    public Integer call() throws Exception {
        if (limit < 0) {
            throw new UsageException("--limit must be 0 (all) or positive, got " + limit);
        }
        if (canvas < 28 || canvas > EvaluationSettings.MAX_CANVAS) {
            throw new UsageException("--canvas must be in 28 (an MNIST digit).." + EvaluationSettings.MAX_CANVAS
                    + ", got " + canvas);
        }
        // EvaluationSettings checks these too, but in the library's words; here they are named by their options.
        if (faithfulness < 0) {
            throw new UsageException("--faithfulness must be 0 (none) or positive, got " + faithfulness);
        }
        if (steps < 2) {
            throw new UsageException("--steps must be at least 2 (deletion and insertion need a first and a last"
                    + " step), got " + steps);
        }
        if (road && faithfulness == 0) {
            throw new UsageException("--road is measured on the --faithfulness digits, and --faithfulness 0 measures none;"
                    + " give --faithfulness N (N > 0) or leave --road out");
        }
        if (batch < 1 || batch > 256) {
            throw new UsageException("--batch must be in 1..256, got " + batch);
        }
        if (steps > canvas * canvas) {
            throw new UsageException("--steps must be at most the canvas's " + canvas * canvas + " pixels (each"
                    + " step deletes or inserts at least one), got " + steps);
        }
        if (also.stream().anyMatch(MethodNames::isOcclusion) && methodOptions.occlusion().patch() > canvas) {
            // Every canvas is fed at its own size, known now: --occlusion-patch 1000 failed each model's work after
            // its CAM was measured (exit 1), in the library's words, not the option's.
            throw new UsageException("--occlusion-patch " + methodOptions.occlusion().patch() + " is larger than the "
                    + canvas + "x" + canvas + " canvases (--canvas) occlusion tiles: give a patch of at most " + canvas
                    + " pixels");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--also") && also.stream().allMatch(String::isBlank)) {
            throw new UsageException("--also names no method; give some of gradcam, gradcam++, xgradcam, hirescam,"
                    + " layercam, gradcam-elementwise, finercam, shapleycam, scorecam, eigencam, fem, kpcacam, randomcam,"
                    + " ablationcam, smoothgradcam++, sscam, iscam, occlusion, saliency, gradxinput, smoothgrad, integratedgradients, fullgrad, or leave --also out");
        }
        java.util.Map<String, String> alsoNamed = new java.util.HashMap<>();
        for (String m : also) {
            if (m.isBlank()) {
                continue;
            }
            String first = alsoNamed.putIfAbsent(MethodNames.canonical(m), m.strip());
            if (first != null) {
                // Measured once either way: refused as compare --methods refuses it, rather than dropped in silence.
                throw new UsageException("--also names " + MethodNames.canonical(m) + " twice (" + first + " and "
                        + m.strip() + "); each method is measured once");
            }
        }
        if (alsoAt != null && alsoAt.isBlank()) {
            throw new UsageException("--also-at is empty; name a rank-4 tensor, as inspect lists them (e.g."
                    + " conv2d_1/Relu)");
        }
        if (alsoAt != null) {
            checkAlsoAt();
        }
        if (alsoAt != null && also.isEmpty()) {
            throw new UsageException("--also-at " + alsoAt + " names the layer for the --also methods, but no --also"
                    + " method was given");
        }
        if (smoothing().any() && also.isEmpty()) {
            // With nothing beside CAM the option would change nothing: refused rather than ignored.
            boolean both = smoothing().eigen() && smoothing().aug();
            throw new UsageException(smoothing().options() + (both ? " smooth" : " smooths") + " the --also methods'"
                    + " maps, but no --also method was given (CAM, the reference, is not smoothed; on a model ending in"
                    + " global average pooling, --also gradcam smoothed is CAM smoothed, up to a factor)");
        }
        if (eigenSmooth && also.stream().anyMatch(MethodNames::isEigenCam)) {
            throw new UsageException("--eigen-smooth projects a method's weighted features on their first principal"
                    + " component; --also eigencam is that projection of the features already: measure it in a run"
                    + " without --eigen-smooth");
        }
        for (String name : also) {
            io.github.cam4j.cam.FeatureMethod m = methodOptions.of(name);
            if (eigenSmooth && m != null && !m.takesEigenSmooth()) {
                throw new UsageException("--eigen-smooth does not apply to --also " + name.strip() + ": "
                        + m.whyNotEigenSmoothed().orElseThrow() + "; measure it in a run without --eigen-smooth");
            }
        }
        if (eigenSmooth && also.stream().anyMatch(MethodNames::isOcclusion)) {
            throw new UsageException("--eigen-smooth projects a method's weighted features; --also occlusion weighs"
                    + " none (its map is 1 - p per tile): measure it in a run without --eigen-smooth");
        }
        if (alsoAt != null && !also.isEmpty() && also.stream().allMatch(MethodNames::isOcclusion)) {
            throw new UsageException("--also-at " + alsoAt + " names the layer for the --also methods, and occlusion"
                    + " takes no layer (it paints the canvas and reads the probabilities): leave out --also-at");
        }
        methodOptions.checkUsed(also, "--also");
        List<String> pixels = also.stream().filter(MethodNames::isPixelMethod).toList();
        if (eigenSmooth && !pixels.isEmpty()) {
            throw new UsageException("--eigen-smooth projects a feature layer's weighted activations; --also "
                    + pixels.get(0).strip() + " takes the gradient at the model's input and has none: measure it in a"
                    + " run without --eigen-smooth");
        }
        if (alsoAt != null && !pixels.isEmpty() && pixels.size() == also.stream().filter(m -> !m.isBlank()).count()) {
            throw new UsageException("--also-at " + alsoAt + " names the layer for the --also methods; the pixel"
                    + " attribution methods (" + String.join(", ", pixels) + ") take the gradient at the model's input,"
                    + " no layer: leave out --also-at");
        }
        // An empty path is the working folder: "--out  already exists", "dataset folder  lacks ...".
        if (out.toString().isBlank()) {
            throw new UsageException("--out is empty; name the report folder to create");
        }
        if (data != null && data.toString().isBlank()) {
            throw new UsageException("--data is empty; name the dataset folder, or leave --data out for the"
                    + " default ($CAM4J_DATA, else ~/.cache/cam4j/mnist)");
        }
        OutputFolder.checkNotPictureName(out, "the report goes in (report.md, report.json, charts)", "eval/");
        OutputFolder.checkNotInput(out, "--data", data, "data folder", "the report");
        for (Path model : models) {
            OutputFolder.checkNotInput(out, "--model", model, "model folder", "the report");
        }
        OutputFolder.checkReplaceable(out, force, OutputFolder.Kind.REPORT, inputs());
        OutputFolder.checkCreatable(out);
        List<Path> given = List.copyOf(models);
        for (Path m : given) {
            // An empty path is the working folder, which was then opened as the model: " is not a SavedModel".
            if (m.toString().isBlank()) {
                throw new UsageException("--model is empty; give a SavedModel folder or a bundled model's name"
                        + " (mnist-pooled, mnist-unpooled)");
            }
        }
        for (int i = 0; i < models.size(); i++) {
            models.set(i, ModelPaths.resolve(models.get(i)));
        }
        java.util.Set<Path> seen = new java.util.HashSet<>();
        java.util.Map<String, Path> named = new java.util.HashMap<>();
        for (int i = 0; i < models.size(); i++) {
            Path m = models.get(i);
            if (Files.isRegularFile(m) || Files.isDirectory(m)) {
                // In the loader's words, which explain and inspect give: a Keras .h5 or .keras file gets how to export
                // it, a saved_model.pb the folder to give (evaluate had said only "give the folder that holds
                // saved_model.pb" of a Keras file). And before the dataset is looked for: a folder that is no
                // SavedModel was reported only after MNIST was located, so offline the user heard of a download
                // instead, and online paid for one first.
                MetaGraphDef meta;
                try {
                    meta = CamModelLoader.readMetaGraph(m);
                } catch (ModelLoadException e) {
                    throw new IllegalArgumentException("--model " + ModelPaths.asTyped(e.getMessage()), e);
                }
                // A folder copied without its weights too, in the words explain, inspect and video give (it was found
                // once MNIST was read, the run's first line printed).
                VariableFiles.checkPresent(m, meta);
            }
            if (Files.exists(m) && !Files.isDirectory(m)) {
                throw new IllegalArgumentException("--model " + given.get(i) + " is a file, not a SavedModel folder; give"
                        + " the folder that holds saved_model.pb");
            }
            if (!Files.isDirectory(m)) {
                throw new IllegalArgumentException("model folder " + m + " does not exist");
            }
            if (!seen.add(m.toRealPath())) {
                throw new UsageException("--model " + given.get(i) + " is given twice; each model is evaluated once");
            }
            // The report's columns, sections and chart legends name models by folder: two of one name could not be told
            // apart (a bundled name and its copy in saved_models/ among them).
            Path clash = named.putIfAbsent(ModelEvaluator.reportName(m), m);
            if (clash != null) {
                throw new UsageException("--model " + given.get(i) + " and " + clash + " are both called '"
                        + ModelEvaluator.reportName(m) + "', and the report names models by their folder's name; give"
                        + " them folders of different names (or evaluate one model once)");
            }
        }
        EvaluationSettings settings = EvaluationSettings.builder().optCanvasSize(canvas).optSeed(seed)
                .optFaithfulnessLimit(faithfulness).optSteps(steps).optBatch(batch)
                .optAlso(alsoMethods()).optAlsoAt(alsoAt)
                .optAlsoScoreCam(also.stream().anyMatch(MethodNames::isScoreCam))
                .optAlsoEigenCam(also.stream().anyMatch(MethodNames::isEigenCam))
                .optAlsoAblationCam(also.stream().anyMatch(MethodNames::isAblationCam))
                .optAlsoSmoothing(smoothing()).optRoad(road)
                .optAlsoFeatureMethods(
                        also.stream().filter(MethodNames::isFeatureMethod).map(methodOptions::of).distinct().toList())
                .optAlsoFinerComparison(methodOptions.finerComparison())
                .optAlsoFinerBase(methodOptions.finerBase())
                .optAlsoOcclusion(also.stream().filter(MethodNames::isOcclusion).map(n -> methodOptions.occlusion())
                        .findFirst().orElse(null))
                .optAlsoPixelMethods(pixels.stream().map(methodOptions::pixelMethod).toList())
                .optScoreCamChannels(methodOptions.scoreCamChannels())
                .optAlsoScoreVariants(
                        also.stream().map(methodOptions::scoreVariant).filter(java.util.Objects::nonNull).distinct().toList())
                .optSmoothGradNoise(methodOptions.smoothGradNoise())
                .optAlsoRefineBase(also.stream().anyMatch(MethodNames::isRefineCam)
                        ? reportRow(methodOptions.refineBase()) : null)
                .optAlsoRefineForm(also.stream().anyMatch(MethodNames::isRefineCam) ? refineForm()
                        : io.github.cam4j.cam.RefineForm.PYTORCH_GRAD_CAM)
                .optAlsoLayersForm(layersForm())
                .build();
        LoadOptions options = signature == null ? load.options() : load.options().withSignature(signature);
        long start = System.nanoTime();
        // A canvas a method cannot map is left out and said as it is, while the run goes on (as compare goes on).
        ModelEvaluator evaluator = new ModelEvaluator(settings, options, System.err, line -> {
            // Said while the progress bar is drawn on standard error: on a line of its own, not after the bar's text.
            spec.commandLine().getErr().println(io.github.cam4j.ProgressBars.ownLine("cam4j: warning: " + line));
            spec.commandLine().getErr().flush();
        });
        // Every model, and the --also-at layer in each, is checked before the first is evaluated: one that cannot be
        // explained was found only after the others' minutes, and no report was written. And before the dataset is
        // read: a model cam4j cannot feed (two outputs, a uint8 input) was refused only once MNIST was read, or
        // downloaded, for nothing. The classes, which need the test set, are checked once it is read.
        int[] classes = new int[models.size()];
        for (int i = 0; i < models.size(); i++) {
            try {
                // --pixel-scale 1 or --pixel-offset -1 over the metadata ran the models' minutes without a word.
                classes[i] = evaluator.checkOpening(models.get(i), w -> {
                    openingWarnings.add(w);
                    spec.commandLine().getErr().println("cam4j: warning: " + w);
                    spec.commandLine().getErr().flush();
                });
            } catch (io.github.cam4j.savedmodel.ModelLoadException e) {
                alsoAtRefused(e, i);
                throw aboutModel(load.namingLabels(e), i);
            }
        }
        Dataset dataset = DataOption.open(data, true);
        LabeledImages test = dataset.test();
        // The canvas generator checks these too, but only once the models are open, in words that name neither the
        // option nor the dataset ("canvas size 30 is smaller than the 40x40 digits").
        if (canvas < test.rows() || canvas < test.cols()) {
            int side = Math.max(test.rows(), test.cols());
            throw new IllegalArgumentException("--canvas " + canvas + " is smaller than the " + test.rows() + "x" + test.cols()
                    + " digits of " + dataset.dir() + (side <= EvaluationSettings.MAX_CANVAS ? "; give --canvas " + side
                            + " or more" : ", which are larger than the largest canvas, " + EvaluationSettings.MAX_CANVAS));
        }
        if (test.count() < 2) {
            throw new IllegalArgumentException("the test split of " + dataset.dir() + " holds " + io.github.cam4j.Counted.of(test.count(), "digit") + ";"
                    + " evaluate needs at least two (a cluttered canvas's fragments are cut from the other digits)");
        }
        for (int i = 0; i < models.size(); i++) {
            try {
                ModelEvaluator.requireClasses(test, classes[i], models.get(i));
            } catch (IllegalArgumentException e) {
                // The head --signature chose may be one of several (two classes of a parity head beside ten digits):
                // "has only 2 classes" did not say that another signature holds the classifier the labels need.
                throw signature == null ? e : new IllegalArgumentException(e.getMessage() + " in signature '"
                        + signature + "', the one --signature imports", e);
            }
        }
        int[] selection = Sampling.sample(test.count(), limit, seed);
        noteClamped(test.count(), dataset.dir(), selection.length);
        // Counted once, before the models run: the canvases, and so their truth boxes, are the same for every model.
        int emptyTruthBoxes = EmptyTruthBoxes.count(test, selection);
        List<ModelEvaluation> evaluations = new ArrayList<>();
        Exception failure = null;
        Path failedModel = null;
        // Ctrl-C (or SIGTERM) during a later model lost the report of those evaluated before it, minutes each: the hook
        // writes it, as for a model that fails. Whichever of it and the end of the run comes first writes the report.
        java.util.concurrent.atomic.AtomicBoolean reported = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.CountDownLatch runReported = new java.util.concurrent.CountDownLatch(1);
        Thread partial = new Thread(() -> {
            List<ModelEvaluation> before;
            synchronized (evaluations) {
                before = List.copyOf(evaluations);
            }
            if (before.isEmpty() && reported.compareAndSet(false, true)) {
                // It stopped without a word: no folder, and only the "evaluating ..." line on standard output. (The
                // flag keeps the run, should it finish the model meanwhile, from writing what this says is not.)
                System.err.println("cam4j: stopped before the first model was evaluated; nothing was written");
                System.err.flush();
                return;
            }
            if (!reported.compareAndSet(false, true)) {
                // The run writes the report itself (the stop made the model under way fail, e.g. by removing its
                // randomized copy, before this hook began): the JVM halts when the hooks end, and it halted under
                // that write, which left no report and said nothing (seen once in CI, on a loaded machine).
                try {
                    runReported.await(StopSignal.WAIT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            // On standard error, a diagnostic (a relaunched child's goes through its launcher, which forwards it all).
            try {
                write(settings, before, ModelComparison.between(before), dataset, test, selection.length,
                        emptyTruthBoxes, start, missing(before.size(), "not evaluated: the run was stopped (Ctrl-C or"
                                + " SIGTERM)"));
                System.err.println("cam4j: stopped; the report of the " + io.github.cam4j.Counted.of(before.size(), "model") + " evaluated before was"
                        + " written to " + out.resolve("report.md"));
            } catch (java.io.IOException | RuntimeException e) {
                System.err.println("cam4j: stopped; the report of the " + io.github.cam4j.Counted.of(before.size(), "model") + " evaluated before"
                        + " could not be written: " + e.getMessage());
            }
            System.err.flush();
        }, "cam4j-evaluate-partial-report");
        if (!EarlyStop.handOver(partial)) {
            // The signal came before this hook took over (MNIST downloading, the models' files read): EarlyStop said it.
            return StopSignal.STOPPED_EXIT;
        }
        // Said once the hook is in place: a stop right after this line (a script's timeout, a test's SIGTERM) is answered.
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "evaluating %s on %d of %d test digits, %dx%d canvases, faithfulness on %d%n",
                io.github.cam4j.Counted.of(models.size(), "model"), selection.length, test.count(), canvas, canvas, Math.min(faithfulness, selection.length));
        stdout.flush();
        // Before the models' minutes, so that a run on blank pictures can be stopped; report.md says it too.
        EmptyTruthBoxes.warning(emptyTruthBoxes, selection.length, dataset.dir().toString()).ifPresent(w -> {
            spec.commandLine().getErr().println("cam4j: warning: " + w);
            spec.commandLine().getErr().flush();
        });
        int exit = 0;
        try {
            for (Path m : models) {
                try {
                    ModelEvaluation e = evaluator.evaluate(m, test, selection);
                    synchronized (evaluations) {
                        evaluations.add(e);
                    }
                    summary(stdout, e.report(), smoothing().mark(), load.givenPixelOptions());
                } catch (Exception e) {
                    if (evaluations.isEmpty()) {
                        throw aboutModel(e, models.indexOf(m));
                    }
                    // The models evaluated before it took minutes: their report is written, then the failure reported.
                    failure = e;
                    failedModel = m;
                    break;
                }
            }
            if (!reported.compareAndSet(false, true)) {
                return 130; // stopping: the hook writes the report
            }
            List<ModelComparison> comparisons = ModelComparison.between(evaluations);
            List<EvaluationReport.NotEvaluated> notEvaluated = new ArrayList<>();
            if (stopping()) {
                // The stop is what ended the model under way ("Shutdown in progress" as it set up its scratch folder, or
                // its copy removed under it): it was not evaluated because the run was stopped, whatever it threw.
                notEvaluated.addAll(missing(evaluations.size(), "not evaluated: the run was stopped (Ctrl-C or SIGTERM)"));
            } else if (failure != null) {
                notEvaluated.add(new EvaluationReport.NotEvaluated(ModelPaths.asTyped(failedModel.toString()), "failed: "
                        + ErrorHandler.withTypedModel(ErrorHandler.describe(failure),
                                typedModel(models.indexOf(failedModel)))));
                notEvaluated.addAll(missing(evaluations.size() + 1, "not evaluated: the run ended when " + failedModel
                        + " failed"));
            }
            List<Path> written = write(settings, evaluations, comparisons, dataset, test, selection.length,
                    emptyTruthBoxes, start, notEvaluated);
            if (stopping()) {
                // A failure now is most likely the stop's doing, and the stop is what the user asked for: said as
                // the hook says it, on standard error.
                System.err.println("cam4j: stopped; the report of the " + io.github.cam4j.Counted.of(evaluations.size(), "model") + " evaluated"
                        + " before was written to " + out.resolve("report.md"));
                System.err.flush();
                return 130;
            }
            for (String line : ModelComparison.lines(comparisons)) {
                stdout.println("CAM, " + line + " (paired 95 % intervals, report.md's \"Model against model\")");
            }
            if (failure == null) {
                // After a failure the error line says what was written: "wrote ..." alone read as a whole run's.
                stdout.printf(Locale.ROOT, "wrote %s (%d files) in %.0f s%n", out.resolve("report.md"), written.size(),
                        (System.nanoTime() - start) / 1e9);
            }
            stdout.flush();
            int leftOut = evaluations.stream().mapToInt(e -> e.report().unmappedCanvases()).sum();
            if (failure == null && leftOut > 0) {
                // As compare ends when a method failed on some pictures: what was made is written, what was not is
                // named, and the exit code is 1.
                PrintWriter err = spec.commandLine().getErr();
                err.printf(Locale.ROOT, "cam4j: error: %s could not be mapped by a method (named above); %s canvases"
                        + " were left out for every method and baseline, and %s says so%n",
                        leftOut == 1 ? "1 canvas" : leftOut + " canvases", leftOut == 1 ? "its digit's" : "their digits'",
                        out.resolve("report.md"));
                err.flush();
                exit = 1;
            }
        } finally {
            runReported.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(partial);
            } catch (IllegalStateException e) {
                // The JVM is already stopping: the hook runs.
            }
        }
        if (failure != null) {
            // Several models were given: the inspect command the failure points to is the failed one's.
            throw new io.github.cam4j.cam.CamException("evaluating " + failedModel + " failed: "
                    + ErrorHandler.withTypedModel(ErrorHandler.describe(failure), typedModel(models.indexOf(failedModel)))
                    + "; the report of the " + io.github.cam4j.Counted.of(evaluations.size(), "model") + " evaluated before it was written to "
                    + out.resolve("report.md") + ", which names the models it lacks", failure);
        }
        return exit;
    }

    /**
     * Refuses an {@code --also-at} layer the model cannot be opened at as a usage error naming {@code --also-at} and the
     * layer, in the words explain's {@code --layers} and maximize's {@code --layer} are refused in
     * ({@link TensorOptions}): one its graph lacks ({@code --also-at nope}), one of another rank, the model's input, or
     * one of another signature's head, which {@code --signature} imports. They had exited 1 in the loader's words
     * ("--also-at: cannot take Grad-CAM at layer 'nope' of ...: features tensor 'nope' does not exist in the graph"; a
     * second head's naming its Java API, "(--signature parity, LoadOptions.withSignature)"), where explain's
     * {@code --features nope} is a usage error. Every model is opened at the layers before the first canvas is made, so
     * nothing has been evaluated.
     *
     * @param e the refusal of the model at {@code index}
     * @param index the model's place among the {@code --model}s
     * @throws UsageException when the refusal is of an {@code --also-at} layer
     */
    private void alsoAtRefused(ModelLoadException e, int index) {
        if (alsoAt == null) {
            return;
        }
        List<String> layers = java.util.Arrays.stream(alsoAt.split(",")).map(String::strip).toList();
        java.util.Optional<UsageException> usage = TensorOptions.of("--also-at", layers).refusal(e, typedModel(index),
                "--also");
        if (usage.isPresent()) {
            throw usage.get();
        }
    }

    /** @return the {@code --model} at {@code index}, as typed */
    private String typedModel(int index) {
        return spec.commandLine().getParseResult().matchedOption("--model").originalStringValues().get(index);
    }

    /**
     * @param e a failure of the model at {@code index}
     * @return {@code e} marked as that model's, where several are given, for its error line to name it where it points
     *     to inspect ({@link OneOfModels}); with one {@code --model}, the error line names it anyway
     */
    private Exception aboutModel(Exception e, int index) {
        return models.size() > 1 ? new OneOfModels(e, typedModel(index)) : e;
    }

    /** @return whether the JVM is stopping (Ctrl-C, SIGTERM): it then refuses new shutdown hooks */
    private static boolean stopping() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /**
     * Writes the report of the models evaluated, with their comparisons pair by pair, replacing --out when allowed.
     *
     * @return the files written
     */
    /** @return the models from the {@code from}-th on, each with the reason it is not in the report */
    private List<EvaluationReport.NotEvaluated> missing(int from, String reason) {
        return models.subList(Math.min(from, models.size()), models.size()).stream()
                .map(m -> new EvaluationReport.NotEvaluated(ModelPaths.asTyped(m.toString()), reason)).toList();
    }

    /**
     * @return what the run's report says of it beyond what its settings hold ({@link ReportSettings}): the signature
     *     imported, when one was named
     */
    private List<String> runNotes() {
        // Recorded nowhere, a Keras model's report could not be reproduced from it.
        return signature == null ? List.of() : List.of("Foreign SavedModels were imported by their signature '"
                + signature + "' (--signature).");
    }

    private List<Path> write(EvaluationSettings settings, List<ModelEvaluation> evaluations,
            List<ModelComparison> comparisons, Dataset dataset, LabeledImages test, int digits, int emptyTruthBoxes,
            long start, List<EvaluationReport.NotEvaluated> notEvaluated) throws java.io.IOException {
        // As a Java program's report is recorded (EvaluationRun.writeReport), with what only a command line has.
        EvaluationReport.Settings reportSettings = ReportSettings.of(settings, dataset.dir().toString(), test, digits,
                emptyTruthBoxes, evaluations, runNotes(), spec.commandLine().getParseResult().originalArgs(),
                Path.of("").toAbsolutePath().toString(), methodSettings(), List.copyOf(openingWarnings),
                load.givenPixelOptions());
        EvaluationReport report = new EvaluationReport(Cam4j.cam4jVersion(), reportSettings,
                evaluations.stream().map(ModelEvaluation::report).toList(), (System.nanoTime() - start) / 1e9, comparisons,
                notEvaluated);
        OutputFolder.replaceable(out, force, OutputFolder.Kind.REPORT, inputs());
        return ReportWriter.write(report, evaluations, out);
    }

    /** @return what the evaluation reads: the models and the dataset folder, which replacing --out must not delete */
    private List<Path> inputs() {
        List<Path> inputs = new ArrayList<>(models);
        if (data != null) {
            inputs.add(data);
        }
        return inputs;
    }

    /** Refuses an --also-at list with an empty name or a layer named twice, in the option's words. */
    private void checkAlsoAt() {
        List<String> layers = List.of(alsoAt.split(",", -1));
        if (layers.stream().anyMatch(String::isBlank)) {
            throw new UsageException("--also-at " + alsoAt + " holds an empty name: give the layers' tensors,"
                    + " comma-separated (e.g. conv2d_1/Relu,conv2d_2/Relu)");
        }
        for (int i = 0; i < layers.size(); i++) {
            if (layers.indexOf(layers.get(i)) != i) {
                throw new UsageException("--also-at names " + layers.get(i) + " twice; each layer counts once in the"
                        + " fused map");
            }
        }
    }

    /**
     * @return the settings each --also method that takes any was measured with ({@link MethodOptions#recorded}), by
     *     its row in the report, with {@code layers_form} for a method whose --also-at layers torch-cam's fusion fused
     *     (its maximum is another map than the default mean, under the same row's name)
     */
    private java.util.Map<Method, java.util.Map<String, Object>> methodSettings() {
        java.util.Map<Method, java.util.Map<String, Object>> settings = new java.util.EnumMap<>(Method.class);
        boolean maximum = layersForm() == io.github.cam4j.cam.LayersForm.TORCH_CAM;
        for (String name : also) {
            java.util.Map<String, Object> recorded = new java.util.LinkedHashMap<>(
                    name.isBlank() ? java.util.Map.of() : methodOptions.recorded(name));
            if (maximum && !MethodNames.isRefineCam(name) && !MethodNames.isOcclusion(name)
                    && !MethodNames.isPixelMethod(name)) {
                recorded.put("layers_form", io.github.cam4j.cam.LayersForm.TORCH_CAM.cliName());
            }
            if (!recorded.isEmpty()) {
                settings.put(reportRow(name), recorded);
            }
        }
        return settings;
    }

    /**
     * @return RefineCAM's form ({@code --refine-form})
     * @throws UsageException naming the options for torch-cam's form without two or more {@code --also-at} layers
     */
    private io.github.cam4j.cam.RefineForm refineForm() {
        io.github.cam4j.cam.RefineForm form = methodOptions.refineForm();
        if (form == io.github.cam4j.cam.RefineForm.TORCH_CAM && (alsoAt == null || alsoAt.split(",").length < 2)) {
            throw new UsageException("--refine-form torch-cam multiplies the maps of two or more layers, as torch-cam's"
                    + " RefineCAM refuses fewer: give them to --also-at, comma-separated");
        }
        return form;
    }

    /**
     * @return the fusion of the {@code --also-at} layers ({@code --layers-form}); pytorch-grad-cam's when left out
     * @throws UsageException naming the option for a name that is neither form, and for torch-cam's without two or more
     *     {@code --also-at} layers or with no {@code --also} method but RefineCAM to fuse by it
     */
    private io.github.cam4j.cam.LayersForm layersForm() {
        io.github.cam4j.cam.LayersForm form = ModelOptions.layersForm(layersForm);
        if (form == io.github.cam4j.cam.LayersForm.PYTORCH_GRAD_CAM) {
            return form;
        }
        if (alsoAt == null || alsoAt.split(",").length < 2) {
            throw new UsageException("--layers-form " + form.cliName() + " fuses the maps of two or more layers: give"
                    + " them to --also-at, comma-separated, or leave out --layers-form");
        }
        if (also.stream().allMatch(m -> MethodNames.isRefineCam(m) || MethodNames.isOcclusion(m)
                || MethodNames.isPixelMethod(m))) {
            throw new UsageException("--layers-form " + form.cliName() + " fuses the --also methods' layers, and --also "
                    + String.join(",", also) + " has none it applies to (refinecam fuses by its own product,"
                    + " --refine-form): leave out --layers-form");
        }
        return form;
    }

    /** @return the report's row of an --also method */
    private Method reportRow(String name) {
        if (MethodNames.isScoreCam(name)) {
            return Method.SCORE_CAM;
        }
        if (MethodNames.isEigenCam(name)) {
            return Method.EIGEN_CAM;
        }
        if (MethodNames.isAblationCam(name)) {
            return Method.ABLATION_CAM;
        }
        if (MethodNames.isFeatureMethod(name)) {
            return Method.of(methodOptions.of(name));
        }
        if (MethodNames.isSsCam(name) || MethodNames.isIsCam(name)) {
            return Method.of(methodOptions.scoreVariant(name));
        }
        if (MethodNames.isRefineCam(name)) {
            return Method.REFINE_CAM;
        }
        if (MethodNames.isOcclusion(name)) {
            return Method.OCCLUSION;
        }
        if (MethodNames.isPixelMethod(name)) {
            return Method.of(methodOptions.pixelMethod(name));
        }
        return Method.of(MethodNames.parse("--also", name, false).orElseThrow());
    }

    /** @return how the --also methods' maps are smoothed, as given */
    private io.github.cam4j.eval.Smoothing smoothing() {
        return new io.github.cam4j.eval.Smoothing(eigenSmooth, augSmooth);
    }

    private java.util.Set<GradientWeighting> alsoMethods() {
        java.util.Set<GradientWeighting> methods = java.util.EnumSet.noneOf(GradientWeighting.class);
        for (String name : also) {
            if (!MethodNames.isGradientFree(name)) {
                methods.add(MethodNames.parse("--also", name, false).orElseThrow());
            }
        }
        return methods;
    }

    /**
     * @return {@code prefix} and what {@link io.github.cam4j.eval.FlatMaps#note(io.github.cam4j.eval.FaithfulnessSummary)}
     *     says of the method's faithfulness maps, or nothing when they all held evidence or faithfulness was not measured
     */
    private static String faithfulnessNote(ModelReport r, Method m, String prefix) {
        return io.github.cam4j.eval.FlatMaps.note(r.faithfulness() == null ? null : r.faithfulness().get(m))
                .map(note -> prefix + note).orElse("");
    }

    private static void summary(PrintWriter out, ModelReport r, String alsoSmoothing, List<String> pixelOptions) {
        LocalisationSummary cam = r.plain().get(Method.CAM);
        // Rates in percent, as report.md's tables and the verdict below give them (fractions here beside "96.1 %"
        // there); accuracy with the two decimals its four as a fraction had.
        out.printf(Locale.ROOT, "%s: accuracy %.2f %% (" + r.digitSize() + "), %.2f %% (canvas); CAM pointing %.1f %%, IoU>=0.5 %.1f %% at"
                + " t=0.2 (best %.1f %% at t=%.2f), mean IoU %.3f%s%n", r.name(), 100 * r.accuracy(),
                100 * r.canvasAccuracy(), 100 * cam.pointing(), 100 * cam.iouRate(), 100 * cam.bestIouRate(),
                cam.bestThreshold(), cam.meanIou(),
                io.github.cam4j.eval.FlatMaps.note(cam, r.cluttered().get(Method.CAM)).map(note -> "; CAM's " + note)
                        .orElse("")
                        + faithfulnessNote(r, Method.CAM, "; CAM's "));
        if (!r.leftOut().isEmpty()) {
            int left = r.leftOutDigits();
            out.printf(Locale.ROOT, "  left out: %d canvases, those of %s a method could not map (named above);"
                    + " every figure is over the canvases of the other %s%n", 2 * left,
                    io.github.cam4j.Counted.of(left, "test digit"),
                    io.github.cam4j.Counted.of(r.digits() - left, "digit"));
        }
        // Padded to the longest title shown, so that the figures line up ("Grad-CAM element-wise" passed 18 letters).
        int width = r.plain().keySet().stream().filter(m -> m != Method.CAM)
                .mapToInt(m -> m.shownTitle(alsoSmoothing).length()).max().orElse(0);
        for (Method m : r.plain().keySet()) {
            if (m != Method.CAM) {
                LocalisationSummary b = r.plain().get(m);
                // A method whose maps were flat, or had no cell above 0, is said so on its line: its figures there read
                // no evidence.
                out.printf(Locale.ROOT, "  %-8s %-" + width + "s pointing %5.1f %%, IoU>=0.5 %5.1f %%, mean IoU %.3f%s%n",
                        m.isBaseline() ? "baseline" : m == Method.CAM_POSITIVE_MASK ? "variant" : "method",
                        m.shownTitle(alsoSmoothing),
                        100 * b.pointing(), 100 * b.iouRate(), b.meanIou(),
                        io.github.cam4j.eval.FlatMaps.note(b, r.cluttered().get(m)).map(note -> "; " + note).orElse("")
                                + faithfulnessNote(r, m, "; "));
            }
        }
        for (String warning : AccuracyWarnings.of(r, pixelOptions)) {
            out.println("  warning: " + warning);
        }
        io.github.cam4j.eval.TrainedSizeNote.of(r).ifPresent(note -> out.println("  note: " + note));
        Scoreboard.Verdict verdict = Scoreboard.verdict(r);
        out.println((verdict.beatsAll() ? "  CAM beats every baseline on every metric"
                : "  CAM does not beat every baseline: " + String.join("; ", verdict.details()))
                + (verdict.notMeasured().isEmpty() ? "" : " (not measured: " + verdict.notMeasured() + ")"));
        io.github.cam4j.eval.FaithfulnessSummary camFaithful = r.faithfulness().get(Method.CAM);
        if (camFaithful != null && !Double.isNaN(camFaithful.roadCombined())) {
            List<String> road = new ArrayList<>();
            r.faithfulness().forEach((m, f) -> road.add(String.format(Locale.ROOT, "%s %.3f", m.shownTitle(alsoSmoothing),
                    f.roadCombined())));
            out.println("  ROAD combined (higher is better): " + String.join(", ", road));
        }
        for (String line : io.github.cam4j.eval.ArccReport.lines(r, alsoSmoothing)) {
            out.println("  " + line);
        }
        String beyondNoise = Scoreboard.beyondNoise(r);
        if (!beyondNoise.isEmpty()) {
            out.println("  beyond noise (paired 95 % intervals), CAM is " + beyondNoise);
        }
        if (!r.cascade().isEmpty()) {
            List<String> steps = new ArrayList<>();
            for (ModelReport.CascadeStage stage : r.cascade()) {
                String layer = stage.layers().get(stage.layers().size() - 1);
                // Every map constant: no rank to correlate, said so rather than as NaN (helper-165).
                steps.add(stage.notMeasured() != null ? layer + " not measured (its model failed on a canvas, see"
                        + " report.md)" : stage.spearman().canvases() == 0 ? layer + " not measured"
                        : String.format(Locale.ROOT, "%s %+.2f", layer, stage.spearman().mean()));
            }
            out.println("  cascading randomisation (mean Spearman with the trained maps, layers re-drawn from the"
                    + " classifier down): " + String.join(", then ", steps));
        }
        out.flush();
    }
}
