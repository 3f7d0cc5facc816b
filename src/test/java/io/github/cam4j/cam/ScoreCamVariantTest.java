package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.render.Placement;
import org.junit.jupiter.api.Test;

/**
 * SS-CAM's and IS-CAM's settings and torch-cam's masks, by hand. {@code TorchCamParityTest} compares whole maps with
 * torch-cam's; these pin the pieces it cannot single out (IS-CAM's coefficients past its third round, the refusals).
 */
class ScoreCamVariantTest {
    /**
     * torch-cam's ISCAM: {@code coeff += (sidx + 1) / num_samples} before each round, so for 10 steps the rounds feed
     * 0.1, 0.3, 0.6, 1.0, ... 5.5 times the masked picture. 1e-12: the sums of tenths in double are a few ulps off.
     */
    @Test
    void isCamsCoefficientIsTheRunningSumOfTheRoundsOverTheSteps() {
        ScoreCamVariant is = ScoreCamVariant.isCam();
        assertEquals(10, is.samples());
        double[] expected = {0.1, 0.3, 0.6, 1.0, 1.5, 2.1, 2.8, 3.6, 4.5, 5.5};
        for (int round = 0; round < 10; round++) {
            assertEquals(expected[round], is.coefficient(round), 1e-12, "round " + round);
        }
        assertEquals(1.0, ScoreCamVariant.isCam(1).coefficient(0), 0, "one step: the plain masked picture");
        // SS-CAM does not scale the picture, in any round.
        ScoreCamVariant ss = ScoreCamVariant.ssCam();
        assertEquals(1.0, ss.coefficient(0), 0);
        assertEquals(1.0, ss.coefficient(34), 0);
    }

    @Test
    void theDefaultsAreTorchCams() {
        ScoreCamVariant ss = ScoreCamVariant.ssCam();
        assertEquals(new ScoreCamVariant(false, 35, 2.0, 0), ss);
        assertEquals("SS-CAM", ss.title());
        assertEquals("SS-CAM(samples 35, std 2.0, seed 0)", ss.toString());
        assertEquals("IS-CAM", ScoreCamVariant.isCam().title());
        assertEquals("IS-CAM(steps 10)", ScoreCamVariant.isCam().toString());
    }

    @Test
    void settingsThatCannotApplyAreRefusedNamingTheMethod() {
        assertEquals("SS-CAM needs at least 1 sample, got 0",
                assertThrows(IllegalArgumentException.class, () -> ScoreCamVariant.ssCam(0, 2, 0)).getMessage());
        assertEquals("IS-CAM needs at least 1 step, got 0",
                assertThrows(IllegalArgumentException.class, () -> ScoreCamVariant.isCam(0)).getMessage());
        // Each round runs the model once per feature channel: Integer.MAX_VALUE of them had run on for years.
        assertEquals("SS-CAM takes at most 1000 samples, got 2147483647", assertThrows(IllegalArgumentException.class,
                () -> ScoreCamVariant.ssCam(Integer.MAX_VALUE, 2, 0)).getMessage());
        assertEquals("IS-CAM takes at most 1000 steps, got 1001",
                assertThrows(IllegalArgumentException.class, () -> ScoreCamVariant.isCam(1_001)).getMessage());
        assertEquals("Smooth Grad-CAM++ takes at most 10000 noisy samples, got 10001", assertThrows(
                IllegalArgumentException.class, () -> new SmoothGradNoise(10_001, 0.3, 0)).getMessage());
        for (double std : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertEquals("SS-CAM's noise standard deviation must be finite and positive, got " + std,
                    assertThrows(IllegalArgumentException.class, () -> ScoreCamVariant.ssCam(1, std, 0)).getMessage());
        }
        assertEquals("IS-CAM adds no noise: its std and seed are 0, got 0.5 and 0",
                assertThrows(IllegalArgumentException.class, () -> new ScoreCamVariant(true, 1, 0.5, 0)).getMessage());
        assertEquals("IS-CAM adds no noise: its std and seed are 0, got 0.0 and 7",
                assertThrows(IllegalArgumentException.class, () -> new ScoreCamVariant(true, 1, 0, 7)).getMessage());
        // The smallest accepted: one sample, a tiny deviation.
        assertEquals(1, ScoreCamVariant.ssCam(1, Double.MIN_VALUE, 0).samples());
    }

    /**
     * torch-cam's mask, {@code (A - min) / (max - min + 1e-8)} on the cells before upsampling: a range far above 1e-8
     * spans 0..1 (8 + 1e-8 is 8 in float), a range of 1e-8 reaches only 1/2, and a constant channel is all 0, never NaN.
     */
    @Test
    void torchCamsMaskIsNormalisedAtTheCellsWithItsEpsilon() {
        Placement identity = new Placement(1, 1, 0, 0);
        assertArrayEquals(new float[] {0.25f, 0f, 1f, 0.5f},
                RepeatedScoreCam.mask(new float[] {3, 1, 9, 5}, 2, 2, 2, 2, identity), 0f);
        assertArrayEquals(new float[] {0f, 0.5f}, RepeatedScoreCam.mask(new float[] {0, 1e-8f}, 1, 2, 1, 2, identity),
                1e-6f, "a range of 1e-8 over 2e-8");
        assertArrayEquals(new float[4], RepeatedScoreCam.mask(new float[] {-3, -3, -3, -3}, 2, 2, 2, 2, identity),
                0f, "a constant channel masks everything out");
    }
}
