package io.github.cam4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.model.ModelConfigException;
import io.github.cam4j.model.Presets;
import io.github.cam4j.train.AttentionDrop;
import io.github.cam4j.train.LearningRateSchedule;
import io.github.cam4j.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/**
 * The library's number settings refuse a value out of range with the setting, its range and the value as fields: the
 * message says the value as Java writes it, and a caller that took it as text says it in its own words.
 */
class SettingOutOfRangeExceptionTest {
    @Test
    void aDoubleSettingsRefusalCarriesItsSettingRangeAndValue() {
        SettingOutOfRangeException e = assertThrows(SettingOutOfRangeException.class, () -> new AttentionDrop(2, 0.5));
        assertEquals("--attention-drop", e.setting());
        assertEquals("must be in [0, 1]", e.range());
        assertEquals(2.0, e.value());
        assertEquals("--attention-drop must be in [0, 1], got 2.0", e.getMessage());
        assertEquals("--attention-drop must be in [0, 1], got 2", e.message("2"));
    }

    /** A float setting is said as Java writes the float it was given, which is not what was typed. */
    @Test
    void aFloatSettingIsSaidAsItsFloat() {
        SettingOutOfRangeException e = assertThrows(SettingOutOfRangeException.class,
                () -> new TrainingConfig(1, 1, -2147483647f, 0, 42, 0, LearningRateSchedule.CONSTANT, 1));
        assertEquals("--learning-rate", e.setting());
        assertEquals(-2147483648.0, e.value(), "the float the rate became, widened");
        assertEquals("--learning-rate must be positive and finite, got -2.14748365E9", e.getMessage());
        assertEquals("--learning-rate must be positive and finite, got -2147483647", e.message("-2147483647"));
    }

    /** The layer's refusal is the cause of the architecture's, which names the layer. */
    @Test
    void aCellDropoutRateOutOfRangeIsTheCauseOfTheArchitecturesRefusal() throws Exception {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> Presets.resolve("pooled").withCellDropout(2));
        SettingOutOfRangeException range = assertInstanceOf(SettingOutOfRangeException.class, e.getCause());
        assertEquals("layer 'cell_dropout' (Dropout): rate", range.setting());
        assertEquals(2.0, range.value());
        assertEquals("layer 'cell_dropout' (Dropout): rate must be at least 0 and below 1, got 2.0", e.getMessage());
        assertEquals("layer 'cell_dropout' (Dropout): rate must be at least 0 and below 1, got 2", range.message("2"));
    }
}
