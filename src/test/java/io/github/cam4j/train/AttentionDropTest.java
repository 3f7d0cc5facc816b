package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.TensorData;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/** The attention-based drop: which cells go, that each picture is dropped whole or kept whole, and its checks. */
class AttentionDropTest {
    private static final int CHANNELS = 2;

    /**
     * One picture of 2x2 cells whose channel means are 1.0, 0.95, 0.5 and 0: at a threshold of 0.9, the first two
     * reach 0.9 of the highest and go; the others stay as they were.
     */
    @Test
    void droppingAPictureZeroesTheCellsAtTheThresholdOfItsHighestMeanAndKeepsTheRest() throws Exception {
        float[] features = {0.5f, 1.5f, /**/ 1.9f, 0f, /**/ 0.2f, 0.8f, /**/ 0f, 0f};
        float[] out = run(new AttentionDrop(1, 0.9), new long[] {1, 2, 2, CHANNELS}, features);
        assertArrayEquals(new float[] {0f, 0f, /**/ 0f, 0f, /**/ 0.2f, 0.8f, /**/ 0f, 0f}, out, 0f,
                "kept cells are not rescaled, as in the paper");
    }

    @Test
    void aPictureWithNoActivationKeepsItsZerosAndMakesNoNaN() throws Exception {
        float[] out = run(new AttentionDrop(1, 0.9), new long[] {1, 2, 2, CHANNELS}, new float[8]);
        assertArrayEquals(new float[8], out, 0f);
    }

    @Test
    void eachPictureIsDroppedWholeOrKeptWholeAtAboutTheRate() throws Exception {
        int pictures = 2000;
        // Every picture: one strong cell (mean 2) and three weak ones (mean 1).
        float[] features = new float[pictures * 4 * CHANNELS];
        for (int p = 0; p < pictures; p++) {
            for (int i = 0; i < 4 * CHANNELS; i++) {
                features[p * 4 * CHANNELS + i] = i < CHANNELS ? 2f : 1f;
            }
        }
        float[] out = run(new AttentionDrop(0.25, 0.9), new long[] {pictures, 2, 2, CHANNELS}, features);
        int dropped = 0;
        for (int p = 0; p < pictures; p++) {
            int base = p * 4 * CHANNELS;
            boolean peakGone = out[base] == 0f;
            for (int c = 0; c < CHANNELS; c++) {
                assertEquals(peakGone ? 0f : 2f, out[base + c], 0f, "picture " + p + ": its strongest cell goes whole");
            }
            for (int i = CHANNELS; i < 4 * CHANNELS; i++) {
                assertEquals(1f, out[base + i], 0f, "picture " + p + ": a weak cell is never dropped");
            }
            dropped += peakGone ? 1 : 0;
        }
        // 2 000 independent draws at 0.25: standard deviation 0.0097; 0.06 is six of them.
        assertEquals(0.25, dropped / (double) pictures, 0.06);
    }

    @Test
    void theSameSeedDropsTheSamePictures() throws Exception {
        float[] features = new float[500 * 4 * CHANNELS];
        for (int i = 0; i < features.length; i++) {
            features[i] = (i * 7919 % 13) / 13f;
        }
        long[] shape = {500, 2, 2, CHANNELS};
        assertArrayEquals(run(new AttentionDrop(0.5, 0.8), shape, features), run(new AttentionDrop(0.5, 0.8), shape, features), 0f);
    }

    @Test
    void offLeavesTheFeaturesTensorItself() {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.placeholder(TFloat32.class);
            assertSame(x, AttentionDrop.OFF.apply(tf, x, 1));
        }
    }

    @Test
    void outOfRangeValuesAreRefusedNamingTheOption() {
        for (double rate : new double[] {-0.1, 1.01, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AttentionDrop(rate, 0.9));
            assertTrue(e.getMessage().startsWith("--attention-drop must be in [0, 1], got "), e.getMessage());
        }
        for (double threshold : new double[] {0, -1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new AttentionDrop(0.5, threshold));
            assertTrue(e.getMessage().startsWith("--attention-threshold must be above 0 and at most 1, got "), e.getMessage());
        }
    }

    private static float[] run(AttentionDrop drop, long[] shape, float[] features) {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.constant(Shape.of(shape), DataBuffers.of(features));
            try (Result r = s.runner().fetch(drop.apply(tf, x, 42L)).run()) {
                return TensorData.toArray(r.get(0));
            }
        }
    }
}
