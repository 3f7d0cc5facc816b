package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cam4j.data.IdxReader;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link FeatureFactorization} on the bundled pooled model and MNIST test digits. */
class FeatureFactorizationTest {
    private static final Path POOLED = Path.of("saved_models/mnist-pooled");
    private static LabeledImages test;
    private static CamSession session;

    @BeforeAll
    static void open() throws Exception {
        test = IdxReader.read(SharedData.mnist().resolve("t10k-images-idx3-ubyte.gz"),
                SharedData.mnist().resolve("t10k-labels-idx1-ubyte.gz"));
        session = CamSession.builder().setModel(POOLED).build();
    }

    @AfterAll
    static void close() {
        session.close();
    }

    /**
     * pytorch-grad-cam's {@code dff()} (scikit-learn 1.2.1's NMF) on the same model's features of the first four MNIST
     * test digits, stored by python-export/make_dff_reference.py: the features fetched here are TensorFlow Python's to
     * 1e-6 of their largest value (measured: equal to the bit), NMF runs as many iterations, and the reconstruction
     * error, the concepts' embeddings, their classifier scores and each picture's scaled heat over its cells agree to
     * within 1e-5 of the error, 1e-5 of the largest embedding value, 1e-5 and 1e-5 (measured: 2e-7, 4e-6, 6e-7, 2e-7;
     * the gap is scikit-learn's float32 arithmetic against cam4j's double, {@link Nmf}).
     */
    /**
     * A closed session is refused when the factorisation is built, as VideoExplainer's builder refuses one: it was
     * taken, and refused only at the first factorize ("this CamSession is closed").
     */
    @Test
    void aClosedSessionIsRefusedWhenBuilt() throws Exception {
        CamSession closed = CamSession.builder().setModel(POOLED).build();
        closed.close();
        FeatureFactorization.Builder builder = FeatureFactorization.builder().setSession(closed).setConcepts(2);
        assertEquals("setSession(...) was given a closed CamSession",
                assertThrows(IllegalStateException.class, builder::build).getMessage());
    }

