package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.FloatMap;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.TinyModels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/** CamSession on a tiny real SavedModel whose every value is recomputed here by plain Java loops. */
class CamSessionTest {
    @TempDir
    static Path tmp;

    static Path modelDir;
    static Map<String, float[]> weights;

    @BeforeAll
    static void exportTinyModel() throws Exception {
        modelDir = tmp.resolve("tiny");
        weights = TinyModels.export(TinyModels.tiny(), 11, modelDir);
    }

    /** Plain-Java forward pass of the tiny model: 3x3 'same' conv + ReLU, per-pixel features [8*8][2]. */
    static float[][] features(float[] image) {
        float[] k = weights.get("conv_kernel"); // [3,3,1,2]
        float[] b = weights.get("conv_bias");
        float[][] f = new float[64][2];
        for (int y = 0; y < 8; y++) {
            for (int x = 0; x < 8; x++) {
                for (int o = 0; o < 2; o++) {
                    double sum = b[o];
                    for (int dy = -1; dy <= 1; dy++) {
                        for (int dx = -1; dx <= 1; dx++) {
                            int yy = y + dy;
                            int xx = x + dx;
                            if (yy >= 0 && yy < 8 && xx >= 0 && xx < 8) {
                                sum += image[yy * 8 + xx] * k[((dy + 1) * 3 + (dx + 1)) * 2 + o];
                            }
                        }
                    }
                    f[y * 8 + x][o] = (float) Math.max(0, sum);
                }
            }
        }
        return f;
    }

    static float[] javaCam(float[][] features, int c) {
        float[] dense = weights.get("dense_kernel"); // [2,3]
        float[] map = new float[64];
        for (int p = 0; p < 64; p++) {
            map[p] = features[p][0] * dense[c] + features[p][1] * dense[3 + c];
        }
        return map;
    }

    /**
     * A session that feeds pictures as they are given, neither inverted nor brought to a black ground: these tests
     * check the arithmetic on the pixels, and a random picture's ring of pixels would pass for a grey ground.
     */
    static CamSession.Builder asGiven(Path model) {
        return CamSession.builder().setModel(model).optInvert(Invert.NEVER).optFraming(Framing.STRETCH);
    }

    static Mat randomImage(long seed) {
        Mat m = new Mat(8, 8, opencv_core.CV_8UC1);
        byte[] pixels = new byte[64];
        new Random(seed).nextBytes(pixels);
        m.data().put(pixels);
        return m;
    }

    static float[] scaled(Mat m) {
        byte[] pixels = new byte[64];
        m.data().get(pixels);
        float[] f = new float[64];
        for (int i = 0; i < 64; i++) {
            f[i] = (pixels[i] & 0xFF) / 255f;
        }
        return f;
    }

    @Test
    void rawMapEqualsPlainJavaCamForEveryClass() throws Exception {
        try (CamSession cam = asGiven(modelDir).build();
                Mat image = randomImage(3)) {
            float[][] f = features(scaled(image));
            List<ImageExplanation> out = cam.explain(List.of(image), Target.topK(3));
            for (CamResult r : out.get(0).maps()) {
                // float32 sums of 9 products in a different order than TensorFlow's: 1e-5 absolute.
                assertArrayEquals(javaCam(f, r.classIndex()), r.rawMap().values(), 1e-5f, "class " + r.classIndex());
                assertEquals(8, r.map().height());
                float logit = (float) (CamMath.mean(r.rawMap().values()) + weights.get("dense_bias")[r.classIndex()]);
                assertEquals(r.logit(), logit, 1e-5f, "mean(map) + bias = logit");
            }
            float sum = 0;
            for (float p : out.get(0).probabilities()) {
                sum += p;
            }
            assertEquals(1f, sum, 1e-5f);
        }
    }

