package io.github.cam4j.cli;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import io.github.cam4j.cam.ActivationMaximizer;
import io.github.cam4j.cam.ExplainingThread;
import io.github.cam4j.cam.ExplanationStoppedException;
import io.github.cam4j.cam.MaximizedPicture;
import io.github.cam4j.cam.PictureSize;
import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FigureGrid;
import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cam4j maximize}: tf-keras-vis' {@code ActivationMaximization} ({@link ActivationMaximizer}), a picture of what
 * each class or a layer's channels respond to, drawn as a grid with a cell per target.
 */
@Command(name = "maximize", mixinStandardHelpOptions = true, modelTransformer = MaximizeCommand.WithoutPictures.class,
        description = {"Activation maximization, as tf-keras-vis' ActivationMaximization: for each class (its logit)"
                + " or each channel of --layer (its mean activation), a picture grown from uniform noise in 0..255 by"
                + " gradient ascent: each step jitters and rotates the pictures, runs the model once for all of them,"
                + " and descends -score + TotalVariation2D + Norm(p=1) with RMSprop; the result is clipped to 0..255."
                + " The defaults are tf-keras-vis' (tuned for VGG16 at 224x224): on 28x28 MNIST models --jitter 0"
                + " --rotate 0 draws pictures the model reads as their class (docs/usage.md).",
            "The PNG has a cell per target, enlarged, captioned with the target and the model's probability of the"
                + " class ('class 3  p=0.99'; a channel: its mean activation, 'channel 5  mean 1.23') on the final"
                + " picture. Standard output says each target's"
                + " score before and after, and its probability."})
