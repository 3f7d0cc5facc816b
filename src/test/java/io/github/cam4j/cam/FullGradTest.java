package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.BiasLayer;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.FullGradients;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * FullGrad on imported Keras models with convolution biases and batch norms (mnist-flatten-dense: 3 x (Conv2D +
 * BatchNormalization), Flatten, two Dense; mnist-conv-head-gap: four biased convolutions, a Rescaling inside) and on the
 * bias-free bundled model. No TensorFlow Python here: the raw terms are pinned by the paper's completeness (Eq. 2), the
 * map by pytorch-grad-cam's recipe recomputed here from them.
 */
class FullGradTest {
    private static final int DIGITS = 8;
    private static final int[] CLASSES = {0, 3, 7};
    private static LabeledImages test;

    @BeforeAll
    static void digits() throws Exception {
        test = Dataset.open(SharedData.mnist()).test();
    }

    private static Path model(String name) {
        return name.startsWith("mnist-pooled") ? SharedData.bundledModels().resolve(name)
                : SharedData.kerasSavedModels().resolve(name);
    }

    private static CamModel open(String name) throws Exception {
        return CamModelLoader.load(model(name), LoadOptions.defaults().withGradCam());
    }

    /** @return the first {@link #DIGITS} test digits as the model takes them (its pixel scale applied) */
    private static float[] fed(CamModel m) {
        float[] x = new float[DIGITS * 784];
        for (int i = 0; i < DIGITS; i++) {
            float[] d = test.imageAsFloats(i);
            for (int p = 0; p < 784; p++) {
                x[i * 784 + p] = d[p] * 255f;
            }
        }
        m.input().toModelInput(x);
        return x;
    }

    private static float[] logits(CamModel m, float[] x) {
        try (TFloat32 in = TensorData.floats(Shape.of(DIGITS, 28, 28, 1), x);
                Result r = m.session().runner().feed(m.tensors().input(), in).fetch(m.tensors().logits()).run()) {
            return TensorData.toArray(r.get(0));
        }
    }

    /** @return picture {@code i}'s sum of layer {@code l}'s contribution, {@code sum b * d logit / d out} */
    private static double layerSum(PixelAttribution.FullGradTerms terms, int l, int i) {
        float[] v = terms.contributions()[l];
        int per = v.length / DIGITS;
        double s = 0;
        for (int q = i * per; q < (i + 1) * per; q++) {
            s += v[q];
        }
        return s;
    }

