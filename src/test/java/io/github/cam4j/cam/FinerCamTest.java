package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.FinerComparison;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TestDigits;
import io.github.cam4j.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finer-CAM worked out by hand on the tiny model (8x8 input, a 3x3 convolution with 2 ReLU channels, global average
 * pooling, a dense layer of 3 classes): with a linear head after the pooling, the gradient of any function T of the
 * logits at a cell is {@code (1/64) sum_m dT/dz_m W[k, m]}, the same at every cell, so Finer-CAM's map is
 * {@code ReLU((1/64) sum_m dT/dz_m CAM_m)}, {@code CAM_m} the class's CAM map. {@code dT/dz} of
 * {@code T = sum_j p_j (z_c - alpha z_j) / (sum_j p_j + 1e-9)} is worked out here in double, softmax derivative
 * included ({@code dp_j/dz_m = p_j (delta_jm - p_m)}), as torch differentiates it.
 */
class FinerCamTest {
    @TempDir
    static Path tmp;

    private static Path tiny;
    private static Map<String, float[]> weights;
    private static final int IMAGES = 12;
    private static float[] pixels;

    @BeforeAll
    static void exportTinyModel() throws Exception {
        tiny = tmp.resolve("tiny");
        weights = TinyModels.export(TinyModels.tiny(), 11, tiny);
        Random random = new Random(5);
        pixels = new float[IMAGES * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
    }

    /**
     * pytorch-grad-cam's default compares with the classes at ranks 1, 2 and 3, which a 3-class model does not have:
     * the session is refused in one line saying so, not failed by a gather when run.
     */
    @Test
    void theDefaultComparisonOnThreeClassesIsRefusedSayingWhy() {
        SettingBeyondModelException e = assertThrows(SettingBeyondModelException.class, () -> CamSession.builder().setModel(tiny)
                .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM)).build());
        assertTrue(e.getMessage().contains("ranks [1, 2, 3]") && e.getMessage().contains("needs at least 4 classes;"
                + " this model has 3"), e.getMessage());
    }

    /**
     * With ranks 1 and 2 and alpha 0.7 fed, the maps of the predicted class and of a class given (2) equal the hand
     * computation within 1e-5 of each map's largest value (float32 sums of 2 channels and a float32 softmax in the
     * graph against double here: a few 1e-7 relative), and they are not Grad-CAM's maps (where Grad-CAM's
     * predicted-class map is blank on 11 of the 12 pictures, Finer-CAM's is not: the compared classes' CAMs,
     * subtracted, show where the class stands out).
     */
    @Test
    void mapsEqualTheHandComputedGradientOfTheFinerTarget() throws Exception {
        FinerComparison comparison = new FinerComparison(0.7f, List.of(1, 2));
        List<ImageExplanation> cams;
        try (CamSession cam = CamSession.builder().setModel(tiny).build()) {
            cams = cam.explainPixels(pixels, IMAGES, 8, 8, Target.topK(3));
        }
        int differ = 0;
        int nonBlank = 0;
        for (Target target : new Target[] {Target.predicted(), Target.of(2)}) {
            List<ImageExplanation> finer;
            List<ImageExplanation> grad;
            try (CamSession s = CamSession.builder().setModel(tiny).optLoadOptions(LoadOptions.defaults()
                    .withGradients(GradientWeighting.FINER_CAM)).optFinerComparison(comparison).build()) {
                finer = s.explainPixels(pixels, IMAGES, 8, 8, target);
            }
            try (CamSession s = CamSession.builder().setModel(tiny).optLoadOptions(LoadOptions.defaults()
                    .withGradCam()).build()) {
                grad = s.explainPixels(pixels, IMAGES, 8, 8, target);
            }
            for (int i = 0; i < IMAGES; i++) {
                float[] z = finer.get(i).logits();
                int c = target instanceof Target.OfClass g ? g.classIndex() : finer.get(i).predicted();
                assertEquals(c, finer.get(i).first().classIndex());
                double[] u = finerGradient(z, c, comparison.alpha(), comparison.ranks());
                float[][] classMaps = new float[3][];
                for (CamResult r : cams.get(i).maps()) {
                    classMaps[r.classIndex()] = r.rawMap().values();
                }
                float[] expected = gradCamOfLogits(u, classMaps);
                float largest = max(expected);
                float[] actual = finer.get(i).first().rawMap().values();
                float[] gradCam = grad.get(i).first().rawMap().values();
                boolean sameAsGradCam = true;
                for (int p = 0; p < 64; p++) {
                    assertEquals(expected[p], actual[p], 1e-5f * Math.max(largest, 1e-6f), "image " + i + ", cell " + p);
                    sameAsGradCam &= Math.abs(gradCam[p] - actual[p]) <= 1e-3f * Math.max(largest, 1e-6f);
                }
                differ += sameAsGradCam ? 0 : 1;
                nonBlank += largest > 0 ? 1 : 0;
            }
        }
        // Class 2's maps are mostly blank on these pictures (ReLU of a negative sum), the predicted class's are not.
        assertTrue(nonBlank >= IMAGES / 2, "only " + nonBlank + " of the maps hold anything");
        assertTrue(differ >= IMAGES / 2, "only " + differ + " Finer-CAM maps differ from Grad-CAM's");
    }

    /**
     * @return dT/dz for pytorch-grad-cam's FinerWeightedTarget, the classes compared being those at {@code ranks} of
     *     {@code |z_j - z_c|} ascending (equal distances: lower index first, as numpy's sort of a few values)
     */
    /**
     * Grad-CAM's map on the tiny model, whose features go straight into global average pooling over its 64 cells and
     * one dense layer: a target's gradient at the features is {@code sum_m u_m w_m / 64} in every cell, {@code u} its
     * gradient by the logits, so its map is {@code ReLU(sum_m u_m camMap_m / 64)}, each class's CAM map weighed.
     *
     * @param u the target's gradient by the logits, one per class
     * @param classMaps each class's CAM map, 64 cells
     * @return the map, 64 cells
     */
    static float[] gradCamOfLogits(double[] u, float[][] classMaps) {
        float[] expected = new float[64];
        for (int p = 0; p < 64; p++) {
            double sum = 0;
            for (int m = 0; m < classMaps.length; m++) {
                sum += u[m] * classMaps[m][p] / 64;
            }
            expected[p] = (float) Math.max(0, sum);
        }
        return expected;
    }

    /** @return the largest value, 0 for none above it */
    static float max(float[] values) {
        float largest = 0;
        for (float v : values) {
            largest = Math.max(largest, v);
        }
        return largest;
    }

    static double[] finerGradient(float[] z, int c, float alpha, List<Integer> ranks) {
        int n = z.length;
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(Math.abs(z[a] - z[c]), Math.abs(z[b] - z[c])));
        assertEquals(c, order[0].intValue());
        double max = Double.NEGATIVE_INFINITY;
        for (float v : z) {
            max = Math.max(max, v);
        }
        double total = 0;
        double[] p = new double[n];
        for (int j = 0; j < n; j++) {
            p[j] = Math.exp(z[j] - max);
            total += p[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] /= total;
        }
        double numerator = 0;
        double denominator = 1e-9;
        double[] dNumerator = new double[n];
        double[] dDenominator = new double[n];
        for (int rank : ranks) {
            int j = order[rank];
            double margin = z[c] - alpha * z[j];
            numerator += p[j] * margin;
            denominator += p[j];
            for (int m = 0; m < n; m++) {
                double dp = p[j] * ((m == j ? 1 : 0) - p[m]);
                dNumerator[m] += dp * margin + p[j] * ((m == c ? 1 : 0) - alpha * (m == j ? 1 : 0));
                dDenominator[m] += dp;
            }
        }
        double[] u = new double[n];
        for (int m = 0; m < n; m++) {
            u[m] = (dNumerator[m] * denominator - numerator * dDenominator[m]) / (denominator * denominator);
        }
        return u;
    }

    /**
     * An unnamed picture whose Finer-CAM target overflows float32 is named by its place in its batch, as KPCA-CAM's
     * overflow is: "picture 1" alone read, in evaluate, as test digit 1. On the bundled pooled model at alpha 1e33 the
     * first test digit's map holds and the second's does not (docs/usage.md); the first alone is still explained.
     */
    @Test
    void anOverflowNamesThePicturesPlaceInItsBatch() throws Exception {
        float[] two = TestDigits.scaledToOne(2);
        try (CamSession s = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM))
                .optFinerComparison(new FinerComparison(1e33f, List.of(1, 2, 3))).build()) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> s.explainPixels(two, 2, 28, 28, Target.predicted()));
            assertTrue(e.getMessage().startsWith("Finer-CAM's map of picture 1 of its batch is not finite"),
                    e.getMessage());
            assertEquals(7, s.explainPixels(java.util.Arrays.copyOf(two, 784), 1, 28, 28, Target.predicted()).get(0)
                    .predicted());
        }
    }
}