    /**
     * A session opened for a gradient method on the same model reads the same layer, whose recorded kernel maps it to
     * the logits: its concepts are scored as CAM's session scores them (they had no scores, null). The features, the
     * factors and the kernel are the same, so the scores are equal to the bit; 1e-6 allows for nothing but float
     * printing. At another layer ({@code conv2d_1}) the kernel reads nothing, and there are no scores.
     */
    @Test
    void aGradientSessionsConceptsAreScoredByTheModelsKernel() throws Exception {
        List<Mat> digits = digits(0, 4);
        List<String> names = List.of("a", "b", "c", "d");
        try (CamSession gradients = CamSession.builder().setModel(POOLED)
                .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM)).build()) {
            assertTrue(gradients.model().gradients().isPresent(), "the session is opened for Grad-CAM");
            Factorization byGradients = FeatureFactorization.builder().setSession(gradients).setConcepts(3).build()
                    .factorize(digits, names);
            Factorization byCam = FeatureFactorization.builder().setSession(session).setConcepts(3).build()
                    .factorize(digits, names);
            for (int t = 0; t < 3; t++) {
                float[] cam = byCam.concepts().get(t).scores();
                float[] mine = byGradients.concepts().get(t).scores();
                assertTrue(mine != null, "concept " + t + " of the Grad-CAM session has scores");
                org.junit.jupiter.api.Assertions.assertArrayEquals(cam, mine, 1e-6f, "concept " + t);
            }
        }
        // At another layer the kernel does not read its channels: no scores rather than wrong ones.
        try (CamSession atConv2 = CamSession.builder().setModel(POOLED).optLoadOptions(LoadOptions.defaults()
                .withGradients(GradientWeighting.GRAD_CAM).withFoundOverrides("conv2d_1/Relu", null)).build()) {
            Factorization f = FeatureFactorization.builder().setSession(atConv2).setConcepts(2).build()
                    .factorize(digits, names);
            assertEquals(null, f.concepts().get(0).scores(), "a concept of layer conv2d_1 is not scored");
        } finally {
            digits.forEach(Mat::close);
        }
    }

    @Test
    void itFindsWhatPytorchGradCamFindsOnTheSameFeatures() throws Exception {
        JsonNode ref = NmfTest.reference().get("features");
        List<Mat> digits = digits(0, 4);
        try {
            List<String> names = List.of("a", "b", "c", "d");
            Factorization f = FeatureFactorization.builder().setSession(session).setConcepts(5).build()
                    .factorize(digits, names);
            FeatureRun.Fed[] fed = session.features(digits, names);
            java.nio.FloatBuffer stored = ByteBuffer.wrap(Base64.getDecoder().decode(
                    ref.get("nhwc_base64_float32_le").asText())).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
            float[] features = new float[stored.remaining()];
            stored.get(features);
            int perPicture = features.length / 4;
            float largest = max(features);
            for (int p = 0; p < 4; p++) {
                float[] mine = fed[p].run().features();
                assertEquals(perPicture, mine.length);
                for (int i = 0; i < perPicture; i++) {
                    assertEquals(features[p * perPicture + i], mine[i], 1e-6 * largest, "feature " + i + " of digit " + p);
                }
            }
            assertEquals(ref.get("iterations").asInt(), f.iterations());
            assertTrue(f.converged());
            assertEquals(ref.get("error").asDouble(), f.reconstructionError(), 1e-5 * ref.get("error").asDouble());
            float[] concepts = NmfTest.floats(ref.get("concepts"));
            float[] scaled = NmfTest.floats(ref.get("scaled"));
            float[] scores = NmfTest.floats(ref.get("scores"));
            float largestConcept = max(concepts);
            int cells = fed[0].run().cellsHigh() * fed[0].run().cellsWide();
            assertEquals(5, f.concepts().size());
            for (int t = 0; t < 5; t++) {
                Concept c = f.concepts().get(t);
                assertEquals(t, c.index());
                float[] e = c.embedding();
                for (int k = 0; k < e.length; k++) {
                    assertEquals(concepts[t * e.length + k], e[k], 1e-5 * largestConcept, "concept " + t + " channel " + k);
                }
                float[] sc = c.classScores().orElseThrow();
                for (int cls = 0; cls < 10; cls++) {
                    assertEquals(scores[t * 10 + cls], sc[cls], 1e-5, "concept " + t + " class " + cls);
                }
                for (int p = 0; p < 4; p++) {
                    float[] v = f.pictures().get(p).scaledCells(t).values();
                    for (int i = 0; i < cells; i++) {
                        assertEquals(scaled[(p * 5 + t) * cells + i], v[i], 1e-5, "digit " + p + " concept " + t);
                    }
                }
            }
        } finally {
            digits.forEach(Mat::close);
        }
    }

    /**
     * Eight test digits and one picture of another size (a digit framed in a 56 x 84 black picture, which cam4j frames
     * as MNIST framed its digits): k heatmaps per picture, each at its picture's size, in 0..1 (min-max scaled, then
     * bilinear between cells), reaching 1 wherever the concept is on the picture; the raw cells non-negative.
     */
    @Test
    void everyPictureGetsKHeatmapsAtItsSizeInZeroToOne() throws Exception {
        List<Mat> pictures = digits(0, 8);
        Mat large = new Mat(56, 84, opencv_core.CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(0.0));
        try (Mat place = large.apply(new org.bytedeco.opencv.opencv_core.Rect(30, 10, 28, 28))) {
            pictures.get(0).copyTo(place);
        }
        pictures.add(large);
        try {
            Factorization f = FeatureFactorization.builder().setSession(session).setConcepts(5).build()
                    .factorize(pictures);
            assertEquals(9, f.pictures().size());
            for (int p = 0; p < 9; p++) {
                Factorization.Picture picture = f.pictures().get(p);
                assertEquals("#" + p, picture.name());
                List<FloatMap> maps = picture.heatmaps();
                assertEquals(5, maps.size());
                for (int k = 0; k < 5; k++) {
                    FloatMap m = maps.get(k);
                    assertEquals(pictures.get(p).rows(), m.height(), "picture " + p);
                    assertEquals(pictures.get(p).cols(), m.width(), "picture " + p);
                    for (float v : m.values()) {
                        assertTrue(v >= 0 && v <= 1, "picture " + p + " concept " + k + " holds " + v);
                    }
                    for (float v : picture.cells(k).values()) {
                        assertTrue(v >= 0, "picture " + p + " concept " + k + "'s cells hold " + v);
                    }
                }
            }
            // The framed copy of digit 0: its heat lies where the digit is, none outside the part framed.
            FloatMap strongest = strongest(f.pictures().get(8));
            assertEquals(0f, strongest.get(5, 5), 0f, "a corner far from the digit");
            assertTrue(strongest.get(10 + 14, 30 + 14) > 0, "the digit's middle");
        } finally {
            pictures.forEach(Mat::close);
        }
    }

    /**
     * The concepts lie on the digits: on each of eight test digits, the strongest concept's heat (what the figure
     * draws) averages at least 1.5 times as much on the ink (pixels above 127) as off it. The bundled model's layers
     * have no biases, so a cell whose receptive field sees only black ground has no features and no heat; off the ink,
     * heat comes from cells whose fields reach the digit, spread bilinearly from 7 x 7 cells 4 pixels apart, and
     * each concept's heat is scaled to reach 1 on every picture, so faint heat is drawn bright. Measured: 1.76 to 3.2
     * times; a heat spread evenly gives 1, and heat placed on the wrong cells (the map transposed) falls to 1.4 on
     * the 7.
     */
    @Test
    void theConceptsLieOnTheInk() throws Exception {
        List<Mat> digits = digits(0, 8);
        try {
            Factorization f = FeatureFactorization.builder().setSession(session).setConcepts(5).build().factorize(digits);
            for (int p = 0; p < 8; p++) {
                float[] ink = inkMask(digits.get(p));
                float[] heat = strongest(f.pictures().get(p)).values();
                double on = mean(heat, ink, true);
                double off = mean(heat, ink, false);
                assertTrue(on >= 1.5 * off, "digit " + p + ": heat " + on + " on the ink, " + off + " off it");
            }
        } finally {
            digits.forEach(Mat::close);
        }
    }

    /**
     * The classifier's reading of the concepts: on the first 8 test digits (7 2 1 0 4 1 4 9) every concept's best class
     * is one of the digits shown, and the scores are probabilities.
     */
    @Test
    void eachConceptIsScoredByTheClassifier() throws Exception {
        List<Mat> digits = digits(0, 8);
        try {
            Factorization f = FeatureFactorization.builder().setSession(session).setConcepts(5).build().factorize(digits);
            java.util.Set<Integer> shown = java.util.Set.of(7, 2, 1, 0, 4, 9);
            for (Concept c : f.concepts()) {
                float[] scores = c.classScores().orElseThrow();
                double sum = 0;
                for (float s : scores) {
                    assertTrue(s >= 0 && s <= 1);
                    sum += s;
                }
                assertEquals(1.0, sum, 1e-5);
                List<Concept.ClassScore> top = c.top(2);
                assertEquals(2, top.size());
                assertTrue(top.get(0).score() >= top.get(1).score());
                assertEquals(String.valueOf(top.get(0).classIndex()), top.get(0).label());
                assertTrue(shown.contains(top.get(0).classIndex()), "concept " + c.index() + " reads as " + top);
            }
        } finally {
            digits.forEach(Mat::close);
        }
    }

    /**
     * A concept, once made, cannot be changed by its readers, as an {@link ImageExplanation} cannot: its embedding and
     * scores were the record's own arrays, so writing into what {@code embedding()} or {@code classScores()} handed
     * out changed the factorisation (top(1) then named another class), and a caller's arrays given to the constructor
     * stayed shared. Two concepts of equal values are equal, and print their values, not "[F@2072acb2".
     */
    @Test
    void aConceptCannotBeChangedByItsReaders() throws Exception {
        List<Mat> digits = digits(0, 8);
        try {
            Factorization f = FeatureFactorization.builder().setSession(session).setConcepts(3).build().factorize(digits);
            Concept c = f.concepts().get(0);
            Concept.ClassScore best = c.top(1).get(0);
            float firstChannel = c.embedding()[0];
            c.embedding()[0] = 1e9f;
            c.classScores().orElseThrow()[best.classIndex()] = -1f;
            // Exactly: nothing may have been written into the concept.
            assertEquals(firstChannel, c.embedding()[0]);
            assertEquals(best, c.top(1).get(0));
        } finally {
            digits.forEach(Mat::close);
        }
        float[] embedding = {0.5f, 2f};
        float[] scores = {0.25f, 0.75f};
        Concept made = new Concept(0, embedding, scores, List.of("zero", "one"));
        embedding[0] = 9f;
        scores[1] = 0f;
        assertEquals(0.5f, made.embedding()[0]);
        assertEquals("one", made.top(1).get(0).label());
        Concept same = new Concept(0, new float[] {0.5f, 2f}, new float[] {0.25f, 0.75f}, List.of("zero", "one"));
        assertEquals(same, made);
        assertEquals(same.hashCode(), made.hashCode());
        assertEquals("Concept[index=0, embedding=[0.5, 2.0], scores=[0.25, 0.75], labels=[zero, one]]", made.toString());
        assertEquals("2 scores for 3 labels: a concept's scores are one per class",
                assertThrows(IllegalArgumentException.class, () -> new Concept(0, embedding, scores,
                        List.of("a", "b", "c"))).getMessage());
    }

    /** One seed, one answer (NMF's start is seeded, its steps in a fixed order); another seed starts elsewhere. */
    @Test
    void theSeedDecidesTheStart() throws Exception {
        List<Mat> digits = digits(0, 6);
        try {
            FeatureFactorization zero = FeatureFactorization.builder().setSession(session).setConcepts(3).build();
            Factorization a = zero.factorize(digits);
            Factorization b = zero.factorize(digits);
            Factorization c = FeatureFactorization.builder().setSession(session).setConcepts(3).optSeed(1).build()
                    .factorize(digits);
            for (int t = 0; t < 3; t++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(a.concepts().get(t).embedding(),
                        b.concepts().get(t).embedding(), 0f);
            }
            assertTrue(a.reconstructionError() != c.reconstructionError(), "seed 1 ended where seed 0 did");
        } finally {
            digits.forEach(Mat::close);
        }
    }

    /**
     * Features that go below 0 (a layer without a ReLU): each channel is shifted by its minimum over all cells of all
     * pictures before NMF, and the shift is added back to the concepts' embeddings, as pytorch-grad-cam does. (The
     * bundled models' features are ReLUs, whose minimum is 0 in every channel, so the comparison with pytorch-grad-cam
     * above cannot see the shift.)
     */
    @Test
    void negativeFeaturesAreShiftedAndTheShiftComesBackInTheEmbeddings() {
        // 2 channels x 3 cells.
        float[] x = {-1f, 2f, 0.5f, 3f, 4f, 5f};
        float[] offset = FeatureFactorization.shiftToZero(x, 2, 3);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {-1f, 3f}, offset, 0f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {0f, 3f, 1.5f, 0f, 1f, 2f}, x, 0f);
        // W is 2 channels x 2 concepts: concept 1's column is (0.25, 0.5).
        double[] w = {1.0, 0.25, 2.0, 0.5};
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {-0.75f, 3.5f},
                FeatureFactorization.embedding(w, 2, 1, offset), 0f);
    }

    /** More concepts than channels, none, no pictures, a seed numpy would refuse: each refused saying so. */
    @Test
    void badInputIsRefused() throws Exception {
        List<Mat> digits = digits(0, 2);
        try {
            CamException tooMany = assertThrows(CamException.class, () -> FeatureFactorization.builder()
                    .setSession(session).setConcepts(129).build().factorize(digits));
            assertEquals("129 concepts asked of model saved_models/mnist-pooled, whose features have 128 channels: a"
                    + " factorisation of them has at most 128", tooMany.getMessage());
            assertEquals("no pictures to factorise: give at least one", assertThrows(InvalidInputException.class,
                    () -> FeatureFactorization.builder().setSession(session).setConcepts(2).build()
                            .factorize(List.of())).getMessage());
            assertEquals("concepts must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                    () -> FeatureFactorization.builder().setConcepts(0)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> FeatureFactorization.builder().optSeed(-1));
            assertThrows(IllegalArgumentException.class, () -> FeatureFactorization.builder().optSeed(1L << 32));
            assertThrows(IllegalStateException.class, () -> FeatureFactorization.builder().setConcepts(2).build());
            List<Mat> withNull = new ArrayList<>(digits);
            withNull.add(null);
            assertEquals("image #2 is null", assertThrows(InvalidInputException.class, () -> FeatureFactorization
                    .builder().setSession(session).setConcepts(2).build().factorize(withNull)).getMessage());
            // Reading the result out of range: a concept past the k found was an ArrayIndexOutOfBoundsException from
            // inside (scaledCells' array, naming no concept), and a negative count of classes an empty list.
            Factorization two = FeatureFactorization.builder().setSession(session).setConcepts(2).build()
                    .factorize(digits);
            for (int concept : new int[] {2, -1}) {
                assertEquals("concept " + concept + " is not one of the 2 concepts (0..1)", assertThrows(
                        IndexOutOfBoundsException.class, () -> two.pictures().get(0).heatmap(concept)).getMessage());
            }
            assertThrows(IndexOutOfBoundsException.class, () -> two.pictures().get(0).cells(2));
            assertEquals("top(-1): the number of classes must be 0 or more", assertThrows(
                    IllegalArgumentException.class, () -> two.concepts().get(0).top(-1)).getMessage());
        } finally {
            digits.forEach(Mat::close);
        }
    }

    /** @return the picture's strongest concept heat at each pixel: what the figure's colours are drawn from */
    private static FloatMap strongest(Factorization.Picture picture) {
        float[] out = null;
        for (FloatMap m : picture.heatmaps()) {
            if (out == null) {
                out = new float[m.values().length];
            }
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.max(out[i], m.values()[i]);
            }
        }
        return new FloatMap(picture.height(), picture.width(), out);
    }

    static float max(float[] v) {
        float m = 0;
        for (float f : v) {
            m = Math.max(m, f);
        }
        return m;
    }

    static double mean(float[] v, float[] mask, boolean on) {
        double s = 0;
        int n = 0;
        for (int i = 0; i < v.length; i++) {
            if ((mask[i] > 0) == on) {
                s += v[i];
                n++;
            }
        }
        return s / n;
    }

    static float[] inkMask(Mat digit) {
        byte[] b = new byte[28 * 28];
        try (BytePointer data = new BytePointer(digit.data())) {
            data.get(b);
        }
        float[] m = new float[b.length];
        for (int i = 0; i < b.length; i++) {
            m[i] = (b[i] & 0xFF) > 127 ? 1 : 0;
        }
        return m;
    }

    /**
     * A model made for 28x28 pictures (Flatten then Dense) fed another size fails as explain's runs say it: a
     * {@link FedSizeException}, the size fed and the one it was made for, and the remedy. It was a plain CamException
     * ("failed on a batch of 1 images of 56x48"), which a caller that says what works for a size failure could not tell
     * from any other. The same session factorises the digit at its own 28x28.
     */
    @Test
    void aModelOfOneSizeFedAnotherFailsAsASizeFailure() throws Exception {
        Path flattenDense = SharedData.kerasSavedModels().resolve("mnist-flatten-dense");
        List<Mat> digit = digits(0, 1);
        try (CamSession kept = CamSession.builder().setModel(flattenDense)
                .optLoadOptions(io.github.cam4j.savedmodel.LoadOptions.defaults().withGradCam())
                .optKeepInputSize(true).build();
                Mat larger = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(digit.get(0), larger,
                    new org.bytedeco.opencv.opencv_core.Size(48, 56));
            FeatureFactorization dff = FeatureFactorization.builder().setSession(kept).setConcepts(2).build();
            FedSizeException e = assertThrows(FedSizeException.class,
                    () -> dff.factorize(List.of(larger), List.of("seven")));
            assertTrue(e.getMessage().startsWith("model " + flattenDense + " failed on image seven fed at 56x48: "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith(" (it was made for 28x28 pictures and may take no other size: feed it"
                    + " pictures brought to that size, that is, leave out optKeepInputSize(true), --fit none on the"
                    + " command line)"), e.getMessage());
            assertEquals(1, dff.factorize(digit, List.of("seven")).pictures().size());
        } finally {
            digit.forEach(Mat::close);
        }
    }

    static List<Mat> digits(int from, int count) {
        List<Mat> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            Mat m = new Mat(28, 28, opencv_core.CV_8UC1);
            try (BytePointer data = new BytePointer(m.data())) {
                data.put(test.pixels(), i * 784, 784);
            }
            out.add(m);
        }
        return out;
    }
}
