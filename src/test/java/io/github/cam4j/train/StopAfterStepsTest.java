package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.model.Sequential;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A stop asked once an epoch's steps are done is heard between the batches of what follows them (the validation, the
 * test accuracy, the calibration's passes), not only after the next step: the command had kept measuring, and with a
 * larger model or set it outlasted the signal's 30 s wait and was cut short ("did not stop within 30 s").
 */
class StopAfterStepsTest {
    /** Asks to stop from its {@code quietAsks + 1}-th question on: after the steps it lets finish. */
    private static final class StopAfter implements TrainingListener {
        private final int quietAsks;
        private int asked;

        StopAfter(int quietAsks) {
            this.quietAsks = quietAsks;
        }

        @Override
        public boolean stopRequested() {
            return ++asked > quietAsks;
        }
    }

    @Test
    void aStopAskedAfterTheLastStepIsHeardWhileMeasuring() throws Exception {
        // 40 images in batches of 10: 4 steps, each followed by a question, none held out; the fifth question comes
        // before the test images' first batch.
        TrainingConfig noValidation = new TrainingConfig(1, 10, 0.003f, 0, 42, 0, LearningRateSchedule.CONSTANT, 1);
        TrainingStoppedException testing = assertThrows(TrainingStoppedException.class,
                () -> new Trainer(Sequential.fromJson(TinyTraining.SMALL), noValidation, new StopAfter(4)).fit(TinyTraining.noise(40), TinyTraining.noise(20)));
        assertEquals("in epoch 1 after 4 of 4 steps, while measuring the test accuracy", testing.where());

        // 50 images, 10 held out: the same 4 steps, then the validation's first batch.
        TrainingConfig validated = new TrainingConfig(2, 10, 0.003f, 0.2, 42, 0, LearningRateSchedule.CONSTANT, 1);
        TrainingStoppedException validating = assertThrows(TrainingStoppedException.class,
                () -> new Trainer(Sequential.fromJson(TinyTraining.SMALL), validated, new StopAfter(4)).fit(TinyTraining.noise(50), TinyTraining.noise(20)));
        assertEquals("in epoch 1 after 4 of 4 steps, while validating", validating.where());
    }

    @Test
    void theCalibrationsPassStopsBetweenItsBatches() throws Exception {
        Sequential model = Sequential.fromJson(TinyTraining.SMALL);
        Map<String, float[]> weights = model.initialWeights(42);
        int[] batches = {0};
        TrainingStoppedException stop = new TrainingStoppedException(1, 4, 4, "while calibrating");
        TrainingStoppedException thrown = assertThrows(TrainingStoppedException.class,
                () -> TemperatureScaling.logits(model, weights, TinyTraining.noise(Trainer.EVAL_BATCH * 3), 1, () -> {
                    if (++batches[0] == 2) {
                        throw stop;
                    }
                }));
        assertEquals(stop, thrown);
        assertEquals(2, batches[0], "no batch after the stop");
    }
}
