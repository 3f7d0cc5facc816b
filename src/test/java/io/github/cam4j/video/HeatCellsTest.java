package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.render.FloatMap;
import org.junit.jupiter.api.Test;

/** {@link HeatCells}: a frame's map scaled to [0, 1] and smoothed, on small maps worked out by hand. */
class HeatCellsTest {
    @Test
    void smoothingIsAnExponentialMovingAverageDrawnAtTheShareOfFramesWithEvidence() {
        FloatMap previous = new FloatMap(1, 3, new float[] {1f, 0f, 0f});
        FloatMap newest = new FloatMap(1, 3, new float[] {0f, 0f, 1f});
        FloatMap averaged = HeatCells.average(newest, previous, 0.25);
        // 0.25 * new + 0.75 * old, as it is.
        assertArrayEquals(new float[] {0.75f, 0f, 0.25f}, averaged.values(), 1e-6f);
        // Drawn with its maximum at 1 while every frame held evidence (peaks that moved apart do not fade)...
        assertArrayEquals(new float[] {1f, 0f, 1f / 3f}, HeatCells.scaledTo(averaged, 1).values(), 1e-6f);
        // ... and at a lower share once some did not; a map of nothing stays nothing.
        assertArrayEquals(new float[] {0.5f, 0f, 0.5f / 3f}, HeatCells.scaledTo(averaged, 0.5).values(), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f}, HeatCells.scaledTo(new FloatMap(1, 2, new float[2]), 1).values());
    }

    /**
     * Smoothed, a digit's map fades over the blank frames after it, by the weight of the frames that held it: it was
     * rescaled to full strength every frame, and a digit that had left the picture 6 s before was drawn as if there
     * (helper-156's audit). A new digit then takes over at once, not after the old one's average has worn off.
     */
    @Test
    void aMapFadesOverFramesWithoutEvidenceAndANewOneTakesOver() {
        StreamHeat heat = new StreamHeat(0.3, false, false);
        FloatMap digit = new FloatMap(1, 3, new float[] {0f, 0f, 2f});
        FloatMap blank = new FloatMap(1, 3, new float[] {1f, 1f, 1f});
        assertArrayEquals(new float[] {0f, 0f, 1f}, heat.next(digit, true).values(), 1e-6f);
        float expected = 1f;
        for (int frame = 1; frame <= 20; frame++) {
            expected *= 0.7f;
            assertArrayEquals(new float[] {0f, 0f, expected}, heat.next(blank, false).values(), 1e-5f,
                    "blank frame " + frame);
        }
        FloatMap elsewhere = new FloatMap(1, 3, new float[] {2f, 0f, 0f});
        float[] back = heat.next(elsewhere, true).values();
        // 0.3 * {1, 0, 0} + 0.7 * 0.7^20 * {0, 0, 1}: the old peak is 0.0019 of the new, drawn at the share 0.3 + 0.7^21.
        assertEquals(0.3 + Math.pow(0.7, 21), back[0], 1e-5);
        assertEquals(Math.pow(0.7, 21) / 0.3 * back[0], back[2], 1e-6, java.util.Arrays.toString(back));
        // Without smoothing each frame is its own.
        StreamHeat plain = new StreamHeat(1.0, false, false);
        plain.next(digit, true);
        assertArrayEquals(new float[] {0f, 0f, 0f}, plain.next(blank, false).values());
    }

    @Test
    void aWholeFrameIsNormalisedAboveItsMedianAndARegionFromItsLeastValueOrZero() {
        FloatMap raw = new FloatMap(1, 5, new float[] {-2f, 1f, 1f, 1f, 3f});
        assertArrayEquals(new float[] {0f, 0f, 0f, 0f, 1f}, HeatCells.normalise(raw, true).values(), 1e-6f);
        // A region: from its least value or 0, whichever is higher (negative evidence clipped; min-max had put the
        // ground at 0.4 of the scale and boxed the whole region).
        assertArrayEquals(new float[] {0f, 1f / 3, 1f / 3, 1f / 3, 1f}, HeatCells.normalise(raw, false).values(),
                1e-6f);
        FloatMap allPositive = new FloatMap(1, 3, new float[] {1f, 2f, 3f});
        assertArrayEquals(new float[] {0f, 0.5f, 1f}, HeatCells.normalise(allPositive, false).values(), 1e-6f);
        FloatMap flat = new FloatMap(1, 2, new float[] {4f, 4f});
        assertArrayEquals(new float[] {0f, 0f}, HeatCells.normalise(flat, true).values());
        // --heat positive: the positive part over the maximum, whole frame or region alike.
        assertArrayEquals(new float[] {0f, 1f / 3, 1f / 3, 1f / 3, 1f}, HeatCells.positive(raw).values(), 1e-6f);
        assertArrayEquals(new float[] {0f, 0f}, HeatCells.positive(new FloatMap(1, 2, new float[] {-1f, 0f}))
                .values());
    }
}
