package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.DigitCanvas;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Score-CAM's masked copies of a mostly blank picture, fed as the picture's non-blank part ({@link BlankCrop}), give
 * the whole picture's masked logits and so its maps: on both bundled models, opened as the command line opens them
 * (for a gradient method) and for CAM, on square and oblong canvases, one picture or several a run.
 */
class ScoreCamCropTest {
    private static final int CLASSES = 10;
    private static LabeledImages test;

    @BeforeAll
    static void readTestSet() throws Exception {
        test = Dataset.open(SharedData.mnist()).test();
    }

    /** A {@code height x width} picture, blank but for test digit {@code digit} with its top left at (y, x). */
    private static float[] canvas(int height, int width, int digit, int y, int x) {
        return DigitCanvas.blankBut(test, height, width, digit, y, x);
    }

    private static CamSession.Builder scoreCam(Path dir, boolean gradients) {
        return CamSession.builder().setModel(dir).optKeepInputSize(true).optScoreCam(true)
                .optLoadOptions(gradients ? LoadOptions.defaults().withGradCam() : LoadOptions.defaults());
    }

    @ParameterizedTest
    @CsvSource({"mnist-pooled, true", "mnist-unpooled, true", "mnist-pooled, false"})
    void mapsOfEveryClassEqualThoseOfTheWholePicture(String name, boolean gradients) throws Exception {
        Path dir = SharedData.bundledModels().resolve(name);
        // {height, width, digit, y, x}: centred, at an edge, on an oblong canvas.
        int[][] cases = {{84, 84, 0, 28, 28}, {84, 84, 7, 2, 53}, {60, 100, 3, 20, 61}};
        try (CamSession cropping = scoreCam(dir, gradients).build();
                CamSession whole = scoreCam(dir, gradients).optSkipBlank(false).build()) {
            for (int[] k : cases) {
                String what = name + (gradients ? " (gradients)" : " (CAM)") + " digit " + k[2] + " at " + k[3] + ","
                        + k[4] + " on " + k[0] + "x" + k[1];
                float[] pixels = canvas(k[0], k[1], k[2], k[3], k[4]);
                assertTrue(BlankCrop.find(pixels, k[0], k[1], 1, cropping.model().localFeatures().orElseThrow())
                        .isPresent(), what + ": the picture has a crop");
                assertSameMaps(whole.explainPixels(pixels, 1, k[0], k[1], Target.topK(CLASSES)),
                        cropping.explainPixels(pixels, 1, k[0], k[1], Target.topK(CLASSES)), what);
            }
            // Two pictures of one run, each masked and cropped on its own; and a blank one, which has no crop.
            float[] two = new float[2 * 84 * 84];
            System.arraycopy(canvas(84, 84, 1, 50, 5), 0, two, 0, 84 * 84);
            System.arraycopy(canvas(84, 84, 2, 10, 40), 0, two, 84 * 84, 84 * 84);
            assertSameMaps(whole.explainPixels(two, 2, 84, 84, Target.topK(CLASSES)),
                    cropping.explainPixels(two, 2, 84, 84, Target.topK(CLASSES)), name + " batch of two");
            float[] blank = new float[84 * 84];
            assertSameMaps(whole.explainPixels(blank, 1, 84, 84, Target.topK(CLASSES)),
                    cropping.explainPixels(blank, 1, 84, 84, Target.topK(CLASSES)), name + " blank");
        }
    }

    /** The masked runs' logits themselves, for every channel and class (the maps test shows them through a softmax). */
    @ParameterizedTest
    @CsvSource({"mnist-pooled", "mnist-unpooled"})
    void maskedLogitsOfTheCropAreTheWholePictures(String name) throws Exception {
        try (CamSession session = scoreCam(SharedData.bundledModels().resolve(name), true).build()) {
            assertSameMaskedLogits(session.model(), canvas(84, 84, 4, 30, 12), 84, 84, 1, name);
        }
    }

    /**
     * Asserts that one picture's masked logits, computed on the whole picture and on its crop, agree.
     *
     * @param pixels the picture, {@code height * width * channels} values
     */
    private static void assertSameMaskedLogits(CamModel model, float[] pixels, int height, int width, int channels,
            String what) throws Exception {
        BlankCrop crop = BlankCrop.find(pixels, height, width, channels, model.localFeatures().orElseThrow())
                .orElseThrow();
        FeatureBatch features;
        float[] f;
        try (TFloat32 input = TensorData.floats(Shape.of(1, height, width, channels), pixels);
                Result r = model.session().runner().feed(model.tensors().input(), input)
                        .fetch(model.tensors().features()).run()) {
            features = FeatureBatch.of(r.get(0), model.tensors().features(), model.channels());
            f = features.image(0).clone();
        }
        Placement cells = model.featureGrid().map(g -> new Placement(g.strideY(), g.strideX(), g.offsetY(),
                g.offsetX())).orElseThrow();
        int[] every = IntStream.range(0, model.classes()).toArray();
        float[][] whole = ScoreCam.maskedLogits(model, pixels, 0, height, width, channels, f, features.height(),
                features.width(), cells, every, null, null, null).logits();
        float[][] cropped = ScoreCam.maskedLogits(model, pixels, 0, height, width, channels, f, features.height(),
                features.width(), cells, every, crop, model.blankLogits().orElseThrow(), null).logits();
        double largest = 0;
        for (float[] row : whole) {
            for (float v : row) {
                largest = Math.max(largest, Math.abs(v));
            }
        }
        for (int k = 0; k < model.channels(); k++) {
            // Measured: 7e-7 apart on logits up to 1.2 (float32 sums in another order: the crop's convolutions, its
            // mean over fewer cells then rescaled). 1e-5 of the largest leaves a tenfold margin; a bias left out or
            // misplaced errs by (1 - share) x bias, tenths of a logit here.
            assertArrayEquals(whole[k], cropped[k], (float) (1e-5 * largest), what + " channel " + k);
        }
    }

