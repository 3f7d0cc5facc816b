package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.GEMM_2_T;
import static org.bytedeco.opencv.global.opencv_core.gemm;

import io.github.cam4j.DecimalText;
import java.util.Random;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * KPCA-CAM (Karmani et al. 2024, "KPCA-CAM: Visual Explainability of Deep Computer Vision Models using Kernel PCA"),
 * as pytorch-grad-cam's {@code KPCA_CAM} computes it ({@code get_2d_projection_kernel}): a picture's features, one row
 * per cell, centred per channel, then scikit-learn's {@code KernelPCA(n_components=1)} of them: the kernel between
 * every two cells ({@link KpcaKernel}), centred in feature space, and each cell's coordinate on its top eigenvector,
 * {@code v · sqrt(lambda)} ({@code fit_transform}); then ReLU. Eigen-CAM is the linear kernel's case. No class,
 * gradient or extra run.
 *
 * <p>The sign. scikit-learn fixes it by {@code svd_flip}: the eigenvector's entry of largest magnitude is made
 * positive, a rule about one cell that says nothing about where the layer fires. cam4j signs the projection as it
 * signs Eigen-CAM's ({@link EigenCam}): to correlate positively with each cell's total activation.
 *
 * <p>The kernel matrix is cells x cells (784 on a 28x28 layer, 1 024 and more on large pictures): its top eigenvector
 * is found by Lanczos iteration ({@link #topEigenpair}), whose cost is a few dozen matrix-vector products, not a full
 * decomposition's cube.
 */
final class KpcaCam {
    /** scikit-learn's {@code coef0} for the sigmoid and polynomial kernels. */
    static final double COEF0 = 1;
    /** scikit-learn's {@code degree} for the polynomial kernel. */
    static final int DEGREE = 3;
    /** Dot products made per block of the kernel's rows: 32 MB of doubles held natively beside the kernel. */
    private static final int BLOCK_VALUES = 1 << 22;
    /** Lanczos steps between restarts: enough for the top eigenvalue of a kernel matrix to converge in one or two. */
    private static final int KRYLOV = 48;
    /** Steps between two checks of the Ritz pair's residual within a Lanczos run. */
    private static final int CHECK_EVERY = 8;
    /** Restarts before the last estimate is taken as it is. */
    private static final int MAX_RESTARTS = 100;
    /** Converged when the residual {@code |K y - theta y|} is at most this times the matrix's largest entry. */
    private static final double CONVERGED = 1e-11;

    private KpcaCam() {}

    /**
     * @param features one picture's features, {@code cells * channels} values, row-major (cell by cell)
     * @param kernel the kernel
     * @param gamma the kernel's gamma ({@link KpcaKernel#takesGamma}); ignored by the others
     * @return the map at feature resolution, {@code cells} values, all at least 0; all 0 when the cells do not vary
     */
    static float[] map(float[] features, int cells, int channels, KpcaKernel kernel, double gamma) {
        double[] projection = projection(features, cells, channels, kernel, gamma);
        double[] total = EigenCam.cellTotals(features, cells, channels);
        return EigenCam.signedRelu(projection, EigenCam.centredAgreement(projection, total));
    }

    /**
     * @return scikit-learn's {@code KernelPCA(n_components=1, kernel, gamma).fit_transform} of the centred cells, up
     *     to its sign: each cell's coordinate on the centred kernel's top eigenvector times the square root of its
     *     eigenvalue; zeros when that eigenvalue is not positive (the cells do not vary, a single cell)
     */
    static double[] projection(float[] features, int cells, int channels, KpcaKernel kernel, double gamma) {
        double[] projection = new double[cells];
        if (cells < 2) {
            return projection;
        }
        double[] k = kernel(features, cells, channels, kernel, gamma);
        if (k == null) {
            return projection;
        }
        double largestUncentred = 0;
        for (double v : k) {
            largestUncentred = Math.max(largestUncentred, Math.abs(v));
        }
        centre(k, cells);
        double[] top = new double[cells];
        double lambda = centredFinite(k) ? topEigenpair(k, cells, top) : Double.NaN;
        refuseBeyondFloat(lambda, top, kernel, gamma);
        // The centring's rounding leaves up to about cells² ulps of the kernel's entries in any eigenvalue: below that
        // the cells do not vary in the kernel's space (a sigmoid kernel of features that are all but constant).
        if (!(lambda > 1e-15 * cells * cells * largestUncentred)) {
            return projection;
        }
        double scale = Math.sqrt(lambda);
        for (int p = 0; p < cells; p++) {
            projection[p] = top[p] * scale;
        }
        return projection;
    }

    /** @return whether every entry of the centred kernel is finite: its row sums can pass a double's range */
    private static boolean centredFinite(double[] k) {
        for (double v : k) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Refuses a kernel whose top component puts a cell beyond a float's range, or whose centring passed a double's:
     * the map holds floats, and a coordinate past 3.4E38 became infinity, which normalising turned into an empty map,
     * "no evidence", with exit 0 (the poly kernel from gamma 1e25 to 1e99 on the pooled model's features, where the
     * kernel itself stays within a double and {@link #kernel} takes it).
     *
     * @param lambda the centred kernel's top eigenvalue, NaN when that kernel is not finite
     * @param top its unit eigenvector
     * @throws PictureOverflowException naming the kernel and its gamma
     */
    private static void refuseBeyondFloat(double lambda, double[] top, KpcaKernel kernel, double gamma) {
        double largest = 0;
        for (double v : top) {
            largest = Math.max(largest, Math.abs(v));
        }
        double coordinate = largest * Math.sqrt(lambda);
        if (Double.isFinite(lambda) && !(coordinate > Float.MAX_VALUE)) {
            return;
        }
        throw new PictureOverflowException(whose -> "KPCA-CAM's " + kernel.sklearnName() + " kernel"
                // The gamma as typed (1e23), not Java 17's longer spelling of its double (9.999999999999999E22).
                + (kernel.takesGamma() ? " at gamma " + DecimalText.shortest(gamma) : "") + " puts the cells of " + whose
                + " beyond a float's range on its top component (" + (Double.isFinite(coordinate)
                        ? String.format(java.util.Locale.ROOT, "coordinates up to %.3g", coordinate)
                        : "its centred kernel passes the largest double") + "; the largest float is " + Float.MAX_VALUE
                + "), where the map would be empty" + (kernel.takesGamma() ? "; give a smaller gamma (--kpca-gamma)" : ""));
    }

    /**
     * @return the kernel between every two cells' features centred per channel, {@code cells x cells} row-major; null
     *     when the centred features are all 0 (the cells do not vary)
     */
    static double[] kernel(float[] features, int cells, int channels, KpcaKernel kernel, double gamma) {
        double[] mean = new double[channels];
        for (int p = 0; p < cells; p++) {
            for (int c = 0; c < channels; c++) {
                mean[c] += features[p * channels + c];
            }
        }
        double[] centred = new double[cells * channels];
        for (int p = 0; p < cells; p++) {
            for (int c = 0; c < channels; c++) {
                centred[p * channels + c] = features[p * channels + c] - mean[c] / cells;
            }
        }
        boolean varies = false;
        for (double v : centred) {
            varies |= v != 0;
        }
        if (!varies) {
            return null;
        }
        int n = cells;
        // Each cell's squared norm, for the kernels that read it (RBF's distance, cosine's norms).
        double[] norm = new double[n];
        for (int p = 0; p < n; p++) {
            for (int c = 0; c < channels; c++) {
                norm[p] += centred[p * channels + c] * centred[p * channels + c];
            }
        }
        // One n x n matrix is all that is held: the dot products go into it a block of rows at a time (OpenCV's SIMD
        // product of those rows with the cells from the block's first on, X X^T's upper part), and each becomes its
        // kernel value there. On the unpooled model's 84x84 canvases (7 056 cells) the matrix is 400 MB; the whole
        // product beside it, then a second matrix for the kernel, had taken twice that.
        double[] k = new double[n * n];
        int block = Math.max(1, Math.min(n, BLOCK_VALUES / n));
        try (Mat samples = new Mat(cells, channels, CV_64F);
                DoublePointer data = new DoublePointer(samples.data());
                Mat none = new Mat()) {
            data.put(centred, 0, centred.length);
            for (int first = 0; first < n; first += block) {
                int rows = Math.min(block, n - first);
                int columns = n - first;
                try (Mat part = samples.rowRange(first, first + rows);
                        Mat later = samples.rowRange(first, n);
                        Mat product = new Mat()) {
                    gemm(part, later, 1, none, 0, product, GEMM_2_T);
                    try (DoublePointer values = new DoublePointer(product.data())) {
                        for (int r = 0; r < rows; r++) {
                            // Row first + r from its diagonal on; the product's row r holds columns first..n-1.
                            values.position((long) r * columns + r).get(k, (first + r) * n + first + r, columns - r);
                        }
                    }
                }
            }
        }
        // Every kernel is symmetric: each pair once (tanh, exp and pow are most of the cost), mirrored.
        double largestOffDiagonal = 0;
        double nearest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                double dot = k[i * n + j];
                k[i * n + j] = switch (kernel) {
                    case LINEAR -> dot;
                    case SIGMOID -> Math.tanh(gamma * dot + COEF0);
                    case POLY -> Math.pow(gamma * dot + COEF0, DEGREE);
                    // scikit-learn's euclidean_distances: the squared distance from the dot products, cut at 0, and 0
                    // between a cell and itself (it sets the diagonal so when X is Y).
                    case RBF -> i == j ? 1 : Math.exp(-gamma * Math.max(0, norm[i] + norm[j] - 2 * dot));
                    case COSINE -> {
                        double norms = Math.sqrt(norm[i]) * Math.sqrt(norm[j]);
                        yield norms > 0 ? dot / norms : 0;
                    }
                };
                if (!Double.isFinite(k[i * n + j])) {
                    // Only poly can pass a double's range, (gamma x·y + 1)³; its NaN centred kernel came out as an empty
                    // map, "no evidence", where the cause was the gamma.
                    throw new PictureOverflowException(whose -> "KPCA-CAM's " + kernel.sklearnName() + " kernel is"
                            + " not finite on the features of " + whose + " at gamma " + DecimalText.shortest(gamma)
                            + ": (gamma x·y + 1)³"
                            + " passes the largest double (x·y up to " + (float) dot + " here); give a smaller gamma"
                            + " (--kpca-gamma)");
                }
                k[j * n + i] = k[i * n + j];
                if (j != i) {
                    largestOffDiagonal = Math.max(largestOffDiagonal, k[i * n + j]);
                    nearest = Math.min(nearest, Math.max(0, norm[i] + norm[j] - 2 * dot));
                }
            }
        }
        if (kernel == KpcaKernel.RBF && n > 2 && largestOffDiagonal < CONVERGED) {
            // exp(-gamma d²) below what the eigenvector is found to (CONVERGED times the diagonal's 1) between every two
            // cells: the kernel is the identity at that precision, whose centred form has every eigenvalue but one (the
            // all-ones vector's 0) equal, and the "top" eigenvector was the Lanczos run's seeded start. (Two cells have
            // one such eigenvalue: their map, one cell against the other, is still theirs.) The map was then the same
            // for every picture (a 7 and a 2 of MNIST at --kpca-gamma 1000 on the pooled model), shown as evidence.
            float nearestTwo = (float) nearest;
            throw new PictureOverflowException(whose -> "KPCA-CAM's rbf kernel is the identity on the features of "
                    + whose + " at gamma " + DecimalText.shortest(gamma) + ": exp(-gamma |x - y|²) is below " + CONVERGED
                    + " between every"
                    + " two cells (the nearest two at |x - y|² = " + nearestTwo + "), so the map would not depend on the picture;"
                    + " give a smaller gamma (--kpca-gamma)");
        }
        return k;
    }

    /**
     * Centres a kernel matrix in the kernel's feature space, in place: scikit-learn's {@code KernelCenterer}, each
     * entry less its row's and its column's mean, plus the whole matrix's.
     *
     * @param k the kernel, {@code n x n} row-major, symmetric
     */
    static void centre(double[] k, int n) {
        double[] rowMean = new double[n];
        double all = 0;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) {
                s += k[i * n + j];
            }
            rowMean[i] = s / n;
            all += rowMean[i] / n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                k[i * n + j] += all - rowMean[i] - rowMean[j];
            }
        }
    }

    /**
     * The largest (algebraically: a sigmoid kernel's matrix can have larger negative ones) eigenvalue of a symmetric
     * matrix and its unit eigenvector, by Lanczos iteration with full reorthogonalisation, restarted from the best
     * estimate until its residual is negligible. Where the top two eigenvalues nearly coincide the eigenvector is not
     * defined by the matrix either.
     *
     * @param a the matrix, {@code n x n} row-major, symmetric
     * @param n its side
     * @param vector receives the unit eigenvector, {@code n} values
     * @return the eigenvalue
     */
    static double topEigenpair(double[] a, int n, double[] vector) {
        double largest = 0;
        for (double x : a) {
            largest = Math.max(largest, Math.abs(x));
        }
        java.util.Arrays.fill(vector, 0);
        if (!(largest > 0) || !Double.isFinite(largest)) {
            return 0;
        }
        // A seeded random start: deterministic, and not orthogonal to the top eigenvector but by a fluke of measure 0
        // (a column of the matrix, or the all-ones vector, can be: the centred kernel maps the latter to 0).
        Random random = new Random(0);
        double[] start = new double[n];
        for (int i = 0; i < n; i++) {
            start[i] = random.nextDouble() * 2 - 1;
        }
        int m = Math.min(n, KRYLOV);
        double tolerance = CONVERGED * largest * Math.sqrt(n);
        double[][] q = new double[m][];
        double theta = 0;
        for (int restart = 0; restart < MAX_RESTARTS; restart++) {
            normalise(start);
            double[] alpha = new double[m];
            double[] beta = new double[m];
            int steps = 0;
            double[] v = start;
            double[] w = new double[n];
            for (int s = 0; s < m; s++) {
                q[s] = v;
                steps = s + 1;
                multiply(a, n, v, w);
                alpha[s] = dot(w, v);
                // Full reorthogonalisation (twice is enough): the basis stays orthonormal in floating point.
                for (int pass = 0; pass < 2; pass++) {
                    for (int r = 0; r <= s; r++) {
                        double d = dot(w, q[r]);
                        for (int i = 0; i < n; i++) {
                            w[i] -= d * q[r][i];
                        }
                    }
                }
                double norm = Math.sqrt(dot(w, w));
                if (s + 1 == m || norm <= 1e-13 * largest) {
                    // The subspace is invariant (or complete): its Ritz values are eigenvalues.
                    break;
                }
                beta[s] = norm;
                // Every few steps, the Ritz pair's residual as Lanczos gives it for free, |beta_s| times the last
                // coordinate of the tridiagonal's top eigenvector: a well separated top eigenvalue converges in a
                // dozen or two steps, and the rest of the basis would be spent on nothing.
                if ((s + 1) % CHECK_EVERY == 0) {
                    double[] estimate = new double[s + 1];
                    topOfTridiagonal(alpha, beta, s + 1, estimate);
                    if (Math.abs(norm * estimate[s]) <= tolerance) {
                        break;
                    }
                }
                double[] next = new double[n];
                for (int i = 0; i < n; i++) {
                    next[i] = w[i] / norm;
                }
                v = next;
            }
            double[] ritz = new double[steps];
            theta = topOfTridiagonal(alpha, beta, steps, ritz);
            double[] y = new double[n];
            for (int s = 0; s < steps; s++) {
                for (int i = 0; i < n; i++) {
                    y[i] += ritz[s] * q[s][i];
                }
            }
            normalise(y);
            multiply(a, n, y, w);
            double residual = 0;
            for (int i = 0; i < n; i++) {
                double r = w[i] - theta * y[i];
                residual += r * r;
            }
            System.arraycopy(y, 0, vector, 0, n);
            if (Math.sqrt(residual) <= tolerance || steps == n) {
                break;
            }
            start = y;
        }
        return theta;
    }

    /**
     * The top eigenpair of the small symmetric tridiagonal matrix Lanczos builds, by the implicit QL algorithm (JAMA's
     * {@code tql2}, public domain, as in EISPACK): a few sweeps of plane rotations, microseconds at 48 rows, where
     * OpenCV's general symmetric solver took 19 ms for a 49x49 matrix.
     *
     * @param alpha the diagonal, {@code steps} values
     * @param beta the off-diagonal, {@code steps - 1} values used
     * @param ritz receives the top eigenvector's {@code steps} coordinates
     * @return the largest eigenvalue
     */
    static double topOfTridiagonal(double[] alpha, double[] beta, int steps, double[] ritz) {
        int n = steps;
        double[] d = java.util.Arrays.copyOf(alpha, n);
        double[] e = new double[n];
        System.arraycopy(beta, 0, e, 0, n - 1);
        double[][] v = new double[n][n];
        for (int i = 0; i < n; i++) {
            v[i][i] = 1;
        }
        double f = 0;
        double tst1 = 0;
        double eps = Math.ulp(1.0);
        for (int l = 0; l < n; l++) {
            tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
            int m = l;
            while (m < n && Math.abs(e[m]) > eps * tst1) {
                m++;
            }
            if (m > l) {
                int iterations = 0;
                do {
                    double g = d[l];
                    double p = (d[l + 1] - g) / (2 * e[l]);
                    double r = Math.hypot(p, 1);
                    if (p < 0) {
                        r = -r;
                    }
                    d[l] = e[l] / (p + r);
                    d[l + 1] = e[l] * (p + r);
                    double dl1 = d[l + 1];
                    double h = g - d[l];
                    for (int i = l + 2; i < n; i++) {
                        d[i] -= h;
                    }
                    f += h;
                    p = d[m];
                    double c = 1;
                    double c2 = c;
                    double c3 = c;
                    double el1 = e[l + 1];
                    double s = 0;
                    double s2 = 0;
                    for (int i = m - 1; i >= l; i--) {
                        c3 = c2;
                        c2 = c;
                        s2 = s;
                        g = c * e[i];
                        h = c * p;
                        r = Math.hypot(p, e[i]);
                        e[i + 1] = s * r;
                        s = e[i] / r;
                        c = p / r;
                        p = c * d[i] - s * g;
                        d[i + 1] = h + s * (c * g + s * d[i]);
                        for (int k = 0; k < n; k++) {
                            h = v[k][i + 1];
                            v[k][i + 1] = s * v[k][i] + c * h;
                            v[k][i] = c * v[k][i] - s * h;
                        }
                    }
                    p = -s * s2 * c3 * el1 * e[l] / dl1;
                    e[l] = s * p;
                    d[l] = c * p;
                } while (Math.abs(e[l]) > eps * tst1 && ++iterations < 30 * n);
            }
            d[l] += f;
            e[l] = 0;
        }
        int top = 0;
        for (int i = 1; i < n; i++) {
            if (d[i] > d[top]) {
                top = i;
            }
        }
        for (int k = 0; k < n; k++) {
            ritz[k] = v[k][top];
        }
        return d[top];
    }

    private static void multiply(double[] a, int n, double[] v, double[] out) {
        for (int i = 0; i < n; i++) {
            double s = 0;
            int row = i * n;
            for (int j = 0; j < n; j++) {
                s += a[row + j] * v[j];
            }
            out[i] = s;
        }
    }

    private static double dot(double[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += x[i] * y[i];
        }
        return s;
    }

    private static void normalise(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm > 0) {
            for (int i = 0; i < v.length; i++) {
                v[i] /= norm;
            }
        }
    }
}
