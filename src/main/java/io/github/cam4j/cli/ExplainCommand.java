package io.github.cam4j.cli;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ExplainingThread;
import io.github.cam4j.cam.ExplanationStoppedException;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.InvalidInputException;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.ColourKey;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FigureGrid;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import io.github.cam4j.savedmodel.InputCrop;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cam4j explain}: class activation maps of image files, one overlay PNG each, or the article's figure over
 * the first digits of a dataset's test set.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explain images: one overlay PNG per image and a line with class, probability and CAM box.",
            "With --data and --grid: the article's figure over the first test digits."})
final class ExplainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    RenderOptions renderOptions;

    @Parameters(paramLabel = "IMAGE", arity = "0..*", description = "image files (PNG, JPEG, BMP...), or folders: the "
            + "image files directly in them, by name (hidden files left out)")
    List<Path> images = new ArrayList<>();

    @Option(names = "--out", description = "the folder for the overlay PNGs; " + OutputFolder.CREATED_IF_ABSENT)
    Path out;

    @Mixin
    FitOption fit;

    @Option(names = "--class", description = "explain this class instead of the predicted one")
    Integer classIndex;

    @Option(names = "--top-k", description = "explain the k most probable classes (one overlay each)")
    Integer topK;

    /** The options that shape the overlays of IMAGE files, which the figure of {@code --grid} does not take. */
    static final List<String> IMAGE_ONLY = List.of("--out", "--class", "--top-k", "--json", "--fit", "--min-side",
            "--colormap", "--alpha", "--threshold", "--keep-going");

    /** From this many images on, {@code explain} shows a progress bar. */
    static final int PROGRESS_FROM = 20;
    /** Pictures per model run. */
    static final int BATCH_IMAGES = 64;
    /** A batch closes once its pictures hold this many pixels (16 phone photos of 12 MP; 64 MNIST digits are 50 176). */
    static final long BATCH_PIXELS = 200_000_000L;

    @Option(names = "--json", description = "print one JSON array instead of lines: an entry per overlay; when the run "
            + "stops on a failure (exit code 1, or 2 for a usage error), a last entry {\"image\": FILE or null, "
            + "\"error\": \"...\"}; with --keep-going, such an entry in the place of each image skipped")
    boolean json;

    /** The length of the progress bar's line as last drawn; 0 while no bar is drawn. */
    private int barLineLength;

    /** Whether standard error has said that a label is captioned by its class index. */
    private boolean undrawableNoted;
    /** Whether a picture of dark ink on paper, fed as it is to a model that cannot say its ink, was noted (once a run). */
    private boolean inkNoted;
    /** The sizes of the overlays whose captions could not name the method, said once at the end of the run. */
    private final Set<String> unnamedSizes = new LinkedHashSet<>();
    /** The captions the method's name was left out beside on those overlays. */
    private final Set<String> unnamedBeside = new LinkedHashSet<>();

    /** The image whose failure stopped the run, for {@code --json}'s last entry; null when none or no one image's. */
    private Path failedImage;
    /** This command's thread inside the library's explain call, which a signal interrupts. */
    private final ExplainingThread explaining = new ExplainingThread();
    /** Whether a signal's stop was said (with --json, the document printed), before the JVM could end. */
    private volatile boolean stoppedSaid;

    /** Why a batch's picture was refused, when {@link #explain} explained only those before it. */
    private InvalidInputException batchFailure;

    @Option(names = "--force", description = "overwrite existing output files")
    boolean force;

    @Option(names = "--keep-going", description = "an image that cannot be read or explained is reported (an error line;"
            + " with --json an entry) and skipped, and the others are explained; the exit code is then 1")
    boolean keepGoing;

    /** Images skipped under {@code --keep-going}. */
    private int skipped;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--layers", split = ",", paramLabel = "TENSORS", description = ModelOptions.LAYERS_HELP)
    List<String> layers;

    @Option(names = "--layers-form", paramLabel = "FORM", description = ModelOptions.LAYERS_FORM_HELP)
    String layersForm;

    @Option(names = "--data", description = "with --grid: dataset folder (default: $CAM4J_DATA, else ~/.cache/cam4j/mnist, downloaded if absent)")
    Path data;

    @Option(names = "--first", defaultValue = "16", description = "with --grid: how many test digits, at most "
            + ArticleFigure.MAX_DIGITS + " (default: ${DEFAULT-VALUE})")
    int first;

    /** {@code --min-side}'s default, at which a picture's overlay is large enough to name its method. */
    static final int DEFAULT_MIN_SIDE = 160;

    @Option(names = "--min-side", defaultValue = "" + DEFAULT_MIN_SIDE, description = "overlays of smaller images are drawn enlarged by"
            + " a whole factor (pixels as blocks) until their shorter side reaches this, so that a 28x28 digit can be seen"
            + " and its caption read; boxes stay in image pixels; 0 draws every overlay at its image's size (default:"
            + " ${DEFAULT-VALUE})")
    int minSide;

    @Option(names = "--heat", defaultValue = "minmax", paramLabel = "minmax|positive", converter = Choices.Heat.class,
            description = "how the map is coloured: minmax (the CAM paper's code: lowest value to highest, so the colour of"
                    + " 0 differs from picture to picture) or positive (Grad-CAM's: the positive part over the maximum,"
                    + " 0 the colormap's lowest colour in every picture, and the box's cut a contour of the colours)"
                    + " (default: ${DEFAULT-VALUE}); overlays and --grid")
    String heat;

    @Option(names = "--ink", paramLabel = "light|dark", description = "the ink of the model's training pictures: light"
            + " (on a dark ground, as MNIST: dark-on-light pictures are then inverted, and explain frames a photo of a"
            + " digit as MNIST framed its digits) or dark (--invert auto then inverts no picture, light-on-dark ones"
            + " neither, and none is framed) " + ModelOptions.INK_DEFAULT)
    void ink(String ink) {
        modelOptions.ink = ink;
    }

    @Option(names = "--grid", description = "write the article's figure (original beside overlay, label, probability) to this file "
            + OutputFolder.FIGURE_FORMAT + "; " + OutputFolder.FOLDER_MUST_EXIST)
    Path grid;

    @Override
    public Integer call() throws Exception {
        if (grid == null && !images.isEmpty() && out == null) {
            // A mistyped command line, answered as picocli answers one (exit 2, the help named, and under --json one
            // array); picocli cannot require --out itself, since --grid writes its one file without it.
            throw new CommandLine.MissingParameterException(spec.commandLine(), spec.findOption("--out"),
                    "Missing required option: '--out=<out>', the folder for the overlay PNGs");
        }
        if (grid == null && images.isEmpty()) {
            // Nothing to explain is a mistyped command line too (it exited 1, as a failure, after loading the model).
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "give at least one IMAGE, or --grid FILE.png with --data");
        }
        if (!json) {
            return run(null);
        }
        // One document on standard output whatever happens: a reader that parses it learns what was written and, from
        // the last entry, what stopped the run (the same line goes to standard error; the exit code is 1, or 2 for
        // a command line that cannot mean anything).
        PrintWriter stdout = spec.commandLine().getOut();
        ExplainJson document;
        try {
            document = new ExplainJson(modelOptions.methodTitle(), heat.toLowerCase(Locale.ROOT),
                    modelOptions.eigenSmoothed(), modelOptions.augSmooth, layers,
                    layers == null ? null : layersFormName(),
                    modelOptions.methodOptions.recorded(modelOptions.method));
        } catch (UsageException e) {
            // A method setting that cannot apply (--fem-k -1) is found as the document's header is: still a document.
            ExplainJson failures = new ExplainJson(null, null);
            failures.addFailure(null, errorLine(e));
            failures.print(stdout);
            throw e;
        }
        int code;
        try {
            code = run(document);
        } catch (Exception | Error e) {
            document.addFailure(failedImage, errorLine(e));
            document.print(stdout);
            throw e;
        }
        if (!stoppedSaid) {
            document.print(stdout);
        }
        return code;
    }

    /** @return {@code --layers-form}'s form's name, pytorch-grad-cam's when left out, as the JSON records it */
    private String layersFormName() {
        modelOptions.layersForm = layersForm;
        return modelOptions.layersFormGiven().cliName();
    }

    /**
     * @param document where results go with {@code --json}, else null (a line per result)
     * @return the exit code
     */
    private int run(ExplainJson document) throws Exception {
        // Before any file is looked at: a command line that asks for two things that exclude each other.
        modelOptions.checkMethodOptions();
        modelOptions.layers = layers;
        modelOptions.layersForm = layersForm;
        modelOptions.checkLayers();
        modelOptions.refuseTensorsForCam();
        // Ctrl-C (SIGINT, SIGTERM) ended the run without a word, whether the model was loading or images were being
        // explained: now either is said, in a line (with --json, as the document's last entry).
        PrintWriter stdout = spec.commandLine().getOut();
        try (StopSignal stop = new StopSignal(() -> stopped("stopped before the model had loaded; nothing was written",
                document, stdout), "cam4j-explain-shutdown")) {
            if (stop.requested()) {
                // The signal came before this hook took over: EarlyStop said it (with --json, its own document).
                stoppedSaid = true;
                return StopSignal.STOPPED_EXIT;
            }
            return run(document, stop, stdout);
        }
    }

    private int run(ExplainJson document, StopSignal stop, PrintWriter stdout) throws Exception {
        renderOptions.validate();
        FigurePictures.checkMinSide(minSide);
        if (classIndex != null && topK != null) {
            throw new UsageException("--class and --top-k exclude each other");
        }
        // Whatever the model: a class is 0 or more, a top-k 1 or more (the model's class count is checked once it loads).
        if (classIndex != null && classIndex < 0) {
            throw new UsageException("--class must be 0 or more, got " + classIndex);
        }
        if (topK != null && topK < 1) {
            throw new UsageException("--top-k must be 1 or more, got " + topK);
        }
        if (grid != null) {
            if (!images.isEmpty()) {
                throw new UsageException("--grid explains dataset digits; give either IMAGE files or --grid");
            }
            for (String option : IMAGE_ONLY) {
                // The figure is drawn one way (FigureGrid); an option taken and ignored would pass its figure off as
                // what the user asked for (--class 3 drew the predicted classes).
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    throw new UsageException(option + " applies to IMAGE files; --grid draws the article's "
                            + "figure as it is (predicted classes, jet colormap, alpha 0.5, no box)");
                }
            }
            return writeGrid(stop, document, stdout);
        }
        if (images.isEmpty()) {
            throw new IllegalArgumentException("give at least one IMAGE, or --grid FILE.png with --data");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--first")) {
            // Silently ignored, it would suggest that only the first images were explained.
            throw new UsageException("--first counts the test digits of --grid; IMAGE files are all explained");
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--data")) {
            // Silently ignored, as --first had been, it would suggest the images were read from the dataset's folder.
            throw new UsageException("--data is the dataset of --grid's test digits; IMAGE files are read as they are");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            // Found before the model loads; creating the folder failed later with "X already exists", --force or not.
            throw new UsageException("--out " + out + " is a file, not a folder; choose a folder for the overlays");
        }
        // A user who wanted one file got a folder of that name with the overlay inside, and no word of it.
        OutputFolder.checkNotPictureName(out, "the overlays go in (NAME-cam.png each)", "overlays/");
        OutputFolder.checkWritableFolder("--out", out);
        for (Path given : images) {
            // A rerun would take the overlays written there as images (and with --force overwrite them while reading).
            if (Files.isDirectory(given) && ImageFiles.canonical(given).equals(ImageFiles.canonical(out))) {
                throw new IllegalArgumentException("--out " + out + " is also an IMAGE folder: its overlays would be taken "
                        + "as images on the next run; choose another folder for --out");
            }
        }
        // The pictures named one by one, not found in a folder given: two of these sharing an overlay are the command
        // line's fault (plannedOutputs).
        java.util.Set<Path> named = new java.util.HashSet<>();
        for (Path given : images) {
            if (!Files.isDirectory(given)) {
                named.add(ImageFiles.canonical(given));
            }
        }
        ImageFiles.requireEachOnce("IMAGE", images);
        images = ImageFiles.expandNoting(images, note -> {
            spec.commandLine().getErr().println("cam4j: note: " + note);
            spec.commandLine().getErr().flush();
        });
        Target target = classIndex != null ? Target.of(classIndex) : topK != null ? Target.topK(topK) : Target.predicted();
        // The overlays' names are checked before the model loads, which is slow; but --top-k 2147483647 built that many
        // names per picture before the model said how many classes it has (out of memory). Up front, a top-k is planned
        // to at most UPFRONT_TOP_K names; a larger one, once the model has taken it, in full.
        Target planning = target instanceof Target.TopK k && k.k() > UPFRONT_TOP_K ? Target.topK(UPFRONT_TOP_K) : target;
        List<Path> planned = plannedOutputs(planning, named);
        for (Path p : planned) {
            // A link to notes.txt: the overlay would be written in its format, found only once the model had run.
            OutputFolder.pictureThroughLinks("overlay", p);
            // A link into a missing or read-only folder, or a loop: the model ran, then the write failed ("OpenCV's
            // imwrite failed"); said before "add --force", which would not mend it.
            OutputFolder.writableThroughLinks("overlay", p);
            OutputFolder.writable("overlay", p, force);
        }
        try (CamSession cam = modelOptions.open(fit.framing(), fit.ownSize(), this::warn, this::noteInk);
                ProgressBar bar = images.size() >= PROGRESS_FROM ? progressBar(images.size()) : null) {
            // Checked before any picture: a class the model lacks is no one image's fault.
            // Named as typed: "top-k 11 is outside..." said the library's word, not the option (helper-68), and
            // "class index 10 is out of range" named no option either (helper-103).
            TargetProblem.check(target, cam.model().classes());
            if (planning != target) {
                planned = plannedOutputs(target, named);
                for (Path p : planned) {
                    OutputFolder.pictureThroughLinks("overlay", p);
                    OutputFolder.writableThroughLinks("overlay", p);
                    OutputFolder.writable("overlay", p, force);
                }
            }
            int overlaysPerImage = planned.size() / images.size();
            // A crop cam4j reads is placed (the map covers the part seen, outlined); one it cannot read is said, rather
            // than drawn as a map that looks placed.
            cam.model().inputCrop().flatMap(InputCrop::unplaceableNote).ifPresent(note -> {
                spec.commandLine().getErr().println("cam4j: note: model " + cam.model().source() + " " + note);
                spec.commandLine().getErr().flush();
            });
            // From here the loop below stops between two images, and says how far it got, before the JVM ends; a
            // signal during one picture's many method runs (SS-CAM's samples) stops them too (ExplainingThread).
            if (!stop.working(explaining::interrupt)) {
                return StopSignal.STOPPED_EXIT;
            }
            int written = 0;
            int explained = 0;
            // Pictures go to the model a batch at a time (one run per batch); a batch is capped in pixels too, since
            // photos are read whole before they are framed.
            for (int from = 0; from < images.size(); ) {
                if (stop.requested()) {
                    return stoppedAfter(explained, bar, document, stdout);
                }
                int batchStart = from;
                List<Path> files = new ArrayList<>();
                List<Mat> batch = new ArrayList<>();
                InvalidInputException unreadable = null;
                Path unreadableFile = null;
                try {
                    long pixels = 0;
                    while (from < images.size() && batch.size() < BATCH_IMAGES && pixels < BATCH_PIXELS) {
                        Path file = images.get(from++);
                        Mat image;
                        try {
                            image = readImage(file);
                        } catch (InvalidInputException e) {
                            // The pictures before it are still explained and written, as one at a time would have.
                            unreadable = e;
                            unreadableFile = file;
                            break;
                        }
                        batch.add(image);
                        files.add(file);
                        pixels += (long) image.rows() * image.cols();
                    }
                    List<ImageExplanation> explanations;
                    try {
                        explanations = batch.isEmpty() ? List.of() : explain(cam, batch, files, target);
                    } catch (ExplanationStoppedException e) {
                        // The signal's hook interrupted the batch's method runs: nothing of the batch was written.
                        return stoppedAfter(explained, bar, document, stdout);
                    }
                    if (!explanations.isEmpty()) {
                        // Made when its first overlay comes: a run that writes none (its one picture missing, a stop
                        // before the first) left an empty folder behind (helper-152).
                        // Only the last folder (checked above): a mistyped parent is no folder to make.
                        if (!Files.isDirectory(out)) {
                            Files.createDirectory(out);
                        }
                    }
                    for (int i = 0; i < explanations.size(); i++) {
                        written = write(batch.get(i), files.get(i), explanations.get(i), planned, written, document,
                                stdout);
                        explained++;
                        if (bar != null) {
                            bar.step();
                        }
                    }
                    if (explanations.size() < batch.size()) {
                        // A picture of the batch the model cannot take: the ones before it are written, as above.
                        stopOrSkip(files.get(explanations.size()), batchFailure,
                                images.size() - (batchStart + explanations.size()) - 1, document, bar);
                        written += overlaysPerImage; // its overlays' names stay unused, as planned
                        // The pictures after it in the batch (and an unreadable file ending the batch) come again.
                        from = batchStart + explanations.size() + 1;
                        continue;
                    }
                    if (unreadable != null) {
                        stopOrSkip(unreadableFile, unreadable, images.size() - from, document, bar);
                        written += overlaysPerImage;
                    }
                } finally {
                    batch.forEach(Mat::close);
                }
            }
        }
        stdout.flush();
        noteUnnamed();
        if (skipped > 0) {
            PrintWriter err = spec.commandLine().getErr();
            // "The others were written" when there were none sent the user looking for overlays that do not exist.
            if (skipped == images.size()) {
                err.printf(Locale.ROOT, "cam4j: error: %s (named above); no overlay was written%n", images.size() == 1
                        ? "the image could not be explained" : "none of the " + images.size() + " images could be explained");
            } else {
                err.printf(Locale.ROOT, "cam4j: error: %d of %d images could not be explained (named above); the others were written%n",
                        skipped, images.size());
            }
            err.flush();
            return 1;
        }
        return 0;
    }

    /**
     * Says that a signal stopped the image loop after {@code explained} images ({@link #stopped}).
     *
     * @return the exit code of a stopped run
     */
    private int stoppedAfter(int explained, ProgressBar bar, ExplainJson document, PrintWriter stdout) {
        if (bar != null) {
            bar.close();
        }
        stopped("stopped after " + explained + " of " + images.size() + " images; " + (explained == 0
                ? "no overlay was written" : "their overlays are in " + out), document, stdout);
        return StopSignal.STOPPED_EXIT;
    }

    /**
     * Says that a signal stopped the run: a line on standard error (a diagnostic; standard output holds the results),
     * and with --json the document, on standard output, ends with it as its last entry.
     */
    private void stopped(String what, ExplainJson document, PrintWriter stdout) {
        stoppedSaid = true;
        if (document != null) {
            // Printed here, not by call(): once this run lets go of the signal's hook, the JVM may end before it would.
            document.addFailure(null, what);
            document.print(stdout);
            stdout.flush();
        }
        PrintWriter stderr = spec.commandLine().getErr();
        stderr.println("cam4j: " + what);
        stderr.flush();
    }

    /** @return the error line's words for a failure, as the error handler prints them for this command */
    private String errorLine(Throwable e) {
        // The document says what standard error says: a setting the model cannot take as the option typed, and the
        // inspect command it points to as the one to type (the library's words say "--model ...").
        picocli.CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        Throwable said = e instanceof Exception ex ? ErrorHandler.asOptions(ex, parsed) : e;
        return ErrorHandler.withTypedModel(ErrorHandler.line(said,
                CamWayOut.ofMethod("cam".equalsIgnoreCase(String.valueOf(modelOptions.method).strip()))), parsed);
    }

    /**
     * An image that cannot be explained: stops the run, or under {@code --keep-going} reports and skips it (its error
     * line on standard error, and with {@code --json} an entry in its place among the results).
     *
     * @param after how many of the pictures given come after it: left unexplained when the run stops here
     */
    private void stopOrSkip(Path image, InvalidInputException why, int after, ExplainJson document, ProgressBar bar)
            throws InvalidInputException {
        failedImage = image;
        if (!keepGoing) {
            // One unreadable picture among a thousand ended the run with its own error line alone: that the other 998
            // were never looked at, and the option that would have gone on, went unsaid.
            throw after == 0 ? why : new InvalidInputException(why.getMessage() + leftUnexplained(after), why);
        }
        skipped++;
        String line = errorLine(why);
        if (document != null) {
            document.addFailure(image, line);
        }
        clearBarLine();
        PrintWriter err = spec.commandLine().getErr();
        err.println("cam4j: error: " + line);
        err.flush();
        failedImage = null;
        if (bar != null) {
            bar.step();
        }
    }

    /**
     * @param after how many pictures a run stopped by a failure leaves unexplained (at least 1)
     * @return what the failure's line ends with to say so, and how to go on past such a picture
     */
    static String leftUnexplained(int after) {
        return String.format(Locale.ROOT, "; %s after it %s not explained (--keep-going skips a picture that cannot be"
                + " explained and goes on)", after == 1 ? "the picture" : "the " + after + " pictures",
                after == 1 ? "was" : "were");
    }

    /**
     * Explains a batch in one model run. When the run refuses one of its pictures (an {@link InvalidInputException}:
     * a picture without ink under {@code --fit digit}, say) they are explained one at a time up to that one, so the
     * pictures before it are written as an unreadable file's predecessors are, and the failure names its file.
     *
     * @return an explanation per picture, or fewer: those before the refused picture, whose failure is then
     *     {@link #batchFailure}
     */
    private List<ImageExplanation> explain(CamSession cam, List<Mat> batch, List<Path> files, Target target)
            throws io.github.cam4j.cam.CamException {
        try {
            return explaining.explain(() -> cam.explain(batch, files.stream().map(Path::toString).toList(), target));
        } catch (InvalidInputException e) {
            if (batch.size() == 1) {
                // Returned like a refusal within a batch, so that --keep-going skips it too (it was thrown, and stopped
                // the run, when the refused picture was alone in its run: before an unreadable file, or last).
                batchFailure = e;
                return List.of();
            }
        }
        List<ImageExplanation> explained = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            try {
                int one = i;
                explained.add(explaining.explain(() -> cam.explain(List.of(batch.get(one)),
                        List.of(files.get(one).toString()), target)).get(0));
            } catch (InvalidInputException e) {
                batchFailure = e;
                return explained;
            }
        }
        return explained; // refused together, explained one at a time: the refusal was not about one picture
    }

    /** Writes one picture's overlays and prints (or adds to the document) its results; returns the overlays written. */
    private int write(Mat image, Path file, ImageExplanation explanation, List<Path> planned, int written,
            ExplainJson document, PrintWriter stdout) throws ImageException {
        Optional<Box> framed = explanation.framedRegion();
        ExplainOverlay overlay = overlay();
        for (CamResult r : explanation.maps()) {
            Optional<Box> box = r.box(renderOptions.threshold());
            Path png = planned.get(written++);
            boolean oneCell = ExplainOverlay.oneCell(r);
            boolean flat = ExplainOverlay.flat(r);
            int factor = overlay.factor(image);
            Optional<Box> seen = ExplainOverlay.seenPart(r);
            overlay.captionWithoutMethod(image, r, captionName(r)).ifPresent(caption -> {
                int[] size = overlay.size(image);
                unnamedSizes.add(size[1] + "x" + size[0]);
                unnamedBeside.add("\"" + caption + "\"");
            });
            try (Mat shown = overlay.draw(image, explanation, r, captionName(r))) {
                try {
                    Images.write(shown, png);
                } catch (ImageException e) {
                    failedImage = file;
                    throw e;
                }
            }
            if (document != null) {
                document.addResult(file, r, box, framed, png, explanation.predicted(), factor);
            } else {
                if (System.console() != null) {
                    // Results and bar share the terminal: the result takes the bar's line, the bar redraws below.
                    clearBarLine();
                }
                stdout.printf(Locale.ROOT, "%s: class %s p=%.4f%s box %s%s -> %s%s%n", file, r.label(), r.probability(),
                        flat ? " (" + Annotation.NO_EVIDENCE + ": the map is flat)"
                                : oneCell ? " (the map is one feature cell: it cannot show where)" : "",
                        box.map(Box::toString).orElse("none"), framed.map(f -> " (framed " + f + ")").orElse("")
                                + seen.map(f -> " (seen " + f + ")").orElse(""), png,
                        factor > 1 ? " (drawn " + factor + "x enlarged)" : "");
            }
        }
        return written;
    }

    /**
     * Says, once a run, which overlays' captions could not name the method, in compare's words: a 64x48 picture's
     * Grad-CAM++ overlay at {@code --min-side 0} read "7  p=1.000" alone, as plain CAM's does, with no word of it.
     */
    private void noteUnnamed() {
        if (unnamedSizes.isEmpty()) {
            return;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("cam4j: note: overlays of " + listed(unnamedSizes, "and") + " are too small to name "
                + modelOptions.shownTitles().full() + " beside " + listed(unnamedBeside, "or") + " in their captions,"
                + " even in a font three quarters of a label's" + (minSide < DEFAULT_MIN_SIDE ? ": --min-side "
                + DEFAULT_MIN_SIDE + ", the default, draws them enlarged" : ""));
        err.flush();
    }

    /** @return the first three of {@code items} joined by {@code word}, and how many others: a folder's may be many */
    static String listed(Set<String> items, String word) {
        List<String> shown = items.stream().limit(3).toList();
        String joined = String.join(" " + word + " ", shown);
        int others = items.size() - shown.size();
        return others == 0 ? joined : joined + " " + word + " " + io.github.cam4j.Counted.of(others, "other");
    }

    /** @return how this run draws an overlay, as its options say */
    ExplainOverlay overlay() {
        return new ExplainOverlay(renderOptions.colormap(), renderOptions.alpha(), renderOptions.threshold(), minSide, 0,
                "positive".equals(heat), modelOptions.shownTitles());
    }

    /**
     * Blanks the progress bar's line, so that a note (standard error) or, on a terminal, a result (standard output)
     * starts on a line of its own rather than after the bar's text; the bar redraws itself below it.
     */
    private void clearBarLine() {
        if (barLineLength > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.print("\r" + " ".repeat(barLineLength) + "\r");
            err.flush();
        }
    }

    /**
     * Notes, once a run, the first picture of dark ink on a light ground that a model of unknown ink is fed as it is:
     * an imported MNIST model read a photographed 2 as a 0 at p=0.435 without a word of why. Nothing else changes.
     */
    private void noteInk(String note) {
        if (!inkNoted) {
            inkNoted = true;
            clearBarLine();
            spec.commandLine().getErr().println("cam4j: note: " + note);
            spec.commandLine().getErr().flush();
        }
    }

    /** Prints a warning about a picture on standard error, on a line of its own under a progress bar. */
    private void warn(String warning) {
        clearBarLine();
        spec.commandLine().getErr().println("cam4j: warning: " + warning);
        spec.commandLine().getErr().flush();
    }

    /**
     * @return the result's label when the installed fonts draw it, else its class index: a CJK label on a server
     *     without a CJK font would come out as boxes. The lines and JSON keep the label; standard error says so once.
     */
    private String captionName(CamResult r) {
        if (Draw.canDraw(r.label())) {
            return r.label();
        }
        if (!undrawableNoted) {
            undrawableNoted = true;
            clearBarLine();
            spec.commandLine().getErr().printf(Locale.ROOT, "cam4j: note: no installed font draws the label '%s'; overlays are captioned "
                    + "with class indexes (the results name the labels)%n", r.label());
            spec.commandLine().getErr().flush();
        }
        return Integer.toString(r.classIndex());
    }

    /**
     * Images done, rate and time left on standard error (standard output keeps the results), from {@value #PROGRESS_FROM}
     * images on: a folder of thousands takes minutes.
     */
    private ProgressBar progressBar(int total) {
        PrintWriter err = spec.commandLine().getErr();
        if (!io.github.cam4j.ProgressBars.stderrIsTerminal()) {
            // A log: a few whole lines, which a note or a result need not clear (barLineLength stays 0).
            return io.github.cam4j.ProgressBars.builder("explain", " images", 1, total)
                    .setConsumer(io.github.cam4j.ProgressBars.logLines(line -> {
                        err.println(line);
                        err.flush();
                    })).build();
        }
        return io.github.cam4j.ProgressBars.builder("explain", " images", 1, total)
                .setConsumer(io.github.cam4j.ProgressBars.closedOnce(new DelegatingProgressBarConsumer(line -> {
                    err.print('\r');
                    err.print(line);
                    err.flush();
                    barLineLength = line.length();
                }, io.github.cam4j.ProgressBars.lineWidth()) {
                    @Override
                    public void close() {
                        // End the bar's line, so what follows (the shell's prompt, an error) starts on its own.
                        err.println();
                        err.flush();
                        barLineLength = 0;
                    }
                })).build();
    }

    private int writeGrid(StopSignal stop, ExplainJson document, PrintWriter stdout) throws Exception {
        ArticleFigure.checkCount(first);
        // Its folder too, as demo --out's is: a folder that cannot be written (/proc) was found by OpenCV once the
        // model had run.
        OutputFolder.writableImage("--grid", grid, force);
        try (CamSession cam = modelOptions.open(false, this::warn)) {
            // The model before the digits: a model cam4j cannot open (two outputs, a uint8 input) was refused only once
            // the test digits were read, or downloaded for nothing.
            io.github.cam4j.data.Dataset dataset = DataOption.open(data, true);
            LabeledImages test = dataset.test();
            ArticleFigure.checkCount(first, test, dataset.dir());
            // Once the model is in, a signal lets the figure (a second's work) be written and said, as it waits for
            // a video to be closed; one during the digits' many method runs (SS-CAM's samples: minutes) stops them,
            // and nothing is written.
            if (!stop.working(explaining::interrupt)) {
                return StopSignal.STOPPED_EXIT;
            }
            Mat drawn;
            try {
                drawn = explaining.explain(() -> ArticleFigure.render(cam, test, first,
                        modelOptions.shownTitle() + " of " + modelOptions.model.getFileName(), this::heat));
            } catch (ExplanationStoppedException e) {
                stopped("stopped before the figure was drawn; " + (Files.exists(grid)
                        ? grid + " is as it was (nothing was written)" : "nothing was written"), document, stdout);
                return StopSignal.STOPPED_EXIT;
            }
            try (Mat figure = drawn;
                    Mat keyed = ColourKey.under(figure, FigureGrid.COLORMAP,
                            "positive".equals(heat) ? ColourKey.Scale.POSITIVE : ColourKey.Scale.MIN_MAX)) {
                Images.writeFigure(keyed, grid);
            }
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s (%d digit%s)%n", grid, first, first == 1 ? "" : "s");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /** @return the map as {@code --heat} colours it */
    private FloatMap heat(CamResult r) {
        return overlay().heat(r);
    }

    /**
     * The most overlays per picture planned before the model loads: ImageNet's 1000 classes, the largest head of the
     * usual classifiers. A larger --top-k is checked against the model's classes first.
     */
    private static final int UPFRONT_TOP_K = 1000;

    /**
     * @param target the classes each picture is explained for
     * @param named the pictures named one by one on the command line ({@link ImageFiles#canonical}), not found in a
     *     folder given
     * @return the overlay each picture and class is written to, in order
     */
    private List<Path> plannedOutputs(Target target, java.util.Set<Path> named) {
        int perImage = target instanceof Target.TopK k ? k.k() : 1;
        List<Path> paths = new ArrayList<>();
        // photo.jpg and photo.png would both write photo-cam.png: such pictures keep their extension in their overlay's
        // name (photo.jpg-cam.png, photo.png-cam.png); one picture alone keeps the short name.
        Map<String, java.util.Set<Path>> byStem = new HashMap<>();
        for (Path image : images) {
            byStem.computeIfAbsent(stem(image), k -> new java.util.HashSet<>()).add(ImageFiles.canonical(image));
        }
        // So does a picture whose short name is another's whole name, whether or not that one keeps its extension:
        // beside a.png and a.jpg, a.png.bmp wrote a.png-cam.png too, and a folder of three distinct pictures was
        // refused as sharing a name; beside a.png alone (a-cam.png), a.png.png wrote a.png-cam.png, the name a.png's
        // own overlay has in the long form. A short name kept is then no other picture's name, short or whole.
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Path image : images) {
            names.add(image.getFileName().toString());
        }
        java.util.Set<String> whole = new java.util.HashSet<>();
        for (Path image : images) {
            if (byStem.get(stem(image)).size() > 1 || names.contains(stem(image))) {
                whole.add(image.getFileName().toString());
            }
        }
        for (Path image : images) {
            String name = image.getFileName().toString();
            String stem = whole.contains(name) ? name : stem(image);
            for (int i = 0; i < perImage; i++) {
                paths.add(out.resolve(stem + (perImage > 1 ? "-top" + (i + 1) : "") + "-cam.png"));
            }
        }
        Map<Path, Path> inputs = new HashMap<>();
        for (Path image : images) {
            inputs.putIfAbsent(ImageFiles.canonical(image), image);
        }
        Map<Path, Path> writers = new HashMap<>();
        for (int i = 0; i < paths.size(); i++) {
            Path image = images.get(i / perImage);
            Path png = paths.get(i);
            Path earlier = writers.putIfAbsent(png, image);
            if (earlier != null) {
                if (ImageFiles.canonical(earlier).equals(ImageFiles.canonical(image))) {
                    if (!Files.exists(image)) {
                        continue; // said not to exist when it is read, as ImageFiles.requireEachOnce leaves it
                    }
                    // A picture named twice is the command line's fault (exit 2), as evaluate's --model given twice
                    // is; it had exited 1, as a failed write does.
                    throw new UsageException("IMAGE " + image + " is given twice");
                }
                String problem = "IMAGE files " + earlier + " and " + image + " share a name: both overlays would be "
                        + png + "; rename one or explain them with different --out folders";
                // Both named on the command line (a/7.png b/7.png): its words alone make one overlay of two, wherever
                // it runs, a usage error (it had exited 1). Found in folders' listings, it is what the disk holds.
                boolean bothNamed = named.contains(ImageFiles.canonical(earlier))
                        && named.contains(ImageFiles.canonical(image));
                throw bothNamed ? new UsageException(problem) : new IllegalArgumentException(problem);
            }
            Path overwritten = inputs.get(ImageFiles.canonical(png));
            if (overwritten != null) {
                throw new IllegalArgumentException("--out " + out + ": the overlay of " + image + " would overwrite the IMAGE "
                        + overwritten + "; choose another folder for --out");
            }
        }
        return paths;
    }

    /** @return the file's name without its extension */
    private static String stem(Path image) {
        return image.getFileName().toString().replaceFirst("\\.[^.]*$", "");
    }

    private Mat readImage(Path file) throws InvalidInputException {
        Mat image;
        try {
            image = Images.readFlat(file);
        } catch (ImageException e) {
            throw new InvalidInputException(e.getMessage(), e);
        }
        // A scan of several pages had its first explained without a word of the others.
        int pages = Images.pages(file);
        if (pages > 1) {
            warn("image " + file + " holds " + pages + " pages (a multi-page TIFF); only its first is explained: save"
                    + " the others as pictures of their own to explain them");
        }
        return image;
    }
}
