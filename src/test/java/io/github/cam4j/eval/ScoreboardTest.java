package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The verdict "CAM beats every baseline on every metric", over hand-made summaries. */
class ScoreboardTest {
    /** A localisation summary whose every higher-is-better rate is {@code rate} and whose peak distance is {@code dist}. */
    private static LocalisationSummary loc(double rate, double dist) {
        return new LocalisationSummary(100, rate, rate, 3, dist, 0.2, rate, rate, 0.2, rate, new double[0], new double[0],
                new double[0], List.of());
    }

    /**
     * CAM's deletion and insertion AUCs are 0.1 and 0.5, its complexity and coherency 0.2 and 0.9; a baseline's worse
     * (0.2, 0.4, 0.3, 0.8).
     */
    private static FaithfulnessSummary faith(double drop, double increase, boolean cam) {
        return new FaithfulnessSummary(30, drop, increase, cam ? 0.1 : 0.2, cam ? 0.5 : 0.4, new double[0], new double[0],
                Double.NaN, Double.NaN, Double.NaN, null, null, cam ? 0.2 : 0.3, cam ? 0.9 : 0.8, Double.NaN);
    }

    private static ModelReport report(Map<Method, FaithfulnessSummary> faithfulness) {
        Map<Method, LocalisationSummary> plain = new EnumMap<>(Method.class);
        plain.put(Method.CAM, loc(0.9, 1));
        plain.put(Method.CENTRE, loc(0.5, 10));
        return new ModelReport("m", "/m", 100, "28x28", 0.99, 84, "21x21", 0.98, 0.5, plain, plain, faithfulness, null, null,
                List.of(), List.of(), 1.0);
    }

    /** @return a report of CAM (Average Drop 50) and the centre Gaussian (40), without paired comparisons */
    private static ModelReport camAndCentre() {
        Map<Method, FaithfulnessSummary> f = new EnumMap<>(Method.class);
        f.put(Method.CAM, faith(50, 5, true));
        f.put(Method.CENTRE, faith(40, 1, false));
        return report(f);
    }

    /** @return {@code plain} with these paired comparisons and nothing of the randomized baseline's */
    private static ModelReport withComparisons(ModelReport plain, List<ModelReport.Comparison> comparisons) {
        return new ModelReport(plain.name(), plain.path(), plain.digits(), plain.digitSize(), plain.accuracy(),
                plain.canvasSize(), plain.mapSize(), plain.canvasAccuracy(), plain.clutteredAccuracy(), plain.plain(),
                plain.cluttered(), plain.faithfulness(), null, null, List.of(), List.of(), 1.0, comparisons);
    }

    @Test
    void aTieIsNotAWinAndIsNamedAsATie() {
        Map<Method, FaithfulnessSummary> f = new EnumMap<>(Method.class);
        f.put(Method.CAM, faith(30, 3.333, true));
        f.put(Method.CENTRE, faith(40, 3.333, false)); // 1 of 30 canvases each
        Scoreboard.Verdict v = Scoreboard.verdict(report(f));
        assertFalse(v.beatsAll());
        assertEquals(List.of(), v.losses());
        assertEquals(List.of("Increase in Confidence %: centre Gaussian 3.333 = CAM 3.333 (tie)"), v.ties());
        assertEquals("no (1 tie)", v.summary());
    }

    @Test
    void aLossIsNamedWithItsDirection() {
        Map<Method, FaithfulnessSummary> f = new EnumMap<>(Method.class);
        f.put(Method.CAM, faith(50, 5, true));
        f.put(Method.CENTRE, faith(40, 1, false));
        Scoreboard.Verdict v = Scoreboard.verdict(report(f));
        assertEquals(List.of("Average Drop %: centre Gaussian 40.000 < CAM 50.000"), v.losses());
        assertEquals("no (1 loss)", v.summary());
        // ROAD and ARCC, not asked for, are neither compared nor listed as a gap; coherency is not compared with the
        // centre Gaussian, whose map ignores the canvas.
        assertEquals(Scoreboard.METRICS.stream().filter(m -> !m.optIn()).count() - 1, v.compared());
        assertFalse(v.notMeasured().contains("ROAD"), v.notMeasured());
    }

    /** CAM's and a baseline's faithfulness, with ROAD combined scores (and ARCC, better for CAM). */
    private static FaithfulnessSummary withRoad(boolean cam, double road) {
        return new FaithfulnessSummary(30, cam ? 30 : 40, cam ? 5 : 1, cam ? 0.1 : 0.2, cam ? 0.5 : 0.4, new double[0],
                new double[0], -road, road, road, new double[9], new double[9], cam ? 0.2 : 0.3, cam ? 0.9 : 0.8,
                cam ? 0.5 : 0.4);
    }