    @Test
    void aThreeChannelPictureIsCroppedOverAllItsChannels() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            CamModel model = rgbModel(g, s);
            assertTrue(model.localFeatures().isPresent(), "bias-free convolutions, a mean and a dense layer");
            int height = 48;
            int width = 64;
            float[] pixels = new float[height * width * 3];
            java.util.Random random = new java.util.Random(7);
            for (int y = 20; y < 30; y++) {
                for (int x = 5; x < 17; x++) {
                    // One channel lit a pixel, in turn: the crop must look at every channel to keep all the ink.
                    pixels[(y * width + x) * 3 + x % 3] = random.nextFloat();
                }
            }
            try (CamSession cropping = CamSession.builder().setModel(model).optKeepInputSize(true).optScoreCam(true)
                    .build();
                    CamSession whole = CamSession.builder().setModel(model).optKeepInputSize(true).optScoreCam(true)
                            .optSkipBlank(false).build()) {
                // The bundled models have no bias; this one's shows whether the masked logits are carried around it.
                assertSameMaskedLogits(model, pixels, height, width, 3, "rgb");
                assertSameMaps(whole.explainPixels(pixels, 1, height, width, Target.topK(3)),
                        cropping.explainPixels(pixels, 1, height, width, Target.topK(3)), "rgb");
            } finally {
                model.close();
            }
        }
    }

    /** images (RGB) -> conv 3x3 same, no bias -> relu -> pool 2 -> features -> mean -> dense with bias -> logits. */
    private static CamModel rgbModel(Graph g, Session s) throws Exception {
        Ops tf = Ops.create(g);
        Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, -1, -1, 3)));
        float[] k = new float[3 * 3 * 3 * 4];
        for (int i = 0; i < k.length; i++) {
            k[i] = ((i * 7) % 11) * 0.1f - 0.4f;
        }
        Operand<TFloat32> conv = tf.nn.conv2d(images, tf.constant(Shape.of(3, 3, 3, 4), DataBuffers.of(k)),
                List.of(1L, 1L, 1L, 1L), "SAME");
        Operand<TFloat32> features = tf.withName("features").nn.maxPool(tf.nn.relu(conv),
                tf.constant(new int[] {1, 2, 2, 1}), tf.constant(new int[] {1, 2, 2, 1}), "VALID");
        Operand<TFloat32> pooled = tf.math.mean(features, tf.constant(new int[] {1, 2}));
        float[] dense = new float[4 * 3];
        for (int i = 0; i < dense.length; i++) {
            dense[i] = ((i * 5) % 7) * 0.5f - 1.5f;
        }
        tf.withName("logits").nn.biasAdd(tf.linalg.matMul(pooled, tf.constant(Shape.of(4, 3), DataBuffers.of(dense))),
                tf.constant(new float[] {0.3f, -0.7f, 1.1f}));
        return CamModel.fromSessionByGradients(s, new TensorNames("images", "features", "logits", null),
                ClassifierActivation.SOFTMAX, new InputSpec(32, 32, 3, 1f, 0f, false), null, GradientWeighting.GRAD_CAM);
    }

    private static void assertSameMaps(List<ImageExplanation> expected, List<ImageExplanation> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            ImageExplanation b = expected.get(i);
            ImageExplanation a = actual.get(i);
            // The unmasked run sees the whole picture either way: the same run, the same values.
            assertArrayEquals(b.logits(), a.logits(), 0f, what);
            assertArrayEquals(b.probabilities(), a.probabilities(), 0f, what);
            for (int j = 0; j < b.maps().size(); j++) {
                CamResult rb = b.maps().get(j);
                CamResult ra = a.maps().get(j);
                String where = what + " #" + i + " class " + rb.classIndex();
                assertEquals(rb.classIndex(), ra.classIndex(), where);
                FloatMap rawB = rb.rawMap();
                FloatMap rawA = ra.rawMap();
                float scale = Math.max(Math.abs(rawB.max()), Math.abs(rawB.min()));
                // Measured: at most 1.2e-7 of the map's largest value apart (an ulp or two), 2.4e-7 once normalised.
                // 1e-5 of the largest value, as SkipBlankTest allows CAM's crop, and 1e-4 after normalising leave a
                // hundredfold margin; masked logits not carried to the whole picture change the softmax's temperature
                // and move the maps by far more.
                assertArrayEquals(rawB.values(), rawA.values(), 1e-5f * scale, where + " raw map");
                assertArrayEquals(rb.map().values(), ra.map().values(), 1e-4f, where + " map");
            }
        }
    }
}
