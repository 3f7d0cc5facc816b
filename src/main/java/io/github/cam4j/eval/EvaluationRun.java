package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.DatasetException;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * {@code cam4j evaluate} from Java: a dataset's test digits, a seeded sample of them, and the settings every model of
 * the run is evaluated with, so that a program (a test gating a model's release, a JShell session) gets the report's
 * figures as objects and, if it likes, the report's folder. It holds no native memory: nothing to close. Each
 * {@link #evaluate} opens the model, its randomised twin and the methods beside CAM, and closes them before it returns.
 *
 * <pre>{@code
 * EvaluationRun run = EvaluationRun.of(Path.of("mnist"), 300, EvaluationSettings.defaults());
 * ModelEvaluation e = run.evaluate(Path.of("saved_models/mnist-pooled"));
 * double pointing = e.report().plain().get(Method.CAM).pointing();     // see LocalisationSummary
 * double averageDrop = e.report().faithfulness().get(Method.CAM).averageDrop();   // see FaithfulnessSummary
 * run.writeReport(List.of(e), Path.of("eval-out"));                    // report.md, report.json, the charts
 * }</pre>
 *
 * <p>The figures are those {@code cam4j evaluate --data DIR --limit N} gives with the same settings (its seed picks the
 * same digits): both sample with {@link Sampling#sample}, evaluate with {@link ModelEvaluator} and record the run with
 * {@link ReportSettings}. What only a command line has (its arguments, the per-method settings of {@code --also}
 * methods, the models' opening warnings) is left out of a report written here.
 */
public final class EvaluationRun {
    private final EvaluationSettings settings;
    private final Path data;
    private final LabeledImages test;
    private final int[] selection;
    /**
     * The evaluations this run made, held weakly (each holds its canvases' pictures): what {@link #writeReport}
     * accepts, for the report records this run's settings and digits, which an evaluation does not carry.
     */
    private final List<java.lang.ref.WeakReference<ModelEvaluation>> made =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    private EvaluationRun(EvaluationSettings settings, Path data, LabeledImages test, int[] selection) {
        this.settings = settings;
        this.data = data;
        this.test = test;
        this.selection = selection;
    }

    /**
     * Reads the test split and samples its digits.
     *
     * @param data a folder holding MNIST's test files ({@code t10k-images-idx3-ubyte} and
     *     {@code t10k-labels-idx1-ubyte}, or their {@code .gz}; {@link io.github.cam4j.data.MnistDownloader} fetches
     *     them)
     * @param limit how many test digits to evaluate, sampled with the settings' seed as {@code --limit} samples them;
     *     0 for all of them
     * @param settings how to evaluate ({@link EvaluationSettings#defaults()}: {@code cam4j evaluate}'s defaults)
     * @return the run, ready to evaluate models
     * @throws DatasetException when the folder lacks a test file, naming it
     * @throws IllegalArgumentException when {@code limit} is negative, or the test split holds fewer than two digits
     *     (a cluttered canvas's fragments are cut from other digits)
     */
    public static EvaluationRun of(Path data, int limit, EvaluationSettings settings) throws DatasetException {
        Objects.requireNonNull(data, "data is null: the folder holding MNIST's test files");
        Objects.requireNonNull(settings, "settings is null: EvaluationSettings.defaults() for the defaults");
        LabeledImages test = Dataset.openTest(data).test();
        if (test.count() < 2) {
            throw new IllegalArgumentException("the test split of " + data + " holds " + test.count() + " digits;"
                    + " an evaluation needs at least two (a cluttered canvas's fragments are cut from the other"
                    + " digits)");
        }
        return new EvaluationRun(settings, data, test, Sampling.sample(test.count(), limit, settings.seed()));
    }

    /**
     * @return the test split read, the run's own and not a copy (its 10 000 digits' pixels): changing its arrays changes
     *     what later {@link #evaluate} calls read
     */
    public LabeledImages test() {
        return test;
    }

    /** @return the test digits evaluated, in the order evaluated (faithfulness takes the first ones); a copy */
    public int[] selection() {
        return selection.clone();
    }

    /** @return the settings every model is evaluated with */
    public EvaluationSettings settings() {
        return settings;
    }

    /**
     * Evaluates a model folder (a cam4j export or a Keras SavedModel) opened with {@link LoadOptions#defaults()}.
     *
     * @param model the model's folder
     * @return its figures ({@link ModelEvaluation#report()}) and the canvases its report draws
     * @throws ModelLoadException when the model cannot be opened, naming it
     * @throws CamException when the model fails on the canvases
     * @throws IOException when the randomised copy cannot be written to the temporary folder
     * @see ModelEvaluator#evaluate(Path, LabeledImages, int[])
     */
    public ModelEvaluation evaluate(Path model) throws ModelLoadException, CamException, IOException {
        return evaluate(model, LoadOptions.defaults());
    }

    /**
     * Evaluates a model folder opened with {@code options} (a signature, pixel scaling), without a progress bar.
     *
     * @param model the model's folder
     * @param options how to open it
     * @return its figures and the canvases its report draws
     * @throws ModelLoadException when the model cannot be opened, naming it
     * @throws CamException when the model fails on the canvases
     * @throws IOException when the randomised copy cannot be written to the temporary folder
     */
    public ModelEvaluation evaluate(Path model, LoadOptions options) throws ModelLoadException, CamException,
            IOException {
        ModelEvaluation e = new ModelEvaluator(settings, options, null).evaluate(model, test, selection);
        made.removeIf(r -> r.get() == null);
        made.add(new java.lang.ref.WeakReference<>(e));
        return e;
    }

    /**
     * Writes the report of models evaluated by this run into a folder, as {@code cam4j evaluate --out} does
     * ({@link ReportWriter}): {@code report.json}, {@code report.md}, {@code summary.png} and each model's charts and
     * grids ({@code <model>-examples.png}...). Files of those names there are replaced; other files are left as they
     * are (a previous report's charts of a model not in this one among them), where {@code cam4j evaluate --force}
     * replaces the whole folder.
     *
     * @param evaluations the models' evaluations, in the report's order; at least one, each returned by this run's
     *     {@link #evaluate}
     * @param dir the folder; created if absent
     * @return the files written, {@code report.json} first and {@code report.md} last
     * @throws IOException when a file cannot be written
     * @throws NullPointerException naming it, when {@code evaluations}, one of them or {@code dir} is null
     * @throws IllegalArgumentException when {@code evaluations} is empty, or one was not returned by this run's
     *     {@link #evaluate} (another run's, even of as many digits, or one built by hand): the report would record this
     *     run's seed, digits and settings for figures made with others
     */
    public List<Path> writeReport(List<ModelEvaluation> evaluations, Path dir) throws IOException {
        // Named: a null list, or a null in it, was a bare NullPointerException from inside the check below.
        Objects.requireNonNull(evaluations, "evaluations is null: the ModelEvaluations of this run's models");
        Objects.requireNonNull(dir, "dir is null: the folder to write the report into");
        // Not indexOf(null): List.of's throws a bare NullPointerException for it.
        for (int i = 0; i < evaluations.size(); i++) {
            if (evaluations.get(i) == null) {
                throw new NullPointerException("evaluations holds null at index " + i
                        + ": give the ModelEvaluations of this run's models");
            }
        }
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException("evaluations is empty: give the ModelEvaluations of this run's models");
        }
        for (ModelEvaluation e : evaluations) {
            if (e.report().digits() != selection.length) {
                throw new IllegalArgumentException("evaluation of " + e.report().name() + " covers "
                        + e.report().digits() + " digits, this run " + selection.length + ": it was not made by it");
            }
            // The count alone let another run's evaluation of as many digits through (another seed, so other digits;
            // other canvases): the report then said this run's seed and settings over figures made with others.
            if (made.stream().noneMatch(r -> r.get() == e)) {
                throw new IllegalArgumentException("evaluation of " + e.report().name() + " was not made by this run"
                        + " (another EvaluationRun's, or built by hand): write it with the run whose evaluate made it");
            }
        }
        EvaluationReport report = new EvaluationReport(version(),
                ReportSettings.of(settings, data.toString(), test, selection, evaluations),
                evaluations.stream().map(ModelEvaluation::report).toList(),
                evaluations.stream().mapToDouble(e -> e.report().seconds()).sum(),
                ModelComparison.between(evaluations));
        return ReportWriter.write(report, evaluations, dir);
    }

    /** @return the version in the jar's manifest, or "dev" when run from classes, as the command line says it */
    private static String version() {
        String v = EvaluationRun.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
