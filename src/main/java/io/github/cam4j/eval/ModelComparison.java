package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * One model's CAM against another's on one metric, canvas by canvas: both models are scored on the same seeded
 * canvases, so the gap between their figures can be put beside its own 95 % interval. This is what decides a claim
 * like the article's "removing max-pooling localises better" on numbers rather than pictures.
 *
 * <pre>{@code
 * List<ModelComparison> c = ModelComparison.between(evaluations);   // every pair, in the order the models were given
 * }</pre>
 *
 * @param first the first model's name
 * @param second the second's
 * @param metric the metric's name ({@link Scoreboard#METRICS})
 * @param higherIsBetter the metric's direction
 * @param canvases the canvases compared
 * @param difference the second model's mean minus the first's
 * @param low the 95 % interval's lower end
 * @param high its upper end
 */
public record ModelComparison(String first, String second, String metric, boolean higherIsBetter, int canvases,
        double difference, double low, double high) {

    /** @return the model ahead by more than the canvases' scatter, or null when the gap is within noise */
    public String ahead() {
        if (low > 0) {
            return higherIsBetter ? second : first;
        }
        if (high < 0) {
            return higherIsBetter ? first : second;
        }
        return null;
    }

    /**
     * @param evaluations the models evaluated on the same canvases, in the order given
     * @return every pair of them (first before second) on every metric both measured on as many canvases
     */
    public static List<ModelComparison> between(List<ModelEvaluation> evaluations) {
        List<ModelComparison> out = new ArrayList<>();
        for (int i = 0; i < evaluations.size(); i++) {
            for (int j = i + 1; j < evaluations.size(); j++) {
                ModelEvaluation a = evaluations.get(i);
                ModelEvaluation b = evaluations.get(j);
                for (Scoreboard.Metric metric : Scoreboard.METRICS) {
                    double[] first = a.camValues().get(metric.name());
                    double[] second = b.camValues().get(metric.name());
                    if (first == null || second == null) {
                        continue;
                    }
                    if (a.scoredDigits() != null && b.scoredDigits() != null
                            && !java.util.Arrays.equals(a.scoredDigits(), b.scoredDigits())) {
                        // A model left out canvases the other scored (a method could not map them): paired over
                        // the digits both scored, where pairing by place would pair different canvases.
                        double[][] both = common(first, a.scoredDigits(), second, b.scoredDigits());
                        first = both[0];
                        second = both[1];
                    }
                    if (first.length != second.length) {
                        continue;
                    }
                    PairedDifference d = PairedDifference.of(second, first).within(metric.perCanvas().span());
                    if (d.canvases() > 0) {
                        out.add(new ModelComparison(a.report().name(), b.report().name(), metric.name(),
                                metric.higherIsBetter(), d.canvases(), d.difference(), d.low(), d.high()));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /**
     * @return the values of {@code first} and {@code second} on the digits both scored, in {@code first}'s order: the
     *     {@code k}-th value of each is its {@code k}-th digit's
     */
    private static double[][] common(double[] first, int[] firstDigits, double[] second, int[] secondDigits) {
        java.util.Map<Integer, Integer> place = new java.util.HashMap<>();
        for (int k = 0; k < second.length; k++) {
            place.put(secondDigits[k], k);
        }
        double[] a = new double[first.length];
        double[] b = new double[first.length];
        int n = 0;
        for (int k = 0; k < first.length; k++) {
            Integer p = place.get(firstDigits[k]);
            if (p != null) {
                a[n] = first[k];
                b[n] = second[p];
                n++;
            }
        }
        return new double[][] {java.util.Arrays.copyOf(a, n), java.util.Arrays.copyOf(b, n)};
    }

    /**
     * @param comparisons every comparison of a run
     * @return one line per pair of models, e.g. "mnist-unpooled against mnist-pooled: ahead on Average Drop %; behind on
     *     pointing, cluttered; within noise on 11 metrics"
     */
    public static List<String> lines(List<ModelComparison> comparisons) {
        List<String> out = new ArrayList<>();
        java.util.Set<List<String>> pairs = new java.util.LinkedHashSet<>();
        comparisons.forEach(c -> pairs.add(List.of(c.first(), c.second())));
        for (List<String> pair : pairs) {
            List<ModelComparison> these = of(comparisons, pair.get(0), pair.get(1));
            List<String> ahead = these.stream().filter(c -> pair.get(1).equals(c.ahead())).map(ModelComparison::metric).toList();
            List<String> behind = these.stream().filter(c -> pair.get(0).equals(c.ahead())).map(ModelComparison::metric).toList();
            long noise = these.stream().filter(c -> c.ahead() == null).count();
            // Metrics joined by " | ": their names hold commas ("pointing, cluttered"), and ", " ran them together.
            out.add(pair.get(1) + " against " + pair.get(0) + ": ahead on " + (ahead.isEmpty() ? "none" : String.join(" | ", ahead))
                    + "; behind on " + (behind.isEmpty() ? "none" : String.join(" | ", behind)) + "; within noise on " + noise
                    + (noise == 1 ? " metric" : " metrics"));
        }
        return out;
    }

    /**
     * @param comparisons some comparisons
     * @param first a model's name
     * @param second another's
     * @return those between the two, in metric order
     */
    static List<ModelComparison> of(List<ModelComparison> comparisons, String first, String second) {
        return comparisons.stream().filter(c -> c.first().equals(first) && c.second().equals(second)).toList();
    }
}
