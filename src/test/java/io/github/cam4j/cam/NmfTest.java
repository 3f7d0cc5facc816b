package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Nmf} on hand cases whose answer is known, and against scikit-learn's {@code NMF(init='random',
 * random_state=0)} on the matrices python-export/make_dff_reference.py stored (scikit-learn 1.2.1).
 */
class NmfTest {

    /** numpy's {@code RandomState(0).standard_normal(5)} and {@code RandomState(12345).standard_normal(3)}, printed. */
    @Test
    void theStartingDeviatesAreNumpysToTheBit() {
        LegacyNormal zero = new LegacyNormal(0);
        double[] expected = {1.764052345967664, 0.4001572083672233, 0.9787379841057392, 2.240893199201458,
            1.8675579901499675};
        for (double e : expected) {
            assertEquals(e, zero.nextGaussian(), 0.0);
        }
        LegacyNormal other = new LegacyNormal(12345);
        for (double e : new double[] {-0.20470765948471295, 0.47894333805754824, -0.5194387150567381}) {
            assertEquals(e, other.nextGaussian(), 0.0);
        }
        // MT19937's first words from init_genrand(0): numpy's RandomState(0).randint(0, 2**32, 3, dtype=uint64).
        LegacyNormal words = new LegacyNormal(0);
        assertEquals(2357136044L, words.nextWord());
        assertEquals(2546248239L, words.nextWord());
        assertEquals(3071714933L, words.nextWord());
    }

