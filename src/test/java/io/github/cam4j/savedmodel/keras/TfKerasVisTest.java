package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.SettingBeyondModelException;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.MapNormalizer;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.GradientHead;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.io.IOException;
import java.nio.file.Path;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * cam4j's maps against tf-keras-vis's own (keisen/tf-keras-vis 0.8.8, commit 8bb8392), run on the Keras 3 flatten and
 * blocks models by {@code python-export/make_tfkerasvis_reference.py} into {@code keras3/tf-keras-vis.json}: the first
 * 16 MNIST test digits, each for the class the model predicts, at the features' resolution ({@code expand_cam=False}).
 * Where the two agree the maps must be equal; where tf-keras-vis differs by convention the relation is checked.
 * Tolerances are 1e-4 of the largest reference value (float32 kernels of TensorFlow's Python and Java builds differ by
 * far less, as in {@link Keras3ExportsTest}) unless a test says otherwise. Score-CAM's relation, which needs cam4j's
 * masked runs, is {@code io.github.cam4j.cam.TfKerasVisScoreCamTest}.
 */
class TfKerasVisTest {
    private static final Path DIR = Path.of("src/test/resources/keras3");

    private static JsonNode reference() throws IOException {
        return new ObjectMapper().readTree(DIR.resolve("tf-keras-vis.json").toFile());
    }

