package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        FloatMap cells = new FloatMap(2, 2, new float[] {0, 0, 0, 1});
        Placement at = new Placement(4, 4, 1.5, 1.5);
        CamResult coarse = new CamResult(0, "0", 1f, 1f, cells,
                MapNormalizer.minMax(io.github.cam4j.render.Resize.placed(cells, 8, 8, at)), at);
        // Cell (1, 1) with stride 4 and offset 1.5: pixel 5.5, rounded to 6.
        assertArrayEquals(new int[] {6, 6}, coarse.peak());
    }
    /**
     * A map is flat when its cells differ by no more than {@link CamResult#FLAT_FRACTION} of their magnitude: it has no
     * evidence, no box and an all-zero positive map; a hair more is evidence (round 42's survivors).
     */
    @Test
    void evidenceStartsJustAboveFloatRounding() {
        float level = 3f;
        float flatStep = CamResult.FLAT_FRACTION * level * 0.5f;
        assertFalse(CamResult.holdsEvidence(new FloatMap(1, 2, new float[] {level, level})));
        assertFalse(CamResult.holdsEvidence(new FloatMap(1, 2, new float[] {level - flatStep, level})));
        assertTrue(CamResult.holdsEvidence(new FloatMap(1, 2, new float[] {level * 0.99f, level})));
        assertFalse(CamResult.holdsEvidence(new FloatMap(1, 2, new float[] {0, 0})), "all zero is flat");
        assertTrue(CamResult.holdsEvidence(new FloatMap(1, 2, new float[] {-1e-30f, 0})), "any difference from 0 counts");

        FloatMap flat = new FloatMap(2, 2, new float[] {2, 2, 2, 2});
        CamResult blank = new CamResult(1, "one", 0.25f, -2f, flat, MapNormalizer.minMax(flat), new Placement(1, 1, 0, 0));
        assertFalse(blank.hasEvidence());
        assertEquals(Optional.empty(), blank.box(0.2));
        assertArrayEquals(new float[4], blank.positiveMap().values());
        assertTrue(result().hasEvidence());
    }

    /** What a caption and a JSON line are written from: the class, its label, probability and logit, the sizes. */
    @Test
    void itKeepsWhatItWasGiven() {
        CamResult r = result();
        assertEquals(3, r.classIndex());
        assertEquals("3", r.label());
        assertEquals(0.9f, r.probability());
        assertEquals(4f, r.logit());
        assertEquals(4, r.height());
        assertEquals(4, r.width());
        assertTrue(r.toString().contains("3"), r.toString());
    }

    /** A threshold is a fraction of the maximum in (0, 1]: 1 keeps the maximum's pixels, 0 and above 1 are refused. */
    @Test
    void theBoxThresholdIsAFractionOfTheMaximum() {
        assertEquals(Optional.of(new Box(2, 1, 2, 2)), result().box(1.0));
        assertThrows(IllegalArgumentException.class, () -> result().box(0));
        assertThrows(IllegalArgumentException.class, () -> result().box(1.0001));
        assertThrows(IllegalArgumentException.class, () -> result().box(Double.NaN));
    }

    /** A map given outside [0, 1] is refused naming the value and where it lies (y, then x). */
    @Test
    void aMapOutsideZeroToOneIsRefusedNamingWhere() {
        FloatMap raw = new FloatMap(2, 3, new float[] {0, 0, 0, 0, 0, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CamResult(0, "0", 1f, 1f,
                raw, new FloatMap(2, 3, new float[] {0, 0, 0, 0, 0, 1.5f}), new Placement(1, 1, 0, 0)));
        assertTrue(e.getMessage().startsWith("map holds 1.5 at (y=1, x=2)"), e.getMessage());
        assertEquals(1f, new CamResult(0, "0", 1f, 1f, raw, new FloatMap(2, 3, new float[] {0, 0, 0, 0, 0, 1f}),
                new Placement(1, 1, 0, 0)).map().max(), "1 itself is in range");
    }

    /**
     * The map given must be the raw map's as far as evidence goes: over a flat raw map {3, 3, 3, 3} a ramp from 0 to 1
     * was returned by map() as given (its javadoc: all zeros for a flat raw map) while box() and positiveMap() found
     * nothing; a map of zeros over raw cells {0, 0, 0, 5} gave no box, an all-zero positive map and a peak at (6, 6).
     */
    @Test
    void aMapThatDisagreesWithTheRawMapsEvidenceIsRefused() {
        Placement at = Placement.stretch(2, 2, 8, 8);
        float[] ramp = new float[64];
        for (int i = 0; i < 64; i++) {
            ramp[i] = i / 63f;
        }
        FloatMap flat = new FloatMap(2, 2, new float[] {3, 3, 3, 3});
        assertEquals("map holds 1.0 at (y=7, x=7) where rawMap is flat (3.0 to 3.0): a flat raw map's map is all"
                + " zeros",
                assertThrows(IllegalArgumentException.class, () -> new CamResult(0, "0", 0.5f, 1f, flat,
                        new FloatMap(8, 8, ramp), at)).getMessage());
        FloatMap hot = new FloatMap(2, 2, new float[] {0, 0, 0, 5});
        assertEquals("map is all zeros where rawMap holds evidence (0.0 to 5.0): give"
                + " MapNormalizer.minMax(Resize.placed(rawMap, height, width, placement))",
                assertThrows(IllegalArgumentException.class, () -> new CamResult(0, "0", 0.5f, 1f, hot,
                        new FloatMap(8, 8, new float[64]), at)).getMessage());
        // What the message says to give is taken, and boxes the hot cell's corner.
        CamResult r = new CamResult(0, "0", 0.5f, 1f, hot,
                MapNormalizer.minMax(io.github.cam4j.render.Resize.placed(hot, 8, 8, at)), at);
        assertTrue(r.box(0.2).isPresent());
        assertEquals(new CamResult(0, "0", 0.5f, 1f, flat, new FloatMap(8, 8, new float[64]), at).box(0.2),
                Optional.empty(), "a flat raw map with its all-zero map is taken");
    }

    /**
     * A raw map with evidence placed on a 1x1 picture is one value there: map() gives all zeros for a value at or
     * below 0 and all ones above. Such a session's result copied through the public constructor was refused ("map is
     * all zeros where rawMap holds evidence"), and so was the min-max that message told to give for a positive value
     * (0/0 gives 0): it now says to give all ones.
     */
    @Test
    void aRawMapOfOneValueOnTheWholePictureGivesTheMapItsSessionGives() {
        Placement at = Placement.stretch(2, 2, 1, 1);
        FloatMap cold = new FloatMap(2, 2, new float[] {-5, 0, 0, 0});
        FloatMap placedCold = io.github.cam4j.render.Resize.placed(cold, 1, 1, at);
        CamResult session = CamResult.deferred(0, "0", 0.5f, 1f, cold, at, 1, 1, null, () -> placedCold);
        assertEquals(0f, session.map().max(), "the session's map: -1.25 at the one pixel, nothing positive");
        CamResult copy = new CamResult(0, "0", 0.5f, 1f, session.rawMap(), session.map(), session.placement());
        assertEquals(Optional.empty(), copy.box(0.2));
        FloatMap hot = new FloatMap(2, 2, new float[] {0, 0, 0, 5});
        assertEquals("map is all zeros where rawMap placed on the picture is 1.25 at every pixel: give all ones, the"
                + " map of one positive value",
                assertThrows(IllegalArgumentException.class, () -> new CamResult(0, "0", 0.5f, 1f, hot,
                        MapNormalizer.minMax(io.github.cam4j.render.Resize.placed(hot, 1, 1, at)), at)).getMessage());
        assertTrue(new CamResult(0, "0", 0.5f, 1f, hot, new FloatMap(1, 1, new float[] {1}), at).box(0.2).isPresent());
    }

    /**
     * The positive map undoes the min-max: the raw map's positive part over its maximum, negative cells at 0. A map
     * whose maximum is 0 or below holds nothing positive.
     */
    @Test
    void thePositiveMapIsTheRawPositivePartOverTheMaximum() {
        FloatMap raw = new FloatMap(1, 3, new float[] {-2, 0, 4});
        CamResult r = new CamResult(0, "0", 1f, 1f, raw, MapNormalizer.minMax(raw), new Placement(1, 1, 0, 0));
        assertArrayEquals(new float[] {0, 0, 1}, r.positiveMap().values(), 1e-6f);
        FloatMap negative = new FloatMap(1, 3, new float[] {-2, -1, 0});
        CamResult none = new CamResult(0, "0", 1f, 1f, negative, MapNormalizer.minMax(negative),
                new Placement(1, 1, 0, 0));
        assertArrayEquals(new float[3], none.positiveMap().values());
        assertEquals(Optional.empty(), none.box(0.2));
    }

    /**
     * What no session's result holds is refused by the public constructors, naming it: class -1, no label, a probability
     * of NaN or 7, a raw map with NaN (whose box took the whole picture), and an explanation predicting class 99 of one
     * probability beside three logits were all accepted (helper-154).
     */
    @Test
    void impossibleResultsAndExplanationsAreRefusedNamingWhatIsWrong() {
        FloatMap raw = new FloatMap(2, 2, new float[] {0, 1, 2, 3});
        FloatMap map = MapNormalizer.minMax(raw);
        Placement at = new Placement(1, 1, 0, 0);
        assertEquals("classIndex is -1: a class index is 0 or more", assertThrows(IllegalArgumentException.class,
                () -> new CamResult(-1, "x", 0.5f, 1f, raw, map, at)).getMessage());
        assertEquals("label is null: the class's label (its index as text when it has none)",
                assertThrows(NullPointerException.class, () -> new CamResult(0, null, 0.5f, 1f, raw, map, at))
                        .getMessage());
        for (float p : new float[] {Float.NaN, 7f, -0.1f}) {
            assertEquals("probability is " + p + ": a probability lies in [0, 1]", assertThrows(
                    IllegalArgumentException.class, () -> new CamResult(0, "0", p, 1f, raw, map, at)).getMessage());
        }
        assertEquals("logit is Infinity: a logit is a finite number", assertThrows(IllegalArgumentException.class,
                () -> new CamResult(0, "0", 0.5f, Float.POSITIVE_INFINITY, raw, map, at)).getMessage());
        FloatMap nan = new FloatMap(2, 2, new float[] {0, 1, Float.NaN, 3});
        assertEquals("rawMap holds NaN at (y=1, x=0): a raw map is finite", assertThrows(IllegalArgumentException.class,
                () -> new CamResult(0, "0", 0.5f, 1f, nan, map, at)).getMessage());

        CamResult r = new CamResult(0, "0", 0.5f, 1f, raw, map, at);
        assertEquals("1 probabilities and 3 logits: an explanation holds one of each per class", assertThrows(
                IllegalArgumentException.class, () -> new ImageExplanation(0, new float[] {1}, new float[] {1, 2, 3},
                        java.util.List.of(r))).getMessage());
        assertEquals("predicted class 99 is not one of the 2 classes (0..1)", assertThrows(IllegalArgumentException.class,
                () -> new ImageExplanation(99, new float[] {0.5f, 0.5f}, new float[] {1, 1}, java.util.List.of(r)))
                .getMessage());
        assertEquals("class 1's probability NaN or logit 1.0 is not finite", assertThrows(IllegalArgumentException.class,
                () -> new ImageExplanation(0, new float[] {0.5f, Float.NaN}, new float[] {1, 1}, java.util.List.of(r)))
                .getMessage());
        assertEquals(0, new ImageExplanation(0, new float[] {1f, 0f}, new float[] {2, -2}, java.util.List.of(r))
                .predicted());
    }

    /**
     * A map at another size than the picture its placement is for puts every cell off it: an 8x8 map under a placement
     * for 100x100 pixels (raw cells {0, 0, 0, 5}) was taken, its box empty and its peak clamped to the corner (7, 7).
     * The map at the placement's own picture size is taken, and so is a placement whose last cell alone lies on it.
     */
    @Test
    void aPlacementThatCentresNoCellOnTheMapIsRefusedNamingTheSizes() {
        FloatMap raw = new FloatMap(2, 2, new float[] {0, 0, 0, 5});
        Placement for100 = Placement.stretch(2, 2, 100, 100);
        FloatMap thumbnail = MapNormalizer.minMax(io.github.cam4j.render.Resize.placed(raw, 8, 8, for100));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CamResult(3, "3", 0.9f, 2f, raw, thumbnail, for100));
        assertEquals("placement centres rawMap's 2 cell rows at 24.5 to 74.5, none on the 8x8 map (pixel rows 0 to 7):"
                + " give the map at the size of the picture the placement is for (Placement.stretch(2, 2, height,"
                + " width) for the map stretched over it)", e.getMessage());
        CamResult whole = new CamResult(3, "3", 0.9f, 2f, raw,
                MapNormalizer.minMax(io.github.cam4j.render.Resize.placed(raw, 100, 100, for100)), for100);
        assertArrayEquals(new int[] {75, 75}, whole.peak());
        // Cells at -10 and 3.4 on a 4x4 map: the second lies on it (pixel rows -0.5 to 3.5), as a framed photo's may.
        Placement edge = new Placement(13.4, 13.4, -10, -10);
        FloatMap edgeMap = MapNormalizer.minMax(io.github.cam4j.render.Resize.placed(raw, 4, 4, edge));
        assertEquals(4, new CamResult(3, "3", 0.9f, 2f, raw, edgeMap, edge).height());
    }
}