    @Test
    void roadIsLeftOutOfTheVerdictUnlessMeasuredAndThenJudgedHigherIsBetter() {
        Map<Method, FaithfulnessSummary> without = new EnumMap<>(Method.class);
        without.put(Method.CAM, faith(30, 5, true));
        without.put(Method.CENTRE, faith(40, 1, false));
        // Every default run (no --road) had read "yes, on the 13 metrics measured" had ROAD counted as a gap (here only
        // the centre baseline is in the report).
        assertEquals("yes, against the 1 baseline measured", Scoreboard.verdict(report(without)).summary());

        Map<Method, FaithfulnessSummary> with = new EnumMap<>(Method.class);
        with.put(Method.CAM, withRoad(true, 0.05));
        with.put(Method.CENTRE, withRoad(false, 0.08));
        Scoreboard.Verdict v = Scoreboard.verdict(report(with));
        assertEquals(List.of("ROAD combined: centre Gaussian 0.080 > CAM 0.050"), v.losses());
        assertEquals(Scoreboard.METRICS.size() - 1, v.compared());
    }

    /**
     * Coherency is compared with the randomized-weights twin, whose map of the masked canvas is a map of its own, but
     * not with a baseline whose map ignores the canvas: its coherency is 1 by construction, a "loss" that says nothing
     * about CAM. Complexity is lower-is-better.
     */
    @Test
    void coherencyIsNotComparedWithABaselineThatIgnoresTheCanvas() {
        Map<Method, FaithfulnessSummary> f = new EnumMap<>(Method.class);
        f.put(Method.CAM, faith(30, 5, true));
        f.put(Method.CENTRE, new FaithfulnessSummary(30, 40, 1, 0.2, 0.4, new double[0], new double[0], Double.NaN,
                Double.NaN, Double.NaN, null, null, 0.05, 1, Double.NaN));
        f.put(Method.RANDOMIZED, new FaithfulnessSummary(30, 40, 1, 0.2, 0.4, new double[0], new double[0], Double.NaN,
                Double.NaN, Double.NaN, null, null, 0.3, 0.95, Double.NaN));
        Scoreboard.Verdict v = Scoreboard.verdict(report(f));
        assertEquals(List.of("complexity: centre Gaussian 0.050 < CAM 0.200", "coherency: randomized weights 0.950 > CAM"
                + " 0.900"), v.losses());
        assertFalse(Scoreboard.METRICS.stream().filter(m -> m.perCanvas() == Scoreboard.PerCanvas.COHERENCY)
                .findFirst().orElseThrow().comparesWith(Method.RANDOM));
    }

    /**
     * A loss smaller than the third decimal is written with the decimals that show it: the insertion AUCs of
     * {@code evaluate --model mnist-conv-head-gap --limit 100 --faithfulness 20} (randomized weights 0.019453, CAM
     * 0.019082) read "randomized weights 0.019 > CAM 0.019".
     */
    @Test
    void aLossBelowTheThirdDecimalIsWrittenWithTheDecimalsThatShowIt() {
        Map<Method, FaithfulnessSummary> f = new EnumMap<>(Method.class);
        f.put(Method.CAM, new FaithfulnessSummary(20, 30, 5, 0.1, 0.019082416377784014, new double[0], new double[0]));
        f.put(Method.RANDOMIZED, new FaithfulnessSummary(20, 40, 0, 0.2, 0.019452719008065476, new double[0],
                new double[0]));
        Scoreboard.Verdict v = Scoreboard.verdict(report(f));
        assertEquals(List.of("insertion AUC: randomized weights 0.0195 > CAM 0.0191"), v.losses());
    }

