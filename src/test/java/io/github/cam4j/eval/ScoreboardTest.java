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

    /** CAM's deletion and insertion AUCs are 0.1 and 0.5, a baseline's worse (0.2, 0.4). */
    private static FaithfulnessSummary faith(double drop, double increase, boolean cam) {
        return new FaithfulnessSummary(30, drop, increase, cam ? 0.1 : 0.2, cam ? 0.5 : 0.4, new double[0], new double[0]);
    }

    private static ModelReport report(Map<Method, FaithfulnessSummary> faithfulness) {
        Map<Method, LocalisationSummary> plain = new EnumMap<>(Method.class);
        plain.put(Method.CAM, loc(0.9, 1));
        plain.put(Method.CENTRE, loc(0.5, 10));
        return new ModelReport("m", "/m", 100, "28x28", 0.99, 84, "21x21", 0.98, 0.5, plain, plain, faithfulness, null, null,
                List.of(), List.of(), 1.0);
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
        assertEquals(Scoreboard.METRICS.size(), v.compared());
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
     * With --faithfulness 0 the verdict says it covers only what was measured, where it said a bare "yes"; and these
     * hand-made reports hold one baseline of three, which the verdict names too.
     */
    @Test
    void unmeasuredMetricsAreNotCountedAsWon() {
        Scoreboard.Verdict v = Scoreboard.verdict(report(Map.of()));
        assertTrue(v.beatsAll());
        assertEquals(4, v.unmeasured().size());
        assertEquals(List.of("uniform random", "randomized weights"), v.unmeasuredBaselines());
        assertEquals("yes, on the 9 metrics and against the 1 baseline measured", v.summary());
    }
}
