package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.Sequential;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A training whose loss overflows ends at the step it does, not at the end of an epoch trained on NaN. */
class DivergenceTest {
    @Test
    void aLossThatOverflowsStopsTheTrainingAtItsStep() throws Exception {
        int[] stepsHeard = {0};
        int[] stoppedAt = {0};
        TrainingListener listener = new TrainingListener() {
            @Override
            public void stepFinished(int step, double loss, double accuracy) {
                stepsHeard[0]++;
            }

            @Override
            public void stopped(int epoch, int step) {
                stoppedAt[0] = step;
            }
        };
        // Batches of 1 over 40 images: 40 steps, of which the second already runs on weights of about 1e30.
        TrainingConfig config = new TrainingConfig(1, 1, 1e30f, 0, 42, 0, LearningRateSchedule.CONSTANT, 1);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> new Trainer(Sequential.fromJson(TinyTraining.SMALL), config, listener).fit(TinyTraining.noise(40), TinyTraining.noise(10)));
        Matcher m = Pattern.compile("training diverged: the loss became (NaN|Infinity) in step (\\d+) of 40 of epoch 1"
                + " at learning rate 1\\.0E30; lower the learning rate").matcher(e.getMessage());
        assertTrue(m.matches(), e.getMessage());
        int step = Integer.parseInt(m.group(2));
        assertTrue(step < 40, "it stopped before the end of the epoch: " + e.getMessage());
        assertEquals(step, stepsHeard[0], "no step is taken after the one whose loss overflowed");
        assertEquals(step, stoppedAt[0], "the listener is told, so that its progress bar is closed");
        // The settings are fields, for a caller to say them in its own words without rewriting the message's numbers.
        assertEquals(1e30f, e.learningRate());
        assertEquals(0, e.spreadPenalty());
        assertEquals("the loss became " + m.group(1) + " in step " + step + " of 40 of epoch 1", e.what());
        assertEquals("training diverged: " + e.what() + " at learning rate 1e30; lower the learning rate",
                e.message("1e30", "0"), "no penalty was given: it is not named, whatever its text");
    }

    /** A penalty given is named beside the rate, in the Java API's words and in a caller's. */
    @Test
    void aPenaltyGivenIsNamedBesideTheRate() {
        TrainingDivergedException e = new TrainingDivergedException("the loss became NaN in step 2 of 40 of epoch 1",
                0.003f, 1e30);
        assertEquals(0.003f, e.learningRate());
        assertEquals(1e30, e.spreadPenalty());
        assertEquals("training diverged: the loss became NaN in step 2 of 40 of epoch 1 at learning rate 0.003 and"
                + " spread penalty 1.0E30; lower the learning rate or the penalty", e.getMessage());
        assertEquals("training diverged: the loss became NaN in step 2 of 40 of epoch 1 at learning rate 3e-3 and"
                + " spread penalty 1e30; lower the learning rate or the penalty", e.message("3e-3", "1e30"));
    }
}
