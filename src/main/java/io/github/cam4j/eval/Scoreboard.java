package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The headline metrics of a model, each with its direction, and which baselines CAM fails to beat on which.
 *
 * <pre>{@code
 * Scoreboard.Verdict v = Scoreboard.verdict(report);   // v.beatsAll(): CAM beats every baseline on every metric
 * }</pre>
 */
public final class Scoreboard {
    private Scoreboard() {}

    /**
     * One headline metric.
     *
     * @param name its name in reports
     * @param higherIsBetter its direction
     * @param localisation its value from a localisation summary (null for a faithfulness metric)
     * @param faithfulness its value from a faithfulness summary (null for a localisation metric)
     * @param cluttered whether it reads the cluttered canvases' localisation
     * @param perCanvas the per-canvas value it averages, which a {@link PairedDifference} compares canvas by canvas
     */
    public record Metric(String name, boolean higherIsBetter, ToDoubleFunction<LocalisationSummary> localisation,
            ToDoubleFunction<FaithfulnessSummary> faithfulness, boolean cluttered, PerCanvas perCanvas) {

        /**
         * @param report a model's report
         * @param method a method
         * @return the value, or NaN when the report lacks it (baseline skipped, faithfulness not measured)
         */
        public double value(ModelReport report, Method method) {
            if (localisation != null) {
                LocalisationSummary s = localisationOf(report, method);
                return s == null ? Double.NaN : localisation.applyAsDouble(s);
            }
            FaithfulnessSummary s = faithfulnessOf(report, method);
            return s == null ? Double.NaN : faithfulness.applyAsDouble(s);
        }

        /**
         * @param report a model's report
         * @param method a method
         * @return the canvases the method's value was measured on, or 0 when the report lacks it
         */
        public int canvases(ModelReport report, Method method) {
            if (localisation != null) {
                LocalisationSummary s = localisationOf(report, method);
                return s == null ? 0 : s.canvases();
            }
            FaithfulnessSummary s = faithfulnessOf(report, method);
            return s == null ? 0 : s.canvases();
        }

        /**
         * @return whether the metric is measured only when asked for ({@code evaluate --road}): a report without it
         *     leaves it out rather than listing it as not measured
         */
        public boolean optIn() {
            return perCanvas == PerCanvas.ROAD_COMBINED || perCanvas == PerCanvas.ARCC;
        }

        /**
         * @param baseline a baseline
         * @return whether CAM is compared with it on this metric: not on coherency with a baseline whose map ignores
         *     the canvas ({@link Arcc#ignoresInput}), which has coherency 1 by construction
         */
        public boolean comparesWith(Method baseline) {
            return perCanvas != PerCanvas.COHERENCY || !Arcc.ignoresInput(baseline);
        }

        /**
         * @return whether the metric is a fraction of canvases (pointing, an IoU &ge; 0.5 rate), which report.md's
         *     tables and the verdict show as a percentage and report.json keeps as a fraction
         */
        public boolean isRate() {
            return perCanvas.countUnit() == 1;
        }

        private LocalisationSummary localisationOf(ModelReport report, Method method) {
            return (cluttered ? report.cluttered() : report.plain()).get(method);
        }

        private static FaithfulnessSummary faithfulnessOf(ModelReport report, Method method) {
            Map<Method, FaithfulnessSummary> f = report.faithfulness();
            return f == null ? null : f.get(method);
        }
    }

