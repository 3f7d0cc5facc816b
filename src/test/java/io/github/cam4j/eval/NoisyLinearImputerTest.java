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

    /** @return {@code 3x + 2y + 10}, a ramp the imputation reproduces exactly (a linear function is its own weighted mean) */
    private static float[] ramp(int height, int width) {
        float[] ramp = new float[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                ramp[y * width + x] = 3 * x + 2 * y + 10;
            }
        }
        return ramp;
    }

    /** @return the picture with its removed pixels 0: what was there must not matter */
    private static float[] holed(float[] picture, boolean[] removed) {
        float[] image = picture.clone();
        for (int i = 0; i < image.length; i++) {
            if (removed[i]) {
                image[i] = 0;
            }
        }
        return image;
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
        float[] ramp = ramp(h, w);
        boolean[] removed = hole(h, w, 2, 3, 13, 17);
        float[] out = NoisyLinearImputer.impute(holed(ramp, removed), h, w, 1, removed, 0, new SplittableRandom(1));
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

    /**
     * The centre of a 3x3 picture removed, its eight neighbours 10 but one, 100: the odd one is seen wherever it lies,
     * the top row and the left column included, and weighs as the reference weighs it, 10 + 90 / 6 = 25 on an edge,
     * 10 + 90 / 12 = 17.5 on a corner (the weights sum to 1). A neighbour overlooked makes the rest look constant, and
     * the pixel 10. Tolerance: a float's rounding at 25.
     */
    @Test
    void everyNeighbourOfTheCentreCounts() {
        boolean[] removed = hole(3, 3, 1, 1, 2, 2);
        for (int odd : new int[] {0, 1, 2, 3, 5, 6, 7, 8}) {
            float[] image = new float[9];
            java.util.Arrays.fill(image, 10f);
            image[4] = 0;
            image[odd] = 100;
            boolean corner = odd % 2 == 0;
            float[] out = NoisyLinearImputer.impute(image, 3, 3, 1, removed, 0, new SplittableRandom(1));
            assertEquals(corner ? 17.5 : 25, out[4], 1e-5, "the 100 at pixel " + odd);
        }
    }

    /**
     * A removed pixel in the bottom-right corner of a 3x3 picture has three neighbours, above-left 12, above 30 and
     * left 60: (12 / 12 + 30 / 6 + 60 / 6) / (5 / 12) = 16 · 12 / 5 = 38.4. The rows and columns past the last are not
     * neighbours (nor the first pixel of the next row). Tolerance: a float's rounding at 38.
     */
    @Test
    void aRemovedPixelInTheLastRowAndColumnHasOnlyTheNeighboursInside() {
        float[] image = {
            5, 5, 5,
            5, 12, 30,
            5, 60, 0};
        boolean[] removed = hole(3, 3, 2, 2, 3, 3);
        float[] out = NoisyLinearImputer.impute(image, 3, 3, 1, removed, 0, new SplittableRandom(1));
        assertEquals(38.4, out[8], 1e-5);
    }

    /**
     * Two channels, each constant around a 2x2 hole (50 in the first, 80 in the second): each channel's hole takes its
     * own constant, exactly (a constant is its own weighted mean), written to its own channel.
     */
    @Test
    void aConstantChannelFillsItsOwnHoleExactly() {
        float[] image = new float[4 * 4 * 2];
        for (int p = 0; p < 16; p++) {
            image[2 * p] = 50;
            image[2 * p + 1] = 80;
        }
        boolean[] removed = hole(4, 4, 1, 1, 3, 3);
        float[] out = NoisyLinearImputer.impute(image, 4, 4, 2, removed, 0, new SplittableRandom(1));
        assertArrayEquals(image, out);
    }

    /**
     * The noise as documented: added to each imputed value, drawn in pixel order with the channels innermost, the
     * known pixels untouched. Two removed corners of a 3x3 picture whose channels are constant (50 and 80), noise 2:
     * pixel 0 gets {@code 50 + 2 g1} and {@code 80 + 2 g2}, pixel 8 {@code 50 + 2 g3} and {@code 80 + 2 g4}, the g's the
     * seeded generator's first four Gaussians. Exact: the same float sums.
     */
    @Test
    void noiseIsAddedInPixelOrderChannelsInnermost() {
        float[] image = new float[9 * 2];
        for (int p = 0; p < 9; p++) {
            image[2 * p] = 50;
            image[2 * p + 1] = 80;
        }
        boolean[] removed = new boolean[9];
        removed[0] = true;
        removed[8] = true;
        float[] out = NoisyLinearImputer.impute(image, 3, 3, 2, removed, 2, new SplittableRandom(5));
        SplittableRandom g = new SplittableRandom(5);
        float[] expected = image.clone();
        for (int at : new int[] {0, 1, 16, 17}) {
            expected[at] += (float) (2 * g.nextGaussian());
        }
        assertArrayEquals(expected, out);
    }

    /**
     * A hole of 160x160 pixels (25 600 unknowns) in a 164x164 ramp {@code 3x + 2y + 10}: the conjugate gradients need
     * some hundreds of iterations to bring the whole hole to the ramp (the system's condition grows with the square of
     * its side; a 60x60 hole took between 60 and 90), and are given {@code 10 n + 100}. Cut at 100 or at 200 iterations
     * (checked by hand) the hole is not yet the ramp to {@link #SOLVED}, the tolerance of the small ramp.
     */
    @Test
    void aLargeHoleIsSolvedToTheEnd() {
        int side = 164;
        float[] ramp = ramp(side, side);
        boolean[] removed = hole(side, side, 2, 2, 162, 162);
        float[] out = NoisyLinearImputer.impute(holed(ramp, removed), side, side, 1, removed, 0, new SplittableRandom(1));
        for (int i = 0; i < out.length; i++) {
            assertEquals(ramp[i], out[i], SOLVED, "pixel " + i);
        }
    }

    @Test
    void badSizesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NoisyLinearImputer.impute(new float[10], 3, 3, 1, new boolean[9], 0, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("3x3x1"), e.getMessage());
    }
}
