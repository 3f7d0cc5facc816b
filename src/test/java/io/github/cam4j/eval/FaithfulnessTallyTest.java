package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The faithfulness figures a report prints, added up from two canvases' scores given by hand (no model): what
 * {@link FaithfulnessTally} does with the probabilities {@link Faithfulness} and {@link Road} measure. Sums of a few
 * decimals: 1e-12 is rounding, except ARCC's, where the reference's epsilon (1e-8 per term) moves the harmonic mean by
 * less than 1e-7.
 */
class FaithfulnessTallyTest {
    private static final double EXACT = 1e-12;

    /**
     * Canvas 1: Y 0.8, masked 0.4 (a drop of half), deletion 0.8, 0.4, 0 (area 0.4), insertion 0, 0.4, 0.8 (0.4).
     * Canvas 2: Y 0.5, masked 0.6 (a rise), deletion flat at 0.5, insertion flat at 0.2.
     */
    private static List<Faithfulness.Scores> twoCanvases() {
        return List.of(
                new Faithfulness.Scores(Math.log(0.8), Math.log(0.4), new double[] {0.8, 0.4, 0},
                        new double[] {0, 0.4, 0.8}),
                new Faithfulness.Scores(Math.log(0.5), Math.log(0.6), new double[] {0.5, 0.5, 0.5},
                        new double[] {0.2, 0.2, 0.2}));
    }

    @Test
    void averageDropIncreaseInConfidenceAndCurvesOnHandNumbers() {
        FaithfulnessTally t = new FaithfulnessTally();
        t.addAll(twoCanvases());
        FaithfulnessSummary s = t.summary();
        assertEquals(2, s.canvases());
        assertEquals(25.0, s.averageDrop(), EXACT, "drops 0.5 and 0 (a rise is no drop): 25 %");
        assertEquals(50.0, s.increaseInConfidence(), EXACT, "one rise of two");
        assertEquals(0.45, s.deletionAuc(), EXACT, "(0.4 + 0.5) / 2");
        assertEquals(0.3, s.insertionAuc(), EXACT, "(0.4 + 0.2) / 2");
        assertArrayEquals(new double[] {0.65, 0.45, 0.25}, s.meanDeletion(), EXACT);
        assertArrayEquals(new double[] {0.1, 0.3, 0.5}, s.meanInsertion(), EXACT);
        assertTrue(Double.isNaN(s.roadCombined()) && Double.isNaN(s.arcc()) && Double.isNaN(s.complexity()),
                "not measured: NaN, not 0");
        assertNull(s.roadMostRelevantCurve());
        // The per-canvas values a paired comparison reads average to those figures.
        assertArrayEquals(new double[] {50, 0}, t.values(Scoreboard.PerCanvas.AVERAGE_DROP), EXACT);
        assertArrayEquals(new double[] {0, 100}, t.values(Scoreboard.PerCanvas.INCREASE_IN_CONFIDENCE), EXACT);
        assertArrayEquals(new double[] {0.4, 0.5}, t.values(Scoreboard.PerCanvas.DELETION_AUC), EXACT);
        assertArrayEquals(new double[] {0.4, 0.2}, t.values(Scoreboard.PerCanvas.INSERTION_AUC), EXACT);
        assertThrows(IllegalArgumentException.class, () -> t.values(Scoreboard.PerCanvas.POINTING));
    }

    /**
     * A confident model's Y and O both round to 1 as probabilities (log Y -1e-18, log O -1e-19), yet O is the higher:
     * Increase in Confidence decides on the logs and counts the rise, in the summary and per canvas alike; an unchanged
     * probability is no rise. A canvas the model gave no probability (log Y = -infinity) adds no drop.
     */
    @Test
    void aRiseThatRoundsAwayNearOneStillCountsAndNoProbabilityIsNoDrop() {
        FaithfulnessTally t = new FaithfulnessTally();
        double[] flat = {1, 1};
        t.addAll(List.of(new Faithfulness.Scores(-1e-18, -1e-19, flat, flat),
                new Faithfulness.Scores(Double.NEGATIVE_INFINITY, Math.log(0.3), flat, flat),
                new Faithfulness.Scores(Math.log(0.5), Math.log(0.5), flat, flat)));
        assertEquals(200 / 3.0, t.summary().increaseInConfidence(), EXACT, "two rose, one stayed");
        assertArrayEquals(new double[] {100, 100, 0}, t.values(Scoreboard.PerCanvas.INCREASE_IN_CONFIDENCE), EXACT);
        assertEquals(0.0, t.summary().averageDrop(), EXACT);
        assertArrayEquals(new double[] {0, 0, 0}, t.values(Scoreboard.PerCanvas.AVERAGE_DROP), EXACT);
    }

