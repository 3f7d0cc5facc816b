package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/** Score-CAM's weighting of the channels, by hand; {@code CamSessionTest} checks the masked runs on a real model. */
class ScoreCamTest {
    @Test
    void channelsAreWeighedByTheSoftmaxOfTheirScoresAndNegativeSumsCut() {
        // Two cells, two channels; scores 0 and ln 3 for class 1 give weights 1/4 and 3/4.
        float[] features = {4, 0, -8, 1};
        float[][] maskedLogits = {{9, 0}, {9, (float) Math.log(3)}};
        float[] map = ScoreCam.map(features, 2, maskedLogits, 1);
        // Cell 0: 4/4 + 0 = 1; cell 1: -8/4 + 3/4 = -1.25, which ReLU cuts to 0. 1e-6: float rounding of ln 3.
        assertArrayEquals(new float[] {1f, 0f}, map, 1e-6f);
    }

    @Test
    void largeScoresDoNotOverflowTheSoftmax() {
        float[] features = {2, 6};
        float[][] maskedLogits = {{1000}, {1000}};
        // Equal scores weigh equally however large they are: (2 + 6) / 2.
        assertArrayEquals(new float[] {4f}, ScoreCam.map(features, 1, maskedLogits, 0), 0f);
    }
}
