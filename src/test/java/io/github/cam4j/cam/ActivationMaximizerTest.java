package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.testing.ForeignModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;

/**
 * tf-keras-vis' activation maximization ({@link ActivationMaximizer}) on the bundled pooled model and an imported Keras
 * SavedModel: what a user relies on (each class's picture is read as that class; the score climbs; a seed reproduces
 * its pictures), and the parts checked on their own: the regularizers' values and gradients by hand and by finite
 * differences, the jitter and the rotation on pictures small enough to follow by hand.
 */
class ActivationMaximizerTest {
    private static final int[] DIGITS = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};

    private static CamModel pooled;
    /** Every digit at the default settings without jitter and rotation (seed 0), made once for several tests. */
    private static List<MaximizedPicture> digits;

    @BeforeAll
    static void open() throws Exception {
        pooled = CamModelLoader.load(SharedData.bundledModels().resolve("mnist-pooled"),
                LoadOptions.defaults().withGradCam());
        digits = ActivationMaximizer.builder().setModel(pooled).setClasses(DIGITS).optJitter(0).optRotation(0).build()
                .maximize();
    }

    @AfterAll
    static void close() {
        pooled.close();
    }

    /**
     * A lent bundle closed by the application under an open maximizer is said to be so, as CamSession says it: the
     * maximizer's runs had failed in TensorFlow's words as the model failing on "4 pictures".
     */
    @Test
    void aLentBundleClosedUnderTheMaximizerIsSaidSo() throws Exception {
        org.tensorflow.SavedModelBundle bundle = org.tensorflow.SavedModelBundle.load("saved_models/mnist-pooled",
                "serve");
        try (CamModel lent = CamModel.fromBundle(bundle, io.github.cam4j.savedmodel.InputSpec.mnist(), null)) {
            ActivationMaximizer maximizer = ActivationMaximizer.builder().setModel(lent).setClasses(1, 2).optSteps(2)
                    .build();
            bundle.close();
            IllegalStateException e = assertThrows(IllegalStateException.class, maximizer::maximize);
            assertTrue(e.getMessage().startsWith("the TensorFlow graph or session of model SavedModel was closed while"
                    + " the model was open ("), e.getMessage());
        }
    }

    /** A jitter beyond a side one pixel wide is said in English: "more than 1 pixel", not "1 pixels". */
    @Test
    void aJitterBeyondAOnePixelSideCountsItsPixels() {
        assertEquals("jitter 2 pixels reaches beyond the 1x5 pictures (a roll wraps around, so a shift of more than 1"
                + " pixel is that of its remainder); give at most 1, or 0 for none", assertThrows(
                        IllegalArgumentException.class, () -> ActivationMaximizer.Builder.checkJitter(2,
                                new PictureSize(1, 5))).getMessage());
    }

    /**
     * Every digit's picture is read by the model as that digit, with probability at least 0.4: measured 0.492 (9),
     * 0.523 (5), 0.578 (3), 0.908 (7) and 0.97 or more for the others with seed 0, the default regularizers and 200
     * steps ({@code cam4j maximize --model saved_models/mnist-pooled --jitter 0 --rotate 0 --out digits.png}, the
     * same settings; jitter and rotation off: tf-keras-vis' defaults, tuned for 224x224 pictures, leave MNIST's
     * drifting and blurred, usage.md). 0.4 keeps the class on top (no other class can then pass it by more than
     * 0.2) with room for another CPU's float sums. The uniform noise the pictures start from is read as an 8
     * (probability 1.0); for every other class its probability there is below 1e-3 (measured below 1e-5), a
     * thousandth of the bound.
     */
    @Test
    void everyDigitsPictureIsReadAsThatDigit() {
        assertEquals(10, digits.size());
        for (MaximizedPicture p : digits) {
            float[] probabilities = p.probabilities();
            assertEquals(p.index(), CamMath.argMax(probabilities), p.target() + ": " + Arrays.toString(probabilities));
            assertTrue(probabilities[p.index()] >= 0.4f, p.target() + ": p = " + probabilities[p.index()]);
            if (CamMath.argMax(p.seedProbabilities()) != p.index()) {
                assertTrue(p.seedProbabilities()[p.index()] < 1e-3f, p.target() + " on noise: "
                        + p.seedProbabilities()[p.index()]);
            }
            for (float v : p.pixels()) {
                assertTrue(v >= 0f && v <= 255f, "the result is clipped to tf-keras-vis' input range 0..255: " + v);
            }
        }
    }

    /**
     * Without regularizers, jitter and rotation the steps are plain gradient ascent of the class's logit, which must
     * then climb: after 50 steps the final (clipped) picture's logit is at least 10 above the noise's for every digit.
     * Measured rises: 34 (0) to 113 (1) logits, so 10 leaves a wide margin; a gradient of the wrong sign (or of another
     * class) lowers most of them instead.
     */
    @Test
    void theClassLogitClimbs() throws Exception {
        List<MaximizedPicture> climbed = ActivationMaximizer.builder().setModel(pooled).setClasses(DIGITS).optSteps(50)
                .optTvWeight(0).optNormWeight(0).optJitter(0).optRotation(0).build().maximize();
        for (MaximizedPicture p : climbed) {
            assertTrue(p.score() > p.seedScore() + 10, p.target() + ": " + p.seedScore() + " -> " + p.score());
            assertEquals(50, p.scores().length);
            assertTrue(p.scores()[49] > p.scores()[0] + 10, p.target() + ": " + p.scores()[0] + " -> " + p.scores()[49]);
        }
    }

    /**
     * The same seed draws the same pictures to the bit, jitter and rotation on (20 steps, two classes); another seed
     * other pictures.
     */
    @Test
    void aSeedReproducesItsPictures() throws Exception {
        float[][] first = pictures(7, 20);
        float[][] again = pictures(7, 20);
        float[][] other = pictures(8, 20);
        for (int i = 0; i < first.length; i++) {
            assertArrayEquals(first[i], again[i]);
            assertFalse(Arrays.equals(first[i], other[i]), "seeds 7 and 8 drew the same picture " + i);
        }
    }

    private static float[][] pictures(long seed, int steps) throws Exception {
        return ActivationMaximizer.builder().setModel(pooled).setClasses(3, 5).optSeed(seed).optSteps(steps).build()
                .maximize().stream().map(MaximizedPicture::pixels).toArray(float[][]::new);
    }

    /**
     * Total variation's weight 0 leaves the pictures far rougher than the default weight 1: their total variation
     * (weight 1, per value) averaged over the ten digits, measured 156 without against 19.4 with (seed 0, no jitter
     * or rotation); asserted at least 3 times as large.
     */
    @Test
    void withoutTotalVariationThePicturesAreRougher() throws Exception {
        List<MaximizedPicture> rough = ActivationMaximizer.builder().setModel(pooled).setClasses(DIGITS).optTvWeight(0)
                .optJitter(0).optRotation(0).build().maximize();
        double smooth = meanVariation(digits);
        double without = meanVariation(rough);
        assertTrue(without > 3 * smooth, "total variation " + without + " without against " + smooth + " with");
    }

    private static double meanVariation(List<MaximizedPicture> pictures) {
        return pictures.stream().mapToDouble(p -> TotalVariation2D.value(p.pixels(), p.height(), p.width(),
                p.channels(), 1f)).average().orElseThrow();
    }

    /**
     * A channel of the second convolution: its mean activation climbs (50 steps, plain ascent) to at least 1.5 times
     * the noise's for the three channels the noise already excites; measured 3.46 -> 11.5, 9.89 -> 22.3 and 1.66 ->
     * 8.25 (2.3 to 5 times). The scores are the channel's means the graph computes: its own mean, not another's.
     */
    @Test
    void aChannelsMeanActivationClimbs() throws Exception {
        List<MaximizedPicture> channels = ActivationMaximizer.builder().setModel(pooled)
                .setChannels("conv2d_2/Relu", 0, 2, 3).optSteps(50).optTvWeight(0).optNormWeight(0).optJitter(0)
                .optRotation(0).build().maximize();
        for (MaximizedPicture p : channels) {
            assertFalse(p.isClass());
            assertTrue(p.seedScore() > 0.5f, p.target() + " on noise: " + p.seedScore());
            assertTrue(p.score() > 1.5f * p.seedScore(), p.target() + ": " + p.seedScore() + " -> " + p.score());
        }
    }

    /**
     * On a Keras SavedModel imported from Python (its softmax after a global average pooling, a Leaky ReLU on the
     * way, pixels fed as 0..255), plain ascent climbs every class's logit by at least 5 in 50 steps; the gradient is
     * TensorFlow's through the imported graph.
     */
    @Test
    void anImportedKerasModelsLogitsClimbToo() throws Exception {
        try (CamModel keras = CamModelLoader.load(SharedData.kerasSavedModels().resolve("mnist-conv-head-gap"),
                LoadOptions.defaults().withGradCam())) {
            List<MaximizedPicture> climbed = ActivationMaximizer.builder().setModel(keras).setClasses(DIGITS)
                    .optSteps(50).optTvWeight(0).optNormWeight(0).optJitter(0).optRotation(0).build().maximize();
            for (MaximizedPicture p : climbed) {
                assertTrue(p.score() > p.seedScore() + 5, p.target() + ": " + p.seedScore() + " -> " + p.score());
            }
        }
    }

    /**
     * Maximizing the same layer again adds no op to the model's graph, and draws the same pictures: the first build at
     * a layer no other test uses adds the ops (the count rises, so the counting sees them), the second build at it,
     * named with its output index this time, leaves the count as it was, and its pictures (5 steps, jitter and rotation
     * on, seed 3) equal the first build's bit for bit: the same ops run on the same values; a third, at another size,
     * adds none either (the ops take any size the graph does). A class's build adds none
     * either (its gradient is the model's own, {@link CamModel#inputGradients}).
     */
    @Test
    void aLayersGradientOpsAreBuiltOnceAndReused() throws Exception {
        Graph graph = pooled.session().graph();
        int before = operations(graph);
        List<MaximizedPicture> first = ActivationMaximizer.builder().setModel(pooled).setChannels("conv2d_1/Relu", 1, 4)
                .optSteps(5).optSeed(3).build().maximize();
        int afterFirst = operations(graph);
        assertTrue(afterFirst > before, "the first build added no ops: " + before + " -> " + afterFirst);
        List<MaximizedPicture> second = ActivationMaximizer.builder().setModel(pooled)
                .setChannels("conv2d_1/Relu:0", 1, 4).optSteps(5).optSeed(3).build().maximize();
        assertEquals(afterFirst, operations(graph), "the second build at the same layer added ops");
        ActivationMaximizer.builder().setModel(pooled).setChannels("conv2d_1/Relu", 1).optSteps(1).optSize(36, 40)
                .build().maximize();
        assertEquals(afterFirst, operations(graph), "a build at the same layer at another size added ops");
        for (int i = 0; i < first.size(); i++) {
            assertArrayEquals(first.get(i).pixels(), second.get(i).pixels(), "picture " + i);
            assertArrayEquals(first.get(i).scores(), second.get(i).scores(), "scores " + i);
        }
        ActivationMaximizer.builder().setModel(pooled).setClasses(2).optSteps(1).build().maximize();
        int afterClass = operations(graph);
        ActivationMaximizer.builder().setModel(pooled).setClasses(2).optSteps(1).build().maximize();
        assertEquals(afterClass, operations(graph), "a second build for a class added ops");
    }

    /**
     * A layer refused after ops were added for it (the pooled model's first kernel constant, {@code Const}: rank 4 and
     * float, so its means are added before TensorFlow finds it unreachable from the input) is refused
     * again in the same words without adding more.
     */
    @Test
    void aRefusedLayerIsRefusedAgainWithoutNewOps() {
        Graph graph = pooled.session().graph();
        String first = assertThrows(ModelLoadException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setChannels("Const", 0).build()).getMessage();
        assertTrue(first.contains("cannot add the gradient of layer 'Const'"), first);
        int afterFirst = operations(graph);
        String again = assertThrows(ModelLoadException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setChannels("Const:0", 0).build()).getMessage();
        assertEquals(afterFirst, operations(graph), "asking again for a refused layer added ops");
        assertEquals(first, again);
    }

    private static int operations(Graph graph) {
        int count = 0;
        for (Iterator<?> it = graph.operations(); it.hasNext(); it.next()) {
            count++;
        }
        return count;
    }

    /**
     * The bundled pooled model's graph takes any picture size ([-1, -1, -1, 1]; its metadata records 28x28): drawn at
     * 40x36 the pictures are 40x36 and the model reads them, its scores and probabilities finite and the probabilities
     * summing to 1 (to 1e-5: ten float32 softmax values). Without a size it draws at the 28x28 it records.
     */
    @Test
    void anOpenSizeModelIsDrawnAtTheSizeAsked() throws Exception {
        List<MaximizedPicture> pictures = ActivationMaximizer.builder().setModel(pooled).setClasses(3, 7).optSteps(5)
                .optSize(40, 36).build().maximize();
        for (MaximizedPicture p : pictures) {
            assertEquals(40, p.height());
            assertEquals(36, p.width());
            assertEquals(40 * 36, p.pixels().length);
            assertFinite(p);
        }
        MaximizedPicture recorded = ActivationMaximizer.builder().setModel(pooled).setClasses(3).optSteps(1).build()
                .maximize().get(0);
        assertEquals(28, recorded.height());
        assertEquals(28, recorded.width());
    }

    private static void assertFinite(MaximizedPicture p) {
        assertTrue(Float.isFinite(p.score()) && Float.isFinite(p.seedScore()), p.target() + ": " + p.score());
        float sum = 0;
        for (float v : p.probabilities()) {
            assertTrue(Float.isFinite(v), p.target() + ": " + Arrays.toString(p.probabilities()));
            sum += v;
        }
        assertEquals(1f, sum, 1e-5f, p.target() + ": " + Arrays.toString(p.probabilities()));
    }

    /**
     * A SavedModel whose input placeholder leaves height and width open ([-1, -1, -1, 1]) and that records no size (no
     * cam4j metadata) is refused without a size, in a message that says to give one; drawn at 32x24 its pictures are
     * 32x24 and its probabilities finite; at 1x1 its 2x2 pooling has no cell, refused when the maximizer is built,
     * naming the cell's size (the mean of no cell was NaN, found on the starting noise before any step; that check
     * remains for graphs whose cells cam4j cannot place).
     */
    @Test
    void aModelThatRecordsNoSizeNeedsOne(@TempDir Path tmp) throws Exception {
        Path dir = ForeignModels.export(tmp.resolve("open"), ForeignModels.gapClassifier(new long[] {-1, -1, -1, 1},
                10, true));
        try (CamModel open = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam())) {
            String refused = assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder()
                    .setModel(open).setClasses(3).build()).getMessage();
            assertTrue(refused.contains("size not given") && refused.contains("any size"), refused);
            MaximizedPicture p = ActivationMaximizer.builder().setModel(open).setClasses(3).optSteps(5).optSize(32, 24)
                    .build().maximize().get(0);
            assertEquals(32, p.height());
            assertEquals(24, p.width());
            assertFinite(p);
            // Its 2x2 pooling's cell is known from the graph: a 1x1 picture is refused at build, naming the cell.
            String tooSmall = assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder()
                    .setModel(open).setClasses(3).optSize(1, 1).build()).getMessage();
            assertTrue(tooSmall.startsWith("size 1x1") && tooSmall.contains("makes no feature cells")
                    && tooSmall.contains("give at least 2x2"), tooSmall);
        }
    }

    /**
     * The imported Keras model's input tensor fixes 28x28: another size is refused naming that size and the tensor;
     * its own size is taken.
     */
    @Test
    void aFixedSizeModelRefusesAnotherSize() throws Exception {
        try (CamModel keras = CamModelLoader.load(SharedData.kerasSavedModels().resolve("mnist-conv-head-gap"),
                LoadOptions.defaults().withGradCam())) {
            String refused = assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder()
                    .setModel(keras).setClasses(3).optSize(40, 40).build()).getMessage();
            assertTrue(refused.contains("size 40x40") && refused.contains("takes 28x28 pictures only"), refused);
            String oneSide = assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder()
                    .setModel(keras).setClasses(3).optSize(28, 29).build()).getMessage();
            assertTrue(oneSide.contains("takes 28x28 pictures only"), oneSide);
            ActivationMaximizer.builder().setModel(keras).setClasses(3).optSize(28, 28).build();
        }
    }

    /** Out-of-range settings and targets are refused by name before any step. */
    @Test
    void badSettingsAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(10).build()).getMessage().contains("class 10"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(1).optSteps(0).build()).getMessage().contains("steps"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(1).optTvWeight(-1).build()).getMessage().contains("total variation"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(1).optNormWeight(Float.NaN).build()).getMessage().contains("norm"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setChannels("conv2d_2/Relu", 999).build()).getMessage().contains("channel 999"));
        assertTrue(assertThrows(ModelLoadException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setChannels("no_such_layer", 0).build()).getMessage().contains("no_such_layer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(1).optSize(0, 28).build()).getMessage().contains("size 0x28"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(1).optSize(28, -1).build()).getMessage().contains("size 28x-1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(1).optSize(16385, 28).build()).getMessage().contains("1 to 16384"));
        // Ten 16384x16384 pictures are 2.7e9 values: refused before any memory is taken, naming the count.
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(DIGITS).optSize(16384, 16384).build()).getMessage().startsWith("size 16384x16384 for 10"
                        + " pictures at once: 2684354560 values"));
    }

    /**
     * A closed model is named as closed: building failed with TensorFlow's "close() has been called on the Graph" from
     * deep inside, and maximizing with a model closed after the build was reported as the model failing on a picture.
     * Null targets are named too (they were NullPointerExceptions from {@code int[].clone()}).
     */
    @Test
    void aClosedModelAndNullTargetsAreNamed() throws Exception {
        CamModel closed = CamModelLoader.load(SharedData.bundledModels().resolve("mnist-pooled"),
                LoadOptions.defaults().withGradCam());
        ActivationMaximizer built = ActivationMaximizer.builder().setModel(closed).setClasses(3).optSteps(1).build();
        closed.close();
        IllegalStateException late = assertThrows(IllegalStateException.class, built::maximize);
        assertEquals("the model this ActivationMaximizer draws with, " + closed.source() + ", was closed: close the"
                + " model after maximize()", late.getMessage());
        IllegalStateException early = assertThrows(IllegalStateException.class,
                () -> ActivationMaximizer.builder().setModel(closed).setClasses(3).build());
        assertEquals("model " + closed.source() + " is closed: build the maximizer, and maximize, before closing the"
                + " model", early.getMessage());
        assertEquals("classes is null: the class indices to draw, e.g. setClasses(0, 1, 2)", assertThrows(
                NullPointerException.class, () -> ActivationMaximizer.builder().setClasses((int[]) null)).getMessage());
        assertEquals("channels is null: the layer's channel indices to draw, e.g. setChannels(layer, 0, 1)",
                assertThrows(NullPointerException.class,
                        () -> ActivationMaximizer.builder().setChannels("conv2d_2/Relu", (int[]) null)).getMessage());
    }

    /**
     * tf.image.total_variation by hand on a 2x2 grey picture {@code [[0, 1], [3, 2]]}: vertical |3 - 0| + |2 - 1| = 4,
     * horizontal |1 - 0| + |2 - 3| = 2, so 6, over 4 values, times the weight 2: 3. Its gradient: each value's
     * neighbour differences' signs, times 2 / 4: value 0 (below both neighbours) -2 x 0.5 = -1; value 1 (above 0,
     * below 2) 0; value 3 (above 0 and 2) +1; value 2 (above 1, below 3) 0.
     */
    @Test
    void totalVariationByHand() {
        float[] x = {0, 1, 3, 2};
        assertEquals(3.0, TotalVariation2D.value(x, 2, 2, 1, 2f), 1e-12);
        float[] gradient = new float[4];
        TotalVariation2D.addGradient(x, 2, 2, 1, 2f, gradient);
        assertArrayEquals(new float[] {-1f, 0f, 1f, 0f}, gradient, 1e-7f);
    }

    /**
     * Norm by hand: {@code x = [3, -4, 0, 0]}, p = 1: 0.3 x 7 / 4 = 0.525, gradient 0.3 / 4 x sign(x) (0 at 0, as
     * TensorFlow's Abs); p = 2: 0.3 x 5 / 2 = 0.75, gradient 0.3 / 2 x x / 5.
     */
    @Test
    void normByHand() {
        float[] x = {3, -4, 0, 0};
        assertEquals(0.525, NormRegularizer.value(x, 0.3f, 1), 1e-7);
        float[] g1 = new float[4];
        NormRegularizer.addGradient(x, 0.3f, 1, g1);
        assertArrayEquals(new float[] {0.075f, -0.075f, 0f, 0f}, g1, 1e-7f);
        assertEquals(0.75, NormRegularizer.value(x, 0.3f, 2), 1e-7);
        float[] g2 = new float[4];
        NormRegularizer.addGradient(x, 0.3f, 2, g2);
        assertArrayEquals(new float[] {0.09f, -0.12f, 0f, 0f}, g2, 1e-7f);
    }

    /**
     * Both regularizers' gradients against central differences on a random 5x4x3 picture (values in [-1, 1]). Both are
     * piecewise linear (total variation, the L1 norm) or smooth (the L2 norm), so a difference of +-1e-3 that crosses
     * no kink is exact up to rounding: values closer than 2e-3 to a neighbour (or to 0) are skipped. Tolerance 1e-6
     * per value: the values summed in double, the gradients (of order 1/60) stored in float, 1e-9 relative.
     */
    @Test
    void regularizerGradientsMatchFiniteDifferences() {
        int h = 5;
        int w = 4;
        int c = 3;
        Random random = new Random(11);
        float[] x = new float[h * w * c];
        for (int i = 0; i < x.length; i++) {
            x[i] = 2 * random.nextFloat() - 1;
        }
        float[] tv = new float[x.length];
        TotalVariation2D.addGradient(x, h, w, c, 1.5f, tv);
        float[] l1 = new float[x.length];
        NormRegularizer.addGradient(x, 0.3f, 1, l1);
        float[] l2 = new float[x.length];
        NormRegularizer.addGradient(x, 0.7f, 2, l2);
        float step = 1e-3f;
        int checked = 0;
        for (int i = 0; i < x.length; i++) {
            float v = x[i];
            x[i] = v + step;
            double tvUp = TotalVariation2D.value(x, h, w, c, 1.5f);
            double l1Up = NormRegularizer.value(x, 0.3f, 1);
            double l2Up = NormRegularizer.value(x, 0.7f, 2);
            x[i] = v - step;
            double tvDown = TotalVariation2D.value(x, h, w, c, 1.5f);
            double l1Down = NormRegularizer.value(x, 0.3f, 1);
            double l2Down = NormRegularizer.value(x, 0.7f, 2);
            double twice = (double) (v + step) - (v - step);
            x[i] = v;
            assertEquals((l2Up - l2Down) / twice, l2[i], 1e-6, "L2 at " + i);
            if (Math.abs(v) > 2 * step) {
                assertEquals((l1Up - l1Down) / twice, l1[i], 1e-6, "L1 at " + i);
            }
            if (farFromNeighbours(x, i, h, w, c, 2 * step)) {
                assertEquals((tvUp - tvDown) / twice, tv[i], 1e-6, "total variation at " + i);
                checked++;
            }
        }
        assertTrue(checked > x.length / 2, "only " + checked + " values were away from a kink");
    }

    private static boolean farFromNeighbours(float[] x, int i, int h, int w, int c, float gap) {
        int pixel = i / c;
        int row = pixel / w;
        int col = pixel % w;
        int[][] around = {{-1, 0}, {1, 0}, {0, -1}, {0, 1}};
        for (int[] d : around) {
            int r = row + d[0];
            int k = col + d[1];
            if (r >= 0 && r < h && k >= 0 && k < w && Math.abs(x[(r * w + k) * c + i % c] - x[i]) < gap) {
                return false;
            }
        }
        return true;
    }

    /**
     * tf.roll by (1, 2) on two 3x4 pictures of 2 channels: value (row 0, column 0) moves to (1, 2); (2, 3) wraps to
     * (0, 1); every value moves, none is lost, and the second picture moves the same way.
     */
    @Test
    void jitterRollsEveryPictureByTheShift() {
        int h = 3;
        int w = 4;
        int c = 2;
        float[] batch = new float[2 * h * w * c];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = i;
        }
        float[] before = batch.clone();
        InputModifiers.roll(batch, 2, h, w, c, 1, 2);
        for (int n = 0; n < 2; n++) {
            for (int row = 0; row < h; row++) {
                for (int col = 0; col < w; col++) {
                    for (int k = 0; k < c; k++) {
                        int from = n * h * w * c + (row * w + col) * c + k;
                        int to = n * h * w * c + (((row + 1) % h) * w + (col + 2) % w) * c + k;
                        assertEquals(before[from], batch[to], "picture " + n + " (" + row + ", " + col + ")");
                    }
                }
            }
        }
        assertEquals(before[0], batch[(1 * w + 2) * c]);
        assertEquals(before[(2 * w + 3) * c], batch[(0 * w + 1) * c]);
    }

    /**
     * OpenCV's rotation turns the picture as scipy's {@code ndimage.rotate(x, angle, axes=(1, 2), reshape=False,
     * order=1, mode='reflect', prefilter=False)} does: by 90 degrees, the bright value at the top middle of a 5x5 grey
     * picture lands at the left middle (scipy: the same); by 1 degree a 4x4 ramp {@code 0..15} becomes scipy's (values
     * printed by scipy 1.x on this machine) to 0.08: OpenCV rounds each source position to 1/32 of a pixel, up to 1/64
     * off in each axis, which on a ramp rising 1 per column and 4 per row is (1 + 4) / 64 = 0.078 at most (0.044
     * measured); turned the other way, the dot lands at the right middle.
     */
    @Test
    void rotationTurnsAsScipyDoes() {
        float[] dot = new float[25];
        dot[2] = 1f;
        InputModifiers.rotate(dot, 1, 5, 5, 1, 90);
        assertEquals(1f, dot[2 * 5], 1e-6f, Arrays.toString(dot));
        assertEquals(1f, sum(dot), 1e-5f);
        float[] ramp = new float[16];
        for (int i = 0; i < 16; i++) {
            ramp[i] = i;
        }
        InputModifiers.rotate(ramp, 1, 4, 4, 1, 1);
        float[] scipy = {0.02640707f, 1.0262548f, 2.0619211f, 3.1056283f, 3.9045448f, 4.974202f, 6.0438595f,
            7.105019f, 7.894981f, 8.9561405f, 10.025798f, 11.095455f, 11.894372f, 12.938079f, 13.973745f, 14.973593f};
        assertArrayEquals(scipy, ramp, 0.08f, Arrays.toString(ramp));
    }

    /**
     * A learning rate and a norm weight at a float's largest (3e38) take RMSprop's first step to NaN pixels: the norm's
     * gradient, 3e38 a pixel, squared overflows, and infinity over infinity is NaN. With one step no later run looked at
     * them, and the clip to 0..255 keeps NaN: the pictures came back NaN, drawn black by the figure's 8-bit conversion
     * and reported p=0.10 for every class (helper-216's audit). Now the step that made them is named, as a score that
     * turns non-finite is.
     */
    @Test
    void picturesThatTurnNonFiniteAreRefusedNamingTheStep() {
        CamException e = assertThrows(CamException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(0).optSteps(1).optLearningRate(3e38f).optNormWeight(3e38f).optJitter(0).optRotation(0)
                .build().maximize());
        assertTrue(e.getMessage().contains("step 1 of 1") && e.getMessage().contains("diverged"), e.getMessage());
    }

    /**
     * A weight so large that a pixel's gradient squared overflows RMSprop's float running mean (the Norm's 3e38 / 784
     * pixels: 3.8e35 a pixel, squared 1.5e71) froze the pixels, g / infinity = 0: the picture came back as the noise it
     * started from, logit 3.114 -> 3.114, without a word, where a weight of 1e20 draws it black as asked. It is
     * refused, naming the step, the target and what to change.
     */
    @Test
    void aWeightWhoseGradientOverflowsRmsPropIsRefused() {
        CamException e = assertThrows(CamException.class, () -> ActivationMaximizer.builder().setModel(pooled)
                .setClasses(0).optSteps(2).optNormWeight(3e38f).optJitter(0).optRotation(0).build().maximize());
        assertTrue(e.getMessage().contains("class 0's picture") && e.getMessage().contains("at step 1 of 2")
                && e.getMessage().contains("take smaller regularizer weights"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    /**
     * Steps to run until stopped ({@code --steps 2147483647}, Ctrl-C to end) start at once and stop when asked: each
     * target's score history was made for every step before the first, 8 GB a target, and ended in
     * "OutOfMemoryError: Requested array size exceeds VM limit". Stopped by an interrupt after 3 steps, the run says so
     * ({@link ExplanationStoppedException}) having told its progress 1, 2 and 3.
     */
    @Test
    void asManyStepsAsAnIntHoldsStartAndStopWhenAsked() throws Exception {
        List<Integer> told = new java.util.ArrayList<>();
        ActivationMaximizer maximizer = ActivationMaximizer.builder().setModel(pooled).setClasses(0)
                .optSteps(Integer.MAX_VALUE).optJitter(0).optRotation(0).optProgress(step -> {
                    told.add(step);
                    if (step == 3) {
                        Thread.currentThread().interrupt();
                    }
                }).build();
        try {
            assertThrows(ExplanationStoppedException.class, maximizer::maximize);
        } finally {
            // The flag is left set, as maximize() says: cleared for the tests after this one.
            Thread.interrupted();
        }
        assertEquals(List.of(1, 2, 3), told);
    }

    /**
     * The score history grows as the steps go (above): past its first 1024 steps it still holds one score per step,
     * each finite, the last the step's own (the class's logit climbs from the noise's 3.114: the last above it).
     */
    @Test
    void theScoreHistoryHoldsEveryStepPastItsFirstThousand() throws Exception {
        MaximizedPicture p = ActivationMaximizer.builder().setModel(pooled).setClasses(0).optSteps(1100).optJitter(0)
                .optRotation(0).build().maximize().get(0);
        float[] scores = p.scores();
        assertEquals(1100, scores.length);
        for (float s : scores) {
            assertTrue(Float.isFinite(s), Arrays.toString(scores));
        }
        assertTrue(scores[1099] > p.seedScore(), scores[1099] + " after 1100 steps, from " + p.seedScore());
    }

    /**
     * A rotation near a double's largest (--rotate 1e308) is drawn as a finite angle: the draw -R + 2R u overflowed to
     * infinity from 9e307 on, OpenCV's rotation matrix was then NaN, and the pictures were turned by no angle at all
     * but mapped through that matrix. Each draw must lie in [-R, R]; with u = 0.5 it is 0 (to the last bit, as before).
     */
    @Test
    void aHugeRotationIsDrawnAsAFiniteAngle() {
        for (double u : new double[] {0, 0.25, 0.5, 0.75, Math.nextDown(1.0)}) {
            double angle = ActivationMaximizer.rotationAngle(Double.MAX_VALUE, u);
            assertTrue(Double.isFinite(angle) && Math.abs(angle) <= Double.MAX_VALUE, u + ": " + angle);
        }
        assertEquals(0.0, ActivationMaximizer.rotationAngle(1e308, 0.5));
        // At ordinary rotations the draw is the one it was, bit for bit: the same seed draws the same pictures.
        Random random = new Random(7);
        for (int i = 0; i < 1000; i++) {
            double u = random.nextDouble();
            double rotation = 360 * random.nextDouble();
            assertEquals(-rotation + 2 * rotation * u, ActivationMaximizer.rotationAngle(rotation, u));
        }
    }

    /**
     * End to end, {@code --rotate 1e308}'s overflow (above): one step that barely moves the pixels turns the starting
     * noise by a finite angle, which keeps it noise: mean 127.5 and standard deviation 73.6 (uniform in 0..255). The
     * bilinear turn averages at most four independent pixels, which at worst (equal weights) halves the deviation, to
     * 36.8: it must stay above 30, and the mean within 10 of 127.5 (784 values of that spread put it within 3 of the
     * noise's own). The overflowed angle had drawn the whole picture in one value (186.4, deviation 0).
     */
    @Test
    void aHugeRotationTurnsThePictures() throws Exception {
        float[] turned = ActivationMaximizer.builder().setModel(pooled).setClasses(0).optSteps(1)
                .optLearningRate(1e-30f).optTvWeight(0).optNormWeight(0).optJitter(0).optRotation(Double.MAX_VALUE)
                .build().maximize().get(0).pixels();
        double mean = 0;
        for (float v : turned) {
            mean += v / turned.length;
        }
        double variance = 0;
        for (float v : turned) {
            variance += (v - mean) * (v - mean) / turned.length;
        }
        assertEquals(127.5, mean, 10, "mean");
        assertTrue(Math.sqrt(variance) > 30, "standard deviation " + Math.sqrt(variance));
    }

    private static float sum(float[] values) {
        float s = 0;
        for (float v : values) {
            s += v;
        }
        return s;
    }
}
