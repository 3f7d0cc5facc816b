package io.github.cam4j.video;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.MapNormalizer;

/**
 * A frame's map made ready to draw, at the features' resolution: scaled to [0, 1] (from a whole frame's median, a
 * region's least value or 0, or its positive part), and the moving average across frames ({@link StreamHeat}).
 */
final class HeatCells {
    private HeatCells() {}

    /**
     * The raw map's positive part over its maximum ({@link VideoExplainer.Builder#optPositiveHeat}): 0 is 0 whatever
     * the rest of the map holds, as {@link io.github.cam4j.cam.CamResult#positiveMap()} colours a picture.
     *
     * @return a new map in [0, 1]; zeros when nothing is above 0
     */
    static FloatMap positive(FloatMap raw) {
        return above(raw, 0f);
    }

    /**
     * Scales a raw map to [0, 1]. A region of interest frames one digit, as MNIST does, and gets min-max scaling from
     * its least value or 0, whichever is higher. A whole frame is mostly empty background, whose (constant) evidence
     * lies somewhere between the digit's strongest and weakest: min-max would paint the whole frame warm and the CAM
     * box would swallow it. So the floor is the map's median instead (the background's level, as a digit covers less
     * than half a frame): what is no better than empty paper shows as 0, and the box surrounds the evidence above it.
     */
    static FloatMap normalise(FloatMap raw, boolean wholeFrame) {
        float floor;
        if (wholeFrame) {
            float[] sorted = raw.values().clone();
            java.util.Arrays.sort(sorted);
            floor = sorted[sorted.length / 2];
        } else {
            // Min-max, but never below 0: a region's map with negative evidence somewhere put the ground (0) well above
            // the lowest colour, and a box cut at 0.2 of that range took in the whole region (hidden under its outline).
            floor = Math.max(raw.min(), 0f);
        }
        return above(raw, floor);
    }

    /** @return the map's part above {@code floor}, over its maximum's: a new map in [0, 1], zeros when nothing is above */
    private static FloatMap above(FloatMap raw, float floor) {
        float[] v = raw.values();
        double range = Math.max((double) raw.max() - floor, MapNormalizer.EPSILON);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) Math.min(1.0, Math.max(0.0, (v[i] - (double) floor) / range));
        }
        return new FloatMap(raw.height(), raw.width(), out);
    }

    /** Exponential moving average, {@code a * newest + (1 - a) * previous}, as it is (not rescaled). */
    static FloatMap average(FloatMap newest, FloatMap previous, double a) {
        float[] n = newest.values();
        float[] p = previous.values();
        float[] out = new float[n.length];
        float fa = (float) a;
        for (int i = 0; i < n.length; i++) {
            out[i] = fa * n[i] + (1f - fa) * p[i];
        }
        return new FloatMap(newest.height(), newest.width(), out);
    }

    /**
     * @param peak the maximum wanted, in [0, 1]
     * @return the map rescaled so that its maximum is {@code peak}; zeros stay zeros (a map of nothing is not blown up)
     */
    static FloatMap scaledTo(FloatMap map, double peak) {
        float[] v = map.values();
        float max = map.max();
        float[] out = new float[v.length];
        if (max > MapNormalizer.EPSILON) {
            float factor = (float) (peak / max);
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.min(1f, v[i] * factor);
            }
        }
        return new FloatMap(map.height(), map.width(), out);
    }
}
