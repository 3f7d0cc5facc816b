package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TestDigits;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/** {@link KpcaCam}: kernel PCA worked out by hand, against Eigen-CAM, and its eigen solver against a full one. */
class KpcaCamTest {
    /**
     * Two cells, (2, 2) and (0, 0): centred (1, 1) and (-1, -1), gamma 1/2 (1 / channels). The sigmoid kernel is
     * tanh(1/2 · 2 + 1) = tanh 2 on the diagonal and tanh(-1 + 1) = 0 off it; centred, tanh(2)/2 · [[1, -1], [-1, 1]],
     * whose top eigenvalue is tanh 2 with eigenvector (1, -1)/sqrt 2: the projection is ±sqrt(tanh(2) / 2) · (1, -1).
     * The first cell holds all the activation, so cam4j's sign puts the positive end there; the ReLU leaves the other
     * at 0.
     */
    @Test
    void aTwoCellSigmoidKernelPcaByHand() {
        float[] f = {2, 2, 0, 0};
        double expected = Math.sqrt(Math.tanh(2) / 2);
        double[] p = KpcaCam.projection(f, 2, 2, KpcaKernel.SIGMOID, 0.5);
        assertEquals(expected, Math.abs(p[0]), 1e-12);
        assertEquals(-p[0], p[1], 1e-12);
        assertArrayEquals(new float[] {(float) expected, 0f}, KpcaCam.map(f, 2, 2, KpcaKernel.SIGMOID, 0.5), 1e-7f);
        assertArrayEquals(new float[] {(float) expected, 0f},
                FeatureMethod.kpcaCam(KpcaKernel.SIGMOID).map(f, 2, 2, false), 1e-7f, "gamma defaults to 1 / channels");
        // rbf: exp(-1/2 · 8) off the diagonal, 1 on it; centred, (1 - e^-4)/2 · [[1, -1], [-1, 1]].
        assertEquals(Math.sqrt((1 - Math.exp(-4)) / 2), Math.abs(KpcaCam.projection(f, 2, 2, KpcaKernel.RBF, 0.5)[0]),
                1e-12);
    }

