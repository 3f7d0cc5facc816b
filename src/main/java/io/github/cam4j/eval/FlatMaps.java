package io.github.cam4j.eval;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.render.FloatMap;
import java.util.Locale;
import java.util.Optional;

/**
 * Which maps hold no evidence, and the words the report says it in: a method whose maps are flat (an occlusion patch
 * as large as the canvas, say) was scored as if its maps meant something, its pointing, IoU and complexity printed
 * beside the others' without a note (complexity 0.000, and an Average Drop the model's on a black canvas). So was one
 * whose maps have no cell above 0 (a CAM whose class score falls with every feature), whose positive part, which
 * localisation scores, is as empty. Localisation and faithfulness both count them, and both notes are worded here.
 *
 * <pre>{@code
 * boolean flat = FlatMaps.isFlat(result.rawMap());
 * Optional<String> note = FlatMaps.note(plainSummary, clutteredSummary);  // "flat maps on 20 of 20 plain canvases ..."
 * Optional<String> faithful = FlatMaps.note(faithfulnessSummary);  // "flat maps on 5 of 5 faithfulness canvases ..."
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
        boolean all = plain.noPositiveEvidenceMaps() == plain.canvases()
                && cluttered.noPositiveEvidenceMaps() == cluttered.canvases();
        return note(plain.flatMaps() + cluttered.flatMaps(),
                counts(plain.flatMaps(), plain.canvases(), cluttered.flatMaps(), cluttered.canvases()),
                plain.noPositiveCellMaps() + cluttered.noPositiveCellMaps(),
                counts(plain.noPositiveCellMaps(), plain.canvases(), cluttered.noPositiveCellMaps(),
                        cluttered.canvases()), all ? "these scores hold no evidence" : "its scores there hold no evidence");
    }

    /**
     * The same for a method's faithfulness, whose canvases are the first plain ones and whose maps are judged as
     * localisation judges them there.
     *
     * @param faithfulness a method's faithfulness, or null when it was not measured
     * @return e.g. "flat maps on 2 of 2 faithfulness canvases: these faithfulness scores read no positive evidence", or for maps
     *     with no cell above 0 "map with no positive evidence (no cell above 0) on 1 of 2 faithfulness canvases: its
     *     faithfulness scores there read no positive evidence", both clauses when there are both, joined by "; "; "map" for
     *     one, "canvas" of a total of one; empty when every map held some or nothing was measured
     */
    public static Optional<String> note(FaithfulnessSummary faithfulness) {
        if (faithfulness == null) {
            return Optional.empty();
        }
        int n = faithfulness.canvases();
        return note(faithfulness.flatMaps(), counts(faithfulness.flatMaps(), n),
                faithfulness.noPositiveCellMaps(), counts(faithfulness.noPositiveCellMaps(), n),
                faithfulness.noPositiveEvidenceMaps() == n ? "these faithfulness scores read no positive evidence"
                        : "its faithfulness scores there read no positive evidence");
    }

    /**
     * @param flat the flat maps
     * @param flatCounts where they were, e.g. "4 of 4 plain canvases and 4 of 4 cluttered ones"
     * @param noPositive the maps, not flat, with no cell above 0
     * @param noPositiveCounts where those were
     * @param verdict what it means for the scores
     * @return a clause for each kind there was, then the verdict; empty when there was neither
     */
    private static Optional<String> note(int flat, String flatCounts, int noPositive, String noPositiveCounts,
            String verdict) {
        if (flat == 0 && noPositive == 0) {
            return Optional.empty();
        }
        java.util.List<String> clauses = new java.util.ArrayList<>();
        if (flat > 0) {
            clauses.add((flat == 1 ? "flat map" : "flat maps") + " on " + flatCounts);
        }
        if (noPositive > 0) {
            clauses.add((noPositive == 1 ? "map" : "maps") + " with no positive evidence (no cell above 0) on "
                    + noPositiveCounts);
        }
        return Optional.of(String.join("; ", clauses) + ": " + verdict);
    }

    /** @return e.g. "1 of 2 faithfulness canvases": the noun in the number of its total */
    private static String counts(int maps, int canvases) {
        return String.format(Locale.ROOT, "%d of %d faithfulness %s", maps, canvases,
                canvases == 1 ? "canvas" : "canvases");
    }

    /** @return e.g. "3 of 20 plain canvases and 1 of 1 cluttered one": the noun in the number of its total */
    private static String counts(int plain, int plainCanvases, int cluttered, int clutteredCanvases) {
        return String.format(Locale.ROOT, "%d of %d plain %s and %d of %d cluttered %s", plain, plainCanvases,
                plainCanvases == 1 ? "canvas" : "canvases", cluttered, clutteredCanvases,
                clutteredCanvases == 1 ? "one" : "ones");
    }
}