    /**
     * The paper's completeness (Srinivas and Fleuret 2019, Eq. 2): a network of ReLU/LeakyReLU, max pooling, means,
     * reshapes and batch norms in inference is piecewise linear, so its logit is exactly {@code sum x df/dx} plus, for
     * every bias, {@code sum b df/d out}; dense biases included, which FullGrad's map leaves out. A bias layer missed,
     * a batch norm's bias misread ({@code beta} alone, or {@code gamma} for {@code 1/sqrt(var+eps)}) or a gradient taken
     * at the wrong tensor breaks the sum: the test asserts that every spatial layer's own sum is far beyond the
     * tolerance for some digit and class, so that leaving any one out fails it.
     */
    @ParameterizedTest
    @CsvSource({"mnist-flatten-dense, 3, 3, 2", "mnist-conv-head-gap, 4, 0, 1", "mnist-pooled, 0, 0, 0"})
    void theTermsSumToTheLogit(String name, int convolutions, int batchNorms, int others) throws Exception {
        try (CamModel m = open(name)) {
            PixelAttribution run = new PixelAttribution(m, PixelMethod.fullGrad(), 64);
            FullGradients tensors = PixelAttribution.fullGradients(m);
            List<BiasLayer> layers = tensors.layers();
            assertEquals(convolutions, layers.stream().filter(l -> l.kind() == BiasLayer.Kind.CONVOLUTION).count(),
                    "convolution biases in " + layers);
            assertEquals(batchNorms, layers.stream().filter(l -> l.kind() == BiasLayer.Kind.BATCH_NORM).count(),
                    "batch norms in " + layers);
            assertEquals(others, layers.stream().filter(l -> l.kind() == BiasLayer.Kind.OTHER).count(),
                    "other biases in " + layers);
            float[] x = fed(m);
            float[] z = logits(m, x);
            double[] largestLayerSum = new double[layers.size()];
            double smallestSlack = Double.POSITIVE_INFINITY;
            for (int c : CLASSES) {
                int[] wanted = new int[DIGITS];
                java.util.Arrays.fill(wanted, c);
                PixelAttribution.FullGradTerms terms = run.fullGradTerms(tensors, layers, x, DIGITS, 28, 28, 1, wanted,
                        null);
                for (int i = 0; i < DIGITS; i++) {
                    double sum = 0;
                    double abs = 0;
                    for (int p = i * 784; p < (i + 1) * 784; p++) {
                        double t = (double) x[p] * terms.inputGradient()[p];
                        sum += t;
                        abs += Math.abs(t);
                    }
                    double[] sums = new double[layers.size()];
                    for (int l = 0; l < layers.size(); l++) {
                        sums[l] = layerSum(terms, l, i);
                        sum += sums[l];
                        abs += Math.abs(sums[l]);
                    }
                    // float32 throughout: every term and the logit are sums of up to 576 x 9 float32 products, each
                    // rounded to 6e-8 relative; the residual seen was at most 2e-7 of the terms' absolute sum (5.9e-6
                    // on a sum of 239). 1e-6 of that sum leaves five times as much, and is 1e-4 to 3e-4 here.
                    double tolerance = 1e-6 * abs;
                    double logit = z[i * m.units() + c];
                    assertEquals(logit, sum, tolerance, name + ": digit " + i + ", class " + c + ": logit against"
                            + " sum x g + sum b g over " + layers.size() + " bias layers");
                    for (int l = 0; l < layers.size(); l++) {
                        largestLayerSum[l] = Math.max(largestLayerSum[l], Math.abs(sums[l]) / tolerance);
                    }
                    smallestSlack = Math.min(smallestSlack, tolerance);
                }
            }
            for (int l = 0; l < layers.size(); l++) {
                if (layers.get(l).spatial()) {
                    // Left out, this layer would break the sum by more than 100 tolerances for some digit and class.
                    assertTrue(largestLayerSum[l] > 100, layers.get(l).op() + ": its sum is only " + largestLayerSum[l]
                            + " tolerances: leaving it out would go unseen");
                }
            }
        }
    }

