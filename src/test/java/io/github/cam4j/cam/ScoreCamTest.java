package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.render.Placement;
import org.junit.jupiter.api.Test;

/** Score-CAM's masks and weighting of the channels, by hand; {@code CamSessionTest} checks the masked runs on a real model. */
class ScoreCamTest {
    @Test
    void channelsAreWeighedByTheSoftmaxOfTheirScoresAndNegativeSumsCut() {
        // Two cells, two channels; scores 0 and ln 3 for class 4 give weights 1/4 and 3/4.
        float[] features = {4, 0, -8, 1};
        ScoreCam.Scores scores = new ScoreCam.Scores(new int[] {2, 4}, new float[][] {{9, 0}, {9, (float) Math.log(3)}});
        float[] map = ScoreCam.map(features, 2, 2, scores, 4);
        // Cell 0: 4/4 + 0 = 1; cell 1: -8/4 + 3/4 = -1.25, which ReLU cuts to 0. 1e-6: float rounding of ln 3.
        assertArrayEquals(new float[] {1f, 0f}, map, 1e-6f);
    }

    @Test
    void largeScoresDoNotOverflowTheSoftmax() {
        float[] features = {2, 6};
        ScoreCam.Scores scores = new ScoreCam.Scores(new int[] {0}, new float[][] {{1000}, {1000}});
        // Equal scores weigh equally however large they are: (2 + 6) / 2.
        assertArrayEquals(new float[] {4f}, ScoreCam.map(features, 1, 2, scores, 0), 0f);
    }

    /**
     * A channel constant over its cells masks the picture out, as pytorch-grad-cam's (x - min) / (max - min + 1e-8)
     * does. Placed by warpAffine (cells not edge to edge), a constant 1.3 came out with a range of about 1e-7, which
     * normalising stretched into a mask of rounding noise reaching 1 (mean 0.19 on 28x28; found in review).
     */
    @Test
    void aConstantChannelMasksThePictureOut() {
        float[] constant = new float[9];
        java.util.Arrays.fill(constant, 1.3f);
        Placement validConvolutions = new Placement(8, 8, 6, 6);
        assertArrayEquals(new float[28 * 28], ScoreCam.mask(constant, 3, 3, 28, 28, validConvolutions), 0f);
        float[] ramp = {0, 1, 2, 3, 4, 5, 6, 7, 8};
        float[] mask = ScoreCam.mask(ramp, 3, 3, 28, 28, validConvolutions);
        assertEquals(1f, max(mask), 0f, "a channel with a range spans the mask");
    }

    /**
     * Faster Score-CAM's channels by their spread over the cells: channel 1 (0, 3, 6) varies most, channels 0 (0, 1, 2)
     * and 2 (2, 1, 0) tie after it, channel 3 (7, 7, 7) not at all. Of the tie the lower index, as tf.math.top_k;
     * the chosen returned ascending; the array is read only to its cells (the fourth cell's 100s are not theirs).
     */
    @Test
    void fasterScoreCamScoresTheChannelsThatVaryMostTheLowerOfEqualOnes() {
        float[] features = {
            0, 0, 2, 7,
            1, 3, 1, 7,
            2, 6, 0, 7,
            100, 100, 100, 100};
        assertArrayEquals(new int[] {1}, ScoreCam.largestSpread(features, 3, 4, 1));
        assertArrayEquals(new int[] {0, 1}, ScoreCam.largestSpread(features, 3, 4, 2));
        assertArrayEquals(new int[] {0, 1, 2}, ScoreCam.largestSpread(features, 3, 4, 3));
        assertArrayEquals(new int[] {0, 1, 2, 3}, ScoreCam.largestSpread(features, 3, 4, 4));
        // Large, nearly constant values: 1e4 + (0, 0.5, 1) varies more than 1e4 + (0, 0.25, 0) (deviations from the mean).
        float[] large = {10000f, 10000f, 10000.5f, 10000.25f, 10001f, 10000f};
        assertArrayEquals(new int[] {0}, ScoreCam.largestSpread(large, 3, 2, 1));
        // Spread about the mean, not about the first cell: channel 0 (2, 0, 4) has squared deviations 8 about its mean
        // 2; channel 1 (0, 0, 3.3) 7.26 about its mean 1.1, but 10.89 about its first cell's 0.
        assertArrayEquals(new int[] {0}, ScoreCam.largestSpread(new float[] {2, 0, 0, 0, 4, 3.3f}, 3, 2, 1));
        // Each cell's own deviation: channel 0 (2, 6, 4), squared deviations 8; channel 1 (0, 3.3, 0), 7.26.
        assertArrayEquals(new int[] {0}, ScoreCam.largestSpread(new float[] {2, 0, 6, 3.3f, 4, 0}, 3, 2, 1));
        for (int n : new int[] {0, 5}) {
            assertEquals("Faster Score-CAM scores 1 to 4 channels, asked " + n, org.junit.jupiter.api.Assertions
                    .assertThrows(IllegalArgumentException.class, () -> ScoreCam.largestSpread(features, 3, 4, n))
                    .getMessage());
        }
    }

    /** A channel not scored weighs 0; the scored ones share the softmax over their own scores (ln 3 and 0). */
    @Test
    void channelsNotScoredWeighNothing() {
        // One cell, three channels 8, 4, 2; channels 0 and 2 scored, with logits ln 3 and 0 for class 5: 3/4, 1/4.
        float[] features = {8, 4, 2};
        ScoreCam.Scores scores = new ScoreCam.Scores(new int[] {5}, new float[][] {{(float) Math.log(3)}, {0}},
                new int[] {0, 2});
        // 8 * 3/4 + 2 * 1/4 = 6.5; channel 1's 4 not counted. 1e-6: float rounding of ln 3.
        assertArrayEquals(new float[] {6.5f}, ScoreCam.map(features, 1, 3, scores, 5), 1e-6f);
        assertEquals("class 4 was not among the masked runs' classes [5]", org.junit.jupiter.api.Assertions
                .assertThrows(IllegalArgumentException.class, () -> scores.column(4)).getMessage());
    }

    private static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }
}
