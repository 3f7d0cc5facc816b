package io.github.cam4j.eval;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;

/**
 * A CAM's positive evidence scaled by its maximum, {@code max(cam, 0) / max(cam)}, at the input's size: the map on
 * which "pixels above 20 % of the max value of the CAM" (Zhou et al. 2016, section 3.1) reads literally, and the
 * ReLU-then-scale form Grad-CAM++ masks images with.
 *
 * <p>{@link CamResult#map()} is min-max normalised instead, so its "20 % of the max" means 20 % of the range above the
 * minimum; on a canvas mostly of background, whose (constant) CAM value sits above a negative minimum, that keeps the
 * whole background. Both maps rank pixels the same above zero and have the same peak.
 *
 * <pre>{@code
 * FloatMap positive = PositiveMaps.of(result, 84, 84);
 * }</pre>
 */
final class PositiveMaps {
    private PositiveMaps() {}

    /**
     * @param result a CAM computed on an input of {@code height x width}
     * @param height the input's height
     * @param width the input's width
     * @return the raw map upsampled where {@link CamResult#placement()} puts its cells, negatives (and what lies
     *     outside {@link CamResult#seenRegion()}) set to 0,
     *     divided by its maximum; all zeros when no value is positive, or when the map holds no evidence ({@link
     *     CamResult#hasEvidence()}: its cells equal up to float rounding), as {@link CamResult#map()} is then, so that a
     *     flat map gets no box here as it gets none from {@link CamResult#box}; a flat positive map was all ones, boxed
     *     as the whole canvas (helper-195's finding)
     */
    static FloatMap of(CamResult result, int height, int width) {
        if (!result.hasEvidence()) {
            return new FloatMap(height, width, new float[height * width]);
        }
        FloatMap up = Resize.placed(result.rawMap(), height, width, result.placement());
        // A model that crops its input saw only part of the canvas: elsewhere there is no evidence (0).
        Box seen = result.seenRegion().orElse(new Box(0, 0, width, height));
        float[] v = up.values();
        float max = 0;
        for (int y = seen.y(); y < Math.min(height, seen.y() + seen.height()); y++) {
            for (int x = seen.x(); x < Math.min(width, seen.x() + seen.width()); x++) {
                max = Math.max(max, v[y * width + x]);
            }
        }
        float[] out = new float[v.length];
        if (max > 0) {
            for (int y = seen.y(); y < Math.min(height, seen.y() + seen.height()); y++) {
                for (int x = seen.x(); x < Math.min(width, seen.x() + seen.width()); x++) {
                    out[y * width + x] = Math.max(0f, v[y * width + x]) / max;
                }
            }
        }
        return new FloatMap(height, width, out);
    }
}
