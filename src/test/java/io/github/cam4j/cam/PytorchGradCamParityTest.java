package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.render.Placement;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * cam4j's maps of the bundled models against pytorch-grad-cam's own classes (jacobgil/pytorch-grad-cam, commit
 * 084273b3) run under torch 1.13.1 on a torch port of the same models ({@code python-export/torch_port.py}: the
 * SavedModels' weights copied into Conv2d/Linear modules), by {@code python-export/make_pytorch_grad_cam_reference.py}
 * into {@code torch/pytorch-grad-cam-pooled.json} and {@code -unpooled.json}: the first MNIST test digits, each for its
 * predicted class, the target layer the last convolution's ReLU (the tensor cam4j explains). Two levels:
 * <ul>
 *   <li>raw: what the method's {@code get_cam_image} returned, before pytorch-grad-cam's ReLU, at the layer's cells,
 *       against cam4j's {@link CamResult#rawMap()} (after its ReLU): {@code |cam4j - max(ref, 0)| <= 1e-5} of the
 *       method's largest reference value;
 *   <li>map: what the call returns (ReLU, min-max with 1e-7, {@code cv2.resize} to 28x28, min-max again), against
 *       {@link CamResult#map()}: within 2e-5 (both in [0, 1]).
 * </ul>
 * Tolerances: float32 round-off between torch's and TensorFlow's kernels. Measured (the worst over both models):
 * logits 5.4e-6 (tolerance 2e-5; logits up to 17.6), raw maps 2.9e-6 of the largest value (Ablation-CAM's ratios of
 * two float32 logits; the others 1.8e-6 or less), maps 2.8e-6 (7.2e-6 over three layers: see {@link
 * #mapsArePytorchGradCams}). Where pytorch-grad-cam's result has no sign rule (the
 * eigen projections) or places Score-CAM's masks otherwise, the documented relation is checked instead.
 */
class PytorchGradCamParityTest {
    /** Raw maps: float32 round-off, measured at most 2.9e-6 of the largest value (see the class comment). */
    private static final double RAW = 1e-5;
    /** Maps in [0, 1]: measured at most 2.8e-6. */
    private static final double MAP = 2e-5;
    /** The bundled models' three ReLUs, first to last: the port's conv2d_relu, conv2d_1_relu and features. */
    private static final List<String> EVERY_RELU = List.of("conv2d/Relu", "conv2d_1/Relu", "conv2d_2/Relu");

    private static JsonNode reference(String model) throws Exception {
        return TorchReference.read("pytorch-grad-cam-" + model + ".json");
    }

    /** The cam4j session computing pytorch-grad-cam's method {@code method} (a key of the reference's "methods"). */
    static CamSession.Builder session(String model, String method) {
        CamSession.Builder b = CamSession.builder().setModel(TorchReference.bundled(model));
        return switch (method) {
            case "gradcam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM));
            case "hirescam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.HIRES_CAM));
            case "gradcam-elementwise" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_ELEMENT_WISE));
            case "gradcam++" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS));
            case "xgradcam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.XGRAD_CAM));
            case "layercam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.LAYER_CAM));
            case "shapleycam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.SHAPLEY_CAM));
            // pytorch-grad-cam's FinerCAM defaults, alpha 1 and comparison_categories [1, 2, 3]: FinerComparison.DEFAULT.
            case "finercam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM));
            case "scorecam" -> b.optScoreCam(true);
            case "ablationcam" -> b.optAblationCam(true);
            case "eigencam" -> b.optEigenCam(true);
            // EigenGradCAM is get_2d_projection(grads * activations): HiResCAM's matrix, eigen smoothed.
            case "eigengradcam" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.HIRES_CAM))
                    .optEigenSmooth(true);
            // KPCA_CAM's defaults: kernel 'sigmoid', gamma None.
            case "kpcacam" -> b.optFeatureMethod(FeatureMethod.kpcaCam(KpcaKernel.SIGMOID));
            case "fullgrad" -> b.optPixelMethod(PixelMethod.fullGrad());
            case "gradcam-eigensmooth" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM)).optEigenSmooth(true);
            case "layercam-eigensmooth" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.LAYER_CAM)).optEigenSmooth(true);
            // target_layers = every ReLU: cam4j's optLayers, the same three tensors in the SavedModel's graph.
            case "gradcam-layers" -> b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM))
                    .optLayers(EVERY_RELU);
            case "gradcam++-layers" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).optLayers(EVERY_RELU);
            // RefineCAM's default base_method, GradCAMPlusPlus: cam4j's default --refine-base.
            case "refinecam" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).optLayers(EVERY_RELU)
                    .optRefine(true);
            // aug_smooth=True: cam4j's optAugSmooth, each variant explained for the picture's class, as the reference's
            // targets ask.
            case "gradcam-augsmooth" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM)).optAugSmooth(true);
            case "gradcam++-augsmooth" -> b.optLoadOptions(
                    LoadOptions.defaults().withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS)).optAugSmooth(true);
            // RandomCAM given cam4j's draws for the seed (the reference's np.random.uniform replaced by them).
            case "randomcam" -> b.optFeatureMethod(FeatureMethod.randomCam(0));
            case "randomcam-seed42" -> b.optFeatureMethod(FeatureMethod.randomCam(42));
            // FinerCAM(base_method=...): cam4j's --finer-base.
            case "finercam-gradcam++" -> finer(b, GradientWeighting.GRAD_CAM_PLUS_PLUS);
            case "finercam-xgradcam" -> finer(b, GradientWeighting.XGRAD_CAM);
            case "finercam-hirescam" -> finer(b, GradientWeighting.HIRES_CAM);
            case "finercam-layercam" -> finer(b, GradientWeighting.LAYER_CAM);
            case "finercam-gradcam-elementwise" -> finer(b, GradientWeighting.GRAD_CAM_ELEMENT_WISE);
            case "finercam-xgradcam-layers" -> finer(b, GradientWeighting.XGRAD_CAM).optLayers(EVERY_RELU);
            case "finercam-hirescam-layers" -> finer(b, GradientWeighting.HIRES_CAM).optLayers(EVERY_RELU);
            case "finercam-gradcam-layers" -> finer(b, GradientWeighting.GRAD_CAM).optLayers(EVERY_RELU);
            default -> throw new IllegalArgumentException("no cam4j session for pytorch-grad-cam's " + method);
        };
    }

    /** Finer-CAM (pytorch-grad-cam's defaults, as "finercam") over {@code base}. */
    private static CamSession.Builder finer(CamSession.Builder b, GradientWeighting base) {
        return b.optLoadOptions(LoadOptions.defaults().withGradients(GradientWeighting.FINER_CAM)).optFinerBase(base);
    }

    /**
     * The port is the model: its logits for the 16 digits are cam4j's (TensorFlow's) within 2e-5 (measured 5.4e-6 on
     * the pooled model's logits of up to 17.6, 2.4e-6 on the unpooled one's), and the classes pytorch-grad-cam
     * explained (targets None: the largest logit) are cam4j's predicted ones.
     */
    @ParameterizedTest
    @ValueSource(strings = {"pooled", "unpooled"})
    void portsLogitsAreTheBundledModels(String model) throws Exception {
        JsonNode ref = reference(model);
        List<ImageExplanation> mine = TorchReference.explain(session(model, "gradcam"), 16);
        for (int i = 0; i < 16; i++) {
            assertEquals(ref.get("predicted").get(i).asInt(), mine.get(i).predicted(), model + ", digit " + i);
            for (int c = 0; c < 10; c++) {
                assertEquals(ref.get("logits").get(i).get(c).asDouble(), mine.get(i).logits()[c], 2e-5,
                        model + ", digit " + i + ", logit " + c);
            }
        }
    }

    /**
     * The methods whose maps are pytorch-grad-cam's at both levels. ShapleyCAM's Hessian term is 0 on these models
     * (ReLU and max pooling are piecewise linear: its raw maps equal Grad-CAM's exactly in the reference), so only its
     * gradient half is checked here. Ablation-CAM's drop is over {@code abs(y_c)} in cam4j and {@code y_c} in
     * pytorch-grad-cam, the same here (every explained logit is positive, at least 3.1), and its ablated channel is 0
     * in both (after a ReLU the layer's minimum is 0, so pytorch-grad-cam's AblationLayer writes 0). Score-CAM's masks
     * are the same on the unpooled model, whose cells are the pixels (no upsampling); the pooled model's are in
     * {@link #pooledScoreCamIsCam4jsMaskedRunsWithCornersOnCorners}. FullGrad has no cells (it ignores
     * target_layers): its map only; on these bias-free models it is scaled |gradient x input|. With every ReLU as
     * target_layers (cam4j's {@code optLayers}) GradCAM and GradCAMPlusPlus (each layer's map min-max scaled and
     * resized, the mean scaled again) and RefineCAM (its GradCAMPlusPlus per layer, the product scaled) have maps
     * only, equal within the same 2e-5 (measured 7.2e-6 for the pooled model's Grad-CAM over three layers, where
     * pytorch-grad-cam's {@code 1e-7} in each layer's scaling weighs on a layer's map of small range, 3.0e-7 to 2.7e-6
     * for the others): cam4j places the 14x14 and 7x7 layers' cells where cv2.resize puts them on these models.
     * RandomCAM: the reference's {@code np.random.uniform(-1, 1, (pictures, channels))} was replaced by cam4j's draws
     * for the seed ({@code java.util.Random(seed).nextDouble() * 2 - 1} per channel, every picture the same), seeds 0
     * and 42: equal within the same tolerances (measured: raw 3.3e-7 of the largest value, maps 5.3e-7).
     * FinerCAM(base_method=...) over the other bases of cam4j's {@code optFinerBase}: measured raw 1.7e-6, maps 1.7e-6.
     * At the features these models' gradient is one value per channel at every cell (global average pooling, then the
     * logits), so XGradCAM's and HiResCAM's maps there are Grad-CAM's and cannot tell the base apart; at every ReLU
     * (maps only) the earlier layers' gradients vary over the cells and those two bases' maps differ from Grad-CAM's by
     * 0.64 to 1.0: measured 5.0e-6 (the Grad-CAM base, as for Grad-CAM over three layers), 1.7e-6 for the others.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"pooled, gradcam", "pooled, hirescam", "pooled, gradcam-elementwise", "pooled, gradcam++",
            "pooled, xgradcam", "pooled, layercam", "pooled, shapleycam", "pooled, finercam", "pooled, ablationcam",
            "pooled, fullgrad",
            "unpooled, gradcam", "unpooled, hirescam", "unpooled, gradcam-elementwise", "unpooled, gradcam++",
            "unpooled, xgradcam", "unpooled, layercam", "unpooled, shapleycam", "unpooled, finercam",
            "unpooled, ablationcam", "unpooled, fullgrad", "unpooled, scorecam",
            "pooled, gradcam-layers", "pooled, gradcam++-layers", "pooled, refinecam",
            "unpooled, gradcam-layers", "unpooled, gradcam++-layers", "unpooled, refinecam",
            "pooled, randomcam", "pooled, randomcam-seed42", "unpooled, randomcam", "unpooled, randomcam-seed42",
            "pooled, finercam-gradcam++", "pooled, finercam-xgradcam", "pooled, finercam-hirescam",
            "pooled, finercam-layercam", "pooled, finercam-gradcam-elementwise", "unpooled, finercam-gradcam++",
            "unpooled, finercam-xgradcam", "unpooled, finercam-hirescam", "unpooled, finercam-layercam",
            "unpooled, finercam-gradcam-elementwise", "pooled, finercam-xgradcam-layers",
            "pooled, finercam-hirescam-layers", "pooled, finercam-gradcam-layers", "unpooled, finercam-xgradcam-layers",
            "unpooled, finercam-hirescam-layers", "unpooled, finercam-gradcam-layers"})
    void mapsArePytorchGradCams(String model, String method) throws Exception {
        JsonNode ref = reference(model);
        JsonNode m = ref.get("methods").get(method);
        int rawDigits = ref.get("rawDigits").asInt();
        int mapDigits = ref.get("mapDigits").asInt();
        List<ImageExplanation> mine = TorchReference.explain(session(model, method), Math.max(rawDigits, mapDigits));
        if (m.has("raw")) {
            double tolerance = RAW * TorchReference.largest(m.get("raw"), rawDigits);
            for (int i = 0; i < rawDigits; i++) {
                assertEquals(+1, sign(mine.get(i).first(), m.get("raw").get(i), tolerance),
                        model + " " + method + ", digit " + i + ": raw map (cam4j's, then pytorch-grad-cam's ReLU-ed)");
            }
        } else {
            assertTrue(method.equals("fullgrad") || !m.get("layers").asText().equals("features"),
                    "only FullGrad and the several layers' maps have no raw maps");
        }
        for (int i = 0; i < mapDigits; i++) {
            assertMap(mine.get(i).first(), m.get("map").get(i), model + " " + method + ", digit " + i);
        }
    }


    /**
     * pytorch-grad-cam's eigen projections ({@code get_2d_projection}: EigenCAM, EigenGradCAM, {@code
     * eigen_smooth=True}) and KPCA_CAM's ({@code KernelPCA}, scikit-learn's {@code svd_flip} sign) keep whatever sign
     * the decomposition gives; cam4j chooses one (docs/inputs-and-methods.md, "Eigen-CAM", "Eigen smoothing"). So per
     * digit cam4j's raw map must be {@code max(s · ref, 0)} for s = 1 or -1, and where s = 1 the maps must be equal
     * too. Measured on these digits: s = -1 for the pooled model's digit 7 (Eigen-CAM) and digit 4 (the three
     * gradient projections), the unpooled model's digits 0 and 3 (Eigen-CAM), 0 (EigenGradCAM, Grad-CAM smoothed) and
     * 0, 1, 3 (LayerCAM smoothed); KPCA-CAM's signs all agree. At least one digit's map must be compared.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"pooled, eigencam", "pooled, eigengradcam", "pooled, gradcam-eigensmooth",
            "pooled, layercam-eigensmooth", "pooled, kpcacam", "unpooled, eigencam", "unpooled, eigengradcam",
            "unpooled, gradcam-eigensmooth", "unpooled, layercam-eigensmooth", "unpooled, kpcacam"})
    void projectionsArePytorchGradCamsUpToSign(String model, String method) throws Exception {
        JsonNode ref = reference(model);
        JsonNode m = ref.get("methods").get(method);
        int rawDigits = ref.get("rawDigits").asInt();
        int mapDigits = ref.get("mapDigits").asInt();
        List<ImageExplanation> mine = TorchReference.explain(session(model, method), Math.max(rawDigits, mapDigits));
        double tolerance = RAW * TorchReference.largest(m.get("raw"), rawDigits);
        int compared = 0;
        for (int i = 0; i < rawDigits; i++) {
            int s = sign(mine.get(i).first(), m.get("raw").get(i), tolerance);
            assertTrue(s != 0, model + " " + method + ", digit " + i + ": raw map is neither sign of pytorch-grad-cam's");
            if (s == 1 && i < mapDigits) {
                assertMap(mine.get(i).first(), m.get("map").get(i), model + " " + method + ", digit " + i);
                compared++;
            }
        }
        assertTrue(compared > 0, model + " " + method + ": no map of the same sign to compare");
    }

    /**
     * pytorch-grad-cam's ScoreCAM upsamples each channel with {@code UpsamplingBilinear2d} (align_corners=True: the
     * corner cells on the corner pixels, cell i of 7 on pixel 4.5 i), min-max scales it ({@code + 1e-8}), and weighs
     * the channels by the softmax over them of the class's logit on the masked pictures. cam4j's masked runs ({@link
     * ScoreCam#maskedLogits}) with that placement give its raw maps within 1.5e-2 of the largest value: measured
     * 9.2e-3, all of it from OpenCV's warpAffine, which places the masks at 1/32-pixel steps where the positions
     * {@code 6 x / 27} fall between them (pytorch-grad-cam's recipe recomputed in numpy on the port's features gives
     * 4.8e-7 with exact positions and 9.2048e-3 with positions rounded to 1/32: the softmax over 128 channels of logits
     * near 10 turns the masks' 1/64 errors into 1 %). cam4j's own
     * Score-CAM, each cell at the centre of its 4x4 pixels (documented: docs/inputs-and-methods.md), differs from
     * pytorch-grad-cam's maps by more than 0.1 somewhere.
     */
    @Test
    void pooledScoreCamIsCam4jsMaskedRunsWithCornersOnCorners() throws Exception {
        JsonNode ref = reference("pooled");
        JsonNode raw = ref.get("methods").get("scorecam").get("raw");
        JsonNode maps = ref.get("methods").get("scorecam").get("map");
        int count = ref.get("rawDigits").asInt();
        double largest = TorchReference.largest(raw, count);
        double worst = 0;
        double apart = 0;
        try (CamSession session = session("pooled", "scorecam").build()) {
            CamModel model = session.model();
            float[] pixels = TorchReference.digits(count, session);
            float[] features;
            try (TFloat32 input = TensorData.floats(Shape.of(count, 28, 28, 1), pixels);
                    Result r = model.session().runner().feed(model.tensors().input(), input)
                            .fetch(model.tensors().features()).run()) {
                features = TensorData.toArray(r.get(0));
            }
            int k = model.channels();
            int cells = 7 * 7;
            Placement cornersOnCorners = new Placement(27.0 / 6, 27.0 / 6, 0, 0);
            List<ImageExplanation> mine = session.explainPixels(pixels, count, 28, 28, Target.predicted());
            for (int i = 0; i < count; i++) {
                int c = ref.get("predicted").get(i).asInt();
                float[] f = Arrays.copyOfRange(features, i * cells * k, (i + 1) * cells * k);
                ScoreCam.Scores scores = ScoreCam.maskedLogits(model, pixels, i, 28, 28, 1, f, 7, 7, cornersOnCorners,
                        new int[] {c}, null, null, null);
                double[] logits = IntStream.range(0, k).mapToDouble(j -> scores.logits()[j][0]).toArray();
                double top = Arrays.stream(logits).max().orElseThrow();
                double sum = Arrays.stream(logits).map(v -> Math.exp(v - top)).sum();
                double[] weights = Arrays.stream(logits).map(v -> Math.exp(v - top) / sum).toArray();
                float[] map = CamMath.weightedRelu(f, cells, k, weights);
                for (int p = 0; p < cells; p++) {
                    worst = Math.max(worst, Math.abs(Math.max(raw.get(i).get(p).asDouble(), 0) - map[p]) / largest);
                }
                if (i < ref.get("mapDigits").asInt()) {
                    float[] drawn = mine.get(i).first().map().values();
                    for (int p = 0; p < drawn.length; p++) {
                        apart = Math.max(apart, Math.abs(drawn[p] - maps.get(i).get(p).asDouble()));
                    }
                }
            }
        }
        assertTrue(worst <= 1.5e-2, worst + " of the largest value from pytorch-grad-cam's Score-CAM");
        assertTrue(apart > 0.1, "cam4j's Score-CAM came within " + apart + " of pytorch-grad-cam's on the pooled model");
    }

    /**
     * pytorch-grad-cam's {@code aug_smooth=True} (ttach 0.0.3's {@code HorizontalFlip} x {@code Multiply([0.9, 1,
     * 1.1])}: each variant's map as {@code forward} returns it, de-augmented, the six averaged and returned as they
     * are), called with every variant's target the picture's predicted class, cam4j's rule (docs/inputs-and-methods.md,
     * "Aug smoothing"; given no targets, 10 of the 16 pooled digits' mirrored variants would be explained for another
     * class, the reference records which). cam4j's raw map under aug smoothing is that mean on the input's pixels:
     * within 2e-5 of the reference's (both in [0, 1]); its drawn map is the mean min-max normalised, within 2e-5 of the
     * reference's mean normalised so. GradCAM: its maps scale with the picture on these bias-free models, so the mirror
     * smooths; GradCAMPlusPlus: its weights do not, so the 0.9 and 1.1 variants count too. Measured: means 2.4e-7
     * (pooled) and 3.6e-7 (unpooled), normalised 3.1e-7 and 4.4e-7. Until cam4j scaled each variant's map once more on
     * the input's pixels ({@link AugSmoothing#variantOnInput}) the pooled model's were 0.108 and 0.043 off.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"pooled, gradcam-augsmooth", "pooled, gradcam++-augsmooth", "unpooled, gradcam-augsmooth",
            "unpooled, gradcam++-augsmooth"})
    void augSmoothIsPytorchGradCams(String model, String method) throws Exception {
        JsonNode ref = reference(model);
        JsonNode maps = ref.get("methods").get(method).get("map");
        int count = ref.get("mapDigits").asInt();
        List<ImageExplanation> mine = TorchReference.explain(session(model, method), count);
        double rawWorst = 0;
        double mapWorst = 0;
        for (int i = 0; i < count; i++) {
            float[] raw = mine.get(i).first().rawMap().values();
            float[] map = mine.get(i).first().map().values();
            JsonNode r = maps.get(i);
            assertEquals(r.size(), raw.length, "pixels");
            double low = Double.MAX_VALUE;
            double high = -Double.MAX_VALUE;
            for (JsonNode v : r) {
                low = Math.min(low, v.asDouble());
                high = Math.max(high, v.asDouble());
            }
            for (int p = 0; p < raw.length; p++) {
                double v = r.get(p).asDouble();
                rawWorst = Math.max(rawWorst, Math.abs(raw[p] - v));
                mapWorst = Math.max(mapWorst, Math.abs(map[p] - (v - low) / (high - low)));
            }
        }
        assertTrue(rawWorst <= MAP, model + " " + method + ": the mean of the variants' maps is " + rawWorst
                + " from pytorch-grad-cam's");
        assertTrue(mapWorst <= MAP, model + " " + method + ": the normalised mean is " + mapWorst
                + " from pytorch-grad-cam's");
    }

    /**
     * @return 1 when cam4j's raw map is {@code max(ref, 0)} within the tolerance at every cell, -1 when it is
     *     {@code max(-ref, 0)}, 0 when neither
     */
    private static int sign(CamResult mine, JsonNode ref, double tolerance) {
        float[] raw = mine.rawMap().values();
        assertEquals(ref.size(), raw.length, "cells");
        boolean plus = true;
        boolean minus = true;
        for (int c = 0; c < raw.length; c++) {
            double v = ref.get(c).asDouble();
            plus &= Math.abs(raw[c] - Math.max(v, 0)) <= tolerance;
            minus &= Math.abs(raw[c] - Math.max(-v, 0)) <= tolerance;
        }
        return plus ? 1 : minus ? -1 : 0;
    }

    private static void assertMap(CamResult mine, JsonNode ref, String what) {
        float[] map = mine.map().values();
        assertEquals(ref.size(), map.length, what + ": pixels");
        for (int p = 0; p < map.length; p++) {
            assertEquals(ref.get(p).asDouble(), map[p], MAP, what + ", pixel " + p);
        }
    }
}
