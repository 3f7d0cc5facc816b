package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ClassifierActivation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.NotCamReadyException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;

/** {@link ImportedModel} on the two real Keras SavedModels of the shared data, fed real MNIST test digits. */
class ImportedModelTest {
    private static final Path CONV_HEAD = TestData.kerasModel("mnist-conv-head-gap");
    private static final Path FLATTEN_DENSE = TestData.kerasModel("mnist-flatten-dense");
    private static final int DIGITS = 200;
    private static final int CLASSES = 10;

    private static ImportedModel model;
    private static TestData.Digits digits;
    /** Fetched once through the inlined graph: features [N,h,w,K], logits, probabilities. */
    private static float[] features;
    private static long[] featuresShape;
    private static float[] logits;
    private static float[] probabilities;

    @BeforeAll
    static void openAndRun() throws Exception {
        model = ImportedModel.open(CONV_HEAD, ImportOptions.defaults());
        digits = TestData.mnistTest(DIGITS);
        try (TFloat32 images = images();
                Result r = model.session().runner().feed(model.inputTensor(), images)
                        .fetch(model.featuresTensor()).fetch(model.logitsTensor())
                        .fetch(model.probabilitiesTensor()).run()) {
            featuresShape = r.get(0).shape().asArray();
            features = floats(r.get(0));
            logits = floats(r.get(1));
            probabilities = floats(r.get(2));
        }
    }

    @AfterAll
    static void close() {
        if (model != null) {
            model.close();
        }
    }

    private static TFloat32 images() {
        float[] raw = new float[digits.pixels().length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = digits.pixels()[i] & 0xff; // this model rescales 0..255 itself
        }
        return TFloat32.tensorOf(Shape.of(DIGITS, 28, 28, 1), DataBuffers.of(raw, true, false));
    }

    private static float[] floats(Tensor t) {
        float[] out = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(out);
        return out;
    }

    @Test
    void describesTheConvHeadModel() {
        assertEquals("serving_default_keras_tensor:0", model.inputTensor());
        assertArrayEquals(new long[] {-1, 28, 28, 1}, model.inputShape());
        assertEquals(ClassifierActivation.SOFTMAX, model.activation());
        assertEquals(4, featuresShape.length);
        assertEquals(64, featuresShape[3], "the 1x1 class_head conv reads 64 channels");
        assertEquals(64, model.kernel().length);
        assertEquals(CLASSES, model.kernel()[0].length);
        assertEquals(CLASSES, model.bias().length);
        assertTrue(model.featuresTensor().contains("max_pooling2d"), model.featuresTensor());
        String d = model.description();
        assertTrue(d.contains("serving_default") && d.contains("(b) 1x1 convolution head"), d);
        assertTrue(d.contains("class_head_1/convolution") && d.contains("Softmax"), d);
    }

    @Test
    void probabilitiesMatchTheOriginalSavedModel() throws Exception {
        float[] original;
        try (SavedModelBundle bundle = SavedModelBundle.load(CONV_HEAD.toString(), "serve");
                TFloat32 images = images();
                Result r = bundle.function("serving_default").call(Map.of("keras_tensor", images))) {
            original = floats(r.get("output_0").orElseThrow());
        }
        assertEquals(original.length, probabilities.length);
        double max = 0;
        for (int i = 0; i < original.length; i++) {
            max = Math.max(max, Math.abs(original[i] - probabilities[i]));
        }
        System.out.printf("[keras import] probabilities vs original SavedModel: max |diff| = %.3g over %d digits%n",
                max, DIGITS);
        assertTrue(max <= 1e-5, "max abs diff " + max);
    }

