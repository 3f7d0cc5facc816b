package io.github.cam4j.cam;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;
import java.util.List;

/**
 * FullGrad's aggregation of its raw terms to one map per picture, as pytorch-grad-cam's {@code FullGrad} does it
 * ({@code compute_cam_per_layer}, {@code aggregate_multi_layers}): each input channel's {@code |x g|} and each bias
 * layer channel's {@code |b g|} min-max scaled by itself ({@code (m - min) / (1e-7 + max(m - min))}, its
 * {@code scale_cam_image}), the layers' resized bilinearly to the input's size ({@code cv2.resize}: {@link Resize}),
 * all summed, and the sum min-max scaled the same way. Pure arithmetic over channels-last rows; a layer's scaled
 * channels are summed before the one resize of their sum, which equals resizing each (the resize is linear).
 */
final class FullGradMaps {
    /** pytorch-grad-cam's guard against a constant map in {@code scale_cam_image}. */
    static final float EPSILON = 1e-7f;

    private FullGradMaps() {}

    /**
     * One spatial bias layer's contributions for a batch, {@code b * d logit / d out}.
     *
     * @param values [n, height, width, channels], channels last
     */
    record Layer(float[] values, int height, int width, int channels) {}

    /**
     * @param inputs the batch fed, [n, height, width, channels]
     * @param gradients the class logit's gradient by it, the same shape
     * @param picture which picture of the batch
     * @param layers the spatial bias layers' contributions for the same batch
     * @return the picture's FullGrad map, {@code height * width} values in [0, 1)
     */
    static float[] map(float[] inputs, float[] gradients, int picture, int height, int width, int channels,
            List<Layer> layers) {
        int pixels = height * width;
        float[] total = new float[pixels];
        float[] plane = new float[pixels];
        int offset = picture * pixels * channels;
        for (int c = 0; c < channels; c++) {
            for (int p = 0; p < pixels; p++) {
                int i = offset + p * channels + c;
                plane[p] = Math.abs(inputs[i] * gradients[i]);
            }
            add(total, scaled(plane));
        }
        for (Layer layer : layers) {
            // Bilinear resizing is linear and a layer's channels share its size: the sum of the resized channels is
            // the resized sum (to float rounding), so one resize a layer instead of one a channel.
            add(total, Resize.bilinear(new FloatMap(layer.height(), layer.width(), scaledSum(layer, picture)), height,
                    width).values());
        }
        return scaled(total);
    }

    /**
     * @return the sum over the layer's channels of each channel's {@link #scaled} {@code |b g|}, at the layer's cells:
     *     two passes over the picture's channels-last values in memory order (each channel's minimum and maximum, then
     *     the sum), the same floats as scaling each channel's copy ({@code max(m - min)} is {@code max(m) - min} rounded,
     *     rounding being monotone) added channel by channel in the same order
     */
    static float[] scaledSum(Layer layer, int picture) {
        int cells = layer.height() * layer.width();
        int k = layer.channels();
        float[] v = layer.values();
        int start = picture * cells * k;
        float[] min = new float[k];
        float[] max = new float[k];
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
        for (int p = 0, i = start; p < cells; p++) {
            for (int c = 0; c < k; c++, i++) {
                float a = Math.abs(v[i]);
                min[c] = Math.min(min[c], a);
                max[c] = Math.max(max[c], a);
            }
        }
        float[] divisor = new float[k];
        for (int c = 0; c < k; c++) {
            divisor[c] = EPSILON + (max[c] - min[c]);
        }
        float[] sum = new float[cells];
        for (int p = 0, i = start; p < cells; p++) {
            float s = 0;
            for (int c = 0; c < k; c++, i++) {
                s += (Math.abs(v[i]) - min[c]) / divisor[c];
            }
            sum[p] = s;
        }
        return sum;
    }

    /** @return {@code (m - min) / (EPSILON + max(m - min))}, in place, as pytorch-grad-cam's {@code scale_cam_image} */
    static float[] scaled(float[] m) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : m) {
            min = Math.min(min, v);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < m.length; i++) {
            m[i] -= min;
            max = Math.max(max, m[i]);
        }
        float divisor = EPSILON + max;
        for (int i = 0; i < m.length; i++) {
            m[i] /= divisor;
        }
        return m;
    }

    private static void add(float[] into, float[] values) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i];
        }
    }
}