    /**
     * Score-CAM recomputed by plain Java loops as pytorch-grad-cam computes it: each channel, min-max normalised, masks
     * the picture (the tiny model's cells are its pixels, so no interpolation is involved); the plain-Java forward pass
     * of each masked picture gives the class's logit; the logits softmax-ed over the channels weigh the channels; ReLU.
     */
    @Test
    void scoreCamEqualsPlainJavaScoreCamForEveryClass() throws Exception {
        try (CamSession cam = asGiven(modelDir).optScoreCam(true).build();
                Mat image = randomImage(3)) {
            float[] pixels = scaled(image);
            float[][] f = features(pixels);
            float[] dense = weights.get("dense_kernel"); // [2,3]
            float[] bias = weights.get("dense_bias");
            ImageExplanation out = cam.explain(List.of(image), Target.topK(3)).get(0);
            for (CamResult r : out.maps()) {
                int c = r.classIndex();
                double[] scores = new double[2];
                for (int k = 0; k < 2; k++) {
                    float min = Float.POSITIVE_INFINITY;
                    float max = Float.NEGATIVE_INFINITY;
                    for (float[] cell : f) {
                        min = Math.min(min, cell[k]);
                        max = Math.max(max, cell[k]);
                    }
                    float[] masked = new float[64];
                    for (int p = 0; p < 64; p++) {
                        masked[p] = pixels[p] * (max > min ? (f[p][k] - min) / (max - min) : 0);
                    }
                    float[][] g = features(masked);
                    double logit = bias[c];
                    for (float[] cell : g) {
                        logit += (cell[0] * dense[c] + cell[1] * dense[3 + c]) / 64.0;
                    }
                    scores[k] = logit;
                }
                double w0 = 1 / (1 + Math.exp(scores[1] - scores[0]));
                float[] expected = new float[64];
                for (int p = 0; p < 64; p++) {
                    expected[p] = (float) Math.max(0, w0 * f[p][0] + (1 - w0) * f[p][1]);
                }
                // float32 convolutions in another order than TensorFlow's, through a softmax: 1e-5 absolute on values
                // of order 1.
                assertArrayEquals(expected, r.rawMap().values(), 1e-5f, "class " + c);
            }
            assertEquals(CamMath.argMax(out.probabilities()), out.first().classIndex(),
                    "the probabilities are still the model's own on the unmasked picture");
        }
    }

    /**
     * Eigen-CAM by hand on the tiny model's two channels: the cells' features centred per channel, their 2x2 covariance's
     * top eigenvector in closed form, the projection turned to agree with the cells' total activation, ReLU; the same
     * map for every class.
     */
    @Test
    void eigenCamEqualsTheFirstPrincipalComponentByHandForEveryClass() throws Exception {
        try (CamSession cam = asGiven(modelDir).optEigenCam(true).build();
                Mat image = randomImage(3)) {
            float[][] f = features(scaled(image));
            double m0 = 0;
            double m1 = 0;
            for (float[] cell : f) {
                m0 += cell[0] / 64.0;
                m1 += cell[1] / 64.0;
            }
            double a = 0;
            double b = 0;
            double c = 0;
            for (float[] cell : f) {
                a += (cell[0] - m0) * (cell[0] - m0);
                b += (cell[0] - m0) * (cell[1] - m1);
                c += (cell[1] - m1) * (cell[1] - m1);
            }
            double top = (a + c) / 2 + Math.sqrt((a - c) * (a - c) / 4 + b * b);
            double v0 = b;
            double v1 = top - a;
            double norm = Math.hypot(v0, v1);
            v0 /= norm;
            v1 /= norm;
            double[] projection = new double[64];
            double agreement = 0;
            double meanTotal = (m0 + m1);
            for (int p = 0; p < 64; p++) {
                projection[p] = (f[p][0] - m0) * v0 + (f[p][1] - m1) * v1;
                agreement += projection[p] * (f[p][0] + f[p][1] - meanTotal);
            }
            float[] expected = new float[64];
            for (int p = 0; p < 64; p++) {
                expected[p] = (float) Math.max(0, Math.signum(agreement) * projection[p]);
            }
            assertTrue(Math.abs(b) > 1e-3, "the channels co-vary, so the component is not an axis the test could get"
                    + " right by luck: b = " + b);
            ImageExplanation out = cam.explain(List.of(image), Target.topK(3)).get(0);
            for (CamResult r : out.maps()) {
                // OpenCV's PCA in float32 against doubles: 1e-4 absolute on features of order 1.
                assertArrayEquals(expected, r.rawMap().values(), 1e-4f, "class " + r.classIndex());
            }
        }
    }

