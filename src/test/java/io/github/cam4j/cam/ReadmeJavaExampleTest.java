package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.AwtImages;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.Images;
import io.github.cam4j.render.Overlay;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.video.TestVideos;
import io.github.cam4j.video.VideoExplainer;
import io.github.cam4j.video.VideoInput;
import io.github.cam4j.video.VideoListener;
import io.github.cam4j.video.VideoPipeline;
import io.github.cam4j.video.VideoSummary;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.SavedModelBundle;

/**
 * The Java block of README.md ("### From Java"), call for call (the same methods, the same kinds of arguments), on
 * the bundled pooled model and real MNIST test digits: what its comments promise is what the calls do. When this test
 * has to change because the API changed, the README block changes with it.
 */
class ReadmeJavaExampleTest {
    static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");
    /** The first test digits (7 2 1 0 4 1 4 9), each drawn clearly: the pooled model gets all of them right. */
    static final int DIGITS = 8;
    /** The side of the "upload": a digit drawn three times larger, dark on white, as a scan or a photo comes. */
    static final int UPLOAD_SIDE = 84;

    @TempDir
    static Path tmp;

    static LabeledImages test;

    @BeforeAll
    static void readDigits() throws Exception {
        test = Dataset.openTest(SharedData.mnist()).test();
    }

    /** Test digit {@code index} as a 28x28 8-bit grey Mat, as a PNG of it loads; the caller closes it. */
    static Mat digit(int index) {
        Mat mat = new Mat(28, 28, opencv_core.CV_8UC1);
        try (BytePointer data = new BytePointer(mat.data())) {
            data.put(test.pixels(), index * 784, 784);
        }
        return mat;
    }

    /** Test digit {@code index} three times larger, dark ink on white paper, as an RGB picture (a web upload). */
    static BufferedImage upload(int index) {
        BufferedImage picture = new BufferedImage(UPLOAD_SIDE, UPLOAD_SIDE, BufferedImage.TYPE_3BYTE_BGR);
        int zoom = UPLOAD_SIDE / 28;
        for (int y = 0; y < UPLOAD_SIDE; y++) {
            for (int x = 0; x < UPLOAD_SIDE; x++) {
                int ink = test.pixel(index, y / zoom, x / zoom);
                int level = 255 - ink;
                picture.setRGB(x, y, (level << 16) | (level << 8) | level);
            }
        }
        return picture;
    }

