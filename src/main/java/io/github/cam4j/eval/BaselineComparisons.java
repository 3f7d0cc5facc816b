package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Compares CAM with each baseline canvas by canvas on every headline metric: the paired differences and their 95 %
 * intervals a report gives beside its verdict, so that "randomized weights 0.319 &gt; CAM 0.301" on 2 000 canvases can
 * be read as a loss or as noise.
 */
final class BaselineComparisons {
    private BaselineComparisons() {}

    /**
     * @param plain each method's localisation tally on the plain canvases
     * @param cluttered the same on the cluttered ones
     * @param faithful each method's faithfulness tally (empty tallies when faithfulness was not measured)
     * @return one comparison per metric and baseline measured, in {@link Scoreboard#METRICS} order
     */
    static List<ModelReport.Comparison> of(Map<Method, LocalisationTally> plain, Map<Method, LocalisationTally> cluttered,
            Map<Method, FaithfulnessTally> faithful) {
        List<ModelReport.Comparison> out = new ArrayList<>();
        for (Scoreboard.Metric metric : Scoreboard.METRICS) {
            double[] cam = values(metric, Method.CAM, plain, cluttered, faithful);
            if (cam == null || cam.length == 0) {
                continue;
            }
            for (Method baseline : Method.values()) {
                if (!baseline.isBaseline() || !metric.comparesWith(baseline)) {
                    continue;
                }
                double[] other = values(metric, baseline, plain, cluttered, faithful);
                if (other == null || other.length != cam.length) {
                    // A baseline skipped (no randomized twin) or measured on other canvases: nothing to pair.
                    continue;
                }
                PairedDifference d = PairedDifference.of(cam, other).within(metric.perCanvas().span());
                if (d.canvases() > 0) {
                    out.add(new ModelReport.Comparison(metric.name(), baseline.title(), metric.higherIsBetter(),
                            d.canvases(), d.difference(), d.low(), d.high()));
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * @param plain each method's localisation tally on the plain canvases
     * @param cluttered the same on the cluttered ones
     * @param faithful each method's faithfulness tally
     * @return CAM's value on each canvas per metric measured, by metric name in {@link Scoreboard#METRICS} order: what
     *     {@link ModelComparison} pairs between two models scored on the same canvases
     */
    static Map<String, double[]> camValues(Map<Method, LocalisationTally> plain, Map<Method, LocalisationTally> cluttered,
            Map<Method, FaithfulnessTally> faithful) {
        Map<String, double[]> out = new java.util.LinkedHashMap<>();
        for (Scoreboard.Metric metric : Scoreboard.METRICS) {
            double[] cam = values(metric, Method.CAM, plain, cluttered, faithful);
            if (cam != null && cam.length > 0) {
                out.put(metric.name(), cam);
            }
        }
        return out;
    }

    private static double[] values(Scoreboard.Metric metric, Method method, Map<Method, LocalisationTally> plain,
            Map<Method, LocalisationTally> cluttered, Map<Method, FaithfulnessTally> faithful) {
        if (metric.localisation() != null) {
            LocalisationTally t = (metric.cluttered() ? cluttered : plain).get(method);
            return t == null ? null : t.values(metric.perCanvas());
        }
        FaithfulnessTally t = faithful.get(method);
        return t == null ? null : t.values(metric.perCanvas());
    }
}
