package io.github.cam4j.eval;

/**
 * The mean difference between two methods scored on the same canvases, with its 95 % interval: whether a gap between
 * two figures of a report is larger than the canvases' own scatter.
 *
 * <p>Each canvas gives one value per method (a pointing hit as 0 or 1, an IoU, an Average Drop); the difference is
 * taken canvas by canvas, so what the two methods share (a hard digit, a faint stroke) cancels, and the interval is the
 * normal approximation to the mean of those differences, mean &plusmn; 1.96 standard errors ({@link #within} cuts it
 * to the gaps a metric can show, which on few canvases it passes). On the hundreds to
 * thousands of canvases an evaluation scores that approximation is close; for two rates it is the Wald interval of
 * McNemar's paired comparison.
 *
 * <pre>{@code
 * PairedDifference d = PairedDifference.of(camHits, baselineHits);
 * d.excludesZero();   // false: "randomized weights 0.319 > CAM 0.301" is within noise
 * }</pre>
 *
 * @param canvases the canvases compared (those where both values are finite)
 * @param difference the mean of first minus second
 * @param low the interval's lower end (NaN with fewer than two canvases)
 * @param high its upper end
 */
public record PairedDifference(int canvases, double difference, double low, double high) {
    /** The normal quantile of a two-sided 95 % interval. */
    static final double Z95 = 1.959964;

    /**
     * How many decimals print figures of a gap without losing a sign: an interval end of -0.00002 at 3 decimals read
     * "-0.000" (or "+0.000") beside a verdict that the interval excludes 0.
     *
     * @param least the decimals wanted
     * @param values the figures to print
     * @return {@code least}, or more (up to 6) until no nonzero value rounds to zero
     */
    static int decimalsKeepingSigns(int least, double... values) {
        int decimals = least;
        while (decimals < 6 && roundsToZero(values, decimals)) {
            decimals++;
        }
        return decimals;
    }

    private static boolean roundsToZero(double[] values, int decimals) {
        for (double v : values) {
            if (v != 0 && Math.abs(v) < 0.5 * Math.pow(10, -decimals)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param first the first method's value on each canvas
     * @param second the second's, canvas by canvas
     * @return their mean difference, first minus second, over the canvases where both are finite (a digit without ink
     *     has no peak distance)
     * @throws IllegalArgumentException when the two do not cover the same canvases
     */
    public static PairedDifference of(double[] first, double[] second) {
        if (first.length != second.length) {
            throw new IllegalArgumentException("paired values differ in number: " + first.length + " and " + second.length);
        }
        int n = 0;
        double sum = 0;
        for (int i = 0; i < first.length; i++) {
            if (Double.isFinite(first[i]) && Double.isFinite(second[i])) {
                n++;
                sum += first[i] - second[i];
            }
        }
        if (n == 0) {
            return new PairedDifference(0, Double.NaN, Double.NaN, Double.NaN);
        }
        double mean = sum / n;
        if (n < 2) {
            return new PairedDifference(n, mean, Double.NaN, Double.NaN);
        }
        // Two passes: the differences' spread is small beside the values themselves (0.301 and 0.319).
        double squares = 0;
        for (int i = 0; i < first.length; i++) {
            if (Double.isFinite(first[i]) && Double.isFinite(second[i])) {
                double d = first[i] - second[i] - mean;
                squares += d * d;
            }
        }
        double halfWidth = Z95 * Math.sqrt(squares / (n - 1) / n);
        return new PairedDifference(n, mean, mean - halfWidth, mean + halfWidth);
    }

    /**
     * The interval cut to the gaps the metric can show. On few canvases the normal approximation reaches past them: two
     * pointing rates of 100 % and 40 % on 5 canvases gave a gap of -60 points with the interval -108 to -12, a fall of
     * more than the whole scale. The cut never moves an end across 0, so whether the interval excludes 0 stays.
     *
     * @param span the widest gap one canvas's two values can have ({@code Scoreboard.PerCanvas#span}): the interval is
     *     kept within -span..span
     * @return this difference with its interval so kept
     */
    public PairedDifference within(double span) {
        return new PairedDifference(canvases, difference, Math.max(low, -span), Math.min(high, span));
    }

    /** @return whether the interval lies wholly on one side of zero: the gap is larger than the scatter */
    public boolean excludesZero() {
        return low > 0 || high < 0;
    }
}
