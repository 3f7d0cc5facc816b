package io.github.cam4j.cli;

import io.github.cam4j.render.CaptionTitles;
import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.InvalidInputException;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.ColourKey;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FigureGrid;
import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.IntStream;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cam4j compare}: every method on the same pictures, side by side in one figure (a row per picture, a column
 * per method, each cell the overlay {@code explain --method X} writes), with each method's time per picture and how
 * far its maps agree with the first method's.
 */
@Command(name = "compare", mixinStandardHelpOptions = true, modelTransformer = CompareCommand.WithoutMethod.class,
        description = {"Explain the same pictures with every method: one PNG, a row per picture, its first column the"
                + " picture, then the overlay each method draws (the overlay explain writes), captioned with the class"
                + " and probability it explained.",
            "A method the model does not allow (cam without global average pooling) is skipped with a line saying why.",
            "With --eigen-smooth every method but eigencam, kpcacam and fem is smoothed and titled so; eigencam and"
                + " kpcacam, such projections of the features already, and fem, whose pytorch-grad-cam form ignores"
                + " eigen_smooth, are drawn as they are, as are the pixel attribution methods (saliency, gradxinput,"
                + " smoothgrad, integratedgradients, fullgrad: the gradient by the input, no feature layer).",
            "Standard output has a line per method: its time per picture, in milliseconds of wall time around its"
                + " explain calls (the first 64 pictures explained twice and timed the second time, so that the graph's"
                + " first run and the JVM's warming are not counted, unless the first time took 2 s or more; the"
                + " model's loading is not counted either); the mean Spearman rank correlation of its maps with the first"
                + " method's, at the picture's size, over the pictures where both maps rank anything (1: the same"
                + " order of hotter and colder pixels; 0: unrelated); and on how many pictures its hottest point is the"
                + " first method's, with the mean distance between them in picture pixels. The first method's line says"
                + " on how many pictures its map is flat, and when it is flat on all, the others' lines have their"
                + " times alone; another method's line whose map is flat on every picture (or on each the first"
                + " method's is not) says so instead of figures."})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** Every option of a command that opens a model, but {@code --method}: compare takes {@code --methods}. */
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    RenderOptions renderOptions;

    @Mixin
    VerboseOption verbose;

    @Mixin
    FitOption fit;

    @Parameters(paramLabel = "PICTURE", arity = "0..*", description = "image files (PNG, JPEG, BMP...), or folders: the"
            + " image files directly in them, by name; none: the first --first MNIST test digits of --data")
    List<Path> pictures = new ArrayList<>();

    @Option(names = "--methods", split = ",", paramLabel = "LIST", converter = MethodsValue.class,
            completionCandidates = MethodNames.Candidates.class, description = "the methods, comma-separated, in the"
                    + " figure's order (the first is the one the others are measured against), or all: "
                    + "${COMPLETION-CANDIDATES} (default: all)")
    List<String> methods = new ArrayList<>();

    @Option(names = "--ink", paramLabel = "light|dark", description = "the ink of the model's training pictures: light"
            + " (on a dark ground, as MNIST: dark-on-light pictures are then inverted, and a photo of a digit framed as"
            + " MNIST framed its digits, as explain does) or dark (--invert auto then inverts no picture, and none is"
            + " framed) " + ModelOptions.INK_DEFAULT)
    void ink(String ink) {
        // The note on a dark-ink picture for a model without metadata says "--ink light": compare had no such option.
        modelOptions.ink = ink;
    }

    @Option(names = "--layers", split = ",", paramLabel = "TENSORS", description = "every method but cam (skipped with"
            + " a line saying why) fuses its maps of these layers: " + ModelOptions.LAYERS_HELP)
    List<String> layers;

    @Option(names = "--layers-form", paramLabel = "FORM", description = ModelOptions.LAYERS_FORM_HELP
            + "; refinecam, beside other methods, keeps its product (--refine-form)")
    String layersForm;

    @Option(names = "--class", description = "explain this class with every method instead of the predicted one")
    Integer classIndex;

    @Option(names = "--data", description = "without PICTURE: dataset folder (default: $CAM4J_DATA, else"
            + " ~/.cache/cam4j/mnist, downloaded if absent)")
    Path data;

    @Option(names = "--first", defaultValue = "6", description = "without PICTURE: how many test digits, at most "
            + ArticleFigure.MAX_DIGITS + " (default: ${DEFAULT-VALUE})")
    int first;

    @Option(names = "--min-side", defaultValue = "160", description = "cells of smaller pictures are drawn enlarged by a"
            + " whole factor (pixels as blocks) until their shorter side reaches this, as explain's overlays are;"
            + " 0 draws every cell at its picture's size; either way enlarged further, up to a shorter side of "
            + io.github.cam4j.render.Draw.SMALLEST_LABEL_SIDE + ", while a caption would be cut (default:"
            + " ${DEFAULT-VALUE})")
    int minSide;

    @Option(names = "--max-side", defaultValue = "480", description = "cells of larger pictures are shrunk, caption and"
            + " all, until their longer side is this, but not below " + FigureGrid.MIN_CELL_SIZE
            + " pixels on their shorter side (a thin picture's cells are stretched across, and a note says so); 0"
            + " keeps every cell at its picture's size (a 4000x3000 photo"
            + " made a figure 41 826 pixels wide, 150 MB) (default: ${DEFAULT-VALUE})")
    int maxSide;

    @Option(names = "--out", required = true, description = "the figure to write " + OutputFolder.FIGURE_FORMAT + "; "
            + OutputFolder.FOLDER_MUST_EXIST)
    Path out;

    @Option(names = "--force", description = "overwrite --out")
    boolean force;

    /** Pictures per explain call, as explain batches them: the same batch gives the same maps to the last bit. */
    static final int BATCH = ExplainCommand.BATCH_IMAGES;

    /** The models the last run loaded, closed by then: a seam for tests that count the loads. */
    LoadedModels models;

    /** The notes and warnings already said: each session would say a picture's note again, once per method. */
    private final Set<String> said = new HashSet<>();

    /**
     * One method that ran: its name, its title, and what it gave each picture, null where it failed on the picture
     * ({@code failed}, by the picture's place).
     */
    private record Ran(String name, CaptionTitles titles, List<ImageExplanation> explanations, long nanos,
            Map<Integer, InvalidInputException> failed) {
        /** @return the method's full title, for the figure's header and the table */
        String title() {
            return titles.full();
        }

        /** @return whether the method made the picture's maps */
        boolean made(int picture) {
            return explanations.get(picture) != null;
        }
    }

    /** The caption of a cell whose method failed on its picture, drawn as the picture alone. */
    static final String NOT_EXPLAINED = "not explained";

    /** The model's names for its classes (its labels, or --labels), once a session has opened it. */
    private List<String> classNames;
    /** The true class of each picture drawn from the test split, in order; empty for picture files. */
    private final List<Integer> trueClasses = new ArrayList<>();
    /**
     * Whether CAM is the only method asked for: a {@code --features} its kernel does not weigh is then explain's usage
     * error, as no other method is left to draw that layer ({@link #loadForMethods}).
     */
    private boolean camAlone;
    /** The features' channels at each target layer (one without --layers), of the model {@link #openModel} opened. */
    private List<Integer> layerChannels = List.of();

    @Override
    public Integer call() throws Exception {
        // A stop said what became of --out (FigureStop), where the run ended without a word.
        try (FigureStop stop = new FigureStop(spec, out)) {
            return run(stop);
        }
    }

    private int run(FigureStop stop) throws Exception {
        renderOptions.validate();
        FigurePictures.checkSides(minSide, maxSide);
        if (classIndex != null && classIndex < 0) {
            throw new UsageException("--class must be 0 or more, got " + classIndex);
        }
        modelOptions.layers = layers;
        modelOptions.layersForm = layersForm;
        modelOptions.checkLayers(false);
        List<String> chosen = chosenMethods();
        camAlone = chosen.stream().allMatch(ModelOptions::isCam);
        // A refusal that offers another method names the option that picks them here.
        modelOptions.methodOption = "--methods";
        // Before --out's own check: an --out among the pictures had been told to add --force, then refused with it.
        List<Path> files = pictures.isEmpty() ? List.of()
                : FigurePictures.files(spec, pictures, out, "drawn", line -> say("note", line));
        OutputFolder.writableImage("--out", out, force);
        Target target = classIndex != null ? Target.of(classIndex) : Target.predicted();
        List<Mat> images = new ArrayList<>();
        try {
            List<String> names = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            // Resolved once: a bundled model's copy is checked against the jar's bytes each time it is resolved.
            Path dir = modelOptions.modelDir();
            // A folder that is no SavedModel, or one copied without its weights, in the loader's words before the
            // pictures are read: it was said once every method had failed on it, after the test digits were read (or
            // downloaded for nothing) and a progress bar had run to its end.
            io.github.cam4j.savedmodel.VariableFiles.checkPresent(dir, CamModelLoader.readMetaGraph(dir));
            checkCount(files);
            List<Ran> ran = new ArrayList<>();
            Map<String, ModelLoadException> skipped = new LinkedHashMap<>();
            // Closed after the methods' sessions, which borrow its models: each folder loaded once per way of opening.
            LoadedModels opened = new LoadedModels(this::loadForMethods, modelOptions::loadAtLayers);
            models = opened;
            try (opened) {
                CamModel model = openModel(chosen, dir, opened);
                load(files, images, names, captions);
                long[][] runs = runs(chosen, model, images);
                // Each method's result by its place in --methods, which orders the figure, the lines and the skips.
                Ran[] byPlace = new Ran[chosen.size()];
                ModelLoadException[] refused = new ModelLoadException[chosen.size()];
                try (me.tongfei.progressbar.ProgressBar bar = progressBar(Arrays.stream(runs).flatMapToLong(
                        Arrays::stream).sum(), (long) chosen.size() * images.size())) {
                    for (int m : costliestFirst(runs)) {
                        try {
                            byPlace[m] = explainWith(chosen.get(m), dir, opened, images, names, target, bar, runs[m]);
                        } catch (ModelLoadException e) {
                            refused[m] = e;
                            if (bar != null) {
                                // A skipped method makes no runs: counted as done, the bar's pace from its start took
                                // them for work (occlusion skipped under --layers beside Grad-CAM and LayerCAM on 200
                                // digits: "96% 10000/10400 model runs (0:00:00 left)" as Grad-CAM began).
                                bar.maxHint(bar.getMax() - Arrays.stream(runs[m]).sum());
                            }
                        }
                    }
                }
                for (int m = 0; m < chosen.size(); m++) {
                    if (byPlace[m] != null) {
                        ran.add(byPlace[m]);
                    } else {
                        skipped.put(chosen.get(m), refused[m]);
                    }
                }
            }
            if (ran.isEmpty() && skipped.values().stream().map(Throwable::getMessage).distinct().count() == 1) {
                // Not a method the model refuses but the model itself (a folder that does not exist): one error, as
                // explain gives, rather than a line per method saying the same. When it is CAM's own need (global
                // average pooling), the error line says compare's way out (CamWayOut.METHODS).
                throw skipped.values().iterator().next();
            }
            saySkipped(skipped);
            if (ran.isEmpty()) {
                throw new IllegalArgumentException("none of the methods applies to model " + modelOptions.model + " ("
                        + String.join(", ", skipped.keySet()) + ": each said why above)");
            }
            if (modelOptions.eigenSmooth && ran.stream().allMatch(r -> !smoothable(r.name()))) {
                // The other methods were skipped: the flag did nothing, which would otherwise pass unsaid.
                List<String> unsmoothed = ran.stream().map(Ran::name).toList();
                say("warning", "--eigen-smooth smoothed nothing: " + (unsmoothed.size() == 1
                        ? "the only method that ran, " + unsmoothed.get(0) + ", takes"
                        : "the methods that ran, " + String.join(", ", unsmoothed) + ", take")
                        + " no eigen smoothing (eigencam and kpcacam are projections of the features already; fem's"
                        + " pytorch-grad-cam form ignores it; the pixel attribution methods have no feature layer)");
            }
            if (!stop.writing()) {
                return StopSignal.STOPPED_EXIT;
            }
            int failedMaps = sayFailed(ran);
            writeFigure(images, FigurePictures.firstColumn(captions, trueClasses, classNames), ran);
            report(ran, images.size());
            if (failedMaps > 0) {
                // As explain --keep-going ends: what was made is written, what was not is named, and the exit code is 1.
                int maps = images.size() * ran.size();
                PrintWriter err = spec.commandLine().getErr();
                err.printf(Locale.ROOT, "cam4j: error: %d of the %d maps (pictures x methods) could not be made (named"
                        + " above); the figure shows those pictures alone, captioned '%s'%n", failedMaps, maps,
                        NOT_EXPLAINED);
                err.flush();
                return 1;
            }
        } finally {
            images.forEach(Mat::close);
        }
        return 0;
    }

    /** @return the methods asked for, in order, {@code all} expanded and repeats refused */
    private List<String> chosenMethods() {
        if (methods.isEmpty() && spec.commandLine().getParseResult().hasMatchedOption("--methods")) {
            // "--methods ," splits into no name, and ran every method as if --methods were left out, exit 0.
            throw new UsageException("--methods names no method; give some of " + String.join(", ", MethodNames.ALL)
                    + ", comma-separated, or all (the default)");
        }
        List<String> given = methods.isEmpty() ? List.of("all") : methods;
        Set<String> chosen = new LinkedHashSet<>();
        Set<String> titles = new HashSet<>();
        for (String m : given) {
            for (String name : m.strip().equalsIgnoreCase("all") ? MethodNames.ALL : List.of(m.strip())) {
                modelOptions.method = name;
                // grad-cam and gradcam are one method: a second column of it would measure it against itself.
                if (!titles.add(modelOptions.methodTitle())) {
                    throw new UsageException("--methods names " + modelOptions.methodTitle() + " twice");
                }
                chosen.add(name);
            }
        }
        if (modelOptions.eigenSmooth && chosen.stream().allMatch(MethodNames::isEigenCam)) {
            // Compare draws Eigen-CAM as it is beside smoothed methods; with nothing else the option would do nothing.
            throw new UsageException("--eigen-smooth smooths the methods other than Eigen-CAM, but --methods names only"
                    + " eigencam, which is that projection of the features already: leave out --eigen-smooth, or add"
                    + " other methods");
        }
        if (modelOptions.eigenSmooth && chosen.stream().allMatch(m -> !smoothable(m))) {
            throw new UsageException("--eigen-smooth smooths the methods other than Eigen-CAM, KPCA-CAM and FEM, but"
                    + " --methods names only " + String.join(", ", chosen) + ": leave out --eigen-smooth, or add other"
                    + " methods");
        }
        modelOptions.methodOptions.checkUsed(chosen, "--methods");
        if (chosen.stream().allMatch(MethodNames::isPixelMethod)) {
            // Beside CAM methods they are drawn as they are; alone, the option would change nothing.
            modelOptions.refuseForPixels(String.join(", ", chosen));
            if (modelOptions.layers != null) {
                throw new UsageException("--layers fuses target layers' maps; --methods " + String.join(", ", chosen)
                        + " take the gradient at the model's input, no layer: leave out --layers");
            }
        }
        return List.copyOf(chosen);
    }

    /**
     * @return a session for {@code method} (already {@code modelOptions.method}): over the model {@code opened} lends,
     *     or, with {@code --layers}, over the models it lends opened at the layers, once for all the methods
     * @throws ModelLoadException CAM with {@code --layers}, skipped as a model's refusal is
     */
    private CamSession openFor(String method, Path dir, LoadedModels opened, LoadOptions options)
            throws ModelLoadException {
        if (modelOptions.layers == null) {
            return modelOptions.open(opened.forMethod(dir, options), dir, options, fit.framing(), fit.ownSize(),
                    line -> say("warning", line), line -> say("note", line));
        }
        refuseAtLayers(method);
        return modelOptions.openAtLayers(opened.atLayers(dir, options, modelOptions.layers), dir, options,
                fit.framing(), fit.ownSize(), line -> say("warning", line), line -> say("note", line));
    }

    /**
     * Opens the model as {@link ModelOptions#load} does, but a {@code --features} CAM's kernel does not weigh (of other
     * channels, or not the tensor the pooling reduces) is CAM's refusal, skipped in its turn, not the command's usage
     * error (explain's): the other methods take that layer. Made a usage error for explain (TensorChannelsException),
     * it ended compare, exit 2, nothing drawn. With CAM the only method it is that usage error still: skipped, it had
     * been the one refusal every method met, said in the loader's words, exit 1.
     *
     * @param dir the model's folder
     * @param options how the method opens it
     * @return the opened model
     * @throws ModelLoadException when it cannot be opened so, CAM's refusal of the features among them
     * @throws UsageException a tensor option the model refuses, CAM's refusal of the features when CAM is alone
     */
    private io.github.cam4j.savedmodel.CamModel loadForMethods(Path dir, LoadOptions options) throws ModelLoadException {
        try {
            return modelOptions.load(dir, options);
        } catch (UsageException otherChannels) {
            if (!camAlone && otherChannels.getCause() instanceof ModelLoadException byKernel
                    && TensorOptions.camRefusedLayer(byKernel)) {
                throw byKernel;
            }
            throw otherChannels;
        }
    }

    /**
     * Refuses, with {@code --layers}, a method that takes no layer: skipped as a model's refusal is.
     *
     * @param method the method, already {@code modelOptions.method}
     * @throws ModelLoadException for CAM (one layer by definition), a pixel attribution method and occlusion
     */
    private void refuseAtLayers(String method) throws ModelLoadException {
        if (ModelOptions.isCam(method)) {
            throw new ModelLoadException("--layers fuses several layers' maps, and CAM weighs the last convolution's"
                    + " features by the classifier's kernel, one layer by definition");
        }
        if (MethodNames.isPixelMethod(method)) {
            throw new ModelLoadException("--layers fuses several layers' maps, and " + modelOptions.methodTitle()
                    + " " + MethodNames.pixelGradientsAt(method));
        }
        if (MethodNames.isOcclusion(method)) {
            throw new ModelLoadException("--layers fuses several layers' maps, and occlusion paints the model's input"
                    + " and reads its probabilities, no layer");
        }
    }

    /** @return whether the method takes no layer, so that --layers skips it ({@link #refuseAtLayers}) */
    private static boolean takesNoLayer(String method) {
        return ModelOptions.isCam(method) || MethodNames.isPixelMethod(method) || MethodNames.isOcclusion(method);
    }

    /**
     * Opens the model before the pictures are read, as the methods' sessions will borrow it ({@link LoadedModels}
     * keeps it, so that nothing is loaded twice): CAM's first ({@link #openForCamFirst}), then each method's in turn
     * until one opens. A model that every method fails to open for one reason is the model's fault (two outputs, a
     * uint8 input), refused in the loader's words: it was said once every method had failed on it, after the test
     * digits were read (with a --data folder lacking them, the user heard of the dataset instead; by default, waited
     * for a download) or the pictures had been. A method the model refuses for itself is still said in its turn.
     *
     * @param chosen the methods, in order
     * @param dir the model's folder, {@code --model} resolved
     * @param opened the models the methods' sessions borrow
     * @return the model the first method that opens it opened (one of them at the first layer, with {@code --layers}):
     *     what its features' channels and its input's size are for {@link #runs}
     * @throws ModelLoadException the refusal every method met
     */
    private CamModel openModel(List<String> chosen, Path dir, LoadedModels opened) throws ModelLoadException {
        openForCamFirst(chosen, dir, opened);
        ModelLoadException refusal = null;
        for (String method : chosen) {
            modelOptions.method = method;
            LoadOptions options = modelOptions.loadOptions();
            try {
                if (modelOptions.layers == null) {
                    CamModel model = opened.forMethod(dir, options);
                    layerChannels = List.of(model.channels());
                    return model;
                }
                refuseAtLayers(method);
                List<CamModel> atLayers = opened.atLayers(dir, options, modelOptions.layers);
                layerChannels = atLayers.stream().map(CamModel::channels).toList();
                return atLayers.get(0);
            } catch (ModelLoadException e) {
                if (refusal != null && !refusal.getMessage().equals(e.getMessage())) {
                    // Methods refused for their own reasons: each is said in its turn. No model to read the channels
                    // of: the bar counts a picture of the methods that run once per channel as one run.
                    return null;
                }
                if (refusal == null) {
                    refusal = e;
                }
            }
        }
        throw refusal;
    }

    /**
     * Opens the model for CAM before any other method when CAM is among them (and no {@code --layers}, which CAM does not
     * take): the others' gradient ops are then added to its graph ({@link LoadedModels}), one load for all, where a
     * gradient method first in {@code --methods} had the folder loaded twice. A model CAM cannot open is refused to CAM
     * when its turn comes, as before, and the others load it for themselves.
     */
    private void openForCamFirst(List<String> chosen, Path dir, LoadedModels opened) {
        if (modelOptions.layers != null) {
            return;
        }
        for (String method : chosen) {
            if (ModelOptions.isCam(method)) {
                modelOptions.method = method;
                try {
                    opened.forMethod(dir, modelOptions.loadOptions());
                } catch (ModelLoadException e) {
                    // Kept by the models opened, and said as CAM's refusal in its turn.
                }
                return;
            }
        }
    }

    /**
     * @return whether {@code --eigen-smooth} smooths the method: all but Eigen-CAM, KPCA-CAM, FEM, occlusion and the
     *     pixel attribution methods (no feature layer)
     */
    private static boolean smoothable(String method) {
        return !MethodNames.isEigenCam(method) && !MethodNames.isFem(method) && !MethodNames.isKpcaCam(method)
                && !MethodNames.isOcclusion(method) && !MethodNames.isPixelMethod(method);
    }

    /**
     * Refuses more pictures, or a {@code --first} of more digits, than a figure that can be viewed holds: before the
     * model is opened, as a usage error should not wait for it.
     *
     * @param files the PICTURE files ({@link FigurePictures#files}); empty for the test digits
     */
    private void checkCount(List<Path> files) {
        if (files.isEmpty()) {
            ArticleFigure.checkCount(first);
        } else if (files.size() > ArticleFigure.MAX_DIGITS) {
            throw new UsageException("at most " + ArticleFigure.MAX_DIGITS + " pictures make a figure that can be"
                    + " viewed, got " + files.size());
        }
    }

    /**
     * Reads the pictures (or the dataset's first digits), with a name each for errors and a caption for the figure.
     *
     * @param files the PICTURE files ({@link FigurePictures#files}); empty for the test digits
     */
    private void load(List<Path> files, List<Mat> images, List<String> names, List<String> captions) throws Exception {
        if (!files.isEmpty()) {
            FigurePictures.addFiles(files, images, names, captions, line -> say("note", line));
            return;
        }
        io.github.cam4j.data.Dataset dataset = DataOption.open(data, true);
        LabeledImages test = dataset.test();
        ArticleFigure.checkCount(first, test, dataset.dir());
        FigurePictures.addTestDigits(test, first, images, names, captions, trueClasses);
    }

    /**
     * Explains every picture with one method, timing its explain calls, over the model {@code opened} lends.
     *
     * @param dir the model's folder, {@code --model} resolved
     * @param runs the bar's count of each picture for the method ({@link #runs})
     * @return what it gave
     * @throws ModelLoadException when the model does not allow the method (or cannot be opened at all)
     */
    private Ran explainWith(String method, Path dir, LoadedModels opened, List<Mat> images, List<String> names,
            Target target, me.tongfei.progressbar.ProgressBar bar, long[] runs)
            throws CamException, ModelLoadException {
        modelOptions.method = method;
        LoadOptions options = modelOptions.loadOptions();
        try (CamSession cam = openFor(method, dir, opened, options)) {
            // In explain's words: "--" before the library's said "--class index 10".
            TargetProblem.check(target, cam.model().classes());
            classNames = cam.model().labels();
            if (bar != null) {
                bar.setExtraMessage(" " + modelOptions.shownTitle());
            }
            // The graph's first run builds and tunes it, and the JVM compiles the maps' Java on the first method's
            // pictures: with one picture as warm-up, the first method came out 6 to 9 times slower than when second.
            // So the first batch is explained twice and the second time kept, unless the first took long enough that
            // building the graph is a small part of it: a warm-up of Score-CAM on a ResNet50 had cost 51 s a picture.
            int first = Math.min(images.size(), BATCH);
            Map<Integer, InvalidInputException> failed = new TreeMap<>();
            long start = System.nanoTime();
            List<ImageExplanation> firstBatch = explainBatch(cam, images, names, 0, first, target, failed);
            long firstNanos = System.nanoTime() - start;
            if (firstNanos < WARM_UP_AGAIN_NANOS && failed.isEmpty()) {
                // Not again when a picture failed: it would fail again, its batch explained a picture at a time again.
                start = System.nanoTime();
                firstBatch = explainBatch(cam, images, names, 0, first, target, failed);
                firstNanos = System.nanoTime() - start;
            }
            List<ImageExplanation> explanations = new ArrayList<>(firstBatch);
            long nanos = firstNanos;
            if (bar != null) {
                bar.stepBy(Arrays.stream(runs, 0, first).sum());
            }
            for (int from = first; from < images.size(); from += BATCH) {
                int to = Math.min(images.size(), from + BATCH);
                start = System.nanoTime();
                List<ImageExplanation> batch = explainBatch(cam, images, names, from, to, target, failed);
                nanos += System.nanoTime() - start;
                explanations.addAll(batch);
                if (bar != null) {
                    bar.stepBy(Arrays.stream(runs, from, to).sum());
                }
            }
            return new Ran(method, modelOptions.shownTitles(), explanations, nanos, failed);
        }
    }

    /**
     * Explains pictures {@code from} to {@code to} in one call. When the method refuses one of them (an
     * {@link InvalidInputException}: a Finer-CAM or KPCA-CAM map that overflows float32 at the settings given, for that
     * picture's features alone) they are explained a picture at a time, as explain explains a refused batch, so that
     * the others are drawn and the refused ones named: one picture's overflow had stopped the whole comparison, nothing
     * written.
     *
     * @param failed where each refused picture's failure goes, by its place among all the pictures
     * @return an explanation per picture, null for each refused one
     */
    private static List<ImageExplanation> explainBatch(CamSession cam, List<Mat> images, List<String> names, int from,
            int to, Target target, Map<Integer, InvalidInputException> failed) throws CamException {
        try {
            return cam.explain(images.subList(from, to), names.subList(from, to), target);
        } catch (InvalidInputException refused) {
            List<ImageExplanation> out = new ArrayList<>(to - from);
            for (int i = from; i < to; i++) {
                try {
                    out.add(cam.explain(images.subList(i, i + 1), names.subList(i, i + 1), target).get(0));
                } catch (InvalidInputException e) {
                    failed.put(i, e);
                    out.add(null);
                }
            }
            return out;
        }
    }

    /**
     * Says each failure of a method on a picture as an error line, "cam4j: error: finercam: Finer-CAM's map of image
     * test digit 1 is not finite: ...", methods that failed in the same words (a picture every method refuses) on one
     * line, as the skipped methods' lines are.
     *
     * @return how many maps (pictures times methods) could not be made
     */
    private int sayFailed(List<Ran> ran) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        int maps = 0;
        for (Ran r : ran) {
            for (InvalidInputException why : r.failed().values()) {
                String line = ErrorHandler.withTypedModel(ErrorHandler.line(ErrorHandler.asOptions(why,
                        spec.commandLine().getParseResult()), CamWayOut.NONE), spec.commandLine().getParseResult());
                byReason.computeIfAbsent(line, l -> new ArrayList<>()).add(r.name());
                maps++;
            }
        }
        PrintWriter err = spec.commandLine().getErr();
        byReason.forEach((line, names) -> err.println("cam4j: error: " + String.join(", ", names) + ": " + line));
        err.flush();
        return maps;
    }

    /**
     * A first batch that took less than this is explained again and timed the second time (its first run is mostly
     * the graph's building); one that took longer is kept as it is.
     */
    static final long WARM_UP_AGAIN_NANOS = 2_000_000_000L;

    /**
     * @param chosen the methods, in order
     * @param model the model {@link #openModel} opened, or null when none opened (each method then refused)
     * @param images the pictures
     * @return per method and picture, the model runs of one picture it costs ({@link MethodRuns}), which the bar counts
     */
    private long[][] runs(List<String> chosen, CamModel model, List<Mat> images) {
        long[][] runs = new long[chosen.size()][images.size()];
        for (int m = 0; m < chosen.size(); m++) {
            for (int i = 0; i < images.size(); i++) {
                // A model that takes any size is fed the picture at about its own (an estimate: --fit may frame it).
                boolean sized = model != null && model.input().height() > 0 && model.input().width() > 0;
                int height = sized ? model.input().height() : images.get(i).rows();
                int width = sized ? model.input().width() : images.get(i).cols();
                // A method --layers skips (refuseAtLayers) makes none: counted, it was stepped as done on its turn.
                runs[m][i] = modelOptions.layers != null && takesNoLayer(chosen.get(m)) ? 0
                        : MethodRuns.perPicture(chosen.get(m), modelOptions.methodOptions, layerChannels, height,
                                width, modelOptions.augSmooth);
            }
        }
        return runs;
    }

    /**
     * @param runs per method and picture, the model runs the bar counts
     * @return the methods' places, the costliest first (in --methods' order among equals): the bar's pace is then taken
     *     on the work that makes most of the run. In --methods' order, CAM, Grad-CAM and Eigen-CAM before SS-CAM, its
     *     pace was theirs, about a second each of opening and warming for 64 runs, and SS-CAM's minute after them read
     *     55 minutes left.
     */
    static int[] costliestFirst(long[][] runs) {
        long[] cost = Arrays.stream(runs).mapToLong(r -> Arrays.stream(r).sum()).toArray();
        return IntStream.range(0, runs.length).boxed()
                .sorted(java.util.Comparator.comparingLong((Integer m) -> cost[m]).reversed())
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * @param total the model runs of one picture every method makes on every picture ({@link MethodRuns}): counted by
     *     the picture, SS-CAM's 4 481 runs a digit weighed as much as CAM's one, and the time left read 1 s as SS-CAM
     *     began a minute's work
     * @param maps pictures times methods
     * @return model runs made, rate and time left on standard error, with the method under way; on a terminal always
     *     (redrawn in place), in a log only from {@value #PROGRESS_FROM} pictures times methods; else, and when
     *     {@code total} is 0 (every method skipped), null
     */
    private me.tongfei.progressbar.ProgressBar progressBar(long total, long maps) {
        boolean terminal = io.github.cam4j.ProgressBars.stderrIsTerminal();
        if (total == 0) {
            // Every method skipped by --layers: no run to count, where the bar had read "? % [] 0/0 model runs".
            return null;
        }
        if (!terminal && maps < PROGRESS_FROM) {
            return null;
        }
        PrintWriter err = spec.commandLine().getErr();
        // Paced from its start: the model and the pictures are loaded before it is built, and its first step is the
        // costliest method's first batch (costliestFirst), the best measure of the pace there is.
        return io.github.cam4j.ProgressBars.builder("compare", RUNS_UNIT, 1, total, true)
                .setConsumer(terminal ? io.github.cam4j.ProgressBars.console(System.err)
                        : io.github.cam4j.ProgressBars.logLines(line -> {
                            err.println(line);
                            err.flush();
                        }))
                .build();
    }

    /** What compare's bar counts: model runs of one picture ({@link MethodRuns}). */
    static final String RUNS_UNIT = " model runs";

    /**
     * In a log, the bar is written from this many pictures times methods on: the default, 6 digits by all 25 methods
     * (150), writes it.
     */
    static final long PROGRESS_FROM = 100;

    /**
     * Says in one line per reason which methods were skipped, and why: methods skipped for the same reason (every
     * gradient method on a model whose gradients cannot be trusted) share a line, which had been said once per method,
     * once per method.
     */
    private void saySkipped(Map<String, ModelLoadException> skipped) {
        Map<String, List<String>> byReason = new LinkedHashMap<>();
        skipped.forEach((method, why) -> byReason.computeIfAbsent(reason(why), r -> new ArrayList<>()).add(method));
        PrintWriter stdout = spec.commandLine().getOut();
        byReason.forEach((reason, names) -> stdout.printf(Locale.ROOT, "%s: skipped: %s%n", String.join(", ", names), reason));
        stdout.flush();
    }

    /** @return why a method was skipped, on one line, without the model's path that starts the reason */
    private String reason(ModelLoadException why) {
        // On one line, as the error handler would say it (the library's message goes on with what was found).
        // The inspect command it points to made the one to type, as the error lines' is (ErrorHandler.withTypedModel).
        String reason = ErrorHandler.withTypedModel(ErrorHandler.line(why, CamWayOut.NONE),
                spec.commandLine().getParseResult());
        String model = String.valueOf(modelOptions.model);
        // Only "MODEL: why": a reason that goes on "MODEL has ..." lost all but its last clause, cut at its first ": ".
        if (reason.startsWith(model + ": ")) {
            reason = reason.substring(model.length() + 2);
        }
        return reason;
    }

    private void writeFigure(List<Mat> images, List<String> captions, List<Ran> ran) throws ImageException {
        List<String> headers = new ArrayList<>();
        headers.add("picture");
        ran.forEach(r -> headers.add(r.title()));
        List<ExplainOverlay> rowOverlays = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            rowOverlays.add(rowOverlay(images.get(i), captions.get(i), i, ran));
        }
        String flatCaption = flatCaption(images, rowOverlays, ran);
        Map<String, Set<String>> unnamed = new LinkedHashMap<>();
        // The captions they were left out beside, by cell size: at 96x72 the flat maps' "flat  Grad-CAM" named them
        // while "7  p=1.000" did not, and "too small to name Grad-CAM in their captions" was untrue of the first.
        Map<String, Set<String>> besides = new LinkedHashMap<>();
        double font = captionFont(images, captions, rowOverlays, ran, flatCaption);
        List<Mat> cells = new ArrayList<>();
        try {
            for (int i = 0; i < images.size(); i++) {
                Mat image = images.get(i);
                ExplainOverlay row = rowOverlays.get(i);
                int[] size = row.size(image);
                double captionSize = Draw.labelSizeIn(size[0], size[1], font);
                if (FigureGrid.stretched(image.rows(), image.cols(), row.factor(image), maxSide)) {
                    say("note", FigurePictures.stretchedNote(captions.get(i), image, size, maxSide));
                }
                cells.add(FigureGrid.cell(image, size[0], size[1], captions.get(i), captionSize));
                for (Ran r : ran) {
                    if (!r.made(i)) {
                        cells.add(FigureGrid.cell(image, size[0], size[1], NOT_EXPLAINED, captionSize));
                        continue;
                    }
                    ExplainOverlay overlay = withTitles(row, r.titles());
                    ImageExplanation e = r.explanations().get(i);
                    CamResult first = e.first();
                    String caption = ExplainOverlay.flat(first) ? flatCaption
                            : ExplainOverlay.classCaption(first, captionName(first));
                    String drawn = overlay.captionLine(caption, size[0], size[1]).text();
                    if (r.titles().nameable() && !r.titles().names(drawn)) {
                        unnamed.computeIfAbsent(size[1] + "x" + size[0], k -> new LinkedHashSet<>()).add(r.title());
                        besides.computeIfAbsent(size[1] + "x" + size[0], k -> new LinkedHashSet<>())
                                .add("\"" + caption + "\"");
                    }
                    cells.add(overlay.draw(image, e, first, captionName(first), flatCaption, captionSize));
                }
            }
            // Said, not left to be seen: a cell without its method's name reads as plain CAM's, which is named by
            // none; the column's header still names it.
            unnamed.forEach((size, titles) -> say("note", "cells of " + size + " are too small to name "
                    + String.join(", ", titles) + " beside " + String.join(" or ", besides.get(size)) + " in their"
                    + " captions, even in a font three quarters of a label's: the columns' headers name them"));
            try (Mat figure = FigureGrid.table(cells, headers);
                    Mat keyed = ColourKey.under(figure, renderOptions.colormap(), ColourKey.Scale.MIN_MAX)) {
                Images.writeFigure(keyed, out);
            }
        } finally {
            cells.forEach(Mat::close);
        }
    }

    /**
     * @return the font every caption of the figure is drawn in ({@link Draw#labelFont}): the smallest a cell's caption
     *     takes, a label's own on the smallest cells or less where a cell's names its method in a smaller one. Each
     *     cell in its own, a 640x480 picture's row was captioned in letters 1.8 times as tall as a digit's row above
     *     it, and at 112x112 "7 p=1.000 Grad-CAM" was drawn smaller than CAM's "7  p=1.000" beside it.
     */
    private static double captionFont(List<Mat> images, List<String> captions, List<ExplainOverlay> rowOverlays,
            List<Ran> ran, String flatCaption) {
        double font = Double.POSITIVE_INFINITY;
        for (int i = 0; i < images.size(); i++) {
            int[] size = rowOverlays.get(i).size(images.get(i));
            // The picture's name and a cell not explained, at a label's size.
            font = Math.min(font, Draw.labelFont(size[0], size[1], 1));
            for (Ran r : ran) {
                if (r.made(i)) {
                    CamResult first = r.explanations().get(i).first();
                    String caption = ExplainOverlay.flat(first) ? flatCaption
                            : ExplainOverlay.classCaption(first, captionName(first));
                    double own = withTitles(rowOverlays.get(i), r.titles()).captionLine(caption, size[0], size[1])
                            .size();
                    font = Math.min(font, Draw.labelFont(size[0], size[1], own));
                }
            }
        }
        return font;
    }

    /**
     * @return the overlay a row's cells are drawn by (their titles aside), its cells large enough for the row's
     *     captions: at --min-side 0 a digit's "7  p=1.000" was cut to "7"
     */
    private ExplainOverlay rowOverlay(Mat image, String caption, int i, List<Ran> ran) {
        List<String> rowCaptions = new ArrayList<>();
        rowCaptions.add(caption);
        for (Ran r : ran) {
            if (!r.made(i)) {
                rowCaptions.add(NOT_EXPLAINED);
                continue;
            }
            CamResult first = r.explanations().get(i).first();
            rowCaptions.add(ExplainOverlay.classCaption(first, captionName(first)));
        }
        int side = Math.min(image.rows(), image.cols())
                * Annotation.enlargementHolding(image.rows(), image.cols(), minSide, rowCaptions);
        return new ExplainOverlay(renderOptions.colormap(), renderOptions.alpha(), renderOptions.threshold(), side,
                maxSide, false, CaptionTitles.of("CAM"));
    }

    private static ExplainOverlay withTitles(ExplainOverlay row, CaptionTitles titles) {
        return new ExplainOverlay(row.colormap(), row.alpha(), row.threshold(), row.minSide(), row.maxSide(),
                row.positiveHeat(), titles);
    }

    /**
     * @return what every flat map of the figure says before its method: {@link Annotation#FLAT} where one flat cell's
     *     caption is shortened to it (beside its method's name, or where "no evidence" does not fit), else "no
     *     evidence". Chosen cell by cell, CAM's flat cell said "no evidence" at 128x96, having no name to make room
     *     for, beside "flat  Grad-CAM" and "flat  Grad-CAM++" in the same row.
     */
    private String flatCaption(List<Mat> images, List<ExplainOverlay> rowOverlays, List<Ran> ran) {
        for (int i = 0; i < images.size(); i++) {
            int[] size = rowOverlays.get(i).size(images.get(i));
            for (Ran r : ran) {
                if (r.made(i) && ExplainOverlay.flat(r.explanations().get(i).first())
                        && r.titles().inCell(Annotation.NO_EVIDENCE, size[0], size[1]).text()
                                .startsWith(Annotation.FLAT)) {
                    return Annotation.FLAT;
                }
            }
        }
        return Annotation.NO_EVIDENCE;
    }

    /** Prints a line per method: time per picture, and agreement with the first method's maps. */
    private void report(List<Ran> ran, int count) {
        PrintWriter stdout = spec.commandLine().getOut();
        Ran reference = ran.get(0);
        stdout.printf(Locale.ROOT, "wrote %s: %d picture%s x %d method%s%n", out, count, count == 1 ? "" : "s", ran.size(),
                ran.size() == 1 ? "" : "s");
        // Titles padded to the longest, at least 12 (Ablation-CAM): a smoothed title, "Grad-CAM++ (eigen-smooth,
        // aug-smooth)", had pushed its line's figures out of the column.
        int width = Math.max(12, ran.stream().mapToInt(r -> r.title().length()).max().orElse(0));
        String title = "%-" + width + "s";
        // A reference without a map on any picture (Grad-CAM in CAM's place at a layer before its ReLU, whose ReLU'd
        // weighted sum was flat on a 7) had each other line say "Spearman vs Grad-CAM n/a  same peak 0/0",
        // as if every method were flat: its line says why once, and the others give their times alone.
        // A picture a method failed on (named on standard error) is left out of its figures, and out of the others'
        // where it is the reference's: each line says on how many it failed.
        int referenceMade = count - reference.failed().size();
        int flat = (int) IntStream.range(0, count)
                .filter(i -> reference.made(i) && !reference.explanations().get(i).first().hasEvidence()).count();
        for (Ran r : ran) {
            double ms = r.nanos() / 1e6 / count;
            if (r == reference) {
                // One parenthesis: "(the reference for the others)  (not explained: ...)" read as two remarks.
                stdout.printf(Locale.ROOT, title + " %8.2f ms/picture  (the reference for the others%s%s)%n", r.title(),
                        ms, flatReference(flat, referenceMade), failedClause(r, count, "; "));
                continue;
            }
            // The pictures both maps were made on: every picture, unless a method failed on some.
            int[] both = IntStream.range(0, count).filter(i -> reference.made(i) && r.made(i)).toArray();
            int referenceFlat = (int) Arrays.stream(both)
                    .filter(i -> !reference.explanations().get(i).first().hasEvidence()).count();
            if (referenceFlat == both.length) {
                stdout.printf(Locale.ROOT, title + " %8.2f ms/picture%s%n", r.title(), ms, failedNote(r, count));
                continue;
            }
            // Another method flat on every picture (Grad-CAM at a layer before its ReLU, Eigen-CAM the reference) had
            // "Spearman vs Eigen-CAM n/a  same peak 0/0", figures that read like a result: its line says it is flat.
            // So too when it is flat on each picture the reference is not (Score-CAM beside Grad-CAM on MNIST test
            // digits 0 and 1, each flat on one): no picture is left to compare on.
            int ownFlat = 0;
            int flatWhereReferenceIsNot = 0;
            for (int i : both) {
                if (!r.explanations().get(i).first().hasEvidence()) {
                    ownFlat++;
                    if (reference.explanations().get(i).first().hasEvidence()) {
                        flatWhereReferenceIsNot++;
                    }
                }
            }
            if (flatWhereReferenceIsNot == both.length - referenceFlat) {
                // Flat everywhere is said so, though the reference is flat on some pictures too.
                stdout.printf(Locale.ROOT, title + " %8.2f ms/picture  (%s%s)%n", r.title(), ms,
                        flatMethod(both.length, ownFlat == both.length ? 0 : referenceFlat, reference.title()),
                        failedClause(r, count, "; "));
                continue;
            }
            MapAgreement agreement = new MapAgreement();
            for (int i : both) {
                agreement.add(reference.explanations().get(i).first(), r.explanations().get(i).first());
            }
            // The pictures it failed on are said in the peaks' parenthesis where there is one: the line ended "same peak
            // 0/2 (5.0 px apart on average)  (not explained: 1 of the 3 pictures, named above)", two remarks in a row.
            stdout.printf(Locale.ROOT, title + " %8.2f ms/picture  Spearman vs %s %s  same peak %d/%d%s%n", r.title(),
                    ms, reference.title(), agreement.correlated() == 0 ? "n/a" : String.format(Locale.ROOT, "%.3f (%d)",
                            agreement.meanSpearman(), agreement.correlated()),
                    agreement.samePeak(), agreement.peaksCompared(), agreement.peaksCompared() == 0 ? failedNote(r, count)
                            : String.format(Locale.ROOT, " (%.1f px apart on average%s)", agreement.meanPeakDistance(),
                                    failedClause(r, count, "; ")));
        }
        stdout.flush();
    }

    /**
     * @param r a method
     * @param count the pictures
     * @return what its line ends with when it failed on some pictures, "  (not explained: 1 of the 3 pictures, named
     *     above)"; empty when it failed on none
     */
    static String failedNote(Ran r, int count) {
        String failed = failedClause(r, count, "");
        return failed.isEmpty() ? "" : "  (" + failed + ")";
    }

    /**
     * @param r a method
     * @param count the pictures
     * @param before what goes before the clause, for a line that has a parenthesis of its own to end it in
     * @return {@code before} then "not explained: 1 of the 3 pictures, named above" when it failed on some pictures;
     *     empty when it failed on none
     */
    static String failedClause(Ran r, int count, String before) {
        int failed = r.failed().size();
        return failed == 0 ? "" : before + String.format(Locale.ROOT, "not explained: %d of the %d pictures, named above",
                failed, count);
    }

    /**
     * @param flat on how many pictures the reference's map is flat (nothing to rank, no hottest point)
     * @param count the pictures
     * @return what the reference's line adds in its parentheses: why the others have no agreement, or on how many
     *     pictures they are not compared; empty when its every map holds evidence
     */
    static String flatReference(int flat, int count) {
        if (flat == 0) {
            return "";
        }
        if (flat == count) {
            return count == 1 ? ", but its map is flat on the picture: nothing to compare the others' with"
                    : ", but its map is flat on every picture: nothing to compare the others' with";
        }
        return String.format(Locale.ROOT, "; its map is flat on %d of the %d pictures, which the others are not compared"
                + " on", flat, count);
    }

    /**
     * @param count the pictures
     * @param referenceFlat on how many of them the reference's map is flat, fewer than {@code count}; a method other
     *     than the reference has a flat map on each of the others (0 when its map is flat on every picture)
     * @param reference the reference method's title
     * @return what that method's line says in place of its agreement with the reference
     */
    static String flatMethod(int count, int referenceFlat, String reference) {
        int left = count - referenceFlat;
        String where = referenceFlat == 0 ? (count == 1 ? "on the picture" : "on every picture")
                : left == 1 ? "on the picture where " + reference + "'s is not"
                : "on the " + left + " pictures where " + reference + "'s is not";
        return "its map is flat " + where + ": nothing to compare with " + reference + "'s";
    }

    /** @return the label when the installed fonts draw it, else the class index (as explain captions) */
    private static String captionName(CamResult r) {
        return Draw.canDraw(r.label()) ? r.label() : Integer.toString(r.classIndex());
    }

    /**
     * Says a session's note or warning on standard error, once however many methods' sessions say it; on a terminal on
     * a line of its own, as a picture's warning comes while the bar is drawn, which had left it after the bar's text
     * ("... pictures/s CAMcam4j: warning: ...").
     */
    private void say(String kind, String line) {
        if (said.add(kind + line)) {
            spec.commandLine().getErr().println(io.github.cam4j.ProgressBars.ownLine("cam4j: " + kind + ": " + line));
            spec.commandLine().getErr().flush();
        }
    }

    /** Checks a {@code --methods} entry as {@code --method} is checked (exit 2 with the choices), or {@code all}. */
    static final class MethodsValue implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            if (value.strip().equalsIgnoreCase("all")) {
                return value;
            }
            try {
                return new MethodNames.MethodValue().convert(value);
            } catch (CommandLine.TypeConversionException e) {
                throw new CommandLine.TypeConversionException(e.getMessage() + ", or all");
            }
        }
    }

    /**
     * Takes {@code --method} out of the options the model's mixin brings: compare runs every method of
     * {@code --methods}, and a {@code --method} it took would be ignored.
     */
    static final class WithoutMethod implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            command.remove(command.findOption("--method"));
            return command;
        }
    }
}
