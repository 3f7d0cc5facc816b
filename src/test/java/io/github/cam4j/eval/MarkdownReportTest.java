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

    /**
     * Two models that left out different digits (a method could not map their canvases) show each its own figure in
     * "Model against model" while the gap is over the digits both scored: 95.8 % and 97.5 % beside a gap of +0.0 went
     * without a word. A pair that left out the same digits, or none, gets no such paragraph.
     */
    @Test
    void modelsThatScoredDifferentDigitsAreSaidToBeComparedOnThoseBothScored() {
        ModelReport pooled = leftOut("mnist-pooled", 40, 3, 5, 5);
        ModelReport unpooled = leftOut("mnist-unpooled", 40, 5, 9);
        assertEquals("mnist-pooled scored 38 digits and mnist-unpooled 38 digits (a method could not map the others'"
                + " canvases, as each model's section says): each model's column is over the digits it scored, the"
                + " gap and its interval over the 37 digits both scored.\n\n",
                MarkdownReport.scoredApart(pooled, unpooled).replace(System.lineSeparator(), "\n"));
        assertEquals("", MarkdownReport.scoredApart(pooled, leftOut("other", 40, 5, 3)));
        assertEquals("", MarkdownReport.scoredApart(leftOut("a", 40), leftOut("b", 40)));
    }

    /**
     * A model that misreads most canvases came out "ahead" on deletion AUC in "Model against model" with no word
     * beside it (0.005 against 0.096: its true class's probability started near 0); a model whose accuracy raises no
     * warning gets no such paragraph.
     */
    @Test
    void aModelThatMisreadsTheCanvasesIsSaidToBeAheadOnItsAccuracy() {
        ModelReport misreads = accuracies("keras-head", 0.983, 0.127);
        assertEquals("keras-head reads 12.7 % of the plain canvases, as its section warns: its faithfulness figures"
                + " follow the probability of a class it mostly does not predict (deletion AUC is small where that"
                + " probability starts near 0, with nothing to delete), so a gap it is ahead on may say more about its"
                + " accuracy than about its maps.\n\n",
                MarkdownReport.misreadCanvases(misreads).replace(System.lineSeparator(), "\n"));
        assertEquals("", MarkdownReport.misreadCanvases(accuracies("mnist-pooled", 0.995, 0.994)));
        // The unpooled model's 98.6 % on both: no warning, no paragraph.
        assertEquals("", MarkdownReport.misreadCanvases(accuracies("mnist-unpooled", 0.986, 0.986)));
    }

    /**
     * The first paragraph's faithfulness count is the one asked for: a run whose model left out canvases says that
     * model measured fewer, where "on the first 40 of them" stood above figures over 24.
     */
    @Test
    void theFaithfulnessCountSaysAModelThatLeftOutCanvasesMeasuredFewer() {
        assertEquals("Faithfulness on the first 40 of them, 16 deletion/insertion steps (fewer where a model left out"
                + " canvases a method could not map, as its section says)", MarkdownReport.faithfulness(40, 16, true));
        assertEquals("Faithfulness on the first 40 of them, 16 deletion/insertion steps",
                MarkdownReport.faithfulness(40, 16, false));
        assertEquals("Faithfulness not measured (--faithfulness 0)", MarkdownReport.faithfulness(0, 16, true));
    }

    /** @return a report of 40 digits with these accuracies on the digits and on the plain canvases, nothing else */
    private static ModelReport accuracies(String name, double digits, double canvases) {
        return new ModelReport(name, "saved_models/" + name, 40, "28x28", digits, 84, "21x21", canvases, 1, null, null,
                null, null, null, java.util.List.of(), null, 1, null, null, java.util.List.of());
    }

    /** @return a report of {@code digits} digits that left out the given ones' plain canvases, nothing else filled */
    private static ModelReport leftOut(String name, int digits, int... left) {
        java.util.List<ModelReport.LeftOut> out = java.util.Arrays.stream(left)
                .mapToObj(d -> new ModelReport.LeftOut(d, "plain", "KPCA-CAM", "beyond a float's range")).toList();
        return new ModelReport(name, "saved_models/" + name, digits, "28x28", 1, 84, "21x21", 1, 1, null, null, null,
                null, null, null, null, 1, null, null, out);
    }
}
