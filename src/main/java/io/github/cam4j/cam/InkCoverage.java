package io.github.cam4j.cam;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a picture, polarity decided, is mostly ink for a model of light ink on a dark ground. A forced
 * {@code --invert always} on a picture already light on dark (or {@code never} on one dark on light) gives such a model
 * a light ground: it then reads the whole picture as ink, and its map says nothing, or nothing at all ("no evidence"),
 * without a word of why.
 *
 * <pre>{@code
 * InkCoverage.forcedInversionWarning(Invert.ALWAYS, true, pixels, 28, 28, 1, "digit.png").ifPresent(System.err::println);
 * }</pre>
 */
final class InkCoverage {
    /** A pixel brighter than half the range is ink for a light-ink model: nearer the ink's white than the ground's black. */
    static final float INK_LEVEL = 127.5f;
    /** More than this share of ink, and the picture's ground is ink: a digit covers about a fifth of an MNIST picture. */
    static final double MOSTLY = 0.5;

    private InkCoverage() {}

    /**
     * @param values pixels 0..255, row-major with interleaved channels, as the model will see them (after inversion)
     * @param height rows
     * @param width columns
     * @param channels channels per pixel (their mean is the pixel's level)
     * @return the share of pixels brighter than {@link #INK_LEVEL}
     */
    static double lightShare(float[] values, int height, int width, int channels) {
        long light = 0;
        long pixels = (long) height * width;
        for (long p = 0; p < pixels; p++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += values[(int) (p * channels + c)];
            }
            if (sum / channels > INK_LEVEL) {
                light++;
            }
        }
        return pixels == 0 ? 0 : (double) light / pixels;
    }

    /**
     * @param mode how the polarity was decided; only a forced one ({@code always}, {@code never}) is warned of, since
     *     {@code auto} looked at the picture
     * @param lightOnDark whether the model takes light ink on a dark ground (a model of unknown polarity has no "ink")
     * @param values the picture as the model will see it, 0..255 (see {@link #lightShare})
     * @param height rows
     * @param width columns
     * @param channels channels per pixel
     * @param name the picture, for the warning
     * @return a warning naming the picture and the option when the picture is now mostly ink; empty otherwise
     */
    static Optional<String> forcedInversionWarning(Invert mode, boolean lightOnDark, float[] values, int height, int width,
            int channels, String name) {
        if (mode == Invert.AUTO || !lightOnDark) {
            return Optional.empty();
        }
        double share = lightShare(values, height, width, channels);
        if (share <= MOSTLY) {
            return Optional.empty();
        }
        String picture = PictureName.inWords(name);
        String percent = String.format(Locale.ROOT, "%.0f %%", 100 * share);
        return Optional.of(mode == Invert.ALWAYS
                ? "--invert always made " + picture + " mostly ink (" + percent + " of its pixels light): its ink is"
                        + " probably light already; try --invert auto"
                : "--invert never left " + picture + " mostly ink (" + percent + " of its pixels light) for a model of"
                        + " light ink on a dark ground: its ink is probably dark on a light ground; try --invert auto");
    }
}