    /**
     * Grad-CAM and LayerCAM are the same maps: tf-keras-vis's Gradcam (ReplaceToLinear, so the score is the logit; the
     * gradient's spatial mean weighs the channels; activation_modifier ReLU) and Layercam (gradient_modifier ReLU,
     * element-wise) equal cam4j's {@code --method gradcam} and {@code layercam} raw maps. On the flatten model
     * tf-keras-vis's default penultimate layer (the last Conv layer, conv_b, its ReLU inside) is cam4j's; on the blocks
     * model both are taken at last_relu.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"flatten, gradcam, flatten-export", "flatten, layercam, flatten-export",
            "blocks, gradcam, blocks-export", "blocks, layercam, blocks-export"})
    void gradCamAndLayerCamEqualTfKerasVis(String section, String method, String export) throws Exception {
        JsonNode s = reference().get(section);
        JsonNode maps = s.get("raw").get(method);
        GradientWeighting weighting = method.equals("gradcam") ? GradientWeighting.GRAD_CAM : GradientWeighting.LAYER_CAM;
        try (CamSession session = CamSession.builder().setModel(DIR.resolve(export))
                .optLoadOptions(LoadOptions.defaults().withGradients(weighting)).build()) {
            ReferenceMaps.assertMatch(session, TestData.mnistTest(16), s.get("predicted"), maps,
                    1e-4 * ReferenceMaps.largest(maps),
                    section + " " + method);
        }
    }

    /**
     * tf-keras-vis's {@code normalize_cam=True} (its default) is {@code (cam - min) / (max - min + 1e-7)} of the map at
     * the features' resolution: that of cam4j's raw map equals it within 1e-4 (both in [0, 1]). The epsilon counts:
     * digit 1's Grad-CAM spans 7e-4, so tf-keras-vis's largest value there is 0.99986, where cam4j's min-max
     * ({@link MapNormalizer}) makes 1. cam4j's own {@link CamResult#map()} min-max normalises after upsampling to the
     * picture, so its values at the cells are not these either.
     */
    @Test
    void normalizeCamIsTheRawMapsMinMax() throws Exception {
        JsonNode s = reference().get("flatten");
        JsonNode normalized = s.get("normalized").get("gradcam");
        TestData.Digits digits = TestData.mnistTest(16);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("flatten-export"))
                .optLoadOptions(LoadOptions.defaults().withGradCam()).build()) {
            int compared = 0;
            for (int i = 0; i < digits.count(); i++) {
                CamResult r;
                try (Mat digit = digits.mat(i)) {
                    r = session.explain(digit);
                }
                if (!CamResult.holdsEvidence(r.rawMap())) {
                    // A blank map (ReLU cut every cell) is all 0 in both.
                    continue;
                }
                float[] raw = r.rawMap().values();
                double min = Double.POSITIVE_INFINITY;
                double max = Double.NEGATIVE_INFINITY;
                for (float v : raw) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                for (int c = 0; c < raw.length; c++) {
                    // keras.backend.epsilon(), 1e-7: not negligible here, digit 1's map spans 7e-4.
                    double mine = (raw[c] - min) / (max - min + 1e-7);
                    assertEquals(normalized.get(i).get(c).asDouble(), mine, 1e-4, "digit " + i + ", cell " + c);
                }
                compared++;
            }
            assertTrue(compared >= 6, compared + " digits with a map");
        }
    }

    /**
     * tf-keras-vis's Grad-CAM++ is not pytorch-grad-cam's (cam4j's {@code --method gradcam++}): its derivatives carry
     * {@code exp(score)} (the paper's exponential form; a positive factor per picture), and it divides each channel's
     * alphas by their sum over the cells, {@code w_k = exp(S) sum_ij relu(g_ij) a_ij / sum_ij a_ij} against
     * {@code sum_ij relu(g_ij) a_ij}, {@code a = g^2 / (2 g^2 + sum(A_k) g^3)} (0 where g is 0). That formula, on the
     * features, logit and gradient read from cam4j's own graph, equals tf-keras-vis's raw maps within 1e-3 of their
     * largest value (tf-keras-vis sums products of exp(S) ~ 1e7 in float32, this test in double); cam4j's maps, both
     * min-max normalised, differ from tf-keras-vis's by more than 0.1 on some cell.
     */
    @Test
    void gradCamPlusPlusIsTfKerasVisFormulaOnCam4jsGradient() throws Exception {
        JsonNode s = reference().get("flatten");
        JsonNode raw = s.get("raw").get("gradcam++");
        JsonNode normalized = s.get("normalized").get("gradcam++");
        TestData.Digits digits = TestData.mnistTest(16);
        double tolerance = 1e-3 * ReferenceMaps.largest(raw);
        double apart = 0;
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("flatten-export"))
                .optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).build()) {
            CamModel model = session.model();
            GradientHead head = model.gradients().orElseThrow();
            float[] pixels = new float[digits.count() * 28 * 28];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = (digits.pixels()[i] & 0xff) * model.input().pixelScale() + model.input().pixelOffset();
            }
            float[] features;
            float[] gradient;
            float[] logits;
            try (TFloat32 input = TensorData.floats(Shape.of(digits.count(), 28, 28, 1), pixels);
                    Result r = model.session().runner().feed(model.tensors().input(), input)
                            .fetch(model.tensors().features()).fetch(head.predictedGradient())
                            .fetch(model.tensors().logits()).run()) {
                features = TensorData.toArray(r.get(0));
                gradient = TensorData.toArray(r.get(1));
                logits = TensorData.toArray(r.get(2));
            }
            int k = model.channels();
            int cells = features.length / digits.count() / k;
            for (int i = 0; i < digits.count(); i++) {
                int c = s.get("predicted").get(i).asInt();
                double[] map = tfKerasVisGradCamPlusPlus(features, gradient, i * cells * k, cells, k,
                        logits[i * 10 + c]);
                for (int p = 0; p < cells; p++) {
                    assertEquals(raw.get(i).get(p).asDouble(), map[p], tolerance, "digit " + i + ", cell " + p);
                }
                CamResult mine;
                try (Mat digit = digits.mat(i)) {
                    mine = session.explain(digit);
                }
                float[] scaled = MapNormalizer.minMax(mine.rawMap()).values();
                for (int p = 0; p < cells; p++) {
                    apart = Math.max(apart, Math.abs(scaled[p] - normalized.get(i).get(p).asDouble()));
                }
            }
        }
        assertTrue(apart > 0.1, "cam4j's Grad-CAM++ (pytorch-grad-cam's) came within " + apart + " of tf-keras-vis's");
    }

    /** tf-keras-vis's GradcamPlusPlus, in double, for one picture: see the test above. */
    private static double[] tfKerasVisGradCamPlusPlus(float[] features, float[] gradient, int at, int cells, int k,
            double score) {
        double e = Math.exp(score);
        double[] weights = new double[k];
        for (int ch = 0; ch < k; ch++) {
            double total = 0;
            for (int p = 0; p < cells; p++) {
                total += features[at + p * k + ch];
            }
            double[] alpha = new double[cells];
            double alphas = 0;
            for (int p = 0; p < cells; p++) {
                double g = gradient[at + p * k + ch];
                double second = e * g * g;
                double third = second * g;
                // tf-keras-vis adds 1 to a denominator where the second derivative is 0: alpha 0 there.
                double denominator = 2 * second + third * total + (second == 0 ? 1 : 0);
                alpha[p] = second / denominator;
                alphas += alpha[p];
            }
            alphas += alphas == 0 ? 1 : 0;
            for (int p = 0; p < cells; p++) {
                weights[ch] += Math.max(e * gradient[at + p * k + ch], 0) * alpha[p] / alphas;
            }
        }
        double[] map = new double[cells];
        for (int p = 0; p < cells; p++) {
            double v = 0;
            for (int ch = 0; ch < k; ch++) {
                v += weights[ch] * features[at + p * k + ch];
            }
            map[p] = Math.max(v, 0);
        }
        return map;
    }

    /**
     * tf-keras-vis's default penultimate layer is the last Conv layer, not the last rank-4 activation: on the blocks
     * model, last_conv (its output before batch normalisation and ReLU), where cam4j explains last_relu. Its Grad-CAM
     * there equals cam4j's taken at that layer ({@code --features last_conv_1/BiasAdd}), and is not cam4j's default.
     */
    @Test
    void tfKerasVisDefaultLayerIsTheLastConvBeforeItsBatchNorm() throws Exception {
        JsonNode s = reference().get("blocksDefaultLayer");
        JsonNode maps = s.get("raw").get("gradcam");
        TestData.Digits digits = TestData.mnistTest(16);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("blocks-export"))
                .optLoadOptions(LoadOptions.defaults().withGradCam().withFoundOverrides("last_conv_1/BiasAdd", null))
                .build()) {
            ReferenceMaps.assertMatch(session, digits, s.get("predicted"), maps, 1e-4 * ReferenceMaps.largest(maps),
                    "last_conv");
        }
        JsonNode atRelu = reference().get("blocks").get("raw").get("gradcam");
        double apart = 0;
        for (int i = 0; i < maps.size(); i++) {
            for (int p = 0; p < maps.get(i).size(); p++) {
                apart = Math.max(apart, Math.abs(maps.get(i).get(p).asDouble() - atRelu.get(i).get(p).asDouble()));
            }
        }
        assertTrue(apart > 0.1 * ReferenceMaps.largest(maps), "last_conv's and last_relu's Grad-CAM came within " + apart);
    }

    /**
     * Faster Score-CAM ({@code optScoreCamChannels(10)}) on the blocks model equals cam4j's Score-CAM recipe in Python
     * ({@code make_test_models.score_cam}: half-pixel masks, the softmax over the channels scored) on the 10 channels
     * tf-keras-vis's max_N code picks (tf.math.reduce_std over the cells, tf.math.top_k), {@code cam4jFasterScorecam},
     * within 1e-4 of the largest value; and is not Score-CAM over all 32 channels.
     */
    @Test
    void fasterScoreCamEqualsCam4jsRecipeOnTfKerasVisChannels() throws Exception {
        JsonNode s = reference().get("blocks");
        JsonNode maps = s.get("cam4jFasterScorecam").get("maps");
        TestData.Digits digits = TestData.mnistTest(16);
        try (CamSession session = CamSession.builder().setModel(DIR.resolve("blocks-export")).optScoreCam(true)
                .optScoreCamChannels(s.get("fasterN").asInt()).build()) {
            assertEquals(10, session.scoreCamChannels());
            ReferenceMaps.assertMatch(session, digits, s.get("predicted"), maps, 1e-4 * ReferenceMaps.largest(maps), "faster");
        }
        JsonNode all = new ObjectMapper().readTree(DIR.resolve("blocks-scorecam.json").toFile()).get("maps");
        double apart = 0;
        for (int i = 0; i < maps.size(); i++) {
            for (int p = 0; p < maps.get(i).size(); p++) {
                apart = Math.max(apart, Math.abs(maps.get(i).get(p).asDouble() - all.get(i).get(p).asDouble()));
            }
        }
        assertTrue(apart > 0.01 * ReferenceMaps.largest(all), "10 channels' Score-CAM came within " + apart + " of 32 channels'");
    }

    /** More channels than the features have, a count below 0, or channels without Score-CAM: refused, saying which. */
    @Test
    void fasterScoreCamRefusesChannelsItCannotScore() {
        IllegalArgumentException tooMany = assertThrows(SettingBeyondModelException.class, () -> CamSession.builder()
                .setModel(DIR.resolve("blocks-export")).optScoreCam(true).optScoreCamChannels(33).build());
        assertTrue(tooMany.getMessage().contains("optScoreCamChannels(33) (--scorecam-channels 33) asks more channels"
                + " than its features"), tooMany.getMessage());
        assertTrue(tooMany.getMessage().contains("have, 32: give 1 to 32"), tooMany.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> CamSession.builder().optScoreCamChannels(-1));
        assertTrue(negative.getMessage().startsWith("optScoreCamChannels(-1) (--scorecam-channels -1)"),
                negative.getMessage());
        IllegalArgumentException notScoreCam = assertThrows(IllegalArgumentException.class, () -> CamSession.builder()
                .setModel(DIR.resolve("blocks-export")).optScoreCamChannels(10).build());
        assertTrue(notScoreCam.getMessage().contains("not Score-CAM's (optScoreCam(true))"), notScoreCam.getMessage());
    }
}
