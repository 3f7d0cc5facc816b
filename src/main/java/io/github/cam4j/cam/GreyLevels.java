package io.github.cam4j.cam;

/** Statistics of grey levels (0..255) that preparing pictures for a model needs. */
public final class GreyLevels {
    private GreyLevels() {}

    /**
     * The median to a whole grey level, from a histogram: linear in the pixels, where sorting a photo's millions of
     * them is not. On a picture of ink on paper (or on a dark ground) it is the ground's level, as long as the ink
     * covers less than half the picture.
     *
     * @param values grey levels, 0..255 (others are clamped into that range; NaN counts as 0)
     * @return the median level, 0..255
     */
    public static float median(float[] values) {
        int[] histogram = new int[256];
        for (float v : values) {
            histogram[Math.max(0, Math.min(255, Math.round(v)))]++;
        }
        int seen = 0;
        for (int level = 0; level < 256; level++) {
            seen += histogram[level];
            if (2L * seen > values.length) {
                return level;
            }
        }
        return 255;
    }
}
