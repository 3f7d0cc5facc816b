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
        int unrolled = channels & ~3;
        for (int p = 0; p < pixels; p++) {
            int offset = base + p * channels;
            // Four partial sums let the CPU pipeline the multiply-adds (a single float sum is one long dependency
            // chain the JIT may not reorder); the result differs from a sequential sum only in rounding.
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int k = 0;
            for (; k < unrolled; k += 4) {
                s0 += features[offset + k] * column[k];
                s1 += features[offset + k + 1] * column[k + 1];
                s2 += features[offset + k + 2] * column[k + 2];
                s3 += features[offset + k + 3] * column[k + 3];
            }
            for (; k < channels; k++) {
                s0 += features[offset + k] * column[k];
            }
            map[p] = (s0 + s1) + (s2 + s3);
        }
        return map;
    }

    /**
     * One picture's map from one weight per channel, for the methods whose weights are not a kernel column (FEM's,
     * RandomCAM's, Score-CAM's): the sums in double, ReLU, rounded to float once.
     *
     * @param features one picture's features, {@code cells * channels} values, row-major (cell by cell)
     * @param weights one per channel
     * @return {@code ReLU(sum_k weights[k] · features[p, k])} per cell
     */
    static float[] weightedRelu(float[] features, int cells, int channels, double[] weights) {
        float[] map = new float[cells];
        for (int p = 0; p < cells; p++) {
            double v = 0;
            int at = p * channels;
            for (int k = 0; k < channels; k++) {
                v += weights[k] * features[at + k];
            }
            map[p] = (float) Math.max(0, v);
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
