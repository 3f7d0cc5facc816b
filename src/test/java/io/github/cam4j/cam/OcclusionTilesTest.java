package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cam4j.render.Placement;
import org.junit.jupiter.api.Test;

/**
 * {@link Occlusion}'s tiles and settings and {@link OcclusionRuns#paint}, by hand, without a model ({@code OcclusionTest}
 * runs them through a graph).
 */
class OcclusionTilesTest {
    @Test
    void tilesCoverTheSideTheLastOneCut() {
        Occlusion three = Occlusion.of(3);
        assertEquals(3, three.tilesAlong(8), "8 = 3 + 3 + 2");
        assertEquals(3, three.tilesAlong(9), "9 = 3 + 3 + 3, no empty fourth");
        assertEquals(4, three.tilesAlong(10), "10 = 3 + 3 + 3 + 1");
        assertEquals(1, three.tilesAlong(1));
        assertEquals(5, Occlusion.of(1).tilesAlong(5));
    }

    /** A tile's value lies at its full tile's centre: pixel (p - 1) / 2 of the tile, p pixels apart. */
    @Test
    void tileValuesLieAtTheFullTilesCentres() {
        assertEquals(new Placement(4, 4, 1.5, 1.5), Occlusion.of(4).onInput());
        assertEquals(new Placement(3, 3, 1, 1), Occlusion.of(3).onInput());
        assertEquals(new Placement(1, 1, 0, 0), Occlusion.of(1).onInput());
    }

    @Test
    void settingsAreCheckedAndCompared() {
        Occlusion one = Occlusion.of(1);
        assertEquals(1, one.patch());
        assertEquals(127.5f, one.fill(), 0f);
        assertEquals(0f, one.withFill(0).fill(), 0f);
        assertEquals(255f, one.withFill(255).fill(), 0f);
        assertEquals(1, one.withFill(255).patch(), "the patch kept");
        for (float bad : new float[] {-0.5f, 255.5f, Float.NaN}) {
            assertEquals("the occlusion fill must be a pixel value 0..255, got " + bad,
                    assertThrows(IllegalArgumentException.class, () -> one.withFill(bad)).getMessage());
        }
        assertEquals("the occlusion patch must be at least 1 pixel, got -2",
                assertThrows(IllegalArgumentException.class, () -> Occlusion.of(-2)).getMessage());
        assertEquals(Occlusion.of(4), Occlusion.of(4));
        assertEquals(Occlusion.of(4).hashCode(), Occlusion.of(4).hashCode());
        assertEquals(Occlusion.of(4).withFill(0), Occlusion.of(4).withFill(0));
        assertNotEquals(Occlusion.of(4), Occlusion.of(3));
        assertNotEquals(Occlusion.of(4), Occlusion.of(4).withFill(0));
        assertNotEquals(Occlusion.of(4).hashCode(), Occlusion.of(3).hashCode());
        assertNotEquals(Occlusion.of(4).hashCode(), Occlusion.of(4).withFill(0).hashCode());
        assertNotEquals(Occlusion.of(4), "occlusion (patch 4, fill 127.5)");
        assertEquals("occlusion (patch 4, fill 127.5)", Occlusion.of(4).toString());
    }

    /**
     * The second of two 3x5 pictures of two channels, patch 2: tile (1, 2) is rows 2..3 cut to row 2, columns 4..5 cut
     * to column 4, one pixel; tile (0, 1) rows 0..1, columns 2..3. Nothing else, nor the first picture, is touched.
     */
    @Test
    void aTileIsPaintedOnItsOwnPixelsCutAtTheEdge() {
        int plane = 3 * 5 * 2;
        float[] values = new float[2 * plane];
        float[] grey = {7, 9};
        OcclusionRuns.paint(values, plane, 3, 5, 2, 2, 1, 2, grey);
        float[] expected = new float[2 * plane];
        expected[plane + (2 * 5 + 4) * 2] = 7;
        expected[plane + (2 * 5 + 4) * 2 + 1] = 9;
        assertArrayEquals(expected, values, 0f);
        OcclusionRuns.paint(values, plane, 3, 5, 2, 2, 0, 1, grey);
        for (int y = 0; y < 2; y++) {
            for (int x = 2; x < 4; x++) {
                expected[plane + (y * 5 + x) * 2] = 7;
                expected[plane + (y * 5 + x) * 2 + 1] = 9;
            }
        }
        assertArrayEquals(expected, values, 0f);
    }
}
