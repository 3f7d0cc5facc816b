package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * CAM's plain-Java arithmetic on cases worked by hand. The bundled models have 128 channels, a multiple of the product's
 * four partial sums, and their classes rarely tie; these cases have fewer channels than four and ties.
 */
class CamMathTest {
    /**
     * The predicted class is the first of equal probabilities, as numpy's {@code argmax} takes it: {1, 3, 3} gives 1,
     * not 2; a single value gives 0.
     */
    @Test
    void argMaxTakesTheFirstOfEqualValues() {
        assertEquals(1, CamMath.argMax(new float[] {1, 3, 3}));
        assertEquals(0, CamMath.argMax(new float[] {2, 2}));
        assertEquals(0, CamMath.argMax(new float[] {-5}));
    }

    /**
     * Three channels, fewer than the four partial sums take at a time, on two cells of the second image of a batch:
     * cell 0 (1, 2, 3) and cell 1 (-1, 0.5, 4) against the column (2, -1, 0.5) give 2 - 2 + 1.5 = 1.5 and
     * -2 - 0.5 + 2 = -0.5. Sums of halves: exact in float, no tolerance.
     */
    @Test
    void classMapWithFewerChannelsThanFour() {
        float[] features = {9, 9, 9, 9, 9, 9, 1, 2, 3, -1, 0.5f, 4};
        assertArrayEquals(new float[] {1.5f, -0.5f}, CamMath.classMap(features, 1, 1, 2, 3, new float[] {2, -1, 0.5f}),
                0f);
    }

    /** The mean of a map, in double: (1 + 2 + 4 - 1) / 4 = 1.5. */
    @Test
    void meanOfAMap() {
        assertEquals(1.5, CamMath.mean(new float[] {1, 2, 4, -1}), 0);
    }
}
