package io.github.cam4j.cam;

/**
 * The pixel attribution methods' reductions of input gradients to one value per pixel ({@link PixelMethod}), pure
 * arithmetic over {@code [height, width, channels]} rows, testable without TensorFlow.
 */
final class PixelMaps {
    private PixelMaps() {}

    /** @return {@code max_c |g|} per pixel: tf-keras-vis {@code Saliency}'s {@code abs} modifier and channel maximum */
    static float[] saliency(float[] gradients, int offset, int pixels, int channels) {
        float[] out = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            float m = 0;
            for (int c = 0; c < channels; c++) {
                m = Math.max(m, Math.abs(gradients[offset + p * channels + c]));
            }
            out[p] = m;
        }
        return out;
    }

    /** @return {@code sum_c |x g|} per pixel: tf-explain {@code GradientsInputs}' product, absolute, summed over channels */
    static float[] gradientTimesInput(float[] gradients, float[] inputs, int offset, int pixels, int channels) {
        float[] out = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            float s = 0;
            for (int c = 0; c < channels; c++) {
                int i = offset + p * channels + c;
                s += Math.abs(inputs[i] * gradients[i]);
            }
            out[p] = s;
        }
        return out;
    }

    /**
     * @param absSums one picture's absolute gradients summed over its noisy copies, {@code pixels * channels}
     * @return {@code max_c (sum |g| / samples)} per pixel: tf-keras-vis's SmoothGrad, the mean of the absolute gradients
     *     then the channel maximum
     */
    static float[] smoothGrad(double[] absSums, int samples, int pixels, int channels) {
        float[] out = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            double m = 0;
            for (int c = 0; c < channels; c++) {
                m = Math.max(m, absSums[p * channels + c] / samples);
            }
            out[p] = (float) m;
        }
        return out;
    }

    /**
     * @param sums one picture's gradients summed over the path's points, {@code pixels * channels}
     * @param inputs the batch the picture is in
     * @param offset where it starts there
     * @return {@code sum_c |x mean g|} per pixel: the path's mean gradient times the input less the black baseline,
     *     absolute and summed over the channels as tf-explain reduces it
     */
    static float[] integratedGradients(double[] sums, int steps, float[] inputs, int offset, int pixels, int channels) {
        float[] out = new float[pixels];
        for (int p = 0; p < pixels; p++) {
            double s = 0;
            for (int c = 0; c < channels; c++) {
                s += Math.abs(inputs[offset + p * channels + c] * (sums[p * channels + c] / steps));
            }
            out[p] = (float) s;
        }
        return out;
    }
}