    /** The value each canvas gives a metric, whose mean over the canvases is the metric. */
    public enum PerCanvas {
        /** 1 when the map's peak lies inside the truth box, else 0. */
        POINTING,
        /** 1 when it lies within the tolerance of the box, else 0. */
        POINTING_NEAR,
        /** The peak's distance to the box in pixels (not finite for a digit without ink). */
        PEAK_DISTANCE,
        /** 1 when the box at the paper's threshold has IoU &ge; 0.5 with the truth, else 0. */
        IOU_HIT,
        /** That box's IoU. */
        IOU,
        /** 1 when the box at the method's best threshold has IoU &ge; 0.5, else 0. */
        IOU_HIT_BEST,
        /** The canvas's drop in confidence in %, 0 when it rose (Average Drop's term). */
        AVERAGE_DROP,
        /** 100 when the confidence rose under the map's mask, else 0 (Increase in Confidence's term). */
        INCREASE_IN_CONFIDENCE,
        /** The canvas's deletion curve's area. */
        DELETION_AUC,
        /** Its insertion curve's area. */
        INSERTION_AUC,
        /** Its ROAD combined score ({@link Road}), when ROAD was measured. */
        ROAD_COMBINED,
        /** The map's mean absolute value ({@link Arcc}). */
        COMPLEXITY,
        /** The map's coherency with the map of the canvas masked by it ({@link Arcc}). */
        COHERENCY,
        /** Its ARCC ({@link Arcc}), when ROAD was measured. */
        ARCC;

        /**
         * @return what one canvas that counts adds to the metric's sum (1 for a rate, 100 for a percentage), or 0 when
         *     the metric is not a count of canvases
         */
        double countUnit() {
            return switch (this) {
                case POINTING, POINTING_NEAR, IOU_HIT, IOU_HIT_BEST -> 1;
                case INCREASE_IN_CONFIDENCE -> 100;
                case PEAK_DISTANCE, IOU, AVERAGE_DROP, DELETION_AUC, INSERTION_AUC, ROAD_COMBINED, COMPLEXITY, COHERENCY,
                        ARCC -> 0;
            };
        }

        /**
         * @return the widest gap two values of one canvas can have (1 for a rate, an IoU, an AUC, ROAD combined's
         *     -0.5..0.5, complexity, coherency and ARCC; 100 for a percentage), so the largest gap a mean of them can
         *     show; infinite for the peak distance, which has no bound but the canvas
         */
        double span() {
            return switch (this) {
                case POINTING, POINTING_NEAR, IOU_HIT, IOU_HIT_BEST, IOU, DELETION_AUC, INSERTION_AUC, ROAD_COMBINED,
                        COMPLEXITY, COHERENCY, ARCC -> 1;
                case AVERAGE_DROP, INCREASE_IN_CONFIDENCE -> 100;
                case PEAK_DISTANCE -> Double.POSITIVE_INFINITY;
            };
        }
    }

    /** The baselines CAM must beat: centre Gaussian, uniform random, randomized weights. */
    static final int BASELINES = (int) java.util.Arrays.stream(Method.values()).filter(Method::isBaseline).count();

    /** The metrics compared, in report order. */
    public static final List<Metric> METRICS = List.of(
            new Metric("pointing", true, LocalisationSummary::pointing, null, false, PerCanvas.POINTING),
            new Metric("pointing within 3 px", true, LocalisationSummary::pointingTolerant, null, false,
                    PerCanvas.POINTING_NEAR),
            new Metric("mean peak distance to box, px", false, LocalisationSummary::meanPeakDistance, null, false,
                    PerCanvas.PEAK_DISTANCE),
            new Metric("IoU>=0.5 rate (t=0.2)", true, LocalisationSummary::iouRate, null, false, PerCanvas.IOU_HIT),
            new Metric("mean IoU (t=0.2)", true, LocalisationSummary::meanIou, null, false, PerCanvas.IOU),
            new Metric("IoU>=0.5 rate (best t)", true, LocalisationSummary::bestIouRate, null, false,
                    PerCanvas.IOU_HIT_BEST),
            new Metric("pointing, cluttered", true, LocalisationSummary::pointing, null, true, PerCanvas.POINTING),
            new Metric("IoU>=0.5 rate (t=0.2), cluttered", true, LocalisationSummary::iouRate, null, true,
                    PerCanvas.IOU_HIT),
            new Metric("mean IoU (t=0.2), cluttered", true, LocalisationSummary::meanIou, null, true, PerCanvas.IOU),
            new Metric("Average Drop %", false, null, FaithfulnessSummary::averageDrop, false, PerCanvas.AVERAGE_DROP),
            new Metric("Increase in Confidence %", true, null, FaithfulnessSummary::increaseInConfidence, false,
                    PerCanvas.INCREASE_IN_CONFIDENCE),
            new Metric("deletion AUC", false, null, FaithfulnessSummary::deletionAuc, false, PerCanvas.DELETION_AUC),
            new Metric("insertion AUC", true, null, FaithfulnessSummary::insertionAuc, false, PerCanvas.INSERTION_AUC),
            new Metric("ROAD combined", true, null, FaithfulnessSummary::roadCombined, false, PerCanvas.ROAD_COMBINED),
            new Metric("complexity", false, null, FaithfulnessSummary::complexity, false, PerCanvas.COMPLEXITY),
            new Metric("coherency", true, null, FaithfulnessSummary::coherency, false, PerCanvas.COHERENCY),
            new Metric("ARCC", true, null, FaithfulnessSummary::arcc, false, PerCanvas.ARCC));

