package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.MapNormalizer;
import io.github.cam4j.render.Placement;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CamResultTest {
    /** A 4x4 raw map: flat background 1, one negative cell -5, a hot 2x2 block of 10 at rows 1-2, columns 2-3. */
    static CamResult result() {
        float[] raw = {
            1, 1, 1, 1,
            -5, 1, 10, 10,
            1, 1, 10, 10,
            1, 1, 1, 1};
        FloatMap rawMap = new FloatMap(4, 4, raw);
        return new CamResult(3, "3", 0.9f, 4f, rawMap, MapNormalizer.minMax(rawMap), new Placement(1, 1, 0, 0));
    }

    @Test
    void boxFollowsThePapersRuleOnTheRawMapNotTheMinMaxOne() {
        // Raw >= 0.2 x 10 = 2 keeps only the hot block. On the min-max map the background sits at (1+5)/15 = 0.4,
        // above a naive 0.2 cut, and would be boxed whole.
        assertEquals(Optional.of(new Box(2, 1, 2, 2)), result().box(0.2));
        assertTrue(result().box(0.05).isPresent());
    }

    @Test
    void peakIsTheHottestCellsCentreOnTheImage() {
        assertArrayEquals(new int[] {1, 2}, result().peak());
        CamResult coarse = new CamResult(0, "0", 1f, 1f, new FloatMap(2, 2, new float[] {0, 0, 0, 1}),
                MapNormalizer.minMax(new FloatMap(8, 8, new float[64])), new Placement(4, 4, 1.5, 1.5));
        // Cell (1, 1) with stride 4 and offset 1.5: pixel 5.5, rounded to 6.
        assertArrayEquals(new int[] {6, 6}, coarse.peak());
    }
}
