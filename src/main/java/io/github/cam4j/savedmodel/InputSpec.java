package io.github.cam4j.savedmodel;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What a model's input expects, so any picture can be brought to it.
 *
 * @param height training height, -1 when the model takes any
 * @param width training width, -1 when the model takes any
 * @param channels 1 for grey, 3 for colour (RGB order, as Keras models take)
 * @param pixelScale model input = pixel (0..255) × scale + offset
 * @param pixelOffset see {@code pixelScale}
 * @param lightOnDark whether the training images show light strokes on a dark ground (MNIST does)
 * @param standardization what is done per channel after the scaling (channel order, mean, deviation:
 *     {@link PixelStandardization}), or null for nothing; left out of the metadata JSON when null, as in files written
 *     before it existed
 */
public record InputSpec(int height, int width, int channels, float pixelScale, float pixelOffset, boolean lightOnDark,
        @JsonInclude(JsonInclude.Include.NON_NULL) PixelStandardization standardization) {

    /**
     * An input without per-channel standardisation: model input = pixel (0..255) × scale + offset.
     *
     * @param height training height, -1 when the model takes any
     * @param width training width, -1 when the model takes any
     * @param channels 1 for grey, 3 for colour (RGB order)
     * @param pixelScale model input = pixel (0..255) × scale + offset
     * @param pixelOffset see {@code pixelScale}
     * @param lightOnDark whether the training images show light strokes on a dark ground
     * @throws IllegalArgumentException when a value is out of range
     */
    public InputSpec(int height, int width, int channels, float pixelScale, float pixelOffset, boolean lightOnDark) {
        this(height, width, channels, pixelScale, pixelOffset, lightOnDark, null);
    }

    /**
     * MNIST as cam4j trains on it: 28x28 grey, pixels scaled to [0,1], white digits on black.
     *
     * @return {@code InputSpec(28, 28, 1, 1/255, 0, true)}
     */
    public static InputSpec mnist() {
        return new InputSpec(28, 28, 1, 1f / 255f, 0f, true);
    }

    /** The largest training side taken: a bigger one is a typo or an overflow, and its input would not fit an array. */
    public static final int MAX_SIDE = 16384;

    /**
     * Checks size, channels and scale.
     *
     * @param height training height in pixels, 1 to {@value #MAX_SIDE}, or -1 when the model takes any
     * @param width training width in pixels, 1 to {@value #MAX_SIDE}, or -1 when the model takes any
     * @param channels 1 for grey, 3 for colour (RGB order)
     * @param pixelScale model input = pixel (0..255) × scale + offset; finite and not 0 (e.g. 1/255 for [0, 1])
     * @param pixelOffset added after scaling; finite (e.g. -1 with scale 2/255 for [-1, 1])
     * @param lightOnDark whether the training images show light strokes on a dark ground
     * @param standardization what is done per channel after the scaling, or null; it must fit the channels (no BGR
     *     order or three values for a grey model)
     * @throws IllegalArgumentException when a value is out of range
     */
    public InputSpec {
        for (int side : new int[] {height, width}) {
            if (side != -1 && (side < 1 || side > MAX_SIDE)) {
                throw new IllegalArgumentException("input height and width must be 1.." + MAX_SIDE + ", or -1 for any size;"
                        + " got " + height + "x" + width);
            }
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("input channels must be 1 or 3, got " + channels);
        }
        if (!Float.isFinite(pixelScale) || pixelScale == 0 || !Float.isFinite(pixelOffset)) {
            throw new IllegalArgumentException("pixel scale must be finite and non-zero, offset finite; got " + pixelScale
                    + ", " + pixelOffset);
        }
        if (standardization != null && standardization.unfitFor(channels) != null) {
            throw new IllegalArgumentException("per-channel standardization " + standardization + ": "
                    + standardization.unfitFor(channels));
        }
    }

    /**
     * Brings pixels to the model's input, in place: {@code pixel × scale + offset}, then {@link #standardization()}.
     *
     * @param values pixels 0..255, {@link #channels()} per pixel in RGB order
     * @param from the first value to change, at a pixel's first channel
     * @param to one past the last
     */
    public void toModelInput(float[] values, int from, int to) {
        for (int i = from; i < to; i++) {
            values[i] = values[i] * pixelScale + pixelOffset;
        }
        if (standardization != null) {
            standardization.apply(values, from, to, channels);
        }
    }

    /**
     * @param values pixels 0..255, {@link #channels()} per pixel in RGB order, all brought to the model's input in
     *     place ({@link #toModelInput(float[], int, int)})
     */
    public void toModelInput(float[] values) {
        toModelInput(values, 0, values.length);
    }

    /**
     * Carries a gradient by the model's input back to the pixels it was made from, in place: the chain rule through
     * {@link #toModelInput(float[])}, which is affine per channel, so d input[c] / d pixel[source(c)] is
     * {@code scale / std[c]} (a BGR model's channel {@code c} made from the picture's channel {@code 2 - c}).
     *
     * @param gradient d(something) / d(model input), {@link #channels()} per pixel in the model's channel order; becomes
     *     d(something) / d(pixel), pixels 0..255 in RGB order
     */
    public void toPixelGradient(float[] gradient) {
        int c3 = channels;
        for (int p = 0; p + c3 <= gradient.length; p += c3) {
            for (int c = 0; c < c3; c++) {
                gradient[p + c] *= pixelScale;
                if (standardization != null) {
                    gradient[p + c] /= standardization.std().get(standardization.std().size() == 1 ? 0 : c);
                }
            }
            if (standardization != null && standardization.bgr()) {
                float blue = gradient[p];
                gradient[p] = gradient[p + 2];
                gradient[p + 2] = blue;
            }
        }
    }
}