    /**
     * A loss on a rate names the canvases behind it: the pooled model's Increase in Confidence on 500 test canvases,
     * uniform noise 0.8 % against CAM's 0.2 %, is 4 canvases against 1. A rate that is no whole count of the canvases (a
     * figure rounded by hand) gets no count rather than a rounded one, and a metric that is not a count (Average Drop)
     * none either; a tie names the canvases once.
     */
    @Test
    void aLossOnARateNamesTheCanvasesBehindIt() {
        Map<Method, FaithfulnessSummary> f = new EnumMap<>(Method.class);
        f.put(Method.CAM, new FaithfulnessSummary(500, 50, 100.0 * 1 / 500, 0.1, 0.5, new double[0], new double[0]));
        f.put(Method.RANDOM, new FaithfulnessSummary(500, 60, 100.0 * 4 / 500, 0.2, 0.4, new double[0], new double[0]));
        f.put(Method.CENTRE, new FaithfulnessSummary(500, 40, 0, 0.2, 0.4, new double[0], new double[0]));
        Scoreboard.Verdict v = Scoreboard.verdict(report(f));
        assertEquals(List.of("Average Drop %: centre Gaussian 40.000 < CAM 50.000",
                "Increase in Confidence %: uniform random 0.800 > CAM 0.200, 4 against 1 of 500 canvases"), v.losses());

        Map<Method, LocalisationSummary> plain = new EnumMap<>(Method.class);
        plain.put(Method.CAM, loc(0.87, 1));
        plain.put(Method.RANDOMIZED, loc(0.9, 1));
        ModelReport pointing = new ModelReport("m", "/m", 100, "28x28", 0.99, 84, "21x21", 0.98, 0.5, plain, Map.of(),
                Map.of(), null, null, List.of(), List.of(), 1.0);
        assertTrue(Scoreboard.verdict(pointing).losses().contains(
                "pointing: randomized weights 90.0 % > CAM 87.0 %, 90 against 87 of 100 canvases"),
                Scoreboard.verdict(pointing).losses().toString());

        Map<Method, FaithfulnessSummary> tied = new EnumMap<>(Method.class);
        tied.put(Method.CAM, new FaithfulnessSummary(500, 50, 100.0 * 3 / 500, 0.1, 0.5, new double[0], new double[0]));
        tied.put(Method.RANDOMIZED, new FaithfulnessSummary(500, 60, 100.0 * 3 / 500, 0.2, 0.4, new double[0],
                new double[0]));
        assertEquals(List.of("Increase in Confidence %: randomized weights 0.600 = CAM 0.600 (tie), 3 of 500 canvases each"),
                Scoreboard.verdict(report(tied)).ties());

        // One canvas: "1 of 1 canvas each", where it read "1 of 1 canvases each" (evaluate --faithfulness 1).
        Map<Method, FaithfulnessSummary> one = new EnumMap<>(Method.class);
        one.put(Method.CAM, new FaithfulnessSummary(1, 50, 100.0, 0.1, 0.5, new double[0], new double[0]));
        one.put(Method.RANDOMIZED, new FaithfulnessSummary(1, 60, 100.0, 0.2, 0.4, new double[0], new double[0]));
        assertEquals(List.of("Increase in Confidence %: randomized weights 100.000 = CAM 100.000 (tie), 1 of 1 canvas"
                + " each"), Scoreboard.verdict(report(one)).ties());

        Map<Method, FaithfulnessSummary> rounded = new EnumMap<>(Method.class);
        rounded.put(Method.CAM, faith(30, 0.2, true));
        rounded.put(Method.RANDOM, faith(40, 0.8, false)); // 30 canvases cannot give 0.8 %
        assertEquals(List.of("Increase in Confidence %: uniform random 0.800 > CAM 0.200"),
                Scoreboard.verdict(report(rounded)).losses());
    }

    /** @return a report of CAM's and the randomized twin's localisation, every rate at the value given */
    private static ModelReport camAndTwin(double cam, double twin, List<ModelReport.Comparison> comparisons) {
        Map<Method, LocalisationSummary> plain = new EnumMap<>(Method.class);
        plain.put(Method.CAM, loc(cam, 1));
        plain.put(Method.RANDOMIZED, loc(twin, 1));
        return new ModelReport("m", "/m", 100, "28x28", 0.99, 84, "21x21", 0.98, 0.5, plain, Map.of(), Map.of(), null,
                null, List.of(), List.of(), 1.0, comparisons);
    }

