package io.github.cam4j.eval;

import java.util.SplittableRandom;

/**
 * ROAD's noisy linear imputation (Rong et al. 2022; pytorch-grad-cam's {@code NoisyLinearImputer}, taken from the
 * authors' {@code road_evaluation}): every removed pixel becomes the weighted mean of its in-picture 8 neighbours, removed
 * or not, the known pixels held fixed, and then gets Gaussian noise.
 *
 * <p>The neighbour weights are the reference's: 1/6 for each of the four edge neighbours, 1/12 for each of the four
 * corner neighbours. A neighbour outside the picture is left out and its weight with it, so a removed border pixel is
 * the mean of the neighbours it has, weighed as above (the reference subtracts the missing weights from the diagonal).
 * The equations of all removed pixels form one sparse symmetric system, solved per channel.
 *
 * <p>Where cam4j differs from the reference:
 * <ul>
 *   <li><b>The solver.</b> The reference solves the whole system directly ({@code scipy.sparse.linalg.spsolve}). cam4j
 *       splits the removed pixels into 8-connected regions, which do not share equations. A region whose known
 *       neighbours all hold one value takes that value (the exact solution: a constant is its own weighted mean); any
 *       other region is solved by conjugate gradients with the diagonal as preconditioner, in double precision, until the
 *       residual's 2-norm is at most {@link #TOLERANCE} times the right-hand side's (or after
 *       {@code 10 * unknowns + 100} iterations). On MNIST canvases most regions touch only black.</li>
 *   <li><b>A region with no known neighbour</b> (the whole picture removed, as ROAD's percentile rule does on a map whose
 *       values tie at its low end) has no unique solution: the reference's direct solve of that singular system gives
 *       no usable picture. cam4j fills it with 0, black, the canvas's background and what an imputation from all-black
 *       surroundings gives.</li>
 *   <li><b>The noise</b> is drawn from a seeded generator (the reference's {@code torch.randn_like} is unseeded), so a
 *       run can be repeated to the bit.</li>
 * </ul>
 *
 * <pre>{@code
 * float[] filled = NoisyLinearImputer.impute(pixels, 84, 84, 1, removed, 2.55, new SplittableRandom(42));
 * }</pre>
 */
final class NoisyLinearImputer {
    /** The solver's relative residual at which conjugate gradients stop. */
    static final double TOLERANCE = 1e-9;
    /** The reference's weight of an edge neighbour (up, down, left, right). */
    static final double EDGE = 1.0 / 6;
    /** The reference's weight of a corner neighbour. */
    static final double CORNER = 1.0 / 12;

    private static final int[] DY = {-1, -1, -1, 0, 0, 1, 1, 1};
    private static final int[] DX = {-1, 0, 1, -1, 1, -1, 0, 1};
    private static final double[] WEIGHT = {CORNER, EDGE, CORNER, EDGE, EDGE, CORNER, EDGE, CORNER};

    private NoisyLinearImputer() {}

