package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.GradientWeighting;
import org.junit.jupiter.api.Test;

/** {@link EigenSmooth} on weighted features whose first principal component is known by hand. */
class EigenSmoothTest {
    /**
     * Four cells of two channels, {@code (1, 0), (0, 1), (1, 1), (0, 0)}, weighed 3 and 1: the weighted rows
     * {@code (3, 0), (0, 1), (3, 1), (0, 0)} centred by their means {@code (1.5, 0.5)} are {@code (±1.5, ±0.5)}, whose
     * Gram matrix {@code diag(9, 1)} has its first component along channel 0. The projection is {@code 1.5, -1.5, 1.5,
     * -1.5}; the unsmoothed sums {@code 3, 1, 4, 0} agree with it, so it keeps its sign, and the ReLU leaves
     * {@code 1.5, 0, 1.5, 0}: channel 1's weaker pattern, which made cell 2 hotter than cell 0, is gone.
     */
    private static final float[] FEATURES = {1, 0, 0, 1, 1, 1, 0, 0};

    @Test
    void theSmoothedMapKeepsOnlyTheDominantPatternOfTheWeightedFeatures() {
        float[] map = EigenSmooth.channelWeighted(FEATURES, 4, 2, new float[] {3, 1});
        assertArrayEquals(new float[] {1.5f, 0f, 1.5f, 0f}, map, 1e-6f);
        // The same weights held in double (Score-CAM's, Ablation-CAM's) give the same map.
        assertArrayEquals(map, EigenSmooth.channelWeighted(FEATURES, 4, 2, new double[] {3, 1}), 0f);
    }

    /**
     * Weights of the other sign, {@code -3, -1}: the weighted features are negated, their component is the same line,
     * and the map moves to cell 1, where this class's unsmoothed sums {@code -3, -1, -4, 0} are highest among the cells
     * with activations. Cell 3 has none: its centred projection, 1.5, was as hot as cell 1; it holds no evidence and
     * stays 0.
     */
    @Test
    void negatedWeightsMoveTheMapWhereTheirSumIsHighest() {
        assertArrayEquals(new float[] {0f, 1.5f, 0f, 0f}, EigenSmooth.channelWeighted(FEATURES, 4, 2,
                new float[] {-3, -1}), 1e-6f);
    }

    /**
     * The sign rule. Features {@code (2, 0, 0), (0, 3, 3), (1, 1.5, 1.5), (1, 1.5, 1.5)} weighed {@code 1, 0.5, 0.5}:
     * centred, the rows are {@code ±d} and 0 with {@code d = (1, -0.75, -0.75)}, so the component is {@code ±d/|d|}, and
     * the projection {@code ±|d|, ∓|d|, 0, 0}. The unsmoothed sums {@code 2, 3, 2.5, 2.5} are highest at cell 1, so the
     * map is {@code 0, |d|, 0, 0}. The decomposition's own orientation (OpenCV's makes the largest entry positive,
     * {@code +d}, whose entries sum below 0) would put it at cell 0, where the sum is lowest.
     */
    @Test
    void theSignFollowsTheUnsmoothedMapNotTheDecomposition() {
        float[] features = {2, 0, 0, 0, 3, 3, 1, 1.5f, 1.5f, 1, 1.5f, 1.5f};
        float d = (float) Math.sqrt(1 + 2 * 0.75 * 0.75);
        assertArrayEquals(new float[] {0f, d, 0f, 0f}, EigenSmooth.channelWeighted(features, 4, 3,
                new float[] {1, 0.5f, 0.5f}), 1e-6f);
    }

