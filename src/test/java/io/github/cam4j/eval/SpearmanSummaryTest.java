package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The model-randomisation check's summary of per-canvas rank correlations, on hand numbers. Means of a few decimals:
 * 1e-12 is rounding.
 */
class SpearmanSummaryTest {
    private static final double EXACT = 1e-12;

    /**
     * 0.2, -0.6, 0.9, 0.4 and one canvas with a constant map (NaN): mean 0.9 / 4 = 0.225, mean absolute 2.1 / 4 =
     * 0.525, median of an even count the mean of the middle two (0.2 + 0.4) / 2 = 0.3, and |rho| &lt; 0.5 for 0.2 and
     * 0.4: half.
     */
    @Test
    void evenCountLeavingOutAConstantMap() {
        SpearmanSummary s = SpearmanSummary.of(new double[] {0.2, -0.6, Double.NaN, 0.9, 0.4});
        assertEquals(4, s.canvases());
        assertEquals(1, s.undefined());
        assertEquals(0.225, s.mean(), EXACT);
        assertEquals(0.525, s.meanAbsolute(), EXACT);
        assertEquals(0.3, s.median(), EXACT);
        assertEquals(0.5, s.belowHalf(), EXACT);
    }

    /** An odd count's median is its middle value; |rho| of exactly 0.5 is not below half. */
    @Test
    void oddCountAndTheHalfBoundary() {
        SpearmanSummary s = SpearmanSummary.of(new double[] {0.5, -0.1, 0.3});
        assertEquals(0.3, s.median(), EXACT);
        assertEquals(2 / 3.0, s.belowHalf(), EXACT);
        assertEquals(0.7 / 3, s.mean(), EXACT);
        assertEquals(0.3, s.meanAbsolute(), EXACT);
    }

    /** Nothing compared has no mean: NaN, never the 0 that reads as "uncorrelated", the very result looked for. */
    @Test
    void noCanvasComparedIsNaNNotZero() {
        SpearmanSummary s = SpearmanSummary.of(new double[] {Double.NaN, Double.NaN});
        assertEquals(0, s.canvases());
        assertEquals(2, s.undefined());
        assertTrue(Double.isNaN(s.mean()) && Double.isNaN(s.meanAbsolute()) && Double.isNaN(s.median())
                && Double.isNaN(s.belowHalf()));
    }
}