    @Test
    void averagedMapPlusBiasIsTheLogit() {
        int h = (int) featuresShape[1];
        int w = (int) featuresShape[2];
        int k = (int) featuresShape[3];
        float[][] kernel = model.kernel();
        float[] bias = model.bias();
        double worst = 0;
        for (int i = 0; i < DIGITS; i++) {
            for (int c = 0; c < CLASSES; c++) {
                double[] map = map(i, c, h, w, k, kernel);
                double mean = 0;
                for (double v : map) {
                    mean += v;
                }
                mean = mean / map.length + bias[c];
                double logit = logits[i * CLASSES + c];
                double rel = Math.abs(mean - logit) / Math.max(1, Math.abs(logit));
                worst = Math.max(worst, rel);
            }
        }
        System.out.printf("[keras import] GAP identity mean(features . kernel[:,c]) + bias[c] vs logit:"
                + " worst relative error %.3g%n", worst);
        assertTrue(worst <= 1e-4, "worst relative error " + worst);
    }

    @Test
    void classifiesRealDigits() {
        int correct = 0;
        for (int i = 0; i < DIGITS; i++) {
            if (argmax(probabilities, i * CLASSES, CLASSES) == digits.labels()[i]) {
                correct++;
            }
        }
        System.out.printf("[keras import] accuracy on the first %d MNIST test digits: %d/%d%n", DIGITS, correct,
                DIGITS);
        assertTrue(correct >= 0.95 * DIGITS, correct + "/" + DIGITS);
    }

    /**
     * The predicted class's map peaks on the digit's ink. This model pads nothing: conv 3x3 (28 -> 26), pool 2 (13),
     * conv 3x3 (11), pool 2 (5), so map cell i sees input pixels 4i .. 4i+9 and is centred on pixel 4i + 4.5; the 5x5
     * grid spans pixels 4.5 .. 20.5, not the whole 0 .. 28 image. The peak cell is mapped to that centre (its 2x2
     * centre pixels, and ink within one pixel of them counts). The naive mappings that stretch the grid over the
     * whole image (bilinear to 28x28, or cell centre by scale 28/5) are measured and printed too: they misplace the
     * peak by up to 4 pixels and a corner peak becomes a clamped plateau whose argmax is the image corner.
     */
    @Test
    void predictedClassMapPeaksOnInk() {
        int h = (int) featuresShape[1];
        int w = (int) featuresShape[2];
        int k = (int) featuresShape[3];
        assertEquals(5, h, "the receptive-field geometry below is this model's");
        float[][] kernel = model.kernel();
        int aligned = 0;
        int naiveBilinear = 0;
        int naiveScale = 0;
        for (int i = 0; i < DIGITS; i++) {
            int c = argmax(probabilities, i * CLASSES, CLASSES);
            double[] map = map(i, c, h, w, k, kernel);
            int cell = argmax(map, 0, map.length);
            int cy = cell / w;
            int cx = cell % w;
            if (inkNear(i, 4 * cy + 4, 4 * cx + 4, 4 * cy + 5, 4 * cx + 5)) {
                aligned++;
            }
            double[] up = bilinear(map, h, w, 28, 28);
            int peak = argmax(up, 0, up.length);
            if (inkNear(i, peak / 28, peak % 28, peak / 28, peak % 28)) {
                naiveBilinear++;
            }
            int sy = (int) Math.round((cy + 0.5) * 28 / h - 0.5);
            int sx = (int) Math.round((cx + 0.5) * 28 / w - 0.5);
            if (inkNear(i, sy, sx, sy, sx)) {
                naiveScale++;
            }
        }
        System.out.printf("[keras import] CAM argmax on ink (> 127.5 within 1 px), %d digits: receptive-field"
                + " centre %d (%.1f%%); naive bilinear to 28x28 %d (%.1f%%); naive cell centre by scale %d (%.1f%%)%n",
                DIGITS, aligned, 100.0 * aligned / DIGITS, naiveBilinear, 100.0 * naiveBilinear / DIGITS,
                naiveScale, 100.0 * naiveScale / DIGITS);
        assertTrue(aligned >= 0.9 * DIGITS, aligned + "/" + DIGITS);
    }

