package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.ForeignModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The pixel attribution methods ({@link PixelMethod}) on real TensorFlow graphs: a linear model, whose gradient by its
 * input is its weight column, so every map is known in closed form; the bundled bias-free ReLU model, where
 * Integrated Gradients must reduce to gradient x input; a model that rescales its own input; and a photographed digit,
 * framed and inverted, whose map must land on its ink.
 */
class PixelAttributionTest {
    private static final int CLASSES = 10;
    private static final int PIXELS = 28 * 28;

    @TempDir
    static Path tmp;

    private static Graph graph;
    private static Session session;
    private static CamModel linear;
    /** The linear model's kernel, [784, 10] row-major. */
    private static float[] kernel;

    /**
     * images [-1, 28, 28, 1] -> times 1 (the features: a rank-4 tensor on the way, which opening a model asks for)
     * -> flattened -> matMul(kernel) + bias: the logits. Linear, so d logit_c / d pixel_p = kernel[p][c] everywhere.
     */
    @BeforeAll
    static void linearModel() throws Exception {
        graph = new Graph();
        Ops tf = Ops.create(graph);
        Random random = new Random(3);
        kernel = new float[PIXELS * CLASSES];
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] = (float) random.nextGaussian();
        }
        float[] bias = new float[CLASSES];
        for (int c = 0; c < CLASSES; c++) {
            bias[c] = (float) random.nextGaussian();
        }
        Placeholder<TFloat32> x = tf.withName("images").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, 28, 28, 1)));
        Operand<TFloat32> features = tf.withName("features").math.mul(x, tf.constant(1f));
        Operand<TFloat32> flat = tf.reshape(features, tf.constant(new int[] {-1, PIXELS}));
        Operand<TFloat32> w = tf.constant(Shape.of(PIXELS, CLASSES), DataBuffers.of(kernel));
        tf.withName("logits").math.add(tf.linalg.matMul(flat, w), tf.constant(bias));
        session = new Session(graph);
        linear = CamModel.fromSessionByGradients(session, new TensorNames("images", "features", "logits", null),
                ClassifierActivation.NONE, new InputSpec(28, 28, 1, 1f / 255f, 0f, true), null,
                GradientWeighting.GRAD_CAM);
    }

    @AfterAll
    static void close() {
        linear.close();
        session.close();
        graph.close();
    }

    /** @return a picture of values in [0, 1), seeded */
    private static float[] picture(long seed) {
        Random random = new Random(seed);
        float[] x = new float[PIXELS];
        for (int p = 0; p < PIXELS; p++) {
            x[p] = random.nextFloat();
        }
        return x;
    }

    private static float[] maps(PixelMethod method, float[] x, Target target, int rank) throws Exception {
        try (CamSession s = CamSession.builder().setModel(linear).optPixelMethod(method).build()) {
            ImageExplanation e = s.explainPixels(x, 1, 28, 28, target).get(0);
            FloatMap raw = e.maps().get(rank).rawMap();
            assertEquals(28, raw.height());
            assertEquals(28, raw.width());
            return raw.values();
        }
    }

    private static int classOf(PixelMethod method, float[] x, Target target, int rank) throws Exception {
        try (CamSession s = CamSession.builder().setModel(linear).optPixelMethod(method).build()) {
            return s.explainPixels(x, 1, 28, 28, target).get(0).maps().get(rank).classIndex();
        }
    }

    /**
     * Saliency of a linear model is its weight column's absolute value, to the bit (the gradient of a one-hot row times
     * the kernel's transpose adds zeros to one product by 1), for the predicted class, a given one and the second of a
     * top 2 (which takes a run of its own); gradient x input is {@code |x w|}, the same float product, to the bit.
     */
    @Test
    void aLinearModelsSaliencyIsItsWeightColumnAndGradientTimesInputIsInputTimesIt() throws Exception {
        float[] x = picture(11);
        for (Target target : List.of(Target.predicted(), Target.of(3), Target.topK(2))) {
            for (int rank = 0; rank < (target instanceof Target.TopK ? 2 : 1); rank++) {
                int c = classOf(PixelMethod.saliency(), x, target, rank);
                float[] saliency = maps(PixelMethod.saliency(), x, target, rank);
                float[] times = maps(PixelMethod.gradientTimesInput(), x, target, rank);
                for (int p = 0; p < PIXELS; p++) {
                    assertEquals(Math.abs(kernel[p * CLASSES + c]), saliency[p], 0f, target + " rank " + rank + ", pixel " + p);
                    assertEquals(Math.abs(x[p] * kernel[p * CLASSES + c]), times[p], 0f, target + " rank " + rank);
                }
            }
        }
        assertEquals(3, classOf(PixelMethod.saliency(), x, Target.of(3), 0));
    }

    /**
     * A linear model's gradient is the same at every point: SmoothGrad's mean absolute gradient over any noise is
     * saliency's map, and Integrated Gradients' {@code x} times the path's mean gradient is gradient x input, for 2
     * steps (the path's two ends) and 10 (within 1e-6 of the largest value: a mean of equal floats taken in double,
     * then rounded to float once more). Each for a second class too, whose copies are weighed to it, not to the
     * copies' own prediction.
     */
    @Test
    void aLinearModelsSmoothGradIsItsSaliencyAndItsIntegratedGradientsItsGradientTimesInput() throws Exception {
        float[] x = picture(12);
        for (Target target : List.of(Target.predicted(), Target.topK(2))) {
            int ranks = target instanceof Target.TopK ? 2 : 1;
            for (int rank = 0; rank < ranks; rank++) {
                float[] saliency = maps(PixelMethod.saliency(), x, target, rank);
                float[] times = maps(PixelMethod.gradientTimesInput(), x, target, rank);
                assertClose(saliency, maps(PixelMethod.smoothGrad(3, 0.5, 7), x, target, rank), "smoothgrad " + rank);
                assertClose(times, maps(PixelMethod.integratedGradients(2), x, target, rank), "ig 2 steps " + rank);
                assertClose(times, maps(PixelMethod.integratedGradients(10), x, target, rank), "ig 10 steps " + rank);
            }
        }
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        float largest = 0;
        for (float v : expected) {
            largest = Math.max(largest, Math.abs(v));
        }
        for (int p = 0; p < expected.length; p++) {
            assertEquals(expected[p], actual[p], 1e-6 * largest, what + ", pixel " + p);
        }
    }

    /**
     * The bundled pooled model has no biases and only ReLU and max pooling between its convolutions: its logits are
     * positively homogeneous, {@code f(a x) = a f(x)} for {@code a > 0}, so its gradient is the same at every point of
     * the path from black but black itself (0, where every ReLU is off). Integrated Gradients over n points is then
     * {@code (n - 1) / n} times gradient x input, which is why the two rank alike in evaluate. Checked on four test
     * digits for 10 and 4 steps, within 1e-5 of the largest value (the path's points are rounded to float, which can
     * move a max pooling's choice between near-equal cells).
     */
    @Test
    void onTheBiasFreeBundledModelIntegratedGradientsIsGradientTimesInputTimesStepsLessOneOverSteps() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        for (int steps : new int[] {10, 4}) {
            try (CamSession times = CamSession.builder().setModel(pooled).optPixelMethod(PixelMethod.gradientTimesInput())
                    .build();
                    CamSession ig = CamSession.builder().setModel(pooled)
                            .optPixelMethod(PixelMethod.integratedGradients(steps)).build()) {
                for (int d = 0; d < 4; d++) {
                    float[] x = new float[PIXELS];
                    for (int p = 0; p < PIXELS; p++) {
                        x[p] = (test.pixels()[d * PIXELS + p] & 0xFF) / 255f;
                    }
                    float[] expected = times.explainPixels(x, 1, 28, 28, Target.predicted()).get(0).first().rawMap()
                            .values().clone();
                    for (int p = 0; p < PIXELS; p++) {
                        expected[p] *= (steps - 1f) / steps;
                    }
                    float[] actual = ig.explainPixels(x, 1, 28, 28, Target.predicted()).get(0).first().rawMap().values();
                    assertClose(expected, actual, steps + " steps, digit " + d);
                    assertTrue(max(actual) > 0, "a blank map would pass too");
                }
            }
        }
    }

    /**
     * A server that builds a session per request on one opened model must not grow its graph: the input gradient's
     * ops are added by the first pixel-method session and reused by every later one and by every explanation
     * (thirty-fifth round's {@code SessionChurnSoak} found memory flat over 500 such sessions; this pins the cause).
     * Five sessions, each explaining a test digit, on the bundled pooled model opened once.
     */
    @Test
    void sessionsBuiltAgainOnOneModelAddNoGraphOpsAfterTheFirst() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        try (CamModel pooled = io.github.cam4j.savedmodel.CamModelLoader.load(
                SharedData.bundledModels().resolve("mnist-pooled"), io.github.cam4j.savedmodel.LoadOptions.defaults())) {
            Graph g = pooled.session().graph();
            long afterFirst = -1;
            for (int s = 0; s < 5; s++) {
                try (CamSession cam = CamSession.builder().setModel(pooled)
                        .optPixelMethod(PixelMethod.integratedGradients(4)).build()) {
                    float[] x = new float[PIXELS];
                    for (int p = 0; p < PIXELS; p++) {
                        x[p] = (test.pixels()[s * PIXELS + p] & 0xFF) / 255f;
                    }
                    assertTrue(max(cam.explainPixels(x, 1, 28, 28, Target.predicted()).get(0).first().rawMap()
                            .values()) > 0, "session " + s + " made a blank map");
                }
                if (s == 0) {
                    afterFirst = operations(g);
                } else {
                    assertEquals(afterFirst, operations(g), "session " + (s + 1) + " added graph ops");
                }
            }
        }
    }

    private static long operations(Graph g) {
        long n = 0;
        for (java.util.Iterator<?> it = g.operations(); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    private static float max(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float x : v) {
            m = Math.max(m, x);
        }
        return m;
    }

    /**
     * "The input" is the tensor cam4j feeds: a model that rescales its own input by 1/255 inside its graph is
     * differentiated by the raw values fed, through the rescaling. Its saliency of raw pixels is the same network's
     * (the same seeded weights, without the rescaling) saliency of the pixels / 255, divided by 255: the chain rule.
     * A colour model (16x16x3), so the map is the channels' maximum of the gradient's absolute value (tf-keras-vis's),
     * one value per pixel. Within 1e-5 of the largest value (float32 gradients scaled by 1/255 at another point).
     */
    @Test
    void theGradientIsByTheValuesFedThroughTheModelsOwnRescaling() throws Exception {
        Path rescaling = ForeignModels.export(tmp.resolve("rescaling"), ForeignModels.rescalingClassifier());
        Path plain = ForeignModels.export(tmp.resolve("plain"), ForeignModels.gapClassifier(new long[] {-1, 16, 16, 3},
                4, true));
        Random random = new Random(5);
        float[] raw = new float[16 * 16 * 3];
        float[] scaled = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = random.nextInt(256);
            scaled[i] = raw[i] / 255f;
        }
        try (CamSession r = CamSession.builder().setModel(rescaling).optPixelMethod(PixelMethod.saliency()).build();
                CamSession p = CamSession.builder().setModel(plain).optPixelMethod(PixelMethod.saliency()).build()) {
            ImageExplanation byRaw = r.explainPixels(raw, 1, 16, 16, Target.of(2)).get(0);
            ImageExplanation byScaled = p.explainPixels(scaled, 1, 16, 16, Target.of(2)).get(0);
            assertArrayEquals(byScaled.probabilities(), byRaw.probabilities(), 1e-6f, "one network");
            float[] expected = byScaled.first().rawMap().values().clone();
            for (int i = 0; i < expected.length; i++) {
                expected[i] /= 255f;
            }
            float[] actual = byRaw.first().rawMap().values();
            assertEquals(16 * 16, actual.length, "one value per pixel, not per channel");
            assertClose(expected, actual, "saliency by raw pixels");
        }
    }

    /**
     * A photographed digit (dark ink on white, 120x80, the digit at columns 60..87, rows 30..57) is inverted and framed
     * as MNIST's digits were before the model sees it; its gradient x input map must come back onto the picture where
     * the ink is. Gradient x input is 0 wherever the fed value is 0 (the ground, once inverted), so its evidence lies on
     * the ink alone: its peak within the digit's box, and at most 1 % of its mass more than 2 pixels outside it
     * (bilinear resizing spreads an edge by a pixel or two). The same digit placed elsewhere moves its map with it.
     */
    @Test
    void aFramedInvertedPhotosMapLandsOnItsInk() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        try (CamSession s = CamSession.builder().setModel(pooled).optPixelMethod(PixelMethod.gradientTimesInput())
                .build()) {
            for (int[] at : new int[][] {{60, 30}, {10, 5}}) {
                int[] box = new int[4]; // x0, y0, x1, y1 of the ink
                try (Mat photo = new Mat(80, 120, opencv_core.CV_8UC1, new Scalar(255))) {
                    UByteIndexer ix = photo.createIndexer();
                    box[0] = Integer.MAX_VALUE;
                    box[1] = Integer.MAX_VALUE;
                    for (int y = 0; y < 28; y++) {
                        for (int x = 0; x < 28; x++) {
                            int ink = test.pixels()[y * 28 + x] & 0xFF;
                            ix.put(at[1] + y, at[0] + x, 255 - ink);
                            if (ink > 0) {
                                box[0] = Math.min(box[0], at[0] + x);
                                box[1] = Math.min(box[1], at[1] + y);
                                box[2] = Math.max(box[2], at[0] + x);
                                box[3] = Math.max(box[3], at[1] + y);
                            }
                        }
                    }
                    ix.close();
                    FloatMap map = s.explain(photo).map();
                    assertEquals(80, map.height());
                    assertEquals(120, map.width());
                    double inside = 0;
                    double total = 0;
                    int peakX = -1;
                    int peakY = -1;
                    float peak = Float.NEGATIVE_INFINITY;
                    for (int y = 0; y < 80; y++) {
                        for (int x = 0; x < 120; x++) {
                            float v = map.get(y, x);
                            total += v;
                            if (x >= box[0] - 2 && x <= box[2] + 2 && y >= box[1] - 2 && y <= box[3] + 2) {
                                inside += v;
                            }
                            if (v > peak) {
                                peak = v;
                                peakX = x;
                                peakY = y;
                            }
                        }
                    }
                    assertTrue(peakX >= box[0] && peakX <= box[2] && peakY >= box[1] && peakY <= box[3],
                            "peak (" + peakX + ", " + peakY + ") outside the ink's box " + java.util.Arrays.toString(box));
                    assertTrue(inside >= 0.99 * total && total > 0, inside + " of " + total + " near the ink");
                }
            }
        }
    }

    /**
     * A picture's map does not depend on the pictures beside it: five digits explained in one call, their noisy copies
     * or path points run 4 at a time (3 per picture, so runs straddle pictures), equal each digit explained alone,
     * within 1e-6 of the largest value (a batch's float kernels may sum in another order); SmoothGrad's noise is drawn
     * afresh for each picture from the seed.
     */
    @Test
    void aPicturesMapIsTheSameAloneAndInABatch() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        float[] five = new float[5 * PIXELS];
        for (int p = 0; p < five.length; p++) {
            five[p] = (test.pixels()[p] & 0xFF) / 255f;
        }
        for (PixelMethod method : List.of(PixelMethod.smoothGrad(3, 0.2, 4), PixelMethod.integratedGradients(3))) {
            try (CamSession s = CamSession.builder().setModel(pooled).optPixelMethod(method).optMaxBatch(4).build()) {
                List<ImageExplanation> together = s.explainPixels(five, 5, 28, 28, Target.predicted());
                for (int d = 0; d < 5; d++) {
                    float[] one = java.util.Arrays.copyOfRange(five, d * PIXELS, (d + 1) * PIXELS);
                    float[] alone = s.explainPixels(one, 1, 28, 28, Target.predicted()).get(0).first().rawMap()
                            .values();
                    assertClose(alone, together.get(d).first().rawMap().values(), method + ", digit " + d);
                    assertTrue(max(alone) > 0, method + ": a blank map would pass too");
                }
            }
        }
    }

    /**
     * A model made for one size (Flatten, then Dense) fed another through a pixel method: refused as the pictures'
     * input, with TensorFlow's words and the size the model takes, in the words CAM's path uses (one
     * {@link ModelFailure} for both since the thirty-third round); SmoothGrad's noisy copies of one picture name it
     * once.
     */
    @Test
    void aPixelMethodOnAModelOfOneSizeFedAnotherNamesTheSize() throws Exception {
        Path flatten = SharedData.kerasSavedModels().resolve("mnist-flatten-dense");
        for (PixelMethod method : List.of(PixelMethod.saliency(), PixelMethod.smoothGrad(3, 0.2, 0),
                PixelMethod.fullGrad())) {
            try (CamSession s = CamSession.builder().setModel(flatten).optPixelMethod(method).optKeepInputSize(true)
                    .build()) {
                // 28x32 gives 3x4 cells of 64 features, 768 values: no whole number of the Flatten's 576-value rows.
                InvalidInputException e = assertThrows(InvalidInputException.class,
                        () -> s.explainPixels(new float[28 * 32], 1, 28, 32, Target.predicted()));
                assertTrue(e.getMessage().contains("failed on a picture fed at 28x32: ")
                        && e.getMessage().contains("(it was made for 28x28 pictures and may take no other size: give"
                                + " it pictures of that size)"), method + ": " + e.getMessage());
                assertTrue(!e.getMessage().contains("\n"), method + ": one line: " + e.getMessage());
            }
        }
    }

    /** A pixel method excludes the other methods, eigen smoothing and target layers, each named. */
    @Test
    void thePixelMethodsRefuseWhatHasNoMeaningForThem() {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        IllegalArgumentException smooth = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .setModel(pooled).optPixelMethod(PixelMethod.saliency()).optEigenSmooth(true).build());
        assertTrue(smooth.getMessage().startsWith("optEigenSmooth(true) and optPixelMethod(Saliency) exclude each"
                + " other"), smooth.getMessage());
        IllegalArgumentException layers = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .setModel(pooled).optPixelMethod(PixelMethod.integratedGradients(10))
                .optLayers(List.of("conv2d/Relu", "conv2d_1/Relu")).build());
        assertTrue(layers.getMessage().startsWith("optLayers([conv2d/Relu, conv2d_1/Relu]) and optPixelMethod("
                + "Integrated Gradients(10 steps)) exclude each other"), layers.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .setModel(pooled).optPixelMethod(PixelMethod.saliency()).optScoreCam(true).build());
        assertEquals("optScoreCam(true) and optPixelMethod(Saliency) exclude each other: a session makes one kind of"
                + " map", two.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PixelMethod.smoothGrad(0, 0.2, 0));
        assertThrows(IllegalArgumentException.class, () -> PixelMethod.smoothGrad(5, -0.1, 0));
        // More noise than the picture's whole range drowns it (pointing game 0.5 % at 10): refused, 1 taken.
        IllegalArgumentException loud = assertThrows(IllegalArgumentException.class,
                () -> PixelMethod.smoothGrad(5, 1.01, 0));
        assertTrue(loud.getMessage().contains("from 0 to 1.0") && loud.getMessage().endsWith("got 1.01"),
                loud.getMessage());
        assertEquals(1.0, PixelMethod.smoothGrad(5, 1, 0).noise());
        assertThrows(IllegalArgumentException.class, () -> PixelMethod.integratedGradients(1));
    }

    /**
     * SmoothGrad's noise is at most the picture's whole fed range, so its copies leave float32's range only where the
     * fed values themselves come near it: a model opened with an extreme pixel scale. The linear model, opened again
     * with a pixel scale of 4e35, is fed one lit pixel (the one whose weights are smallest, so that the clean run's
     * logits stay finite) at 255 x 4e35 = 1.02e38: with a noise of the whole range, its copies reach past 3.4e38 and
     * are refused naming the noise, the picture and the deviation, where an infinite input had made every gradient NaN
     * or 0 (a map of nothing drawn as if it meant something). A picture without a file's name is "picture #0" (it read
     * "of #0's value range"). A noise of a thousandth of it still makes a map.
     */
    @Test
    void smoothGradCopiesBeyondFloat32sRangeAreRefusedNamingTheNoise() throws Exception {
        int quiet = 0;
        float quietest = Float.MAX_VALUE;
        for (int p = 0; p < PIXELS; p++) {
            float largest = 0;
            for (int c = 0; c < CLASSES; c++) {
                largest = Math.max(largest, Math.abs(kernel[p * CLASSES + c]));
            }
            if (largest < quietest) {
                quietest = largest;
                quiet = p;
            }
        }
        try (CamModel scaled = CamModel.fromSessionByGradients(session, new TensorNames("images", "features", "logits",
                null), ClassifierActivation.NONE, new InputSpec(28, 28, 1, 4e35f, 0f, true), null,
                GradientWeighting.GRAD_CAM);
                CamSession loud = CamSession.builder().setModel(scaled).optPixelMethod(PixelMethod.smoothGrad(4, 1, 0))
                        .build();
                CamSession quietNoise = CamSession.builder().setModel(scaled)
                        .optPixelMethod(PixelMethod.smoothGrad(4, 0.001, 0)).build();
                Mat lit = new Mat(28, 28, opencv_core.CV_8UC1, new Scalar(0))) {
            lit.ptr(quiet / 28, quiet % 28).put((byte) 255);
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> loud.explain(lit));
            assertTrue(e.getMessage().startsWith("SmoothGrad's noise 1.0 of picture #0's value range (a deviation of"
                    + " 1.02"), e.getMessage());
            assertTrue(e.getMessage().endsWith(" puts its noisy copies beyond float32's range (±3.4028235E38), which"
                    + " the model is fed in: give a smaller noise"), e.getMessage());
            assertEquals(28, quietNoise.explain(lit).map().width(), "inside float32's range, a map");
        }
    }
}
