package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.cam4j.render.FloatMap;
import org.junit.jupiter.api.Test;

/** {@link HeatCells}: a frame's map scaled to [0, 1] and smoothed, on small maps worked out by hand. */
class HeatCellsTest {
    @Test
    void smoothingIsAnExponentialMovingAverageRescaledToOne() {
        FloatMap previous = new FloatMap(1, 3, new float[] {1f, 0f, 0f});
        FloatMap newest = new FloatMap(1, 3, new float[] {0f, 0f, 1f});
        FloatMap blended = HeatCells.blend(newest, previous, 0.25);
        // 0.25 * new + 0.75 * old = {0.75, 0, 0.25}, rescaled by 1 / 0.75.
        assertArrayEquals(new float[] {1f, 0f, 1f / 3f}, blended.values(), 1e-6f);
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
