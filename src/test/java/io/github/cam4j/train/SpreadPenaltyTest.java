package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The spread penalty against values worked by hand: what it charges for evidence on one cell and spread over many, that
 * empty cells and the constant part of a channel's row cost nothing, and its checks. Tolerances are float32 rounding of
 * sums of a few terms (1e-6 relative).
 */
class SpreadPenaltyTest {
    /** Two channels, three classes: channel 0 speaks for class 0, channel 1 for class 1; class 2 reads neither. */
    private static final float[] KERNEL = {3f, 0f, 0f, /**/ 0f, 3f, 0f};

    /**
     * One picture of class 0 on 2x2 cells, channel 0 firing 1 on the first cell only. The centred column of class 0 is
     * (3 - 1, 0 - 1) = (2, -1): the cell values are 2, 0, 0, 0, so the penalty is weight * 4 / 4² = weight / 4.
     */
    @Test
    void evidenceOnOneCellCostsTheSquareOfItsCentredValueOverTheSquaredCellCount() {
        float[] features = {1f, 0f, /**/ 0f, 0f, /**/ 0f, 0f, /**/ 0f, 0f};
        assertEquals(0.5 / 4, penalty(new SpreadPenalty(0.5), new long[] {1, 2, 2, 2}, features, new float[] {1, 0, 0}), 1e-7);
    }

    /** The same logit spread over four cells (each a quarter) costs a quarter of it on one: sum of squares falls by M. */
    @Test
    void theSameEvidenceSpreadOverMoreCellsCostsLess() {
        float[] peaked = {4f, 0f, /**/ 0f, 0f, /**/ 0f, 0f, /**/ 0f, 0f};
        float[] spread = {1f, 0f, /**/ 1f, 0f, /**/ 1f, 0f, /**/ 1f, 0f};
        long[] shape = {1, 2, 2, 2};
        float[] label = {1, 0, 0};
        double onOne = penalty(new SpreadPenalty(1), shape, peaked, label);
        double onFour = penalty(new SpreadPenalty(1), shape, spread, label);
        assertEquals(64.0 / 16, onOne, 1e-5);
        assertEquals(4 * 4.0 / 16, onFour, 1e-6);
    }

    /** Softmax ignores a constant added to every class of a channel's row, and so does the penalty. */
    @Test
    void aConstantAddedToEveryClassOfAChannelChangesNothing() {
        float[] features = {0.3f, 1.2f, /**/ 2f, 0f, /**/ 0f, 0.7f, /**/ 0.1f, 0.1f};
        float[] shifted = KERNEL.clone();
        for (int k = 0; k < 3; k++) {
            shifted[k] += 5f;
            shifted[3 + k] -= 2f;
        }
        long[] shape = {1, 2, 2, 2};
        float[] label = {0, 1, 0};
        assertEquals(penalty(new SpreadPenalty(1), shape, features, label, KERNEL),
                penalty(new SpreadPenalty(1), shape, features, label, shifted), 1e-6);
    }

    /**
     * Two pictures, the batch's mean: the first of class 0 as in the first test (1/4), the second of class 2 with both
     * channels at 1 on every cell; class 2's centred column is (-1, -1), so each cell holds -2: 4 * 4 / 16 = 1.
     * Cells where nothing fires (the first picture's last three) add nothing.
     */
    @Test
    void theBatchPaysTheMeanOfItsPictures() {
        float[] features = {1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f, /**/ 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f};
        assertEquals((0.25 + 1) / 2, penalty(new SpreadPenalty(1), new long[] {2, 2, 2, 2}, features,
                new float[] {1, 0, 0, /**/ 0, 0, 1}), 1e-6);
    }

    @Test
    void offIsInactiveAndBadWeightsAreRefusedNamingTheOption() {
        assertFalse(SpreadPenalty.OFF.active());
        assertTrue(new SpreadPenalty(0.01).active());
        for (double weight : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpreadPenalty(weight));
            assertTrue(e.getMessage().startsWith("--spread-penalty must be a finite number of at least 0, got "), e.getMessage());
        }
    }

    private static double penalty(SpreadPenalty p, long[] shape, float[] features, float[] labels) {
        return penalty(p, shape, features, labels, KERNEL);
    }

    private static double penalty(SpreadPenalty p, long[] shape, float[] features, float[] labels, float[] kernel) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            try (Result r = s.runner().fetch(p.apply(tf, tf.constant(Shape.of(shape), DataBuffers.of(features)),
                    tf.constant(Shape.of(2, 3), DataBuffers.of(kernel)),
                    tf.constant(Shape.of(shape[0], 3), DataBuffers.of(labels)))).run()) {
                return ((TFloat32) r.get(0)).getFloat();
            }
        }
    }
}
