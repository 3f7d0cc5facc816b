package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link Fem} on a 2-channel feature map worked out by hand. */
class FemTest {
    /**
     * Five cells: channel 0 is 0, 0, 0, 0, 10 (mean 2, population deviation sqrt(80 / 5) = 4), channel 1 is 1..5 (mean
     * 3, deviation sqrt(2)).
     */
    private static final float[] FEATURES = {0, 1, 0, 2, 0, 3, 0, 4, 10, 5};

    /**
     * k = 1: thresholds 6 and 4.414, one cell above each, weights 1/5 and 1/5; the map is (A_0 + A_1) / 5. k = 0: the
     * thresholds are the means, cells 4 and 5 of channel 1 above it, weight 2/5.
     */
    @Test
    void weightsAreTheShareOfCellsAboveMeanPlusKDeviations() {
        assertArrayEquals(new double[] {0.2, 0.2}, Fem.weights(FEATURES, 5, 2, 1), 1e-12);
        assertArrayEquals(new float[] {0.2f, 0.4f, 0.6f, 0.8f, 3.0f}, Fem.map(FEATURES, 5, 2, 1), 1e-6f);
        assertArrayEquals(new double[] {0.2, 0.4}, Fem.weights(FEATURES, 5, 2, 0), 1e-12);
    }

    /**
     * The deviation is the population's (numpy's {@code np.std}, ddof 0): at k = 1.9 channel 0's threshold is
     * 2 + 1.9 · 4 = 9.6 and its 10 counts; the sample deviation, sqrt(80 / 4) = 4.47, would put it at 10.5 and weigh
     * the channel 0. And "above" is strict: at k = 2 the threshold is exactly 10, and no cell counts.
     */
    @Test
    void theDeviationIsThePopulationsAndAboveIsStrict() {
        assertEquals(0.2, Fem.weights(FEATURES, 5, 2, 1.9)[0], 1e-12);
        assertEquals(0.0, Fem.weights(FEATURES, 5, 2, 2)[0], 0.0);
        assertArrayEquals(new float[5], Fem.map(FEATURES, 5, 2, 2), 0f, "k = 2: no cell of either channel counts");
    }

    /** A channel that does not vary has no cell above its mean: weight 0, whatever k; negative sums are cut at 0. */
    @Test
    void aConstantChannelWeighsNothingAndTheMapIsCutAtZero() {
        float[] f = {7, -1, 7, -1, 7, -1, 7, 9};
        double[] w = Fem.weights(f, 4, 2, 0);
        assertEquals(0.0, w[0], 0.0);
        assertEquals(0.25, w[1], 1e-12);
        assertArrayEquals(new float[] {0f, 0f, 0f, 2.25f}, Fem.map(f, 4, 2, 0), 1e-6f);
    }

    /**
     * No cell of n lies more than sqrt(n - 1) population deviations above its mean (Samuelson): a k above the default at
     * or beyond that bound made every map flat, said as "no evidence" ({@code --fem-k 2147483647}). Refused naming k and
     * the bound; just below it a cell that stands out alone still counts. On 5 cells the bound is 2, the default, kept
     * for pytorch-grad-cam's parity (above).
     */
    @Test
    void aKNoCellCanPassIsRefusedNamingTheBound() {
        // One cell of 50 stands out: its z-score is sqrt(49) = 7 exactly, the most 50 cells allow.
        float[] oneHigh = new float[50];
        oneHigh[0] = 1;
        for (double k : new double[] {7, 2147483647}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fem.map(oneHigh, 50, 1, k));
            assertTrue(e.getMessage().startsWith("FEM's k " + k + " cannot be passed by any cell of a picture's 50 cells:"
                    + " none lies more than sqrt(50 - 1) = 7.0 standard deviations"), e.getMessage());
            assertTrue(e.getMessage().endsWith("give a k below 7.0 (--fem-k)"), e.getMessage());
        }
        // Its channel weighs 1 / 50 (one cell counts), times its activation 1.
        assertEquals(0.02f, Fem.map(oneHigh, 50, 1, 6.9)[0], 1e-7f, "below the bound, the cell that stands out counts");
        assertArrayEquals(new float[5], Fem.map(FEATURES, 5, 2, 2), 0f, "the default on 5 cells: flat, as before");
    }

    /** FEM's k is refused when it is negative or not finite, naming it. */
    @Test
    void aNegativeOrNonFiniteKIsRefused() {
        for (double k : new double[] {-0.5, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FeatureMethod.fem(k));
            assertTrue(e.getMessage().startsWith("FEM's k must be"), e.getMessage());
        }
    }
}
