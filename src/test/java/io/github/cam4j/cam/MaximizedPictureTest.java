package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link MaximizedPicture} as a value: its arrays are its own, and it is compared and printed by what it holds. */
class MaximizedPictureTest {

    private static MaximizedPicture picture(float[] pixels, float[] scores, float[] seedProbabilities,
            float[] probabilities) {
        return new MaximizedPicture("conv2d_1/Relu", 5, 1, 2, 1, pixels, scores, 0.5f, seedProbabilities, 3f,
                probabilities);
    }

    /**
     * The record kept the arrays it was given and handed them out, so a maker reusing its buffer, or a reader scaling
     * {@code pixels()} in place to save it, changed the picture every later reader saw.
     */
    @Test
    void neitherTheMakerNorAReaderCanChangeItsArrays() {
        float[] pixels = {10f, 20f};
        float[] scores = {1f, 2f, 3f};
        float[] seed = {0.5f, 0.5f};
        float[] probabilities = {0.25f, 0.75f};
        MaximizedPicture p = picture(pixels, scores, seed, probabilities);
        pixels[0] = -1f;
        scores[0] = -1f;
        seed[0] = -1f;
        probabilities[0] = -1f;
        p.pixels()[1] = -1f;
        p.scores()[1] = -1f;
        p.seedProbabilities()[1] = -1f;
        p.probabilities()[1] = -1f;
        assertArrayEquals(new float[] {10f, 20f}, p.pixels());
        assertArrayEquals(new float[] {1f, 2f, 3f}, p.scores());
        assertArrayEquals(new float[] {0.5f, 0.5f}, p.seedProbabilities());
        assertArrayEquals(new float[] {0.25f, 0.75f}, p.probabilities());
    }

    /** Its generated equals compared the arrays by identity, so two pictures of the same values were unequal. */
    @Test
    void twoPicturesOfTheSameValuesAreEqualAndPrintTheirValues() {
        MaximizedPicture p = picture(new float[] {10f, 20f}, new float[] {1f, 2f}, new float[] {0.5f, 0.5f},
                new float[] {0.25f, 0.75f});
        MaximizedPicture same = picture(new float[] {10f, 20f}, new float[] {1f, 2f}, new float[] {0.5f, 0.5f},
                new float[] {0.25f, 0.75f});
        assertEquals(same, p);
        assertEquals(same.hashCode(), p.hashCode());
        assertNotEquals(picture(new float[] {10f, 21f}, new float[] {1f, 2f}, new float[] {0.5f, 0.5f},
                new float[] {0.25f, 0.75f}), p);
        assertNotEquals(picture(new float[] {10f, 20f}, new float[] {1f, 2f}, new float[] {0.5f, 0.5f},
                new float[] {0.75f, 0.25f}), p);
        assertEquals("MaximizedPicture[layer=conv2d_1/Relu, index=5, height=1, width=2, channels=1, pixels=2 values,"
                + " scores=[1.0, 2.0], seedScore=0.5, seedProbabilities=[0.5, 0.5], score=3.0,"
                + " probabilities=[0.25, 0.75]]", p.toString());
    }

    /** Pixels that do not fill the stated size made a caller's row-major read run off the end, far from the cause. */
    @Test
    void refusesPixelsThatDoNotFillItsSizeAndNullArrays() {
        String wrong = assertThrows(IllegalArgumentException.class, () -> picture(new float[3], new float[1],
                new float[2], new float[2])).getMessage();
        assertTrue(wrong.contains("3 pixels for a 1×2×1 picture"), wrong);
        String mismatched = assertThrows(IllegalArgumentException.class, () -> picture(new float[2], new float[1],
                new float[2], new float[3])).getMessage();
        assertTrue(mismatched.contains("2 seed probabilities and 3 probabilities"), mismatched);
        String none = assertThrows(NullPointerException.class, () -> picture(null, new float[1], new float[2],
                new float[2])).getMessage();
        assertTrue(none.startsWith("pixels is null"), none);
    }
}
