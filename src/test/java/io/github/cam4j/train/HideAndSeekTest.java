package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HideAndSeekTest {

    /**
     * Pictures of ones: a hidden patch is a whole grid square of zeros, a kept one is untouched, and the patches of the
     * last row and column are the narrower rest (30 = 4 x 7 + 2).
     */
    @Test
    void hidesWholeGridSquaresAndNothingElse() {
        int rows = 30;
        int cols = 30;
        int count = 50;
        float[] pixels = new float[count * rows * cols];
        Arrays.fill(pixels, 1f);
        new HideAndSeek(7, 0.5).hide(pixels, count, rows, cols, new Random(1));
        int hidden = 0;
        int patches = 0;
        int narrowHidden = 0;
        for (int image = 0; image < count; image++) {
            for (int top = 0; top < rows; top += 7) {
                for (int left = 0; left < cols; left += 7) {
                    float first = pixels[image * rows * cols + top * cols + left];
                    for (int y = top; y < Math.min(top + 7, rows); y++) {
                        for (int x = left; x < Math.min(left + 7, cols); x++) {
                            assertEquals(first, pixels[image * rows * cols + y * cols + x],
                                    "picture " + image + " pixel (" + y + ", " + x + ") differs from its square's corner");
                        }
                    }
                    patches++;
                    if (first == 0f) {
                        hidden++;
                        if (top == 28 || left == 28) {
                            narrowHidden++;
                        }
                    }
                }
            }
        }
        assertEquals(count * 25, patches);
        // 1 250 draws at p = 0.5: one standard deviation is 17.7 squares, so ±5 % (62 squares, 3.5 sigma) fails with
        // odds under 1 in 2 000 for a correct implementation and at once for one hiding twice or half as often.
        assertEquals(0.5, (double) hidden / patches, 0.05, hidden + " of " + patches + " squares hidden");
        assertTrue(narrowHidden > 0, "the narrow squares of the last row and column are hidden too");
    }

    @Test
    void theChanceOfHidingIsTheOneGiven() {
        float[] pixels = new float[400 * 28 * 28];
        Arrays.fill(pixels, 1f);
        new HideAndSeek(7, 0.2).hide(pixels, 400, 28, 28, new Random(2));
        long zeros = 0;
        for (float v : pixels) {
            zeros += v == 0f ? 1 : 0;
        }
        // 6 400 squares of 49 pixels at p = 0.2: standard deviation 0.5 % of the squares; 0.02 is four of them.
        assertEquals(0.2, zeros / (double) pixels.length, 0.02);
    }

    @Test
    void offAndZeroProbabilityLeaveThePicturesAsTheyWere() {
        float[] pixels = new float[3 * 28 * 28];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 255) / 255f;
        }
        float[] before = pixels.clone();
        HideAndSeek.OFF.hide(pixels, 3, 28, 28, new Random(4));
        new HideAndSeek(7, 0).hide(pixels, 3, 28, 28, new Random(4));
        assertArrayEquals(before, pixels);
    }

    @Test
    void theSameSeedHidesTheSameSquares() {
        float[] a = new float[10 * 28 * 28];
        float[] b = new float[10 * 28 * 28];
        Arrays.fill(a, 1f);
        Arrays.fill(b, 1f);
        new HideAndSeek(4, 0.5).hide(a, 10, 28, 28, new Random(5));
        new HideAndSeek(4, 0.5).hide(b, 10, 28, 28, new Random(5));
        assertArrayEquals(a, b);
    }

    @Test
    void badArgumentsAreRefusedByTheirOptionsNames() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new HideAndSeek(-1, 0.5)).getMessage()
                .contains("--hide-patch must not be negative"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new HideAndSeek(7, 1)).getMessage()
                .contains("--hide-probability must be in [0, 1)"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new HideAndSeek(7, Double.NaN)).getMessage()
                .contains("--hide-probability"));
    }
}