    /**
     * Where the sign rule and Eigen-CAM's centred one part. Weighted features {@code (0, 1), (-1, -1), (-2, -3),
     * (3, -3)} (weights 1; a gradient method's negative weights give such): centred by their means {@code (0, -1.5)} the
     * rows are {@code (0, 2.5), (-1, 0.5), (-2, -1.5), (3, -1.5)}, Gram {@code [[14, -2], [-2, 11]]}, eigenvalues
     * {@code (25 ± 5) / 2}, the first 15 with eigenvector {@code (2, -1) / sqrt(5)}, and the projection
     * {@code (-2.5, -2.5, -2.5, 7.5) / sqrt(5)}. The unsmoothed sums are {@code 1, -2, -5, 0}: only cell 0 holds evidence
     * for the class. Agreement with their positive part, {@code -2.5 / sqrt(5)}, flips the projection: the map is
     * {@code sqrt(5) / 2} on cells 0 to 2 and 0 on cell 3, so cell 0 is among the hottest. Agreement with the centred
     * sums ({@code 2.5, -0.5, -3.5, 1.5}) is {@code +15 / sqrt(5)} and would keep it: all the heat on cell 3, whose sum is
     * 0, and none on cell 0. Tolerance: float rounding of values about 1.
     */
    @Test
    void theSignAgreesWithTheUnsmoothedMapsPositivePartNotItsCentredTrend() {
        float[] features = {0, 1, -1, -1, -2, -3, 3, -3};
        float half = (float) (Math.sqrt(5) / 2);
        assertArrayEquals(new float[] {half, half, half, 0f}, EigenSmooth.channelWeighted(features, 4, 2,
                new float[] {1, 1}), 1e-6f);
    }

    /**
     * A map with no positive part to agree with: rows {@code (0, -1), (-1, -2), (-2, -3), (-3, -4)}, every sum below 0
     * ({@code -1, -3, -5, -7}). Centred they are {@code c (1, 1)} with {@code c = 1.5, 0.5, -0.5, -1.5}: the component is
     * {@code (1, 1) / sqrt(2)} and the projection {@code c sqrt(2)}. The sign then agrees with the centred sums
     * ({@code 3, 1, -1, -3}, positive agreement), so the heat goes where the sums are least negative: {@code 1.5 sqrt(2),
     * 0.5 sqrt(2), 0, 0}. Tolerance: float rounding of values about 2.
     */
    @Test
    void withoutAnyPositiveSumTheSignFollowsTheCentredSums() {
        float[] features = {0, -1, -1, -2, -2, -3, -3, -4};
        float root2 = (float) Math.sqrt(2);
        assertArrayEquals(new float[] {1.5f * root2, 0.5f * root2, 0f, 0f}, EigenSmooth.channelWeighted(features, 4, 2,
                new float[] {1, 1}), 1e-6f);
    }

    /**
     * HiResCAM's products weigh each cell by its own gradient: gradients {@code (1, 0), (0, 2), (-1, 1), (2, 2)} on the
     * features above make the rows {@code (1, 0), (0, 2), (-1, 1), (0, 0)}, centred {@code (1, -0.75), (0, 1.25),
     * (-1, 0.25), (0, -0.75)}, Gram {@code [[2, -1], [-1, 2.75]]}: eigenvalues {@code (4.75 ± sqrt(4.5625)) / 2}, the
     * first 3.44300 with eigenvector {@code (1, -1.44300)} normalised. LayerCAM drops the negative gradient:
     * rows {@code (1, 0), (0, 2), (0, 1), (0, 0)}.
     */
    @Test
    void cellByCellProductsAreProjectedAsChannelWeightedOnesAre() {
        float[] gradient = {1, 0, 0, 2, -1, 1, 2, 2};
        double l = (4.75 + Math.sqrt(0.75 * 0.75 + 4)) / 2;
        double[] v = {1, -(l - 2)};
        double norm = Math.hypot(v[0], v[1]);
        double[][] centred = {{1, -0.75}, {0, 1.25}, {-1, 0.25}, {0, -0.75}};
        double[] sums = {1, 2, 0, 0};
        double[] projection = new double[4];
        double agreement = 0;
        for (int p = 0; p < 4; p++) {
            projection[p] = (centred[p][0] * v[0] + centred[p][1] * v[1]) / norm;
            agreement += projection[p] * (sums[p] - 0.75);
        }
        float[] expected = new float[4];
        for (int p = 0; p < 4; p++) {
            expected[p] = (float) Math.max(0, Math.signum(agreement) * projection[p]);
        }
        assertArrayEquals(expected, EigenSmooth.cellWeighted(
                gradient, FEATURES, 4, 2, GradientWeighting.HIRES_CAM), 1e-5f);
        // LayerCAM: the products (1, 0), (0, 2), (0, 1), (0, 0) are the rows of channel-weighted features (1, 0),
        // (0, 1), (0, 0.5), (0, 0) by weights 1 and 2.
        assertArrayEquals(EigenSmooth.channelWeighted(new float[] {1, 0, 0, 1, 0, 0.5f, 0, 0}, 4, 2, new float[] {1, 2}),
                EigenSmooth.cellWeighted(gradient, FEATURES, 4, 2, GradientWeighting.LAYER_CAM), 1e-6f);
    }

