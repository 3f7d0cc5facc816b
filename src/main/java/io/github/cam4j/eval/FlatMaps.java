package io.github.cam4j.eval;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.render.FloatMap;
import java.util.Locale;
import java.util.Optional;

/**
 * Which maps hold no evidence, and the words the report says it in: a method whose maps are flat (an occlusion patch
 * as large as the canvas, say) was scored as if its maps meant something, its pointing, IoU and complexity printed
 * beside the others' without a note.
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
     * @param plain a method's localisation on the plain canvases
     * @param cluttered the same on the cluttered canvases
     * @return e.g. "flat maps on 20 of 20 plain canvases and 20 of 20 cluttered ones: these scores hold no evidence"
     *     (ASCII, as the console prints it); empty when no map was flat, so that a report of maps with evidence does
     *     not grow a line of zeros
     */
    public static Optional<String> note(LocalisationSummary plain, LocalisationSummary cluttered) {
        if (plain.flatMaps() == 0 && cluttered.flatMaps() == 0) {
            return Optional.empty();
        }
        boolean all = plain.flatMaps() == plain.canvases() && cluttered.flatMaps() == cluttered.canvases();
        return Optional.of(String.format(Locale.ROOT, "flat maps on %d of %d plain canvases and %d of %d cluttered ones:"
                + " %s", plain.flatMaps(), plain.canvases(), cluttered.flatMaps(), cluttered.canvases(),
                all ? "these scores hold no evidence" : "its scores there hold no evidence"));
    }
}
