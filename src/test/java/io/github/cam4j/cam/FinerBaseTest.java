package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.FinerComparison;
import io.github.cam4j.savedmodel.GradientHead;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TestDigits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Finer-CAM over each base method ({@link CamSession.Builder#optFinerBase}): the map is the base's weighting, written
 * out here, of the Finer target's gradient at the features, that gradient obtained independently of Finer-CAM's graph
 * ops: {@code dT/dA = sum_m dT/dz_m · dz_m/dA} (the chain rule through the logits {@code z}), so feeding the model's
 * plain gradient op ({@link GradientHead#classWeights()}, d(sum of weights x logits)/d(features)) the row
 * {@code dT/dz}, worked out by hand from the logits ({@link FinerCamTest#finerGradient} for pytorch-grad-cam's
 * target, {@link TorchCamFinerTest#torchCamGradient} for torch-cam's), gives TensorFlow's gradient of the Finer
 * target without the ops that build it. This is what both libraries do with a base: the base's {@code get_cam_weights}
 * / {@code _get_weights} reads the gradient the Finer target backpropagated, nothing else (Grad-CAM++'s squares and
 * cubes are powers of that one gradient).
 *
 * <p>The imported Keras model whose features are a batch normalisation's output followed by Flatten and Dense: the
 * gradient differs from cell to cell and some features are negative, so the six bases give six different maps
 * (Grad-CAM element-wise is not LayerCAM there), as {@code GradCamTest} shows for their plain forms.
 */
class FinerBaseTest {
    private static final Path FLATTEN_DENSE = SharedData.kerasSavedModels().resolve("mnist-flatten-dense");
    private static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");
    private static final List<String> POOLED_LAYERS = List.of("conv2d/Relu", "conv2d_1/Relu", "conv2d_2/Relu");
    /** Digits per batch: above {@code BatchRun}'s parallel threshold (8), so the maps are made as a real batch's. */
    private static final int DIGITS = 10;
    /** A class given rather than predicted, so that the fed-class path of the graph is checked too. */
    private static final int GIVEN = 3;
    /** The Keras model opened for Finer-CAM once, each base's session made over it. */
    private static CamModel flattenDense;

    @BeforeAll
    static void open() throws Exception {
        flattenDense = CamModelLoader.load(FLATTEN_DENSE, LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM));
    }

    @AfterAll
    static void close() {
        flattenDense.close();
    }

    /**
     * Each base in each form whose library takes it (pytorch-grad-cam: six; torch-cam: Grad-CAM, Grad-CAM++,
     * LayerCAM), for the predicted class and a class given: every cell within 1e-4 of the map's largest value of the
     * base's weighting written out in double. The gap is the float32 arithmetic on both sides of the same quantity: the
     * graph's float32 target and softmax derivative against {@code dT/dz} in double rounded to float32 to be fed, the
     * two backpropagations of float32 sums over 10 classes and the Dense layer's units, and the session's float32
     * sums over the channels against double here; measured up to 4.9e-6 of the largest value, so 1e-4 is 20 times
     * that, as {@code GradCamTest} holds the plain methods. A map that weighs the logit's gradient
     * instead of the Finer target's, or another base's weighting, lies much farther off: each check below also counts
     * the digits on which those lie over 1e-2 of the largest value away, and asks half of them to.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"GRAD_CAM, pytorch-grad-cam", "GRAD_CAM_PLUS_PLUS, pytorch-grad-cam", "XGRAD_CAM, pytorch-grad-cam",
        "HIRES_CAM, pytorch-grad-cam", "LAYER_CAM, pytorch-grad-cam", "GRAD_CAM_ELEMENT_WISE, pytorch-grad-cam",
        "GRAD_CAM, torch-cam", "GRAD_CAM_PLUS_PLUS, torch-cam", "LAYER_CAM, torch-cam"})
    void theMapIsTheBasesWeightingOfTheFinerTargetsGradient(String baseName, String form) throws Exception {
        GradientWeighting base = GradientWeighting.valueOf(baseName);
        boolean torchCam = form.equals("torch-cam");
        FinerComparison comparison = torchCam ? FinerComparison.TORCH_CAM_DEFAULT : FinerComparison.DEFAULT;
        double worst = 0;
        // The Grad-CAM view shares the Finer-CAM model's session and graph: its plain gradient op is the one fed.
        CamModel plain = flattenDense.byGradients(GradientWeighting.GRAD_CAM);
        try (CamSession finer = CamSession.builder().setModel(flattenDense).optFinerComparison(comparison)
                .optFinerBase(base).build()) {
            float[] pixels = TestDigits.asModelInput(finer.model(), DIGITS);
            for (Target target : new Target[] {Target.predicted(), Target.of(GIVEN)}) {
                List<ImageExplanation> got = finer.explainPixels(pixels, DIGITS, 28, 28, target);
                int classes = got.get(0).logits().length;
                float[] finerRows = new float[DIGITS * classes];
                float[] logitRows = new float[DIGITS * classes];
                for (int i = 0; i < DIGITS; i++) {
                    float[] z = got.get(i).logits();
                    int c = target instanceof Target.OfClass g ? g.classIndex() : got.get(i).predicted();
                    assertEquals(c, got.get(i).first().classIndex());
                    double[] u = torchCam
                            ? TorchCamFinerTest.torchCamGradient(z, c, comparison.alpha(), comparison.ranks().size())
                            : FinerCamTest.finerGradient(z, c, comparison.alpha(), comparison.ranks());
                    for (int m = 0; m < classes; m++) {
                        finerRows[i * classes + m] = (float) u[m];
                    }
                    logitRows[i * classes + c] = 1f;
                }
                Fetched finerGradient = fetch(plain, pixels, finerRows, classes);
                Fetched logitGradient = fetch(plain, pixels, logitRows, classes);
                int cells = finerGradient.cells();
                int unlikeLogit = 0;
                int unlikeGradCam = 0;
                for (int i = 0; i < DIGITS; i++) {
                    double[] expected = weighed(base, finerGradient, i);
                    double[] ofLogit = weighed(base, logitGradient, i);
                    double[] gradCam = weighed(GradientWeighting.GRAD_CAM, finerGradient, i);
                    double scale = Math.max(Arrays.stream(expected).max().orElseThrow(), 1e-12);
                    float[] map = got.get(i).first().rawMap().values();
                    assertEquals(cells, map.length);
                    boolean logitDiffers = false;
                    boolean gradCamDiffers = false;
                    for (int p = 0; p < cells; p++) {
                        worst = Math.max(worst, Math.abs(expected[p] - map[p]) / scale);
                        assertEquals(expected[p], map[p], 1e-4 * scale, base + " " + form + " " + target + " digit " + i
                                + " cell " + p);
                        logitDiffers |= Math.abs(ofLogit[p] - map[p]) > 1e-2 * scale;
                        gradCamDiffers |= Math.abs(gradCam[p] - map[p]) > 1e-2 * scale;
                    }
                    unlikeLogit += logitDiffers ? 1 : 0;
                    unlikeGradCam += gradCamDiffers ? 1 : 0;
                }
                assertTrue(unlikeLogit >= DIGITS / 2, base + " " + form + " " + target + ": only " + unlikeLogit
                        + " maps differ from the base's weighting of the class logit's gradient");
                if (base != GradientWeighting.GRAD_CAM) {
                    assertTrue(unlikeGradCam >= DIGITS / 2, base + " " + form + " " + target + ": only "
                            + unlikeGradCam + " maps differ from Grad-CAM's weighting of the same gradient");
                }
            }
        }
        System.out.println("Finer-CAM over " + base + ", " + form + ": largest gap " + worst + " of the map's largest");
    }

    /** The features and a gradient fetched from the plain model for class weights fed, one row per digit. */
    private record Fetched(float[] features, float[] gradient, int cells, int channels) {}

    private static Fetched fetch(CamModel plain, float[] pixels, float[] rows, int classes) {
        GradientHead head = plain.gradients().orElseThrow();
        try (TFloat32 x = TensorData.floats(Shape.of(DIGITS, 28, 28, 1), pixels);
                TFloat32 weights = TensorData.floats(Shape.of(DIGITS, classes), rows);
                Result r = plain.session().runner().feed(plain.tensors().input(), x).feed(head.classWeights(), weights)
                        .fetch(plain.tensors().features()).fetch(head.gradient()).run()) {
            long[] shape = r.get(0).shape().asArray();
            return new Fetched(TensorData.toArray(r.get(0)), TensorData.toArray(r.get(1)), (int) (shape[1] * shape[2]),
                    (int) shape[3]);
        }
    }

    /** @return a base's map of digit {@code i} in double: its formula ({@link GradCamTest#definition}) on the gradient */
    private static double[] weighed(GradientWeighting base, Fetched at, int i) {
        return GradCamTest.definition(base, at.gradient(), at.features(), i, at.cells(), at.channels());
    }

    /**
     * With several target layers (one run per batch for all of them, {@link LayerRun}), every layer's map is the
     * base's: the fused maps equal, to the bit, the fusion of each layer's model run on its own with the same base
     * (tolerance 0: the same ops on the same input), and differ from Grad-CAM's fused maps.
     */
    @Test
    void severalLayersTakeTheBaseAtEveryLayer() throws Exception {
        GradientWeighting base = GradientWeighting.GRAD_CAM_PLUS_PLUS;
        LoadOptions options = LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM);
        List<CamModel> apart = new ArrayList<>();
        try (CamSession shared = CamSession.builder().setModel(POOLED).optLoadOptions(options).optLayers(POOLED_LAYERS)
                .optFinerBase(base).build();
                CamSession gradCam = CamSession.builder().setModel(POOLED).optLoadOptions(options)
                        .optLayers(POOLED_LAYERS).build()) {
            List<AugSmoothing.Runs> runs = new ArrayList<>();
            for (String layer : POOLED_LAYERS) {
                CamModel model = CamModelLoader.load(POOLED, options.withFoundOverrides(layer, null));
                apart.add(model);
                runs.add(new BatchRun(model, true, false, 0, null, false, null, false, FinerComparison.DEFAULT, base,
                        null, null, SmoothGradNoise.DEFAULT)::run);
            }
            float[] pixels = TestDigits.asModelInput(shared.model(), DIGITS);
            int[][] sizes = new int[DIGITS][];
            Arrays.fill(sizes, new int[] {28, 28});
            Target target = Target.topK(2);
            List<ImageExplanation> expected = new LayerFusion(apart.get(0), runs).explain(pixels, DIGITS, 28, 28, target,
                    sizes, new InputFrame[DIGITS], null);
            List<ImageExplanation> got = shared.explainPixels(pixels, DIGITS, 28, 28, target);
            List<ImageExplanation> plain = gradCam.explainPixels(pixels, DIGITS, 28, 28, target);
            int differ = 0;
            for (int i = 0; i < DIGITS; i++) {
                for (int r = 0; r < 2; r++) {
                    float[] have = got.get(i).maps().get(r).rawMap().values();
                    assertArrayEquals(expected.get(i).maps().get(r).rawMap().values(), have, 0f, "digit " + i);
                    differ += Arrays.equals(have, plain.get(i).maps().get(r).rawMap().values()) ? 0 : 1;
                }
            }
            assertTrue(differ >= DIGITS, "only " + differ + " of " + 2 * DIGITS + " fused maps differ from Grad-CAM's");
        } finally {
            apart.forEach(CamModel::close);
        }
    }

    /**
     * A method that is no weighting of one gradient, a base torch-cam's FinerCAM refuses in its form, and a base
     * given to a session that makes no Finer-CAM map: refused, naming optFinerBase.
     */
    @Test
    void basesFinerCamDoesNotTakeAreRefused() {
        for (GradientWeighting other : new GradientWeighting[] {GradientWeighting.FINER_CAM,
                GradientWeighting.SHAPLEY_CAM, GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CamSession.builder().optFinerBase(other));
            assertTrue(e.getMessage().startsWith("optFinerBase(" + other + "): " + other.title()
                    + " is not a base Finer-CAM takes"), e.getMessage());
        }
        for (GradientWeighting notTorchCams : new GradientWeighting[] {GradientWeighting.XGRAD_CAM,
                GradientWeighting.HIRES_CAM, GradientWeighting.GRAD_CAM_ELEMENT_WISE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                    .setModel(POOLED).optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM))
                    .optFinerComparison(FinerComparison.TORCH_CAM_DEFAULT).optFinerBase(notTorchCams).build());
            assertTrue(e.getMessage().contains("is not a base torch-cam's FinerCAM takes"), e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .setModel(POOLED).optLoadOptions(LoadOptions.defaults().withGradCam())
                .optFinerBase(GradientWeighting.LAYER_CAM).build());
        assertTrue(e.getMessage().startsWith("optFinerBase(LAYER_CAM)") && e.getMessage().contains("no Finer-CAM map"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }
}
