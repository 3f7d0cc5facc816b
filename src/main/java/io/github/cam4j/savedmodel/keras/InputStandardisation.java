package io.github.cam4j.savedmodel.keras;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The standardisation a model applies to its input before anything else, {@code (x - mean) / std} per channel: what a
 * Keras {@code Normalization} layer leaves in the graph ({@code Sub} of a constant, then {@code RealDiv} by one), or
 * keras.applications' 'caffe' preprocess_input ({@code x - mean}, ImageNet's mean of raw pixels, std 1). Its
 * statistics say which pixels it was adapted on: a model whose {@code Normalization} was adapted on raw 8-bit images
 * ({@code Normalization().adapt(x_train)} on the uint8 pictures, a common Keras recipe) wants pixels 0..255; fed pixels
 * scaled to 0..1, it sees a nearly flat picture (every value about {@code -mean/std}) and answers the same for all.
 *
 * @param mean what is subtracted, one value per channel (or one for all)
 * @param std what the difference is divided by, one value per channel (or one for all)
 * @param layer the node that subtracts, for reports
 */
public record InputStandardisation(double[] mean, double[] std, String layer) {

    /**
     * Copies the arrays, so that the record's values cannot change under it.
     *
     * @param mean what is subtracted from the input, one value per channel (or one for all); not null
     * @param std what the difference is divided by, one value per channel (or one for all); not null
     * @param layer the graph node that subtracts (its name ending e.g. in {@code norm_1/Sub}), named in reports
     */
    public InputStandardisation {
        mean = mean.clone();
        std = std.clone();
    }

    /**
     * Whether the statistics are those of raw 8-bit pixels: pixels in 0..1 have a mean and a standard deviation of at
     * most 1 in every channel, so a larger one is the mark of pixels 0..255 (of any but a nearly black picture).
     *
     * @return true when some channel's |mean| or standard deviation exceeds 1
     */
    public boolean takesRawPixels() {
        return Arrays.stream(mean).anyMatch(m -> Math.abs(m) > 1) || Arrays.stream(std).anyMatch(s -> Math.abs(s) > 1);
    }

    /** @return a copy of what is subtracted, one value per channel (or one for all) */
    @Override
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of what the difference is divided by, one value per channel (or one for all) */
    @Override
    public double[] std() {
        return std.clone();
    }

    /**
     * @return e.g. {@code (x - [33.3184]) / [78.5675] ('norm_1/Sub')}, or {@code x - [103.9, 116.8, 123.7]
     *     ('BiasAdd')} when nothing divides
     */
    @Override
    public String toString() {
        if (Arrays.stream(std).allMatch(s -> s == 1)) {
            return "x - " + fourDigits(mean) + " ('" + CamLocator.shortName(layer) + "')";
        }
        return "(x - " + fourDigits(mean) + ") / " + fourDigits(std) + " ('" + CamLocator.shortName(layer) + "')";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InputStandardisation s && Arrays.equals(mean, s.mean) && Arrays.equals(std, s.std)
                && layer.equals(s.layer);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(mean) + Arrays.hashCode(std)) + layer.hashCode();
    }

    private static String fourDigits(double[] v) {
        return Arrays.stream(v).mapToObj(d -> new BigDecimal(d).round(new MathContext(4)).stripTrailingZeros()
                .toPlainString()).collect(Collectors.joining(", ", "[", "]"));
    }
}
