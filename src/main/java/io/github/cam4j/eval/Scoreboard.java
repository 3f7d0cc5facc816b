package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The headline metrics of a model, each with its direction, and which baselines CAM fails to beat on which.
 *
 * <pre>{@code
 * List<String> losses = Scoreboard.losses(report);   // empty when CAM beats every baseline on every metric
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
     * @param report a model's report
     * @return one line per metric and baseline where CAM does not strictly beat the baseline, e.g.
     *     {@code "pointing: randomized weights 0.62 >= CAM 0.35"}; empty when CAM beats them all
     */
    public static List<String> losses(ModelReport report) {
        List<String> out = new ArrayList<>();
        for (Metric m : METRICS) {
            double cam = m.value(report, Method.CAM);
            for (Method baseline : Method.values()) {
                if (!baseline.isBaseline()) {
                    continue;
                }
                double b = m.value(report, baseline);
                if (Double.isNaN(cam) || Double.isNaN(b)) {
                    continue;
                }
                boolean beats = m.higherIsBetter() ? cam > b : cam < b;
                if (!beats) {
                    out.add(String.format(java.util.Locale.ROOT, "%s: %s %.3f %s CAM %.3f", m.name(), baseline.title(), b,
                            m.higherIsBetter() ? ">=" : "<=", cam));
                }
            }
        }
        return out;
    }
}