    @Test
    void aSessionMakesOneKindOfMap() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CamSession.builder().setModel(modelDir).optScoreCam(true).optEigenCam(true).build());
        assertTrue(e.getMessage().contains("optScoreCam(true) and optEigenCam(true)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CamSession.builder().setModel(modelDir)
                .optEigenCam(true).optFeatureMethod(FeatureMethod.fem(2)).build());
        assertTrue(e.getMessage().contains("optEigenCam(true) and optFeatureMethod(FEM (k = 2.0))"), e.getMessage());
    }

    /**
     * Eigen smoothing is refused for FEM and KPCA-CAM (pytorch-grad-cam's ignore it), not for RandomCAM; Eigen-CAM asked
     * for both ways is one method; the session says which feature method it runs.
     */
    @Test
    void featureMethodsTakeEigenSmoothingOnlyWherePytorchGradCamApplies() throws Exception {
        for (FeatureMethod m : java.util.List.of(FeatureMethod.fem(2), FeatureMethod.kpcaCam(KpcaKernel.RBF))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                    .setModel(modelDir).optFeatureMethod(m).optEigenSmooth(true).build());
            assertTrue(e.getMessage().startsWith("optEigenSmooth(true) and " + m + " exclude each other: "),
                    e.getMessage());
        }
        try (CamSession random = CamSession.builder().setModel(modelDir).optFeatureMethod(FeatureMethod.randomCam(4))
                .optEigenSmooth(true).build();
                CamSession eigen = CamSession.builder().setModel(modelDir).optEigenCam(true)
                        .optFeatureMethod(FeatureMethod.eigenCam()).build()) {
            assertEquals(java.util.Optional.of(FeatureMethod.randomCam(4)), random.featureMethod());
            assertTrue(random.eigenSmooth() && !random.eigenCam());
            assertTrue(eigen.eigenCam());
        }
    }

    @Test
    void mapIsUpsampledToTheImageSizeAndNormalised() throws Exception {
        try (CamSession cam = asGiven(modelDir).build();
                Mat small = randomImage(5); Mat big = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.resize(small, big, new org.bytedeco.opencv.opencv_core.Size(40, 24));
            CamResult r = cam.explain(big);
            FloatMap map = r.map();
            assertEquals(24, map.height());
            assertEquals(40, map.width());
            assertEquals(1f, map.max(), 0f);
            assertEquals(0f, map.min(), 0f);
            assertEquals(8, r.rawMap().height(), "the model sees its 8x8 training size; the raw map is at feature resolution");
        }
    }

    @Test
    void targetsPickTheRightClasses() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(modelDir).build(); Mat a = randomImage(1); Mat b = randomImage(2)) {
            List<ImageExplanation> predicted = cam.explain(List.of(a, b), Target.predicted());
            for (ImageExplanation e : predicted) {
                assertEquals(CamMath.argMax(e.probabilities()), e.first().classIndex());
            }
            List<ImageExplanation> perImage = cam.explain(List.of(a, b), Target.perImage(2, 0));
            assertEquals(2, perImage.get(0).first().classIndex());
            assertEquals(0, perImage.get(1).first().classIndex());
            List<ImageExplanation> top = cam.explain(List.of(a), Target.topK(3));
            float[] p = top.get(0).probabilities();
            List<CamResult> maps = top.get(0).maps();
            assertTrue(p[maps.get(0).classIndex()] >= p[maps.get(1).classIndex()]
                    && p[maps.get(1).classIndex()] >= p[maps.get(2).classIndex()], "top-k in decreasing probability");
            assertEquals("class" + maps.get(0).classIndex(), maps.get(0).label());
        }
    }

    @Test
    void badTargetsAndImagesGetClearErrors() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(modelDir).build(); Mat image = randomImage(1); Mat empty = new Mat()) {
            InvalidInputException range = assertThrows(InvalidInputException.class, () -> cam.explain(image, 3));
            assertEquals("class index 3 is out of range: the model has 3 classes (0..2)", range.getMessage());
            InvalidInputException topK = assertThrows(InvalidInputException.class,
                    () -> cam.explain(List.of(image), Target.topK(4)));
            assertEquals("top-k 4 is outside 1..3 (the model has 3 classes)", topK.getMessage());
            // Wrong on its own, a negative class is refused where the target is made, as topK(0) is (it was an
            // InvalidInputException from explain); beyond the model's classes, by explain, which knows them.
            assertEquals("class index -1 is negative: classes are counted from 0", assertThrows(
                    IllegalArgumentException.class, () -> cam.explain(image, -1)).getMessage());
            InvalidInputException zero = assertThrows(InvalidInputException.class, () -> cam.explain(empty));
            assertTrue(zero.getMessage().contains("is empty"), zero.getMessage());
            Path text = Files.writeString(tmp.resolve("notes.png"), "not an image");
            InvalidInputException notImage = assertThrows(InvalidInputException.class, () -> cam.explain(text));
            assertTrue(notImage.getMessage().contains("notes.png"), notImage.getMessage());
            Path emptyFile = Files.write(tmp.resolve("empty.png"), new byte[0]);
            InvalidInputException emptyImage = assertThrows(InvalidInputException.class, () -> cam.explain(emptyFile));
            assertTrue(emptyImage.getMessage().contains("empty.png"), emptyImage.getMessage());
            try (Mat floats = new Mat(6, 5, org.bytedeco.opencv.global.opencv_core.CV_32FC1,
                    new org.bytedeco.opencv.opencv_core.Scalar(0.5))) {
                floats.ptr(4, 2).putFloat(Float.NaN);
                InvalidInputException nan = assertThrows(InvalidInputException.class, () -> cam.explain(floats));
                assertEquals("image #0 holds a non-finite value (NaN or infinity) at (y=4, x=2)", nan.getMessage());
            }
        }
    }

    @Test
    void badModelsGetClearErrors() throws Exception {
        ModelLoadException notFolder = assertThrows(ModelLoadException.class,
                () -> CamSession.builder().setModel(tmp.resolve("nothing-here")).build());
        assertTrue(notFolder.getMessage().contains("nothing-here") && notFolder.getMessage().contains("does not exist"));
        Path notSavedModel = Files.createDirectories(tmp.resolve("plain-folder"));
        ModelLoadException noPb = assertThrows(ModelLoadException.class,
                () -> CamSession.builder().setModel(notSavedModel).build());
        assertTrue(noPb.getMessage().contains("is not a SavedModel: it has no saved_model.pb"), noPb.getMessage());
        Path garbage = Files.createDirectories(tmp.resolve("garbage"));
        Files.write(garbage.resolve("saved_model.pb"), new byte[] {1, 2, 3, 4, 5});
        ModelLoadException badPb = assertThrows(ModelLoadException.class, () -> CamSession.builder().setModel(garbage).build());
        assertTrue(badPb.getMessage().contains("saved_model.pb"), badPb.getMessage());

        LoadOptions missingTensor = LoadOptions.defaults().withTensors(
                new TensorNames("images", "no_such_tensor", "logits", null), "classifier_kernel", "classifier_bias");
        ModelLoadException missing = assertThrows(ModelLoadException.class,
                () -> CamSession.builder().setModel(modelDir).optLoadOptions(missingTensor).build());
        assertEquals("features tensor 'no_such_tensor:0' does not exist in the graph ('cam4j inspect --model ...' lists"
                + " the model's layers)", missing.getMessage());
        LoadOptions wrongRank = LoadOptions.defaults().withTensors(
                new TensorNames("images", "logits", "logits", null), "classifier_kernel", "classifier_bias");
        ModelLoadException rank = assertThrows(ModelLoadException.class,
                () -> CamSession.builder().setModel(modelDir).optLoadOptions(wrongRank).build());
        assertTrue(rank.getMessage().contains("features tensor 'logits:0' has rank 2"), rank.getMessage());
        LoadOptions kernelMismatch = LoadOptions.defaults().withTensors(
                new TensorNames("images", "features", "logits", null), "conv_kernel", null);
        ModelLoadException kernel = assertThrows(ModelLoadException.class,
                () -> CamSession.builder().setModel(modelDir).optLoadOptions(kernelMismatch).build());
        assertTrue(kernel.getMessage().contains("kernel"), kernel.getMessage());
    }

    @Test
    void opensAnApplicationsBundleOrSessionByTensorNamesWithoutOwningThem() throws Exception {
        try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), "serve"); Mat image = randomImage(9)) {
            float[] expected;
            try (CamModel fromBundle = CamModel.fromBundle(bundle, new InputSpec(8, 8, 1, 1f / 255f, 0f, true), null);
                    CamSession cam = CamSession.builder().setModel(fromBundle).optInvert(Invert.NEVER).build()) {
                expected = cam.explain(image, 1).rawMap().values();
            }
            // TF1-style: no signature used, only names; the kernel is read from a tensor of the graph.
            TensorNames names = new TensorNames("images", "features", "logits", null);
            try (CamModel byNames = CamModel.fromSession(bundle.session(), names, "classifier_kernel", "classifier_bias",
                    ClassifierActivation.SOFTMAX, new InputSpec(8, 8, 1, 1f / 255f, 0f, true), null);
                    CamSession cam = CamSession.builder().setModel(byNames).optInvert(Invert.NEVER).build()) {
                assertArrayEquals(expected, cam.explain(image, 1).rawMap().values(), 0f);
            }
            // Closing the sessions above must not have closed the application's bundle.
            try (var r = bundle.session().runner().fetch("classifier_bias").run()) {
                assertEquals(3, r.get(0).shape().get(0));
            }
        }
    }

    /**
     * An application's bundle (or its session) closed while a session still explains with a model made from it: the
     * next explain said "model SavedModel failed on image #0 of 8x8: close() has been called on the Graph", TensorFlow's
     * words as a fault of the model on the picture (and, before any run, the bare IllegalStateException itself).
     */
    @Test
    void aLentBundleOrSessionClosedUnderAnOpenModelIsSaidSo() throws Exception {
        InputSpec spec = new InputSpec(8, 8, 1, 1f / 255f, 0f, true);
        String advice = "a SavedModelBundle or Session lent to CamModel.fromBundle or fromSession must stay open until"
                + " the models made from it, and the sessions explaining with them, are closed";
        try (Mat image = randomImage(3)) {
            for (boolean explainedFirst : new boolean[] {false, true}) {
                SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), "serve");
                try (CamModel lent = CamModel.fromBundle(bundle, spec, null);
                        CamSession cam = CamSession.builder().setModel(lent).optInvert(Invert.NEVER).build()) {
                    if (explainedFirst) {
                        cam.explain(image);
                    }
                    bundle.close();
                    IllegalStateException e = assertThrows(IllegalStateException.class, () -> cam.explain(image));
                    assertEquals("the TensorFlow graph or session of model SavedModel was closed while the model was"
                            + " open (close() has been called on the Graph): " + advice, e.getMessage());
                }
            }
            // The session alone closed, its graph still open: TensorFlow's other words for it.
            try (SavedModelBundle bundle = SavedModelBundle.load(modelDir.toString(), "serve");
                    CamModel byNames = CamModel.fromSession(bundle.session(), new TensorNames("images", "features",
                            "logits", null), "classifier_kernel", "classifier_bias", ClassifierActivation.SOFTMAX, spec,
                            null);
                    CamSession cam = CamSession.builder().setModel(byNames).optInvert(Invert.NEVER).build()) {
                cam.explain(image);
                bundle.session().close();
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> cam.explain(image));
                assertEquals("the TensorFlow graph or session of model graph was closed while the model was open (run()"
                        + " cannot be called on the Session after close()): " + advice, e.getMessage());
            }
        }
    }

    @Test
    void concurrentCallersGetTheSequentialResults() throws Exception {
        int images = 24;
        List<Mat> mats = new ArrayList<>();
        for (int i = 0; i < images; i++) {
            mats.add(randomImage(100 + i));
        }
        try (CamSession cam = CamSession.builder().setModel(modelDir).build()) {
            List<float[]> sequential = new ArrayList<>();
            for (Mat m : mats) {
                sequential.add(cam.explain(m).rawMap().values());
            }
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                List<Future<float[]>> futures = new ArrayList<>();
                for (int round = 0; round < 4; round++) {
                    for (Mat m : mats) {
                        futures.add(pool.submit(() -> cam.explain(m).rawMap().values()));
                    }
                }
                for (int i = 0; i < futures.size(); i++) {
                    // Same graph, same input: TensorFlow's CPU kernels give identical floats whatever the thread.
                    assertArrayEquals(sequential.get(i % images), futures.get(i).get(), 0f, "image " + (i % images));
                }
            } finally {
                pool.shutdown();
            }
        } finally {
            mats.forEach(Mat::close);
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedSessionSaysSo() throws Exception {
        CamSession cam = CamSession.builder().setModel(modelDir).build();
        cam.close();
        cam.close();
        try (Mat image = randomImage(1)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cam.explain(image));
            assertEquals("this CamSession of model " + modelDir + " is closed", e.getMessage());
        }
    }
}
