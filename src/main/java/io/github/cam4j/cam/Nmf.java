package io.github.cam4j.cam;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Non-negative matrix factorisation {@code X ≈ W H} (X: rows x columns, W: rows x k, H: k x columns, all
 * non-negative) by scikit-learn's coordinate descent, as {@code sklearn.decomposition.NMF(n_components=k,
 * init='random', random_state=seed)} runs it with its defaults (solver 'cd', Frobenius loss, no regularisation,
 * {@code tol=1e-4}, {@code max_iter=200}, coordinates in order): pytorch-grad-cam's Deep Feature Factorization calls
 * exactly that.
 *
 * <ul>
 * <li>Start: {@code avg = sqrt(mean(X) / k)}, then {@code H = |avg · N(0,1)|} and {@code W = |avg · N(0,1)|}, H's
 * deviates first, row by row, from numpy's legacy generator seeded with {@code seed} ({@link LegacyNormal}), each
 * rounded to float32 as scikit-learn rounds them for float32 data, so the factors start where scikit-learn's do.</li>
 * <li>An iteration updates W, then H, one component at a time and within it one row (column) at a time, each entry
 * moved to the minimum of the loss along it, cut at 0 ({@code w = max(0, w - g / HHᵀ[t,t])}, scikit-learn's
 * {@code _update_cdnmf_fast}); the sum of the projected gradients' magnitudes over both updates is its violation.</li>
 * <li>Stop after the iteration whose violation is at most {@code tol} times the first iteration's, or after
 * {@code maxIterations}.</li>
 * </ul>
 *
 * <p>The factors are computed in double precision from float32 data, where scikit-learn computes in float32 for
 * float32 data (and its products by BLAS, summed in another order): the same start and steps, rounded differently.
 * NMF's problem is not convex, and coordinate descent follows the rounding, so the factors agree with scikit-learn's
 * closely but not to the bit; what a user should compare is the reconstruction error ({@link Factors#error()}),
 * which {@code NmfTest} checks against scikit-learn's on stored matrices.
 */
final class Nmf {
    /** scikit-learn's default tolerance on the violation's fall. */
    static final double TOLERANCE = 1e-4;
    /** scikit-learn's default iteration limit. */
    static final int MAX_ITERATIONS = 200;
    /** Products over at least this many entries are spread over the cores. */
    private static final long PARALLEL_FROM = 1 << 16;

    private Nmf() {}

    /**
     * The factors found and how.
     *
     * @param w {@code rows * k} values, row-major: each row's weights on the k components
     * @param h {@code k * columns} values, row-major: each component's values over the columns
     * @param k the components
     * @param iterations the iterations run
     * @param converged whether the violation fell to {@code tol} of the first iteration's before the limit (scikit-learn
     *     warns with a ConvergenceWarning when it did not)
     * @param error {@code ||X - W H||_F}, scikit-learn's {@code reconstruction_err_}
     */
    record Factors(double[] w, double[] h, int k, int iterations, boolean converged, double error) {}

    /**
     * Factorises with scikit-learn's defaults ({@link #TOLERANCE}, {@link #MAX_ITERATIONS}).
     *
     * @see #factorize(float[], int, int, int, long, double, int, java.util.function.IntConsumer)
     */
    static Factors factorize(float[] x, int rows, int columns, int k, long seed) {
        return factorize(x, rows, columns, k, seed, TOLERANCE, MAX_ITERATIONS, it -> { });
    }

    /**
     * @param x {@code rows * columns} non-negative, finite values, row-major; not modified
     * @param rows X's rows
     * @param columns X's columns
     * @param k the components, at least 1
     * @param seed numpy's seed for the start, 0 to 2^32 - 1
     * @param tol stop when the violation falls to this share of the first iteration's
     * @param maxIterations at most this many iterations, at least 1
     * @param onIteration told each iteration's number once it is done, for progress
     * @return the factors
     * @throws IllegalArgumentException for a negative or non-finite value, sizes that do not match, or k below 1
     */
    static Factors factorize(float[] x, int rows, int columns, int k, long seed, double tol, int maxIterations,
            java.util.function.IntConsumer onIteration) {
        Objects.requireNonNull(x, "x is null: the matrix to factorise");
        if (rows < 1 || columns < 1 || (long) rows * columns != x.length) {
            throw new IllegalArgumentException(x.length + " values do not make a " + rows + " x " + columns + " matrix");
        }
        if (k < 1) {
            throw new IllegalArgumentException("NMF needs at least 1 component, got " + k);
        }
        if (maxIterations < 1 || !(tol >= 0)) {
            throw new IllegalArgumentException("NMF needs at least 1 iteration and a tolerance of 0 or more, got "
                    + maxIterations + " and " + tol);
        }
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            if (!(v >= 0) || v == Float.POSITIVE_INFINITY) {
                throw new IllegalArgumentException("NMF takes non-negative, finite values; entry (" + i / columns + ", "
                        + i % columns + ") is " + v);
            }
            sum += v;
        }
        // As scikit-learn for float32 data: the mean, its square root and every start value in float32.
        float avg = (float) Math.sqrt((float) (sum / x.length) / (float) k);
        LegacyNormal normal = new LegacyNormal(seed);
        // H is k x columns; kept transposed (columns x k, as scikit-learn's Ht) so both updates walk rows.
        double[] ht = new double[columns * k];
        for (int t = 0; t < k; t++) {
            for (int j = 0; j < columns; j++) {
                ht[j * k + t] = Math.abs(avg * (float) normal.nextGaussian());
            }
        }
        double[] w = new double[rows * k];
        for (int i = 0; i < w.length; i++) {
            w[i] = Math.abs(avg * (float) normal.nextGaussian());
        }
        double first = 0;
        int iterations = 0;
        boolean converged = false;
        for (int it = 1; it <= maxIterations; it++) {
            iterations = it;
            double violation = update(w, rows, k, gram(ht, columns, k), times(x, rows, columns, ht, k));
            violation += update(ht, columns, k, gram(w, rows, k), transposedTimes(x, rows, columns, w, k));
            if (it == 1) {
                first = violation;
            }
            onIteration.accept(it);
            if (first == 0 || violation / first <= tol) {
                converged = true;
                break;
            }
        }
        double[] h = new double[k * columns];
        for (int j = 0; j < columns; j++) {
            for (int t = 0; t < k; t++) {
                h[t * columns + j] = ht[j * k + t];
            }
        }
        return new Factors(w, h, k, iterations, converged, error(x, rows, columns, w, ht, k));
    }

    /**
     * One pass of coordinate descent over the factor {@code f} (n x k, row-major), the other factor held:
     * scikit-learn's {@code _update_cdnmf_fast}.
     *
     * @param gram the other factor's k x k Gram matrix
     * @param product X (or Xᵀ) times the other factor, n x k
     * @return the sum of the projected gradients' magnitudes
     */
    static double update(double[] f, int n, int k, double[] gram, double[] product) {
        double violation = 0;
        for (int t = 0; t < k; t++) {
            double hess = gram[t * k + t];
            for (int i = 0; i < n; i++) {
                int row = i * k;
                double grad = -product[row + t];
                for (int r = 0; r < k; r++) {
                    grad += gram[t * k + r] * f[row + r];
                }
                double projected = f[row + t] == 0 ? Math.min(0, grad) : grad;
                violation += Math.abs(projected);
                if (hess != 0) {
                    f[row + t] = Math.max(f[row + t] - grad / hess, 0);
                }
            }
        }
        return violation;
    }

    /** @return {@code fᵀ f}, k x k, for {@code f} n x k */
    static double[] gram(double[] f, int n, int k) {
        double[] g = new double[k * k];
        for (int i = 0; i < n; i++) {
            int row = i * k;
            for (int a = 0; a < k; a++) {
                double fa = f[row + a];
                for (int b = 0; b < k; b++) {
                    g[a * k + b] += fa * f[row + b];
                }
            }
        }
        return g;
    }

    /** @return {@code X · ht}, rows x k, for X rows x columns and ht columns x k */
    static double[] times(float[] x, int rows, int columns, double[] ht, int k) {
        double[] out = new double[rows * k];
        IntStream range = IntStream.range(0, rows);
        (large(rows, columns, k) ? range.parallel() : range).forEach(i -> {
            int base = i * columns;
            double[] acc = new double[k];
            for (int j = 0; j < columns; j++) {
                double v = x[base + j];
                if (v != 0) {
                    int row = j * k;
                    for (int t = 0; t < k; t++) {
                        acc[t] += v * ht[row + t];
                    }
                }
            }
            System.arraycopy(acc, 0, out, i * k, k);
        });
        return out;
    }

    /** @return {@code Xᵀ · w}, columns x k, for X rows x columns and w rows x k; column blocks in parallel */
    static double[] transposedTimes(float[] x, int rows, int columns, double[] w, int k) {
        double[] out = new double[columns * k];
        int block = 1024;
        int blocks = (columns + block - 1) / block;
        IntStream range = IntStream.range(0, blocks);
        (large(rows, columns, k) ? range.parallel() : range).forEach(b -> {
            int from = b * block;
            int to = Math.min(columns, from + block);
            for (int i = 0; i < rows; i++) {
                int base = i * columns;
                int wRow = i * k;
                for (int j = from; j < to; j++) {
                    double v = x[base + j];
                    if (v != 0) {
                        int row = j * k;
                        for (int t = 0; t < k; t++) {
                            out[row + t] += v * w[wRow + t];
                        }
                    }
                }
            }
        });
        return out;
    }

    /** @return {@code ||X - W Hᵀᵀ||_F} */
    static double error(float[] x, int rows, int columns, double[] w, double[] ht, int k) {
        IntStream range = IntStream.range(0, rows);
        return Math.sqrt((large(rows, columns, k) ? range.parallel() : range).mapToDouble(i -> {
            double s = 0;
            int base = i * columns;
            for (int j = 0; j < columns; j++) {
                double v = 0;
                for (int t = 0; t < k; t++) {
                    v += w[i * k + t] * ht[j * k + t];
                }
                double d = x[base + j] - v;
                s += d * d;
            }
            return s;
        }).sum());
    }

    private static boolean large(int rows, int columns, int k) {
        return (long) rows * columns * k >= PARALLEL_FROM;
    }
}
