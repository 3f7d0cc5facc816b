package io.github.cam4j.savedmodel;

import java.util.List;
import java.util.Locale;

/**
 * A per-channel standardisation of a model's input, applied after its pixel scaling: for channel {@code c} of the model,
 * {@code input[c] = (pixel[source(c)] × scale + offset − mean[c]) / std[c]}, where {@code source(c)} is {@code c} for a
 * model that takes RGB (Keras' and PyTorch's order) and {@code 2 − c} for one that takes BGR (Caffe's and OpenCV's).
 * What {@code keras.applications}' {@code preprocess_input} does outside a model in its 'caffe' mode (RGB to BGR, minus
 * ImageNet's mean of raw pixels) and 'torch' mode (pixels over 255, minus a mean, over a deviation, per channel):
 * {@link PixelPreprocessing} names them.
 *
 * <p>Only what is fed changes: pictures are read, drawn and overlaid in their own colours.
 *
 * <pre>{@code
 * // keras.applications.ResNet50's preprocess_input ('caffe') done by cam4j:
 * new PixelStandardization(true, List.of(103.939f, 116.779f, 123.68f), List.of(1f))  // with a pixel scale of 1
 * }</pre>
 *
 * @param bgr whether the model takes its channels in BGR order: the picture's red is fed as its last channel
 * @param mean what is subtracted from each channel after the scaling, in the model's channel order (BGR's when
 *     {@code bgr}), as Keras and torchvision write them; one value for every channel, or one per channel
 * @param std what each channel is then divided by, in the same order; one value or one per channel, each positive
 */
public record PixelStandardization(boolean bgr, List<Float> mean, List<Float> std) {

    /**
     * Checks the values.
     *
     * @param bgr whether the model takes BGR
     * @param mean one value, or one per channel (3), finite
     * @param std one value, or one per channel (3), finite and positive (a negative deviation turned every picture
     *     into its negative, which the model read as one class)
     * @throws IllegalArgumentException when a list is missing, of another length, or holds a value out of range
     */
    public PixelStandardization {
        mean = checked("mean", mean, false);
        std = checked("standard deviation", std, true);
    }

    private static List<Float> checked(String what, List<Float> values, boolean positive) {
        if (values == null || (values.size() != 1 && values.size() != 3)) {
            throw new IllegalArgumentException("a per-channel " + what + " takes 1 value (every channel) or 3 (one per"
                    + " channel); got " + (values == null ? "none" : values.size()));
        }
        for (Float v : values) {
            // A deviation below float32's normal range divided to Infinity and NaN logits (helper-69).
            if (v == null || !Float.isFinite(v) || (positive && v < Float.MIN_NORMAL)) {
                throw new IllegalArgumentException("a per-channel " + what + " must be finite" + (positive ? " and positive,"
                        + " at least " + Float.MIN_NORMAL : "") + "; got " + values);
            }
        }
        return List.copyOf(values);
    }

    /**
     * @param bgr whether the model takes BGR
     * @param mean one value or one per channel
     * @param std one value or one per channel
     * @return the standardisation of those values
     * @throws IllegalArgumentException as the constructor does
     */
    public static PixelStandardization of(boolean bgr, float[] mean, float[] std) {
        return new PixelStandardization(bgr, boxed(mean), boxed(std));
    }

    private static List<Float> boxed(float[] values) {
        if (values == null) {
            return null;
        }
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return List.of(boxed);
    }

    /**
     * @param channels the model's channels, 1 or 3
     * @return why this standardisation cannot apply to such a model (BGR order or three values on a grey model), or
     *     null when it can
     */
    public String unfitFor(int channels) {
        if (channels == 3) {
            return null;
        }
        if (bgr) {
            return "a BGR channel order needs a colour model; this one takes " + channels + " channel";
        }
        if (mean.size() > channels || std.size() > channels) {
            return "3 per-channel values need a colour model; this one takes " + channels + " channel";
        }
        return null;
    }

    /**
     * @return whether feeding through it changes nothing: RGB order, mean 0 and deviation 1 in every channel (a record
     *     accessor's name would be read as a JSON key)
     */
    public boolean changesNothing() {
        return !bgr && mean.stream().allMatch(m -> m == 0f) && std.stream().allMatch(s -> s == 1f);
    }

    /**
     * @return whether it subtracts or divides anything (as opposed to only reordering the channels)
     */
    public boolean standardises() {
        return !mean.stream().allMatch(m -> m == 0f) || !std.stream().allMatch(s -> s == 1f);
    }

    /**
     * Standardises scaled pixels in place.
     *
     * @param values pixels already scaled ({@code pixel × scale + offset}), {@code channels} per pixel in RGB order
     *     (grey: one)
     * @param from the first value to change, at a pixel's first channel
     * @param to one past the last
     * @param channels values per pixel, 1 or 3
     * @throws IllegalArgumentException when it does not fit {@code channels} ({@link #unfitFor})
     */
    public void apply(float[] values, int from, int to, int channels) {
        String unfit = unfitFor(channels);
        if (unfit != null) {
            throw new IllegalArgumentException(unfit);
        }
        float[] m = new float[channels];
        float[] s = new float[channels];
        for (int c = 0; c < channels; c++) {
            m[c] = mean.get(mean.size() == 1 ? 0 : c);
            s[c] = std.get(std.size() == 1 ? 0 : c);
        }
        for (int p = from; p + channels <= to; p += channels) {
            if (bgr) {
                float red = values[p];
                values[p] = values[p + 2];
                values[p + 2] = red;
            }
            for (int c = 0; c < channels; c++) {
                // Subtract, then divide, in single precision, as preprocess_input and torchvision do.
                values[p + c] = (values[p + c] - m[c]) / s[c];
            }
        }
    }

    /** @return e.g. {@code BGR, minus [103.939, 116.779, 123.68]} or {@code RGB, minus [0.485, 0.456, 0.406], over [0.229, 0.224, 0.225]} */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(bgr ? "BGR" : "RGB");
        if (!mean.stream().allMatch(v -> v == 0f)) {
            b.append(", minus ").append(list(mean));
        }
        if (!std.stream().allMatch(v -> v == 1f)) {
            b.append(", over ").append(list(std));
        }
        return b.toString();
    }

    private static String list(List<Float> values) {
        StringBuilder b = new StringBuilder("[");
        for (Float v : values) {
            b.append(b.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%s", v));
        }
        return b.append(']').toString();
    }
}
