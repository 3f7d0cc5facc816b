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
            plain.add(i, 0, NO_IOU, i < 2, false);
            cluttered.add(i, 0, NO_IOU);
        }
        assertEquals(2, plain.summary().flatMaps());
        assertEquals(0, cluttered.summary().flatMaps());
        assertEquals(Optional.of("flat maps on 2 of 3 plain canvases and 0 of 3 cluttered ones: its scores there hold"
                + " no evidence"), FlatMaps.note(plain.summary(), cluttered.summary()));
        assertEquals(Optional.empty(), FlatMaps.note(cluttered.summary(), cluttered.summary()));
        LocalisationTally all = new LocalisationTally(10);
        all.add(0, 0, NO_IOU, true, false);
        // One canvas of each: the noun in the number of its total, where it read "1 of 1 plain canvases".
        assertEquals(Optional.of("flat maps on 1 of 1 plain canvas and 1 of 1 cluttered one: these scores hold no"
                + " evidence"), FlatMaps.note(all.summary(), all.summary()));
        LocalisationTally none = new LocalisationTally(10);
        none.add(0, 0, NO_IOU);
        none.add(1, 0, NO_IOU);
        assertEquals(Optional.of("flat map on 1 of 1 plain canvas and 0 of 2 cluttered ones: its scores there hold no"
                + " evidence"), FlatMaps.note(all.summary(), none.summary()));
    }

    /**
     * A map with no cell above 0 that still ranks its cells is not flat, but has no positive cell; an all-zero map has
     * none either (and is flat). Faithfulness aside, it is localised by an empty positive part, as a flat map is.
     */
    @Test
    void aMapWithNoCellAboveZeroHasNoPositiveCell() {
        assertTrue(FlatMaps.hasNoPositiveCell(map(-3, -1, -2)));
        assertTrue(FlatMaps.hasNoPositiveCell(map(-3, 0, -2)));
        assertTrue(FlatMaps.hasNoPositiveCell(map(0, 0)));
        assertFalse(FlatMaps.hasNoPositiveCell(map(-3, 0.001f, -2)));
    }

    /**
     * The tally counts maps with no positive cell apart from the flat ones (a flat map is counted once, as flat), and
     * the note says each kind in its own clause; "these scores" when together they cover every canvas.
     */
    @Test
    void mapsWithNoPositiveCellAreCountedApartAndSaid() {
        LocalisationTally plain = new LocalisationTally(10);
        LocalisationTally cluttered = new LocalisationTally(10);
        plain.add(0, 0, NO_IOU, true, true);
        plain.add(1, 0, NO_IOU, false, true);
        plain.add(2, 0, NO_IOU, false, true);
        cluttered.add(0, 0, NO_IOU, false, true);
        cluttered.add(1, 0, NO_IOU, false, false);
        cluttered.add(2, 0, NO_IOU, false, false);
        assertEquals(1, plain.summary().flatMaps());
        assertEquals(2, plain.summary().noPositiveCellMaps());
        assertEquals(3, plain.summary().noPositiveEvidenceMaps());
        assertEquals(Optional.of("flat map on 1 of 3 plain canvases and 0 of 3 cluttered ones; maps with no positive"
                + " evidence (no cell above 0) on 2 of 3 plain canvases and 1 of 3 cluttered ones: its scores there hold"
                + " no evidence"), FlatMaps.note(plain.summary(), cluttered.summary()));
        assertEquals(Optional.of("flat maps on 1 of 3 plain canvases and 1 of 3 cluttered ones; maps with no positive"
                + " evidence (no cell above 0) on 2 of 3 plain canvases and 2 of 3 cluttered ones: these scores hold no"
                + " evidence"), FlatMaps.note(plain.summary(), plain.summary()));
        LocalisationTally one = new LocalisationTally(10);
        one.add(0, 0, NO_IOU, false, true);
        LocalisationTally clean = new LocalisationTally(10);
        for (int i = 0; i < 3; i++) {
            clean.add(i, 0, NO_IOU);
        }
        assertEquals(Optional.of("map with no positive evidence (no cell above 0) on 1 of 1 plain canvas and 0 of 3"
                + " cluttered ones: its scores there hold no evidence"), FlatMaps.note(one.summary(), clean.summary()));
    }

    /**
     * Faithfulness counts its maps as localisation does, flat ones and apart those with no cell above 0, beside scores
     * it leaves as they were; its note says them of the faithfulness canvases in localisation's words ("map" for one,
     * "canvas" of one), and nothing when every map held evidence.
     */
    @Test
    void theFaithfulnessTallyCountsMapsWithoutEvidenceAndItsNoteSaysThem() {
        Faithfulness.Scores scores = new Faithfulness.Scores(Math.log(0.9), Math.log(0.3), new double[] {0.9, 0.1},
                new double[] {0.1, 0.9});
        FaithfulnessTally counted = new FaithfulnessTally();
        FaithfulnessTally plain = new FaithfulnessTally();
        counted.addAll(java.util.List.of(scores, scores, scores));
        plain.addAll(java.util.List.of(scores, scores, scores));
        counted.addEvidence(true, true);
        counted.addEvidence(false, true);
        counted.addEvidence(false, false);
        for (int i = 0; i < 3; i++) {
            plain.addEvidence(false, false);
        }
        FaithfulnessSummary c = counted.summary();
        assertEquals(1, c.flatMaps(), "the flat all-zero map counts as flat only");
        assertEquals(1, c.noPositiveCellMaps());
        // The same scores give the same figures, bit for bit: counting changes no score.
        FaithfulnessSummary p = plain.summary();
        assertEquals(p.averageDrop(), c.averageDrop());
        assertEquals(p.increaseInConfidence(), c.increaseInConfidence());
        assertEquals(p.deletionAuc(), c.deletionAuc());
        assertEquals(p.insertionAuc(), c.insertionAuc());
        assertEquals(Optional.of("flat map on 1 of 3 faithfulness canvases; map with no positive evidence (no cell"
                + " above 0) on 1 of 3 faithfulness canvases: its faithfulness scores there read no positive evidence"),
                FlatMaps.note(c));
        assertEquals(Optional.empty(), FlatMaps.note(p));
        assertEquals(Optional.empty(), FlatMaps.note((FaithfulnessSummary) null), "not measured");
        FaithfulnessTally one = new FaithfulnessTally();
        one.addAll(java.util.List.of(scores));
        one.addEvidence(true, false);
        assertEquals(Optional.of("flat map on 1 of 1 faithfulness canvas: these faithfulness scores read no positive evidence"),
                FlatMaps.note(one.summary()));
        FaithfulnessTally twoNoPositive = new FaithfulnessTally();
        twoNoPositive.addAll(java.util.List.of(scores, scores));
        twoNoPositive.addEvidence(false, true);
        twoNoPositive.addEvidence(false, true);
        assertEquals(Optional.of("maps with no positive evidence (no cell above 0) on 2 of 2 faithfulness canvases:"
                + " these faithfulness scores read no positive evidence"), FlatMaps.note(twoNoPositive.summary()));
    }
}
