package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.render.MapNormalizer;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.FinerComparison;
import io.github.cam4j.savedmodel.GradientHead;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * cam4j's maps of the bundled models against torch-cam's own extractors (frgfm/torch-cam, commit f44afef, run as it
 * is under torch 1.13.1 though it declares torch 2) on the torch port of the same models ({@code
 * python-export/make_torch_cam_reference.py}, {@code torch/torch-cam-pooled.json} and {@code -unpooled.json}): the first
 * MNIST test digits (16 on the pooled model, 4 on the unpooled one; the noisy methods 4), each for its predicted class,
 * at the last convolution's ReLU. Two levels, both at the layer's cells: torch-cam's {@code normalized=False} map
 * against cam4j's {@link CamResult#rawMap()} within 1e-5 of the method's largest value, and torch-cam's {@code
 * _normalize} of it, {@code (x - min) / (max + 1e-8)}, against cam4j's min-max of its raw map ({@link
 * MapNormalizer#minMax}) within 2e-5. Smooth Grad-CAM++ and SS-CAM draw noise: torch-cam's extractor was given cam4j's
 * own draws (its {@code _distrib} replaced by {@code java.util.Random(seed)} per picture, as cam4j draws them), so they
 * are compared as exactly as the others. Measured (worst over both models and every method compared here): raw 1.2e-6
 * of the largest value (SS-CAM on the unpooled model; the others 7.6e-7 or less), normalised 1.4e-6 (RefineCAM's
 * product 3.5e-6); the tolerances leave room for float32 round-off between torch's and TensorFlow's kernels.
 */
class TorchCamParityTest {
    /** Raw maps, of the method's largest value: float32 round-off (class comment). */
    private static final double RAW = 1e-5;
    /** Normalised maps, in [0, 1]. */
    private static final double NORMALIZED = 2e-5;
    /** The bundled models' three ReLUs, first to last: the port's conv2d_relu, conv2d_1_relu and features. */
    private static final List<String> EVERY_RELU = List.of("conv2d/Relu", "conv2d_1/Relu", "conv2d_2/Relu");

    private static JsonNode reference(String model) throws Exception {
        return TorchReference.read("torch-cam-" + model + ".json");
    }

