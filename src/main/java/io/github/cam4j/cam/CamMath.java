package io.github.cam4j.cam;

/**
 * The arithmetic of class activation maps (Zhou et al. 2016), in plain Java so it can be checked without TensorFlow:
 * {@code M_c(y, x) = Σ_k f_k(y, x) · w_k,c}. Global average pooling then a linear classifier give
 * {@code logit_c = mean(M_c) + b_c}, which is why the map explains the logit.
 */
public final class CamMath {
    private CamMath() {}

    /**
     * One class's map for one image.
     *
     * @param features a batch of feature maps, NHWC row-major
     * @param image the image's index in the batch
     * @param height feature map height
     * @param width feature map width
     * @param channels K
     * @param column the class's kernel column, length K
     * @return {@code height * width} values, row-major
     */
    public static float[] classMap(float[] features, int image, int height, int width, int channels, float[] column) {
        int pixels = height * width;
        float[] map = new float[pixels];
        int base = image * pixels * channels;
        for (int p = 0; p < pixels; p++) {
            int offset = base + p * channels;
            float sum = 0f;
            for (int k = 0; k < channels; k++) {
                sum += features[offset + k] * column[k];
            }
            map[p] = sum;
        }
        return map;
    }

    /**
     * @param map a map
     * @return its mean
     */
    public static double mean(float[] map) {
        double sum = 0;
        for (float v : map) {
            sum += v;
        }
        return sum / map.length;
    }

    /**
     * @param values a row
     * @return the index of its largest value (first on ties)
     */
    public static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
