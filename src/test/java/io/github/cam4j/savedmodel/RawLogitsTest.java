package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamException;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.Invert;
import io.github.cam4j.cam.Target;
import io.github.cam4j.eval.Predictor;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.keras.ImportOptions;
import io.github.cam4j.savedmodel.keras.ImportedModel;
import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * A foreign model whose output is its logits (a Dense layer without softmax, as Keras exports a model trained with
 * {@code from_logits=True}) is given softmax probabilities by {@link CamModelLoader}. Before, the logits were reported
 * as the probabilities ("probability": 0.37 in explain's JSON; rows summing to -1.49).
 */
class RawLogitsTest {
    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void export() {
        model = ForeignModels.export(tmp.resolve("gap-logits"), ForeignModels.gapClassifier(10, false));
    }

    @Test
    void probabilitiesAreTheSoftmaxOfTheLogits() throws Exception {
        for (LoadOptions options : List.of(LoadOptions.defaults(), LoadOptions.defaults().withGradCam())) {
            try (CamSession cam = CamSession.builder().setModel(model).optLoadOptions(options)
                    .optInvert(Invert.NEVER).build();
                    Mat image = new Mat(28, 28, opencv_core.CV_8UC1)) {
                assertEquals(ClassifierActivation.SOFTMAX, cam.model().activation());
                byte[] pixels = new byte[28 * 28];
                new Random(5).nextBytes(pixels);
                image.data().put(pixels);
                ImageExplanation e = cam.explain(List.of(image), Target.topK(3)).get(0);
                double[] expected = softmax(e.logits());
                float[] p = e.probabilities();
                double total = 0;
                for (int c = 0; c < p.length; c++) {
                    assertEquals(expected[c], p[c], 1e-6, "class " + c);
                    total += p[c];
                }
                assertEquals(1, total, 1e-5);
            }
        }
    }

    @Test
    void inspectSaysSo() throws Exception {
        String report = ImportedModel.inspect(model, ImportOptions.defaults());
        assertTrue(report.contains("no probabilities output: cam4j takes softmax of the logits"), report);
    }

    /**
     * A graph opened by names has no activation to read: softmax unless told. A sigmoid head opened that way
     * reported softmax values (0.16 where the model's own output was 0.59); {@code withActivation(SIGMOID)}
     * ({@code --activation sigmoid}) gives the model's own.
     */
    @Test
    void aGraphOpenedByNamesTakesTheActivationItIsGiven() throws Exception {
        Path sigmoid = ForeignModels.export(tmp.resolve("gap-sigmoid"), (tf, random, in, out) -> {
            var x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            out.put("y", tf.withName("probs").math.sigmoid(ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, x, 1)), ForeignModels.K, 3)));
        });
        LoadOptions byNames = LoadOptions.defaults().withTensors(new TensorNames("images:0", "features:0",
                "dense_bias:0", null), "dense_kernel:0", "dense_b:0").withActivation(ClassifierActivation.SIGMOID);
        try (CamSession cam = CamSession.builder().setModel(sigmoid).optLoadOptions(byNames).optInvert(Invert.NEVER)
                .build(); Mat image = new Mat(28, 28, opencv_core.CV_8UC1)) {
            byte[] pixels = new byte[28 * 28];
            new Random(5).nextBytes(pixels);
            image.data().put(pixels);
            ImageExplanation e = cam.explain(List.of(image), Target.predicted()).get(0);
            for (int c = 0; c < 3; c++) {
                assertEquals(1 / (1 + Math.exp(-e.logits()[c])), e.probabilities()[c], 1e-6, "class " + c);
            }
        }
    }

    /**
     * Dark ink on light, so that cam4j feeds the picture as it is (for light ink on dark it takes a ground level off a
     * picture of the input's size), and the logits fetched here are of the same input.
     */
    private static final InputSpec SPEC = new InputSpec(28, 28, 1, 1f / 255f, 0f, false);

    /** How a test opens a graph by names with {@link ClassifierActivation#NONE}. */
    private interface Opener {
        CamModel open(Session s, TensorNames names) throws ModelLoadException;
    }

    /**
     * A graph opened through the Java API with {@link ClassifierActivation#NONE} (its output is its logits) reports,
     * through {@code CamSession}, the softmax of its logits as its probabilities, as a model {@link CamModelLoader}
     * imports does, and as {@code evaluate}'s {@link Predictor} scores it. Before, {@code CamModel} kept NONE and
     * {@code CamSession} reported the raw logits as probabilities (summing to anything, negative ones too) while the
     * Predictor took their softmax: one model, two answers. Checked for every public way to open a graph by names:
     * {@code fromSession} (CAM), {@code fromSessionByGradients} (Grad-CAM) and the loader given tensor names and
     * {@code withActivation(NONE)}. Against softmax computed here in double precision from the logits the graph itself
     * computes (fetched apart from cam4j): 1e-6, a few float32 roundings of values at most 1; the sum to 1 likewise.
     */
    @Test
    void aGraphOpenedByNamesWithoutAnActivationReportsTheSoftmaxOfItsLogits() throws Exception {
        TensorNames names = new TensorNames("images", "features", "dense_bias", null);
        Path exported = ForeignModels.export(tmp.resolve("gap-logits-by-names"), ForeignModels.gapClassifier(10, false));
        List<Opener> openers = List.of(
                (s, n) -> CamModel.fromSession(s, n, "dense_kernel", "dense_b", ClassifierActivation.NONE, SPEC, null),
                (s, n) -> CamModel.fromSessionByGradients(s, n, ClassifierActivation.NONE, SPEC, null,
                        GradientWeighting.GRAD_CAM),
                (s, n) -> CamModelLoader.load(exported, LoadOptions.defaults().withInput(SPEC)
                        .withTensors(n, "dense_kernel", "dense_b").withActivation(ClassifierActivation.NONE)));
        for (int way = 0; way < openers.size(); way++) {
            try (Graph g = new Graph(); Session s = new Session(g)) {
                logitsGraph(g, 10);
                try (CamModel model = openers.get(way).open(s, names);
                        CamSession cam = CamSession.builder().setModel(model).optInvert(Invert.NEVER).build();
                        Mat image = randomPicture()) {
                    ImageExplanation e = cam.explain(List.of(image), Target.topK(3)).get(0);
                    float[] logits = graphLogits(model, e, image);
                    double[] softmax = softmax(logits);
                    float[] p = e.probabilities();
                    double[] logP = predictorLogProbabilities(model, image);
                    double total = 0;
                    for (int c = 0; c < 10; c++) {
                        assertEquals(softmax[c], p[c], 1e-6, "way " + way + ", class " + c);
                        assertEquals(p[c], Math.exp(logP[c]), 1e-6, "way " + way + ", class " + c + ": evaluate's");
                        total += p[c];
                    }
                    assertEquals(1, total, 1e-6, "way " + way);
                    assertEquals(ClassifierActivation.SOFTMAX, model.activation(), "way " + way);
                }
            }
        }
    }

    /**
     * One logit without an activation is a binary classifier's, as the loader reads it
     * ({@link ClassifierActivation#forRawLogits}): two classes, {@code [1 - sigmoid(z), sigmoid(z)]}. Opened through
     * {@code CamModel.fromSession} with NONE, it was one class whose "probability" was {@code z} itself. 1e-6 as above.
     */
    @Test
    void oneRawLogitOpenedByNamesIsABinaryClassifier() throws Exception {
        try (Graph g = new Graph(); Session s = new Session(g)) {
            logitsGraph(g, 1);
            try (CamModel model = CamModel.fromSession(s, new TensorNames("images", "features", "dense_bias", null),
                    "dense_kernel", "dense_b", ClassifierActivation.NONE, SPEC, null);
                    CamSession cam = CamSession.builder().setModel(model).optInvert(Invert.NEVER).build();
                    Mat image = randomPicture()) {
                ImageExplanation e = cam.explain(List.of(image), Target.predicted()).get(0);
                assertEquals(2, e.probabilities().length, "classes 0 and 1");
                double z = graphLogits(model, e, image)[0];
                double p = 1 / (1 + Math.exp(-z));
                assertEquals(1 - p, e.probabilities()[0], 1e-6);
                assertEquals(p, e.probabilities()[1], 1e-6);
                double[] logP = predictorLogProbabilities(model, image);
                assertEquals(p, Math.exp(logP[1]), 1e-6, "evaluate's");
                assertTrue(model.isBinary());
                assertEquals(ClassifierActivation.SIGMOID, model.activation());
            }
        }
    }

    /** The standard trunk, global average pooling and a Dense of {@code classes} whose output is the logits. */
    private static void logitsGraph(Graph g, int classes) {
        Ops tf = Ops.create(g);
        Random random = new Random(7);
        var x = ForeignModels.images(tf, -1, 28, 28, 1);
        ForeignModels.dense(tf, random, ForeignModels.gap(tf, ForeignModels.trunk(tf, random, x, 1)), ForeignModels.K,
                classes);
    }

    /** A 28x28 picture of seeded random grey levels. */
    private static Mat randomPicture() {
        Mat image = new Mat(28, 28, opencv_core.CV_8UC1);
        byte[] pixels = new byte[28 * 28];
        new Random(5).nextBytes(pixels);
        image.data().put(pixels);
        return image;
    }

    /** @return the picture as the model's input: pixels 0..255 times 1/255, as the spec says */
    private static float[] input(Mat image) {
        byte[] pixels = new byte[28 * 28];
        image.data().get(pixels);
        float[] v = new float[pixels.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = (pixels[i] & 0xff) * (1f / 255f);
        }
        return v;
    }

    /**
     * @return the logits the graph computes for the picture, fetched here apart from cam4j, after checking that they are
     *     the ones cam4j reports (so the probabilities are compared for the same input)
     */
    private static float[] graphLogits(CamModel model, ImageExplanation e, Mat image) {
        float[] logits;
        try (TFloat32 x = TensorData.floats(Shape.of(1, 28, 28, 1), input(image));
                Result r = model.session().runner().feed("images", x).fetch("dense_bias").run()) {
            logits = TensorData.toArray(r.get(0));
        }
        float[] reported = model.classLogits(logits);
        for (int c = 0; c < reported.length; c++) {
            assertEquals(reported[c], e.logits()[c], 1e-5, "cam4j's logits, class " + c);
        }
        return logits;
    }

    private static double[] predictorLogProbabilities(CamModel model, Mat image) throws CamException {
        return new Predictor(model, 1).logProbabilities(input(image), 1, 28, 28);
    }

    private static double[] softmax(float[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l - max);
        }
        double[] p = new double[logits.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(logits[c] - max) / sum;
        }
        return p;
    }
}
