package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link EigenCam} on features whose answer is known without a principal component analysis. */
class EigenCamTest {

    /** A blank picture's features do not vary over its cells: no component to project on, a zero map, never NaN. */
    @Test
    void featuresThatDoNotVaryGiveAZeroMap() {
        float[] constant = new float[12 * 3];
        java.util.Arrays.fill(constant, 0.7f);
        assertArrayEquals(new float[12], EigenCam.map(constant, 12, 3), 0f);
        assertArrayEquals(new float[12], EigenCam.map(new float[12 * 3], 12, 3), 0f);
        assertArrayEquals(new float[1], EigenCam.map(new float[] {1f, 2f, 3f}, 1, 3), 0f, "one cell has no variance");
    }

    /**
     * Two channels that fire together on four of sixteen cells: the first component is their common direction, and the
     * map is positive exactly on the cells that fire, whichever sign OpenCV's eigenvector came out with.
     */
    @Test
    void theMapLiesWhereTheLayerFiresAndNowhereElse() {
        int cells = 16;
        float[] f = new float[cells * 3];
        int[] hot = {5, 6, 9, 10};
        for (int p : hot) {
            f[p * 3] = 2f;
            f[p * 3 + 1] = 1f;
        }
        float[] map = EigenCam.map(f, cells, 3);
        java.util.Set<Integer> firing = java.util.Set.of(5, 6, 9, 10);
        for (int p = 0; p < cells; p++) {
            boolean fires = firing.contains(p);
            if (fires) {
                // (2, 1) centred by its mean over the cells, (1.5, 0.75), projected on (2, 1)/sqrt(5): 3.75/sqrt(5).
                assertEquals(3.75 / Math.sqrt(5), map[p], 1e-5, "cell " + p);
            } else {
                assertEquals(0f, map[p], 0f, "cell " + p + ": negative projection, cut by the ReLU");
            }
        }
    }

    /**
     * Features of a ReLU layer: a pattern of cells times one of channels, plus noise, cut at 0 (seeded).
     */
    private static float[] layer(int cells, int channels, long seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] where = new double[cells];
        double[] what = new double[channels];
        for (int p = 0; p < cells; p++) {
            where[p] = r.nextGaussian() * 3;
        }
        for (int k = 0; k < channels; k++) {
            what[k] = r.nextGaussian();
        }
        float[] f = new float[cells * channels];
        for (int p = 0; p < cells; p++) {
            for (int k = 0; k < channels; k++) {
                f[p * channels + k] = (float) Math.max(0, where[p] * what[k] + r.nextGaussian() * 0.3);
            }
        }
        return f;
    }

    /**
     * Above {@link EigenCam#FULL_DECOMPOSITION_UP_TO} the first component is found by power iteration: the same unit
     * vector as OpenCV's full PCA, up to its sign, on either side of the Gram matrix (fewer cells, or fewer channels).
     */
    @Test
    void powerIterationFindsOpenCvsComponent() {
        for (int[] shape : new int[][] {{300, 600}, {600, 300}}) {
            float[] f = layer(shape[0], shape[1], shape[0]);
            float[] exact = EigenCam.byPca(f, shape[0], shape[1]);
            float[] iterated = EigenCam.byPowerIteration(f, shape[0], shape[1]);
            double dot = 0;
            for (int k = 0; k < shape[1]; k++) {
                dot += exact[k] * iterated[k];
            }
            // Both unit vectors: |cos| within float rounding of 1.
            assertEquals(1, Math.abs(dot), 1e-5, java.util.Arrays.toString(shape));
        }
    }
}
