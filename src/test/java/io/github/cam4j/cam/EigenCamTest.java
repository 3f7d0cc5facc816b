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
     * The first component is found by Lanczos iteration on the Gram matrix: the same unit vector as OpenCV's full PCA,
     * up to its sign, on either side of the Gram matrix (fewer cells, or fewer channels), at the bundled pooled model's
     * 25 cells of 128 channels as on large layers.
     */
    @Test
    void theGramMatrixsTopEigenvectorIsOpenCvsComponent() {
        for (int[] shape : new int[][] {{300, 600}, {600, 300}, {25, 128}, {49, 128}, {128, 25}}) {
            float[] f = layer(shape[0], shape[1], shape[0]);
            float[] exact = OpenCvPca.firstComponent(f, shape[0], shape[1]);
            float[] iterated = EigenCam.byGram(f, shape[0], shape[1]);
            double dot = 0;
            for (int k = 0; k < shape[1]; k++) {
                dot += exact[k] * iterated[k];
            }
            // Both unit vectors: |cos| within float rounding of 1.
            assertEquals(1, Math.abs(dot), 1e-5, java.util.Arrays.toString(shape));
        }
    }

    /**
     * OpenCV's PCA stops its eigen solver at an absolute threshold, so on small features it returned a wrong component:
     * here, features of 49 cells by 512 channels whose first two singular values are 1.04 apart (as a random-weight
     * VGG16's block5_pool features, about 1e-3, were) came out 0.22 off in 1 - |cos| at a scale of 1e-4, where at a
     * scale of 1 they are right, and Eigen-CAM's map on that VGG16 was 1.8e-2 of its largest value off numpy's SVD. The
     * component must not depend on the features' scale: held here on the path Eigen-CAM takes, the Gram matrix's top
     * eigenvector by Lanczos iteration, whose stopping rule is relative to the matrix.
     */
    @Test
    void theComponentDoesNotDependOnTheFeaturesScale() {
        int cells = 49;
        int channels = 512;
        java.util.Random r = new java.util.Random(3);
        int rank = cells - 1;
        double[][] u = new double[rank][cells];
        double[][] v = new double[rank][channels];
        for (int j = 0; j < rank; j++) {
            for (int p = 0; p < cells; p++) {
                u[j][p] = r.nextGaussian();
            }
            for (int k = 0; k < channels; k++) {
                v[j][k] = r.nextGaussian();
            }
            double mean = java.util.Arrays.stream(u[j]).average().orElse(0);
            for (int p = 0; p < cells; p++) {
                u[j][p] -= mean;
            }
            for (int i = 0; i < j; i++) {
                removeFrom(u[j], u[i]);
                removeFrom(v[j], v[i]);
            }
            normalise(u[j]);
            normalise(v[j]);
        }
        for (double scale : new double[] {1, 1e-4, 1e-8, 1e4}) {
            // X = 5 + U diag(s) V^T, s = 1.04, 1, 0.95, 0.95^2...: the first component is V[0].
            float[] f = new float[cells * channels];
            for (int p = 0; p < cells; p++) {
                for (int k = 0; k < channels; k++) {
                    double x = 5;
                    for (int j = 0; j < rank; j++) {
                        x += (j == 0 ? 1.04 : Math.pow(0.95, j - 1)) * 10 * u[j][p] * v[j][k];
                    }
                    f[p * channels + k] = (float) (x * scale);
                }
            }
            float[] c = EigenCam.byGram(f, cells, channels);
            double cos = 0;
            for (int k = 0; k < channels; k++) {
                cos += c[k] * v[0][k];
            }
            assertEquals(1, Math.abs(cos), 1e-7, "features scaled by " + scale);
        }
    }

    private static void removeFrom(double[] a, double[] unit) {
        double d = 0;
        for (int i = 0; i < a.length; i++) {
            d += a[i] * unit[i];
        }
        for (int i = 0; i < a.length; i++) {
            a[i] -= d * unit[i];
        }
    }

    private static void normalise(double[] a) {
        double n = Math.sqrt(java.util.Arrays.stream(a).map(x -> x * x).sum());
        for (int i = 0; i < a.length; i++) {
            a[i] /= n;
        }
    }
}