    /**
     * Whether CAM beats every baseline on every metric measured.
     *
     * @param losses one line per metric and baseline that does better than CAM, e.g.
     *     {@code "pointing: randomized weights 62.0 % > CAM 35.0 %"} (a rate in percent, as report.md's tables show it)
     * @param ties one line per metric and baseline that equals CAM (a tie is not a win: 1 of 30 canvases each)
     * @param compared the metric and baseline pairs compared
     * @param unmeasured the metrics not measured for this model (faithfulness with {@code --faithfulness 0}), which the
     *     verdict says nothing about
     * @param unmeasuredBaselines the baselines not measured for this model (the randomized-weights twin of a model
     *     whose weights cannot be re-drawn), which the verdict says nothing about either
     */
    public record Verdict(List<String> losses, List<String> ties, int compared, List<String> unmeasured,
            List<String> unmeasuredBaselines) {
        /**
         * Every baseline measured.
         *
         * @param losses see the record
         * @param ties see the record
         * @param compared see the record
         * @param unmeasured see the record
         */
        public Verdict(List<String> losses, List<String> ties, int compared, List<String> unmeasured) {
            this(losses, ties, compared, unmeasured, List.of());
        }

        /** @return whether CAM strictly beats every baseline measured on every metric compared */
        public boolean beatsAll() {
            return losses.isEmpty() && ties.isEmpty() && compared > 0;
        }

        /**
         * @return "yes", "yes, on the 9 metrics measured", "yes, against the 2 baselines measured", "no (1 loss, 2
         *     ties)": a skipped baseline qualifies a "yes" as a skipped metric does (a bare "yes" had claimed a win over
         *     the randomized-weights twin that was never made)
         */
        public String summary() {
            if (beatsAll()) {
                // A metric goes unmeasured only with faithfulness off, and then the opt-in ones (measured on the
                // faithfulness canvases) were not measured either.
                int metrics = (unmeasured.isEmpty() ? METRICS.size() : (int) METRICS.stream().filter(m -> !m.optIn()).count())
                        - unmeasured.size();
                int baselines = BASELINES - unmeasuredBaselines.size();
                if (unmeasured.isEmpty() && unmeasuredBaselines.isEmpty()) {
                    return "yes";
                }
                if (unmeasuredBaselines.isEmpty()) {
                    return "yes, on the " + metrics + " metrics measured";
                }
                String against = "against the " + baselines + (baselines == 1 ? " baseline" : " baselines");
                return unmeasured.isEmpty() ? "yes, " + against + " measured"
                        : "yes, on the " + metrics + " metrics and " + against + " measured";
            }
            if (compared == 0) {
                return "nothing compared";
            }
            List<String> parts = new ArrayList<>();
            if (!losses.isEmpty()) {
                parts.add(losses.size() + (losses.size() == 1 ? " loss" : " losses"));
            }
            if (!ties.isEmpty()) {
                parts.add(ties.size() + (ties.size() == 1 ? " tie" : " ties"));
            }
            return "no (" + String.join(", ", parts) + ")";
        }

        /** @return what was not measured, e.g. "deletion AUC, insertion AUC, randomized weights", or "" when all was */
        public String notMeasured() {
            List<String> all = new ArrayList<>(unmeasured);
            all.addAll(unmeasuredBaselines);
            return String.join(", ", all);
        }

        /** @return the losses then the ties, one line each */
        public List<String> details() {
            List<String> all = new ArrayList<>(losses);
            all.addAll(ties);
            return all;
        }
    }

