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
            int cells = layer.height() * layer.width();
            float[] sum = new float[cells];
            float[] channel = new float[cells];
            int start = picture * cells * layer.channels();
            for (int k = 0; k < layer.channels(); k++) {
                for (int p = 0; p < cells; p++) {
                    channel[p] = Math.abs(layer.values()[start + p * layer.channels() + k]);
                }
                add(sum, scaled(channel));
            }
            // Bilinear resizing is linear and a layer's channels share its size: the sum of the resized channels is
            // the resized sum (to float rounding), so one resize a layer instead of one a channel (193 on
            // mnist-flatten-dense, where resizing was most of FullGrad's cost).
            add(total, Resize.bilinear(new FloatMap(layer.height(), layer.width(), sum), height, width).values());
        }
        return scaled(total);
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
