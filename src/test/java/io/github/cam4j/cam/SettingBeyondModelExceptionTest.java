package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.cam4j.savedmodel.InputSpec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;

/**
 * A setting the model bounds is refused with the setting and the value as fields, and a problem composed from the value:
 * the message says the value as Java writes it, and a caller that took it as text ({@code --sgcampp-std 1e3}) says it
 * as typed with {@link SettingBeyondModelException#problem(String)}, where the command line had searched the message
 * for the number to replace it.
 */
class SettingBeyondModelExceptionTest {
    /** What follows the value in the noise's problem, for MNIST's pixels in [0, 1]. */
    private static final String DROWNS = " drowns that: the noisy copies are more noise than picture, and the map stops"
            + " being about the picture; give at most 1.0";

    @Test
    void aNoiseRefusalSaysTheValueAsItsCallerSaysIt() {
        SettingBeyondModelException e = new SmoothGradNoise(2, 1000, 0).tooLoudFor(InputSpec.mnist(), "m");
        assertEquals(SettingBeyondModelException.Setting.SMOOTH_GRAD_NOISE, e.setting());
        assertEquals("1000.0", e.value());
        String fed = "model m is fed pixels 0..255 as 0.0..1.0, a range of 1.0; a noise standard deviation of ";
        assertEquals(": " + fed + "1000.0" + DROWNS, e.problem());
        assertEquals(": " + fed + "1e3" + DROWNS, e.problem("1e3"));
        assertEquals("optSmoothGradNoise (--sgcampp-std): " + fed + "1000.0" + DROWNS, e.getMessage());
        assertNull(new SmoothGradNoise(2, 1, 0).tooLoudFor(InputSpec.mnist(), "m"), "1 is MNIST's whole range: taken");
    }

    /** A problem that does not say the value again is the same however the value is said. */
    @Test
    void aProblemWithoutTheValueIsKeptAsGiven() {
        SettingBeyondModelException e = new SettingBeyondModelException(
                SettingBeyondModelException.Setting.SCORE_CAM_CHANNELS, "129", "asks more channels than 128", "m: 129");
        assertEquals("asks more channels than 128", e.problem());
        assertEquals("asks more channels than 128", e.problem("0129"));
        assertEquals("129", e.value());
        assertEquals("m: 129", e.getMessage());
    }

    /** The problem's wording is kept through serialisation, as an exception's fields are: it holds strings and numbers. */
    @Test
    void itsWordingSurvivesSerialisation() throws Exception {
        SettingBeyondModelException e = new SmoothGradNoise(2, 1000, 0).tooLoudFor(InputSpec.mnist(), "m");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(e);
        }
        Object read;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            read = in.readObject();
        }
        SettingBeyondModelException back = assertInstanceOf(SettingBeyondModelException.class, read);
        assertEquals(e.problem("1e3"), back.problem("1e3"));
        assertEquals(e.getMessage(), back.getMessage());
    }
}
