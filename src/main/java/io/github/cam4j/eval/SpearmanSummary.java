package io.github.cam4j.eval;

/**
 * How alike the trained model's maps and the randomised model's maps are, by Spearman's rank correlation over the
 * pixels of each canvas (Adebayo et al.'s model-randomisation test: a faithful explanation must change).
 *
 * @param canvases canvases compared
 * @param undefined canvases where one map was constant (no ranking), left out
 * @param mean mean correlation (NaN, null in report.json, when no canvas was compared)
 * @param meanAbsolute mean absolute correlation (NaN when none was)
 * @param median median correlation (NaN when none was)
 * @param belowHalf fraction of canvases with |correlation| &lt; 0.5 (NaN when none was compared)
 */
public record SpearmanSummary(int canvases, int undefined, double mean, double meanAbsolute, double median,
        double belowHalf) {

    static SpearmanSummary of(double[] values) {
        double[] defined = java.util.Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        int n = defined.length;
        if (n == 0) {
            // Nothing compared has no mean: zeros read as "uncorrelated", the very result the check looks for.
            return new SpearmanSummary(0, values.length, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = java.util.Arrays.stream(defined).average().orElseThrow();
        double abs = java.util.Arrays.stream(defined).map(Math::abs).average().orElseThrow();
        double median = n % 2 == 1 ? defined[n / 2] : (defined[n / 2 - 1] + defined[n / 2]) / 2;
        double below = (double) java.util.Arrays.stream(defined).filter(v -> Math.abs(v) < 0.5).count() / n;
        return new SpearmanSummary(n, values.length - n, mean, abs, median, below);
    }
}