final class MaximizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The options of a command that opens a model, but the method's and --invert: no picture is read. */
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    VerboseOption verbose;

    @Option(names = "--classes", split = ",", paramLabel = "C", description = "the classes whose logits to maximize,"
            + " comma-separated, or all (the default); not with --layer")
    List<String> classes;

    @Option(names = "--layer", paramLabel = "TENSOR", description = "maximize channels of this layer instead (a tensor"
            + " of the graph, rank 4 or 2, named as explain names its target layers; inspect lists them): each"
            + " channel's mean activation, tf-keras-vis' filter visualisation")
    String layer;

    @Option(names = "--channels", split = ",", paramLabel = "K", description = "with --layer: the channels,"
            + " comma-separated (default: the first 8, or as many as the layer has)")
    List<Integer> channels;

    @Option(names = "--steps", defaultValue = "200", paramLabel = "N", description = "gradient steps, at least 1"
            + " (default: ${DEFAULT-VALUE}, tf-keras-vis')")
    int steps;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "the seed of the starting noise and of"
            + " the jitter's and rotation's draws: the same seed draws the same pictures (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--learning-rate", defaultValue = "1.0", paramLabel = "LR", converter = NumberText.TypedFloats.class, description = "RMSprop's learning rate"
            + " (rho 0.999), positive (default: ${DEFAULT-VALUE}, tf-keras-vis')")
    NumberText.Typed learningRate;

    @Option(names = "--tv-weight", defaultValue = "1.0", paramLabel = "W", converter = NumberText.TypedFloats.class, description = "TotalVariation2D's weight,"
            + " 0 (off) or more (default: ${DEFAULT-VALUE}, tf-keras-vis')")
    NumberText.Typed tvWeight;

    @Option(names = "--norm-weight", defaultValue = "0.3", paramLabel = "W", converter = NumberText.TypedFloats.class, description = "Norm's (p=1) weight, 0"
            + " (off) or more (default: ${DEFAULT-VALUE}, tf-keras-vis')")
    NumberText.Typed normWeight;

    @Option(names = "--jitter", defaultValue = "4", paramLabel = "PIXELS", description = "Jitter: each step rolls the"
            + " pictures by up to this many pixels per axis, 0 (off) or more (default: ${DEFAULT-VALUE},"
            + " tf-keras-vis')")
    int jitter;

    @Option(names = "--rotate", defaultValue = "1.0", paramLabel = "DEGREES", converter = NumberText.TypedDoubles.class, description = "Rotate2D: each step turns"
            + " the pictures by up to this many degrees, 0 (off) or more (default: ${DEFAULT-VALUE}, tf-keras-vis')")
    NumberText.Typed rotate;

    @Option(names = "--size", paramLabel = "HxW", description = "the pictures' height and width, e.g. 56x56, for a model"
            + " whose graph leaves its picture size open; a model whose graph fixes its size takes only that size"
            + " (default: the size the graph fixes, else the training size the model's cam4j metadata records; a model"
            + " with neither needs --size)")
    String size;

    @Option(names = "--columns", defaultValue = "5", paramLabel = "N", description = "cells per row of the grid, at"
            + " least 1 (default: ${DEFAULT-VALUE})")
    int columns;

    @Option(names = "--out", required = true, description = "the figure to write " + OutputFolder.FIGURE_FORMAT + "; "
            + OutputFolder.FOLDER_MUST_EXIST)
    Path out;

    @Option(names = "--force", description = "overwrite --out")
    boolean force;

    /** The maximizing thread, which a signal interrupts while, and only while, it is inside the steps. */
    private final ExplainingThread maximizing = new ExplainingThread();

    /** The shorter side a cell is enlarged to, by a whole factor (pixels as blocks), as concepts draws pictures. */
    static final int CELL_SIDE = 160;
    /**
     * The longest side a cell is drawn at, as compare's --max-side defaults to: enlarged to {@link #CELL_SIDE} on its
     * shorter side alone, a --size 4x200 picture's cell was an 80x4000 strip, and three classes made a figure 12 016
     * pixels wide that no screen shows whole. So five columns make a figure at most 2 424 pixels wide.
     */
    static final int MAX_CELL_SIDE = 480;
    /** Channels drawn when --layer is given without --channels. */
    static final int DEFAULT_CHANNELS = 8;

    @Override
    public Integer call() throws Exception {
        // A stop said what became of --out (FigureStop), where the run ended without a word.
        try (FigureStop stop = new FigureStop(spec, out)) {
            return run(stop);
        }
    }

    private int run(FigureStop stop) throws Exception {
        checkOptions();
        OutputFolder.writableImage("--out", out, force);
        modelOptions.method = "saliency";
        Path dir = modelOptions.modelDir();
        PictureSize wanted = size == null ? null : parseSize(size);
        LoadOptions options = modelOptions.loadOptions();
        try (CamModel model = modelOptions.load(dir, options)) {
            // Said as explain says them: an override of the metadata drew pictures for pixels the model never saw.
            io.github.cam4j.cam.LoadWarnings.say(model, dir, options, w -> {
                spec.commandLine().getErr().println("cam4j: warning: " + w);
                spec.commandLine().getErr().flush();
            });
            PictureSize drawn;
            try {
                drawn = PictureSize.forModel(model, wanted);
                ActivationMaximizer.Builder.checkJitter(jitter, drawn);
            } catch (IllegalArgumentException e) {
                // Its messages open with "size ..." or "jitter ...": the option's name then.
                throw new UsageException("--" + e.getMessage());
            }
            StepBar bar = new StepBar("maximize", " steps", steps);
            AtomicInteger done = new AtomicInteger();
            ActivationMaximizer maximizer = maximizer(model, dir, drawn, step -> {
                done.set(step);
                bar.accept(step);
            });
            // From here a signal stops the steps between two of them, and the stop line says how far they got; the JVM
            // had ended under them, mid-run.
            if (!stop.working(maximizing::interrupt)) {
                return StopSignal.STOPPED_EXIT;
            }
            List<MaximizedPicture> pictures;
            try (bar) {
                pictures = maximizing.explain(maximizer::maximize);
            } catch (ExplanationStoppedException e) {
                return stop.stopped(" after " + done.get() + " of " + steps + " steps");
            } catch (io.github.cam4j.cam.InvalidInputException e) {
                // Said as the options that chose the size and the targets.
                throw e.getMessage().startsWith("size ") ? new UsageException("--" + e.getMessage()
                        + " (--size, --classes or --channels)") : e;
            } catch (io.github.cam4j.cam.CamException e) {
                // The API's "regularizer weights" are these options here: the user was not told which to lower.
                String api = "take smaller regularizer weights";
                if (!e.getMessage().endsWith(api)) {
                    throw e;
                }
                throw new io.github.cam4j.cam.CamException(e.getMessage().substring(0, e.getMessage().length()
                        - api.length()) + "lower --tv-weight (" + tvWeight + ") or --norm-weight (" + normWeight + ")",
                        e);
            }
            if (stop.requested()) {
                // The signal came after the last step's look: nothing is written, as asked.
                return stop.stopped(" after " + done.get() + " of " + steps + " steps");
            }
            writeFigure(pictures, model);
            report(pictures, model);
        }
        return 0;
    }

    private void checkOptions() {
        if (steps < 1) {
            throw new UsageException("--steps must be at least 1, got " + steps);
        }
        // Each refusal quotes the value as typed (NumberText.Typed): "got -1", where the float's "-1.0" was said.
        if (!(learningRate.value() > 0) || !Float.isFinite((float) learningRate.value())) {
            throw new UsageException("--learning-rate must be positive and finite, got " + learningRate);
        }
        if (!(tvWeight.value() >= 0) || !Float.isFinite((float) tvWeight.value())) {
            throw new UsageException("--tv-weight must be 0 or more, finite, got " + tvWeight);
        }
        if (!(normWeight.value() >= 0) || !Float.isFinite((float) normWeight.value())) {
            throw new UsageException("--norm-weight must be 0 or more, finite, got " + normWeight);
        }
        if (jitter < 0) {
            throw new UsageException("--jitter must be 0 (off) or more pixels, got " + jitter);
        }
        if (!(rotate.value() >= 0) || !Double.isFinite(rotate.value())) {
            throw new UsageException("--rotate must be 0 (off) or more degrees, finite, got " + rotate);
        }
        if (columns < 1) {
            throw new UsageException("--columns must be at least 1, got " + columns);
        }
        if (layer != null && classes != null) {
            throw new UsageException("--classes and --layer both choose the targets: give --layer with --channels, or"
                    + " --classes alone");
        }
        if (layer == null && channels != null) {
            throw new UsageException("--channels needs --layer: the layer whose channels to maximize");
        }
        if (layer != null && layer.isBlank()) {
            throw new UsageException("--layer is empty: name a layer's tensor (inspect lists them)");
        }
        // "--classes ," and "--channels ," split into no number at all, which reached the maximizer's builder and were
        // answered in its API's words ("nothing to maximize: setClasses(...) or setChannels(layer, ...)").
        if (classes != null && classes.isEmpty()) {
            throw new UsageException("--classes names no class: give class numbers, comma-separated (e.g. 0,3), or all"
                    + " (the default)");
        }
        if (channels != null && channels.isEmpty()) {
            throw new UsageException("--channels names no channel: give channel numbers, comma-separated (e.g. 0,3),"
                    + " or leave --channels out for the first 8");
        }
        if (channels != null) {
            for (int c : channels) {
                if (c < 0) {
                    throw new UsageException("--channels " + c + " is negative: channels count from 0");
                }
            }
        }
    }

    /** @return {@code --size HxW} read, each side 1 to the largest cam4j takes ({@link PictureSize}) */
    static PictureSize parseSize(String text) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*([-+]?\\d+)\\s*[xX]\\s*([-+]?\\d+)\\s*")
                .matcher(text);
        if (!m.matches()) {
            throw new UsageException("--size '" + text + "' is not HxW, height by width in pixels (e.g. 56x56)");
        }
        try {
            return new PictureSize(sideOf(m.group(1)), sideOf(m.group(2)));
        } catch (IllegalArgumentException e) {
            // Its messages open with "size HxW": the option's name then.
            throw new UsageException("--" + e.getMessage());
        }
    }

    /** @return the side as an int, one out of int's range brought to a value the size's own check refuses */
    private static int sideOf(String digits) {
        long side;
        try {
            side = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            // More digits than a long holds: far beyond any side.
            side = digits.startsWith("-") ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, side));
    }

    /** The maximizer for the options' targets, their range checked against the model's classes or the layer's channels. */
    private ActivationMaximizer maximizer(CamModel model, Path dir, PictureSize drawn, IntConsumer bar)
            throws ModelLoadException {
        int[] wanted;
        if (layer == null) {
            wanted = classIndices(model.classes());
        } else {
            wanted = channels == null ? null : once("--channels", channels.stream().mapToInt(Integer::intValue).toArray());
        }
        ActivationMaximizer.Builder builder = ActivationMaximizer.builder().setModel(model).optSteps(steps)
                .optSeed(seed).optLearningRate((float) learningRate.value()).optTvWeight((float) tvWeight.value())
                .optNormWeight((float) normWeight.value())
                .optJitter(jitter).optRotation(rotate.value()).optProgress(bar).optSize(drawn.height(), drawn.width());
        try {
            if (layer == null) {
                return builder.setClasses(wanted).build();
            }
            if (wanted == null) {
                int known = io.github.cam4j.savedmodel.ChannelGradientOps.channels(model.session().graph(), layer);
                wanted = new int[Math.min(DEFAULT_CHANNELS, known > 0 ? known : DEFAULT_CHANNELS)];
                Arrays.setAll(wanted, i -> i);
            }
            return builder.setChannels(layer, wanted).build();
        } catch (ModelLoadException e) {
            if (layer != null) {
                inOtherSignatures(e, dir);
                // The graph's "cam4j inspect --model ..." is filled in with the model as typed where the error line
                // is printed (ErrorHandler.withTypedModel).
                throw new UsageException("--layer " + layer + ": " + ErrorHandler.line(e, CamWayOut.NONE));
            }
            throw e;
        } catch (IllegalArgumentException e) {
            // A refusal of the size opens with "size ...": --size then, whether given or the model's (it was said as
            // --classes, which the user may not have given).
            throw new UsageException(e.getMessage().startsWith("size ") ? "--" + e.getMessage()
                    : (layer == null ? "--classes: " : "--channels: ") + e.getMessage());
        }
    }

    /**
     * Refuses a {@code --layer} the imported signature's graph lacks and another signature's has (a layer of a second
     * head) naming that signature and {@code --signature}, as explain's {@code --features} is refused ({@link
     * TensorOptions}): it read "does not exist in the graph", as a mistyped name.
     *
     * @param e the maximizer's refusal of the layer
     * @param dir the model's folder
     * @throws UsageException when other signatures hold the layer
     */
    private void inOtherSignatures(ModelLoadException e, Path dir) throws ModelLoadException {
        io.github.cam4j.savedmodel.UnknownTensorException unknown = null;
        for (Throwable t = e; t != null && unknown == null; t = t.getCause()) {
            unknown = t instanceof io.github.cam4j.savedmodel.UnknownTensorException u ? u : null;
        }
        if (unknown == null) {
            return;
        }
        String imported = modelOptions.signature != null ? modelOptions.signature
                : io.github.cam4j.savedmodel.CamContract.SERVING_SIGNATURE;
        List<String> others = io.github.cam4j.savedmodel.keras.ImportedModel.signaturesHolding(dir, imported, layer);
        if (others.isEmpty()) {
            return;
        }
        var named = new io.github.cam4j.savedmodel.UnknownTensorException(unknown.tensor(), unknown.getMessage(),
                imported, others);
        throw new UsageException("--layer " + layer + " " + TensorOptions.problem(named, "--layer") + " ('cam4j inspect"
                + " --model " + modelOptions.model + (others.size() == 1 ? " --signature " + others.get(0) : "")
                + "' lists them)", e);
    }

    private int[] classIndices(int count) {
        if (classes == null || (classes.size() == 1 && classes.get(0).strip().equalsIgnoreCase("all"))) {
            int[] all = new int[count];
            Arrays.setAll(all, i -> i);
            return all;
        }
        int[] wanted = new int[classes.size()];
        for (int i = 0; i < wanted.length; i++) {
            String c = classes.get(i).strip();
            try {
                wanted[i] = Integer.parseInt(c);
            } catch (NumberFormatException e) {
                throw new UsageException("--classes '" + c + "' is not a class number (or give all)");
            }
            if (wanted[i] < 0 || wanted[i] >= count) {
                throw new UsageException("--classes " + c + " is out of range: model " + modelOptions.model + " has "
                        + count + " classes (0.." + (count - 1) + ")");
            }
        }
        return once("--classes", wanted);
    }

    /**
     * Refuses a target named twice, as explain refuses a picture given twice: it was drawn twice, two cells of the same
     * picture, without a word (helper-161's audit).
     */
    private static int[] once(String option, int[] targets) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int t : targets) {
            if (!seen.add(t)) {
                throw new UsageException(option + " names " + t + " twice; each is drawn once");
            }
        }
        return targets;
    }

    /**
     * Says on standard error that the pictures do not keep their shape, and the size of the cell they are drawn in:
     * the picture's size, and the cell's with the caption's band where the band stands beside the picture. The note
     * said "cells of 16x480" of {@code --size 4x200}'s strips after their cells had become 33x480, the 17-row band
     * above each picture (FigureGrid.cellClearOfCaption).
     */
    private void noteStretched(MaximizedPicture any, int[] size, Mat cell) {
        String shown = size[0] + "x" + size[1];
        String where;
        if (cell.rows() == size[0] && cell.cols() == size[1]) {
            where = "in cells of " + shown + " (height x width)";
        } else {
            where = "at " + shown + " (height x width) in cells of " + cell.rows() + "x" + cell.cols() + " with the"
                    + " caption's band " + (cell.rows() > size[0] ? "above" : "left of") + " the picture";
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("cam4j: note: the " + any.height() + "x" + any.width() + " pictures are drawn " + where
                + ", stretched across: " + MAX_CELL_SIDE + " pixels is the longest side a picture is drawn at and "
                + FigureGrid.MIN_CELL_SIZE + " the least, so they do not keep their shape");
        err.flush();
    }

    private void writeFigure(List<MaximizedPicture> pictures, CamModel model) throws ImageException {
        List<Mat> cells = new ArrayList<>();
        try {
            MaximizedPicture any = pictures.get(0);
            int factor = Annotation.enlargement(any.height(), any.width(), CELL_SIDE);
            int[] size = FigureGrid.cellSize(any.height(), any.width(), factor, MAX_CELL_SIDE);
            for (MaximizedPicture p : pictures) {
                try (Mat picture = toMat(p)) {
                    // Beside the picture where on it the caption would hide much of it (a 16x480 strip's whole height).
                    cells.add(FigureGrid.cellClearOfCaption(picture, size[0], size[1], caption(p, model.labels())));
                }
            }
            if (FigureGrid.stretched(any.height(), any.width(), factor, MAX_CELL_SIDE)) {
                noteStretched(any, size, cells.get(0));
            }
            int perRow = Math.min(columns, cells.size());
            while (cells.size() % perRow != 0) {
                // The table takes whole rows: the last is filled with white.
                Mat first = cells.get(0);
                try (Scalar white = new Scalar(255, 255, 255, 0)) {
                    cells.add(new Mat(first.rows(), first.cols(), CV_8UC3, white));
                }
            }
            List<String> headers = new ArrayList<>();
            for (int i = 0; i < perRow; i++) {
                headers.add(null);
            }
            try (Mat table = FigureGrid.table(cells, headers)) {
                Images.writeFigure(table, out);
            }
        } finally {
            cells.forEach(Mat::close);
        }
    }

    /** @return the picture as a float Mat of 0..255 values (BGR for a colour picture, as OpenCV draws) */
    private static Mat toMat(MaximizedPicture p) {
        float[] values = p.pixels().clone();
        if (p.channels() == 3) {
            for (int i = 0; i < values.length; i += 3) {
                float red = values[i];
                values[i] = values[i + 2];
                values[i + 2] = red;
            }
        }
        try (Mat m = new Mat(p.height(), p.width(), CV_32FC(p.channels()));
                FloatPointer data = new FloatPointer(m.data());
                Mat eight = new Mat()) {
            data.put(values);
            m.convertTo(eight, org.bytedeco.opencv.global.opencv_core.CV_8U);
            return eight.clone();
        }
    }

    /**
     * @param labels the model's class names
     * @return "class 3  p=0.99" for a class, "channel 5  mean 1.23" for a channel (its mean activation): a caption says
     *     what its figures are ("3 p=0.99" and "ch 5 1.23" did not say class, nor what 1.23 was). The two spaces keep
     *     the figure when a long class name does not fit the cell ({@link Draw#label}).
     */
    static String caption(MaximizedPicture p, List<String> labels) {
        if (p.isClass()) {
            String label = labels.get(p.index());
            return String.format(Locale.ROOT, "class %s  p=%.2f", Draw.canDraw(label) ? label : Integer.toString(p.index()),
                    p.probabilities()[p.index()]);
        }
        return String.format(Locale.ROOT, "channel %d  mean %.3g", p.index(), p.score());
    }

    /**
     * @return "class 7" without a labels file, "class 7 (seven)" with one: the line names the class as the figure's
     *     caption does, and keeps the number a script may look for ("class 7" alone had ignored {@code --labels})
     */
    static String named(MaximizedPicture p, List<String> labels) {
        String label = labels.get(p.index());
        return label.equals(Integer.toString(p.index())) ? p.target() : p.target() + " (" + label + ")";
    }

    private void report(List<MaximizedPicture> pictures, CamModel model) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "wrote %s: %d picture%s, %d step%s, seed %d%n", out, pictures.size(),
                pictures.size() == 1 ? "" : "s", steps, steps == 1 ? "" : "s", seed);
        for (MaximizedPicture p : pictures) {
            if (p.isClass()) {
                stdout.printf(Locale.ROOT, "%s: p=%.4f (noise %.4f), logit %.4g -> %.4g%n", named(p, model.labels()),
                        p.probabilities()[p.index()], p.seedProbabilities()[p.index()], p.seedScore(), p.score());
            } else {
                stdout.printf(Locale.ROOT, "%s: mean activation %.4g -> %.4g%n", p.target(), p.seedScore(), p.score());
            }
        }
        stdout.flush();
        fallNote(pictures).ifPresent(note -> {
            spec.commandLine().getErr().println("cam4j: note: " + note);
            spec.commandLine().getErr().flush();
        });
    }

    /**
     * A channel is drawn to raise its mean activation; one that ended below the noise's was drawn for nothing, and the
     * lines said so only in their numbers. At the bundled models' early layers a channel's mean has a gradient by the
     * 0..255 pixels near 1e-5, against total variation's 4 x weight / pixels (5e-4 at weight 0.1 on 28x28): the
     * regularizers (and the modifiers' blur) win; at tf-keras-vis' defaults most channels of every layer of mnist-pooled
     * fall, conv2d_2/Relu's too (its channels 0, 2 and 3: 3.456 -> 0.4418, 9.894 -> 1.784, 1.661 -> 0.1837). A class's
     * logit falling is not said: its picture is read as its class all the same (usage.md).
     *
     * @return the note for the channels that fell, if any
     */
    Optional<String> fallNote(List<MaximizedPicture> pictures) {
        List<MaximizedPicture> fell = pictures.stream().filter(p -> !p.isClass() && p.score() < p.seedScore())
                .toList();
        if (fell.isEmpty()) {
            return Optional.empty();
        }
        MaximizedPicture first = fell.get(0);
        List<String> settings = new ArrayList<>();
        if (tvWeight.value() > 0) {
            settings.add("--tv-weight " + tvWeight);
        }
        if (normWeight.value() > 0) {
            settings.add("--norm-weight " + normWeight);
        }
        if (jitter > 0) {
            settings.add("--jitter " + jitter);
        }
        if (rotate.value() > 0) {
            settings.add("--rotate " + rotate);
        }
        // "its ascent" of eight channels read as one channel's.
        boolean one = fell.size() == 1;
        String why = settings.isEmpty() ? "plain ascent climbed " + (one ? "it" : "them") + ", and the final clip to"
                + " 0..255 took more" : (one ? "its" : "their") + " ascent was outweighed by " + String.join(", ", settings)
                        + " (tf-keras-vis' defaults are set for VGG16); try smaller weights, or all four 0 (plain ascent)";
        return Optional.of(String.format(Locale.ROOT, "%s%s ended below the mean activation of the noise %s started"
                + " from (%.4g -> %.4g): %s (docs/known-limitations.md, \"Activation maximization\")", first.target(),
                fell.size() == 1 ? "" : " and " + (fell.size() - 1) + " more", fell.size() == 1 ? "it" : "they",
                first.seedScore(), first.score(), why));
    }

    /**
     * Takes the method's options out as concepts does ({@link ConceptsCommand.WithoutMethod}), and {@code --invert}:
     * maximize reads no picture.
     */
    static final class WithoutPictures implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            CommandSpec without = new ConceptsCommand.WithoutMethod().transform(command);
            without.remove(without.findOption("--invert"));
            return without;
        }
    }
}
