package io.github.cam4j.cli;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.ColourKey;
import io.github.cam4j.render.FigureGrid;
import io.github.cam4j.render.Images;
import io.github.cam4j.savedmodel.BundledModels;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.bytedeco.opencv.opencv_core.Mat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cam4j demo}: the article's result from one command — its figure for the bundled pooled and unpooled
 * models side by side, on the first MNIST test digits.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Write the article's figure for the bundled pooled and unpooled models side by side.")
final class DemoCommand implements Callable<Integer> {
    /** The bundled models, pooled first. */
    static final List<String> MODELS = BundledModels.NAMES;

    /** Where a checkout keeps the bundled models; retrained ones there win over the jar's copies. */
    private static final Path CHECKOUT_MODELS = Path.of("saved_models");

    @Spec
    CommandSpec spec;

    @Option(names = "--models", description = "folder holding mnist-pooled and mnist-unpooled (default: saved_models/ when the working"
            + " directory has them, as in a checkout; else the copies inside the cam4j jar)")
    Path models;

    @Option(names = "--data", description = "dataset folder (default: $CAM4J_DATA, else ~/.cache/cam4j/mnist, downloaded if absent)")
    Path data;

    @Option(names = "--first", defaultValue = "12", description = "how many test digits, at most "
            + ArticleFigure.MAX_DIGITS + " (default: ${DEFAULT-VALUE})")
    int first;

    @Option(names = "--out", defaultValue = "cam4j-demo.png", description = "the figure to write " + OutputFolder.FIGURE_FORMAT + "; "
            + OutputFolder.FOLDER_MUST_EXIST + " (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--force", description = "overwrite --out")
    boolean force;

    @Mixin
    VerboseOption verbose;

    @Override
    public Integer call() throws Exception {
        // A stop said what became of --out (FigureStop), where the run ended without a word.
        try (FigureStop stop = new FigureStop(spec, out)) {
            return run(stop);
        }
    }

    private int run(FigureStop stop) throws Exception {
        ArticleFigure.checkCount(first);
        // Its folder too: a folder that cannot be written was found by OpenCV's imwrite only once the figure was
        // made, in words that named neither --out nor the folder.
        OutputFolder.writableImage("--out", out, force);
        List<Path> dirs = modelDirs();
        io.github.cam4j.data.Dataset dataset = DataOption.open(data, true);
        LabeledImages test = dataset.test();
        ArticleFigure.checkCount(first, test, dataset.dir());
        List<Mat> figures = new ArrayList<>();
        // 12 to 25 s passed without a word at --first 256 (opening each model takes 1.5 s, the PNG is 6 MB): each
        // model's opening and figure is a step, and so is the writing.
        int steps = 2 * dirs.size() + 1;
        try (StepBar progress = new StepBar("demo", " steps", steps)) {
            int done = 0;
            progress.accept(done);
            for (Path dir : dirs) {
                try (CamSession cam = CamSession.builder().setModel(dir).build()) {
                    progress.accept(++done);
                    figures.add(ArticleFigure.render(cam, test, first, null));
                    progress.accept(++done);
                }
            }
            try (Mat both = FigureGrid.sideBySide(figures,
                    List.of("pooled (max-pooling, 7x7 map)", "unpooled (no pooling, 28x28 map)"));
                    Mat keyed = ColourKey.under(both, FigureGrid.COLORMAP, ColourKey.Scale.MIN_MAX)) {
                if (!stop.writing()) {
                    return StopSignal.STOPPED_EXIT;
                }
                Images.writeFigure(keyed, out);
                progress.accept(++done);
            }
        } finally {
            figures.forEach(Mat::close);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "wrote %s: CAM of the first %s, pooled vs unpooled model%n",
                out, first == 1 ? "MNIST test digit" : first + " MNIST test digits");
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * @return what {@code --models} is instead of a folder holding both models: "does not hold A and B" said the same of
     *     a mistyped folder, of the pooled model's own folder and of a folder lacking only one of them
     */
    private String whatModelsLacks() {
        String both = String.join(" and ", MODELS);
        if (!Files.exists(models)) {
            return "does not exist; give the folder that holds " + both;
        }
        if (Files.isRegularFile(models.resolve("saved_model.pb"))) {
            return "is a SavedModel itself; give the folder that holds " + both;
        }
        List<String> lacking = MODELS.stream().filter(name -> !Files.isDirectory(models.resolve(name))).toList();
        if (lacking.size() == 1) {
            String held = MODELS.stream().filter(name -> !lacking.contains(name)).findFirst().orElseThrow();
            return "holds " + held + " but not " + lacking.get(0);
        }
        return "does not hold " + both;
    }

    private List<Path> modelDirs() throws ModelLoadException {
        Path folder = models != null ? models : CHECKOUT_MODELS;
        boolean complete = MODELS.stream().allMatch(name -> Files.isDirectory(folder.resolve(name)));
        if (complete) {
            return MODELS.stream().map(folder::resolve).toList();
        }
        if (models != null) {
            throw new IllegalArgumentException("--models " + models + " " + whatModelsLacks());
        }
        List<Path> dirs = new ArrayList<>();
        for (String name : MODELS) {
            dirs.add(BundledModels.locate(name));
        }
        return dirs;
    }
}