    /**
     * The decimals that tell two different values apart, {@code least} at least: a loss by less than 0.0005 read
     * "randomized weights 0.019 > CAM 0.019".
     */
    static int decimalsApart(double a, double b, int least) {
        int decimals = least;
        while (decimals < 9 && String.format(java.util.Locale.ROOT, "%." + decimals + "f", a)
                .equals(String.format(java.util.Locale.ROOT, "%." + decimals + "f", b))) {
            decimals++;
        }
        return decimals;
    }

    private static ModelReport.Comparison comparison(ModelReport report, Metric metric, Method baseline) {
        return report.comparisons().stream()
                .filter(c -> c.metric().equals(metric.name()) && c.baseline().equals(baseline.title()))
                .findFirst().orElse(null);
    }

    /**
     * The canvases behind a rate, so that a reader sees when a loss is a handful of them: "0.800 > CAM 0.200" on 500
     * canvases is 4 against 1.
     *
     * @return e.g. {@code ", 4 against 1 of 500 canvases"} (baseline first), {@code ", 3 of 500 canvases each"} for a
     *     tie, or "" when the metric is not a count of canvases or the two values were not measured on the same canvases
     */
    static String counts(Metric metric, ModelReport report, Method baseline, double baselineValue, double camValue) {
        double unit = metric.perCanvas().countUnit();
        int canvases = metric.canvases(report, Method.CAM);
        if (unit == 0 || canvases == 0 || metric.canvases(report, baseline) != canvases) {
            return "";
        }
        double baselineCount = baselineValue / unit * canvases;
        double camCount = camValue / unit * canvases;
        // A rate read back from a rounded figure (a hand-written report) is no count: say nothing rather than round.
        if (Math.abs(baselineCount - Math.rint(baselineCount)) > 1e-6 || Math.abs(camCount - Math.rint(camCount)) > 1e-6) {
            return "";
        }
        if (Math.round(baselineCount) == Math.round(camCount)) {
            return String.format(java.util.Locale.ROOT, ", %d of %s each", Math.round(camCount), canvases(canvases));
        }
        return String.format(java.util.Locale.ROOT, ", %d against %d of %s", Math.round(baselineCount),
                Math.round(camCount), canvases(canvases));
    }

    /** @return "1 canvas", "40 canvases": "1 of 1 canvases each" read as a slip */
    private static String canvases(int n) {
        return n + (n == 1 ? " canvas" : " canvases");
    }

    /**
     * @param rate whether the metric is a rate: its gap is then in percentage points, as report.md's "Model against
     *     model" table gives it (its fractions beside percentages read as a gap a hundred times smaller)
     * @return e.g. {@code " (CAM - baseline -0.018, 95 % interval -0.039 to +0.003: within noise)"}, for a rate
     *     {@code " (CAM - baseline -1.8 points, 95 % interval -3.9 to +0.3: within noise)"}, or "" without a
     *     comparison; with more decimals than {@code decimals} where a nonzero figure would print as zero
     */
    static String interval(ModelReport.Comparison c, int decimals, boolean rate) {
        if (c == null || !Double.isFinite(c.low())) {
            return "";
        }
        if (c.low() == 0 && c.high() == 0) {
            return " (the same on every canvas)";
        }
        double k = rate ? 100 : 1;
        // More decimals where fewer would print a nonzero end as 0.000 (beside "beyond noise", it read as holding 0).
        String f = "%+." + PairedDifference.decimalsKeepingSigns(decimals, k * c.difference(), k * c.low(), k * c.high())
                + "f";
        String verdict = c.clearlyWorse() ? "CAM worse beyond noise" : "within noise";
        return String.format(java.util.Locale.ROOT, " (CAM - baseline " + f + (rate ? " points" : "") + ", 95 %% interval "
                + f + " to " + f + ": %s)", k * c.difference(), k * c.low(), k * c.high(), verdict);
    }

