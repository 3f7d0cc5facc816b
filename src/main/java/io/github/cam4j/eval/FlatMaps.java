package io.github.cam4j.eval;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.render.FloatMap;
import java.util.Locale;
import java.util.Optional;

/**
 * Which maps hold no evidence, and the words the report says it in: a method whose maps are flat (an occlusion patch
 * as large as the canvas, say) was scored as if its maps meant something, its pointing, IoU and complexity printed
 * beside the others' without a note. So was one whose maps have no cell above 0 (a CAM whose class score falls with
 * every feature), whose positive part, which localisation scores, is as empty.
 *
 * <pre>{@code
 * boolean flat = FlatMaps.isFlat(result.rawMap());
 * Optional<String> note = FlatMaps.note(plainSummary, clutteredSummary);  // "flat maps on 20 of 20 plain canvases ..."
 * }</pre>
 */
public final class FlatMaps {
    private FlatMaps() {}

    /**
     * A map is flat when {@link CamResult#holdsEvidence} says it holds none (its cells equal, or apart by no more than
     * float rounding, {@value CamResult#FLAT_FRACTION} of their magnitude), or when its extremes are not finite.
     *
     * <p>Why this rule and not {@code max - min == 0}: {@link CamResult#map()}, which faithfulness masks by, is all
     * zeros for exactly these maps (it min-max scales only a map with evidence, since upsampling equal cells leaves a
     * few units in the last place that the scaling stretched to full-range speckle), and {@link CamResult#box} gives
     * them no box. A map whose range is rounding alone is as empty as a constant one, and counting only exact equality
     * would miss it. A NaN or infinite extreme means no ranking of pixels at all; such a map could not be min-max scaled
     * ({@link io.github.cam4j.render.MapNormalizer} refuses it), so it counts as flat too.
     *
     * @param cells a raw map (a {@link CamResult#rawMap()}) or a baseline's map
     * @return whether it holds no evidence anywhere
     */
    public static boolean isFlat(FloatMap cells) {
        float max = cells.max();
        float min = cells.min();
        return !Float.isFinite(max) || !Float.isFinite(min) || !CamResult.holdsEvidence(cells);
    }

    /**
     * A map with no cell above 0 holds no positive evidence: its positive part ({@link PositiveMaps}), which
     * localisation scores, is all zeros, as a flat map's is, so it gets no box (IoU 0 at every threshold) and its peak
     * is the canvas's first pixel, the scores a flat map gets. Unlike a flat map it ranks its pixels, so the min-max
     * map faithfulness masks by ({@link CamResult#map()}) is not blank; it is counted apart from the flat ones.
     *
     * @param cells a raw map (a {@link CamResult#rawMap()}) or a baseline's map
     * @return whether no cell is above 0 (NaN cells aside); true for an all-zero map, which is flat too
     */
    public static boolean hasNoPositiveCell(FloatMap cells) {
        return !(cells.max() > 0);
    }

    /**
     * @param plain a method's localisation on the plain canvases
     * @param cluttered the same on the cluttered canvases
     * @return e.g. "flat maps on 20 of 20 plain canvases and 20 of 20 cluttered ones: these scores hold no evidence",
     *     or for maps with no cell above 0 "maps with no positive evidence (no cell above 0) on 3 of 20 plain canvases
     *     and 1 of 20 cluttered ones: its scores there hold no evidence", both clauses when there are both, joined by
     *     "; " (ASCII, as the console prints it); "map" for one, "canvas" and "one" of a total of one ("1 of 1 plain
     *     canvases" read as a slip); empty when every map held some, so that a report of maps with evidence does not
     *     grow a line of zeros
     */
    public static Optional<String> note(LocalisationSummary plain, LocalisationSummary cluttered) {
        int flat = plain.flatMaps() + cluttered.flatMaps();
        int noPositive = plain.noPositiveCellMaps() + cluttered.noPositiveCellMaps();
        if (flat == 0 && noPositive == 0) {
            return Optional.empty();
        }
        java.util.List<String> clauses = new java.util.ArrayList<>();
        if (flat > 0) {
            clauses.add((flat == 1 ? "flat map" : "flat maps") + " on "
                    + counts(plain.flatMaps(), plain.canvases(), cluttered.flatMaps(), cluttered.canvases()));
        }
        if (noPositive > 0) {
            clauses.add((noPositive == 1 ? "map" : "maps") + " with no positive evidence (no cell above 0) on "
                    + counts(plain.noPositiveCellMaps(), plain.canvases(), cluttered.noPositiveCellMaps(),
                            cluttered.canvases()));
        }
        boolean all = plain.noPositiveEvidenceMaps() == plain.canvases()
                && cluttered.noPositiveEvidenceMaps() == cluttered.canvases();
        return Optional.of(String.join("; ", clauses) + ": "
                + (all ? "these scores hold no evidence" : "its scores there hold no evidence"));
    }

    /** @return e.g. "3 of 20 plain canvases and 1 of 1 cluttered one": the noun in the number of its total */
    private static String counts(int plain, int plainCanvases, int cluttered, int clutteredCanvases) {
        return String.format(Locale.ROOT, "%d of %d plain %s and %d of %d cluttered %s", plain, plainCanvases,
                plainCanvases == 1 ? "canvas" : "canvases", cluttered, clutteredCanvases,
                clutteredCanvases == 1 ? "one" : "ones");
    }
}
