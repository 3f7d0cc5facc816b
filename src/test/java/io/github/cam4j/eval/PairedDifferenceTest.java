package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The paired 95 % interval a report puts beside a gap between CAM and a baseline, on hand-computed cases. */
class PairedDifferenceTest {
    /**
     * Differences 1, 1, 1, 0: mean 0.75, sample standard deviation 0.5, standard error 0.25, so the interval is
     * 0.75 &plusmn; 1.96 x 0.25 = 0.26 to 1.24 (to the quantile's six decimals).
     */
    @Test
    void theIntervalIsTheMeanDifferencePlusOrMinusTwoStandardErrors() {
        PairedDifference d = PairedDifference.of(new double[] {1, 1, 1, 0}, new double[] {0, 0, 0, 0});
        assertEquals(4, d.canvases());
        assertEquals(0.75, d.difference(), 1e-12);
        assertEquals(0.75 - 1.959964 * 0.25, d.low(), 1e-12);
        assertEquals(0.75 + 1.959964 * 0.25, d.high(), 1e-12);
        assertTrue(d.excludesZero());
    }

    /**
     * The interval of 1, 1, 1, 0 against none reaches 1.24, past the largest gap two rates can have: cut there. The cut
     * moves no end across 0, and an interval within the range is kept as it is.
     */
    @Test
    void theIntervalIsCutToTheGapsTheMetricCanShow() {
        PairedDifference d = PairedDifference.of(new double[] {1, 1, 1, 0}, new double[] {0, 0, 0, 0}).within(1);
        assertEquals(0.75, d.difference(), 1e-12);
        assertEquals(0.75 - 1.959964 * 0.25, d.low(), 1e-12);
        assertEquals(1, d.high(), 0);
        assertTrue(d.excludesZero());
        PairedDifference kept = PairedDifference.of(new double[] {1, 0, 0, 0}, new double[] {0, 0, 0, 0});
        assertEquals(kept, kept.within(1));
        assertTrue(Double.isNaN(PairedDifference.of(new double[] {1}, new double[] {0}).within(1).low()));
    }

    /** What both methods share cancels: two rates 0.5 apart on every canvas are apart beyond any doubt. */
    @Test
    void aConstantGapHasNoScatter() {
        PairedDifference d = PairedDifference.of(new double[] {0.9, 0.2, 0.6}, new double[] {0.4, -0.3, 0.1});
        assertEquals(0.5, d.difference(), 1e-12);
        assertEquals(0.5, d.low(), 1e-12);
        assertEquals(0.5, d.high(), 1e-12);
        assertTrue(d.excludesZero());
    }

    /** One hit against none on 4 canvases: 0.25 apart, and the interval (-0.24 to 0.74) says it could be chance. */
    @Test
    void aSmallGapOnFewCanvasesIsWithinNoise() {
        PairedDifference d = PairedDifference.of(new double[] {1, 0, 0, 0}, new double[] {0, 0, 0, 0});
        assertEquals(0.25, d.difference(), 1e-12);
        assertTrue(d.low() < 0 && d.high() > 0, d.toString());
        assertFalse(d.excludesZero());
    }

    /** A digit without ink has no peak distance: its canvas is left out of the pairs, not counted as 0. */
    @Test
    void canvasesWithoutAFiniteValueAreLeftOut() {
        double inf = Double.POSITIVE_INFINITY;
        PairedDifference d = PairedDifference.of(new double[] {2, inf, 4}, new double[] {1, inf, 3});
        assertEquals(2, d.canvases());
        assertEquals(1, d.difference(), 1e-12);
    }

    @Test
    void oneCanvasHasNoIntervalAndNoneHasNoDifference() {
        PairedDifference one = PairedDifference.of(new double[] {1}, new double[] {0});
        assertEquals(1, one.difference(), 1e-12);
        assertTrue(Double.isNaN(one.low()) && Double.isNaN(one.high()));
        assertFalse(one.excludesZero());
        assertTrue(Double.isNaN(PairedDifference.of(new double[0], new double[0]).difference()));
    }

    /**
     * Two canvases are the fewest with an interval: differences 1 and 0, mean 0.5, sample standard deviation
     * sqrt(0.5), standard error 0.5, so 0.5 &plusmn; 1.959964 x 0.5.
     */
    @Test
    void twoCanvasesHaveAnInterval() {
        PairedDifference d = PairedDifference.of(new double[] {1, 0}, new double[] {0, 0});
        assertEquals(0.5 - 1.959964 * 0.5, d.low(), 1e-12);
        assertEquals(0.5 + 1.959964 * 0.5, d.high(), 1e-12);
    }

    /**
     * Two methods scoring the same on every canvas are not apart: the interval is the single point 0, which does not lie
     * wholly on one side of zero.
     */
    @Test
    void identicalScoresAreNeverApart() {
        PairedDifference d = PairedDifference.of(new double[] {0.3, 0.7, 1}, new double[] {0.3, 0.7, 1});
        assertEquals(0, d.low());
        assertEquals(0, d.high());
        assertFalse(d.excludesZero());
    }

    @Test
    void valuesOfDifferentCanvasesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedDifference.of(new double[2], new double[3]));
        assertEquals("paired values differ in number: 2 and 3", e.getMessage());
    }
}
