package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Says complexity, coherency and ARCC ({@link Arcc}) for every method of a model, each baseline's with CAM's paired
 * difference and its 95 % interval: the lines {@code evaluate} prints and the table {@code report.md} shows.
 *
 * <pre>{@code
 * ArccReport.lines(report, null);
 * // ["complexity (lower is simpler): CAM 0.290; ...; centre Gaussian 0.071 (CAM - it +0.219, +0.210 to +0.228); ...", ...]
 * }</pre>
 */
public final class ArccReport {
    private ArccReport() {}

    /** The metrics said, in report order: complexity, coherency, then ARCC when ROAD was measured. */
    static List<Scoreboard.Metric> metrics() {
        return Scoreboard.METRICS.stream().filter(m -> m.perCanvas() == Scoreboard.PerCanvas.COMPLEXITY
                || m.perCanvas() == Scoreboard.PerCanvas.COHERENCY || m.perCanvas() == Scoreboard.PerCanvas.ARCC).toList();
    }

    /**
     * @param report a model's report
     * @param alsoSmoothing how the methods beside CAM were smoothed, or null
     * @return one line per metric measured for CAM, e.g. {@code "coherency (higher is better): CAM 0.951; centre
     *     Gaussian 1.000 (by construction, not compared); randomized weights 0.843 (CAM - it +0.108, +0.090 to
     *     +0.126)"}; none without faithfulness
     */
    public static List<String> lines(ModelReport report, String alsoSmoothing) {
        List<String> out = new ArrayList<>();
        for (Scoreboard.Metric metric : metrics()) {
            if (Double.isNaN(metric.value(report, Method.CAM))) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (Method m : report.faithfulness().keySet()) {
                double v = metric.value(report, m);
                if (Double.isNaN(v)) {
                    continue;
                }
                String part = String.format(Locale.ROOT, "%s %.3f", m.shownTitle(alsoSmoothing), v);
                if (m.isBaseline()) {
                    ModelReport.Comparison c = comparison(report, metric, m);
                    part += !metric.comparesWith(m) ? " (by construction, not compared)"
                            : c == null ? "" : " (CAM - it " + gap(c, ", ", "") + ")";
                }
                parts.add(part);
            }
            out.add(metric.name() + (metric.perCanvas() == Scoreboard.PerCanvas.COMPLEXITY ? " (lower is simpler): "
                    : " (higher is better): ") + String.join("; ", parts));
        }
        return out;
    }

    /**
     * Appends report.md's table of CAM against each baseline on these metrics, and what they mean; nothing when they
     * were not measured.
     *
     * @param md the report
     * @param report a model's report
     */
    static void table(StringBuilder md, ModelReport report) {
        List<Scoreboard.Metric> measured = metrics().stream()
                .filter(metric -> !Double.isNaN(metric.value(report, Method.CAM))).toList();
        if (measured.isEmpty()) {
            return;
        }
        List<Method> baselines = report.faithfulness().keySet().stream().filter(Method::isBaseline).toList();
        md.append("| CAM − baseline (95 % interval) |");
        for (Method b : baselines) {
            md.append(' ').append(b.title()).append(" |");
        }
        md.append("\n|---|").append("---:|".repeat(baselines.size())).append('\n');
        for (Scoreboard.Metric metric : measured) {
            md.append("| ").append(metric.name()).append(metric.higherIsBetter() ? " (higher better)" : " (lower better)")
                    .append(" |");
            for (Method b : baselines) {
                ModelReport.Comparison c = comparison(report, metric, b);
                String cell = !metric.comparesWith(b) ? "not compared (1 by construction)"
                        : c == null ? "-" : gap(c, " (", ")");
                md.append(' ').append(cell).append(" |");
            }
            md.append('\n');
        }
        md.append("\nComplexity, coherency and ARCC (pytorch-grad-cam's `metrics/arcc.py`), on the faithfulness canvases and"
                + " the maps they mask by: complexity is the map's mean value (0..1, lower is simpler); coherency is"
                + " (Pearson correlation + 1) / 2 of the map and the same method's map of the canvas multiplied by it, for"
                + " the same class (0..1, higher is better)");
        if (measured.stream().anyMatch(m -> m.perCanvas() == Scoreboard.PerCanvas.ARCC)) {
            md.append("; ARCC is the harmonic mean of coherency, 1 - complexity and 2 x ROAD combined over the 20th, 40th,"
                    + " 60th and 80th percentiles clipped to 0..1, per canvas (about 0 on a canvas whose ROAD is 0 or"
                    + " less)");
        }
        md.append(". The centre Gaussian and uniform random maps do not depend on the canvas, so their map of the masked"
                + " canvas is their map and their coherency is 1 by construction: shown, not compared with CAM");
        md.append(measured.stream().anyMatch(m -> m.perCanvas() == Scoreboard.PerCanvas.ARCC)
                ? " (their ARCC counts it, as the reference would).\n\n" : ".\n\n");
    }

    private static ModelReport.Comparison comparison(ModelReport report, Scoreboard.Metric metric, Method baseline) {
        return report.comparisons().stream()
                .filter(x -> x.metric().equals(metric.name()) && x.baseline().equals(baseline.title())).findFirst()
                .orElse(null);
    }

    /**
     * @return e.g. {@code "+0.219" + open + "+0.210 to +0.228" + close}, the difference alone without an interval; with
     *     the decimals that keep each figure's sign (an interval end of -0.0004 read "+0.000" beside a verdict of "worse
     *     beyond noise")
     */
    private static String gap(ModelReport.Comparison c, String open, String close) {
        String f = "%+." + c.decimalsKeepingSigns(3) + "f";
        String d = String.format(Locale.ROOT, f, c.difference());
        if (!Double.isFinite(c.low())) {
            return d;
        }
        return d + open + String.format(Locale.ROOT, f, c.low()) + " to " + String.format(Locale.ROOT, f, c.high())
                + close;
    }
}
