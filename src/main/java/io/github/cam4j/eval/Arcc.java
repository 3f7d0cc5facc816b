package io.github.cam4j.eval;

/**
 * Complexity, coherency and ARCC, as pytorch-grad-cam's {@code metrics/arcc.py} computes them (its {@code Complexity},
 * {@code Coherency} and {@code ARCC}; the paper is arXiv 2605.14641, the first two after arXiv 2104.10252).
 *
 * <ul>
 *   <li><b>Complexity</b>: the mean of |map| over the map's pixels, in [0, 1] for a map in [0, 1] (all zeros 0, all
 *       ones 1); lower is simpler.</li>
 *   <li><b>Coherency</b>: {@code (rho + 1) / 2}, rho the Pearson correlation of the map with the same method's map of
 *       the input multiplied by that map, for the same class; in [0, 1], higher is better. rho is the reference's
 *       {@code batch_pearson_coherency}: covariance and standard deviations with n - 1 in the denominator and
 *       {@link #EPS} added to the product of the standard deviations, so two constant maps have rho 0 (coherency 0.5),
 *       not NaN.</li>
 *   <li><b>ARCC</b>: {@code 3 / (1 / (coherency + 1e-8) + 1 / (1 - complexity + 1e-8) + 1 / (road + 1e-8))}, the harmonic
 *       mean of coherency, 1 - complexity and {@code clip(2 * ROAD combined, 0, 1)}, ROAD combined taken at the
 *       percentiles {@link #ROAD_PERCENTILES} only (the reference's docstring says geometric mean; its code, followed
 *       here, takes the harmonic one). A canvas whose ROAD is 0 or less has ARCC of about 3e-8.</li>
 * </ul>
 *
 * <p>All three are per canvas; a report gives their means. They are computed in double precision from the float maps
 * (the reference works in float32).
 */
final class Arcc {
    private Arcc() {}

    /** The reference's epsilon, in the Pearson correlation's denominator and in each term of ARCC's harmonic mean. */
    static final double EPS = 1e-8;
    /** The percentiles ARCC's ROAD combined averages over: pytorch-grad-cam's {@code ARCC} default. */
    static final double[] ROAD_PERCENTILES = {20, 40, 60, 80};

    /**
     * One canvas's complexity and coherency under one map.
     *
     * @param complexity the map's mean absolute value
     * @param coherency {@code (rho + 1) / 2} of the map and the map of the canvas masked by it
     */
    record Parts(double complexity, double coherency) {}

    /**
     * @param map a map, as the faithfulness measures are given it
     * @param ofMasked the same method's map of the canvas multiplied by {@code map}, for the same class
     * @return the canvas's complexity and coherency
     */
    static Parts parts(float[] map, float[] ofMasked) {
        return new Parts(complexity(map), coherency(map, ofMasked));
    }

    /**
     * @param map a map
     * @return the mean of its absolute values (NaN for an empty map, as the reference's 0 / 0)
     */
    static double complexity(float[] map) {
        double sum = 0;
        for (float v : map) {
            sum += Math.abs(v);
        }
        return sum / map.length;
    }

    /**
     * @param map a map
     * @param ofMasked the map of the input multiplied by {@code map}
     * @return {@code (pearson(ofMasked, map) + 1) / 2}
     */
    static double coherency(float[] map, float[] ofMasked) {
        return (pearson(ofMasked, map) + 1) / 2;
    }

    /**
     * @param a some values
     * @param b as many
     * @return the reference's {@code batch_pearson_coherency} of one pair: {@code cov / (std_a * std_b + 1e-8)}, each
     *     with n - 1 in the denominator (NaN for fewer than two values, the reference's 0 / 0)
     * @throws IllegalArgumentException when the two differ in length
     */
    static double pearson(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("coherency needs two maps of one size, got " + a.length + " and " + b.length
                    + " values");
        }
        int n = a.length;
        double meanA = 0;
        double meanB = 0;
        for (int i = 0; i < n; i++) {
            meanA += a[i];
            meanB += b[i];
        }
        meanA /= n;
        meanB /= n;
        double cov = 0;
        double varA = 0;
        double varB = 0;
        for (int i = 0; i < n; i++) {
            double da = a[i] - meanA;
            double db = b[i] - meanB;
            cov += da * db;
            varA += da * da;
            varB += db * db;
        }
        double dof = n - 1;
        return (cov / dof) / (Math.sqrt(varA / dof) * Math.sqrt(varB / dof) + EPS);
    }

    /**
     * @param parts a canvas's complexity and coherency
     * @param road its ROAD scores (at least at {@link #ROAD_PERCENTILES})
     * @return its ARCC
     */
    static double of(Parts parts, Road.Scores road) {
        return of(parts.coherency(), parts.complexity(), road.combinedAt(ROAD_PERCENTILES));
    }

    /**
     * @param coherency the coherency
     * @param complexity the complexity
     * @param roadCombined ROAD combined at {@link #ROAD_PERCENTILES}, in [-0.5, 0.5]
     * @return the harmonic mean of coherency, {@code 1 - complexity} and {@code clip(2 * roadCombined, 0, 1)}, each term
     *     with {@link #EPS} added as the reference adds it
     */
    static double of(double coherency, double complexity, double roadCombined) {
        // The reference: ROAD is between -0.5 and 0.5, scaled and clipped to 0..1.
        double road = Math.min(1, Math.max(0, 2 * roadCombined));
        return 3 / (1 / (coherency + EPS) + 1 / ((1 - complexity) + EPS) + 1 / (road + EPS));
    }

    /**
     * @param method a method or baseline
     * @return whether its map of a canvas does not depend on the canvas's pixels (the centre Gaussian; the uniform noise,
     *     seeded by the digit): its map of the masked canvas is its map, so its coherency is 1 (less the epsilon's
     *     share) by construction, and comparing CAM with it on coherency says nothing about CAM
     */
    static boolean ignoresInput(Method method) {
        return method == Method.CENTRE || method == Method.RANDOM;
    }
}
