package io.github.cam4j.cli;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Concept;
import io.github.cam4j.cam.Factorization;
import io.github.cam4j.cam.FeatureFactorization;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.CaptionLine;
import io.github.cam4j.render.ConceptOverlay;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FigureGrid;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.ImageException;
import io.github.cam4j.render.Images;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cam4j concepts}: Deep Feature Factorization ({@link FeatureFactorization}) of the pictures' features into k
 * concepts, drawn as pytorch-grad-cam draws them: each picture, then every pixel in the colour of its strongest
 * concept, in rows of such pairs, with a legend of what the classifier makes of each concept.
 */
@Command(name = "concepts", mixinStandardHelpOptions = true, modelTransformer = ConceptsCommand.WithoutMethod.class,
        description = {"Deep Feature Factorization (Collins et al. 2018), as pytorch-grad-cam's DeepFeatureFactorization:"
                + " the features of all the pictures (the layer CAM reads), a row per channel and a column per cell of"
                + " every picture, shifted to be non-negative per channel, factorised by NMF into --concepts concepts"
                + " (scikit-learn's coordinate descent from its random start, seeded by --seed). Each concept is a"
                + " direction in the channels, which the classifier scores as if it were a picture's pooled features,"
                + " and a heat over every picture's cells.",
            "The PNG has a pair per picture (up to --show), about as many rows as pairs across: the picture, then"
                + " each pixel in the colour of its strongest concept, as bright as that concept's heat there (each"
                + " concept's heat scaled to 0..1 per picture, as pytorch-grad-cam scales it), over the picture; under"
                + " them (or beside, when wider) a legend of each concept's --top classes and scores.",
            "A model without a classifier kernel (no global average pooling before its dense layer) is opened as for"
                + " the gradient methods, which find its features; its concepts then go unscored.",
            "Standard output says what was factorised, NMF's iterations and reconstruction error, and each concept's"
                + " classes."})