    /**
     * Grad-CAM element-wise projects the products cut at 0, {@code ReLU(g_k · A_k)}, as pytorch-grad-cam's
     * GradCAMElementWise hands {@code np.maximum(grads * activations, 0)} to {@code get_2d_projection}. Gradients
     * {@code (1, 0), (0, 2), (-1, 1), (2, 2)} on activations {@code (1, 0), (0, 1), (-1, 1), (0, -1)} (negative ones,
     * as after a batch normalisation) give the products {@code (1, 0), (0, 2), (1, 1), (0, -2)}, cut to
     * {@code (1, 0), (0, 2), (1, 1), (0, 0)}: the rows of those features under weights 1 and 1. HiResCAM projects the
     * uncut products, LayerCAM {@code ReLU(g) · A} = {@code (1, 0), (0, 2), (0, 1), (0, -2)}; both differ.
     */
    @Test
    void gradCamElementWiseProjectsTheProductsCutAtZero() {
        float[] gradient = {1, 0, 0, 2, -1, 1, 2, 2};
        float[] activations = {1, 0, 0, 1, -1, 1, 0, -1};
        float[] smoothed = EigenSmooth.cellWeighted(
                gradient, activations, 4, 2, GradientWeighting.GRAD_CAM_ELEMENT_WISE);
        assertArrayEquals(EigenSmooth.channelWeighted(new float[] {1, 0, 0, 2, 1, 1, 0, 0}, 4, 2, new float[] {1, 1}),
                smoothed, 1e-6f);
        for (boolean layerCam : new boolean[] {false, true}) {
            float[] other = EigenSmooth.cellWeighted(
                    gradient, activations, 4, 2, layerCam ? GradientWeighting.LAYER_CAM : GradientWeighting.HIRES_CAM);
            double most = 0;
            for (int p = 0; p < 4; p++) {
                most = Math.max(most, Math.abs(other[p] - smoothed[p]));
            }
            assertTrue(most > 0.1, (layerCam ? "LayerCAM" : "HiResCAM") + " " + java.util.Arrays.toString(other)
                    + " against " + java.util.Arrays.toString(smoothed));
        }
    }

    /** A single cell, or weights that leave nothing varying over the cells, give no evidence: a zero map, never NaN. */
    @Test
    void nothingThatVariesGivesAZeroMap() {
        assertArrayEquals(new float[4], EigenSmooth.channelWeighted(FEATURES, 4, 2, new float[] {0, 0}), 0f);
        assertArrayEquals(new float[1], EigenSmooth.channelWeighted(new float[] {2, 5}, 1, 2, new float[] {1, 1}), 0f);
    }

    /**
     * Score-CAM's and Ablation-CAM's smoothed maps use their own weights: Score-CAM's softmax of the masked logits
     * ({@code ln 3, 0}: weights 3/4 and 1/4, the map above over 4), Ablation-CAM's drops over {@code |y_c|} (drops 3 and
     * 1 with {@code y_c = -2}: the map above over 2, the sign of {@code y_c} turning nothing).
     */
    @Test
    void scoreCamAndAblationCamSmoothTheirOwnWeights() {
        ScoreCam.Scores scores = new ScoreCam.Scores(new int[] {7}, new float[][] {{(float) Math.log(3)}, {0f}});
        assertArrayEquals(new float[] {1.5f / 4, 0f, 1.5f / 4, 0f}, ScoreCam.smoothedMap(FEATURES, 4, FEATURES.length / 4, scores, 7), 1e-6f);
        AblationCam.Scores drops = new AblationCam.Scores(new int[] {2}, new float[] {-2f},
                new float[][] {{-5f}, {-3f}});
        assertArrayEquals(new float[] {0.75f, 0f, 0.75f, 0f}, AblationCam.map(FEATURES, 4, drops, 2, true), 1e-6f);
        // Unsmoothed, the same weights sum: (3 * f0 + f1) / 2.
        assertArrayEquals(new float[] {1.5f, 0.5f, 2f, 0f}, AblationCam.map(FEATURES, 4, drops, 2, false), 1e-6f);
    }
}
