package io.github.cam4j.savedmodel.keras;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.savedmodel.FinerComparison;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SavedModels written by real Keras 3 (TensorFlow 2.21, Keras 3.15) with {@code python-export/make_test_models.py}: a
 * small classifier taking pixels 0..255 (a Rescaling layer inside), with biases, Dropout before a linear Dense and a
 * Softmax layer, exported three ways; a functional model with batch normalisation, a depthwise convolution, ReLU6 and a
 * residual Add ({@code blocks-export}); a Flatten head for the gradient methods; two models whose pixel range
 * {@code export_cam.py} must find by itself, a functional model whose Rescaling sits inside a nested Sequential
 * ({@code nested-cam-export}) and one whose Normalization was adapted on raw uint8 pixels ({@code normalized-*}), and
 * one cam4j must find the Rescaling of behind a Resizing and a CenterCrop ({@code resized-export}); data augmentation
 * layers ({@code augmented-*}); a model that outputs log-probabilities, {@code Activation("log_softmax")} after a linear
 * Dense ({@code logsoftmax-export}, by {@code python-export/make_head_models.py}; its reference's probability is the
 * exponential of Keras' output); a Dense applied to the last convolution's map before the pooling
 * ({@code densemap-export}, the same script; its reference CAM is the convolution's output times the Dense's kernel
 * column, without the bias, as for a 1x1 convolution head).
 * {@code reference.json}, {@code blocks-reference.json}, {@code nested-reference.json} and
 * {@code normalized-reference.json} hold what Keras itself computed on the first 16 MNIST test digits: the predicted
 * class, its probability and the CAM at the features' 14x14 resolution.
 *
 * <p>Tolerances: the same float32 arithmetic in two builds of TensorFlow (Python 2.21 and TensorFlow Java 1.1.0's),
 * whose kernels may sum in another order; 2e-6 relative was seen on a larger model, so 1e-4 of the map's largest value
 * and 1e-5 on a probability leave two orders of margin while a wrong pixel scale, class or channel is far outside.
 */
class Keras3ExportsTest {
    @TempDir
    Path tmp;

    private static final Path DIR = Path.of("src/test/resources/keras3");

    @ParameterizedTest(name = "{0}")
    @CsvSource({"cam-export, reference.json", "keras-export, reference.json", "blocks-export, blocks-reference.json",
            "nested-cam-export, nested-reference.json", "normalized-cam-export, normalized-reference.json",
            "normalized-export, normalized-reference.json", "augmented-cam-export, augmented-reference.json",
            "resized-export, resized-reference.json", "logsoftmax-export, logsoftmax-reference.json",
            "densemap-export, densemap-reference.json"})
    void camFromAKeras3ExportEqualsKerasOwn(String export, String referenceFile) throws Exception {
        JsonNode reference = new ObjectMapper().readTree(DIR.resolve(referenceFile).toFile());
        TestData.Digits digits = TestData.mnistTest(16);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve(export)).build()) {
            for (int i = 0; i < 16; i++) {
                CamResult r;
                try (Mat digit = digits.mat(i)) {
                    r = session.explain(digit);
                }
                assertEquals(reference.get("predicted").get(i).asInt(), r.classIndex(), export + ", digit " + i);
                assertEquals(reference.get("probability").get(i).asDouble(), r.probability(), 1e-5, export + ", digit " + i);
                JsonNode cam = reference.get("cam").get(i);
                float[] map = r.rawMap().values();
                assertEquals(cam.size(), map.length, export + ": cells");
                double largest = 0;
                for (JsonNode v : cam) {
                    largest = Math.max(largest, Math.abs(v.asDouble()));
                }
                for (int c = 0; c < map.length; c++) {
                    assertEquals(cam.get(c).asDouble(), map[c], 1e-4 * largest, export + ", digit " + i + ", cell " + c);
                }
            }
        }
    }

    /**
     * A Flatten head (flatten-export, by {@code model.export}), which only the gradient methods explain: each method's
     * map at the last convolution (14x14x16, a ReLU's output, where Grad-CAM element-wise is LayerCAM) equals the one computed in Python from TensorFlow's own gradients by the
     * formulas pytorch-grad-cam uses ({@code gradients.json}), within 1e-4 of the largest value of the method's maps.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GRAD_CAM", "GRAD_CAM_PLUS_PLUS", "XGRAD_CAM", "HIRES_CAM", "LAYER_CAM", "GRAD_CAM_ELEMENT_WISE",
            "FINER_CAM", "SHAPLEY_CAM"})
    void gradientMethodsOnAKeras3FlattenModelEqualPytorchGradCamsFormulas(String method) throws Exception {
        GradientWeighting weighting = GradientWeighting.valueOf(method);
        String key = switch (weighting) {
            case GRAD_CAM -> "gradcam";
            case GRAD_CAM_PLUS_PLUS -> "gradcam++";
            case XGRAD_CAM -> "xgradcam";
            case HIRES_CAM -> "hirescam";
            case LAYER_CAM -> "layercam";
            case GRAD_CAM_ELEMENT_WISE -> "gradcam-elementwise";
            case FINER_CAM -> "finercam";
            case SHAPLEY_CAM -> "shapleycam";
            // Checked against torch-cam's computation by TorchCamKeras3Test, not in this parameter list.
            case SMOOTH_GRAD_CAM_PLUS_PLUS -> throw new IllegalArgumentException(method);
        };
        JsonNode reference = new ObjectMapper().readTree(DIR.resolve("gradients.json").toFile());
        // A digit's map can be blank (every cell's weighted sum negative, then ReLU): Grad-CAM's mean gradient is
        // blank for 9 of these 16 digits, the other methods for none. So the tolerance is taken from the largest value
        // of all the method's maps, blank maps must be blank in cam4j too, and at least 6 must hold something.
        double largest = 0;
        int blank = 0;
        for (JsonNode m : reference.get("maps").get(key)) {
            double most = 0;
            for (JsonNode v : m) {
                most = Math.max(most, Math.abs(v.asDouble()));
            }
            largest = Math.max(largest, most);
            blank += most == 0 ? 1 : 0;
        }
        assertTrue(blank <= 10, key + ": " + blank + " of the 16 reference maps are blank");
        TestData.Digits digits = TestData.mnistTest(16);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("flatten-export"))
                .optLoadOptions(LoadOptions.defaults().withGradients(weighting)).build()) {
            ReferenceMaps.assertMatch(session, digits, reference.get("predicted"),
                    reference.get("maps").get(key), 1e-4 * largest, key);
        }
    }

    /**
     * Finer-CAM with another comparison than pytorch-grad-cam's default (alpha 0.5, ranks 2 and 5) for a class given
     * for every digit (7, pytorch-grad-cam's {@code target_idx}) equals the map computed in Python by
     * {@code finer_cam.py}'s recipe from TensorFlow's gradient ({@code finer} of {@code gradients.json}), within 1e-4 of
     * the largest value of its maps, as above: the comparison is fed to the graph's target, not built into it. The
     * same session with the default comparison must not match, or the feed would go untested.
     */
    @Test
    void finerCamWithAFedComparisonForAGivenClassEqualsItsPythonRecipe() throws Exception {
        JsonNode finer = new ObjectMapper().readTree(DIR.resolve("gradients.json").toFile()).get("finer");
        FinerComparison comparison = new FinerComparison((float) finer.get("alpha").asDouble(),
                List.of(finer.get("ranks").get(0).asInt(), finer.get("ranks").get(1).asInt()));
        int target = finer.get("class").asInt();
        double largest = ReferenceMaps.largest(finer.get("maps"));
        TestData.Digits digits = TestData.mnistTest(16);
        for (boolean fed : new boolean[] {true, false}) {
            try (CamSession session = CamSession.builder().setModel(DIR.resolve("flatten-export"))
                    .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM))
                    .optFinerComparison(fed ? comparison : FinerComparison.DEFAULT).build()) {
                double most = 0;
                for (int i = 0; i < 16; i++) {
                    float[] map;
                    try (Mat digit = digits.mat(i)) {
                        CamResult r = session.explain(digit, target);
                        assertEquals(target, r.classIndex());
                        map = r.rawMap().values();
                    }
                    JsonNode expected = finer.get("maps").get(i);
                    for (int c = 0; c < map.length; c++) {
                        double off = Math.abs(expected.get(c).asDouble() - map[c]);
                        most = Math.max(most, off);
                        if (fed) {
                            assertEquals(expected.get(c).asDouble(), map[c], 1e-4 * largest, "digit " + i + ", cell " + c);
                        }
                    }
                }
                if (!fed) {
                    assertTrue(most > 1e-2 * largest, "the default comparison gives the fed one's maps: " + most);
                }
            }
        }
    }

    /**
     * At the blocks model's residual Add, the gradient passes a max pooling, a convolution, batch normalisation, ReLU,
     * average pooling and the Dense: Finer-CAM's target differentiated there, and ShapleyCAM's gradient less half its
     * Hessian-vector product (through the max pooling's gradient, whose own gradient cam4j registers as TensorFlow
     * Python defines it), equal the Python recipes' maps ({@code residual.maps}) within 1e-4 of the largest value.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"FINER_CAM, finercam", "SHAPLEY_CAM, shapleycam"})
    void finerAndShapleyCamThroughAMaxPoolingEqualTheirPythonRecipes(String method, String key) throws Exception {
        JsonNode residual = new ObjectMapper().readTree(DIR.resolve("gradients.json").toFile()).get("residual");
        JsonNode maps = residual.get("maps").get(key);
        TestData.Digits digits = TestData.mnistTest(16);
        LoadOptions at = LoadOptions.defaults().withFoundOverrides(residual.get("tensor").asText(), null);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("blocks-export"))
                .optLoadOptions(at.withGradients(GradientWeighting.valueOf(method))).build()) {
            ReferenceMaps.assertMatch(session, digits, residual.get("predicted"), maps, 1e-4 * ReferenceMaps.largest(maps), key);
        }
    }

    /**
     * The methods that weigh each cell by its own gradient at a layer whose activations go below 0 with a gradient
     * (the blocks model's residual Add: the ReLU6 shortcut plus a batch normalisation's output, 7 % of its values): there
     * HiResCAM, LayerCAM and Grad-CAM element-wise all differ (at the Flatten model's ReLU, Grad-CAM element-wise is
     * LayerCAM). Each equals the map computed in Python from TensorFlow's gradients by pytorch-grad-cam's formulas
     * ({@code residual} of {@code gradients.json}), within 1e-4 of the largest value of the method's maps, as above.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"HIRES_CAM, hirescam", "LAYER_CAM, layercam", "GRAD_CAM_ELEMENT_WISE, gradcam-elementwise"})
    void cellByCellMethodsAtANegativeLayerEqualPytorchGradCamsFormulas(String method, String key) throws Exception {
        JsonNode residual = new ObjectMapper().readTree(DIR.resolve("gradients.json").toFile()).get("residual");
        JsonNode maps = residual.get("maps").get(key);
        double largest = 0;
        for (JsonNode m : maps) {
            for (JsonNode v : m) {
                largest = Math.max(largest, Math.abs(v.asDouble()));
            }
        }
        // The reference itself tells the methods apart: every element-wise map differs from LayerCAM's and HiResCAM's
        // by more than the tolerance, so a cam4j that computed either in its place fails here.
        for (String other : new String[] {"hirescam", "layercam"}) {
            if (!other.equals(key)) {
                int differ = 0;
                for (int i = 0; i < 16; i++) {
                    double most = 0;
                    for (int c = 0; c < maps.get(i).size(); c++) {
                        most = Math.max(most, Math.abs(maps.get(i).get(c).asDouble()
                                - residual.get("maps").get(other).get(i).get(c).asDouble()));
                    }
                    differ += most > 1e-2 * largest ? 1 : 0;
                }
                assertEquals(16, differ, key + " against " + other);
            }
        }
        TestData.Digits digits = TestData.mnistTest(16);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("blocks-export"))
                .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.valueOf(method))
                        .withFoundOverrides(residual.get("tensor").asText(), null)).build()) {
            ReferenceMaps.assertMatch(session, digits, residual.get("predicted"), maps, 1e-4 * largest, key);
        }
    }

    /**
     * Score-CAM, Eigen-CAM and Ablation-CAM on the blocks model equal the maps computed in Python
     * ({@code blocks-scorecam.json}, {@code blocks-eigencam.json}, {@code blocks-ablationcam.json}), within 1e-4 of the
     * largest value of the method's maps.
     * <ul>
     *   <li>Score-CAM by pytorch-grad-cam's recipe with cam4j's upsampling: masks upsampled by TensorFlow's half-pixel
     *       bilinear resize (pytorch-grad-cam aligns corners) and min-max normalised over the upsampled values; the
     *       softmax over the channels of the class's logit on the 32 masked pictures. A reference that normalised the
     *       masks by the cells' range instead (the upsampling never lands on a cell's centre) differed from cam4j's
     *       maps by up to 13 % of the largest value.
     *   <li>Eigen-CAM by pytorch-grad-cam's recipe with cam4j's sign: the features centred per channel, projected on
     *       their first principal component (numpy's SVD), turned to correlate positively with each cell's total.
     *   <li>Ablation-CAM by pytorch-grad-cam's recipe with the paper's ablation (the channel set to 0): the Keras
     *       layers after last_relu (the pooling, the Dense's kernel and bias) run on the 32 ablated copies,
     *       {@code (y_c - y_c^k) / |y_c|} weighs the channels.
     * </ul>
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"scorecam", "eigencam", "ablationcam"})
    void methodsWithoutGradientsOnAKeras3ModelEqualTheirPythonRecipe(String method) throws Exception {
        JsonNode reference = new ObjectMapper().readTree(DIR.resolve("blocks-" + method + ".json").toFile());
        double largest = 0;
        for (JsonNode m : reference.get("maps")) {
            for (JsonNode v : m) {
                largest = Math.max(largest, Math.abs(v.asDouble()));
            }
        }
        TestData.Digits digits = TestData.mnistTest(16);
        CamSession.Builder builder = CamSession.builder().setModel(DIR.resolve("blocks-export"));
        try (CamSession session = method.equals("scorecam") ? builder.optScoreCam(true).build()
                : method.equals("ablationcam") ? builder.optAblationCam(true).build()
                : builder.optEigenCam(true).build()) {
            ReferenceMaps.assertMatch(session, digits, reference.has("predicted") ? reference.get("predicted") : null,
                    reference.get("maps"), 1e-4 * largest, method);
        }
    }

    /**
     * Occlusion sensitivity on the blocks model equals tf-explain's own {@code OcclusionSensitivity
     * .get_sensitivity_map} ({@code occlusion.json}: tf-explain 9d7d1e9's code run by occlusion_reference.py, Keras
     * predicting on the occluded copies it made): the tile grid ({@code 1 - p} per tile, cam4j's raw map) of the 16
     * digits' predicted class with patches of 4, 7 and 5 (whose last tiles are cut to 3 pixels) and of class 3 given,
     * within 1e-5 (a probability; float32 kernels of TensorFlow's Python and Java builds, at other batch sizes, differ
     * by less: every value was within 2e-6); and, where the patch divides the 28x28 input, the map on the input
     * (cam4j's placement of the tile centres, bilinear between them, before normalising) equals tf-explain's
     * cv2.resize of the grid within 1e-5.
     */
    @Test
    void occlusionOnAKeras3ModelEqualsTfExplainsOwnMaps() throws Exception {
        JsonNode reference = new ObjectMapper().readTree(DIR.resolve("occlusion.json").toFile());
        TestData.Digits digits = TestData.mnistTest(16);
        List<Mat> mats = new java.util.ArrayList<>();
        for (int i = 0; i < digits.count(); i++) {
            mats.add(digits.mat(i));
        }
        int checked = 0;
        int placedChecked = 0;
        try {
            for (int patch : new int[] {4, 7, 5}) {
                try (CamSession session = CamSession.builder().setModel(DIR.resolve("blocks-export"))
                        .optOcclusion(io.github.cam4j.cam.Occlusion.of(patch)).build()) {
                    List<io.github.cam4j.cam.ImageExplanation> all = session.explain(mats,
                            io.github.cam4j.cam.Target.predicted());
                    for (JsonNode c : reference.get("cases")) {
                        if (c.get("patch").asInt() != patch) {
                            continue;
                        }
                        int digit = c.get("digit").asInt();
                        CamResult r = c.get("predicted").asBoolean() ? all.get(digit).first()
                                : session.explain(mats.get(digit), c.get("class").asInt());
                        String what = "patch " + patch + ", digit " + digit + ", class " + c.get("class").asInt();
                        assertEquals(c.get("class").asInt(), r.classIndex(), what);
                        assertEquals(c.get("gridShape").get(0).asInt(), r.rawMap().height(), what);
                        assertEquals(c.get("gridShape").get(1).asInt(), r.rawMap().width(), what);
                        float[] grid = r.rawMap().values();
                        for (int t = 0; t < grid.length; t++) {
                            assertEquals(c.get("grid").get(t).asDouble(), grid[t], 1e-5, what + ", tile " + t);
                        }
                        checked++;
                        if (c.has("map")) {
                            float[] placed = io.github.cam4j.render.Resize.placed(r.rawMap(), 28, 28, r.placement())
                                    .values();
                            for (int p = 0; p < placed.length; p++) {
                                assertEquals(c.get("map").get(p).asDouble(), placed[p], 1e-5, what + ", pixel " + p);
                            }
                            placedChecked++;
                        }
                    }
                }
            }
        } finally {
            mats.forEach(Mat::close);
        }
        assertEquals(52, checked, "every case of occlusion.json");
        assertEquals(8, placedChecked, "every map of occlusion.json");
    }

    /**
     * Ablation-CAM at a layer whose rest of the network is not linear, the blocks model's MaxPooling of its residual
     * Add (activations below 0 too, which pytorch-grad-cam would ablate to their minimum minus 1e7 and cam4j, as the
     * paper, to 0), then a convolution, batch normalisation, ReLU, pooling and the Dense: the maps equal Keras' own
     * layers run on the ablated copies ({@code poolMaps} of {@code blocks-ablationcam.json}) within 1e-4 of the
     * largest value.
     */
    @Test
    void ablationCamThroughANonLinearRestEqualsKerasOwnLayers() throws Exception {
        assertAblationCamEqualsKeras("pool_1/MaxPool2d", "poolMaps", List.of());
    }

    /**
     * Ablation-CAM inside the blocks model's residual branch ({@code depthwise_relu6}), which the shortcut skips: the
     * shortcut's tensor is fed beside each ablated copy (not the picture, which would run the stem again for every
     * channel), and the maps equal Keras' own layers run on the ablated copies with the picture's own shortcut
     * ({@code branchMaps} of {@code blocks-ablationcam.json}) within 1e-4 of the largest value.
     */
    @Test
    void ablationCamInsideAResidualBranchFeedsTheShortcutAndEqualsKerasOwnLayers() throws Exception {
        assertAblationCamEqualsKeras("depthwise_relu6_1/Relu6", "branchMaps",
                List.of("StatefulPartitionedCall_1/StatefulPartitionedCall/keras3_blocks_1/stem_relu6_1/Relu6:0"));
    }

    private static void assertAblationCamEqualsKeras(String layer, String mapsKey, List<String> sideInputs)
            throws Exception {
        JsonNode reference = new ObjectMapper().readTree(DIR.resolve("blocks-ablationcam.json").toFile());
        double largest = 0;
        for (JsonNode m : reference.get(mapsKey)) {
            for (JsonNode v : m) {
                largest = Math.max(largest, Math.abs(v.asDouble()));
            }
        }
        TestData.Digits digits = TestData.mnistTest(16);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("blocks-export"))
                .optLoadOptions(LoadOptions.defaults().withGradCam().withFoundOverrides(layer, null))
                .optAblationCam(true).build()) {
            assertEquals(sideInputs, io.github.cam4j.savedmodel.AblationFeed.of(session.model()).sideInputs(), layer);
            ReferenceMaps.assertMatch(session, digits, reference.get("predicted"),
                    reference.get(mapsKey), 1e-4 * largest, layer);
        }
    }

    /**
     * A Normalization adapted on the raw uint8 digits and no Rescaling ({@code normalized-export}, by
     * {@code model.export}): only the layer's statistics (mean 33.2, standard deviation 78.5) say the model takes pixels
     * 0..255. Fed 0..1, every value it standardises is about -0.42 and it read digit 0, a 7, as a 1.
     */
    @Test
    void aNormalizationAdaptedOnRawPixelsIsFedRawPixelsAndInspectSaysSo() throws Exception {
        Path model = DIR.resolve("normalized-export");
        String text = ImportedModel.inspect(model, ImportOptions.defaults());
        assertTrue(text.contains("the model standardises its input itself: (x - [33.2]) / [78.46] ('norm_1/Sub'),"
                + " statistics of raw pixels"), text);
        assertTrue(text.contains("cam4j feeds it raw pixels, 0..255"), text);
        try (CamSession session = CamSession.builder().setModel(model).build()) {
            assertEquals(1f, session.model().input().pixelScale());
        }
    }

    /**
     * RandomFlip and RandomRotation in the model ({@code augmented-export}, by {@code model.export}): Keras 3 serves
     * them active, so the export transforms each picture at random (two calls in Python on the same digits differ by
     * 0.002 in probability), and cam4j, with the seed frozen, explained every picture through one fixed transform. It
     * is refused, naming the random op and the way out; {@code augmented-cam-export}, written by export_cam.py,
     * equals Keras' own {@code predict} (the parameterised test above).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(booleans = {false, true})
    void aKeras3ExportThatAugmentsAtRandomIsRefusedNamingTheOp(boolean gradCam) {
        Path model = DIR.resolve("augmented-export");
        LoadOptions options = gradCam ? LoadOptions.defaults().withGradCam() : LoadOptions.defaults();
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CamSession.builder().setModel(model).optLoadOptions(options).build());
        String line = e.getMessage().lines().findFirst().orElse("");
        assertTrue(line.contains("the served graph draws random numbers on the way to the output"), line);
        assertTrue(line.contains("augment_1/flip_1/") || line.contains("augment_1/rotate_1/"), line);
        assertTrue(line.contains("python-export/export_cam.py"), line);
    }

    @Test
    void inspectSaysWhyAnExportThatAugmentsAtRandomIsRefused() throws Exception {
        String text = ImportedModel.inspect(DIR.resolve("augmented-export"), ImportOptions.defaults());
        assertTrue(text.contains("Not CAM-ready: the served graph draws random numbers"), text);
        assertTrue(text.contains("Grad-CAM does not apply either"), text);
    }

    /**
     * What cam4j cannot read from {@code model.export}'s folder is refused saying what to do: two heads
     * ({@code two-outputs-export}: export a model of one), an 8-bit image input ({@code uint8-export}: export_cam.py,
     * whose signature takes float32 pixels).
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "two-outputs-export|; cam4j needs exactly one:"
                    + " export a model of the one head to explain, e.g. in Keras"
                    + " keras.Model(model.inputs, model.outputs[0]).export(DIR)",
            "uint8-export|input 'raw' is uint8 [-1, 28, 28, 1]; cam4j feeds float32 images [N, H, W, C]: export the"
                    + " Keras model with python-export/export_cam.py"})
    void aKeras3ExportCam4jCannotReadIsRefusedSayingWhatToDo(String export, String words) throws Exception {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CamSession.builder().setModel(DIR.resolve(export)).build());
        assertTrue(e.getMessage().contains(words), e.getMessage());
        assertTrue(ImportedModel.inspect(DIR.resolve(export), ImportOptions.defaults()).contains(words));
    }

    /**
     * The folder Keras 3's {@code tf.saved_model.save} writes is refused with the cause and the two ways out, not
     * TensorFlow's "Could not find variable" alone.
     */
    @Test
    void aKeras3TfSavedModelSaveFolderIsRefusedSayingHowToExportInstead() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CamSession.builder().setModel(DIR.resolve("tf-save")).build());
        // In the first line: error lines leave out what follows it (TensorFlow's node list).
        assertTrue(e.getMessage().lines().findFirst().orElse("").contains("never restores a variable its signature reads; under Keras 3,"
                + " tf.saved_model.save(model, DIR) writes such folders: export with model.export(DIR) instead, or with"
                + " cam4j's python-export/export_cam.py"), e.getMessage());
    }

    /**
     * A model that makes NaN from some pictures and not others (a square root of every pixel darker than mid-grey)
     * opens: the load-time check of CAM's identity, on random pixels, gave "the logit of class 0 is NaN but
     * mean(features)·kernel + bias is NaN" and refused it. A batch then names the picture the model failed on, by its
     * name, not its place in the batch, as the picture's refusal: on the command line the pictures before it are
     * written, and --keep-going goes on past it.
     */
    @Test
    void aModelThatFailsOnSomePicturesNamesThePicture() throws Exception {
        Path model = DIR.resolve("dark-fails-export");
        TestData.Digits digits = TestData.mnistTest(1);
        try (CamSession session = CamSession.builder().setModel(model).build();
                Mat white = new Mat(28, 28, CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(255.0));
                Mat digit = digits.mat(0)) {
            assertTrue(Float.isFinite(session.explain(white).probability()), "a white picture is explained");
            io.github.cam4j.cam.InvalidInputException e = assertThrows(io.github.cam4j.cam.InvalidInputException.class,
                    () -> session.explain(java.util.List.of(white, digit), java.util.List.of("white.png", "seven.png"),
                            io.github.cam4j.cam.Target.predicted()));
            assertTrue(e.getMessage().contains("gave NaN logits for image seven.png from finite input up to 255.0: the"
                    + " model itself makes non-finite values"), e.getMessage());
        }
        Path white = tmp.resolve("a-white.png");
        Path seven = tmp.resolve("b-seven.png");
        try (Mat w = new Mat(28, 28, CV_8UC1, new org.bytedeco.opencv.opencv_core.Scalar(255.0));
                Mat d = digits.mat(0)) {
            io.github.cam4j.render.Images.write(w, white);
            io.github.cam4j.render.Images.write(d, seven);
        }
        io.github.cam4j.cli.CliRun run = io.github.cam4j.cli.CliRun.of("explain", "--model", model.toString(),
                white.toString(), seven.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(java.nio.file.Files.isRegularFile(tmp.resolve("out").resolve("a-white-cam.png")),
                "the picture before the failure is written: " + run.out());
        assertTrue(run.err().contains("logits for image " + seven), run.err());
    }

}
