package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TestDigits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every method's maps owe the caller whatever else they compute, on the bundled pooled model and ten real MNIST
 * test digits: a picture's map, class and probability do not depend on the pictures batched beside it (alone, in a batch
 * large enough for {@link BatchRun}'s parallel path, first or last), nor on the session's history (a call made again
 * after many others), nor on other threads calling the same {@link CamSession} at once (its javadoc's thread safety).
 *
 * <p>Each method's session is opened once and all its calls are made together ({@link #runs}): first four callers at
 * once on the fresh session (so that whatever a session makes on first use is made under concurrent callers), then the
 * batch, each picture alone, the batch reversed, and the batch again. The methods are set as {@code --method} sets them
 * ({@code ModelOptions.methodBuilder}, {@code loadOptions}: the gradient-free methods load with Grad-CAM's gradients, as
 * the command line opens them), with fewer noisy samples than the defaults where a method draws them, to keep the class
 * fast: the invariants do not depend on the number of samples. Each picture's two most probable classes are explained
 * ({@link #TARGET}).
 *
 * <p>{@code cli.MethodInvariantsTest} holds the same invariants for the command line's sessions on {@code Mat}s and the
 * predicted class; this class holds them at the library's level ({@link CamSession#explainPixels}), for the second class
 * too (its further runs and class sets), with the concurrent callers the fresh session's first, pictures alone among
 * them, and Ablation-CAM and Smooth Grad-CAM++ fused over two layers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CamSessionInvariantsTest {
    private static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");
    /** Two of the pooled model's convolutions, for the fused methods ({@link CamSession.Builder#optLayers}). */
    private static final List<String> TWO_LAYERS = List.of("conv2d_1/Relu", "conv2d_2/Relu");
    /** More pictures than {@link BatchRun}'s {@code PARALLEL_FROM} (8), so that the batch's maps are made in parallel. */
    private static final int N = 10;
    private static final int SIDE = 28;
    /**
     * The batch and each picture alone are different TensorFlow runs: its CPU kernels may block a batch of ten
     * otherwise than a batch of one and sum a convolution's products in another order, so float32 values differ in
     * their last bits, which the methods' sums over channels and normalisations carry on. Measured on this machine, as
     * a share of the map's largest magnitude: at most 2.5e-6 (Finer-CAM's raw map), 1.0e-6 (the fused layers), 8.3e-7
     * (SS-CAM), below 6e-7 for the others; 0 for occlusion and the pixel methods; probabilities 1.2e-7. 1e-4 leaves
     * forty times the largest for other CPUs' kernels and is far below a different map's distance (another picture's,
     * another class's differ by tenths of it). Probabilities are in [0, 1]: 1e-5. The batch reversed is the same batch
     * size: 0 apart for every method but Finer-CAM (1.5e-6), held to the same tolerances.
     */
    private static final float MAP_TOLERANCE = 1e-4f;
    private static final float PROBABILITY_TOLERANCE = 1e-5f;
    /**
     * The methods whose raw map, alone and in a batch, is compared up to its scale (each over its largest magnitude):
     * Ablation-CAM's raw map is its drops over {@code |y_c|} ({@code AblationCam}'s class comment, "w_k = (y_c - y_c^k)
     * / |y_c|"), {@code y_c} the logit from the batch's own run ({@code AblationCam.map}: {@code scores.original()}),
     * so the logit's float32 noise between a batch of ten and one of one (about 1e-6) is divided by the class's logit,
     * which for the second most probable class can be near 0. Measured: every raw value of digit 8's second map (class
     * 6, probability 0.013) 1.0000522 times its value alone, one factor for all cells, while its normalised map on the
     * picture moved 3.9e-7 of its largest value, and each map's shape is held to 1e-4 as the others' are.
     */
    private static final java.util.Set<String> RAW_UP_TO_ITS_SCALE = java.util.Set.of("ablationcam");
    /**
     * Each picture's two most probable classes: the second class's maps take further runs (the gradient methods') or
     * further class sets (Smooth Grad-CAM++'s noisy copies, the fused layers'), which the predicted class alone skips.
     */
    private static final Target TARGET = Target.topK(2);

    /** Every method and option the brief's list names, by the name --method gives it, with how it is set. */
    private static final Map<String, UnaryOperator<CamSession.Builder>> METHODS = methods();

    private final Map<String, Object> computed = new LinkedHashMap<>();
    private CamModel sizes;
    private float[] digits;

    private static Map<String, UnaryOperator<CamSession.Builder>> methods() {
        Map<String, UnaryOperator<CamSession.Builder>> m = new LinkedHashMap<>();
        m.put("cam", b -> b);
        m.put("gradcam", gradients(GradientWeighting.GRAD_CAM));
        m.put("gradcam++", gradients(GradientWeighting.GRAD_CAM_PLUS_PLUS));
        m.put("xgradcam", gradients(GradientWeighting.XGRAD_CAM));
        m.put("hirescam", gradients(GradientWeighting.HIRES_CAM));
        m.put("layercam", gradients(GradientWeighting.LAYER_CAM));
        m.put("gradcam-elementwise", gradients(GradientWeighting.GRAD_CAM_ELEMENT_WISE));
        m.put("finercam", gradients(GradientWeighting.FINER_CAM));
        m.put("shapleycam", gradients(GradientWeighting.SHAPLEY_CAM));
        // At the model's own layer (conv2d_2) its maps alone and in the batch agree to 1.4e-7 of their largest value.
        // At conv2d_1 (withFoundOverrides) they did not: 6.3e-4 (digit 7's second map, 0.43 of 684), while
        // Grad-CAM++ there agreed to 1.1e-7. torch-cam's alpha = D2 / (2 D2 + sum D3 A + 1e-8) (SmoothGradPlusPlus's
        // javadoc: its denominator "can come near 0") reached |alpha| 3382 (against at most 0.5 where sum D3 A >= 0)
        // on channel 32, whose sum D3 A (-4.7e-4) all but cancels 2 D2; that alpha read 3382.42 in one call and 3381.27
        // in another, the gradients' float32 noise between batch sizes amplified by the formula, not a batch effect of
        // cam4j's. Not held here: the class holds each method at the layer the command line opens.
        m.put("smoothgradcam++", b -> gradients(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS).apply(b)
                .optSmoothGradNoise(new SmoothGradNoise(3, SmoothGradNoise.DEFAULT_STD, SmoothGradNoise.DEFAULT_SEED)));
        m.put("scorecam", b -> gradientFree(b).optScoreCam(true));
        m.put("sscam", b -> gradientFree(b).optScoreCamVariant(ScoreCamVariant.ssCam(2,
                ScoreCamVariant.DEFAULT_SS_STD, ScoreCamVariant.DEFAULT_SEED)));
        m.put("iscam", b -> gradientFree(b).optScoreCamVariant(ScoreCamVariant.isCam(3)));
        // RefineCAM at two layers, on its default base Grad-CAM++ (--refine-base), as --method refinecam --layers.
        m.put("refinecam", b -> gradients(GradientWeighting.GRAD_CAM_PLUS_PLUS).apply(b).optRefine(true)
                .optLayers(TWO_LAYERS));
        m.put("ablationcam", b -> gradientFree(b).optAblationCam(true));
        m.put("eigencam", b -> gradientFree(b).optEigenCam(true));
        m.put("fem", b -> gradientFree(b).optFeatureMethod(FeatureMethod.fem(FeatureMethod.DEFAULT_FEM_K)));
        m.put("kpcacam", b -> gradientFree(b).optFeatureMethod(FeatureMethod.kpcaCam(KpcaKernel.SIGMOID)));
        m.put("randomcam", b -> gradientFree(b).optFeatureMethod(
                FeatureMethod.randomCam(FeatureMethod.DEFAULT_RANDOM_SEED)));
        m.put("occlusion", b -> gradientFree(b).optOcclusion(Occlusion.of(7)));
        m.put("saliency", b -> gradientFree(b).optPixelMethod(PixelMethod.saliency()));
        m.put("gradxinput", b -> gradientFree(b).optPixelMethod(PixelMethod.gradientTimesInput()));
        m.put("smoothgrad", b -> gradientFree(b).optPixelMethod(PixelMethod.smoothGrad(3, PixelMethod.DEFAULT_NOISE,
                PixelMethod.DEFAULT_SEED)));
        m.put("integratedgradients", b -> gradientFree(b).optPixelMethod(PixelMethod.integratedGradients(4)));
        m.put("fullgrad", b -> gradientFree(b).optPixelMethod(PixelMethod.fullGrad()));
        m.put("gradcam --eigen-smooth", b -> gradients(GradientWeighting.GRAD_CAM).apply(b).optEigenSmooth(true));
        // Aug smoothing on a seeded method: its variants' noise must not depend on the batch either.
        m.put("smoothgradcam++ --aug-smooth", b -> m.get("smoothgradcam++").apply(b).optAugSmooth(true));
        m.put("gradcam --aug-smooth", b -> gradients(GradientWeighting.GRAD_CAM).apply(b).optAugSmooth(true));
        m.put("ablationcam --layers", b -> m.get("ablationcam").apply(b).optLayers(TWO_LAYERS));
        // Smooth Grad-CAM++ at two layers: its noisy runs serve every layer, per set of classes (LayerRun.smoothMaps).
        m.put("smoothgradcam++ --layers", b -> m.get("smoothgradcam++").apply(b).optLayers(TWO_LAYERS));
        m.put("gradcam --layers", b -> gradients(GradientWeighting.GRAD_CAM).apply(b).optLayers(TWO_LAYERS)
                .optLayersForm(LayersForm.PYTORCH_GRAD_CAM));
        m.put("layercam --layers --layers-form torch-cam", b -> gradients(GradientWeighting.LAYER_CAM).apply(b)
                .optLayers(TWO_LAYERS).optLayersForm(LayersForm.TORCH_CAM));
        return m;
    }

    private static UnaryOperator<CamSession.Builder> gradients(GradientWeighting weighting) {
        return b -> b.optLoadOptions(LoadOptions.defaults().withGradients(weighting));
    }

    /** As {@code ModelOptions.loadOptions}: the gradient-free methods open the model as Grad-CAM does. */
    private static CamSession.Builder gradientFree(CamSession.Builder b) {
        return gradients(GradientWeighting.GRAD_CAM).apply(b);
    }

    Stream<String> methodNames() {
        return METHODS.keySet().stream();
    }

    @BeforeAll
    void readDigits() throws Exception {
        sizes = CamModelLoader.load(POOLED, LoadOptions.defaults());
        digits = TestDigits.asModelInput(sizes, N);
    }

    @AfterAll
    void closeModel() {
        sizes.close();
    }

    /** 1. Each picture of a batch of N gets what it gets alone, to float32 reduction-order noise. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methodNames")
    void aBatchGivesEachPictureItsOwnMap(String method) throws Exception {
        Runs runs = runs(method);
        for (int i = 0; i < N; i++) {
            assertClose(runs.alone.get(i), runs.first.get(i), method, method + ", digit " + i + " in the batch and alone");
        }
    }

    /**
     * 2. The same call again, after the session's other calls (the concurrent ones, each picture alone, the batch
     * reversed), gives the same floats: the seeded methods draw their noise afresh per call and picture. Beside 3, which
     * holds the fresh session's first call to the same floats.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methodNames")
    void theSameCallAgainGivesTheSameMaps(String method) throws Exception {
        Runs runs = runs(method);
        for (int i = 0; i < N; i++) {
            assertSame(runs.first.get(i), runs.again.get(i), method + ", digit " + i + " on the first and the last call");
        }
    }

    /**
     * 3. Concurrent callers of one fresh session get what sequential calls got later: same inputs, identical floats
     * (as {@code CamSessionTest#concurrentCallersGetTheSequentialResults} holds CAM's).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methodNames")
    void concurrentCallersGetTheSequentialResults(String method) throws Exception {
        Runs runs = runs(method);
        for (int i = 0; i < N; i++) {
            assertSame(runs.first.get(i), runs.concurrentBatch.get(i), method + ", digit " + i + " in a concurrent batch");
            assertSame(runs.reversed.get(i), runs.concurrentReversed.get(i),
                    method + ", digit " + i + " in a concurrent reversed batch");
            assertSame(runs.alone.get(i), runs.concurrentAlone.get(i), method + ", digit " + i + " alone, concurrently");
        }
    }

    /**
     * 4. The batch reversed gives each picture the map it had in its first place. The same batch size, so the same
     * kernels: a picture's row is computed alike wherever it lies, to reduction-order noise at most.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methodNames")
    void reversingTheBatchGivesTheSameMaps(String method) throws Exception {
        Runs runs = runs(method);
        for (int i = 0; i < N; i++) {
            assertClose(runs.first.get(i), runs.reversed.get(i), method, method + ", digit " + i + " first and reversed");
        }
    }

    /** A map's class, probability and values, raw (at the layer's cells, or the input's pixels) and on the picture. */
    private record MapSeen(int classIndex, float probability, float[] raw, float[] map) {}

    /** What a picture's explanation says: its predicted class and probabilities, and its maps, most probable first. */
    private record Seen(int predicted, float[] probabilities, List<MapSeen> maps) {
        static Seen of(ImageExplanation e) {
            List<MapSeen> maps = new ArrayList<>();
            for (CamResult r : e.maps()) {
                maps.add(new MapSeen(r.classIndex(), r.probability(), r.rawMap().values(), r.map().values()));
            }
            return new Seen(e.predicted(), e.probabilities(), maps);
        }
    }

    /** One method's calls, each a list of N pictures' explanations in the digits' order (a reversed call's put back). */
    private record Runs(List<Seen> concurrentBatch, List<Seen> concurrentReversed, List<Seen> concurrentAlone,
            List<Seen> first, List<Seen> alone, List<Seen> reversed, List<Seen> again) {}

    /** The method's calls, made once on one session (closed after them) and kept for its four tests. */
    private synchronized Runs runs(String method) throws Exception {
        Object done = computed.computeIfAbsent(method, m -> {
            try {
                return call(m);
            } catch (Exception | AssertionError e) {
                return e;
            }
        });
        if (done instanceof Exception e) {
            throw e;
        }
        if (done instanceof AssertionError e) {
            throw e;
        }
        return (Runs) done;
    }

    private Runs call(String method) throws Exception {
        CamSession.Builder builder = METHODS.get(method).apply(CamSession.builder().setModel(POOLED));
        try (CamSession cam = builder.build()) {
            // The fresh session's first calls are four at once (two cores): the batch (in parallel inside BatchRun),
            // the batch reversed, and the pictures alone split between two threads.
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<List<Seen>>> concurrent;
            try {
                List<Callable<List<Seen>>> calls = List.of(() -> batch(cam, false), () -> batch(cam, true),
                        () -> aloneEvery(cam, 0), () -> aloneEvery(cam, 1));
                concurrent = pool.invokeAll(calls);
            } finally {
                pool.shutdown();
            }
            List<Seen> concurrentAlone = new ArrayList<>(Arrays.asList(new Seen[N]));
            for (int i = 0; i < N; i++) {
                concurrentAlone.set(i, concurrent.get(2 + i % 2).get().get(i / 2));
            }
            List<Seen> first = batch(cam, false);
            List<Seen> alone = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                alone.add(alone(cam, i));
            }
            List<Seen> reversed = batch(cam, true);
            List<Seen> again = batch(cam, false);
            return new Runs(concurrent.get(0).get(), concurrent.get(1).get(), concurrentAlone, first, alone, reversed,
                    again);
        }
    }

    /** @return the N digits' explanations from one call, in the digits' order; fed reversed when {@code reverse} */
    private List<Seen> batch(CamSession cam, boolean reverse) throws CamException {
        int plane = SIDE * SIDE;
        float[] fed = digits;
        if (reverse) {
            fed = new float[digits.length];
            for (int i = 0; i < N; i++) {
                System.arraycopy(digits, i * plane, fed, (N - 1 - i) * plane, plane);
            }
        }
        List<Seen> seen = new ArrayList<>();
        for (ImageExplanation e : cam.explainPixels(fed, N, SIDE, SIDE, TARGET)) {
            seen.add(Seen.of(e));
        }
        if (reverse) {
            java.util.Collections.reverse(seen);
        }
        return seen;
    }

    private Seen alone(CamSession cam, int i) throws CamException {
        int plane = SIDE * SIDE;
        float[] one = Arrays.copyOfRange(digits, i * plane, (i + 1) * plane);
        return Seen.of(cam.explainPixels(one, 1, SIDE, SIDE, TARGET).get(0));
    }

    /** @return the digits {@code parity}, {@code parity + 2}... each explained alone */
    private List<Seen> aloneEvery(CamSession cam, int parity) throws CamException {
        List<Seen> seen = new ArrayList<>();
        for (int i = parity; i < N; i += 2) {
            seen.add(alone(cam, i));
        }
        return seen;
    }

    private static void assertSame(Seen expected, Seen actual, String what) {
        assertEquals(expected.predicted(), actual.predicted(), what + ": predicted class");
        assertArrayEquals(expected.probabilities(), actual.probabilities(), 0f, what + ": probabilities");
        assertEquals(expected.maps().size(), actual.maps().size(), what + ": maps");
        for (int k = 0; k < expected.maps().size(); k++) {
            MapSeen e = expected.maps().get(k);
            MapSeen a = actual.maps().get(k);
            String map = what + ", map " + k;
            assertEquals(e.classIndex(), a.classIndex(), map + ": class");
            assertEquals(e.probability(), a.probability(), 0f, map + ": probability");
            assertArrayEquals(e.raw(), a.raw(), 0f, map + ": raw values");
            assertArrayEquals(e.map(), a.map(), 0f, map + ": values on the picture");
        }
    }

    private static void assertClose(Seen expected, Seen actual, String method, String what) {
        assertEquals(expected.predicted(), actual.predicted(), what + ": predicted class");
        assertArrayEquals(expected.probabilities(), actual.probabilities(), PROBABILITY_TOLERANCE,
                what + ": probabilities");
        assertEquals(expected.maps().size(), actual.maps().size(), what + ": maps");
        for (int k = 0; k < expected.maps().size(); k++) {
            MapSeen e = expected.maps().get(k);
            MapSeen a = actual.maps().get(k);
            String map = what + ", map " + k;
            assertEquals(e.classIndex(), a.classIndex(), map + ": class");
            assertEquals(e.probability(), a.probability(), PROBABILITY_TOLERANCE, map + ": probability");
            if (RAW_UP_TO_ITS_SCALE.contains(method)) {
                assertArrayEquals(scaled(e.raw()), scaled(a.raw()), MAP_TOLERANCE, map + ": raw values, each over its"
                        + " largest");
            } else {
                assertArrayEquals(e.raw(), a.raw(), MAP_TOLERANCE * largest(e.raw()), map + ": raw values");
            }
            assertArrayEquals(e.map(), a.map(), MAP_TOLERANCE * largest(e.map()), map + ": values on the picture");
        }
    }

    private static float[] scaled(float[] values) {
        float largest = largest(values);
        float[] scaled = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            scaled[i] = values[i] / largest;
        }
        return scaled;
    }

    /** @return the largest magnitude in {@code values}, at least the smallest normal float (a zero map: tolerance ~0) */
    private static float largest(float[] values) {
        float max = Float.MIN_NORMAL;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }
}
