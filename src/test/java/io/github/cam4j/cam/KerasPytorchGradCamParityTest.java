package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.cam4j.data.IdxReader;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.savedmodel.BiasLayer;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.FullGradients;
import io.github.cam4j.savedmodel.GradientWeighting;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * cam4j's maps of the Keras 3 test model {@code keras3/blocks-export} against pytorch-grad-cam's own classes (commit
 * 084273b3, run under torch 1.13.1) on a torch port of it ({@code python-export/keras_port.py}: the checkpoint's
 * weights in Conv2d, depthwise Conv2d, BatchNorm2d in eval mode with Keras' epsilon 1e-3, ReLU6, MaxPool2d and Linear
 * modules), written by {@code python-export/make_pytorch_grad_cam_keras_reference.py} into
 * {@code torch/pytorch-grad-cam-blocks.json}: the first 16 MNIST test digits, each for its predicted class, at
 * last_relu (14x14x32, the tensor cam4j explains). Unlike the bundled models ({@link PytorchGradCamParityTest}) this
 * one has biases (last_conv's, the Dense's) and five batch norms, so pytorch-grad-cam's FullGrad has bias terms here:
 * stem_bn, depthwise_bn, project_bn, last_conv and last_bn (the stem, depthwise and project convolutions have none).
 *
 * <p>Not checked here: ShapleyCAM's Hessian term. Only the global average pooling and the Dense follow last_relu, both
 * linear, so pytorch-grad-cam's hvp is None and its ShapleyCAM raw maps equal its GradCAM's to the bit (the
 * reference's {@code shapleyMinusGradCam} is 0): no Keras test export has an activation that is not piecewise linear
 * after a layer cam4j explains. {@link PytorchGradCamShapleyParityTest} checks the term on a model cam4j exports.
 *
 * <p>Tolerances as {@link PytorchGradCamParityTest}'s, for float32 round-off between torch's and TensorFlow's kernels:
 * raw maps within {@link #RAW} of the method's largest reference value, maps in [0, 1] within {@link #MAP}. Measured
 * (16 digits' raw maps, 8 digits' maps): logits 3.9e-6 (logits up to 11); raw maps 2.7e-7 to 3.6e-7 of the largest
 * value; maps 3.6e-7 to 4.8e-7 (FullGrad's 3.6e-7).
 */
class KerasPytorchGradCamParityTest {
    static final Path BLOCKS = Path.of("src/test/resources/keras3/blocks-export");
    /** Raw maps, of the method's largest reference value: measured at most 3.6e-7. */
    private static final double RAW = 1e-5;
    /** Maps in [0, 1]: measured at most 4.8e-7. */
    private static final double MAP = 2e-5;

    private static JsonNode reference() throws Exception {
        return TorchReference.read("pytorch-grad-cam-blocks.json");
    }

    /** The cam4j session computing pytorch-grad-cam's method {@code method} (a key of the reference's "methods"). */
    static CamSession.Builder session(String method) {
        CamSession.Builder b = CamSession.builder().setModel(BLOCKS);
        LoadOptions o = LoadOptions.defaults();
        return switch (method) {
            case "gradcam" -> b.optLoadOptions(o.withGradients(GradientWeighting.GRAD_CAM));
            case "gradcam++" -> b.optLoadOptions(o.withGradients(GradientWeighting.GRAD_CAM_PLUS_PLUS));
            case "shapleycam" -> b.optLoadOptions(o.withGradients(GradientWeighting.SHAPLEY_CAM));
            case "hirescam" -> b.optLoadOptions(o.withGradients(GradientWeighting.HIRES_CAM));
            case "xgradcam" -> b.optLoadOptions(o.withGradients(GradientWeighting.XGRAD_CAM));
            case "layercam" -> b.optLoadOptions(o.withGradients(GradientWeighting.LAYER_CAM));
            // FEM's default k = 2, pytorch-grad-cam's.
            case "fem" -> b.optFeatureMethod(FeatureMethod.fem(2));
            case "fullgrad" -> b.optPixelMethod(PixelMethod.fullGrad());
            default -> throw new IllegalArgumentException("no cam4j session for pytorch-grad-cam's " + method);
        };
    }

    /**
     * The port is the model: its logits are cam4j's (TensorFlow's) within 2e-5 (measured 3.9e-6), and the classes
     * pytorch-grad-cam explained (targets None: the largest logit) are cam4j's predicted ones. A batch norm's four
     * vectors read in another order, or torch's epsilon 1e-5 for Keras' 1e-3, would move them far more.
     */
    @Test
    void portsLogitsAreTheKerasModels() throws Exception {
        JsonNode ref = reference();
        List<ImageExplanation> mine = TorchReference.explain(session("gradcam"), 16);
        for (int i = 0; i < 16; i++) {
            assertEquals(ref.get("predicted").get(i).asInt(), mine.get(i).predicted(), "digit " + i);
            for (int c = 0; c < 10; c++) {
                assertEquals(ref.get("logits").get(i).get(c).asDouble(), mine.get(i).logits()[c], 2e-5,
                        "digit " + i + ", logit " + c);
            }
        }
    }

    /**
     * Each method's raw maps ({@code get_cam_image}'s, ReLU-ed, against {@link CamResult#rawMap()}) and maps (what the
     * call returns, against {@link CamResult#map()}). FullGrad has no raw map (it ignores target_layers); its map sums
     * the input's term and the five bias layers' (each channel min-max scaled, resized, summed, scaled again), which
     * here decide it: the input's term alone is up to 0.97 to 1.0 away from it on every digit
     * ({@link #fullGradsBiasTermsArePytorchGradCams}).
     */
    @ParameterizedTest
    @ValueSource(strings = {"gradcam", "gradcam++", "shapleycam", "fem", "hirescam", "xgradcam", "layercam",
            "fullgrad"})
    void mapsArePytorchGradCams(String method) throws Exception {
        JsonNode ref = reference();
        JsonNode m = ref.get("methods").get(method);
        int rawDigits = ref.get("rawDigits").asInt();
        int mapDigits = ref.get("mapDigits").asInt();
        List<ImageExplanation> mine = TorchReference.explain(session(method), rawDigits);
        assertEquals(!method.equals("fullgrad"), m.has("raw"), "only FullGrad has no raw maps");
        if (m.has("raw")) {
            double tolerance = RAW * TorchReference.largest(m.get("raw"), rawDigits);
            for (int i = 0; i < rawDigits; i++) {
                float[] raw = mine.get(i).first().rawMap().values();
                JsonNode r = m.get("raw").get(i);
                assertEquals(r.size(), raw.length, "cells");
                for (int c = 0; c < raw.length; c++) {
                    assertEquals(Math.max(r.get(c).asDouble(), 0), raw[c], tolerance,
                            method + ", digit " + i + ", raw map cell " + c);
                }
            }
        }
        for (int i = 0; i < mapDigits; i++) {
            float[] map = mine.get(i).first().map().values();
            JsonNode r = m.get("map").get(i);
            assertEquals(r.size(), map.length, "pixels");
            for (int p = 0; p < map.length; p++) {
                assertEquals(r.get(p).asDouble(), map[p], MAP, method + ", digit " + i + ", pixel " + p);
            }
        }
    }

    /**
     * FullGrad's bias terms: cam4j reads the biases from the TensorFlow graph (Keras 3's batch norms are a product by
     * {@code gamma / sqrt(var + eps)} and an add of {@code beta - mean * that}, found as per-channel constants added to
     * a product; last_conv's {@code BiasAdd}), pytorch-grad-cam from its Conv2d and BatchNorm2d modules with a bias.
     * The same five layers must be found, in the same order (input to logits), each picture's {@code sum |b g|} over a
     * layer's channels and cells within 1e-5 of pytorch-grad-cam's (relative; measured 1.3e-7: float32 sums of up to
     * 16 x 784 terms); cam4j's other biases (the Rescaling's zero offset, the Dense's) are of kind OTHER, out of the map
     * as pytorch-grad-cam leaves Linear out. The terms are not 0 (the smallest, last_conv's, is 0.24 for a digit), and
     * the reference's map without them (its input term alone, through pytorch-grad-cam's aggregation) is at least 0.5
     * away from its FullGrad map on every digit (measured 0.97 to 1.0), so the map comparison above weighs them.
     */
    @Test
    void fullGradsBiasTermsArePytorchGradCams() throws Exception {
        JsonNode document = reference();
        JsonNode ref = document.get("methods").get("fullgrad");
        JsonNode terms = ref.get("biasTerms");
        int n = document.get("rawDigits").asInt();
        for (int i = 0; i < document.get("mapDigits").asInt(); i++) {
            double apart = 0;
            for (int p = 0; p < ref.get("map").get(i).size(); p++) {
                apart = Math.max(apart, Math.abs(ref.get("map").get(i).get(p).asDouble()
                        - ref.get("inputTermMap").get(i).get(p).asDouble()));
            }
            assertTrue(apart > 0.5, "digit " + i + ": the bias terms move pytorch-grad-cam's map by only " + apart);
        }
        try (CamSession session = session("fullgrad").build()) {
            CamModel model = session.model();
            FullGradients tensors = PixelAttribution.fullGradients(model);
            List<BiasLayer> spatial = tensors.spatialLayers();
            assertEquals(ref.get("biasLayers").size(), spatial.size(), "spatial bias layers: cam4j's " + spatial
                    + ", pytorch-grad-cam's " + ref.get("biasLayers"));
            int[] classes = new int[n];
            for (int i = 0; i < n; i++) {
                classes[i] = document.get("predicted").get(i).asInt();
            }
            PixelAttribution.FullGradTerms mine = new PixelAttribution(model, PixelMethod.fullGrad(), 64)
                    .fullGradTerms(tensors, spatial, TorchReference.digits(n, session), n, 28, 28, 1, classes, null);
            for (int l = 0; l < spatial.size(); l++) {
                String layer = ref.get("biasLayers").get(l).asText();
                assertTrue(spatial.get(l).op().contains("/" + layer + "_1/"), "bias layer " + l + ": cam4j's "
                        + spatial.get(l).op() + ", pytorch-grad-cam's " + layer);
                float[] v = mine.contributions()[l];
                int per = v.length / n;
                for (int i = 0; i < n; i++) {
                    double sum = 0;
                    for (int q = i * per; q < (i + 1) * per; q++) {
                        sum += Math.abs(v[q]);
                    }
                    double expected = terms.get(layer).get(i).asDouble();
                    assertTrue(expected > 0.1, layer + ", digit " + i + ": pytorch-grad-cam's term is " + expected);
                    assertEquals(expected, sum, 1e-5 * expected, layer + ", digit " + i + ": sum |b g|");
                }
            }
        }
    }

    /**
     * pytorch-grad-cam's DeepFeatureFactorization at last_relu, {@code computation_on_concepts} the Dense, on the
     * first 8 digits with 5 concepts (its NMF seeded by pytorch-grad-cam itself: {@code init='random',
     * random_state=0}), against cam4j's {@link FeatureFactorization} with the same concepts and its default seed 0.
     * Within 1e-5 (of the largest value, for the embeddings and H; absolute for the scores and heatmaps in [0, 1]), the
     * bound {@link Nmf} documents for scikit-learn's float32 against cam4j's double arithmetic; measured: embeddings
     * 4.2e-6, H 4.1e-6, scores (the concept outputs through the softmax, as run_dff_on_image turns them) 9.0e-7,
     * heatmaps 7.2e-7; with NMF's start drawn from seed 1 instead of 0 the first embedding value compared is already
     * 0.0198 for 0.0204. (Every last_relu channel reaches 0 on these digits, so the shift dff() subtracts per channel
     * and adds back to the embeddings is 0 here: that step is not exercised by this model.)
     */
    @Test
    void deepFeatureFactorizationIsPytorchGradCams() throws Exception {
        JsonNode ref = reference().get("dff");
        int n = ref.get("digits").asInt();
        int k = ref.get("concepts").asInt();
        List<Mat> digits = mats(n);
        try (CamSession session = CamSession.builder().setModel(BLOCKS).build()) {
            Factorization f = FeatureFactorization.builder().setSession(session).setConcepts(k).build()
                    .factorize(digits);
            assertEquals(k, f.concepts().size());
            double largestEmbedding = TorchReference.largest(ref.get("embeddings"), k);
            double largestCell = 0;
            for (JsonNode picture : ref.get("cells")) {
                largestCell = Math.max(largestCell, TorchReference.largest(picture, k));
            }
            for (int t = 0; t < k; t++) {
                float[] e = f.concepts().get(t).embedding();
                JsonNode re = ref.get("embeddings").get(t);
                assertEquals(re.size(), e.length, "channels");
                for (int c = 0; c < e.length; c++) {
                    assertEquals(re.get(c).asDouble(), e[c], 1e-5 * largestEmbedding, "concept " + t + ", channel " + c);
                }
                JsonNode logits = ref.get("conceptOutputs").get(t);
                double top = Double.NEGATIVE_INFINITY;
                for (JsonNode v : logits) {
                    top = Math.max(top, v.asDouble());
                }
                double sum = 0;
                for (JsonNode v : logits) {
                    sum += Math.exp(v.asDouble() - top);
                }
                float[] scores = f.concepts().get(t).classScores().orElseThrow();
                for (int c = 0; c < 10; c++) {
                    assertEquals(Math.exp(logits.get(c).asDouble() - top) / sum, scores[c], 1e-5,
                            "concept " + t + ", class " + c);
                }
                for (int p = 0; p < n; p++) {
                    float[] cells = f.pictures().get(p).cells(t).values();
                    JsonNode rc = ref.get("cells").get(p).get(t);
                    assertEquals(rc.size(), cells.length, "cells");
                    for (int i = 0; i < cells.length; i++) {
                        assertEquals(rc.get(i).asDouble(), cells[i], 1e-5 * largestCell,
                                "digit " + p + ", concept " + t + ", cell " + i);
                    }
                    float[] heat = f.pictures().get(p).heatmap(t).values();
                    JsonNode rh = ref.get("heatmaps").get(p).get(t);
                    assertEquals(rh.size(), heat.length, "pixels");
                    for (int i = 0; i < heat.length; i++) {
                        assertEquals(rh.get(i).asDouble(), heat[i], 1e-5, "digit " + p + ", concept " + t + ", pixel " + i);
                    }
                }
            }
        } finally {
            digits.forEach(Mat::close);
        }
    }

    /** @return the first {@code count} MNIST test digits as 28x28 8-bit pictures; the caller closes them */
    private static List<Mat> mats(int count) throws Exception {
        LabeledImages test = IdxReader.read(SharedData.mnist().resolve("t10k-images-idx3-ubyte.gz"),
                SharedData.mnist().resolve("t10k-labels-idx1-ubyte.gz")).slice(0, count);
        List<Mat> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Mat m = new Mat(28, 28, opencv_core.CV_8UC1);
            try (BytePointer data = new BytePointer(m.data())) {
                for (int p = 0; p < 784; p++) {
                    data.put(p, (byte) test.pixel(i, p / 28, p % 28));
                }
            }
            out.add(m);
        }
        return out;
    }
}
