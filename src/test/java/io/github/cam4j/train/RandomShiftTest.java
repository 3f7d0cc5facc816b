package io.github.cam4j.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RandomShiftTest {

    /**
     * Each picture is a distinct pattern (its pixel values encode their own row and column), so the moved picture tells
     * exactly how far it moved: every pixel must be the original's pixel (y - down, x - across), or 0 where that lies
     * outside. Over 2 000 pictures every one of the 7 x 7 offsets of a shift of 3 appears, and none beyond.
     */
    @Test
    void movesEachPictureWholeByAnOffsetWithinTheRangeAndFillsWithZero() {
        int rows = 9;
        int cols = 11;
        int count = 2000;
        float[] images = new float[count * rows * cols];
        for (int i = 0; i < count; i++) {
            for (int p = 0; p < rows * cols; p++) {
                images[i * rows * cols + p] = 1 + p; // 1-based, so that 0 means "moved in"
            }
        }
        new RandomShift(3).shift(images, count, rows, cols, new Random(7));
        int[][] seen = new int[7][7];
        for (int i = 0; i < count; i++) {
            int[] offset = offsetOf(images, i * rows * cols, rows, cols);
            assertTrue(Math.abs(offset[0]) <= 3 && Math.abs(offset[1]) <= 3, "picture " + i + " moved "
                    + Arrays.toString(offset));
            for (int y = 0; y < rows; y++) {
                for (int x = 0; x < cols; x++) {
                    int sy = y - offset[1];
                    int sx = x - offset[0];
                    float expected = sy >= 0 && sy < rows && sx >= 0 && sx < cols ? 1 + sy * cols + sx : 0;
                    assertEquals(expected, images[i * rows * cols + y * cols + x], "picture " + i + " pixel (" + y + ", "
                            + x + ") after a move of " + Arrays.toString(offset));
                }
            }
            seen[offset[1] + 3][offset[0] + 3]++;
        }
        // 2 000 draws over 49 equally likely offsets, 41 expected each: a missing one has odds of about e^-41.
        for (int[] row : seen) {
            for (int n : row) {
                assertTrue(n > 0, "every offset is drawn: " + Arrays.deepToString(seen));
            }
        }
    }

    @Test
    void offLeavesThePicturesAsTheyWere() {
        float[] images = new float[3 * 28 * 28];
        Arrays.fill(images, 0.5f);
        float[] before = images.clone();
        RandomShift.OFF.shift(images, 3, 28, 28, new Random(1));
        assertArrayEquals(before, images);
        assertTrue(!RandomShift.OFF.active());
    }

    @Test
    void theSameSeedMovesTheSameWay() {
        float[] a = new float[10 * 28 * 28];
        for (int p = 0; p < a.length; p++) {
            a[p] = p % 97;
        }
        float[] b = a.clone();
        new RandomShift(2).shift(a, 10, 28, 28, new Random(5));
        new RandomShift(2).shift(b, 10, 28, 28, new Random(5));
        assertArrayEquals(a, b);
    }

    @Test
    void aNegativeRangeIsRefusedNamingTheOption() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new RandomShift(-1)).getMessage()
                .contains("--shift must not be negative, got -1"));
    }

    /** Finds the move from the first pixel that survived: its value names where it came from. */
    private static int[] offsetOf(float[] images, int base, int rows, int cols) {
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                float v = images[base + y * cols + x];
                if (v != 0) {
                    int source = (int) v - 1;
                    return new int[] {x - source % cols, y - source / cols};
                }
            }
        }
        throw new AssertionError("a picture moved out of itself entirely");
    }
}
