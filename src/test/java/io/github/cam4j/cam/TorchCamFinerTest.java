package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.FinerComparison;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.TinyModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * torch-cam's form of Finer-CAM ({@link FinerComparison#unweighted()}), worked out by hand on the tiny model as
 * {@link FinerCamTest} works out pytorch-grad-cam's: with a linear head after global average pooling, the gradient of a
 * function T of the logits at a cell is {@code (1/64) sum_m dT/dz_m W[k, m]}, so Grad-CAM of T is
 * {@code ReLU((1/64) sum_m dT/dz_m CAM_m)}. torch-cam's {@code FinerCAM} ({@code torchcam/methods/gradient.py},
 * {@code _contrastive_scores}) differentiates {@code T = z_c - gamma · mean_{j in refs} z_j}, the references the
 * {@code num_references} classes nearest the target's score ({@code |z - z_c|}, the target's own distance set to
 * infinity, {@code topk(largest=False)}), so {@code dT/dz = e_c - (gamma / R) sum_j e_j}: no softmax weights, no
 * gradient through them.
 */
class TorchCamFinerTest {
    @TempDir
    static Path tmp;

    private static Path tiny;
    private static final int IMAGES = 12;
    private static float[] pixels;

    @BeforeAll
    static void exportTinyModel() throws Exception {
        tiny = tmp.resolve("tiny");
        TinyModels.export(TinyModels.tiny(), 11, tiny);
        Random random = new Random(5);
        pixels = new float[IMAGES * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat();
        }
    }

    /**
     * gamma 0.6 (torch-cam's) with two references (torch-cam's three capped by the tiny model's two other classes) and
     * gamma 1.5 with one: the maps of the predicted class and of a class given (2) equal the hand computation within
     * 1e-5 of each map's largest value (float32 sums of 2 channels in the graph against double here, a few 1e-7
     * relative, as in {@link FinerCamTest}). With two references they differ from pytorch-grad-cam's form at the same
     * alpha and ranks (its probability weights) on most maps that hold anything (with one reference the two forms'
     * targets differ by the factor {@code p_j / (p_j + 1e-9)} only, and their gradients by the 1e-9; class 2's maps are
     * mostly blank on these pictures, ReLU of a negative sum).
     */
    @Test
    void mapsEqualTheHandComputedGradientOfTorchCamsObjective() throws Exception {
        List<ImageExplanation> cams;
        try (CamSession cam = CamSession.builder().setModel(tiny).build()) {
            cams = cam.explainPixels(pixels, IMAGES, 8, 8, Target.topK(3));
        }
        int differ = 0;
        int maps = 0;
        for (FinerComparison comparison : new FinerComparison[] {new FinerComparison(0.6f, List.of(1, 2), true),
                new FinerComparison(1.5f, List.of(1), true)}) {
            for (Target target : new Target[] {Target.predicted(), Target.of(2)}) {
                List<ImageExplanation> torch = finer(comparison, target);
                List<ImageExplanation> pytorch = finer(new FinerComparison(comparison.alpha(), comparison.ranks()),
                        target);
                for (int i = 0; i < IMAGES; i++) {
                    float[] z = torch.get(i).logits();
                    int c = target instanceof Target.OfClass g ? g.classIndex() : torch.get(i).predicted();
                    assertEquals(c, torch.get(i).first().classIndex());
                    double[] u = torchCamGradient(z, c, comparison.alpha(), comparison.ranks().size());
                    float[][] classMaps = new float[3][];
                    for (CamResult r : cams.get(i).maps()) {
                        classMaps[r.classIndex()] = r.rawMap().values();
                    }
                    float[] actual = torch.get(i).first().rawMap().values();
                    float[] other = pytorch.get(i).first().rawMap().values();
                    float[] expected = FinerCamTest.gradCamOfLogits(u, classMaps);
                    float largest = FinerCamTest.max(expected);
                    boolean same = true;
                    for (int p = 0; p < 64; p++) {
                        assertEquals(expected[p], actual[p], 1e-5f * Math.max(largest, 1e-6f),
                                comparison + ", image " + i + ", cell " + p);
                        same &= Math.abs(other[p] - actual[p]) <= 1e-3f * Math.max(largest, 1e-6f);
                    }
                    if (comparison.ranks().size() > 1 && largest > 0) {
                        differ += same ? 0 : 1;
                        maps++;
                    }
                }
            }
        }
        assertTrue(maps >= IMAGES / 2 && differ >= maps / 2, "only " + differ + " of " + maps
                + " maps that hold anything differ from pytorch-grad-cam's form");
    }

    private static List<ImageExplanation> finer(FinerComparison comparison, Target target) throws Exception {
        try (CamSession s = CamSession.builder().setModel(tiny).optLoadOptions(LoadOptions.defaults()
                .withGradients(GradientWeighting.FINER_CAM)).optFinerComparison(comparison).build()) {
            return s.explainPixels(pixels, IMAGES, 8, 8, target);
        }
    }

    /**
     * @return dT/dz of torch-cam's {@code y_c - gamma · mean(y_refs)}, the references chosen as its {@code
     *     _reference_indices} chooses them: distances {@code |z - z_c|}, the target's set to infinity, the {@code
     *     count} smallest
     */
    static double[] torchCamGradient(float[] z, int c, float gamma, int count) {
        int n = z.length;
        double[] distance = new double[n];
        for (int j = 0; j < n; j++) {
            distance[j] = j == c ? Double.POSITIVE_INFINITY : Math.abs((double) z[j] - z[c]);
        }
        Integer[] order = new Integer[n];
        for (int j = 0; j < n; j++) {
            order[j] = j;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(distance[a], distance[b]));
        double[] u = new double[n];
        u[c] = 1;
        for (int r = 0; r < count; r++) {
            u[order[r]] -= gamma / count;
        }
        return u;
    }

    /** torch-cam refuses a negative gamma; so does its form here, naming it. */
    @Test
    void aNegativeGammaIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FinerComparison(-0.5f, List.of(1, 2, 3), true));
        assertTrue(e.getMessage().contains("gamma") && e.getMessage().contains("-0.5"), e.getMessage());
    }
}
