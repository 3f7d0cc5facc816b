package io.github.cam4j.eval;

import java.util.List;
import java.util.Map;

/**
 * Everything measured for one model: what {@code report.json} holds per model.
 *
 * @param name the model's name (its folder's name)
 * @param path its folder
 * @param digits test digits evaluated
 * @param digitSize the test digits' own size, {@code HxW} (28x28 for MNIST)
 * @param accuracy accuracy on them as plain digits, at that size
 * @param canvasSize the canvases' side
 * @param mapSize the CAM's own resolution on a canvas, {@code HxW} (before upsampling)
 * @param canvasAccuracy accuracy on the plain canvases
 * @param clutteredAccuracy accuracy on the cluttered canvases
 * @param plain localisation on plain canvases, by method
 * @param cluttered localisation on cluttered canvases, by method
 * @param faithfulness faithfulness on the plain canvases of the first digits, by method
 * @param randomizedSpearman trained vs randomised maps on plain canvases; null when that baseline was skipped
 * @param randomizedNote why the randomised baseline was skipped, or how it was made when not from the model's
 *     architecture; null when it was
 * @param perClass per-class figures of CAM
 * @param worst the worst-localised plain canvases, worst first
 * @param seconds wall time of the model's evaluation
 * @param comparisons CAM against each baseline on each metric measured, canvas by canvas, with the 95 % interval of
 *     the difference (empty, never null, when not computed)
 * @param cascade the cascading randomisation, one stage per layer re-drawn from the classifier down, the last the
 *     randomised twin (empty, never null, when the twin is not made from the model's architecture)
 * @param leftOut the canvases a method could not map, one per canvas and method, in the sample's order: their digits'
 *     plain and cluttered canvases were left out for every method and baseline, so that the figures pair the same
 *     canvases (empty, never null, when every canvas was mapped)
 */