    /**
     * A rate is written as report.md's tables write it beside the verdict, in percent, and its paired gap in
     * percentage points, as the "Model against model" table gives it: the verdict read "pointing: randomized weights
     * 0.900 > CAM 0.870 (CAM - baseline -0.030, ...)" under a table of "90.0 %" and "87.0 %". A tie likewise; a loss
     * smaller than the first decimal of a percent gets the decimals that show it; a metric that is not a rate (mean
     * IoU, a mean of fractions the tables print as 0.870) keeps its figures.
     */
    @Test
    void aRateIsWrittenInPercentAsTheTablesWriteIt() {
        ModelReport lost = camAndTwin(0.87, 0.9, List.of(
                new ModelReport.Comparison("pointing", "randomized weights", true, 100, -0.03, -0.051, -0.009)));
        List<String> losses = Scoreboard.verdict(lost).losses();
        assertTrue(losses.contains("pointing: randomized weights 90.0 % > CAM 87.0 %, 90 against 87 of 100 canvases"
                + " (CAM - baseline -3.0 points, 95 % interval -5.1 to -0.9: CAM worse beyond noise)"), losses.toString());
        assertTrue(losses.contains("IoU>=0.5 rate (t=0.2): randomized weights 90.0 % > CAM 87.0 %, 90 against 87 of 100"
                + " canvases"), losses.toString());
        assertTrue(losses.contains("mean IoU (t=0.2): randomized weights 0.900 > CAM 0.870"), losses.toString());

        assertTrue(Scoreboard.verdict(camAndTwin(0.9, 0.9, List.of())).ties()
                .contains("pointing: randomized weights 90.0 % = CAM 90.0 % (tie), 90 of 100 canvases each"));
        // 0.8995 of 100 canvases is no count: no count is given, and 90.0 against 90.0 would hide the loss.
        assertTrue(Scoreboard.verdict(camAndTwin(0.8995, 0.9, List.of())).losses()
                .contains("pointing: randomized weights 90.00 % > CAM 89.95 %"));
    }

    /**
     * With --faithfulness 0 the verdict says it covers only what was measured, where it said a bare "yes"; and these
     * hand-made reports hold one baseline of three, which the verdict names too.
     */
    @Test
    void unmeasuredMetricsAreNotCountedAsWon() {
        Scoreboard.Verdict v = Scoreboard.verdict(report(Map.of()));
        assertTrue(v.beatsAll());
        // Average Drop, Increase in Confidence, deletion and insertion AUC, complexity and coherency.
        assertEquals(6, v.unmeasured().size());
        assertEquals(List.of("uniform random", "randomized weights"), v.unmeasuredBaselines());
        assertEquals("yes, on the 9 metrics and against the 1 baseline measured", v.summary());
    }

    /**
     * A loss carries its paired interval, and the line beyond the verdict counts only the gaps larger than the canvases'
     * scatter: on 2 000 validation canvases the unpooled model's cluttered pointing lost to its randomized twin 0.301 to
     * 0.319, a gap such an interval holds.
     */
    @Test
    void aLossWithinNoiseIsSaidToBeAndIsNotCountedWorse() {
        ModelReport plain = camAndCentre();
        List<ModelReport.Comparison> comparisons = List.of(
                new ModelReport.Comparison("Average Drop %", "centre Gaussian", false, 30, 10, -2, 22),
                new ModelReport.Comparison("pointing", "centre Gaussian", true, 100, 0.4, 0.3, 0.5),
                new ModelReport.Comparison("deletion AUC", "centre Gaussian", false, 30, -0.1, -0.15, -0.05));
        ModelReport r = withComparisons(plain, comparisons);
        Scoreboard.Verdict v = Scoreboard.verdict(r);
        assertEquals(List.of("Average Drop %: centre Gaussian 40.000 < CAM 50.000 (CAM - baseline +10.000, 95 % interval"
                + " -2.000 to +22.000: within noise)"), v.losses());
        assertEquals("better on 2 of 3, worse on none", Scoreboard.beyondNoise(r));

        List<ModelReport.Comparison> clearLoss = List.of(
                new ModelReport.Comparison("Average Drop %", "centre Gaussian", false, 30, 10, 4, 16));
        ModelReport lost = withComparisons(r, clearLoss);
        assertTrue(Scoreboard.verdict(lost).losses().get(0).endsWith(": CAM worse beyond noise)"));
        assertEquals("better on 0 of 1, worse on 1: Average Drop % (centre Gaussian)", Scoreboard.beyondNoise(lost));
        assertEquals("", Scoreboard.beyondNoise(plain), "a report without comparisons says nothing of noise");
    }

