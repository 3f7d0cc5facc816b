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
     */
    public record Metric(String name, boolean higherIsBetter, ToDoubleFunction<LocalisationSummary> localisation,
            ToDoubleFunction<FaithfulnessSummary> faithfulness, boolean cluttered) {

        /**
         * @param report a model's report
         * @param method a method
         * @return the value, or NaN when the report lacks it (baseline skipped, faithfulness not measured)
         */
        public double value(ModelReport report, Method method) {
            if (localisation != null) {
                LocalisationSummary s = (cluttered ? report.cluttered() : report.plain()).get(method);
                return s == null ? Double.NaN : localisation.applyAsDouble(s);
            }
            Map<Method, FaithfulnessSummary> f = report.faithfulness();
            FaithfulnessSummary s = f == null ? null : f.get(method);
            return s == null ? Double.NaN : faithfulness.applyAsDouble(s);
        }
    }

    /** The baselines CAM must beat: centre Gaussian, uniform random, randomized weights. */
    static final int BASELINES = (int) java.util.Arrays.stream(Method.values()).filter(Method::isBaseline).count();

    /** The metrics compared, in report order. */
    public static final List<Metric> METRICS = List.of(
            new Metric("pointing", true, LocalisationSummary::pointing, null, false),
            new Metric("pointing within 3 px", true, LocalisationSummary::pointingTolerant, null, false),
            new Metric("mean peak distance to box, px", false, LocalisationSummary::meanPeakDistance, null, false),
            new Metric("IoU>=0.5 rate (t=0.2)", true, LocalisationSummary::iouRate, null, false),
            new Metric("mean IoU (t=0.2)", true, LocalisationSummary::meanIou, null, false),
            new Metric("IoU>=0.5 rate (best t)", true, LocalisationSummary::bestIouRate, null, false),
            new Metric("pointing, cluttered", true, LocalisationSummary::pointing, null, true),
            new Metric("IoU>=0.5 rate (t=0.2), cluttered", true, LocalisationSummary::iouRate, null, true),
            new Metric("mean IoU (t=0.2), cluttered", true, LocalisationSummary::meanIou, null, true),
            new Metric("Average Drop %", false, null, FaithfulnessSummary::averageDrop, false),
            new Metric("Increase in Confidence %", true, null, FaithfulnessSummary::increaseInConfidence, false),
            new Metric("deletion AUC", false, null, FaithfulnessSummary::deletionAuc, false),
            new Metric("insertion AUC", true, null, FaithfulnessSummary::insertionAuc, false));

    /**
     * Whether CAM beats every baseline on every metric measured.
     *
     * @param losses one line per metric and baseline that does better than CAM, e.g.
     *     {@code "pointing: randomized weights 0.620 > CAM 0.350"}
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
                int metrics = METRICS.size() - unmeasured.size();
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
     * The decimals that tell two different values apart, 3 at least: a loss by less than 0.0005 read
     * "randomized weights 0.019 > CAM 0.019".
     */
    static int decimalsApart(double a, double b) {
        int decimals = 3;
        while (decimals < 9 && String.format(java.util.Locale.ROOT, "%." + decimals + "f", a)
                .equals(String.format(java.util.Locale.ROOT, "%." + decimals + "f", b))) {
            decimals++;
        }
        return decimals;
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
                unmeasured.add(m.name());
                continue;
            }
            for (Method baseline : Method.values()) {
                if (!baseline.isBaseline()) {
                    continue;
                }
                double b = m.value(report, baseline);
                if (Double.isNaN(b)) {
                    continue;
                }
                compared++;
                if (b == cam) {
                    ties.add(String.format(java.util.Locale.ROOT, "%s: %s %.3f = CAM %.3f (tie)", m.name(), baseline.title(),
                            b, cam));
                } else if (m.higherIsBetter() ? b > cam : b < cam) {
                    int decimals = decimalsApart(b, cam);
                    losses.add(String.format(java.util.Locale.ROOT, "%s: %s %." + decimals + "f %s CAM %." + decimals + "f",
                            m.name(), baseline.title(), b, m.higherIsBetter() ? ">" : "<", cam));
                }
            }
        }
        return new Verdict(List.copyOf(losses), List.copyOf(ties), compared, List.copyOf(unmeasured),
                List.copyOf(unmeasuredBaselines));
    }
}
