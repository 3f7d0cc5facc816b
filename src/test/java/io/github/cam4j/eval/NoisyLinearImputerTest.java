package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class NoisyLinearImputerTest {
    /**
     * The conjugate gradients stop at a relative residual of 1e-6 (on MNIST canvases within 0.0011 grey levels of a solve
     * to 1e-12); 0.01 grey levels is above that and far below a wrong neighbour weighting, which moves a ramp's hole by
     * whole grey levels.
     */
    private static final double SOLVED = 0.01;

    private static boolean[] hole(int height, int width, int top, int left, int bottom, int right) {
        boolean[] removed = new boolean[height * width];
        for (int y = top; y < bottom; y++) {
            for (int x = left; x < right; x++) {
                removed[y * width + x] = true;
            }
        }
        return removed;
    }

    @Test
    void aHoleInAConstantPictureImputesTheConstant() {
        float[] image = new float[12 * 12];
        java.util.Arrays.fill(image, 77f);
        float[] out = NoisyLinearImputer.impute(image, 12, 12, 1, hole(12, 12, 3, 2, 9, 10), 0, new SplittableRandom(1));
        // A constant is its own weighted mean: exactly, not to a tolerance.
        assertArrayEquals(image, out);
    }

    @Test
    void aHoleInALinearRampImputesTheRamp() {
        // v = 3x + 2y + 10: a linear function is the mean of its 8 neighbours under weights symmetric about the centre
        // (1/6 edges, 1/12 corners), so the hole's exact solution is the ramp itself.
        int h = 16;
        int w = 20;
        float[] ramp = new float[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                ramp[y * w + x] = 3 * x + 2 * y + 10;
            }
        }
        boolean[] removed = hole(h, w, 2, 3, 13, 17);
        float[] image = ramp.clone();
        for (int i = 0; i < image.length; i++) {
            if (removed[i]) {
                image[i] = 0; // what was there must not matter
            }
        }
        float[] out = NoisyLinearImputer.impute(image, h, w, 1, removed, 0, new SplittableRandom(1));
        for (int i = 0; i < out.length; i++) {
            assertEquals(ramp[i], out[i], SOLVED, "pixel " + i);
        }
    }

    @Test
    void weightsAreTheReferencesOneSixthAndOneTwelfth() {
        // One removed pixel with eight known neighbours: 1/6 (a + b + c + d) + 1/12 (e + f + g + h) over a total of 1.
        float[] image = {
            12, 60, 24,
            36, 0, 48,
            0, 120, 72};
        boolean[] removed = hole(3, 3, 1, 1, 2, 2);
        float[] out = NoisyLinearImputer.impute(image, 3, 3, 1, removed, 0, new SplittableRandom(1));
        double expected = (60 + 36 + 48 + 120) / 6.0 + (12 + 24 + 0 + 72) / 12.0;
        assertEquals(expected, out[4], 1e-4);
        // An unweighted mean of the eight would give 46.5 instead.
        assertTrue(Math.abs(out[4] - 46.5) > 1);
    }

    @Test
    void aRemovedBorderPixelIsTheMeanOfTheNeighboursItHas() {
        // The top-left corner has three neighbours: right (1/6), below (1/6), diagonal (1/12); the weights of the five
        // outside the picture are dropped, so it is (v_r/6 + v_b/6 + v_d/12) / (5/12).
        float[] image = {
            0, 30, 5,
            90, 60, 5,
            5, 5, 5};
        boolean[] removed = hole(3, 3, 0, 0, 1, 1);
        float[] out = NoisyLinearImputer.impute(image, 3, 3, 1, removed, 0, new SplittableRandom(1));
        double expected = (30 / 6.0 + 90 / 6.0 + 60 / 12.0) / (5 / 12.0);
        assertEquals(expected, out[0], 1e-4);
        assertEquals(60, expected, 1e-9);
        for (int i = 1; i < image.length; i++) {
            assertEquals(image[i], out[i], "known pixel " + i + " is kept");
        }
    }

    @Test
    void aWhollyRemovedPictureIsBlack() {
        float[] image = new float[5 * 5];
        java.util.Arrays.fill(image, 200f);
        boolean[] all = new boolean[25];
        java.util.Arrays.fill(all, true);
        float[] out = NoisyLinearImputer.impute(image, 5, 5, 1, all, 0, new SplittableRandom(1));
        assertArrayEquals(new float[25], out);
    }

    @Test
    void eachChannelIsImputedOnItsOwn() {
        // Two channels: the first a constant 50, the second a ramp in x; one removed pixel in the middle.
        int h = 5;
        int w = 5;
        float[] image = new float[h * w * 2];
        for (int p = 0; p < h * w; p++) {
            image[2 * p] = 50;
            image[2 * p + 1] = 10 * (p % w);
        }
        boolean[] removed = hole(h, w, 1, 1, 4, 4);
        float[] out = NoisyLinearImputer.impute(image, h, w, 2, removed, 0, new SplittableRandom(1));
        for (int p = 0; p < h * w; p++) {
            assertEquals(50, out[2 * p], SOLVED);
            assertEquals(10 * (p % w), out[2 * p + 1], SOLVED);
        }
    }

    @Test
    void seededNoiseHasTheAskedSpreadOnImputedPixelsOnly() {
        int h = 64;
        int w = 64;
        float[] image = new float[h * w];
        java.util.Arrays.fill(image, 100f);
        boolean[] removed = hole(h, w, 8, 8, 56, 56); // 2 304 imputed pixels
        float[] a = NoisyLinearImputer.impute(image, h, w, 1, removed, Road.NOISE, new SplittableRandom(7));
        float[] b = NoisyLinearImputer.impute(image, h, w, 1, removed, Road.NOISE, new SplittableRandom(7));
        assertArrayEquals(a, b, "the same seed gives the same noise");
        double sum = 0;
        double squares = 0;
        int n = 0;
        for (int i = 0; i < a.length; i++) {
            if (removed[i]) {
                double d = a[i] - 100;
                sum += d;
                squares += d * d;
                n++;
            } else {
                assertEquals(100f, a[i], "known pixel " + i + " gets no noise");
            }
        }
        double mean = sum / n;
        double sd = Math.sqrt(squares / n - mean * mean);
        // n = 2304 normal draws of sd 2.55: the mean's standard error is 0.053 (bound 0.25, over 4.5 of them), the
        // sample sd's 0.038 (bound 0.2, over 5 of them).
        assertEquals(0, mean, 0.25);
        assertEquals(Road.NOISE, sd, 0.2);
        float[] c = NoisyLinearImputer.impute(image, h, w, 1, removed, Road.NOISE, new SplittableRandom(8));
        assertTrue(!java.util.Arrays.equals(a, c), "another seed, other noise");
    }

    @Test
    void badSizesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NoisyLinearImputer.impute(new float[10], 3, 3, 1, new boolean[9], 0, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("3x3x1"), e.getMessage());
    }
}
