package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.testing.DigitPhotos;
import io.github.cam4j.testing.SharedData;
import io.github.cam4j.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One loaded model lent to sessions of several methods ({@link CamModel#withGradients(GradientWeighting)},
 * {@link CamSession.Builder#setModel(CamModel, Path, LoadOptions)}), as {@code cam4j compare} does: every method's maps
 * are those of a session that loaded the folder itself, to the bit (the same graph and weights run the same ops; there
 * is no tolerance to justify), the refusals are the same, closing a session or a view leaves the model open, and
 * closing the model ends them.
 */
class LentModelTest {
    private static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");
    private static final int DIGITS = 8;

    @TempDir
    static Path tmp;

    private static float[] pixels;
    private static LabeledImages test;

    @BeforeAll
    static void digits() throws Exception {
        test = Dataset.open(SharedData.mnist()).test();
        pixels = new float[DIGITS * 784];
        for (int i = 0; i < DIGITS; i++) {
            System.arraycopy(test.imageAsFloats(i), 0, pixels, i * 784, 784);
        }
    }

    /** The session settings of one method, on whatever model it is given. */
    private record Method(String name, GradientWeighting weighting, boolean scoreCam, boolean eigenCam,
            boolean ablationCam) {
        CamSession.Builder builder() {
            return CamSession.builder().optScoreCam(scoreCam).optEigenCam(eigenCam).optAblationCam(ablationCam);
        }

        /** @return the options a session loading the folder itself opens it with (the command line's) */
        LoadOptions options() {
            return LoadOptions.defaults().withGradients(weighting == null ? GradientWeighting.GRAD_CAM : weighting);
        }
    }

    private static List<Method> everyMethodButCam() {
        List<Method> methods = new ArrayList<>();
        for (GradientWeighting w : GradientWeighting.values()) {
            methods.add(new Method(w.title(), w, false, false, false));
        }
        methods.add(new Method("Score-CAM", null, true, false, false));
        methods.add(new Method("Eigen-CAM", null, false, true, false));
        methods.add(new Method("Ablation-CAM", null, false, false, true));
        return methods;
    }

    private static List<ImageExplanation> explain(CamSession session) throws CamException {
        return session.explainPixels(pixels, DIGITS, 28, 28, Target.topK(2));
    }

    private static void assertSame(List<ImageExplanation> expected, List<ImageExplanation> actual, String method) {
        for (int i = 0; i < DIGITS; i++) {
            assertArrayEquals(expected.get(i).probabilities(), actual.get(i).probabilities(), method + ", digit " + i);
            for (int k = 0; k < 2; k++) {
                CamResult want = expected.get(i).maps().get(k);
                CamResult got = actual.get(i).maps().get(k);
                assertEquals(want.classIndex(), got.classIndex(), method + ", digit " + i);
                assertEquals(want.rawMap(), got.rawMap(), method + ", digit " + i + ", class " + want.classIndex());
                assertEquals(want.map(), got.map(), method + ", digit " + i + ", class " + want.classIndex());
            }
        }
    }

    @Test
    void everyMethodOnOneLoadGivesTheMapsOfASessionThatLoadedTheFolderItself() throws Exception {
        LoadOptions shared = LoadOptions.defaults().withGradCam();
        try (CamModel model = CamModelLoader.load(POOLED, shared)) {
            for (Method m : everyMethodButCam()) {
                List<ImageExplanation> own;
                try (CamSession alone = m.builder().setModel(POOLED).optLoadOptions(m.options()).build()) {
                    own = explain(alone);
                }
                CamModel lent = m.weighting() == null ? model : model.withGradients(m.weighting());
                try (CamSession borrowing = m.builder().setModel(lent, POOLED, m.options()).build()) {
                    assertSame(own, explain(borrowing), m.name());
                }
            }
        }
    }

    @Test
    void closingASessionOrAViewLeavesTheModelOpenAndClosingTheModelEndsThem() throws Exception {
        CamModel model = CamModelLoader.load(POOLED, LoadOptions.defaults().withGradCam());
        CamModel view = model.withGradients(GradientWeighting.LAYER_CAM);
        CamSession first = CamSession.builder().setModel(view, POOLED, LoadOptions.defaults().withGradCam()).build();
        List<ImageExplanation> before = explain(first);
        first.close();
        view.close();
        try (CamSession second = CamSession.builder().setModel(view).build()) {
            assertSame(before, explain(second), "after a session and the view were closed");
            model.close();
            // The graph and session are the model's: closed, every view of it stops, and says so (it had been
            // TensorFlow's "close() has been called on the Graph", as a failure of the run).
            assertTrue(view.isClosed(), "a view of a closed model is closed");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> explain(second));
            assertEquals("the model this CamSession borrows, " + POOLED + ", was closed: close a model lent to"
                    + " sessions after them", e.getMessage());
        }
    }

    @Test
    void aModelOpenedForCamHasNoGradientViewAndALentModelMustComeFromTheFolderNamed() throws Exception {
        try (CamModel cam = CamModelLoader.load(POOLED, LoadOptions.defaults())) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> cam.withGradients(GradientWeighting.GRAD_CAM));
            assertTrue(e.getMessage().contains("LoadOptions.withGradients"), e.getMessage());
            Path other = SharedData.bundledModels().resolve("mnist-unpooled");
            IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                    () -> CamSession.builder().setModel(cam, other, LoadOptions.defaults()));
            assertEquals("the model lent was opened from " + POOLED + ", not " + other, wrong.getMessage());
            // The same folder written another way is the same folder (helper-95's audit: "./" and absolute refused).
            Path sameFolder = POOLED.toAbsolutePath().getParent().resolve(".").resolve(POOLED.getFileName());
            assertNotEquals(POOLED.toString(), sameFolder.toString());
            CamSession.builder().setModel(cam, sameFolder, LoadOptions.defaults()).build().close();
        }
    }

    /**
     * Lent with its folder, a model gets what a session that opens the folder says: the note on a photo of dark ink
     * for a model that cannot say its ink, and the warning on options that contradict the metadata. Lent alone, a
     * model's ink is the caller's to know, as before.
     */
    @Test
    void aModelLentWithItsFolderGetsTheNotesAndWarningsOfAFolderOpenedBySession() throws Exception {
        Path keras = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap");
        LoadOptions options = LoadOptions.defaults().withGradCam();
        try (CamModel model = CamModelLoader.load(keras, options);
                Mat photo = DigitPhotos.of(test, 0, new Random(11)).picture()) {
            List<String> notes = new ArrayList<>();
            try (CamSession lent = CamSession.builder().setModel(model.withGradients(GradientWeighting.HIRES_CAM), keras,
                    options).optNotes(notes::add).build()) {
                lent.explain(photo);
            }
            List<String> own = new ArrayList<>();
            try (CamSession alone = CamSession.builder().setModel(keras).optLoadOptions(options.withGradients(
                    GradientWeighting.HIRES_CAM)).optNotes(own::add).build()) {
                alone.explain(photo);
            }
            assertEquals(1, own.size(), own.toString());
            assertEquals(own, notes);
            List<String> borrowed = new ArrayList<>();
            try (CamSession plain = CamSession.builder().setModel(model).optNotes(borrowed::add).build()) {
                plain.explain(photo);
            }
            assertEquals(List.of(), borrowed);
        }
        LoadOptions scaled = LoadOptions.defaults().withPixelScale(1f);
        try (CamModel model = CamModelLoader.load(POOLED, scaled)) {
            List<String> warnings = new ArrayList<>();
            CamSession.builder().setModel(model, POOLED, scaled).optWarnings(warnings::add).build().close();
            assertEquals(1, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).startsWith("--pixel-scale 1.0 (LoadOptions.withPixelScale) overrides the metadata"
                    + " of " + POOLED), warnings.get(0));
        }
        // The same contradiction given as a whole InputSpec, and a dark ink, were applied without a word (helper-166).
        LoadOptions spec = LoadOptions.defaults().withInput(new io.github.cam4j.savedmodel.InputSpec(28, 28, 1, 1f, 0f,
                false));
        List<String> warnings = new ArrayList<>();
        CamSession.builder().setModel(POOLED).optLoadOptions(spec).optWarnings(warnings::add).build().close();
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("LoadOptions.withInput's pixel scale 1.0 overrides the metadata of "
                + POOLED + ", which records training on pixels x 0.003921"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("LoadOptions.withInput's dark ink overrides the metadata of " + POOLED
                + ", which records training on light ink"), warnings.get(1));
    }

    /**
     * An offset told over the metadata's is warned of as a scale is: {@code --pixel-offset -1} on the pooled model fed
     * pixels in -1..0 and read the first test digit, a 7, as a 3 at p=1.0 without a word. The offset the metadata
     * records (0) is taken silently.
     */
    @Test
    void aPixelOffsetOverTheMetadataIsWarnedOf() throws Exception {
        List<String> warnings = new ArrayList<>();
        CamSession.builder().setModel(POOLED).optLoadOptions(LoadOptions.defaults().withPixelOffset(-1f))
                .optWarnings(warnings::add).build().close();
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("--pixel-offset -1.0 (LoadOptions.withPixelOffset) overrides the metadata"
                + " of " + POOLED + ", which records training on pixels x 0.003921569 + 0.0: pictures reach it shifted"
                + " otherwise than in training"), warnings.get(0));
        List<String> none = new ArrayList<>();
        CamSession.builder().setModel(POOLED).optLoadOptions(LoadOptions.defaults().withPixelOffset(0f))
                .optWarnings(none::add).build().close();
        assertEquals(List.of(), none);
    }

    /**
     * A scale told alone takes the offset to 0: a model whose metadata records pixels x 2/255 - 1 (a Keras model trained
     * on -1..1), told its own scale, was fed 0..2 without a word, as the scale matched the metadata's. Told the offset
     * too, or nothing, it is silent.
     */
    @Test
    void aPixelScaleWithoutTheMetadatasNonZeroOffsetIsWarnedOf() throws Exception {
        Path model = io.github.cam4j.testing.SavedModelCopies.copyWithout(POOLED, tmp.resolve("minus-one-to-one"), "");
        Path json = model.resolve("assets").resolve("cam4j.json");
        String metadata = java.nio.file.Files.readString(json);
        String shifted = metadata.replace("\"pixelScale\" : 0.003921569", "\"pixelScale\" : 0.007843138")
                .replace("\"pixelOffset\" : 0.0", "\"pixelOffset\" : -1.0");
        assertTrue(shifted.contains("\"pixelOffset\" : -1.0") && shifted.contains("\"pixelScale\" : 0.007843138"),
                "the bundled metadata's layout changed: " + json);
        java.nio.file.Files.writeString(json, shifted);
        List<String> warnings = new ArrayList<>();
        CamSession.builder().setModel(model).optLoadOptions(LoadOptions.defaults().withPixelScale(2f / 255))
                .optWarnings(warnings::add).build().close();
        assertEquals(List.of("--pixel-scale 0.007843138 (LoadOptions.withPixelScale) given without --pixel-offset feeds"
                + " pixels x 0.007843138 + 0, but the metadata of " + model + " records training on pixels x 0.007843138"
                + " - 1.0: give --pixel-offset -1.0 (withPixelOffset) too to keep its offset, or leave both out to use"
                + " the metadata"), warnings);
        for (LoadOptions quiet : List.of(LoadOptions.defaults(), LoadOptions.defaults().withPixelScale(2f / 255)
                .withPixelOffset(-1f))) {
            List<String> none = new ArrayList<>();
            CamSession.builder().setModel(model).optLoadOptions(quiet).optWarnings(none::add).build().close();
            assertEquals(List.of(), none, quiet.toString());
        }
    }

    /**
     * Options given before a lent model were replaced by those it came with, without a word (Grad-CAM asked for, plain
     * CAM built), and a folder set after a lent model was opened with the lent model's options (helper-166).
     */
    @Test
    void optionsGivenBeforeALentModelAreRefusedAndAFolderSetAfterOneOpensWithItsOwn() throws Exception {
        try (CamModel model = CamModelLoader.load(POOLED, LoadOptions.defaults())) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> CamSession.builder()
                    .optLoadOptions(LoadOptions.defaults().withGradCam()).setModel(model, POOLED, LoadOptions.defaults()));
            assertTrue(e.getMessage().startsWith("optLoadOptions(...) says how to open a model folder, and the model"
                    + " lent here was opened already"), e.getMessage());
        }
        LoadOptions gradCam = LoadOptions.defaults().withGradCam();
        try (CamModel lent = CamModelLoader.load(POOLED, gradCam);
                CamSession folder = CamSession.builder().setModel(lent, POOLED, gradCam).setModel(POOLED).build()) {
            assertTrue(folder.model().gradients().isEmpty(), "opened as CAM, the folder's own way");
        }
    }

    /**
     * The notes and warnings are said for the options the session is told, so options other than those the model was
     * opened with are refused, naming each that differs; the gradient weighting alone may differ (a view's is its own).
     */
    @Test
    void aLentModelToldOtherOptionsThanItWasOpenedWithIsRefused() throws Exception {
        LoadOptions scaled = LoadOptions.defaults().withGradCam().withPixelScale(1f).withInk(true);
        try (CamModel model = CamModelLoader.load(POOLED, scaled)) {
            assertEquals(java.util.Optional.of(scaled), model.openedWith());
            IllegalArgumentException told = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                    .setModel(model, POOLED, LoadOptions.defaults().withGradCam()));
            assertEquals("the options given with the model lent are not those " + POOLED + " was opened with:"
                    + " pixelScale (given null, opened with 1.0); lightOnDark (given null, opened with true). Give"
                    + " setModel the LoadOptions passed to CamModelLoader.load (a gradient weighting may differ)",
                    told.getMessage());
            CamModel view = model.withGradients(GradientWeighting.LAYER_CAM);
            assertEquals(java.util.Optional.of(scaled), view.openedWith());
            CamSession.builder().setModel(view, POOLED, scaled.withGradients(GradientWeighting.LAYER_CAM)).build().close();
        }
    }

    /**
     * A model one method refuses (ShapleyCAM at features before a dilated convolution, whose second-order gradient
     * would cross it by TensorFlow's own rule) refuses it through any view, as a session loading it for that method
     * does; every other method, the gradient methods taking the gradient across the dilated convolution by its
     * SpaceToBatchND twin, explains through a view as a session loading the folder itself does. (Until the twin, every
     * gradient method was refused there.)
     */
    @Test
    void aViewOfAModelRefusesWhatItsOwnLoadRefusesAndExplainsTheRestAlike() throws Exception {
        Path dilated = tmp.resolve("dilated");
        TinyModels.export(TinyModels.dilated(), 3, dilated);
        LoadOptions options = LoadOptions.defaults().withGradCam().withFoundOverrides("c1/Relu", null);
        ModelLoadException own = assertThrows(ModelLoadException.class, () -> CamSession.builder().setModel(dilated)
                .optLoadOptions(options.withGradients(GradientWeighting.SHAPLEY_CAM)).build());
        assertTrue(own.getMessage().contains("ShapleyCAM needs the gradient of the gradient"), own.getMessage());
        try (CamModel model = CamModelLoader.load(dilated, options)) {
            ModelLoadException refused = assertThrows(ModelLoadException.class, () -> CamSession.builder()
                    .setModel(model.withGradients(GradientWeighting.SHAPLEY_CAM), dilated, options).build());
            assertEquals(own.getMessage(), refused.getMessage());
            for (Method m : everyMethodButCam()) {
                if (m.weighting() == GradientWeighting.SHAPLEY_CAM) {
                    continue;
                }
                List<ImageExplanation> alone;
                LoadOptions itsOwn = m.weighting() == null ? options : options.withGradients(m.weighting());
                try (CamSession s = m.builder().setModel(dilated).optLoadOptions(itsOwn).build()) {
                    alone = explain(s);
                }
                CamModel view = m.weighting() == null ? model : model.withGradients(m.weighting());
                try (CamSession s = m.builder().setModel(view, dilated, options).build()) {
                    assertSame(alone, explain(s), m.name());
                }
            }
        }
    }
}
