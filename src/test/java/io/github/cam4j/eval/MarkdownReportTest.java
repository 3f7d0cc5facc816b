package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How report.md writes a gap between two models. */
class MarkdownReportTest {
    /**
     * A gap of -0.0001 percentage points printed "-0.0", which reads as a loss where the two models are equal to the
     * decimal shown (both 100.0 % within 3 px on 10 000 canvases).
     */
    /** A sweep where no threshold localises a canvas (uniform noise) has no best threshold: it named the first, 0.05. */
    @Test
    void aSweepOfZerosHasNoBestThreshold() {
        LocalisationSummary none = new LocalisationSummary(100, 0, 0, 3, 9, 0.2, 0, 0.1, 0.05, 0, new double[0],
                new double[0], new double[0], java.util.List.of());
        LocalisationSummary some = new LocalisationSummary(100, 0.9, 0.9, 3, 1, 0.2, 0.8, 0.6, 0.1, 0.85, new double[0],
                new double[0], new double[0], java.util.List.of());
        assertEquals("none", MarkdownReport.bestThreshold(none));
        assertEquals(MarkdownReport.num(0.1), MarkdownReport.bestThreshold(some));
    }

    @Test
    void aGapThatRoundsToZeroIsWrittenWithoutAMinus() {
        assertEquals("+0.0", MarkdownReport.signed("%+.1f", -0.0001));
        assertEquals("+0.000", MarkdownReport.signed("%+.3f", -0.0000001));
        assertEquals("-0.1", MarkdownReport.signed("%+.1f", -0.06));
        assertEquals("+2.0", MarkdownReport.signed("%+.1f", 2));
    }

    /**
     * A gap between two models whose interval excludes 0 keeps the sign of its end nearest 0: pointing 2.3 points
     * ahead with an interval from +0.00004 points printed "+2.3 (+0.0 to +4.6)" beside "ahead", as if it touched 0; a
     * gap within noise keeps its decimals (its end may round to 0: it holds 0 in any case).
     */
    @Test
    void anIntervalThatExcludesZeroKeepsItsNearEndsSign() {
        Scoreboard.Metric pointing = Scoreboard.METRICS.stream().filter(m -> m.name().equals("pointing")).findFirst()
                .orElseThrow();
        ModelComparison ahead = new ModelComparison("a", "b", "pointing", true, 300, 0.023, 0.0000004, 0.046);
        assertEquals("b", ahead.ahead());
        assertEquals("+2.30000 (+0.00004 to +4.60000)", MarkdownReport.gap(pointing, ahead));
        ModelComparison noise = new ModelComparison("a", "b", "pointing", true, 300, 0.023, -0.0000004, 0.046);
        assertEquals("+2.3 (+0.0 to +4.6)", MarkdownReport.gap(pointing, noise));
    }
}
