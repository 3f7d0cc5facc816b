package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which pixels a Normalization's statistics belong to: the rule that decides what an imported model is fed. */
class InputStandardisationTest {

    @Test
    void statisticsAboveOneAreThoseOfRawPixels() {
        assertTrue(new InputStandardisation(new double[] {33.3}, new double[] {78.6}, "n/Sub").takesRawPixels(),
                "MNIST adapted on uint8 pixels");
        assertTrue(new InputStandardisation(new double[] {123.7, 116.3, 103.5}, new double[] {58.4, 57.1, 57.4},
                "n/Sub").takesRawPixels(), "ImageNet's statistics in 0..255");
        assertTrue(new InputStandardisation(new double[] {0.9}, new double[] {4}, "n/Sub").takesRawPixels(),
                "a dark set of raw pictures: small mean, deviation above 1");
        assertFalse(new InputStandardisation(new double[] {0.13}, new double[] {0.31}, "n/Sub").takesRawPixels(),
                "MNIST in 0..1");
        assertFalse(new InputStandardisation(new double[] {0.485, 0.456, 0.406}, new double[] {0.229, 0.224, 0.225},
                "n/Sub").takesRawPixels(), "ImageNet's statistics in 0..1");
        assertEquals("(x - [33.3, 0.1235]) / [78.6, 1] ('n/Sub')",
                new InputStandardisation(new double[] {33.3, 0.12345}, new double[] {78.6, 1}, "x/a/n/Sub").toString());
    }
}
