package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@link ModelEvaluator} used wrongly from Java: each case named what is wrong only late, or not at all. */
class ModelEvaluatorTest {
    static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");

    /**
     * An empty selection is refused: evaluated, it gave a report of 0 digits whose accuracy, pointing and IoU rates
     * read 0.0 and whose means were NaN, as if the model had failed on every digit.
     */
    @Test
    void anEmptySelectionIsRefused() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        ModelEvaluator evaluator = new ModelEvaluator(EvaluationSettings.defaults(), LoadOptions.defaults(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> evaluator.evaluate(POOLED, test, new int[0]));
        assertEquals("selection is empty: give the indices of at least one test digit (Sampling.sample(test.count(),"
                + " 0, seed) takes them all)", e.getMessage());
        assertEquals("selection is null: the test digits' indices, e.g. Sampling.sample(test.count(), 2000, 42)",
                assertThrows(NullPointerException.class, () -> evaluator.evaluate(POOLED, test, null)).getMessage());
    }

    /**
     * A null setting or option is named when the evaluator is made: they were NullPointerExceptions from inside
     * {@code evaluate} ("Cannot invoke ... seed() because this.settings is null"), after the model had been opened.
     */
    @Test
    void nullArgumentsAreNamed() {
        assertEquals("settings is null: EvaluationSettings.defaults() for the defaults", assertThrows(
                NullPointerException.class, () -> new ModelEvaluator(null, LoadOptions.defaults(), null)).getMessage());
        assertEquals("loadOptions is null: LoadOptions.defaults() for none", assertThrows(NullPointerException.class,
                () -> new ModelEvaluator(EvaluationSettings.defaults(), null, null)).getMessage());
    }
}