    /**
     * The kernel matrix, made a block of rows at a time since the thirty-third round, against each kernel's definition
     * written out pair by pair (scikit-learn's: sigmoid tanh(g x·y + 1), poly (g x·y + 1)³, rbf exp(-g |x - y|²) with 0
     * distance from a cell to itself, cosine x·y / |x||y|) on the cells centred per channel. 2 500 cells: above the
     * 1 677 rows a block holds at that size, so the product spans two blocks and the second's rows start past the
     * diagonal's first column. Tolerance 1e-12 of the largest entry: the same sums in double, in another order.
     */
    @Test
    void theKernelMadeByBlocksIsEachPairsKernel() {
        Random r = new Random(11);
        int cells = 2_500;
        int channels = 3;
        float[] f = new float[cells * channels];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.max(0, r.nextGaussian());
        }
        double[] mean = new double[channels];
        for (int p = 0; p < cells; p++) {
            for (int c = 0; c < channels; c++) {
                mean[c] += f[p * channels + c] / (double) cells;
            }
        }
        double gamma = 0.4;
        for (KpcaKernel kernel : KpcaKernel.values()) {
            double[] k = KpcaCam.kernel(f, cells, channels, kernel, gamma);
            double largest = 0;
            for (double v : k) {
                largest = Math.max(largest, Math.abs(v));
            }
            for (int i = 0; i < cells; i += 7) {
                for (int j = 0; j < cells; j += 3) {
                    double dot = 0;
                    double xx = 0;
                    double yy = 0;
                    double distance = 0;
                    for (int c = 0; c < channels; c++) {
                        double x = f[i * channels + c] - mean[c];
                        double y = f[j * channels + c] - mean[c];
                        dot += x * y;
                        xx += x * x;
                        yy += y * y;
                        distance += (x - y) * (x - y);
                    }
                    double expected = switch (kernel) {
                        case LINEAR -> dot;
                        case SIGMOID -> Math.tanh(gamma * dot + 1);
                        case POLY -> Math.pow(gamma * dot + 1, 3);
                        case RBF -> Math.exp(-gamma * distance);
                        case COSINE -> dot / Math.sqrt(xx * yy);
                    };
                    assertEquals(expected, k[i * cells + j], 1e-12 * largest, kernel + " cells " + i + ", " + j);
                }
            }
        }
    }

    /**
     * With the linear kernel, kernel PCA is PCA: each cell's coordinate on the centred kernel's top eigenvector times
     * sqrt(lambda) is its projection on the first principal component, Eigen-CAM's, up to the sign (and cam4j signs
     * both alike, so the maps are equal).
     */
    @Test
    void theLinearKernelGivesEigenCamsProjection() {
        Random r = new Random(3);
        int cells = 49;
        int channels = 32;
        float[] f = new float[cells * channels];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) Math.max(0, r.nextGaussian() + (i / channels % 7 < 3 ? 1 : 0));
        }
        double[] kpca = KpcaCam.projection(f, cells, channels, KpcaKernel.LINEAR, 1);
        double[] pca = EigenCam.projection(f, cells, channels);
        double sign = Math.signum(kpca[0] * pca[0]);
        double largest = 0;
        for (double v : pca) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (int p = 0; p < cells; p++) {
            assertEquals(pca[p], sign * kpca[p], 1e-5 * largest, "cell " + p);
        }
        assertArrayEquals(EigenCam.map(f, cells, channels), KpcaCam.map(f, cells, channels, KpcaKernel.LINEAR, 1),
                (float) (1e-5 * largest));
    }

    /** Features that do not vary, or a single cell: the centred kernel is 0, and so is the map (never NaN). */
    /**
     * scikit-learn's KernelCenterer on a kernel that is not centred already (a linear kernel of centred features is,
     * which is all the other tests' kernels reach it with): row means 2, 11/3 and 16/3, their mean 11/3, each entry less
     * its row's and column's means plus that. Worked by hand; every centred row sums to 0. 1e-12: double rounding.
     */
    @Test
    void theKernelIsCentredAsScikitLearnsKernelCenterer() {
        double[] k = {1, 2, 3, 2, 5, 4, 3, 4, 9};
        KpcaCam.centre(k, 3);
        assertArrayEquals(new double[] {2 / 3.0, 0, -2 / 3.0, 0, 4 / 3.0, -4 / 3.0, -2 / 3.0, -4 / 3.0, 2}, k, 1e-12);
    }

    @Test
    void featuresThatDoNotVaryGiveAZeroMap() {
        float[] constant = new float[12 * 3];
        java.util.Arrays.fill(constant, 0.7f);
        for (KpcaKernel k : KpcaKernel.values()) {
            assertArrayEquals(new float[12], KpcaCam.map(constant, 12, 3, k, 1.0 / 3), 0f, k.name());
            assertArrayEquals(new float[1], KpcaCam.map(new float[] {1, 2, 3}, 1, 3, k, 1.0 / 3), 0f, k.name());
        }
    }

    /**
     * The Lanczos solver finds the largest eigenvalue, not the largest in magnitude (a sigmoid kernel's matrix is
     * indefinite): on {@code H D H} with H a Householder reflection and D = diag(-10, 3, 2.9, then values in (-2, 2)),
     * it returns 3 and H's column 1 (up to sign), where power iteration would have gone to -10; and on random
     * symmetric matrices, OpenCV's full eigen decomposition's top pair, at 30 and 400 rows.
     */
    @Test
    void lanczosFindsTheLargestEigenpair() {
        int n = 300;
        Random r = new Random(11);
        double[] u = new double[n];
        double norm = 0;
        for (int i = 0; i < n; i++) {
            u[i] = r.nextGaussian();
            norm += u[i] * u[i];
        }
        double[] d = new double[n];
        d[0] = -10;
        d[1] = 3;
        d[2] = 2.9;
        for (int i = 3; i < n; i++) {
            d[i] = r.nextDouble() * 4 - 2;
        }
        // H = I - 2 u u^T / |u|^2; A = H D H.
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                h[i][j] = (i == j ? 1 : 0) - 2 * u[i] * u[j] / norm;
            }
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += h[i][k] * d[k] * h[j][k];
                }
                a[i * n + j] = s;
            }
        }
        double[] v = new double[n];
        assertEquals(3.0, KpcaCam.topEigenpair(a, n, v), 1e-9);
        double dot = 0;
        for (int i = 0; i < n; i++) {
            dot += v[i] * h[i][1];
        }
        assertEquals(1.0, Math.abs(dot), 1e-8, "H's column 1, the eigenvector of 3");
        for (int size : new int[] {30, 400}) {
            double[] m = new double[size * size];
            for (int i = 0; i < size; i++) {
                for (int j = 0; j <= i; j++) {
                    m[i * size + j] = m[j * size + i] = r.nextGaussian();
                }
            }
            double[] exact = new double[size];
            double top = opencvTop(m, size, exact);
            double[] iterated = new double[size];
            assertEquals(top, KpcaCam.topEigenpair(m, size, iterated), 1e-9 * Math.abs(top), "n = " + size);
            double agree = 0;
            for (int i = 0; i < size; i++) {
                agree += exact[i] * iterated[i];
            }
            assertEquals(1.0, Math.abs(agree), 1e-7, "n = " + size);
        }
    }

    /** A gamma for a kernel that takes none, or a gamma that is not finite and positive, is refused. */
    @Test
    void aGammaThatCannotApplyIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureMethod.kpcaCam(KpcaKernel.LINEAR, 0.5));
        assertTrue(e.getMessage().contains("linear kernel takes no gamma"), e.getMessage());
        for (double g : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            e = assertThrows(IllegalArgumentException.class, () -> FeatureMethod.kpcaCam(KpcaKernel.RBF, g));
            assertTrue(e.getMessage().startsWith("KPCA-CAM's gamma must be finite and positive"), e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> KpcaKernel.of("laplacian"));
        assertTrue(e.getMessage().contains("not one of sigmoid, rbf, linear, poly, cosine"), e.getMessage());
    }

    /**
     * A poly kernel whose {@code (gamma x·y + 1)³} passes a double's range is refused naming the gamma: its centred
     * kernel was NaN, and the map came out all 0, "no evidence", for what was an overflow. The two cells of the
     * hand-worked case have x·y up to 2: gamma 1e103 cubes 2e103 past 1.8e308, and the sigmoid and rbf kernels,
     * bounded, take any gamma.
     */
    @Test
    void aPolyKernelThatOverflowsIsRefusedNamingTheGamma() {
        float[] features = {2, 2, 0, 0};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KpcaCam.map(features, 2, 2, KpcaKernel.POLY, 1e103));
        assertTrue(e.getMessage().startsWith("KPCA-CAM's poly kernel is not finite on the features of this picture at"
                + " gamma 1.0E103"),
                e.getMessage());
        assertTrue(e.getMessage().endsWith("give a smaller gamma (--kpca-gamma)"), e.getMessage());
        // 1e102 (8e306) stays within a double, but the cells' coordinates, (2 gamma)^1.5, pass a float's range:
        // refused below (aPolyKernelBeyondAFloatIsRefusedNamingTheGamma).
        assertTrue(KpcaCam.map(features, 2, 2, KpcaKernel.POLY, 1e25)[0] > 0, "within a float's range");
        for (KpcaKernel bounded : new KpcaKernel[] {KpcaKernel.SIGMOID, KpcaKernel.RBF}) {
            for (float v : KpcaCam.map(features, 2, 2, bounded, Double.MAX_VALUE)) {
                assertTrue(Float.isFinite(v), bounded + ": " + v);
            }
        }
    }

    /**
     * A poly kernel within a double's range whose top component puts the cells beyond a float's is refused naming the
     * gamma: the map holds floats, its cells became infinity, and it came out all 0, "no evidence" (gamma 1e25 to 1e99 on
     * the pooled model's features, exit 0). The hand-worked two cells, centred to (1, 1) and (-1, -1), have the centred
     * kernel [[a, -a], [-a, a]] with a = (2 gamma + 1)³, so coordinates of ±sqrt(a), about (2 gamma)^1.5: 8.9e37 at gamma
     * 1e25, within a float; 2.8e39 at 1e26 and 2.8e153 at 1e102, beyond it.
     */
    @Test
    void aPolyKernelBeyondAFloatIsRefusedNamingTheGamma() {
        float[] features = {2, 2, 0, 0};
        float[] within = KpcaCam.map(features, 2, 2, KpcaKernel.POLY, 1e25);
        assertEquals(Math.pow(2e25 + 1, 1.5), within[0] + within[1], 1e32);
        for (double gamma : new double[] {1e26, 1e102}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> KpcaCam.map(features, 2, 2, KpcaKernel.POLY, gamma));
            assertTrue(e.getMessage().startsWith("KPCA-CAM's poly kernel at gamma " + gamma + " puts the cells of"
                    + " this picture beyond a float's range on its top component (coordinates up to "), e.getMessage());
            assertTrue(e.getMessage().endsWith("give a smaller gamma (--kpca-gamma)"), e.getMessage());
        }
    }

    /**
     * The gamma is named as the user typed it: Java 17 writes the double of 1e23 as 9.999999999999999E22, and
     * {@code --kpca-gamma 1e23} was refused "at gamma 9.999999999999999E22". Cells 200 apart, centred to ±(100, 100):
     * x·y up to 20 000, coordinates about (2e27)^1.5 at gamma 1e23, beyond a float; three cells 10 apart make the rbf
     * kernel the identity at that gamma.
     */
    @Test
    void theGammaIsNamedAsTyped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KpcaCam.map(new float[] {200, 200, 0, 0}, 2, 2, KpcaKernel.POLY, 1e23));
        assertTrue(e.getMessage().startsWith("KPCA-CAM's poly kernel at gamma 1.0E23 puts the cells of this picture"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> KpcaCam.map(new float[] {0, 10, 20}, 3, 1, KpcaKernel.RBF, 1e23));
        assertTrue(e.getMessage().contains(" at gamma 1.0E23: exp(-gamma"), e.getMessage());
    }

    /**
     * An rbf kernel that vanishes between every two of three or more cells is the identity, whose centred form has no
     * top eigenvector of its own (every eigenvalue but the all-ones vector's is 1): its map was the Lanczos run's
     * seeded start, the same whatever the features. It is refused naming the gamma and the nearest two cells' squared
     * distance. Three cells 10 apart: exp(-100) ≈ 4e-44 at gamma 1 is below 1e-11; exp(-10) ≈ 5e-5 at gamma 0.1 is not,
     * and that map is taken.
     */
    @Test
    void anRbfKernelThatIsTheIdentityIsRefused() {
        float[] features = {0, 10, 20};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KpcaCam.map(features, 3, 1, KpcaKernel.RBF, 1));
        assertEquals("KPCA-CAM's rbf kernel is the identity on the features of this picture at gamma 1.0:"
                + " exp(-gamma |x - y|²) is below 1.0E-11 between every two cells (the nearest two at |x - y|² = 100.0),"
                + " so the map would not depend on the picture; give a smaller gamma (--kpca-gamma)", e.getMessage());
        float[] taken = KpcaCam.map(features, 3, 1, KpcaKernel.RBF, 0.1);
        for (float v : taken) {
            assertTrue(Float.isFinite(v) && v >= 0, java.util.Arrays.toString(taken));
        }
    }

    private static double opencvTop(double[] m, int n, double[] vector) {
        try (Mat matrix = new Mat(n, n, CV_64F);
                DoublePointer data = new DoublePointer(matrix.data());
                Mat values = new Mat();
                Mat vectors = new Mat()) {
            data.put(m, 0, m.length);
            opencv_core.eigen(matrix, values, vectors);
            try (DoublePointer top = new DoublePointer(values.data());
                    DoublePointer first = new DoublePointer(vectors.data())) {
                first.get(vector, 0, n);
                return top.get(0);
            }
        }
    }

    /**
     * A poly gamma that puts one picture's cells beyond a float is that picture's failure, named by its place in the
     * batch when it has no name (evaluate's canvases, the API's pixels): at 5e21 on the bundled pooled model MNIST's
     * first test digit holds and its second does not, so the batch of the two is refused naming picture 1 of it, and
     * the first alone is explained. The IllegalArgumentException had named no picture.
     */
    @Test
    void anOverflowNamesThePicturesPlaceInItsBatch() throws Exception {
        float[] two = TestDigits.scaledToOne(2);
        try (CamSession s = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optFeatureMethod(FeatureMethod.kpcaCam(KpcaKernel.POLY, 5e21)).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> s.explainPixels(two, 2, 28, 28, Target.predicted()));
            assertTrue(e.getMessage().startsWith("KPCA-CAM's poly kernel at gamma 5.0E21 puts the cells of picture 1 of"
                    + " its batch beyond a float's range"), e.getMessage());
            assertEquals(7, s.explainPixels(java.util.Arrays.copyOf(two, 784), 1, 28, 28, Target.predicted()).get(0)
                    .predicted());
        }
    }

    /**
     * Pixels given with names (as evaluate gives its canvases, "test digit 1's plain canvas") are named by them in a
     * picture's failure; names that are not one per picture, or a null one, are refused before the model runs.
     */
    @Test
    void anOverflowNamesThePixelsPictureByTheNameGiven() throws Exception {
        float[] two = TestDigits.scaledToOne(2);
        try (CamSession s = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optFeatureMethod(FeatureMethod.kpcaCam(KpcaKernel.POLY, 5e21)).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> s.explainPixels(two, 2, 28, 28,
                    List.of("seven", "two"), Target.predicted()));
            assertTrue(e.getMessage().startsWith("KPCA-CAM's poly kernel at gamma 5.0E21 puts the cells of image two"
                    + " beyond a float's range"), e.getMessage());
            IllegalArgumentException one = assertThrows(IllegalArgumentException.class, () -> s.explainPixels(two, 2,
                    28, 28, List.of("seven"), Target.predicted()));
            assertEquals("names has 1 name for the 2 pictures (count): give one name per picture, or null to"
                    + " name them by their place", one.getMessage());
            IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> s.explainPixels(two, 2,
                    28, 28, java.util.Arrays.asList("seven", null), Target.predicted()));
            assertEquals("a name of the pixels' pictures is null: give one per picture, for messages", none.getMessage());
        }
    }
}
