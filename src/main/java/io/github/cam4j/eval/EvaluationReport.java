package io.github.cam4j.eval;

import java.util.List;

/**
 * Everything {@code report.json} holds: how the evaluation ran and each model's figures.
 *
 * <p>Among each model's figures, {@code plain.<METHOD>.flatMaps} and {@code cluttered.<METHOD>.flatMaps}
 * ({@link LocalisationSummary#flatMaps()}) count the canvases whose map of that method (CAM, each {@code --also}
 * method, each baseline) was flat, constant up to float rounding or not finite ({@link FlatMaps#isFlat}): the method's
 * figures on those canvases read no evidence (an occlusion patch as large as the canvas makes every map flat). 0 when
 * every map held some; report.md and the command's summary say the count only when it is not 0. Beside it,
 * {@code noPositiveCellMaps} ({@link LocalisationSummary#noPositiveCellMaps()}) counts the canvases whose map was not
 * flat but had no cell above 0 ({@link FlatMaps#hasNoPositiveCell}: a method whose class score falls with the
 * features): its positive part, which localisation scores, is as empty as a flat map's, so those figures read no
 * evidence either; said in report.md and the summary as the flat ones are. {@code faithfulness.<METHOD>} counts the same
 * two kinds among the maps its figures masked by ({@link FaithfulnessSummary#flatMaps()},
 * {@link FaithfulnessSummary#noPositiveCellMaps()}), judged as localisation judged them on those first plain canvases,
 * and said as they are.
 *
 * @param cam4jVersion the cam4j version that measured
 * @param settings how it ran
 * @param models one report per model, in the order given
 * @param seconds total wall time
 * @param modelComparisons every pair of models' CAM, canvas by canvas on the same canvases, metric by metric (empty
 *     for one model; never null)
 * @param notEvaluated the models asked for that the report lacks, and why (the run was stopped, or one failed): empty
 *     for a whole report; never null
 */
