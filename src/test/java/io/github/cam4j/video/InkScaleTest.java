package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The automatic scale's measure of a frame's digits, on small hand-drawn frames (what {@code VideoExplainerTest}
 * checks through a model, slowly): the longer side of the largest 8-connected patch of ink, and the factor that makes
 * it MNIST's 20 pixels.
 */
class InkScaleTest {
    /** @return a {@code height x width} frame of {@code ground}, with the given rectangles at 1 */
    private static float[] frame(int height, int width, float ground, int[]... rects) {
        float[] values = new float[height * width];
        java.util.Arrays.fill(values, ground);
        for (int[] r : rects) { // {top, left, rows, cols}
            for (int y = r[0]; y < r[0] + r[2]; y++) {
                for (int x = r[1]; x < r[1] + r[3]; x++) {
                    values[y * width + x] = 1;
                }
            }
        }
        return values;
    }

    /**
     * The largest patch by area speaks, by its longer side: a 5x5 block (area 25) over a 1x8 stroke (area 8, longer
     * side 8), a 6x3 patch's 6 over a 2x2 speck's.
     */
    @Test
    void theLargestPatchByAreaGivesItsLongerSide() {
        assertEquals(OptionalInt.of(5), InkScale.largestInkSide(frame(12, 12, 0, new int[] {0, 0, 1, 8},
                new int[] {4, 4, 5, 5}), 12, 12, 0, 0));
        assertEquals(OptionalInt.of(6), InkScale.largestInkSide(frame(10, 10, 0, new int[] {1, 1, 6, 3},
                new int[] {8, 7, 2, 2}), 10, 10, 0, 0));
    }

    /** Patches touching at a corner are one (8-connected): a diagonal of five pixels is 5 long, not five specks. */
    @Test
    void aDiagonalIsOnePatch() {
        float[] values = frame(6, 6, 0);
        for (int i = 0; i < 5; i++) {
            values[i * 6 + i] = 1;
        }
        assertEquals(OptionalInt.of(5), InkScale.largestInkSide(values, 6, 6, 0, 0));
    }

    /**
     * No ink, ink no higher than the ground (values equal to it), and specks under {@value InkScale#MIN_SIDE} pixels
     * say nothing; a patch exactly {@value InkScale#MIN_SIDE} long does.
     */
    @Test
    void noInkOrOnlySpecksSayNothing() {
        assertEquals(OptionalInt.empty(), InkScale.largestInkSide(frame(8, 8, 0), 8, 8, 0, 0));
        assertEquals(OptionalInt.empty(), InkScale.largestInkSide(frame(8, 8, 0.5f), 8, 8, 0.5f, 0.5f));
        assertEquals(OptionalInt.empty(), InkScale.largestInkSide(frame(8, 8, 0, new int[] {2, 2, 3, 3}), 8, 8, 0, 0));
        assertEquals(OptionalInt.of(4), InkScale.largestInkSide(frame(8, 8, 0, new int[] {2, 2, 1, 4}), 8, 8, 0, 0));
        // Values above a non-zero ground are ink: a 4-row patch at 1 over a ground of 0.5.
        assertEquals(OptionalInt.of(4), InkScale.largestInkSide(frame(8, 8, 0.5f, new int[] {0, 0, 4, 1}), 8, 8, 0.5f,
                0.5f));
    }

    /**
     * A patch whose brightest pixel is below the brightness asked for is faint and says nothing yet, however large; at
     * it, it speaks. The largest patch is asked, not a brighter, smaller one beside it: a speck of bright noise does not
     * make a faint digit measurable.
     */
    @Test
    void faintInkSaysNothingYet() {
        float[] faint = frame(10, 10, 0, new int[] {1, 1, 6, 2});
        for (int i = 0; i < faint.length; i++) {
            faint[i] *= 0.3f;
        }
        assertEquals(OptionalInt.empty(), InkScale.largestInkSide(faint, 10, 10, 0, 0.4f));
        assertEquals(OptionalInt.of(6), InkScale.largestInkSide(faint, 10, 10, 0, 0.3f));
        faint[9 * 10 + 9] = 1;
        assertEquals(OptionalInt.empty(), InkScale.largestInkSide(faint, 10, 10, 0, 0.4f));
    }

    /**
     * The factor makes the patch 20 pixels: 0.25 x 20 / 40 = 0.125; within 4 times the rule's either way: a 2-pixel
     * side would ask 2.5, held to 1.0, a 1000-pixel one 0.005, held to 0.0625.
     */
    @Test
    void theFactorMakesThePatchTwentyPixelsWithinFourTimesTheRule() {
        assertEquals(0.125, InkScale.factor(0.25, 40), 1e-12);
        assertEquals(1.0, InkScale.factor(0.25, 2), 1e-12);
        assertEquals(0.0625, InkScale.factor(0.25, 1000), 1e-12);
    }

    /**
     * A measured factor is kept when the patch it feeds is within a quarter of 20 pixels (16 to 25), so a digit
     * measured whole keeps its first scale; outside, it is measured again on that patch: a digit of 5 at the rule's
     * 0.5 fed at 2.0 shows 40 pixels there, and is fed at 1.0 (one of 15 at 2.0, the rule 1.0: at 2.67); within 4
     * times the rule's either way.
     */
    @Test
    void aFactorIsMeasuredAgainWhereItFeedsThePatchFarFromTwentyPixels() {
        assertEquals(2.0, InkScale.checked(0.5, 2.0, 16), 1e-12);
        assertEquals(2.0, InkScale.checked(0.5, 2.0, 25), 1e-12);
        assertEquals(1.0, InkScale.checked(0.5, 2.0, 40), 1e-12);
        assertEquals(2.0 * 20 / 15, InkScale.checked(1.0, 2.0, 15), 1e-12);
        assertEquals(0.125, InkScale.checked(0.5, 0.2, 1000), 1e-12);
    }
}