    /** The ink's bounding box of test digit {@code index}, in 28x28 pixels. */
    static Box inkBox(int index) {
        int x0 = 28;
        int y0 = 28;
        int x1 = -1;
        int y1 = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (test.pixel(index, y, x) > 0) {
                    x0 = Math.min(x0, x);
                    y0 = Math.min(y0, y);
                    x1 = Math.max(x1, x);
                    y1 = Math.max(y1, y);
                }
            }
        }
        return new Box(x0, y0, x1 - x0 + 1, y1 - y0 + 1);
    }

    /** Mats closed together, so a test holds a batch of them in one try-with-resources. */
    record Mats(List<Mat> list) implements AutoCloseable {
        static Mats of(int count) {
            List<Mat> list = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                list.add(digit(i));
            }
            return new Mats(list);
        }

        @Override
        public void close() {
            list.forEach(Mat::close);
        }
    }

    static void assertInside(Box box, int height, int width, String what) {
        assertFalse(box.isEmpty(), what + " " + box);
        assertTrue(box.x() >= 0 && box.y() >= 0 && box.x() + box.width() <= width && box.y() + box.height() <= height,
                what + " " + box + " lies outside the " + height + "x" + width + " picture");
    }

    static void assertPeakInside(int[] peak, int height, int width) {
        assertEquals(2, peak.length);
        assertTrue(peak[0] >= 0 && peak[0] < height && peak[1] >= 0 && peak[1] < width, Arrays.toString(peak));
    }

    /** The block's session part: a file, a batch of Mats, a BufferedImage, a batch of them, an overlay back to AWT. */
    @Test
    void theSessionCallsExplainRealDigitsAsTheCommentsSay() throws Exception {
        Path digitPng = tmp.resolve("digit.png");
        try (Mat seven = digit(0)) {
            Images.write(seven, digitPng);
        }
        File upload = tmp.resolve("upload.png").toFile();
        assertTrue(ImageIO.write(upload(0), "png", upload));
        List<BufferedImage> pictures = IntStream.range(0, DIGITS).mapToObj(ReadmeJavaExampleTest::upload).toList();
        BufferedImage bufferedImage = upload(1);

        try (Mats batchOfDigits = Mats.of(DIGITS);
                CamSession cam = CamSession.builder().setModel(Path.of("saved_models/mnist-pooled")).build()) {
            List<Mat> mats = batchOfDigits.list();

            // CamResult r = cam.explain(Path.of("digit.png"));   // predicted class, map at the image's size
            CamResult r = cam.explain(digitPng);
            assertEquals(test.label(0), r.classIndex(), "digit.png is a " + test.label(0));
            assertEquals(String.valueOf(test.label(0)), r.label());
            assertTrue(r.probability() > 0.5f && r.probability() <= 1f, "p=" + r.probability());
            assertEquals(28, r.map().height());
            assertEquals(28, r.map().width());
            assertEquals(28, r.height());
            assertEquals(28, r.width());
            String line = r.label() + " p=" + r.probability() + " box " + r.box(0.2).map(Box::toString).orElse("none")
                    + " peak " + Arrays.toString(r.peak());
            Box box = r.box(0.2).orElseThrow();
            assertInside(box, 28, 28, "the box");
            assertFalse(box.intersect(inkBox(0)).isEmpty(), "the box " + box + " misses the digit's ink " + inkBox(0));
            assertPeakInside(r.peak(), 28, 28);
            assertTrue(line.startsWith(test.label(0) + " p=") && line.contains(" box " + box + " peak ["), line);

            // List<ImageExplanation> batch = cam.explain(mats, Target.topK(3));   // one model run per batch
            List<ImageExplanation> batch = cam.explain(mats, Target.topK(3));
            assertEquals(mats.size(), batch.size(), "one explanation per image");
            for (int i = 0; i < DIGITS; i++) {
                ImageExplanation e = batch.get(i);
                assertEquals(test.label(i), e.predicted(), "test digit " + i);
                assertEquals(3, e.maps().size(), "top 3 classes of digit " + i);
                assertEquals(e.predicted(), e.first().classIndex(), "the most probable class first");
                float[] p = e.probabilities();
                assertEquals(10, p.length);
                int[] classes = e.maps().stream().mapToInt(CamResult::classIndex).toArray();
                assertEquals(3, Arrays.stream(classes).distinct().count(), Arrays.toString(classes));
                for (int k = 0; k < 3; k++) {
                    CamResult m = e.maps().get(k);
                    assertEquals(p[m.classIndex()], m.probability(), 0f);
                    if (k > 0) {
                        assertTrue(m.probability() <= e.maps().get(k - 1).probability(), "most probable first");
                    }
                    assertEquals(28, m.map().height());
                    assertEquals(28, m.map().width());
                }
            }
            // The batch explains each Mat as the file alone: digit.png holds test digit 0.
            assertArrayEquals(r.map().values(), batch.get(0).first().map().values(), 1e-4f);

            // CamResult fromAwt = cam.explain(ImageIO.read(upload));   // a BufferedImage
            CamResult fromAwt = cam.explain(ImageIO.read(upload));
            assertEquals(test.label(0), fromAwt.classIndex(), "the 84x84 dark-on-light upload of digit 0");
            assertEquals(UPLOAD_SIDE, fromAwt.map().height(), "the map at the picture's size");
            assertEquals(UPLOAD_SIDE, fromAwt.map().width());
            assertInside(fromAwt.box(0.2).orElseThrow(), UPLOAD_SIDE, UPLOAD_SIDE, "the upload's box");
            assertPeakInside(fromAwt.peak(), UPLOAD_SIDE, UPLOAD_SIDE);

            // List<ImageExplanation> uploads = cam.explainBufferedImages(pictures, Target.predicted());   // a batch
            List<ImageExplanation> uploads = cam.explainBufferedImages(pictures, Target.predicted());
            assertEquals(pictures.size(), uploads.size());
            for (int i = 0; i < DIGITS; i++) {
                assertEquals(1, uploads.get(i).maps().size());
                assertEquals(test.label(i), uploads.get(i).first().classIndex(), "upload of test digit " + i);
                assertEquals(UPLOAD_SIDE, uploads.get(i).first().map().height());
            }
            assertEquals(fromAwt.classIndex(), uploads.get(0).first().classIndex());
            assertEquals(fromAwt.probability(), uploads.get(0).first().probability(), 1e-5f);

            // The overlay, back to AWT (a picture of 84x84 pixels, not the model's 28x28).
            BufferedImage shown;
            try (Mat picture = AwtImages.toMat(bufferedImage);
                    Mat overlay = Overlay.blend(picture, cam.explain(picture).map())) {
                shown = AwtImages.toBufferedImage(overlay);
                assertEquals(test.label(1), cam.explain(picture).classIndex(), "the picture is a " + test.label(1));
            }
            assertEquals(bufferedImage.getWidth(), shown.getWidth(), "the overlay has the picture's size");
            assertEquals(bufferedImage.getHeight(), shown.getHeight());
            assertEquals(BufferedImage.TYPE_3BYTE_BGR, shown.getType());
            // A heatmap lies over it: the grey picture comes back coloured.
            int rgb = shown.getRGB(UPLOAD_SIDE / 2, UPLOAD_SIDE / 2);
            assertTrue(((rgb >> 16) & 0xff) != (rgb & 0xff) || ((rgb >> 8) & 0xff) != (rgb & 0xff),
                    Integer.toHexString(rgb));
        }
    }

    /**
     * The block's models opened from an application's own bundle or session: {@code fromBundle}, {@code fromSession}
     * by tensor names (shapes checked), {@code fromSessionByGradients}. Its tensor names are an imagined TF1 graph's;
     * here those of the bundled model's graph, the same calls.
     */
    @Test
    void anApplicationsBundleAndSessionAreOpenedAsTheCommentsSay() throws Exception {
        List<String> labels = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        InputSpec spec = InputSpec.mnist();
        try (Mats digits = Mats.of(DIGITS); SavedModelBundle bundle = SavedModelBundle.load(POOLED.toString(), "serve")) {
            float[] camMap;
            // CamModel model = CamModel.fromBundle(bundle, InputSpec.mnist(), null);
            try (CamModel model = CamModel.fromBundle(bundle, InputSpec.mnist(), null);
                    CamSession cam = CamSession.builder().setModel(model).build()) {
                List<ImageExplanation> out = cam.explain(digits.list(), Target.predicted());
                for (int i = 0; i < DIGITS; i++) {
                    assertEquals(test.label(i), out.get(i).predicted(), "digit " + i);
                    assertEquals(String.valueOf(test.label(i)), out.get(i).first().label(), "null labels: \"0\"..\"9\"");
                }
                camMap = out.get(0).first().rawMap().values();
            }
            TensorNames names = new TensorNames("images", "features", "logits", null);
            // CamModel byNames = CamModel.fromSession(session, new TensorNames(...), kernel, bias, SOFTMAX, spec, labels);
            try (CamModel byNames = CamModel.fromSession(bundle.session(), names, "classifier_kernel", "classifier_bias",
                    ClassifierActivation.SOFTMAX, spec, labels);
                    CamSession cam = CamSession.builder().setModel(byNames).build()) {
                CamResult r = cam.explain(digits.list().get(0));
                assertEquals(labels.get(test.label(0)), r.label());
                assertArrayEquals(camMap, r.rawMap().values(), 1e-5f);
            }
            // (shapes checked): the bias given as the kernel is refused when the model opens, not on the first picture.
            assertThrows(ModelLoadException.class, () -> CamModel.fromSession(bundle.session(), names, "classifier_bias",
                    "classifier_kernel", ClassifierActivation.SOFTMAX, spec, labels));
            // CamModel byGradients = CamModel.fromSessionByGradients(session, new TensorNames(...), SOFTMAX, spec, labels,
            //         GradientWeighting.GRAD_CAM);
            try (CamModel byGradients = CamModel.fromSessionByGradients(bundle.session(), names,
                    ClassifierActivation.SOFTMAX, spec, labels, GradientWeighting.GRAD_CAM);
                    CamSession gradCam = CamSession.builder().setModel(byGradients).build()) {
                List<ImageExplanation> out = gradCam.explain(digits.list(), Target.predicted());
                for (int i = 0; i < DIGITS; i++) {
                    assertEquals(test.label(i), out.get(i).predicted(), "digit " + i);
                    assertTrue(out.get(i).first().hasEvidence(), "digit " + i);
                }
                // On a model ending in global average pooling, Grad-CAM's map is CAM's positive part over the cells.
                float[] grad = out.get(0).first().rawMap().values();
                for (int p = 0; p < grad.length; p++) {
                    assertEquals(Math.max(0f, camMap[p]) / grad.length, grad[p], 1e-4f);
                }
            }
            // The sessions borrowed the bundle: it still runs.
            try (var result = bundle.session().runner().fetch("classifier_bias").run()) {
                assertEquals(10, result.get(0).shape().get(0));
            }
        }
    }

    /**
     * The block's Grad-CAM, Score-CAM, Eigen-CAM and Ablation-CAM sessions take "the same calls" as the CAM session;
     * Eigen-CAM's map is one for every class.
     */
    @Test
    void gradScoreEigenAndAblationCamSessionsTakeTheSameCalls() throws Exception {
        Path digitPng = tmp.resolve("digit-for-methods.png");
        try (Mat seven = digit(0)) {
            Images.write(seven, digitPng);
        }
        int few = 4;
        try (Mats digits = Mats.of(few);
                CamSession gradCam = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).build();
                CamSession scoreCam = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).optScoreCam(true).build();
                CamSession eigenCam = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).optEigenCam(true).build();
                CamSession ablationCam = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).optAblationCam(true).build();
                CamSession occlusion = CamSession.builder().setModel(POOLED).optLoadOptions(LoadOptions.defaults()
                        .withGradCam()).optOcclusion(Occlusion.of(Occlusion.DEFAULT_PATCH)).build()) {
            assertTrue(gradCam.model().gradients().isPresent(), "withGradCam(): explained by gradients");
            assertTrue(scoreCam.scoreCam());
            assertTrue(eigenCam.eigenCam());
            assertTrue(ablationCam.ablationCam());
            assertEquals(Occlusion.of(4), occlusion.occlusion().orElseThrow());
            for (CamSession s : List.of(gradCam, scoreCam, eigenCam, ablationCam, occlusion)) {
                CamResult r = s.explain(digitPng);
                assertEquals(test.label(0), r.classIndex());
                assertEquals(28, r.map().height());
                assertInside(r.box(0.2).orElseThrow(), 28, 28, "the box");
                List<ImageExplanation> batch = s.explain(digits.list(), Target.topK(3));
                assertEquals(few, batch.size());
                for (int i = 0; i < few; i++) {
                    assertEquals(test.label(i), batch.get(i).predicted(), "digit " + i);
                    assertEquals(3, batch.get(i).maps().size());
                }
                assertEquals(test.label(1), s.explain(upload(1)).classIndex());
            }
            // Eigen-CAM: one map for every class.
            List<CamResult> maps = eigenCam.explain(digits.list(), Target.topK(3)).get(0).maps();
            assertArrayEquals(maps.get(0).rawMap().values(), maps.get(2).rawMap().values(), 0f);
            // Score-CAM: a map per class.
            List<CamResult> scored = scoreCam.explain(digits.list(), Target.topK(2)).get(0).maps();
            assertNotEquals(Arrays.toString(scored.get(0).rawMap().values()),
                    Arrays.toString(scored.get(1).rawMap().values()));
        }
    }

    /**
     * The block's smoothed Grad-CAM session takes the same calls, keeps a map per class, and refuses Eigen-CAM beside
     * it.
     */
    @Test
    void anEigenSmoothedSessionTakesTheSameCalls() throws Exception {
        int few = 4;
        try (Mats digits = Mats.of(few);
                CamSession smoothed = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).optEigenSmooth(true).build()) {
            assertTrue(smoothed.eigenSmooth());
            List<ImageExplanation> batch = smoothed.explain(digits.list(), Target.topK(2));
            for (int i = 0; i < few; i++) {
                assertEquals(test.label(i), batch.get(i).predicted(), "digit " + i);
                assertNotEquals(Arrays.toString(batch.get(i).maps().get(0).rawMap().values()),
                        Arrays.toString(batch.get(i).maps().get(1).rawMap().values()), "digit " + i);
            }
            try (Mat seven = digit(0)) {
                assertInside(smoothed.explain(seven).box(0.2).orElseThrow(), 28, 28, "the box");
            }
        }
        assertThrows(IllegalArgumentException.class, () -> CamSession.builder().setModel(POOLED).optEigenCam(true)
                .optEigenSmooth(true).build());
    }

    /**
     * The block's Faster Score-CAM, Integrated Gradients, FEM, SS-CAM and Smooth Grad-CAM++ sessions, built as the
     * block builds them, take the same calls as the CAM session, with the settings its comments name: 10 channels,
     * the library's defaults equal to the values quoted beside them. Until this test the block compiled them only.
     */
    @Test
    void fasterScoreIntegratedGradientsFemAndTorchCamSessionsTakeTheSameCalls() throws Exception {
        Path digitPng = tmp.resolve("digit-for-more-methods.png");
        try (Mat seven = digit(0)) {
            Images.write(seven, digitPng);
        }
        // The values the block's comments quote for the defaults.
        assertEquals(10, PixelMethod.DEFAULT_STEPS, "Integrated Gradients' steps, README's method table");
        assertEquals(FeatureMethod.fem(2), FeatureMethod.fem(FeatureMethod.DEFAULT_FEM_K));
        assertEquals(0, FeatureMethod.DEFAULT_RANDOM_SEED);
        assertEquals(ScoreCamVariant.ssCam(35, 2, 0), ScoreCamVariant.ssCam());
        assertEquals(ScoreCamVariant.isCam(10), ScoreCamVariant.isCam());
        assertEquals(new SmoothGradNoise(4, 0.3, 0), SmoothGradNoise.DEFAULT);
        // Two digits: SS-CAM runs the model 35 times per feature channel, class and picture.
        int few = 2;
        try (Mats digits = Mats.of(few);
                CamSession scoreCam = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).optScoreCam(true).build();
                CamSession faster = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam())
                        .optScoreCam(true).optScoreCamChannels(10).build();
                CamSession ig = CamSession.builder().setModel(POOLED)
                        .optPixelMethod(PixelMethod.integratedGradients(PixelMethod.DEFAULT_STEPS)).build();
                CamSession fem = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam())
                        .optFeatureMethod(FeatureMethod.fem(FeatureMethod.DEFAULT_FEM_K)).build();
                CamSession ssCam = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam())
                        .optScoreCamVariant(ScoreCamVariant.ssCam()).build();
                CamSession smoothGrad = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults()
                                .withGradients(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS))
                        .optSmoothGradNoise(new SmoothGradNoise(4, 0.3, 0)).build()) {
            assertEquals(10, faster.scoreCamChannels(), "Faster Score-CAM scores 10 channels");
            assertEquals(PixelMethod.integratedGradients(10), ig.pixelMethod().orElseThrow());
            assertEquals(FeatureMethod.fem(2), fem.featureMethod().orElseThrow());
            assertEquals(ScoreCamVariant.ssCam(35, 2, 0), ssCam.scoreCamVariant().orElseThrow());
            assertEquals(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS,
                    smoothGrad.model().gradients().orElseThrow().weighting());
            for (CamSession s : List.of(faster, ig, fem, ssCam, smoothGrad)) {
                CamResult r = s.explain(digitPng);
                assertEquals(test.label(0), r.classIndex());
                assertEquals(28, r.map().height());
                assertInside(r.box(0.2).orElseThrow(), 28, 28, "the box");
                List<ImageExplanation> batch = s.explain(digits.list(), Target.predicted());
                assertEquals(few, batch.size());
                for (int i = 0; i < few; i++) {
                    assertEquals(test.label(i), batch.get(i).predicted(), "digit " + i);
                    assertEquals(test.label(i), batch.get(i).first().classIndex(), "digit " + i);
                }
                assertEquals(test.label(1), s.explain(upload(1)).classIndex());
            }
            // FEM: from the features alone, one map for every class.
            List<CamResult> femMaps = fem.explain(digits.list(), Target.topK(2)).get(0).maps();
            assertArrayEquals(femMaps.get(0).rawMap().values(), femMaps.get(1).rawMap().values(), 0f);
            // Faster Score-CAM scores fewer channels than Score-CAM's 128: another map of the same picture.
            try (Mat seven = digit(0)) {
                assertNotEquals(Arrays.toString(scoreCam.explain(seven).rawMap().values()),
                        Arrays.toString(faster.explain(seven).rawMap().values()));
            }
        }
    }

    /**
     * The block's sessions over one loaded model: a Grad-CAM++ view and the model itself for Ablation-CAM take the same
     * calls, each explaining as a session that loads the folder for its method does; closed in the block's order (the
     * sessions, then the model), nothing is used after its close.
     */
    @Test
    void sessionsOverOneLoadedModelTakeTheSameCalls() throws Exception {
        int few = 4;
        LoadOptions gradients = LoadOptions.defaults().withGradCam();
        try (Mats digits = Mats.of(few);
                CamModel loaded = io.github.cam4j.savedmodel.CamModelLoader.load(POOLED, gradients);
                CamSession plusPlus = CamSession.builder()
                        .setModel(loaded.withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS), POOLED, gradients).build();
                CamSession ablation = CamSession.builder().setModel(loaded, POOLED, gradients).optAblationCam(true)
                        .build();
                CamSession ownPlusPlus = CamSession.builder().setModel(POOLED).optLoadOptions(LoadOptions.defaults()
                        .withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).build();
                CamSession ownAblation = CamSession.builder().setModel(POOLED).optLoadOptions(LoadOptions.defaults()
                        .withGradCam()).optAblationCam(true).build()) {
            assertEquals(GradientWeighting.GRAD_CAM_PLUS_PLUS, plusPlus.model().gradients().orElseThrow().weighting());
            for (CamSession[] pair : new CamSession[][] {{plusPlus, ownPlusPlus}, {ablation, ownAblation}}) {
                List<ImageExplanation> shared = pair[0].explain(digits.list(), Target.topK(2));
                List<ImageExplanation> own = pair[1].explain(digits.list(), Target.topK(2));
                for (int i = 0; i < few; i++) {
                    assertEquals(test.label(i), shared.get(i).predicted(), "digit " + i);
                    // The same graph and weights run the same ops: equal to the bit.
                    assertEquals(own.get(i).first().rawMap(), shared.get(i).first().rawMap(), "digit " + i);
                }
            }
        }
    }

    /**
     * The block's CAM and Grad-CAM sessions on one load: the model opened for CAM explains by its kernel, its
     * {@code byGradients} by Grad-CAM as a session that loads the folder for Grad-CAM does (to the bit: the same ops at
     * the same tensors).
     */
    @Test
    void camAndGradCamTakeTheSameCallsOnOneLoad() throws Exception {
        int few = 4;
        try (Mats digits = Mats.of(few);
                CamModel byKernel = io.github.cam4j.savedmodel.CamModelLoader.load(POOLED, LoadOptions.defaults());
                CamSession cam = CamSession.builder().setModel(byKernel).build();
                CamSession gradCam = CamSession.builder()
                        .setModel(byKernel.byGradients(GradientWeighting.GRAD_CAM)).build();
                CamSession ownGradCam = CamSession.builder().setModel(POOLED)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).build()) {
            assertTrue(cam.model().gradients().isEmpty(), "CAM's session explains by the kernel");
            List<ImageExplanation> shared = gradCam.explain(digits.list(), Target.predicted());
            List<ImageExplanation> own = ownGradCam.explain(digits.list(), Target.predicted());
            for (int i = 0; i < few; i++) {
                assertEquals(own.get(i).first().rawMap(), shared.get(i).first().rawMap(), "digit " + i);
            }
        }
    }

    /**
     * The block's Deep Feature Factorization on the first eight test digits: five concepts, each read by the
     * classifier as two classes with probabilities in order, and concept 0's heat on the first digit at its 28x28 size,
     * in 0..1.
     */
    @Test
    void aFeatureFactorizationTakesTheBlocksCalls() throws Exception {
        try (Mats mats = Mats.of(DIGITS);
                CamSession features = CamSession.builder().setModel(POOLED).build()) {
            Factorization f = FeatureFactorization.builder().setSession(features).setConcepts(5).build()
                    .factorize(mats.list());
            assertEquals(5, f.concepts().size());
            List<Concept.ClassScore> reads = f.concepts().get(0).top(2);
            assertEquals(2, reads.size());
            assertTrue(reads.get(0).score() >= reads.get(1).score() && reads.get(1).score() >= 0);
            io.github.cam4j.render.FloatMap heat = f.pictures().get(0).heatmap(0);
            assertEquals(28, heat.height());
            assertEquals(28, heat.width());
            for (float v : heat.values()) {
                assertTrue(v >= 0 && v <= 1, "heat " + v);
            }
        }
    }

    /** The block's video lines on a short clip of test digits with a sound track: H.264 mp4, sound kept. */
    @Test
    void aVideoIsExplainedFrameByFrameAndWrittenWithItsSound() throws Exception {
        Path in = tmp.resolve("in.mp4");
        int frames = 10;
        TestVideos.movingDigits(in, test, 96, 64, frames, 1, false, 25, true);
        Path out = tmp.resolve("out.mp4");
        VideoSummary s;
        try (VideoExplainer explainer = VideoExplainer.builder().setModel(POOLED).build()) {
            s = VideoPipeline.builder().setExplainer(explainer).build()
                    .run(VideoInput.parse(in.toString()), out, VideoListener.NONE);
        }
        assertEquals(frames, s.frames());
        assertEquals(frames, s.explainedFrames(), "every frame explained");
        assertTrue(Files.size(out) > 0);
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(out.toFile())) {
            g.start();
            assertEquals(org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264, g.getVideoCodec(), "H.264");
            assertTrue(g.hasAudio(), "its sound");
            assertEquals(96, g.getImageWidth());
            assertEquals(64, g.getImageHeight());
            g.stop();
        }
    }

    /**
     * The README's block itself, as text, compiles against the library: wrapped in a method whose parameters are the
     * names it leaves to the reader ({@code mats}, {@code upload}, {@code pictures}, {@code bufferedImage},
     * {@code bundle}, {@code session}, {@code spec}, {@code labels}), with the imports a user writes. The tests above
     * run its calls; this one fails when the README's text drifts from them.
     */
    @Test
    void theReadmeBlockCompilesAsWritten() throws Exception {
        io.github.cam4j.testing.ReadmeBlocks.Block readmeBlock =
                io.github.cam4j.testing.ReadmeBlocks.firstJavaBlockAfter("### From Java\n");
        String block = readmeBlock.text();
        long firstLine = readmeBlock.firstLine();
        String source = String.join("\n",
                "import io.github.cam4j.cam.*;",
                "import io.github.cam4j.render.*;",
                "import io.github.cam4j.savedmodel.*;",
                "import io.github.cam4j.video.*;",
                "import java.awt.image.BufferedImage;",
                "import java.nio.file.Path;",
                "import java.util.*;",
                "import javax.imageio.ImageIO;",
                "import org.bytedeco.opencv.opencv_core.Mat;",
                "import org.tensorflow.SavedModelBundle;",
                "import org.tensorflow.Session;",
                "class ReadmeBlock {",
                "    static void run(List<Mat> mats, java.io.File upload, List<BufferedImage> pictures,",
                "            BufferedImage bufferedImage, SavedModelBundle bundle, Session session, InputSpec spec,",
                "            List<String> labels) throws Exception {",
                block,
                "    }",
                "}",
                "");
        // The block's lines follow the 15 lines of imports and the class's and method's headers above.
        io.github.cam4j.testing.ReadmeBlocks.assertCompiles("ReadmeBlock", source,
                Files.createDirectories(tmp.resolve("readme-block")), firstLine, 15);
    }
}