    /** The cam4j session computing torch-cam's extractor {@code method} with the reference's settings. */
    private static CamSession.Builder session(String model, String method) {
        CamSession.Builder b = CamSession.builder().setModel(TorchReference.bundled(model));
        return switch (method) {
            case "cam" -> b;
            case "gradcam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM));
            case "gradcampp" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS));
            case "xgradcam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.XGRAD_CAM));
            case "layercam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.LAYER_CAM));
            case "scorecam" -> b.optScoreCam(true);
            // torch-cam's ScoreCAM is IS-CAM of one step (coefficient 1): torch-cam's masks, normalised on the cells.
            case "scorecam-as-iscam1" -> b.optScoreCamVariant(ScoreCamVariant.isCam(1));
            case "iscam" -> b.optScoreCamVariant(ScoreCamVariant.isCam(3));
            case "smoothgradcampp" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.SMOOTH_GRAD_CAM_PLUS_PLUS))
                    .optSmoothGradNoise(new SmoothGradNoise(4, 0.3, 0));
            case "sscam" -> b.optScoreCamVariant(ScoreCamVariant.ssCam(5, 0.5, 3));
            // FinerCAM's defaults (gamma 0.6, the 3 nearest classes, base GradCAM): --finer-form torch-cam.
            case "finercam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM))
                    .optFinerComparison(FinerComparison.TORCH_CAM_DEFAULT);
            case "finercam-layercam" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM))
                    .optFinerComparison(FinerComparison.TORCH_CAM_DEFAULT).optFinerBase(GradientWeighting.LAYER_CAM);
            // RefineCAM over the three ReLUs, base GradCAM or LayerCAM: --refine-form torch-cam --refine-base ...
            case "refinecam-gradcam" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM)).optLayers(EVERY_RELU)
                    .optRefine(true).optRefineForm(RefineForm.TORCH_CAM);
            case "refinecam-layercam" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.LAYER_CAM)).optLayers(EVERY_RELU)
                    .optRefine(true).optRefineForm(RefineForm.TORCH_CAM);
            // Over cam4j's Grad-CAM++ (the closed form; the reference's "-closedform" cases): --finer-base gradcam++,
            // --refine-base gradcam++.
            case "finercam-gradcampp" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM))
                    .optFinerComparison(FinerComparison.TORCH_CAM_DEFAULT)
                    .optFinerBase(GradientWeighting.GRAD_CAM_PLUS_PLUS);
            case "refinecam-gradcampp" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).optLayers(EVERY_RELU)
                    .optRefine(true).optRefineForm(RefineForm.TORCH_CAM);
            default -> throw new IllegalArgumentException("no cam4j session for torch-cam's " + method);
        };
    }

    /**
     * The extractors whose maps are cam4j's. CAM has no ReLU in torch-cam ({@code _relu} False) nor in cam4j's raw map.
     * XGradCAM's {@code + 1e-8} is cam4j's 1e-7 (pytorch-grad-cam's): the channels' sums are far larger here. ScoreCAM
     * normalises each channel on its cells before upsampling where cam4j's Score-CAM (pytorch-grad-cam's) normalises
     * after: the same on the unpooled model, whose cells are the pixels; on the pooled model torch-cam's is cam4j's
     * IS-CAM of one step ({@code scorecam-as-iscam1}), whose masks are torch-cam's, and cam4j's own Score-CAM is not
     * ({@link #pooledScoreCamIsNotCam4jsScoreCam}). FinerCAM with its defaults (base GradCAM, gamma 0.6, the three
     * classes nearest the target's score) and with base LayerCAM is cam4j's {@code --finer-form torch-cam} (and {@code
     * --finer-base layercam}); RefineCAM over the three ReLUs with bases GradCAM and LayerCAM (its default GradCAMpp is
     * not cam4j's Grad-CAM++) is {@code --refine-form torch-cam} over {@code optLayers} of the same three tensors, its
     * product at the first layer's 28x28 cells, which lie on the pixels in both models (measured: FinerCAM 5.9e-7 of
     * the largest value, RefineCAM 3.5e-6, on the pooled model with base GradCAM). Over GradCAMpp, torch-cam's
     * wrappers are compared given the Grad-CAM++ closed form cam4j computes (the reference's "-closedform" cases: the
     * base instance's weights replaced in the script, {@code closed_form_gradcampp_weights}; torch-cam's own GradCAMpp
     * is not that, {@link #wrappersOverGradCamPpAsTorchCamRunsThemAreNotCam4js}): cam4j's {@code --finer-base
     * gradcam++} and {@code --refine-base gradcam++} in torch-cam's forms, measured 3.7e-7 of the largest value
     * (normalised 5.4e-7) and 6.5e-7.
     */
    @ParameterizedTest(name = "{0} {1} as cam4j's {2}")
    @CsvSource({"pooled, cam, cam", "pooled, gradcam, gradcam", "pooled, xgradcam, xgradcam",
            "pooled, layercam, layercam", "pooled, scorecam, scorecam-as-iscam1", "pooled, iscam, iscam",
            "pooled, smoothgradcampp, smoothgradcampp", "pooled, sscam, sscam",
            "unpooled, cam, cam", "unpooled, gradcam, gradcam", "unpooled, xgradcam, xgradcam",
            "unpooled, layercam, layercam", "unpooled, scorecam, scorecam", "unpooled, scorecam, scorecam-as-iscam1",
            "unpooled, iscam, iscam", "unpooled, smoothgradcampp, smoothgradcampp", "unpooled, sscam, sscam",
            "pooled, finercam, finercam", "pooled, finercam-layercam, finercam-layercam",
            "pooled, refinecam-gradcam, refinecam-gradcam", "pooled, refinecam-layercam, refinecam-layercam",
            "unpooled, finercam, finercam", "unpooled, finercam-layercam, finercam-layercam",
            "unpooled, refinecam-gradcam, refinecam-gradcam", "unpooled, refinecam-layercam, refinecam-layercam",
            "pooled, finercam-gradcampp-closedform, finercam-gradcampp",
            "pooled, refinecam-gradcampp-closedform, refinecam-gradcampp",
            "unpooled, finercam-gradcampp-closedform, finercam-gradcampp",
            "unpooled, refinecam-gradcampp-closedform, refinecam-gradcampp"})
    void mapsAreTorchCams(String model, String method, String cam4j) throws Exception {
        JsonNode ref = reference(model);
        JsonNode m = ref.get("methods").get(method);
        int count = m.get("digits").asInt();
        List<ImageExplanation> mine = TorchReference.explain(session(model, cam4j), count);
        // RefineCAM's map is its product normalised again (what torch-cam returns by default, normalized=True), and
        // so is cam4j's raw map of it: both in [0, 1], compared at that level.
        JsonNode raws = method.startsWith("refinecam") ? m.get("normalized") : m.get("raw");
        double tolerance = RAW * TorchReference.largest(raws, count);
        for (int i = 0; i < count; i++) {
            CamResult r = mine.get(i).first();
            String what = model + " " + method + ", digit " + i;
            assertEquals(ref.get("predicted").get(i).asInt(), r.classIndex(), what);
            float[] raw = r.rawMap().values();
            float[] normalized = MapNormalizer.minMax(r.rawMap()).values();
            assertEquals(raws.get(i).size(), raw.length, what + ": cells");
            for (int c = 0; c < raw.length; c++) {
                assertEquals(raws.get(i).get(c).asDouble(), raw[c], tolerance, what + ", cell " + c);
                assertEquals(m.get("normalized").get(i).get(c).asDouble(), normalized[c], NORMALIZED,
                        what + ", cell " + c + " normalised");
            }
        }
    }

    /**
     * torch-cam's GradCAMpp as written: {@code alpha = grad_2}, then {@code alpha[idx][mask].div_(d[mask] + eps)},
     * which divides the copy that boolean indexing makes, so alpha stays {@code g²} and the weights come out
     * {@code w_k = sum over cells of g² · ReLU(g)} (docs/inputs-and-methods.md had read this without running it). That
     * formula on cam4j's own gradient and features gives torch-cam's raw maps within 1e-5 of their largest value
     * (measured 1.6e-7 on the pooled model, 1.5e-7 on the unpooled one); cam4j's {@code gradcam++}
     * (pytorch-grad-cam's closed form) is not torch-cam's: their normalised maps differ by more than 0.1 somewhere
     * (measured 0.66 and 0.73).
     */
    @ParameterizedTest
    @ValueSource(strings = {"pooled", "unpooled"})
    void gradCamPlusPlusIsGradSquaredTimesReluGradAsTorchCamRunsIt(String model) throws Exception {
        JsonNode ref = reference(model);
        JsonNode m = ref.get("methods").get("gradcampp");
        int count = m.get("digits").asInt();
        double largest = TorchReference.largest(m.get("raw"), count);
        double worst = 0;
        double apart = 0;
        try (CamSession session = session(model, "gradcampp").build()) {
            CamModel camModel = session.model();
            GradientHead head = camModel.gradients().orElseThrow();
            float[] pixels = TorchReference.digits(count, session);
            float[] features;
            float[] gradient;
            try (TFloat32 input = TensorData.floats(Shape.of(count, 28, 28, 1), pixels);
                    Result r = camModel.session().runner().feed(camModel.tensors().input(), input)
                            .fetch(camModel.tensors().features()).fetch(head.predictedGradient()).run()) {
                features = TensorData.toArray(r.get(0));
                gradient = TensorData.toArray(r.get(1));
            }
            int k = camModel.channels();
            int cells = features.length / count / k;
            List<ImageExplanation> mine = session.explainPixels(pixels, count, 28, 28, Target.predicted());
            for (int i = 0; i < count; i++) {
                double[] weights = new double[k];
                for (int p = 0; p < cells; p++) {
                    for (int c = 0; c < k; c++) {
                        double g = gradient[(i * cells + p) * k + c];
                        weights[c] += g * g * Math.max(g, 0);
                    }
                }
                float[] map = CamMath.weightedRelu(java.util.Arrays.copyOfRange(features, i * cells * k,
                        (i + 1) * cells * k), cells, k, weights);
                float[] scaled = MapNormalizer.minMax(mine.get(i).first().rawMap()).values();
                for (int p = 0; p < cells; p++) {
                    worst = Math.max(worst, Math.abs(map[p] - m.get("raw").get(i).get(p).asDouble()) / largest);
                    apart = Math.max(apart, Math.abs(scaled[p] - m.get("normalized").get(i).get(p).asDouble()));
                }
            }
        }
        assertTrue(worst <= 1e-5, model + ": " + worst + " of the largest value from torch-cam's GradCAMpp");
        assertTrue(apart > 0.1, model + ": cam4j's Grad-CAM++ came within " + apart + " of torch-cam's GradCAMpp");
    }

    /**
     * torch-cam's FinerCAM and RefineCAM over its GradCAMpp as it runs (weights {@code sum g² · ReLU(g)}, {@link
     * #gradCamPlusPlusIsGradSquaredTimesReluGradAsTorchCamRunsIt}) are not cam4j's torch-cam forms over its Grad-CAM++
     * (the closed form, which {@link #mapsAreTorchCams} holds to torch-cam's wrappers given that closed form): their
     * normalised maps differ by more than 0.1 somewhere (measured 0.73 and 0.86 for FinerCAM, 0.85 and 0.86 for
     * RefineCAM, pooled and unpooled), where the equal methods meet 2e-5.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"pooled, finercam-gradcampp", "pooled, refinecam-gradcampp", "unpooled, finercam-gradcampp",
            "unpooled, refinecam-gradcampp"})
    void wrappersOverGradCamPpAsTorchCamRunsThemAreNotCam4js(String model, String method) throws Exception {
        JsonNode m = reference(model).get("methods").get(method);
        int count = m.get("digits").asInt();
        List<ImageExplanation> mine = TorchReference.explain(session(model, method), count);
        double apart = 0;
        for (int i = 0; i < count; i++) {
            float[] scaled = MapNormalizer.minMax(mine.get(i).first().rawMap()).values();
            for (int p = 0; p < scaled.length; p++) {
                apart = Math.max(apart, Math.abs(scaled[p] - m.get("normalized").get(i).get(p).asDouble()));
            }
        }
        assertTrue(apart > 0.1, model + " " + method + ": cam4j's came within " + apart + " of torch-cam's as it runs");
    }

    /**
     * On the pooled model torch-cam's ScoreCAM masks (normalised on the 7x7 cells, then upsampled) are not cam4j's
     * Score-CAM's (upsampled, then normalised over the pixels, as pytorch-grad-cam): the documented difference. Their
     * normalised maps differ by more than 0.05 somewhere (measured 0.12), where the equal methods meet 2e-5.
     */
    @Test
    void pooledScoreCamIsNotCam4jsScoreCam() throws Exception {
        JsonNode m = reference("pooled").get("methods").get("scorecam");
        int count = m.get("digits").asInt();
        List<ImageExplanation> mine = TorchReference.explain(session("pooled", "scorecam"), count);
        double apart = 0;
        for (int i = 0; i < count; i++) {
            float[] scaled = MapNormalizer.minMax(mine.get(i).first().rawMap()).values();
            for (int p = 0; p < scaled.length; p++) {
                apart = Math.max(apart, Math.abs(scaled[p] - m.get("normalized").get(i).get(p).asDouble()));
            }
        }
        assertTrue(apart > 0.05, "cam4j's Score-CAM came within " + apart + " of torch-cam's on the pooled model");
    }
}
