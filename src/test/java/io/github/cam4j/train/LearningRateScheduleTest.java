package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link LearningRateSchedule} against Keras' own definitions, which {@code cam4j train --lr-schedule} follows: until
 * now only whole training runs used it, so a rate off by a sign or a step would have shown as a slightly worse model.
 */
class LearningRateScheduleTest {
    /** Float holds about 7 significant digits: the rates are compared to a millionth of themselves. */
    private static void assertRate(double expected, float actual, String what) {
        assertEquals(expected, actual, Math.abs(expected) * 1e-6, what);
    }

    /**
     * Keras' {@code CosineDecay(0.001, decay_steps=100, alpha=0.01)}: {@code initial * ((1 - alpha) * 0.5 * (1 +
     * cos(pi * min(step, decay_steps) / decay_steps)) + alpha)}, its values worked out in double precision by that
     * formula (Python's math module) apart from this code.
     */
    @Test
    void cosineFollowsKerasCosineDecayAndStaysAtItsFloorPastTheEnd() {
        LearningRateSchedule cosine = LearningRateSchedule.COSINE;
        assertRate(0.001, cosine.rate(0.001f, 0, 100), "the initial rate at step 0");
        assertRate(0.000855017856687341, cosine.rate(0.001f, 25, 100), "a quarter of the way");
        assertRate(0.000505, cosine.rate(0.001f, 50, 100), "half way: half of (1 - alpha) above alpha");
        assertRate(0.00015498214331265904, cosine.rate(0.001f, 75, 100), "three quarters");
        assertRate(0.00001, cosine.rate(0.001f, 100, 100), "alpha times the initial rate at the last step");
        assertRate(0.00001, cosine.rate(0.001f, 150, 100), "and after it (Keras clamps the step)");
    }

    /** A run of no steps has no length to decay over: its first step takes the initial rate, as Keras' would. */
    @Test
    void cosineOverNoStepsStartsAtTheInitialRate() {
        assertRate(0.002, LearningRateSchedule.COSINE.rate(0.002f, 0, 0), "step 0 of a run of 0 steps");
    }

    /** Keras' default for a float learning rate: the same at every step, whatever the run's length. */
    @Test
    void constantKeepsTheInitialRate() {
        for (long step : new long[] {0, 1, 50, 100, 1_000_000}) {
            assertEquals(0.001f, LearningRateSchedule.CONSTANT.rate(0.001f, step, 100), "step " + step);
        }
    }
}
