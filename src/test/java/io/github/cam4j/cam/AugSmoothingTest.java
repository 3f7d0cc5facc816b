package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Resize;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.CroppingModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Session;

/**
 * Aug smoothing ({@link CamSession.Builder#optAugSmooth}) on real models: the bundled MNIST models (no biases) and
 * Keras 3 exports (biases, batch normalisation), with every method.
 */
class AugSmoothingTest {
    private static final Path KERAS3 = Path.of("src/test/resources/keras3");
    /**
     * Digits of the MNIST test set. 0 (a 7) and 1 (a 2) are asymmetric; the bundled pooled model reads the mirror of
     * at least one of them as another digit (checked in {@link #everyVariantIsExplainedForThePicturesClass}).
     */
    private static final int[] DIGITS = {0, 1, 2, 3};
    private static LabeledImages test;

    @BeforeAll
    static void digits() throws Exception {
        test = Dataset.open(SharedData.mnist()).test();
    }

    private static CamSession.Builder session(String model, String method) {
        Path dir = model.startsWith("keras3/") ? KERAS3.resolve(model.substring(7)) : SharedData.bundledModels()
                .resolve(model);
        CamSession.Builder b = CamSession.builder().setModel(dir);
        return switch (method) {
            case "cam" -> b;
            case "gradcam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM));
            case "gradcam++" -> b.optLoadOptions(LoadOptions.defaults()
                    .withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS));
            case "scorecam" -> b.optLoadOptions(LoadOptions.defaults().withGradCam()).optScoreCam(true);
            case "eigencam" -> b.optLoadOptions(LoadOptions.defaults().withGradCam()).optEigenCam(true);
            case "ablationcam" -> b.optLoadOptions(LoadOptions.defaults().withGradCam()).optAblationCam(true);
            default -> throw new IllegalArgumentException(method);
        };
    }

    /** @return test digit {@code index} as the model's input (0..255 brought to its scale), 28x28x1 */
    private static float[] fed(CamModel model, int index) {
        float[] v = test.imageAsFloats(index);
        for (int i = 0; i < v.length; i++) {
            v[i] *= 255f;
        }
        model.input().toModelInput(v);
        return v;
    }

    /**
     * The test's own reading of pytorch-grad-cam's {@code scale_cam_image(np.maximum(cam, 0))}: the raw map's ReLU,
     * less its minimum, over its range; zeros when flat or nothing is positive.
     */
    private static float[] scaledByHand(FloatMap raw) {
        float[] v = raw.values();
        float max = Float.NEGATIVE_INFINITY;
        float min = Float.POSITIVE_INFINITY;
        for (float x : v) {
            max = Math.max(max, x);
            min = Math.min(min, x);
        }
        float[] out = new float[v.length];
        if (!CamResult.holdsEvidence(raw) || max <= 0) {
            return out;
        }
        float low = Math.max(min, 0f);
        for (int i = 0; i < v.length; i++) {
            out[i] = (Math.max(v[i], 0f) - low) / (max - low);
        }
        return out;
    }

    /**
     * pytorch-grad-cam's loop, by hand through the public API of a session without smoothing: mirror the picture or
     * not, multiply it by 0.9, 1 or 1.1, explain it for {@code classIndex}, scale its map, bring it to the input's
     * pixels where the session placed its cells, scale it there again, mirror it back, average.
     *
     * @return the mean, {@code height x width}; {@code variants[k]} gets variant k's scaled map on the input
     */
    private static float[] meanByHand(CamSession plain, float[] picture, int height, int width, int classIndex,
            float[][] variants) throws CamException {
        float[] mean = new float[height * width];
        int k = 0;
        for (boolean mirrored : new boolean[] {false, true}) {
            for (float factor : new float[] {0.9f, 1f, 1.1f}) {
                float[] v = new float[picture.length];
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        v[y * width + x] = picture[y * width + (mirrored ? width - 1 - x : x)] * factor;
                    }
                }
                CamResult r = plain.explainPixels(v, 1, height, width, Target.of(classIndex)).get(0).first();
                FloatMap scaled = new FloatMap(r.rawMap().height(), r.rawMap().width(), scaledByHand(r.rawMap()));
                // On the input's pixels, scaled once more: pytorch-grad-cam's forward scales the (one-layer) mean of
                // the resized maps again (aggregate_multi_layers), and cells placed between pixels span less than [0, 1].
                FloatMap placed = Resize.placed(scaled, height, width, r.placement());
                float[] onInput = scaledByHand(placed);
                float[] back = new float[onInput.length];
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        back[y * width + x] = onInput[y * width + (mirrored ? width - 1 - x : x)];
                    }
                }
                if (variants != null) {
                    variants[k] = back;
                }
                k++;
                for (int i = 0; i < mean.length; i++) {
                    mean[i] += back[i] / 6f;
                }
            }
        }
        return mean;
    }

    /**
     * The averaged map is the mean of the six maps computed by hand through the API (the picture mirrored and
     * multiplied by the test, explained for the class the picture is explained for, scaled, mirrored back), for every
     * method and on models with and without biases. The pictures are explained in one batch with smoothing and one by
     * one by hand, and a model's sums may differ at another batch size by float rounding; the maps are scaled to at
     * most 1, and the largest difference seen here was 3.9e-7, so 1e-5 leaves a margin of 25 while a variant left
     * out, mirrored back wrongly or explained for another class moved cells by 1e-3 to 0.2 (checked by breaking it).
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mnist-pooled, cam", "mnist-unpooled, cam", "mnist-unpooled, gradcam", "mnist-pooled, gradcam++",
            "mnist-pooled, scorecam", "mnist-pooled, eigencam", "mnist-pooled, ablationcam", "keras3/cam-export, cam",
            "keras3/blocks-export, gradcam", "keras3/blocks-export, scorecam"})
    void theSmoothedMapIsTheMeanOfTheSixVariantsExplainedByHand(String model, String method) throws Exception {
        try (CamSession smooth = session(model, method).optAugSmooth(true).build();
                CamSession plain = session(model, method).build()) {
            assertTrue(smooth.augSmooth());
            int h = plain.model().input().height();
            int w = plain.model().input().width();
            float[] batch = new float[DIGITS.length * h * w];
            for (int i = 0; i < DIGITS.length; i++) {
                System.arraycopy(fed(plain.model(), DIGITS[i]), 0, batch, i * h * w, h * w);
            }
            List<ImageExplanation> smoothed = smooth.explainPixels(batch, DIGITS.length, h, w, Target.predicted());
            for (int i = 0; i < DIGITS.length; i++) {
                CamResult r = smoothed.get(i).first();
                assertEquals(h, r.rawMap().height(), "one value per input pixel");
                assertEquals(w, r.rawMap().width());
                float[] expected = meanByHand(plain, Arrays.copyOfRange(batch, i * h * w, (i + 1) * h * w), h, w,
                        r.classIndex(), null);
                assertArrayEquals(expected, r.rawMap().values(), 1e-5f, model + " " + method + ", digit " + DIGITS[i]);
            }
        }
    }

    /**
     * Each variant's map is scaled as pytorch-grad-cam scales it, ReLU first: on models ending in global average pooling
     * and a dense layer, whose Grad-CAM map is CAM's positive part over the cell count, the smoothed CAM is the smoothed
     * Grad-CAM (1e-5: float rounding of maps scaled to at most 1; keeping CAM's negative cells moved cells by 2e-4 to
     * 0.11).
     */
    @ParameterizedTest
    @ValueSource(strings = {"mnist-pooled", "mnist-unpooled", "keras3/cam-export"})
    void smoothedCamIsSmoothedGradCamOnAPooledModel(String model) throws Exception {
        try (CamSession cam = session(model, "cam").optAugSmooth(true).build();
                CamSession grad = session(model, "gradcam").optAugSmooth(true).build()) {
            float[] batch = new float[DIGITS.length * 784];
            for (int i = 0; i < DIGITS.length; i++) {
                System.arraycopy(fed(cam.model(), DIGITS[i]), 0, batch, i * 784, 784);
            }
            List<ImageExplanation> c = cam.explainPixels(batch, DIGITS.length, 28, 28, Target.predicted());
            List<ImageExplanation> g = grad.explainPixels(batch, DIGITS.length, 28, 28, Target.predicted());
            for (int i = 0; i < DIGITS.length; i++) {
                assertArrayEquals(c.get(i).first().rawMap().values(), g.get(i).first().rawMap().values(), 1e-5f,
                        model + ", digit " + DIGITS[i]);
            }
        }
    }

    /**
     * What the javadoc says of the factors: on the bundled pooled model (no biases: its features and logits are
     * positively homogeneous in the picture) the scaled maps of a picture times 0.9, 1 and 1.1 are the same to float
     * rounding for CAM, Grad-CAM, Eigen-CAM and Ablation-CAM, so only the mirror smooths them; Grad-CAM++'s weights
     * (squares and cubes of the gradient against the activations' sums) and Score-CAM's softmax over its channels'
     * scores are not homogeneous, and on a Keras export with biases CAM's maps move too. Tolerance: float32 rounding of
     * a scaled map, 1e-5 (seen: up to 1.2e-6); those that move, moved by 0.01 to 0.04 here, so more than 1e-3.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"mnist-pooled, cam, false", "mnist-pooled, gradcam, false", "mnist-pooled, eigencam, false",
            "mnist-pooled, ablationcam, false", "mnist-pooled, gradcam++, true", "mnist-pooled, scorecam, true",
            "keras3/cam-export, cam, true"})
    void theFactorsChangeTheScaledMapsOnlyOfMapsThatAreNotHomogeneous(String model, String method, boolean moves)
            throws Exception {
        try (CamSession plain = session(model, method).build()) {
            float[] picture = fed(plain.model(), 0);
            int c = plain.explainPixels(picture, 1, 28, 28, Target.predicted()).get(0).predicted();
            float[][] variants = new float[6][];
            meanByHand(plain, picture, 28, 28, c, variants);
            float largest = 0;
            for (int k : new int[] {0, 2}) {
                for (int p = 0; p < variants[1].length; p++) {
                    largest = Math.max(largest, Math.abs(variants[k][p] - variants[1][p]));
                }
            }
            if (moves) {
                assertTrue(largest > 1e-3, model + " " + method + ": the factors moved a scaled map by only " + largest);
            } else {
                assertTrue(largest < 1e-5, model + " " + method + ": the factors moved a scaled map by " + largest);
            }
        }
    }

    /**
     * Every variant is explained for the class the picture is explained for, never for its own prediction: the
     * bundled pooled model reads the mirror of some of these digits as another digit, and the smoothed map still
     * equals the mean of the picture's class's maps ({@link #theSmoothedMapIsTheMeanOfTheSixVariantsExplainedByHand});
     * here, the maps of the mirror's own class give another mean. A given class is kept likewise.
     */
    @Test
    void everyVariantIsExplainedForThePicturesClass() throws Exception {
        try (CamSession smooth = session("mnist-pooled", "cam").optAugSmooth(true).build();
                CamSession plain = session("mnist-pooled", "cam").build()) {
            int differs = 0;
            for (int d : DIGITS) {
                float[] picture = fed(plain.model(), d);
                float[] mirror = new float[784];
                AugSmoothing.transform(picture, 0, mirror, 0, 28, 28, 1, true, 1f);
                int own = plain.explainPixels(picture, 1, 28, 28, Target.predicted()).get(0).predicted();
                int mirrored = plain.explainPixels(mirror, 1, 28, 28, Target.predicted()).get(0).predicted();
                CamResult r = smooth.explainPixels(picture, 1, 28, 28, Target.predicted()).get(0).first();
                assertEquals(own, r.classIndex());
                float[][] ownVariants = new float[6][];
                float[] ownMean = meanByHand(plain, picture, 28, 28, own, ownVariants);
                assertArrayEquals(ownMean, r.rawMap().values(), 1e-5f, "digit " + d);
                if (mirrored != own) {
                    differs++;
                    // pytorch-grad-cam's choice: the mirrored variants explained for the mirror's own prediction.
                    float[][] otherVariants = new float[6][];
                    meanByHand(plain, picture, 28, 28, mirrored, otherVariants);
                    float gap = 0;
                    for (int p = 0; p < 784; p++) {
                        float mixed = (ownVariants[0][p] + ownVariants[1][p] + ownVariants[2][p]
                                + otherVariants[3][p] + otherVariants[4][p] + otherVariants[5][p]) / 6f;
                        gap = Math.max(gap, Math.abs(mixed - r.rawMap().values()[p]));
                    }
                    assertTrue(gap > 0.05, "digit " + d + ": the mirror's own class gives the same map, so this"
                            + " digit tells nothing (" + gap + ")");
                }
                // A class given is the class of every variant, the picture's own prediction kept beside it.
                int given = (own + 1) % 10;
                ImageExplanation forGiven = smooth.explainPixels(picture, 1, 28, 28, Target.of(given)).get(0);
                assertEquals(given, forGiven.first().classIndex());
                assertEquals(own, forGiven.predicted());
                assertArrayEquals(meanByHand(plain, picture, 28, 28, given, null), forGiven.first().rawMap().values(),
                        1e-5f, "digit " + d + " for class " + given);
            }
            assertTrue(differs > 0, "the mirror of none of these digits is read as another digit: the test tells"
                    + " nothing");
        }
    }

    /** @return test digit 0 (a 7, asymmetric) drawn at its size on a black canvas, its top left at (top, left) */
    private static Mat canvas(int height, int width, int top, int left) {
        Mat canvas = new Mat(height, width, CV_8UC1, new Scalar(0));
        UByteIndexer ix = canvas.createIndexer();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                ix.put(top + y, left + x, test.pixel(0, y, x));
            }
        }
        ix.close();
        return canvas;
    }

    /** @return the largest value of the map inside the box */
    private static float maxIn(FloatMap m, Box b) {
        float max = Float.NEGATIVE_INFINITY;
        for (int y = b.y(); y < b.y() + b.height(); y++) {
            for (int x = b.x(); x < b.x() + b.width(); x++) {
                max = Math.max(max, m.get(y, x));
            }
        }
        return max;
    }

    /** @return the ink box of test digit 0 drawn at (top, left): its pixels above 50 */
    private static Box inkBox(int top, int left) {
        int x0 = 28;
        int y0 = 28;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (test.pixel(0, y, x) > 50) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new Box(left + x0, top + y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /**
     * An asymmetric digit (a 7) near the left edge of a larger black picture: its smoothed map's peak lies on the
     * digit (within 2 pixels of its ink), and the mirror image of the digit's box on the right holds less than half its heat (the mirrored
     * variants brought back, not left where the mirror put the digit). Fed whole at the picture's own size
     * ({@code optKeepInputSize}), as one run of variants and as runs of one (then each mirrored variant, a single
     * mostly blank picture, is fed as its non-blank part by {@code optSkipBlank}); and framed as a digit (the mirror
     * made on the framed input and brought back there, then carried to the picture).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kept size", "kept size, runs of one", "framed"})
    void anOffCentreDigitKeepsItsPeakOnTheDigit(String how) throws Exception {
        int top = 30;
        int left = 4;
        Box digit = inkBox(top, left);
        Box mirror = new Box(96 - digit.x() - digit.width(), digit.y(), digit.width(), digit.height());
        CamSession.Builder b = session("mnist-pooled", "cam").optAugSmooth(true);
        if (how.startsWith("kept size")) {
            b.optKeepInputSize(true);
        }
        if (how.endsWith("runs of one")) {
            b.optMaxBatch(1);
        }
        try (CamSession smooth = b.build(); Mat picture = canvas(84, 96, top, left)) {
            ImageExplanation e = smooth.explain(List.of(picture), Target.predicted()).get(0);
            CamResult r = e.first();
            assertEquals(7, r.classIndex(), how);
            int[] peak = r.peak();
            // Within 2 pixels of the ink: framed, the map without smoothing peaks one row above the 7's top stroke.
            Box near = new Box(digit.x() - 2, digit.y() - 2, digit.width() + 4, digit.height() + 4);
            assertTrue(near.contains(peak[1], peak[0]), how + ": peak (x=" + peak[1] + ", y=" + peak[0]
                    + ") is off the digit " + digit);
            float onDigit = maxIn(r.map(), digit);
            float onMirror = maxIn(r.map(), mirror);
            assertTrue(onMirror < 0.5f * onDigit, how + ": the mirror of the digit's box holds " + onMirror
                    + ", the digit " + onDigit);
        }
    }

    /**
     * The prediction, probabilities and logits reported are the picture's own run's, to the bit, whether the pictures
     * come in a batch, alone (fed as their non-blank part), framed from a larger picture, or for a top-k target; the
     * maps' classes and probabilities likewise.
     */
    @Test
    void thePredictionAndProbabilitiesAreThePicturesOwn() throws Exception {
        List<Mat> pictures = new ArrayList<>();
        try (CamSession smooth = session("mnist-pooled", "gradcam").optAugSmooth(true).build();
                CamSession plain = session("mnist-pooled", "gradcam").build()) {
            for (int d = 0; d < 16; d++) {
                Mat m = new Mat(28, 28, CV_8UC1);
                UByteIndexer ix = m.createIndexer();
                for (int y = 0; y < 28; y++) {
                    for (int x = 0; x < 28; x++) {
                        ix.put(y, x, test.pixel(d, y, x));
                    }
                }
                ix.close();
                pictures.add(m);
            }
            pictures.add(canvas(84, 96, 30, 4));
            List<List<ImageExplanation>> runs = new ArrayList<>();
            for (Target t : new Target[] {Target.predicted(), Target.topK(3)}) {
                runs.add(smooth.explain(pictures, t));
                runs.add(plain.explain(pictures, t));
                runs.add(smooth.explain(pictures.subList(16, 17), t));
                runs.add(plain.explain(pictures.subList(16, 17), t));
            }
            for (int k = 0; k < runs.size(); k += 2) {
                for (int i = 0; i < runs.get(k).size(); i++) {
                    ImageExplanation s = runs.get(k).get(i);
                    ImageExplanation p = runs.get(k + 1).get(i);
                    assertEquals(p.predicted(), s.predicted());
                    assertArrayEquals(p.probabilities(), s.probabilities(), 0f);
                    assertArrayEquals(p.logits(), s.logits(), 0f);
                    assertEquals(p.framedRegion(), s.framedRegion());
                    assertEquals(p.maps().size(), s.maps().size());
                    for (int j = 0; j < p.maps().size(); j++) {
                        assertEquals(p.maps().get(j).classIndex(), s.maps().get(j).classIndex());
                        assertEquals(p.maps().get(j).probability(), s.maps().get(j).probability(), 0f);
                        assertEquals(p.maps().get(j).logit(), s.maps().get(j).logit(), 0f);
                    }
                }
            }
        } finally {
            pictures.forEach(Mat::close);
        }
    }

    /**
     * The cost in model runs, counted through the seam the session runs through ({@link AugSmoothing.Runs}), each run
     * a real one of a session without smoothing: the pictures' own run, then their five variants each in runs of at
     * most the maximum batch (one such series per class of a top-k target); and the maps are the session's own.
     */
    @Test
    void theVariantsGoToTheModelTogetherWithinTheMaximumBatch() throws Exception {
        int n = 16;
        try (CamSession plain = session("mnist-pooled", "cam").build()) {
            float[] batch = new float[n * 784];
            for (int i = 0; i < n; i++) {
                System.arraycopy(fed(plain.model(), i), 0, batch, i * 784, 784);
            }
            int[][] sizes = new int[n][];
            Arrays.fill(sizes, new int[] {28, 28});
            Object[][] cases = {{256, Target.predicted(), List.of(16, 80)},
                    {32, Target.predicted(), List.of(16, 32, 32, 16)},
                    {256, Target.topK(2), List.of(16, 80, 80)},
                    {256, Target.of(3), List.of(16, 80)}};
            for (Object[] c : cases) {
                int maxBatch = (Integer) c[0];
                Target target = (Target) c[1];
                List<Integer> counted = new ArrayList<>();
                AugSmoothing.Runs counting = (b, count, h, w, t, outputSizes, frames, names) -> {
                    counted.add(count);
                    return plain.explainPixels(b, count, h, w, t);
                };
                List<ImageExplanation> seam = new AugSmoothing(plain.model(), maxBatch).explain(batch, n, 28, 28,
                        target, sizes, new InputFrame[n], null, counting);
                assertEquals(c[2], counted, maxBatch + " " + target);
                try (CamSession smooth = session("mnist-pooled", "cam").optAugSmooth(true).optMaxBatch(maxBatch)
                        .build()) {
                    List<ImageExplanation> session = smooth.explainPixels(batch, n, 28, 28, target);
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < seam.get(i).maps().size(); j++) {
                            assertEquals(seam.get(i).maps().get(j).rawMap(), session.get(i).maps().get(j).rawMap(),
                                    maxBatch + " " + target + ", digit " + i);
                        }
                    }
                }
            }
        }
    }

    /**
     * A model that crops a part of its input not centred across it would be shown other pixels by a mirrored picture:
     * refused when the session opens, saying why; one that crops a centred part (a Keras Resizing then CenterCrop) is
     * smoothed, its map holding no evidence outside the part it saw.
     */
    @Test
    void aModelCroppingAPartNotCentredAcrossItsInputIsRefused() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            CamModel cropping = CroppingModels.open(g, s, (tf, x) -> CroppingModels.slice(tf, x, 0, 28, 2, 20));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> CamSession.builder().setModel(cropping).optAugSmooth(true).build());
            assertTrue(e.getMessage().startsWith("optAugSmooth(true): aug smoothing explains each picture mirrored too"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("not centred"), e.getMessage());
            // At its own size, the part is placed again for each size: refused on the picture, naming the size.
            try (CamSession kept = CamSession.builder().setModel(cropping).optAugSmooth(true).optKeepInputSize(true)
                    .build()) {
                InvalidInputException onPicture = assertThrows(InvalidInputException.class,
                        () -> kept.explainPixels(new float[784], 1, 28, 28, Target.predicted()));
                assertTrue(onPicture.getMessage().contains("28x28 input"), onPicture.getMessage());
            }
        }
        try (CamSession smooth = CamSession.builder().setModel(KERAS3.resolve("resized-export")).optAugSmooth(true)
                .build(); Mat seven = canvas(28, 28, 0, 0)) {
            CamResult r = smooth.explain(seven);
            assertEquals(7, r.classIndex());
            Box seen = r.seenRegion().orElseThrow();
            assertNotEquals(new Box(0, 0, 28, 28), seen);
            float[] m = r.positiveMap().values();
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    if (!seen.contains(x, y)) {
                        assertEquals(0f, m[y * 28 + x], "outside the part seen, (" + x + ", " + y + ")");
                    }
                }
            }
        }
    }
}
