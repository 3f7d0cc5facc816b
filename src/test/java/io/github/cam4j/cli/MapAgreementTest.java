package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.MapNormalizer;
import io.github.cam4j.render.Placement;
import io.github.cam4j.render.Resize;
import org.junit.jupiter.api.Test;

class MapAgreementTest {
    /** A result whose 2x2 raw map is {@code cells}, upsampled to 8x8 and min-max normalised as a session's is. */
    private static CamResult result(float... cells) {
        FloatMap raw = new FloatMap(2, 2, cells);
        FloatMap map = CamResult.holdsEvidence(raw) ? MapNormalizer.minMax(Resize.bilinear(raw, 8, 8))
                : new FloatMap(8, 8, new float[64]);
        return new CamResult(0, "0", 0.9f, 1f, raw, map, Placement.stretch(2, 2, 8, 8));
    }

    @Test
    void aMapAgreesWithItselfAndDisagreesWithItsReverse() {
        MapAgreement same = new MapAgreement();
        same.add(result(1, 2, 3, 4), result(1, 2, 3, 4));
        assertEquals(1.0, same.meanSpearman(), 1e-9);
        assertEquals(1, same.samePeak());
        assertEquals(1, same.peaksCompared());
        assertEquals(0.0, same.meanPeakDistance(), 1e-9);

        MapAgreement reversed = new MapAgreement();
        reversed.add(result(1, 2, 3, 4), result(4, 3, 2, 1));
        assertEquals(-1.0, reversed.meanSpearman(), 1e-9);
        assertEquals(0, reversed.samePeak());
        // The peaks are the centres of opposite corner cells of an 8x8 picture: (6, 6) and (2, 2), rounded as placed.
        assertTrue(reversed.meanPeakDistance() > 5, "distance " + reversed.meanPeakDistance());
    }

    /** A flat map ranks nothing: it is left out of the mean rather than counted as 0 or NaN. */
    @Test
    void aFlatMapIsLeftOut() {
        MapAgreement agreement = new MapAgreement();
        agreement.add(result(1, 2, 3, 4), result(2, 2, 2, 2));
        assertEquals(0, agreement.correlated());
        assertTrue(Double.isNaN(agreement.meanSpearman()));
        assertEquals(0, agreement.peaksCompared());
        agreement.add(result(1, 2, 3, 4), result(1, 2, 4, 3));
        assertEquals(1, agreement.correlated());
        assertTrue(agreement.meanSpearman() > 0.5 && agreement.meanSpearman() < 1, "" + agreement.meanSpearman());
    }
}