    /**
     * ROAD, complexity, coherency and ARCC on hand numbers. Canvas 1: Y 0.8, MoRF 0.2 at every percentile (change
     * -0.6), LeRF 0.8 (no change), combined (0 + 0.6) / 2 = 0.3; complexity 0.2, coherency 0.9, so ARCC is the harmonic
     * mean of 0.9, 0.8 and 2 x 0.3 = 0.6: 3 / (1/0.9 + 1/0.8 + 1/0.6) = 0.744828. Canvas 2: Y 0.5, MoRF 0.5 (0), LeRF
     * 0.6 (+0.1), combined 0.05; complexity 0.4, coherency 0.6: 3 / (1/0.6 + 1/0.6 + 1/0.1) = 0.225.
     */
    @Test
    void roadAndArccOnHandNumbers() {
        int levels = Road.PERCENTILES.length;
        FaithfulnessTally t = new FaithfulnessTally();
        t.addAll(twoCanvases());
        t.addRoad(List.of(new Road.Scores(0.8, filled(levels, 0.2), filled(levels, 0.8)),
                new Road.Scores(0.5, filled(levels, 0.5), filled(levels, 0.6))));
        t.addArcc(List.of(new Arcc.Parts(0.2, 0.9), new Arcc.Parts(0.4, 0.6)));
        FaithfulnessSummary s = t.summary();
        assertEquals(-0.3, s.roadMostRelevantFirst(), EXACT, "(-0.6 + 0) / 2");
        assertEquals(0.05, s.roadLeastRelevantFirst(), EXACT, "(0 + 0.1) / 2");
        assertEquals(0.175, s.roadCombined(), EXACT, "(0.3 + 0.05) / 2");
        assertArrayEquals(filled(levels, -0.3), s.roadMostRelevantCurve(), EXACT);
        assertArrayEquals(filled(levels, 0.05), s.roadLeastRelevantCurve(), EXACT);
        assertEquals(0.3, s.complexity(), EXACT);
        assertEquals(0.75, s.coherency(), EXACT);
        // The figures without ROAD stay as they were.
        assertEquals(25.0, s.averageDrop(), EXACT);
        assertEquals(50.0, s.increaseInConfidence(), EXACT);
        assertEquals(0.45, s.deletionAuc(), EXACT);
        assertEquals(0.3, s.insertionAuc(), EXACT);
        double arcc1 = 3 / (1 / 0.9 + 1 / 0.8 + 1 / 0.6);
        double arcc2 = 3 / (1 / 0.6 + 1 / 0.6 + 1 / 0.1);
        assertEquals(0.744828, arcc1, 1e-6);
        assertArrayEquals(new double[] {arcc1, arcc2}, t.values(Scoreboard.PerCanvas.ARCC), 1e-7);
        assertEquals((arcc1 + arcc2) / 2, s.arcc(), 1e-7);
        assertArrayEquals(new double[] {0.3, 0.05}, t.values(Scoreboard.PerCanvas.ROAD_COMBINED), EXACT);
        assertArrayEquals(new double[] {0.2, 0.4}, t.values(Scoreboard.PerCanvas.COMPLEXITY), EXACT);
        assertArrayEquals(new double[] {0.9, 0.6}, t.values(Scoreboard.PerCanvas.COHERENCY), EXACT);
    }

    /** Nothing measured has no summary; ROAD and ARCC of different canvases are refused, naming both counts. */
    @Test
    void nothingMeasuredAndMismatchedCounts() {
        assertNull(new FaithfulnessTally().summary());
        FaithfulnessTally t = new FaithfulnessTally();
        t.addAll(twoCanvases());
        t.addRoad(List.of(new Road.Scores(0.8, filled(9, 0.2), filled(9, 0.8)), new Road.Scores(0.5, filled(9, 0.5),
                filled(9, 0.6))));
        t.addArcc(List.of(new Arcc.Parts(0.2, 0.9)));
        IllegalStateException e = assertThrows(IllegalStateException.class, t::summary);
        assertEquals("ROAD scored 2 canvases and complexity 1", e.getMessage());
        assertEquals(0, new FaithfulnessTally().values(Scoreboard.PerCanvas.ARCC).length, "no ARCC without ROAD");
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
