package io.github.cam4j.eval;

import io.github.cam4j.data.LabeledImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a report records of how its figures were made ({@link EvaluationReport.Settings}), derived from the
 * {@link EvaluationSettings} the models were evaluated with, so that {@code cam4j evaluate} and a Java program
 * ({@link EvaluationRun#writeReport}) write the same record of the same run.
 */
public final class ReportSettings {
    private ReportSettings() {}

    /**
     * The record of a run that was not made from a command line: no arguments, working folder, method settings,
     * opening warnings or pixel options.
     *
     * @param settings how the models were evaluated
     * @param data the dataset's folder, as the report names it
     * @param test its test split
     * @param selection the test digits evaluated ({@link Sampling#sample})
     * @param evaluations the models' evaluations, at least one
     * @return the report's settings
     */
    public static EvaluationReport.Settings of(EvaluationSettings settings, String data, LabeledImages test,
            int[] selection, List<ModelEvaluation> evaluations) {
        return of(settings, data, test, selection.length, EmptyTruthBoxes.count(test, selection), evaluations,
                List.of(), List.of(), null, Map.of(), List.of(), List.of());
    }

    /**
     * @param settings how the models were evaluated
     * @param data the dataset's folder, as the report names it
     * @param test its test split
     * @param digits how many test digits were evaluated
     * @param emptyTruthBoxes how many of them have no ink ({@link EmptyTruthBoxes#count})
     * @param evaluations the models' evaluations, at least one: the thresholds are read from the first
     * @param runNotes conventions of the run the settings do not hold (a signature imported), after the others
     * @param arguments see {@link EvaluationReport.Settings}
     * @param workingFolder see {@link EvaluationReport.Settings}
     * @param methodSettings see {@link EvaluationReport.Settings}
     * @param warnings see {@link EvaluationReport.Settings}
     * @param pixelOptions see {@link EvaluationReport.Settings}
     * @return the report's settings
     * @throws IllegalArgumentException when {@code evaluations} is empty
     */
    public static EvaluationReport.Settings of(EvaluationSettings settings, String data, LabeledImages test, int digits,
            int emptyTruthBoxes, List<ModelEvaluation> evaluations, List<String> runNotes, List<String> arguments,
            String workingFolder, Map<Method, Map<String, Object>> methodSettings, List<String> warnings,
            List<String> pixelOptions) {
        if (evaluations.isEmpty()) {
            throw new IllegalArgumentException("evaluations is empty: a report needs at least one model evaluated");
        }
        LocalisationSummary cam = evaluations.get(0).report().plain().get(Method.CAM);
        List<String> conventions = new ArrayList<>(EvaluationReport.conventions(digits, evaluations.stream()
                .map(e -> e.report().leftOutDigits()).toList()));
        conventions.addAll(settingsNotes(settings, test));
        conventions.addAll(runNotes);
        return new EvaluationReport.Settings(data, test.count(), digits, Math.min(settings.faithfulnessLimit(), digits),
                settings.canvasSize(), settings.seed(), settings.steps(), cam.thresholds(), cam.threshold(), 0.5,
                CanvasGenerator.INK_THRESHOLD,
                EvaluationReport.clutterRule(new CanvasGenerator(test, settings.canvasSize(), settings.seed())),
                Baselines.centreSigma(Math.max(test.rows(), test.cols())), conventions, settings.alsoAt(),
                settings.alsoSmoothing().mark(), settings.batch(), arguments, workingFolder, methodSettings,
                emptyTruthBoxes, warnings, pixelOptions);
    }

    /**
     * @return how finely deletion and insertion see a map on these digits, and what the settings change in the methods
     *     beside CAM (smoothing, Faster Score-CAM) and in the faithfulness measured (ROAD), one paragraph each
     */
    private static List<String> settingsNotes(EvaluationSettings settings, LabeledImages test) {
        int[] ink = new int[test.count()];
        for (int i = 0; i < ink.length; i++) {
            for (int r = 0; r < test.rows(); r++) {
                for (int c = 0; c < test.cols(); c++) {
                    ink[i] += test.pixel(i, r, c) > CanvasGenerator.INK_THRESHOLD ? 1 : 0;
                }
            }
        }
        java.util.Arrays.sort(ink);
        List<String> all = new ArrayList<>();
        all.add(EvaluationReport.stepResolution(settings.canvasSize(), settings.steps(), ink[ink.length / 2],
                ink[ink.length - 1]));
        if (settings.alsoSmoothing().eigen()) {
            // The methods keep their names in the tables: said here, and on the command line recorded.
            all.add("The methods measured beside CAM were smoothed (--eigen-smooth): each map is its weighted features'"
                    + " projection on their first principal component, signed to agree with the unsmoothed map, not"
                    + " their sum. CAM is not smoothed.");
        }
        if (settings.alsoSmoothing().aug()) {
            all.add("The methods measured beside CAM were smoothed (--aug-smooth): each map is the mean of six variants"
                    + " of its canvas (mirrored or not, times 0.9, 1 and 1.1), each explained for the canvas's class,"
                    + " scaled by ReLU then min-max and mirrored back. CAM is not smoothed.");
        }
        int channels = settings.scoreCamChannels();
        if (channels > 0) {
            // Score-CAM keeps its name in the tables: said here, and on the command line recorded.
            all.add("Score-CAM was Faster Score-CAM (--scorecam-channels " + channels + "): each canvas masked by only"
                    + " the " + channels + " feature channels whose activations vary most over its cells, the softmax"
                    + " over those channels weighing them, the others weighing 0.");
        }
        if (settings.road()) {
            all.add(EvaluationReport.roadConvention());
        }
        return all;
    }
}