    /**
     * @return the value as report.md's tables show the metric: a rate in percent ("96.1 %"), else as it is ("0.107"),
     *     with {@code decimals} decimals
     */
    static String shown(Metric metric, double value, int decimals) {
        return metric.isRate() ? String.format(java.util.Locale.ROOT, "%." + decimals + "f %%", 100 * value)
                : String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    }

    /**
     * How CAM stands against the baselines once the canvases' scatter is counted: the comparisons whose 95 % interval
     * lies wholly on one side.
     *
     * @param report a model's report
     * @return e.g. "better on 37 of 39, worse on none", "worse on 1 of 39: pointing, cluttered (randomized weights)",
     *     or "" when the report holds no paired comparison
     */
    public static String beyondNoise(ModelReport report) {
        List<ModelReport.Comparison> all = report.comparisons();
        if (all.isEmpty()) {
            return "";
        }
        long better = all.stream().filter(ModelReport.Comparison::clearlyBetter).count();
        List<String> worse = all.stream().filter(ModelReport.Comparison::clearlyWorse)
                .map(c -> c.metric() + " (" + c.baseline() + ")").toList();
        return "better on " + better + " of " + all.size() + ", worse on "
                + (worse.isEmpty() ? "none" : worse.size() + ": " + String.join("; ", worse));
    }

    /**
     * @param report a model's report
     * @return CAM against every baseline on every metric the report holds
     */
    public static Verdict verdict(ModelReport report) {
        List<String> losses = new ArrayList<>();
        List<String> ties = new ArrayList<>();
        List<String> unmeasured = new ArrayList<>();
        List<String> unmeasuredBaselines = new ArrayList<>();
        for (Method baseline : Method.values()) {
            if (baseline.isBaseline() && METRICS.stream().allMatch(m -> Double.isNaN(m.value(report, baseline)))) {
                unmeasuredBaselines.add(baseline.title());
            }
        }
        int compared = 0;
        for (Metric m : METRICS) {
            double cam = m.value(report, Method.CAM);
            if (Double.isNaN(cam)) {
                // An opt-in metric not asked for is no gap in the verdict: every default run would have read "yes, on
                // the 13 metrics measured".
                if (!m.optIn()) {
                    unmeasured.add(m.name());
                }
                continue;
            }
            for (Method baseline : Method.values()) {
                if (!baseline.isBaseline()) {
                    continue;
                }
                double b = m.value(report, baseline);
                if (Double.isNaN(b) || !m.comparesWith(baseline)) {
                    continue;
                }
                compared++;
                ModelReport.Comparison paired = comparison(report, m, baseline);
                String counts = counts(m, report, baseline, b, cam);
                // A rate in percent with one decimal, as report.md's tables print it beside this line (it read
                // "0.961" under a table's "96.1 %"); other metrics as they were, three decimals at least.
                int least = m.isRate() ? 1 : 3;
                if (b == cam) {
                    ties.add(m.name() + ": " + baseline.title() + " " + shown(m, b, least) + " = CAM " + shown(m, cam, least)
                            + " (tie)" + counts + interval(paired, least, m.isRate()));
                } else if (m.higherIsBetter() ? b > cam : b < cam) {
                    double k = m.isRate() ? 100 : 1;
                    int decimals = decimalsApart(k * b, k * cam, least);
                    losses.add(m.name() + ": " + baseline.title() + " " + shown(m, b, decimals) + (m.higherIsBetter()
                            ? " > " : " < ") + "CAM " + shown(m, cam, decimals) + counts
                            + interval(paired, decimals, m.isRate()));
                }
            }
        }
        return new Verdict(List.copyOf(losses), List.copyOf(ties), compared, List.copyOf(unmeasured),
                List.copyOf(unmeasuredBaselines));
    }
}