    /**
     * @param image {@code height * width * channels} values, channels last (a grey canvas has one)
     * @param height its height
     * @param width its width
     * @param channels values per pixel, 1 or more; each channel is imputed on its own, from the same removed pixels
     * @param removed {@code height * width} flags, true where the pixel is removed and imputed
     * @param noise the standard deviation of the Gaussian noise added to each imputed value, in the image's units; 0 for
     *     none
     * @param random draws the noise, in pixel order, channels innermost (not used when {@code noise} is 0)
     * @return a new image: the known pixels as they were, the removed ones imputed
     * @throws IllegalArgumentException when the sizes disagree or {@code noise} is negative
     */
    static float[] impute(float[] image, int height, int width, int channels, boolean[] removed, double noise,
            SplittableRandom random) {
        int pixels = height * width;
        if (channels < 1 || image.length != pixels * channels || removed.length != pixels) {
            throw new IllegalArgumentException("need " + height + "x" + width + "x" + channels + " values and " + pixels
                    + " flags, got " + image.length + " and " + removed.length);
        }
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise must be 0 or more, got " + noise);
        }
        float[] out = image.clone();
        int[] region = new int[pixels];
        int[] local = new int[pixels];
        boolean[] seen = new boolean[pixels];
        for (int start = 0; start < pixels; start++) {
            if (!removed[start] || seen[start]) {
                continue;
            }
            int n = collect(start, height, width, removed, seen, region);
            for (int i = 0; i < n; i++) {
                local[region[i]] = i;
            }
            for (int c = 0; c < channels; c++) {
                solveRegion(image, out, height, width, channels, c, removed, region, n, local);
            }
        }
        if (noise > 0) {
            for (int p = 0; p < pixels; p++) {
                if (removed[p]) {
                    for (int c = 0; c < channels; c++) {
                        out[p * channels + c] += (float) (noise * random.nextGaussian());
                    }
                }
            }
        }
        return out;
    }

    /** Gathers the 8-connected removed region around {@code start} into {@code region}; returns its size. */
    private static int collect(int start, int height, int width, boolean[] removed, boolean[] seen, int[] region) {
        int n = 0;
        region[n++] = start;
        seen[start] = true;
        for (int head = 0; head < n; head++) {
            int p = region[head];
            int y = p / width;
            int x = p % width;
            for (int k = 0; k < 8; k++) {
                int ny = y + DY[k];
                int nx = x + DX[k];
                if (ny < 0 || nx < 0 || ny >= height || nx >= width) {
                    continue;
                }
                int q = ny * width + nx;
                if (removed[q] && !seen[q]) {
                    seen[q] = true;
                    region[n++] = q;
                }
            }
        }
        return n;
    }

    /**
     * Solves one channel of one region: for each removed pixel i, {@code d_i x_i - sum_j w_ij x_j = b_i}, where d_i is
     * the sum of its in-picture neighbours' weights, j runs over its removed neighbours and b_i is the weighted sum of
     * its known neighbours' values. The matrix is symmetric (opposite offsets weigh alike) and positive definite when
     * the region has a known neighbour.
     */
    private static void solveRegion(float[] image, float[] out, int height, int width, int channels, int c,
            boolean[] removed, int[] region, int n, int[] local) {
        double[] diagonal = new double[n];
        double[] b = new double[n];
        boolean anyKnown = false;
        boolean constant = true;
        double first = Double.NaN;
        for (int i = 0; i < n; i++) {
            int p = region[i];
            int y = p / width;
            int x = p % width;
            for (int k = 0; k < 8; k++) {
                int ny = y + DY[k];
                int nx = x + DX[k];
                if (ny < 0 || nx < 0 || ny >= height || nx >= width) {
                    continue;
                }
                diagonal[i] += WEIGHT[k];
                int q = ny * width + nx;
                if (!removed[q]) {
                    double v = image[q * channels + c];
                    b[i] += WEIGHT[k] * v;
                    if (!anyKnown) {
                        first = v;
                        anyKnown = true;
                    } else if (v != first) {
                        constant = false;
                    }
                }
            }
        }
        if (!anyKnown || constant) {
            // No known neighbour: filled with black (see the class). One known value: it is the exact solution.
            float value = anyKnown ? (float) first : 0f;
            for (int i = 0; i < n; i++) {
                out[region[i] * channels + c] = value;
            }
            return;
        }
        double[] x = conjugateGradients(diagonal, b, height, width, removed, region, n, local);
        for (int i = 0; i < n; i++) {
            out[region[i] * channels + c] = (float) x[i];
        }
    }

    /** Jacobi-preconditioned conjugate gradients from the right-hand side's own weighted mean as a start. */
    private static double[] conjugateGradients(double[] diagonal, double[] b, int height, int width, boolean[] removed,
            int[] region, int n, int[] local) {
        double[] x = new double[n];
        double bNorm = 0;
        for (int i = 0; i < n; i++) {
            // The mean of the known neighbours alone: the solution itself for a pixel whose neighbours are all known.
            x[i] = b[i] / diagonal[i];
            bNorm += b[i] * b[i];
        }
        bNorm = Math.sqrt(bNorm);
        double[] r = new double[n];
        double[] ax = new double[n];
        multiply(x, ax, diagonal, width, height, removed, region, n, local);
        for (int i = 0; i < n; i++) {
            r[i] = b[i] - ax[i];
        }
        double[] z = new double[n];
        double[] p = new double[n];
        double rz = 0;
        for (int i = 0; i < n; i++) {
            z[i] = r[i] / diagonal[i];
            p[i] = z[i];
            rz += r[i] * z[i];
        }
        double[] ap = ax;
        int maxIterations = 10 * n + 100;
        for (int it = 0; it < maxIterations; it++) {
            double rNorm = 0;
            for (int i = 0; i < n; i++) {
                rNorm += r[i] * r[i];
            }
            if (Math.sqrt(rNorm) <= TOLERANCE * bNorm || rz == 0) {
                break;
            }
            multiply(p, ap, diagonal, width, height, removed, region, n, local);
            double pap = 0;
            for (int i = 0; i < n; i++) {
                pap += p[i] * ap[i];
            }
            double alpha = rz / pap;
            double rzNext = 0;
            for (int i = 0; i < n; i++) {
                x[i] += alpha * p[i];
                r[i] -= alpha * ap[i];
                z[i] = r[i] / diagonal[i];
                rzNext += r[i] * z[i];
            }
            double beta = rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < n; i++) {
                p[i] = z[i] + beta * p[i];
            }
        }
        return x;
    }

    /** {@code out = A v} for the region's matrix: the diagonal minus the removed neighbours' weights. */
    private static void multiply(double[] v, double[] out, double[] diagonal, int width, int height, boolean[] removed,
            int[] region, int n, int[] local) {
        for (int i = 0; i < n; i++) {
            int p = region[i];
            int y = p / width;
            int x = p % width;
            double s = diagonal[i] * v[i];
            for (int k = 0; k < 8; k++) {
                int ny = y + DY[k];
                int nx = x + DX[k];
                if (ny < 0 || nx < 0 || ny >= height || nx >= width) {
                    continue;
                }
                int q = ny * width + nx;
                if (removed[q]) {
                    s -= WEIGHT[k] * v[local[q]];
                }
            }
            out[i] = s;
        }
    }
}