    /**
     * The map is pytorch-grad-cam's aggregation of the raw terms, recomputed here on its own: each input channel's
     * {@code |x g|} and each spatial layer channel's {@code |b g|} min-max scaled ({@code scale_cam_image}), the layers'
     * resized as {@code cv2.resize(..., INTER_LINEAR)} does (half-pixel centres, clamped at the border; written out
     * here, not OpenCV's), summed, min-max scaled. The raw maps of a session explaining the top two classes must equal
     * it: the first class's are made from the terms fetched with the logits, the second's from a run of their own.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mnist-flatten-dense", "mnist-conv-head-gap"})
    void theMapIsPytorchGradCamsAggregation(String name) throws Exception {
        // The top two classes: the first's terms come from the logits' own run, the second's from a run of its own.
        try (CamSession s = CamSession.builder().setModel(model(name)).optPixelMethod(PixelMethod.fullGrad()).build();
                CamModel m = open(name)) {
            float[] x = fed(m);
            float[] z = logits(m, x);
            int[][] ranked = new int[2][DIGITS];
            for (int i = 0; i < DIGITS; i++) {
                float[] row = java.util.Arrays.copyOfRange(z, i * m.units(), (i + 1) * m.units());
                ranked[0][i] = CamMath.argMax(row);
                row[ranked[0][i]] = Float.NEGATIVE_INFINITY;
                ranked[1][i] = CamMath.argMax(row);
            }
            PixelAttribution run = new PixelAttribution(m, PixelMethod.fullGrad(), 64);
            FullGradients tensors = PixelAttribution.fullGradients(m);
            List<ImageExplanation> explained = s.explainPixels(x, DIGITS, 28, 28, Target.topK(2));
            double worst = 0;
            for (int rank = 0; rank < 2; rank++) {
                PixelAttribution.FullGradTerms terms = run.fullGradTerms(tensors, tensors.layers(), x, DIGITS, 28, 28,
                        1, ranked[rank], null);
                for (int i = 0; i < DIGITS; i++) {
                    CamResult map = explained.get(i).maps().get(rank);
                    assertEquals(ranked[rank][i], map.classIndex(), "digit " + i + ", rank " + rank);
                    float[] expected = recipe(tensors, terms, x, i);
                    float[] actual = map.rawMap().values();
                    for (int p = 0; p < 784; p++) {
                        worst = Math.max(worst, Math.abs(expected[p] - actual[p]));
                    }
                }
            }
            System.out.println(name + ": FullGrad against the recipe recomputed, largest difference " + worst);
            // Both in [0, 1]: the sum of up to 193 scaled channels is float32 in cam4j (rounded to 6e-8 of up to ~200,
            // 1.2e-5, before the final scaling divides by its maximum, tens), OpenCV's float bilinear weights differ
            // from these doubles by float rounding, and cam4j resizes a layer's channels' sum where this resizes each
            // channel (equal but for float rounding, the resize being linear); 1e-5 covers them, and a channel left out or scaled together with
            // the others moves values by far more (the smallest scaled channel's peak adds 1/total to its pixel).
            assertTrue(worst <= 1e-5, name + ": largest difference " + worst);
        }
    }

    /**
     * Unfed, FullGrad's class weights are each picture's predicted class worked out in the graph, so that a session
     * explaining the predicted class fetches the logits and the map's terms in one run (as gradient x input does): the
     * terms fetched so, beside the logits, must be those of the class weights fed for the arg-max of those logits, to
     * the bit (the same ops on the same input and the same weights). Fails where the class weights must be fed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"mnist-flatten-dense", "mnist-conv-head-gap", "mnist-pooled"})
    void unfedClassWeightsAreThePredictedClass(String name) throws Exception {
        try (CamModel m = open(name)) {
            float[] x = fed(m);
            FullGradients tensors = PixelAttribution.fullGradients(m);
            List<BiasLayer> spatial = tensors.spatialLayers();
            float[] z;
            float[][] unfed = new float[spatial.size() + 1][];
            try (TFloat32 in = TensorData.floats(Shape.of(DIGITS, 28, 28, 1), x)) {
                org.tensorflow.Session.Runner runner = m.session().runner().feed(m.tensors().input(), in)
                        .fetch(m.tensors().logits()).fetch(tensors.inputGradient());
                spatial.forEach(l -> runner.fetch(l.contribution()));
                try (Result r = runner.run()) {
                    z = TensorData.toArray(r.get(0));
                    for (int t = 0; t <= spatial.size(); t++) {
                        unfed[t] = TensorData.toArray(r.get(t + 1));
                    }
                }
            }
            int[] predicted = new int[DIGITS];
            for (int i = 0; i < DIGITS; i++) {
                predicted[i] = CamMath.argMax(java.util.Arrays.copyOfRange(z, i * m.units(), (i + 1) * m.units()));
            }
            PixelAttribution.FullGradTerms fedTerms = new PixelAttribution(m, PixelMethod.fullGrad(), 64)
                    .fullGradTerms(tensors, spatial, x, DIGITS, 28, 28, 1, predicted, null);
            assertArrayEquals(fedTerms.inputGradient(), unfed[0], name + ": gradient by the input");
            for (int l = 0; l < spatial.size(); l++) {
                assertArrayEquals(fedTerms.contributions()[l], unfed[l + 1], name + ": " + spatial.get(l).op());
            }
        }
    }

    /**
     * FullGradMaps sums a layer's scaled channels in two passes over the channels-last values instead of scaling a copy
     * of each channel: the floats must be the same to the bit, on a real layer's terms (mnist-flatten-dense's first
     * batch norm, 32 channels of 26x26, for each of the 8 digits). Dividing by a reciprocal, or the maximum taken before
     * the subtraction without its rounding, would move the last bits.
     */
    @Test
    void aLayersScaledSumIsItsChannelsScaledOneByOne() throws Exception {
        try (CamModel m = open("mnist-flatten-dense")) {
            float[] x = fed(m);
            FullGradients tensors = PixelAttribution.fullGradients(m);
            List<BiasLayer> spatial = tensors.spatialLayers();
            int[] classes = new int[DIGITS];
            PixelAttribution.FullGradTerms terms = new PixelAttribution(m, PixelMethod.fullGrad(), 64)
                    .fullGradTerms(tensors, spatial, x, DIGITS, 28, 28, 1, classes, null);
            long[] shape = terms.shapes()[1];
            FullGradMaps.Layer layer = new FullGradMaps.Layer(terms.contributions()[1], (int) shape[1], (int) shape[2],
                    (int) shape[3]);
            int cells = layer.height() * layer.width();
            for (int i = 0; i < DIGITS; i++) {
                float[] expected = new float[cells];
                for (int c = 0; c < layer.channels(); c++) {
                    float[] channel = new float[cells];
                    for (int p = 0; p < cells; p++) {
                        channel[p] = Math.abs(layer.values()[(i * cells + p) * layer.channels() + c]);
                    }
                    FullGradMaps.scaled(channel);
                    for (int p = 0; p < cells; p++) {
                        expected[p] += channel[p];
                    }
                }
                assertArrayEquals(expected, FullGradMaps.scaledSum(layer, i), "digit " + i);
            }
        }
    }

