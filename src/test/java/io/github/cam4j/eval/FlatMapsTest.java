package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.FloatMap;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FlatMapsTest {
    private static final double[] NO_IOU = new double[LocalisationTally.THRESHOLDS.length];

    private static FloatMap map(float... values) {
        return new FloatMap(1, values.length, values);
    }

    /**
     * Flat is what CamResult.map() blanks: equal cells, cells apart by float rounding only (the 2.9369376 and
     * 2.9369378 a uniform grey picture gave through a model with biases), and maps with a non-finite extreme. A map
     * whose cells differ, even one with no positive cell, ranks its pixels and is not flat.
     */
    @Test
    void flatIsConstantUpToRoundingOrNotFinite() {
        assertTrue(FlatMaps.isFlat(map(0, 0, 0, 0)));
        assertTrue(FlatMaps.isFlat(map(2.5f, 2.5f, 2.5f)));
        assertTrue(FlatMaps.isFlat(map(2.9369376f, 2.9369378f)));
        assertTrue(FlatMaps.isFlat(map(Float.NaN, Float.NaN)));
        assertTrue(FlatMaps.isFlat(map(0, Float.POSITIVE_INFINITY)));
        assertFalse(FlatMaps.isFlat(map(0, 1)));
        assertFalse(FlatMaps.isFlat(map(-3, -1, -2)), "no positive cell, but a ranking");
    }

    /** The tally counts the canvases added as flat; the note says them, and says nothing when there are none. */
    @Test
    void theTallyCountsFlatMapsAndTheNoteSaysThemOnlyWhenThereAreSome() {
        LocalisationTally plain = new LocalisationTally(10);
        LocalisationTally cluttered = new LocalisationTally(10);
        for (int i = 0; i < 3; i++) {
            plain.add(i, 0, NO_IOU, i < 2);
            cluttered.add(i, 0, NO_IOU);
        }
        assertEquals(2, plain.summary().flatMaps());
        assertEquals(0, cluttered.summary().flatMaps());
        assertEquals(Optional.of("flat maps on 2 of 3 plain canvases and 0 of 3 cluttered ones: its scores there hold"
                + " no evidence"), FlatMaps.note(plain.summary(), cluttered.summary()));
        assertEquals(Optional.empty(), FlatMaps.note(cluttered.summary(), cluttered.summary()));
        LocalisationTally all = new LocalisationTally(10);
        all.add(0, 0, NO_IOU, true);
        assertEquals(Optional.of("flat maps on 1 of 1 plain canvases and 1 of 1 cluttered ones: these scores hold no"
                + " evidence"), FlatMaps.note(all.summary(), all.summary()));
    }
}