    /**
     * An interval end that rounds to zero at the loss's decimals is written with the decimals that keep its sign: the
     * pooled model's coherency on 300 canvases lost to its randomized twin by -0.00674, interval -0.01346 to -0.00002,
     * and the verdict read "-0.013 to -0.000: CAM worse beyond noise", as if the interval held 0. (ArccReport's table
     * kept the sign already; both now take it from {@link ModelReport.Comparison#decimalsKeepingSigns}.)
     */
    @Test
    void anIntervalEndNearZeroKeepsItsSign() {
        ModelReport plain = camAndCentre();
        List<ModelReport.Comparison> nearZero = List.of(
                new ModelReport.Comparison("Average Drop %", "centre Gaussian", false, 300, 0.00674, 0.00002, 0.01346));
        ModelReport r = withComparisons(plain, nearZero);
        assertEquals(List.of("Average Drop %: centre Gaussian 40.000 < CAM 50.000 (CAM - baseline +0.00674, 95 % interval"
                + " +0.00002 to +0.01346: CAM worse beyond noise)"), Scoreboard.verdict(r).losses());
        assertEquals(3, nearZero.get(0).decimalsKeepingSigns(2) - 2, "2 decimals wanted, 5 needed for 0.00002");
        assertEquals(3, new ModelReport.Comparison("m", "b", true, 9, 0, 0, 0).decimalsKeepingSigns(3), "0 is 0");
    }
    /**
     * The verdict's one-line summary in each of its forms, which report.md prints under "CAM beats every baseline":
     * a "yes" qualified by what was not measured, "nothing compared" (no "yes" from nothing), the losses and ties
     * counted (round 41's survivors: none of the qualified forms but one was read by a test).
     */
    @Test
    void theSummarySaysWhatTheVerdictCovers() {
        int optIn = (int) Scoreboard.METRICS.stream().filter(Scoreboard.Metric::optIn).count();
        int always = Scoreboard.METRICS.size() - optIn;
        assertEquals("yes", new Scoreboard.Verdict(List.of(), List.of(), 40, List.of()).summary());
        assertEquals("yes, on the " + (always - 2) + " metrics measured", new Scoreboard.Verdict(List.of(), List.of(), 30,
                List.of("deletion AUC", "insertion AUC")).summary());
        assertEquals("yes, against the 2 baselines measured", new Scoreboard.Verdict(List.of(), List.of(), 30, List.of(),
                List.of("randomized weights")).summary());
        assertEquals("yes, on the " + (always - 1) + " metrics and against the 1 baseline measured",
                new Scoreboard.Verdict(List.of(), List.of(), 9, List.of("complexity"),
                        List.of("uniform random", "randomized weights")).summary());

        Scoreboard.Verdict none = new Scoreboard.Verdict(List.of(), List.of(), 0, List.of());
        assertFalse(none.beatsAll(), "nothing compared is no win");
        assertEquals("nothing compared", none.summary());

        Scoreboard.Verdict lost = new Scoreboard.Verdict(List.of("loss"), List.of("tie 1", "tie 2"), 9,
                List.of("deletion AUC"), List.of("randomized weights"));
        assertEquals("no (1 loss, 2 ties)", lost.summary());
        assertEquals(List.of("loss", "tie 1", "tie 2"), lost.details());
        assertEquals("deletion AUC, randomized weights", lost.notMeasured());
        assertEquals("no (2 losses)", new Scoreboard.Verdict(List.of("a", "b"), List.of(), 9, List.of()).summary());
        assertEquals("no (1 tie)", new Scoreboard.Verdict(List.of(), List.of("a"), 9, List.of()).summary());
        assertEquals("", new Scoreboard.Verdict(List.of(), List.of(), 9, List.of()).notMeasured());
    }

    /**
     * A rate's interval in points keeps the sign of an end near zero as any interval does: the end is judged in
     * points, as printed (-0.04 points needs two decimals where -0.0004 as a fraction would have asked for five).
     * And a tie the same on every canvas says so rather than giving an interval of zeros.
     */
    @Test
    void aRatesIntervalIsJudgedInPointsAndATieOnEveryCanvasIsSaidSo() {
        ModelReport lost = camAndTwin(0.87, 0.9, List.of(
                new ModelReport.Comparison("pointing", "randomized weights", true, 100, -0.03, -0.051, -0.0004)));
        assertTrue(Scoreboard.verdict(lost).losses().contains("pointing: randomized weights 90.0 % > CAM 87.0 %, 90"
                + " against 87 of 100 canvases (CAM - baseline -3.00 points, 95 % interval -5.10 to -0.04: CAM worse"
                + " beyond noise)"), Scoreboard.verdict(lost).losses().toString());

        ModelReport tied = camAndTwin(0.9, 0.9, List.of(
                new ModelReport.Comparison("pointing", "randomized weights", true, 100, 0, 0, 0)));
        assertTrue(Scoreboard.verdict(tied).ties().contains("pointing: randomized weights 90.0 % = CAM 90.0 % (tie), 90"
                + " of 100 canvases each (the same on every canvas)"), Scoreboard.verdict(tied).ties().toString());
    }

    /** Values that agree to nine decimals are told apart with nine, no more (the last that a double shows exactly). */
    @Test
    void decimalsStopAtNine() {
        assertEquals(3, Scoreboard.decimalsApart(0.1234, 0.1244, 3));
        assertEquals(5, Scoreboard.decimalsApart(0.12341, 0.12344, 3));
        assertEquals(9, Scoreboard.decimalsApart(0.12345678901, 0.12345678904, 3));
    }
}