    /**
     * A matrix that is exactly the product of non-negative factors, each component owning a row of W and a column of H
     * (so the factorisation is unique up to order and scale): found again. Each found column of W points where one of
     * the true columns points (cosine above 0.999: an exact factorisation has cosine 1, and the descent stops at a
     * violation 1e-4 of its first, which leaves the product within a fraction of a percent), and the reconstruction
     * error is a small share of the matrix's norm.
     */
    @Test
    void anExactProductOfNonNegativeFactorsIsFoundAgainUpToOrderAndScale() {
        int rows = 15;
        int columns = 50;
        int k = 3;
        java.util.Random r = new java.util.Random(3);
        double[] w0 = new double[rows * k];
        double[] h0 = new double[k * columns];
        for (int i = 0; i < w0.length; i++) {
            w0[i] = r.nextDouble() < 0.5 ? 0 : r.nextDouble();
        }
        for (int i = 0; i < h0.length; i++) {
            h0[i] = r.nextDouble() < 0.5 ? 0 : r.nextDouble();
        }
        for (int t = 0; t < k; t++) {
            // Row t of W and column t of H are component t's alone.
            for (int s = 0; s < k; s++) {
                w0[t * k + s] = s == t ? 1 : 0;
                h0[s * columns + t] = s == t ? 1 : 0;
            }
        }
        float[] x = new float[rows * columns];
        double norm = 0;
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < columns; j++) {
                double v = 0;
                for (int t = 0; t < k; t++) {
                    v += w0[i * k + t] * h0[t * columns + j];
                }
                x[i * columns + j] = (float) v;
                norm += v * v;
            }
        }
        Nmf.Factors f = Nmf.factorize(x, rows, columns, k, 0, 1e-6, 2000, it -> { });
        assertTrue(f.error() < 1e-3 * Math.sqrt(norm), "error " + f.error() + " of a matrix of norm " + Math.sqrt(norm));
        boolean[] matched = new boolean[k];
        for (int found = 0; found < k; found++) {
            int best = -1;
            double bestCosine = -1;
            for (int t = 0; t < k; t++) {
                double c = cosine(column(f.w(), rows, k, found), column(w0, rows, k, t));
                if (c > bestCosine) {
                    bestCosine = c;
                    best = t;
                }
            }
            assertTrue(bestCosine > 0.999, "component " + found + " matches none: best cosine " + bestCosine);
            assertTrue(!matched[best], "two components found the same true one, " + best);
            matched[best] = true;
        }
    }

    /** Every iteration only lowers the loss, and the factors never go negative: more iterations, less error. */
    @Test
    void theErrorFallsWithIterationsAndTheFactorsStayNonNegative() {
        float[] x = randomMatrix(30, 40, 5);
        double previous = Double.POSITIVE_INFINITY;
        for (int iterations : new int[] {1, 2, 5, 20, 100}) {
            Nmf.Factors f = Nmf.factorize(x, 30, 40, 4, 0, 0, iterations, it -> { });
            assertEquals(iterations, f.iterations());
            // Coordinate descent minimises exactly along each coordinate: the loss cannot rise (to float rounding).
            assertTrue(f.error() <= previous + 1e-9, iterations + " iterations: error " + f.error() + " after " + previous);
            previous = f.error();
            for (double v : f.w()) {
                assertTrue(v >= 0, "W holds " + v);
            }
            for (double v : f.h()) {
                assertTrue(v >= 0, "H holds " + v);
            }
        }
    }

    /**
     * scikit-learn's factors from the same start: the same number of iterations, the same reconstruction error to
     * 1e-4 of it, and the same factors to 2e-5 of their largest value (measured: 3e-6 at most; the errors agree to 4e-5). The gaps
     * are float32 against double rounding
     * (scikit-learn computes in float32 for float32 data), carried along by up to 200 descent steps.
     */
    @Test
    void scikitLearnsFactorsAreFoundFromTheSameStart() throws IOException {
        JsonNode reference = reference();
        for (String name : new String[] {"random", "product"}) {
            JsonNode m = reference.get(name);
            int rows = m.get("rows").asInt();
            int columns = m.get("columns").asInt();
            int k = m.get("k").asInt();
            Nmf.Factors f = Nmf.factorize(floats(m.get("x")), rows, columns, k, 0);
            assertEquals(m.get("iterations").asInt(), f.iterations(), name);
            assertEquals(m.get("error").asDouble(), f.error(), 1e-4 * m.get("error").asDouble(), name);
            assertClose(floats(m.get("w")), f.w(), 2e-5, name + " W");
            assertClose(floats(m.get("h")), f.h(), 2e-5, name + " H");
        }
    }

    /** Negative and non-finite entries, sizes that do not match, no components: refused, naming what is wrong. */
    @Test
    void badInputIsRefused() {
        float[] x = {1, 2, -0.5f, 4};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nmf.factorize(x, 2, 2, 1, 0));
        assertEquals("NMF takes non-negative, finite values; entry (1, 0) is -0.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Nmf.factorize(new float[] {1, Float.NaN}, 1, 2, 1, 0));
        assertThrows(IllegalArgumentException.class,
                () -> Nmf.factorize(new float[] {1, Float.POSITIVE_INFINITY}, 1, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Nmf.factorize(new float[3], 2, 2, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> Nmf.factorize(new float[4], 2, 2, 0, 0));
    }

    /** An all-zero matrix has nothing to factor: zero violation, stopped at once, never NaN. */
    @Test
    void aZeroMatrixStopsAtOnce() {
        Nmf.Factors f = Nmf.factorize(new float[6], 2, 3, 2, 0);
        assertEquals(1, f.iterations());
        assertTrue(f.converged());
        assertArrayEquals(new double[6], f.h(), 0.0);
        assertEquals(0.0, f.error(), 0.0);
    }

    static JsonNode reference() throws IOException {
        try (InputStream in = NmfTest.class.getResourceAsStream("/dff-reference.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    static float[] floats(JsonNode array) {
        float[] out = new float[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) array.get(i).asDouble();
        }
        return out;
    }

    private static void assertClose(float[] expected, double[] actual, double share, String what) {
        assertEquals(expected.length, actual.length, what);
        double largest = 0;
        for (float v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], share * largest, what + " entry " + i);
        }
    }

    private static float[] randomMatrix(int rows, int columns, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[rows * columns];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) Math.abs(r.nextGaussian());
        }
        return x;
    }

    private static double[] column(double[] m, int rows, int k, int t) {
        double[] c = new double[rows];
        for (int i = 0; i < rows; i++) {
            c[i] = m[i * k + t];
        }
        return c;
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }
}