    /**
     * @return pytorch-grad-cam's FullGrad map of picture {@code i} from the raw terms of all the layers: each input
     *     channel's and each spatial layer channel's absolute term min-max scaled, the layers' resized to 28x28, summed
     *     in doubles, the sum min-max scaled
     */
    private static float[] recipe(FullGradients tensors, PixelAttribution.FullGradTerms terms, float[] x, int i) {
        double[] total = new double[784];
        float[] plane = new float[784];
        for (int p = 0; p < 784; p++) {
            plane[p] = Math.abs(x[i * 784 + p] * terms.inputGradient()[i * 784 + p]);
        }
        add(total, minMax(plane));
        for (int l = 0; l < tensors.layers().size(); l++) {
            if (!tensors.layers().get(l).spatial()) {
                continue;
            }
            long[] shape = terms.shapes()[l];
            int h = (int) shape[1];
            int w = (int) shape[2];
            int k = (int) shape[3];
            float[] v = terms.contributions()[l];
            for (int ch = 0; ch < k; ch++) {
                float[] cells = new float[h * w];
                for (int q = 0; q < h * w; q++) {
                    cells[q] = Math.abs(v[(i * h * w + q) * k + ch]);
                }
                add(total, cvResizeLinear(minMax(cells), h, w, 28, 28));
            }
        }
        float[] expected = new float[784];
        for (int p = 0; p < 784; p++) {
            expected[p] = (float) total[p];
        }
        return minMax(expected);
    }