    @Test
    void flattenDenseModelIsRefusedForLackOfPooling() {
        NotCamReadyException e = assertThrows(NotCamReadyException.class,
                () -> ImportedModel.open(FLATTEN_DENSE, ImportOptions.defaults()));
        String m = e.getMessage();
        assertTrue(m.contains("no global average pooling"), m);
        assertTrue(m.contains("flatten/Reshape") && e.details().contains("GlobalAveragePooling2D"), e.withDetails());
        assertTrue(m.contains(FLATTEN_DENSE.toString()), m);
    }

    /**
     * What a library caller catches is one line naming the model and what is wrong; what was found and what would work
     * follow apart, in details(). getMessage() was three lines (the chain of ops, then the advice), which an
     * application's log or error dialog showed whole; the command line showed the first alone, as it still does.
     */
    @Test
    void aRefusalIsOneLineWithWhatWasFoundAndWhatWouldWorkApart() {
        NotCamReadyException e = assertThrows(NotCamReadyException.class,
                () -> ImportedModel.open(FLATTEN_DENSE, ImportOptions.defaults()));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith(FLATTEN_DENSE + ": not CAM-ready: no global average pooling"), m);
        assertTrue(e.details().startsWith("Found, from the output back: ")
                && e.details().contains("\nWhat would work: end the model in GlobalAveragePooling2D"), e.details());
        assertEquals(m + "\n" + e.details(), e.withDetails());
    }

    @Test
    void inspectDescribesAModelThatIsNotCamReady() throws Exception {
        String d = ImportedModel.inspect(FLATTEN_DENSE, ImportOptions.defaults());
        assertTrue(d.contains("serving_default: conv2d_input float32 [-1, 28, 28, 1] -> dense_1 float32 [-1, 10]"), d);
        assertTrue(d.contains("FusedBatchNormV3") && d.contains("sequential/dense_1/MatMul"), d);
        assertTrue(d.contains("Not CAM-ready: no global average pooling"), d);
        assertTrue(d.contains("Grad-CAM applies (--method gradcam): at ") && d.contains("[-1, 3, 3, 64]"), d);
    }

    @Test
    void inspectDescribesACamReadyModel() throws Exception {
        String d = ImportedModel.inspect(CONV_HEAD, ImportOptions.defaults());
        assertTrue(d.contains("CAM-ready: (b)"), d);
        assertTrue(d.contains("global_average_pooling2d_1/Mean"), d);
    }

    /**
     * Inspect names each tensor one way, in full, the way --features and --logits take it. The layer chain wrote its
     * rows without their common scope: mnist-flatten-dense's last convolution was
     * 'StatefulPartitionedCall/sequential/batch_normalization_2/FusedBatchNormV3:0' in the chain and
     * 'StatefulPartitionedCall/StatefulPartitionedCall/sequential/...' where Grad-CAM was said to apply.
     */
    @Test
    void inspectNamesEachTensorInFullInTheChainAsInTheFeaturesLine() throws Exception {
        String ready = ImportedModel.inspect(CONV_HEAD, ImportOptions.defaults());
        String features = model.featuresTensor();
        assertTrue(ready.contains("  features      " + features + " "), ready);
        String row = chainRow(ready, "MaxPool", "max_pooling2d_1_2/MaxPool2d:0");
        assertEquals(features, row, ready);
        // The name the chain prints is taken back as the features, naming the same tensor.
        try (ImportedModel m = ImportedModel.open(CONV_HEAD, new ImportOptions(null, false, row, null))) {
            assertEquals(features, m.featuresTensor());
        }

        String notReady = ImportedModel.inspect(FLATTEN_DENSE, ImportOptions.defaults());
        String at = "Grad-CAM applies (--method gradcam): at ";
        int from = notReady.indexOf(at) + at.length();
        String gradCamLayer = notReady.substring(from, notReady.indexOf(' ', from));
        assertEquals(gradCamLayer, chainRow(notReady, "FusedBatchNormV3", "batch_normalization_2/FusedBatchNormV3:0"),
                notReady);

        // A Keras 3 export: the placeholder (in no scope) and the layers, all as the graph names them.
        String keras3 = ImportedModel.inspect(Path.of("src/test/resources/keras3/keras-export"),
                ImportOptions.defaults());
        assertTrue(keras3.contains("Layer chain from input to output:\n  Placeholder        serving_default_pixels:0 "),
                keras3);
        assertEquals("StatefulPartitionedCall_1/StatefulPartitionedCall/keras3_small_1/conv_b_1/Relu:0",
                chainRow(keras3, "Relu", "conv_b_1/Relu:0"), keras3);
        assertTrue(keras3.contains("  features      StatefulPartitionedCall_1/StatefulPartitionedCall/keras3_small_1/conv_b_1/Relu:0"),
                keras3);
    }

    /** @return the tensor of the one layer-chain row of {@code op} whose tensor ends in {@code suffix} */
    private static String chainRow(String description, String op, String suffix) {
        String chain = description.substring(description.indexOf("Layer chain from input to output"));
        java.util.List<String> rows = chain.lines().skip(1).takeWhile(l -> l.startsWith("  "))
                .map(l -> l.trim().split(" +")).filter(f -> f[0].equals(op) && f[1].endsWith(suffix))
                .map(f -> f[1]).toList();
        assertEquals(1, rows.size(), chain);
        return rows.get(0);
    }

    @Test
    void featuresCanBeNamed() throws Exception {
        // The tensor the pooling reduces (class_head's BiasAdd) has one channel per class: identity kernel.
        String pooled = model.featuresTensor().replace("max_pooling2d_1_2/MaxPool2d", "class_head_1/BiasAdd");
        try (ImportedModel m = ImportedModel.open(CONV_HEAD, new ImportOptions(null, false, pooled, null))) {
            assertEquals(pooled, m.featuresTensor());
            float[][] kernel = m.kernel();
            assertEquals(CLASSES, kernel.length);
            for (int i = 0; i < CLASSES; i++) {
                for (int j = 0; j < CLASSES; j++) {
                    assertEquals(i == j ? 1f : 0f, kernel[i][j]);
                }
            }
            assertArrayEquals(new float[CLASSES], m.bias());
        }
    }

    @Test
    void unknownTensorNameIsReported() {
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> ImportedModel.open(CONV_HEAD,
                new ImportOptions(null, false, "no/such/tensor:0", null)));
        assertTrue(e.getMessage().contains("no/such/tensor:0"), e.getMessage());
    }

    @Test
    void unknownSignatureListsTheSignatures() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ImportedModel.open(CONV_HEAD, new ImportOptions("predict", false, null, null)));
        assertTrue(e.getMessage().contains("'predict'") && e.getMessage().contains("serving_default"),
                e.getMessage());
    }

    @Test
    void otherSignatureOpens() throws Exception {
        try (ImportedModel m = ImportedModel.open(CONV_HEAD, new ImportOptions("serve", false, null, null))) {
            assertEquals("serve_keras_tensor:0", m.inputTensor());
            assertArrayEquals(model.bias(), m.bias());
        }
    }

    @Test
    void missingFolderIsReported(@org.junit.jupiter.api.io.TempDir Path empty) {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ImportedModel.open(empty, ImportOptions.defaults()));
        assertTrue(e.getMessage().contains("saved_model.pb") && e.getMessage().contains(empty.toString()),
                e.getMessage());
    }

    @Test
    void closingTwiceIsHarmless() throws Exception {
        ImportedModel m = ImportedModel.open(CONV_HEAD, ImportOptions.defaults());
        assertNotNull(m.session());
        m.close();
        assertDoesNotThrow(m::close);
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** map_c = features · kernel[:, c] of image i, h*w values. */
    private static double[] map(int image, int c, int h, int w, int k, float[][] kernel) {
        double[] map = new double[h * w];
        int base = image * h * w * k;
        for (int p = 0; p < h * w; p++) {
            double s = 0;
            for (int j = 0; j < k; j++) {
                s += features[base + p * k + j] * kernel[j][c];
            }
            map[p] = s;
        }
        return map;
    }

    /** Bilinear resize with half-pixel centres (as OpenCV and tf.image.resize do). */
    private static double[] bilinear(double[] src, int h, int w, int outH, int outW) {
        double[] out = new double[outH * outW];
        for (int y = 0; y < outH; y++) {
            double sy = Math.min(Math.max((y + 0.5) * h / outH - 0.5, 0), h - 1);
            int y0 = (int) Math.floor(sy);
            int y1 = Math.min(y0 + 1, h - 1);
            double fy = sy - y0;
            for (int x = 0; x < outW; x++) {
                double sx = Math.min(Math.max((x + 0.5) * w / outW - 0.5, 0), w - 1);
                int x0 = (int) Math.floor(sx);
                int x1 = Math.min(x0 + 1, w - 1);
                double fx = sx - x0;
                out[y * outW + x] = (1 - fy) * ((1 - fx) * src[y0 * w + x0] + fx * src[y0 * w + x1])
                        + fy * ((1 - fx) * src[y1 * w + x0] + fx * src[y1 * w + x1]);
            }
        }
        return out;
    }

    /** @return whether a pixel of the box [y0..y1] x [x0..x1], grown by one pixel, is ink (> 0.5 * 255) */
    private static boolean inkNear(int image, int y0, int x0, int y1, int x1) {
        for (int y = y0 - 1; y <= y1 + 1; y++) {
            for (int x = x0 - 1; x <= x1 + 1; x++) {
                if (y >= 0 && y < 28 && x >= 0 && x < 28 && digits.pixel(image, y, x) > 0.5 * 255) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int argmax(float[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    private static int argmax(double[] v, int from, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (v[from + i] > v[from + best]) {
                best = i;
            }
        }
        return best;
    }

    /**
     * A model CAM refuses for want of pooling is opened for Grad-CAM from the one import, as a second opening for
     * Grad-CAM would open it (same tensors, Grad-CAM's weighting and options recorded); one CAM takes stays CAM's.
     */
    @Test
    void camOrGradCamTakesGradCamsFeaturesOnlyWhereCamRefuses() throws Exception {
        io.github.cam4j.savedmodel.LoadOptions none = io.github.cam4j.savedmodel.LoadOptions.defaults();
        io.github.cam4j.savedmodel.LoadOptions gradCam = none.withGradCam();
        try (io.github.cam4j.savedmodel.CamModel once = io.github.cam4j.savedmodel.CamModelLoader
                        .loadForCamOrGradCam(FLATTEN_DENSE, none);
                io.github.cam4j.savedmodel.CamModel twice = io.github.cam4j.savedmodel.CamModelLoader
                        .load(FLATTEN_DENSE, gradCam)) {
            assertEquals(twice.tensors(), once.tensors());
            assertEquals(io.github.cam4j.savedmodel.GradientWeighting.GRAD_CAM,
                    once.gradients().orElseThrow().weighting());
            assertEquals(gradCam, once.openedWith().orElseThrow());
        }
        try (io.github.cam4j.savedmodel.CamModel once = io.github.cam4j.savedmodel.CamModelLoader
                        .loadForCamOrGradCam(CONV_HEAD, none);
                io.github.cam4j.savedmodel.CamModel cam = io.github.cam4j.savedmodel.CamModelLoader
                        .load(CONV_HEAD, none)) {
            assertEquals(cam.tensors(), once.tensors());
            assertTrue(once.gradients().isEmpty(), "CAM's opening, without gradients");
            assertEquals(none, once.openedWith().orElseThrow());
        }
        try (ImportedModel refused = ImportedModel.openForCamOrGradients(FLATTEN_DENSE, ImportOptions.defaults());
                ImportedModel pooled = ImportedModel.openForCamOrGradients(CONV_HEAD, ImportOptions.defaults())) {
            assertTrue(!refused.hasKernel() && pooled.hasKernel());
            assertEquals(CLASSES, pooled.kernel()[0].length);
        }
    }
}