public record ModelReport(String name, String path, int digits, String digitSize, double accuracy, int canvasSize, String mapSize,
        double canvasAccuracy, double clutteredAccuracy, Map<Method, LocalisationSummary> plain,
        Map<Method, LocalisationSummary> cluttered, Map<Method, FaithfulnessSummary> faithfulness,
        SpearmanSummary randomizedSpearman, String randomizedNote, List<ClassRow> perClass, List<Example> worst,
        double seconds, List<Comparison> comparisons, List<CascadeStage> cascade, List<LeftOut> leftOut) {

    /**
     * A report in which every canvas was mapped.
     *
     * @param name see the record
     * @param path see the record
     * @param digits see the record
     * @param digitSize see the record
     * @param accuracy see the record
     * @param canvasSize see the record
     * @param mapSize see the record
     * @param canvasAccuracy see the record
     * @param clutteredAccuracy see the record
     * @param plain see the record
     * @param cluttered see the record
     * @param faithfulness see the record
     * @param randomizedSpearman see the record
     * @param randomizedNote see the record
     * @param perClass see the record
     * @param worst see the record
     * @param seconds see the record
     * @param comparisons see the record
     * @param cascade see the record
     */
    public ModelReport(String name, String path, int digits, String digitSize, double accuracy, int canvasSize,
            String mapSize, double canvasAccuracy, double clutteredAccuracy, Map<Method, LocalisationSummary> plain,
            Map<Method, LocalisationSummary> cluttered, Map<Method, FaithfulnessSummary> faithfulness,
            SpearmanSummary randomizedSpearman, String randomizedNote, List<ClassRow> perClass, List<Example> worst,
            double seconds, List<Comparison> comparisons, List<CascadeStage> cascade) {
        this(name, path, digits, digitSize, accuracy, canvasSize, mapSize, canvasAccuracy, clutteredAccuracy, plain,
                cluttered, faithfulness, randomizedSpearman, randomizedNote, perClass, worst, seconds, comparisons,
                cascade, List.of());
    }

    /**
     * A canvas a method could not map, and so left out, with its digit's other canvas, for every method and baseline.
     *
     * @param digit the test digit's index in the test set
     * @param canvas {@code plain} or {@code cluttered}
     * @param method the method that could not map it, as the report titles it
     * @param reason why, in the method's words
     */
    public record LeftOut(int digit, String canvas, String method, String reason) {}

    /** @return how many test digits' canvases were left out (a digit whose both canvases failed counted once) */
    public int leftOutDigits() {
        return (int) leftOut.stream().mapToInt(LeftOut::digit).distinct().count();
    }

    /** @return how many canvases a method could not map (a canvas two methods failed on counted once) */
    public int unmappedCanvases() {
        return (int) leftOut.stream().map(l -> l.digit() + " " + l.canvas()).distinct().count();
    }

    /**
     * A report without the cascading randomisation.
     *
     * @param name see the record
     * @param path see the record
     * @param digits see the record
     * @param digitSize see the record
     * @param accuracy see the record
     * @param canvasSize see the record
     * @param mapSize see the record
     * @param canvasAccuracy see the record
     * @param clutteredAccuracy see the record
     * @param plain see the record
     * @param cluttered see the record
     * @param faithfulness see the record
     * @param randomizedSpearman see the record
     * @param randomizedNote see the record
     * @param perClass see the record
     * @param worst see the record
     * @param seconds see the record
     * @param comparisons see the record
     */
    public ModelReport(String name, String path, int digits, String digitSize, double accuracy, int canvasSize,
            String mapSize, double canvasAccuracy, double clutteredAccuracy, Map<Method, LocalisationSummary> plain,
            Map<Method, LocalisationSummary> cluttered, Map<Method, FaithfulnessSummary> faithfulness,
            SpearmanSummary randomizedSpearman, String randomizedNote, List<ClassRow> perClass, List<Example> worst,
            double seconds, List<Comparison> comparisons) {
        this(name, path, digits, digitSize, accuracy, canvasSize, mapSize, canvasAccuracy, clutteredAccuracy, plain,
                cluttered, faithfulness, randomizedSpearman, randomizedNote, perClass, worst, seconds, comparisons,
                List.of());
    }

    /**
     * One step of Adebayo et al.'s cascading randomisation.
     *
     * @param layers the layers re-drawn, the classifier first; the rest keep their trained weights
     * @param spearman the trained maps against this model's, per canvas (no canvas compared when not measured)
     * @param notMeasured why the step has no correlation, its model failing on the canvases (non-finite values from
     *     weights re-drawn on top of trained ones); null when it was measured (the key is then left out of report.json,
     *     as in reports written before it existed)
     */
    public record CascadeStage(List<String> layers, SpearmanSummary spearman,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            String notMeasured) {
        /**
         * A step measured.
         *
         * @param layers the layers re-drawn, the classifier first
         * @param spearman the trained maps against this model's, per canvas
         */
        public CascadeStage(List<String> layers, SpearmanSummary spearman) {
            this(layers, spearman, null);
        }
    }

    /**
     * A report without paired comparisons.
     *
     * @param name see the record
     * @param path see the record
     * @param digits see the record
     * @param digitSize see the record
     * @param accuracy see the record
     * @param canvasSize see the record
     * @param mapSize see the record
     * @param canvasAccuracy see the record
     * @param clutteredAccuracy see the record
     * @param plain see the record
     * @param cluttered see the record
     * @param faithfulness see the record
     * @param randomizedSpearman see the record
     * @param randomizedNote see the record
     * @param perClass see the record
     * @param worst see the record
     * @param seconds see the record
     */
    public ModelReport(String name, String path, int digits, String digitSize, double accuracy, int canvasSize,
            String mapSize, double canvasAccuracy, double clutteredAccuracy, Map<Method, LocalisationSummary> plain,
            Map<Method, LocalisationSummary> cluttered, Map<Method, FaithfulnessSummary> faithfulness,
            SpearmanSummary randomizedSpearman, String randomizedNote, List<ClassRow> perClass, List<Example> worst,
            double seconds) {
        this(name, path, digits, digitSize, accuracy, canvasSize, mapSize, canvasAccuracy, clutteredAccuracy, plain,
                cluttered, faithfulness, randomizedSpearman, randomizedNote, perClass, worst, seconds, List.of());
    }

    /**
     * CAM against one baseline on one metric, canvas by canvas.
     *
     * @param metric the metric's name ({@link Scoreboard#METRICS})
     * @param baseline the baseline's title
     * @param higherIsBetter the metric's direction
     * @param canvases the canvases compared
     * @param difference CAM's mean minus the baseline's
     * @param low the 95 % interval's lower end
     * @param high its upper end
     */
    public record Comparison(String metric, String baseline, boolean higherIsBetter, int canvases, double difference,
            double low, double high) {
        /** @return whether CAM does better than the baseline by more than the canvases' scatter */
        public boolean clearlyBetter() {
            return higherIsBetter ? low > 0 : high < 0;
        }

        /** @return whether CAM does worse by more than the scatter */
        public boolean clearlyWorse() {
            return higherIsBetter ? high < 0 : low > 0;
        }

        /**
         * How many decimals print the difference and its interval without losing a sign: an interval end of -0.00002
         * at 3 decimals read "-0.013 to -0.000" beside a verdict of "worse beyond noise", as if the interval held 0.
         *
         * @param least the decimals wanted
         * @return {@code least}, or more (up to 6) until no nonzero figure of the three rounds to zero
         */
        public int decimalsKeepingSigns(int least) {
            return PairedDifference.decimalsKeepingSigns(least, difference, low, high);
        }
    }

    /**
     * One class's row.
     *
     * @param label the class
     * @param digits its digits
     * @param accuracy accuracy on them as plain digits, at their own size
     * @param canvasAccuracy accuracy on plain canvases
     * @param pointing CAM's pointing rate, plain canvases
     * @param iouRate CAM's IoU &ge; 0.5 rate at the paper's threshold, plain canvases
     * @param meanIou CAM's mean IoU, plain canvases
     * @param clutteredPointing CAM's pointing rate, cluttered canvases
     * @param clutteredIouRate CAM's IoU &ge; 0.5 rate, cluttered canvases
     * @param name the class as the model names it (its labels, or {@code --labels}): "7", or "seven"
     */
    public record ClassRow(int label, int digits, double accuracy, double canvasAccuracy, double pointing, double iouRate,
            double meanIou, double clutteredPointing, double clutteredIouRate, String name) {}

    /**
     * One canvas shown in the worst-localised grid.
     *
     * @param digitIndex the test digit
     * @param label its class
     * @param predicted the model's class on the canvas
     * @param probability the model's probability of the true class
     * @param iou CAM's IoU at the paper's threshold
     * @param pointing whether CAM's peak was inside the truth
     * @param truth the truth box {@code x,y,w,h}
     * @param camBox CAM's box, or null
     * @param labelName the class as the model names it
     * @param predictedName the predicted class as the model names it
     */
    public record Example(int digitIndex, int label, int predicted, double probability, double iou, boolean pointing,
            String truth, String camBox, String labelName, String predictedName) {
        /**
         * The two boxes as {@code explain --json} writes a box, so that one reader takes both files' boxes; the strings
         * stay for the reports and readers written before.
         *
         * @return report.json's {@code boxes}: {@code truth} and {@code cam} (null without a box), each
         *     {@code {x, y, width, height}} in canvas pixels
         */
        @com.fasterxml.jackson.annotation.JsonProperty("boxes")
        public java.util.Map<String, java.util.Map<String, Integer>> boxes() {
            java.util.Map<String, java.util.Map<String, Integer>> boxes = new java.util.LinkedHashMap<>();
            boxes.put("truth", fields(truth));
            boxes.put("cam", camBox == null ? null : fields(camBox));
            return boxes;
        }

        private static java.util.Map<String, Integer> fields(String box) {
            io.github.cam4j.render.Box b = io.github.cam4j.render.Box.parse(box);
            java.util.Map<String, Integer> fields = new java.util.LinkedHashMap<>();
            fields.put("x", b.x());
            fields.put("y", b.y());
            fields.put("width", b.width());
            fields.put("height", b.height());
            return fields;
        }
    }
}