public record EvaluationReport(String cam4jVersion, Settings settings, List<ModelReport> models, double seconds,
        List<ModelComparison> modelComparisons, List<NotEvaluated> notEvaluated) {

    /**
     * A model asked for that the report lacks.
     *
     * @param model the model as given
     * @param reason why it is missing
     */
    public record NotEvaluated(String model, String reason) {}

    /**
     * @param cam4jVersion see the record
     * @param settings see the record
     * @param models see the record
     * @param seconds see the record
     * @param modelComparisons see the record
     * @param notEvaluated see the record; null for none
     */
    public EvaluationReport {
        notEvaluated = notEvaluated == null ? List.of() : List.copyOf(notEvaluated);
    }

    /**
     * A whole report: every model asked for is in it.
     *
     * @param cam4jVersion see the record
     * @param settings see the record
     * @param models see the record
     * @param seconds see the record
     * @param modelComparisons see the record
     */
    public EvaluationReport(String cam4jVersion, Settings settings, List<ModelReport> models, double seconds,
            List<ModelComparison> modelComparisons) {
        this(cam4jVersion, settings, models, seconds, modelComparisons, List.of());
    }

    /**
     * Without model comparisons.
     *
     * @param cam4jVersion see the record
     * @param settings see the record
     * @param models see the record
     * @param seconds see the record
     */
    public EvaluationReport(String cam4jVersion, Settings settings, List<ModelReport> models, double seconds) {
        this(cam4jVersion, settings, models, seconds, List.of());
    }

    /**
     * How the evaluation ran, with the conventions a reader needs to compare figures.
     *
     * @param data the dataset folder
     * @param testDigits digits in its test split
     * @param digits digits evaluated (a seeded random sample when fewer than all)
     * @param faithfulnessDigits of those, how many faithfulness was measured on (the first of the sample)
     * @param canvasSize the canvases' side
     * @param seed the seed
     * @param steps deletion and insertion steps
     * @param thresholds the box thresholds swept
     * @param paperThreshold the CAM paper's threshold
     * @param iouHit the IoU that counts as localised
     * @param inkThreshold a digit's pixel above this is ink (the truth box is the ink's box)
     * @param clutter how cluttered canvases are made
     * @param centreSigma the centre baseline's sigma in pixels
     * @param conventions the rules behind the numbers, in words
     * @param alsoAt the layer the methods measured beside CAM were taken at, or two or more comma-separated whose maps
     *     were fused; null for CAM's features
     * @param alsoSmoothing how the methods measured beside CAM were smoothed, as their titles are marked
     *     ({@code "eigen-smooth"}, {@code "aug-smooth"}, {@code "eigen-smooth, aug-smooth"}); null when not
     * @param batch canvases per model run asked for (at 84x84; fewer on larger canvases): batches of other sizes can
     *     round the model's floats otherwise, so a figure on the edge of a tie may move with it
     * @param arguments the command line as given after {@code cam4j} (the command's name first): what reproduces the
     *     report, options with no field here (the model's pixel scaling, labels, --also...) included; empty when it was
     *     not made from a command line
     * @param workingFolder the folder it ran in, against which the paths among the arguments resolve; null when it was
     *     not made from a command line
     * @param methodSettings the settings the methods measured beside CAM took, by method, for those that take any:
     *     each by its option's name without the dashes ({@code fem_k} for {@code --fem-k}), defaults included, a null
     *     value for a default the data decides (KPCA-CAM's gamma, 1 / the layer's channels); numbers, strings or lists
     *     of numbers. Empty when none measured takes one
     * @param emptyTruthBoxes how many of the digits evaluated have no ink ({@link EmptyTruthBoxes}): each of their
     *     plain and cluttered canvases has an empty truth box, a miss for every method
     * @param warnings what opening the models warned of, one line each ({@link ModelEvaluator#check(java.nio.file.Path,
     *     io.github.cam4j.data.LabeledImages, java.util.function.Consumer)}): a pixel scale, offset or ink given over a
     *     model's metadata, so that the figures were measured on pixels it was not trained on; empty when none
     * @param pixelOptions the options that mapped the pixels to the models' input, as given with their values
     *     ({@code --pixel-offset -3}): what a warning of a model that reads few digits names; empty when none was
     */
    public record Settings(String data, int testDigits, int digits, int faithfulnessDigits, int canvasSize, long seed,
            int steps, double[] thresholds, double paperThreshold, double iouHit, int inkThreshold, String clutter,
            double centreSigma, List<String> conventions, String alsoAt, String alsoSmoothing, int batch,
            List<String> arguments, String workingFolder, java.util.Map<Method, java.util.Map<String, Object>> methodSettings,
            int emptyTruthBoxes, List<String> warnings, List<String> pixelOptions) {
        /**
         * Without method settings (none of the methods measured takes one).
         *
         * @param data see the record
         * @param testDigits see the record
         * @param digits see the record
         * @param faithfulnessDigits see the record
         * @param canvasSize see the record
         * @param seed see the record
         * @param steps see the record
         * @param thresholds see the record
         * @param paperThreshold see the record
         * @param iouHit see the record
         * @param inkThreshold see the record
         * @param clutter see the record
         * @param centreSigma see the record
         * @param conventions see the record
         * @param alsoAt see the record
         * @param alsoSmoothing see the record
         * @param batch see the record
         * @param arguments see the record; null for none
         * @param workingFolder see the record
         */
        public Settings(String data, int testDigits, int digits, int faithfulnessDigits, int canvasSize, long seed,
                int steps, double[] thresholds, double paperThreshold, double iouHit, int inkThreshold, String clutter,
                double centreSigma, List<String> conventions, String alsoAt, String alsoSmoothing, int batch,
                List<String> arguments, String workingFolder) {
            this(data, testDigits, digits, faithfulnessDigits, canvasSize, seed, steps, thresholds, paperThreshold, iouHit,
                    inkThreshold, clutter, centreSigma, conventions, alsoAt, alsoSmoothing, batch, arguments,
                    workingFolder, java.util.Map.of());
        }

        /**
         * Every digit evaluated with ink (no empty truth box).
         *
         * @param data see the record
         * @param testDigits see the record
         * @param digits see the record
         * @param faithfulnessDigits see the record
         * @param canvasSize see the record
         * @param seed see the record
         * @param steps see the record
         * @param thresholds see the record
         * @param paperThreshold see the record
         * @param iouHit see the record
         * @param inkThreshold see the record
         * @param clutter see the record
         * @param centreSigma see the record
         * @param conventions see the record
         * @param alsoAt see the record
         * @param alsoSmoothing see the record
         * @param batch see the record
         * @param arguments see the record; null for none
         * @param workingFolder see the record
         * @param methodSettings see the record; null for none
         */
        public Settings(String data, int testDigits, int digits, int faithfulnessDigits, int canvasSize, long seed,
                int steps, double[] thresholds, double paperThreshold, double iouHit, int inkThreshold, String clutter,
                double centreSigma, List<String> conventions, String alsoAt, String alsoSmoothing, int batch,
                List<String> arguments, String workingFolder,
                java.util.Map<Method, java.util.Map<String, Object>> methodSettings) {
            this(data, testDigits, digits, faithfulnessDigits, canvasSize, seed, steps, thresholds, paperThreshold, iouHit,
                    inkThreshold, clutter, centreSigma, conventions, alsoAt, alsoSmoothing, batch, arguments,
                    workingFolder, methodSettings, 0);
        }

        /**
         * Without warnings (opening the models warned of nothing).
         *
         * @param data see the record
         * @param testDigits see the record
         * @param digits see the record
         * @param faithfulnessDigits see the record
         * @param canvasSize see the record
         * @param seed see the record
         * @param steps see the record
         * @param thresholds see the record
         * @param paperThreshold see the record
         * @param iouHit see the record
         * @param inkThreshold see the record
         * @param clutter see the record
         * @param centreSigma see the record
         * @param conventions see the record
         * @param alsoAt see the record
         * @param alsoSmoothing see the record
         * @param batch see the record
         * @param arguments see the record; null for none
         * @param workingFolder see the record
         * @param methodSettings see the record; null for none
         * @param emptyTruthBoxes see the record
         */
        public Settings(String data, int testDigits, int digits, int faithfulnessDigits, int canvasSize, long seed,
                int steps, double[] thresholds, double paperThreshold, double iouHit, int inkThreshold, String clutter,
                double centreSigma, List<String> conventions, String alsoAt, String alsoSmoothing, int batch,
                List<String> arguments, String workingFolder,
                java.util.Map<Method, java.util.Map<String, Object>> methodSettings, int emptyTruthBoxes) {
            this(data, testDigits, digits, faithfulnessDigits, canvasSize, seed, steps, thresholds, paperThreshold, iouHit,
                    inkThreshold, clutter, centreSigma, conventions, alsoAt, alsoSmoothing, batch, arguments,
                    workingFolder, methodSettings, emptyTruthBoxes, List.of());
        }

        /**
         * No pixel option given (the models' own mappings fed them).
         *
         * @param data see the record
         * @param testDigits see the record
         * @param digits see the record
         * @param faithfulnessDigits see the record
         * @param canvasSize see the record
         * @param seed see the record
         * @param steps see the record
         * @param thresholds see the record
         * @param paperThreshold see the record
         * @param iouHit see the record
         * @param inkThreshold see the record
         * @param clutter see the record
         * @param centreSigma see the record
         * @param conventions see the record
         * @param alsoAt see the record
         * @param alsoSmoothing see the record
         * @param batch see the record
         * @param arguments see the record; null for none
         * @param workingFolder see the record
         * @param methodSettings see the record; null for none
         * @param emptyTruthBoxes see the record
         * @param warnings see the record; null for none
         */
        public Settings(String data, int testDigits, int digits, int faithfulnessDigits, int canvasSize, long seed,
                int steps, double[] thresholds, double paperThreshold, double iouHit, int inkThreshold, String clutter,
                double centreSigma, List<String> conventions, String alsoAt, String alsoSmoothing, int batch,
                List<String> arguments, String workingFolder,
                java.util.Map<Method, java.util.Map<String, Object>> methodSettings, int emptyTruthBoxes,
                List<String> warnings) {
            this(data, testDigits, digits, faithfulnessDigits, canvasSize, seed, steps, thresholds, paperThreshold, iouHit,
                    inkThreshold, clutter, centreSigma, conventions, alsoAt, alsoSmoothing, batch, arguments,
                    workingFolder, methodSettings, emptyTruthBoxes, warnings, List.of());
        }

        /**
         * Copies the lists.
         *
         * @param data see the record
         * @param testDigits see the record
         * @param digits see the record
         * @param faithfulnessDigits see the record
         * @param canvasSize see the record
         * @param seed see the record
         * @param steps see the record
         * @param thresholds see the record
         * @param paperThreshold see the record
         * @param iouHit see the record
         * @param inkThreshold see the record
         * @param clutter see the record
         * @param centreSigma see the record
         * @param conventions see the record
         * @param alsoAt see the record
         * @param alsoSmoothing see the record
         * @param batch see the record
         * @param arguments see the record; null for none
         * @param workingFolder see the record
         * @param methodSettings see the record; null for none
         * @param emptyTruthBoxes see the record
         * @param warnings see the record; null for none
         * @param pixelOptions see the record; null for none
         */
        public Settings {
            conventions = List.copyOf(conventions);
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
            pixelOptions = pixelOptions == null ? List.of() : List.copyOf(pixelOptions);
            arguments = arguments == null ? List.of() : List.copyOf(arguments);
            // Kept in the methods' order (the report's), each method's settings in theirs; a null value stays one.
            java.util.Map<Method, java.util.Map<String, Object>> copy = new java.util.EnumMap<>(Method.class);
            if (methodSettings != null) {
                methodSettings.forEach((m, settings) -> copy.put(m,
                        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(settings))));
            }
            methodSettings = java.util.Collections.unmodifiableMap(copy);
        }

        /**
         * @return the command that made the report, each argument quoted for a POSIX shell where it needs to be, or
         *     null when it was not made from a command line
         */
        public String commandLine() {
            if (arguments.isEmpty()) {
                return null;
            }
            StringBuilder line = new StringBuilder("cam4j");
            for (String a : arguments) {
                line.append(' ').append(io.github.cam4j.ShellWords.quote(a));
            }
            return line.toString();
        }
    }

    /**
     * The rules behind the numbers, as the report states them, for a run that left no digit out.
     *
     * @param digits the digits evaluated: the cascade runs on the first {@link CascadingRandomization#CANVASES} of
     *     them, and a run of fewer must not be said to have had that many
     * @return the rules, one paragraph each
     */
    public static List<String> conventions(int digits) {
        return conventions(digits, List.of());
    }

    /**
     * The rules behind the numbers, as the report states them.
     *
     * @param digits the digits evaluated: the cascade runs on the first {@link CascadingRandomization#CANVASES} of
     *     those scored, and a run of fewer must not be said to have had that many
     * @param leftOut each model's digits left out ({@link ModelReport#leftOutDigits()}), whose canvases the cascade
     *     does not explain either
     * @return the rules, one paragraph each
     */
    public static List<String> conventions(int digits, List<Integer> leftOut) {
        return conventions(digits, cascadeCanvases(digits, leftOut));
    }

    /**
     * @return the canvases the cascading randomisation correlates, as the conventions say them: "every canvas (40)"
     *     was said of a run whose cascade took the 24 canvases of the digits scored, 16 left out
     */
    private static String cascadeCanvases(int digits, List<Integer> leftOut) {
        int limit = CascadingRandomization.CANVASES;
        if (leftOut.stream().allMatch(l -> l == 0)) {
            return digits <= limit ? "every canvas (" + digits + ")" : "the first " + limit + " canvases";
        }
        int least = leftOut.stream().mapToInt(l -> Math.min(limit, digits - l)).min().orElseThrow();
        int most = leftOut.stream().mapToInt(l -> Math.min(limit, digits - l)).max().orElseThrow();
        String counts = least == most ? String.valueOf(least) : least + " to " + most;
        if (most < limit) {
            return "every canvas scored (" + counts + " of the " + digits + ", the digits left out excepted)";
        }
        return "the first " + limit + " canvases of the digits scored" + (least == limit ? ""
                : ", every one of a model that scored fewer (" + counts + ")");
    }

    private static List<String> conventions(int digits, String cascaded) {
        return List.of(
                "Every map explains the digit's true class (the pointing game's convention), whatever the model predicts; "
                        + "the randomized model's maps explain the same class.",
                "'CAM' is the CAM as CamResult delivers it. Localisation uses the CAM upsampled to the canvas (as "
                        + "CamSession places its cells), its positive part divided by its maximum: the paper's 'above 20 % of "
                        + "the max value of the CAM' read literally, as CamResult.box() cuts. Faithfulness masks by "
                        + "CamResult.map(), the CAM min-max normalised as Zhou et al.'s own CAM code does and cam4j draws it. "
                        + "'CAM, positive-part masks' masks by the positive part over the maximum instead (Grad-CAM's "
                        + "convention), for reference: its localisation is the same as CAM's. Randomized-weights maps follow "
                        + "CAM's conventions. Baselines are in [0, 1]. CAM must beat the three baselines.",
                "Methods measured beside CAM (--also) are taken at CAM's features unless --also-at names another layer, "
                        + "as pytorch-grad-cam makes them: the weighted sum's positive part at the feature cells, then "
                        + "upsampled and normalised by its maximum, and scored as CAM is, without intervals of their own. On "
                        + "a model ending in global average pooling Grad-CAM is CAM's positive part over the cells, yet its "
                        + "figures can differ a little from 'CAM, positive-part masks', which takes the positive part after "
                        + "upsampling: where cells are upsampled, interpolating before or after the cut gives other pixels.",
                "Pointing game: a hit when the map's maximum lies inside the truth box; ties go to the first pixel in "
                        + "row-major order (a constant map points at the top-left corner). 'Within 3 px' is the lenient form "
                        + "(Zhang et al. allow 15 px on 224-px images): the peak within 3 px (about one stroke width) of the box.",
                "Box rule (CAM paper): pixels >= threshold x max, largest 8-connected region, its bounding box; IoU >= 0.5 "
                        + "counts as localised; 'best threshold' is the sweep's threshold with the highest such rate.",
                "Faithfulness uses the plain canvases and the trained model's probability of the true class, computed in "
                        + "double precision from its logits. Average Drop and Increase in Confidence (Grad-CAM++) mask the "
                        + "canvas by the map (pixel x map value); a rise in confidence is decided on the log-probabilities, "
                        + "which keep a rise that rounds to 1 as a probability.",
                "Deletion sets pixels to black (0) in order of map value (equal values in a random order, seeded by --seed and the digit, the same for every method on a canvas), in equal steps; "
                        + "insertion starts from the black canvas (MNIST's own background, so no blur) and restores pixels "
                        + "in the same order. AUC by the trapezoid rule over the fraction of pixels, 0..1.",
                "Complexity and coherency (pytorch-grad-cam's metrics/arcc.py), on the faithfulness canvases and the maps"
                        + " Average Drop masks by (CAM's min-max map; pytorch-grad-cam's maps are ReLU'd then min-max"
                        + " scaled, as 'CAM, positive-part masks' is): complexity is the map's mean absolute value, lower"
                        + " is simpler; coherency is (rho + 1) / 2, rho the Pearson correlation (n - 1 denominators, 1e-8"
                        + " added to the product of the standard deviations) of the map and the same method's map,"
                        + " made the same way, of the canvas multiplied by it, explained for the same class. Baselines whose"
                        + " map ignores the canvas (centre Gaussian, uniform random) have coherency 1 by construction and"
                        + " are not compared with CAM on it.",
                "Randomized weights: the same architecture with every weight re-drawn from its initialiser (Adebayo et al. "
                        + "2018); Spearman's rank correlation between its map and the trained map, per canvas, over pixels. "
                        // Imported (Keras) models get the cascade too: "cam4j models with an architecture" here read
                        // as if the imported model's cascade table beside it were not this test.
                        + "Cascading randomisation (their layer-by-layer test; a cam4j model's layers as its "
                        + "architecture lists them, an imported model's as its variables' names group them, "
                        + "nearest the output first): the same draws, applied to one more layer at a time from the "
                        + "classifier down, the rest trained, on " + cascaded + "; its last step is the twin.");
    }

    /**
     * How finely deletion and insertion see a map, for the report: a step moves {@code canvas² / steps} pixels, and a
     * map that ranks all of a digit's ink first removes the whole digit in the steps that ink fills, whatever else it
     * ranks; such maps then tie to the last digit (at 16 steps on 84x84 canvases, 441 pixels a step, more than any
     * MNIST test digit's ink: Grad-CAM++, Score-CAM and Eigen-CAM all scored a deletion AUC of 0.10752684, helper-60's
     * run, where 128 steps told them apart).
     *
     * @param canvas the canvas side
     * @param steps deletion and insertion steps
     * @param medianInk the test digits' median count of ink pixels
     * @param maxInk the largest count
     * @return the sentence
     */
    public static String stepResolution(int canvas, int steps, int medianInk, int maxInk) {
        long perStep = Math.round((double) canvas * canvas / steps);
        long fine = Math.max(1, Math.round((double) canvas * canvas / Math.max(1, medianInk / 4)));
        return "Deletion and insertion resolution: each of the " + steps + " steps moves " + perStep + " of the canvas's "
                + canvas * canvas + " pixels, and the test digits hold " + medianInk + " ink pixels at the median, "
                + maxInk + " at most" + (perStep >= medianInk ? ", so a map that ranks a digit's ink first removes the"
                        + " digit within the first step and such maps' AUCs tie, however they rank the rest; to tell"
                        + " methods apart give --steps " + fine + " or more (a quarter of a median digit a step; the"
                        + " faithfulness part takes time in proportion)" : "") + ".";
    }

    /** @return what ROAD measures and how, for a report made with {@code --road} */
    public static String roadConvention() {
        return "ROAD (Rong et al. 2022, as pytorch-grad-cam's ROADCombined), on the faithfulness canvases: at each"
                + " percentile p of 10, 20, ..., 90 the pixels whose map value is at least the map's p-th percentile"
                + " (most relevant first, MoRF) or at most its (100 - p)-th (least relevant first, LeRF) are removed, ties"
                + " together, and filled in by noisy linear imputation: each the weighted mean of its 8 neighbours (1/6"
                + " edges, 1/12 corners), solved as one sparse system, plus Gaussian noise of 0.01 x 255 grey levels"
                + " (seeded by --seed, the digit, the percentile and the order, the same for every method; a picture with"
                + " every pixel removed is black). A picture's score is the true class's probability on it minus that on"
                + " the canvas; 'ROAD combined' = (mean LeRF score - mean MoRF score) / 2, in -0.5..0.5, higher is better:"
                + " a faithful map's most relevant pixels take the model's confidence with them, its least relevant ones"
                + " leave it. About 0 is a map that ranks pixels no better than chance. With it, ARCC (pytorch-grad-cam's):"
                + " per canvas the harmonic mean of coherency, 1 - complexity and clip(2 x ROAD combined over the 20th,"
                + " 40th, 60th and 80th percentiles alone, 0, 1), 1e-8 added to each term as the reference does; the"
                + " report gives its mean.";
    }

    /**
     * @param canvases the generator the canvases came from, whose digits' size sets the fragments'
     * @return a description of the clutter rule
     */
    public static String clutterRule(CanvasGenerator canvases) {
        return CanvasGenerator.FRAGMENTS + " fragments per canvas, each a random " + canvases.fragmentMin() + ".."
                + canvases.fragmentMax() + "-pixel square crop (>= " + canvases.fragmentMinInk()
                + " ink pixels) of another random test digit, placed where none of its ink falls inside the target's box";
    }
}