    /** @return numpy's {@code (m - m.min()) / (1e-7 + (m - m.min()).max())} in float32, as scale_cam_image computes it */
    private static float[] minMax(float[] m) {
        float min = Float.POSITIVE_INFINITY;
        for (float v : m) {
            min = Math.min(min, v);
        }
        float[] out = new float[m.length];
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < m.length; i++) {
            out[i] = m[i] - min;
            max = Math.max(max, out[i]);
        }
        for (int i = 0; i < m.length; i++) {
            out[i] = out[i] / (1e-7f + max);
        }
        return out;
    }

    /** @return {@code cv2.resize(src, (outW, outH))}, INTER_LINEAR: OpenCV's resize.cpp coordinates, in doubles */
    private static float[] cvResizeLinear(float[] src, int h, int w, int outH, int outW) {
        if (h == outH && w == outW) {
            return src.clone();
        }
        float[] out = new float[outH * outW];
        for (int y = 0; y < outH; y++) {
            double[] sy = source(y, h, outH);
            int y0 = (int) sy[0];
            int y1 = Math.min(y0 + 1, h - 1);
            for (int xx = 0; xx < outW; xx++) {
                double[] sx = source(xx, w, outW);
                int x0 = (int) sx[0];
                int x1 = Math.min(x0 + 1, w - 1);
                double top = src[y0 * w + x0] * (1 - sx[1]) + src[y0 * w + x1] * sx[1];
                double bottom = src[y1 * w + x0] * (1 - sx[1]) + src[y1 * w + x1] * sx[1];
                out[y * outW + xx] = (float) (top * (1 - sy[1]) + bottom * sy[1]);
            }
        }
        return out;
    }

    /**
     * @return OpenCV's source cell and weight for output {@code d}: {@code f = (d + 0.5) * in / out - 0.5}, its floor
     *     and fraction, clamped to the first cell (weight 0) below and to the last above
     */
    private static double[] source(int d, int in, int out) {
        double f = (d + 0.5) * in / out - 0.5;
        int s = (int) Math.floor(f);
        f -= s;
        if (s < 0) {
            s = 0;
            f = 0;
        }
        if (s >= in - 1) {
            s = in - 1;
            f = 0;
        }
        return new double[] {s, f};
    }

    private static void add(double[] into, float[] values) {
        for (int i = 0; i < into.length; i++) {
            into[i] += values[i];
        }
    }

    /**
     * The bundled pooled model has no biases at all: FullGrad is then its input term alone, the min-max scaled
     * {@code |x g|}, which is gradient x input's map scaled. On cluttered canvases (the digit and fragments of others,
     * evaluate's) the map's peak falls in the digit's ink box at the rate measured here; on plain canvases |x g| is 0 off
     * the ink, so only the cluttered ones tell anything.
     */
    @Test
    void withoutBiasesItIsScaledGradientTimesInput() throws Exception {
        Path pooled = model("mnist-pooled");
        try (CamSession full = CamSession.builder().setModel(pooled).optPixelMethod(PixelMethod.fullGrad()).build();
                CamSession times = CamSession.builder().setModel(pooled)
                        .optPixelMethod(PixelMethod.gradientTimesInput()).build()) {
            int canvases = 100;
            io.github.cam4j.eval.CanvasGenerator generator = new io.github.cam4j.eval.CanvasGenerator(test, 84, 7);
            float[] batch = new float[canvases * 84 * 84];
            io.github.cam4j.render.Box[] truth = new io.github.cam4j.render.Box[canvases];
            for (int i = 0; i < canvases; i++) {
                io.github.cam4j.eval.Canvas c = generator.cluttered(i);
                System.arraycopy(c.pixels(), 0, batch, i * 84 * 84, 84 * 84);
                truth[i] = c.truth();
            }
            full.model().input().toModelInput(batch);
            List<ImageExplanation> maps = full.explainPixels(batch, canvases, 84, 84, Target.predicted());
            List<ImageExplanation> products = times.explainPixels(batch, canvases, 84, 84, Target.predicted());
            int onDigit = 0;
            int onInk = 0;
            double worst = 0;
            double inkShare = 0;
            for (int i = 0; i < canvases; i++) {
                int ink = 0;
                int inkInBox = 0;
                for (int p = 0; p < 84 * 84; p++) {
                    if (batch[i * 84 * 84 + p] > 0) {
                        ink++;
                        inkInBox += truth[i].contains(p % 84, p / 84) ? 1 : 0;
                    }
                }
                inkShare += (double) inkInBox / ink;
                float[] expected = FullGradMaps.scaled(products.get(i).first().rawMap().values().clone());
                float[] actual = maps.get(i).first().rawMap().values();
                for (int p = 0; p < actual.length; p++) {
                    worst = Math.max(worst, Math.abs(expected[p] - actual[p]));
                }
                int[] yx = maps.get(i).first().rawMap().argMaxYX();
                if (truth[i].contains(yx[1], yx[0])) {
                    onDigit++;
                }
                if (batch[i * 84 * 84 + yx[0] * 84 + yx[1]] > 0) {
                    onInk++;
                }
            }
            System.out.println("pooled FullGrad: against scaled gradient x input " + worst + "; peak on the digit on "
                    + onDigit + " of " + canvases + " cluttered canvases; ink in the box " + inkShare);
            // The same gradient from two gradient subgraphs of one graph (their sums may run in another order: a few
            // float32 ulps, 6e-8 each near 1), then scaled alike; 6.6e-7 was seen, 2e-6 leaves three times that. A bias
            // term taken in where there is none, or the input term scaled otherwise, moves whole regions by far more.
            assertTrue(worst <= 2e-6, "largest difference " + worst);
            // No bias: |x g| is 0 off the ink, so the peak is on an ink pixel, always.
            assertEquals(canvases, onInk, "peaks on ink");
            // Measured 33 of 100 (docs/inputs-and-methods.md: gradient x input's cluttered pointing 35.0 % on 300): no
            // better than a uniformly drawn ink pixel, which would fall in the box on 38.7 of these 100 (its share of
            // the canvas's ink). The floor, 20, is about three binomial deviations (4.7) below 33, so the test holds
            // the measured rate without flaking, and fails if the peak leaves the digit's strokes for the clutter's.
            assertTrue(onDigit >= 20, "peaks on the digit: " + onDigit + " of " + canvases);
        }
    }
}