final class ConceptsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The options of a command that opens a model, but the method's: concepts is no map of a class. */
    @Mixin
    ModelOptions modelOptions;

    @Mixin
    VerboseOption verbose;

    @Mixin
    FitOption fit;

    @Parameters(paramLabel = "PICTURE", arity = "0..*", description = "image files (PNG, JPEG, BMP...), or folders: the"
            + " image files directly in them, by name; none: the first --first MNIST test digits of --data")
    List<Path> pictures = new ArrayList<>();

    @Option(names = "--concepts", required = true, paramLabel = "K", description = "how many concepts to find: 1 to the"
            + " features' channels, and at most the pictures' feature cells (pytorch-grad-cam's example takes 5)")
    int concepts;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S", description = "the seed of NMF's random start, 0 to"
            + " 4294967295: 0 is scikit-learn's random_state=0, pytorch-grad-cam's; another seed may find other"
            + " concepts (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--top", defaultValue = "2", paramLabel = "N", description = "classes named per concept in the"
            + " legend, 1 to 5 (default: ${DEFAULT-VALUE}, pytorch-grad-cam's top_k)")
    int top;

    @Option(names = "--show", defaultValue = "16", paramLabel = "N", description = "how many of the pictures the PNG"
            + " shows, the first ones, at least 1; all are factorised (default: ${DEFAULT-VALUE})")
    int show;

    @Option(names = "--ink", paramLabel = "light|dark", description = "the ink of the model's training pictures: light"
            + " (on a dark ground, as MNIST: dark-on-light pictures are then inverted, and a photo of a digit framed as"
            + " MNIST framed its digits, as explain does) or dark (--invert auto then inverts no picture, and none is"
            + " framed) " + ModelOptions.INK_DEFAULT)
    void ink(String ink) {
        modelOptions.ink = ink;
    }

    @Option(names = "--data", description = "without PICTURE: dataset folder (default: $CAM4J_DATA, else"
            + " ~/.cache/cam4j/mnist, downloaded if absent)")
    Path data;

    @Option(names = "--first", defaultValue = "8", description = "without PICTURE: how many test digits, at most "
            + ArticleFigure.MAX_DIGITS + " (default: ${DEFAULT-VALUE})")
    int first;

    @Option(names = "--min-side", defaultValue = "160", description = "smaller pictures are drawn enlarged by a whole"
            + " factor (pixels as blocks) until their shorter side reaches this; 0 draws them at their size; either way"
            + " enlarged further, up to a shorter side of " + io.github.cam4j.render.Draw.SMALLEST_LABEL_SIDE
            + ", while a caption would be cut (default: ${DEFAULT-VALUE})")
    int minSide;

    @Option(names = "--max-side", defaultValue = "480", description = "larger pictures are drawn shrunk until their"
            + " longer side is this, but not below " + FigureGrid.MIN_CELL_SIZE + " pixels on"
            + " their shorter side (a thin picture is stretched across, and a note says so); 0 keeps their size"
            + " (default: ${DEFAULT-VALUE})")
    int maxSide;

    @Option(names = "--out", required = true, description = "the figure to write " + OutputFolder.FIGURE_FORMAT + "; "
            + OutputFolder.FOLDER_MUST_EXIST)
    Path out;

    @Option(names = "--force", description = "overwrite --out")
    boolean force;

    /** The most classes a legend line names: more do not fit a line beside a picture. */
    static final int MAX_TOP = 5;

    private final Set<String> said = new HashSet<>();

    @Override
    public Integer call() throws Exception {
        // A stop said what became of --out (FigureStop), where the run ended without a word.
        try (FigureStop stop = new FigureStop(spec, out)) {
            return run(stop);
        }
    }

    private int run(FigureStop stop) throws Exception {
        if (concepts < 1) {
            throw new UsageException("--concepts must be at least 1, got " + concepts);
        }
        if (seed < 0 || seed > 0xffffffffL) {
            throw new UsageException("--seed must be 0 to 4294967295 (numpy's RandomState takes no other), got " + seed);
        }
        if (top < 1 || top > MAX_TOP) {
            throw new UsageException("--top must be 1 to " + MAX_TOP + ", got " + top);
        }
        if (show < 1) {
            throw new UsageException("--show must be at least 1, got " + show);
        }
        FigurePictures.checkSides(minSide, maxSide);
        // Before --out's own check: an --out among the pictures had been told to add --force, then refused with it.
        List<Path> files = pictures.isEmpty() ? List.of()
                : FigurePictures.files(spec, pictures, out, "factorised", line -> say("note", line));
        OutputFolder.writableImage("--out", out, force);
        List<Mat> images = new ArrayList<>();
        try {
            List<String> names = new ArrayList<>();
            List<String> captions = new ArrayList<>();
            List<Integer> trueClasses = new ArrayList<>();
            if (files.isEmpty()) {
                checkFirst();
            }
            // The model before the pictures: a model cam4j cannot open (two outputs, a uint8 input) was refused only
            // once the test digits were read, or downloaded for nothing.
            try (CamSession session = open()) {
                if (concepts > session.model().channels()) {
                    throw new UsageException("--concepts must be 1 to " + session.model().channels() + " (the channels of"
                            + " model " + modelOptions.model + "'s features), got " + concepts);
                }
                load(files, images, names, captions, trueClasses);
                // Said once the command line has passed the model's checks: before, a usage error followed it.
                unscored.ifPresent(note -> say("note", note));
                Factorization f;
                // NMF's iterations, at most scikit-learn's 200.
                try (StepBar progress = new StepBar("concepts", " NMF iterations", 200)) {
                    f = FeatureFactorization.builder().setSession(session).setConcepts(concepts).optSeed(seed)
                            .optProgress(progress::accept).build().factorize(images, names);
                    progress.finishedAt(f.iterations());
                }
                if (!stop.writing()) {
                    return StopSignal.STOPPED_EXIT;
                }
                writeFigure(images, FigurePictures.firstColumn(captions, trueClasses, session.model().labels()), f,
                        session.model().channels());
                report(f, images.size(), session);
            }
        } finally {
            images.forEach(Mat::close);
        }
        return 0;
    }

    /** Why the concepts go unscored, when {@link #open} found the model as only the gradient-free methods open it. */
    private java.util.Optional<String> unscored = java.util.Optional.empty();

    /**
     * Opens the model as CAM opens it, whose kernel scores the concepts; a model CAM cannot open (no global average
     * pooling) as the gradient-free methods open it, which find its features, keeping in {@link #unscored} why its
     * concepts will not be scored.
     */
    private CamSession open() throws ModelLoadException {
        unscored = java.util.Optional.empty();
        modelOptions.method = "cam";
        try {
            try {
                return modelOptions.open(fit.framing(), fit.ownSize(), line -> say("warning", line),
                        line -> say("note", line));
            } catch (UsageException otherChannels) {
                // A --features CAM's kernel does not weigh (other channels, or not what the pooling reduces) is
                // explain's usage error, but concepts
                // factorises any layer: refused by CAM, it is opened there as the gradient-free methods open it.
                if (otherChannels.getCause() instanceof ModelLoadException byKernel
                        && TensorOptions.camRefusedLayer(byKernel)) {
                    throw byKernel;
                }
                throw otherChannels;
            }
        } catch (ModelLoadException byKernel) {
            if (modelOptions.kernel != null || modelOptions.bias != null) {
                throw byKernel;
            }
            modelOptions.method = "eigencam";
            try {
                CamSession session = modelOptions.open(fit.framing(), fit.ownSize(), line -> say("warning", line),
                        line -> say("note", line));
                unscored = java.util.Optional.of(unscoredNote(byKernel));
                return session;
            } catch (ModelLoadException byFeatures) {
                byFeatures.addSuppressed(byKernel);
                throw byFeatures;
            }
        }
    }

    /**
     * @param byKernel why CAM did not open the model
     * @return the note that the concepts go unscored: what is missing and what to pass. The refusal itself is not
     *     repeated when it is CAM's own (no global average pooling, or no linear layer after it): with the model's path
     *     twice and the chain of ops found, it made a note of some 600 characters that inspect says better.
     */
    private String unscoredNote(ModelLoadException byKernel) {
        if (modelOptions.features != null) {
            return "the concepts of --features " + modelOptions.features + " are not scored: CAM, whose classifier"
                    + " kernel scores them, does not open model " + modelOptions.model + " at that layer";
        }
        if (byKernel instanceof io.github.cam4j.savedmodel.NotCamReadyException n && n.gradientsMayExplain()) {
            return "the concepts are not scored: model " + modelOptions.model + " has no global average pooling"
                    + " followed by a linear layer, whose kernel would score them ('cam4j inspect --model "
                    + modelOptions.model + "' shows what it has); if it has them and cam4j did not find them, name them with --features and"
                    + " --logits";
        }
        // Not CAM's own refusal (an input, output or tensor name it could not use): said as it is, naming the model.
        return "the concepts are not scored (CAM, whose classifier kernel scores them, does not open the model): "
                + ErrorHandler.line(byKernel, CamWayOut.NONE);
    }

    /**
     * Reads the pictures (or the dataset's first digits), with a name each for errors and a caption for the figure.
     *
     * @param files the PICTURE files ({@link FigurePictures#files}); empty for the test digits
     * @param trueClasses given each test digit's true class
     */
    private void load(List<Path> files, List<Mat> images, List<String> names, List<String> captions,
            List<Integer> trueClasses) throws Exception {
        if (!files.isEmpty()) {
            FigurePictures.addFiles(files, images, names, captions, line -> say("note", line));
            return;
        }
        io.github.cam4j.data.Dataset dataset = DataOption.open(data, true);
        LabeledImages test = dataset.test();
        ArticleFigure.checkCount(first, test, dataset.dir());
        FigurePictures.addTestDigits(test, first, images, names, captions, trueClasses);
    }

    /** Refuses a --first out of range, before the model is opened. */
    private void checkFirst() {
        // Not ArticleFigure.checkCount(first): its reason, a figure too large to view, is not this command's, whose
        // figure draws only --show of the digits.
        if (first < 1 || first > ArticleFigure.MAX_DIGITS) {
            throw new UsageException("--first must be in 1.." + ArticleFigure.MAX_DIGITS + " (the test digits"
                    + " factorised; the figure draws the first --show of them), got " + first);
        }
    }

    /**
     * How a picture's two cells are drawn, worked out before any is, so that the figure's one caption font is known.
     *
     * @param overlayCaption the overlay's caption, "7  p=1.00"
     * @param factor the picture's whole enlargement
     * @param size the cell's height and width
     */
    private record CellLayout(String overlayCaption, int factor, int[] size) {}

    private void writeFigure(List<Mat> images, List<String> captions, Factorization f, int channels)
            throws ImageException {
        int shown = Math.min(show, images.size());
        List<CellLayout> layouts = new ArrayList<>();
        // Every caption in one font, the smallest cell's: each cell in its own, a 640x480 picture's captions stood 1.8
        // times as tall as a digit's above them.
        double font = Double.POSITIVE_INFINITY;
        for (int i = 0; i < shown; i++) {
            Factorization.Picture picture = f.pictures().get(i);
            Mat image = images.get(i);
            int predicted = picture.predicted();
            String label = f.concepts().get(0).labels().get(predicted);
            String overlayCaption = captionText(Draw.canDraw(label) ? label : Integer.toString(predicted),
                    picture.probabilities()[predicted]);
            // Large enough for both captions: at --min-side 0 a digit's "7  p=1.00" was cut to "7".
            int factor = Annotation.enlargementHolding(image.rows(), image.cols(), minSide,
                    List.of(captions.get(i), overlayCaption));
            // Drawn at the cell's size, caption and all: shrunk after drawing, a wide picture's caption was unread.
            int[] size = FigureGrid.cellSize(image.rows(), image.cols(), factor, maxSide);
            layouts.add(new CellLayout(overlayCaption, factor, size));
            font = Math.min(font, Draw.labelFont(size[0], size[1], 1));
        }
        List<Mat> cells = new ArrayList<>();
        try {
            for (int i = 0; i < shown; i++) {
                Factorization.Picture picture = f.pictures().get(i);
                Mat image = images.get(i);
                String overlayCaption = layouts.get(i).overlayCaption();
                int factor = layouts.get(i).factor();
                int[] size = layouts.get(i).size();
                double captionSize = Draw.labelSizeIn(size[0], size[1], font);
                if (FigureGrid.stretched(image.rows(), image.cols(), factor, maxSide)) {
                    say("note", FigurePictures.stretchedNote(captions.get(i), image, size, maxSide));
                }
                cells.add(FigureGrid.cell(image, size[0], size[1], captions.get(i), captionSize));
                List<FloatMap> heat = new ArrayList<>();
                for (FloatMap m : picture.heatmaps()) {
                    // Smooth at the size shown, as explain's overlays are drawn at theirs.
                    heat.add(m.height() == size[0] && m.width() == size[1] ? m : Resize.bilinear(m, size[0], size[1]));
                }
                try (Mat big = FigureGrid.cell(image, size[0], size[1], null)) {
                    Mat overlay = ConceptOverlay.draw(big, heat);
                    caption(overlay, overlayCaption, captionSize);
                    cells.add(overlay);
                }
            }
            List<String> legend = new ArrayList<>();
            for (Concept c : f.concepts()) {
                legend.add(legendLine(c));
            }
            int perRow = pairsPerRow(cells.size() / 2);
            List<String> headers = new ArrayList<>();
            for (int i = 0; i < perRow; i++) {
                headers.add("picture");
                headers.add(concepts + " concepts of " + channels + " channels");
            }
            try (Mat blank = new Mat();
                    Mat table = FigureGrid.table(filledRows(cells, headers.size(), blank), headers);
                    Mat key = ConceptOverlay.legend(legend, Math.max(16, Math.min(32, table.rows() / (2 * concepts))),
                            table.cols());
                    // The legend under a table at least as wide, else beside it: beside a tall table it had left
                    // half the figure blank (helper-158's audit).
                    Mat figure = table.cols() >= key.cols() ? FigureGrid.stacked(List.of(table, key))
                            : FigureGrid.sideBySide(List.of(table, key), null)) {
                Images.writeFigure(figure, out);
            }
        } finally {
            cells.forEach(Mat::close);
        }
    }

    /**
     * How many picture-and-overlay pairs the figure puts side by side: about as many rows as pairs of columns
     * ({@code a = ceil(sqrt(pairs / 2))}), or one more across when that leaves fewer places blank at the last row's end,
     * so that 16 pictures are drawn 4 pairs across in 4 rows rather than in a column of 16.
     *
     * @param pairs the pictures drawn, at least 1
     * @return pairs a row, 1 to {@code pairs}
     */
    static int pairsPerRow(int pairs) {
        int across = (int) Math.ceil(Math.sqrt(pairs / 2.0));
        int wider = Math.min(pairs, across + 1);
        return blanks(pairs, wider) < blanks(pairs, across) ? wider : across;
    }

    private static int blanks(int pairs, int across) {
        return ceilDiv(pairs, across) * across - pairs;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** @return the cells (picture, overlay, picture...), the last row's unfilled end filled with {@code blank} places */
    private static List<Mat> filledRows(List<Mat> cells, int perRow, Mat blank) {
        List<Mat> places = new ArrayList<>(cells);
        while (places.size() % perRow != 0) {
            places.add(blank);
        }
        return places;
    }

    /**
     * Captions a picture's concept overlay with its predicted class and probability, "7  p=1.00", two spaces apart as
     * every overlay's caption: a class name too long for the picture is then shortened before the probability, which
     * with one space had been cut off at the picture's edge with the name ("seven - a very long class").
     */
    static void caption(Mat overlay, String text) {
        caption(overlay, text, 1);
    }

    /**
     * {@link #caption(Mat, String)} in a font {@code size} times a label's own on the overlay: the figure's one font.
     *
     * @param overlay the concept overlay, drawn on
     * @param text the caption
     * @param size the font as a fraction of a label's own on the overlay, in (0, 1]
     */
    static void caption(Mat overlay, String text, double size) {
        new CaptionLine(text, size).draw(overlay, 0, 0, 1);
    }

    /** @return {@link #caption}'s text, "7  p=1.00": the class, two spaces, the probability to two places */
    static String captionText(String name, double probability) {
        return String.format(Locale.ROOT, "%s  p=%.2f", name, probability);
    }

    /** @return "concept 0: 7 0.98, 1 0.01", its class labels as the legend can draw them, or "concept 0" unscored */
    private String legendLine(Concept c) {
        StringBuilder line = new StringBuilder("concept " + c.index());
        String separator = ": ";
        for (Concept.ClassScore s : c.top(top)) {
            String label = Draw.canDraw(s.label()) ? s.label() : Integer.toString(s.classIndex());
            line.append(separator).append(String.format(Locale.ROOT, "%s %.2f", label, s.score()));
            separator = ", ";
        }
        return line.toString();
    }

    private void report(Factorization f, int count, CamSession session) {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf(Locale.ROOT, "wrote %s: %d concept%s of %d picture%s (%d shown), %d channel%s; NMF %d iteration%s%s,"
                + " reconstruction error %.4g%n", out, concepts, concepts == 1 ? "" : "s", count, count == 1 ? "" : "s",
                Math.min(show, count), session.model().channels(), session.model().channels() == 1 ? "" : "s",
                f.iterations(), f.iterations() == 1 ? "" : "s",
                f.converged() ? "" : " (the limit: not converged)", f.reconstructionError());
        for (Concept c : f.concepts()) {
            stdout.println(c.classScores().isPresent() ? legendLine(c) : "concept " + c.index() + ": not scored (no"
                    + " classifier kernel)");
        }
        stdout.flush();
    }

    /** Says a session's note or warning on standard error, once. */
    private void say(String kind, String line) {
        if (said.add(kind + line)) {
            spec.commandLine().getErr().println("cam4j: " + kind + ": " + line);
            spec.commandLine().getErr().flush();
        }
    }

    /**
     * Takes {@code --method}, {@code --eigen-smooth}, {@code --aug-smooth} and every method's settings (each option
     * {@link MethodOptions} declares: {@code --fem-k}, {@code --finer-alpha}, {@code --occlusion-patch}, {@code --scorecam-channels}, {@code --sscam-std}...) out of the
     * options the model's mixin brings: they choose, set and smooth a class's map, which concepts makes none of (the
     * settings, left in, were listed by --help and silently ignored). The settings are read from {@link MethodOptions}'
     * fields, so a setting added there leaves concepts without another list to update.
     */
    static final class WithoutMethod implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            List<String> names = new ArrayList<>(List.of("--method", "--eigen-smooth", "--aug-smooth"));
            for (java.lang.reflect.Field field : MethodOptions.class.getDeclaredFields()) {
                Option option = field.getAnnotation(Option.class);
                if (option != null) {
                    names.addAll(List.of(option.names()));
                }
            }
            for (String name : names) {
                command.remove(command.findOption(name));
            }
            return command;
        }
    }
}
