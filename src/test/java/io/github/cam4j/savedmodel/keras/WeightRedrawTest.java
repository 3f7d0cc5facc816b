package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.testing.SharedData;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TFloat32;

/** {@link WeightRedraw}: an imported model's untrained twin for the randomized-weights sanity check. */
class WeightRedrawTest {
    private static final Path CONV_HEAD = TestData.kerasModel("mnist-conv-head-gap");

    @Test
    void kernelsAreGlorotUniformAndVectorsTakeTheirLayersInitialValues() throws Exception {
        Map<String, TensorProto> trained = new LinkedHashMap<>();
        trained.put("conv/kernel_1", floats(new long[] {3, 3, 32, 64}, 0.5f));
        trained.put("conv/bias_1", floats(new long[] {64}, 0.5f));
        trained.put("bn/gamma", floats(new long[] {64}, 0.5f));
        trained.put("bn/moving_variance", floats(new long[] {64}, 0.5f));
        trained.put("bn/beta", floats(new long[] {64}, 0.5f));
        trained.put("bn/moving_mean", floats(new long[] {64}, 0.5f));
        trained.put("layer/alpha", floats(new long[] {64}, 0.5f));
        TensorProto seedState = TensorProto.newBuilder().setDtype(DataType.DT_INT64).addInt64Val(7).build();
        trained.put("seed_generator/seed_generator_state", seedState);

        Map<String, TensorProto> redrawn = WeightRedraw.redraw(trained, 42);
        float[] kernel = values(redrawn.get("conv/kernel_1"));
        // Keras: fan_in = 3*3*32, fan_out = 3*3*64.
        double limit = Math.sqrt(6.0 / (288 + 576));
        double sum = 0;
        double squares = 0;
        for (float v : kernel) {
            assertTrue(Math.abs(v) <= limit, v + " beyond the Glorot limit " + limit);
            sum += v;
            squares += v * v;
        }
        double mean = sum / kernel.length;
        double sd = Math.sqrt(squares / kernel.length - mean * mean);
        // Uniform(-l, l) has sd l / sqrt(3); over 18 432 draws the sample sd is within 2 % of it (its own sd is 0.5 %).
        assertEquals(limit / Math.sqrt(3), sd, 0.02 * limit / Math.sqrt(3));
        assertEquals(0, mean, 0.02 * limit, "centred");
        assertArrayEquals(new float[64], values(redrawn.get("conv/bias_1")));
        assertArrayEquals(new float[64], values(redrawn.get("bn/beta")));
        assertArrayEquals(new float[64], values(redrawn.get("bn/moving_mean")));
        float[] ones = new float[64];
        java.util.Arrays.fill(ones, 1f);
        assertArrayEquals(ones, values(redrawn.get("bn/gamma")));
        assertArrayEquals(ones, values(redrawn.get("bn/moving_variance")));
        assertSame(trained.get("layer/alpha"), redrawn.get("layer/alpha"), "a vector of unknown role keeps its value");
        assertSame(seedState, redrawn.get("seed_generator/seed_generator_state"), "integer state is left alone");
    }

    @Test
    void aDrawDependsOnTheSeedAndTheNameOnly() throws Exception {
        Map<String, TensorProto> ab = new LinkedHashMap<>();
        ab.put("a/kernel", floats(new long[] {4, 5}, 0f));
        ab.put("b/kernel", floats(new long[] {4, 5}, 0f));
        Map<String, TensorProto> ba = new LinkedHashMap<>();
        ba.put("b/kernel", ab.get("b/kernel"));
        ba.put("a/kernel", ab.get("a/kernel"));
        Map<String, TensorProto> one = WeightRedraw.redraw(ab, 1);
        assertArrayEquals(values(one.get("a/kernel")), values(WeightRedraw.redraw(ba, 1).get("a/kernel")));
        assertFalse(java.util.Arrays.equals(values(one.get("a/kernel")), values(one.get("b/kernel"))));
        assertFalse(java.util.Arrays.equals(values(one.get("a/kernel")), values(WeightRedraw.redraw(ab, 2).get("a/kernel"))));
    }

    @Test
    void doubleKernelsAreRedrawnAndHalfPrecisionOnesRefused() throws Exception {
        TensorProto doubles = TensorProto.newBuilder().setDtype(DataType.DT_DOUBLE)
                .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(30))
                        .addDim(TensorShapeProto.Dim.newBuilder().setSize(20)))
                .setTensorContent(ByteString.copyFrom(new byte[600 * 8])).build();
        ByteBuffer b = WeightRedraw.redraw(Map.of("d/kernel", doubles), 3).get("d/kernel").getTensorContent()
                .asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(600 * 8, b.remaining(), "still 600 float64 values");
        double limit = Math.sqrt(6.0 / 50);
        int nonZero = 0;
        while (b.hasRemaining()) {
            double v = b.getDouble();
            assertTrue(Math.abs(v) <= limit, v + " beyond " + limit);
            nonZero += v != 0 ? 1 : 0;
        }
        assertEquals(600, nonZero, "every value re-drawn");

        TensorProto half = TensorProto.newBuilder().setDtype(DataType.DT_HALF)
                .setTensorShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dim.newBuilder().setSize(2))
                        .addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
                .setTensorContent(ByteString.copyFrom(new byte[8])).build();
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> WeightRedraw.redraw(Map.of("h/kernel", half), 3));
        assertTrue(e.getMessage().contains("cannot re-draw variable 'h/kernel': it holds float16"), e.getMessage());
    }

    @Test
    void theImportedTwinHasNewWeightsAndNoLongerReadsDigits() throws Exception {
        TestData.Digits digits = TestData.mnistTest(200);
        try (ImportedModel trained = ImportedModel.open(CONV_HEAD, ImportOptions.defaults());
                ImportedModel twin = ImportedModel.open(CONV_HEAD, ImportOptions.defaults().withRedrawnWeights(43))) {
            assertFalse(java.util.Arrays.deepEquals(trained.kernel(), twin.kernel()), "the classifier is re-drawn");
            assertArrayEquals(new float[10], twin.bias(), "biases start at 0");
            assertTrue(twin.description().contains("re-drawn as Keras initialises new layers, seed 43"), twin.description());
            double trainedAccuracy = accuracy(trained, digits);
            double twinAccuracy = accuracy(twin, digits);
            System.out.println("conv-head on 200 digits: trained " + trainedAccuracy + ", re-drawn " + twinAccuracy);
            assertTrue(trainedAccuracy >= 0.95, "trained: " + trainedAccuracy);
            // Untrained, ten classes: about chance (0.1); 0.3 leaves room for a lucky draw and fails a twin that kept
            // the trained weights.
            assertTrue(twinAccuracy <= 0.3, "re-drawn: " + twinAccuracy);
        }
    }

    @Test
    void onlyForeignModelsTakeRedrawnWeights() {
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> CamModelLoader.load(pooled, LoadOptions.defaults().withRedrawnWeights(1)));
        assertTrue(e.getMessage().contains("re-drawn weights are for foreign SavedModels"), e.getMessage());
    }

    private static double accuracy(ImportedModel m, TestData.Digits d) {
        float[] raw = new float[d.pixels().length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = d.pixels()[i] & 0xff;
        }
        try (TFloat32 images = TFloat32.tensorOf(Shape.of(d.count(), 28, 28, 1), DataBuffers.of(raw, true, false));
                Result r = m.session().runner().feed(m.inputTensor(), images).fetch(m.logitsTensor()).run()) {
            float[] logits = new float[d.count() * 10];
            r.get(0).asRawTensor().data().asFloats().read(logits);
            int right = 0;
            for (int i = 0; i < d.count(); i++) {
                int best = 0;
                for (int c = 1; c < 10; c++) {
                    best = logits[i * 10 + c] > logits[i * 10 + best] ? c : best;
                }
                right += best == d.labels()[i] ? 1 : 0;
            }
            return right / (double) d.count();
        }
    }

    private static TensorProto floats(long[] shape, float value) {
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        long size = 1;
        for (long d : shape) {
            s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
            size *= d;
        }
        ByteBuffer b = ByteBuffer.allocate((int) size * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < size; i++) {
            b.putFloat(value);
        }
        return TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(s)
                .setTensorContent(ByteString.copyFrom(b.array())).build();
    }

    private static float[] values(TensorProto t) {
        ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    /**
     * The cascading randomisation's steps on an imported model: its layers ordered from the output down, each step
     * re-drawing one more with the twin's own draws, the layers below untouched; the last step is the twin.
     */
    @Test
    void aCascadeStepRedrawsTheTopLayersOnlyAndItsLastStepIsTheTwin() throws Exception {
        List<String> topFirst = ImportedModel.layersTopFirst(CONV_HEAD, ImportOptions.defaults());
        // The 1x1 class head, then the branch beside the split (bottleneck), then the two convolutions below it.
        assertEquals(List.of("class_head", "bottleneck", "second_layer", "first_layer"), topFirst);
        TestData.Digits digits = TestData.mnistTest(8);
        try (ImportedModel trained = ImportedModel.open(CONV_HEAD, ImportOptions.defaults());
                ImportedModel twin = ImportedModel.open(CONV_HEAD, ImportOptions.defaults().withRedrawnWeights(43));
                ImportedModel top1 = ImportedModel.open(CONV_HEAD,
                        ImportOptions.defaults().withRedrawnWeights(RedrawnWeights.top(43, 1)));
                ImportedModel top2 = ImportedModel.open(CONV_HEAD,
                        ImportOptions.defaults().withRedrawnWeights(RedrawnWeights.top(43, 2)));
                ImportedModel top4 = ImportedModel.open(CONV_HEAD,
                        ImportOptions.defaults().withRedrawnWeights(RedrawnWeights.top(43, 4)))) {
            // The classifier alone: its kernel is the twin's, the features below it are the trained model's exactly.
            assertTrue(java.util.Arrays.deepEquals(twin.kernel(), top1.kernel()), "the twin's own draw");
            assertFalse(java.util.Arrays.deepEquals(trained.kernel(), top1.kernel()));
            assertArrayEquals(features(trained, digits), features(top1, digits), "convolutions as trained");
            assertTrue(top1.description().contains("seed 43, only the 1 layer nearest the output [class_head], the"
                    + " others as trained"), top1.description());
            // One layer more, the bottleneck branch under the features: they change, and are neither the trained
            // model's nor the twin's.
            float[] two = features(top2, digits);
            assertFalse(java.util.Arrays.equals(features(trained, digits), two));
            assertFalse(java.util.Arrays.equals(features(twin, digits), two));
            // Every layer: the twin, to the bit.
            assertTrue(java.util.Arrays.deepEquals(twin.kernel(), top4.kernel()));
            assertArrayEquals(features(twin, digits), features(top4, digits));
        }
        ModelLoadException tooMany = assertThrows(ModelLoadException.class, () -> ImportedModel.open(CONV_HEAD,
                ImportOptions.defaults().withRedrawnWeights(RedrawnWeights.top(43, 5))));
        assertTrue(tooMany.getMessage().contains("cannot re-draw the top 5 layers: signature 'serving_default' reads"
                + " weights of 4 layers, nearest the output first [class_head, bottleneck, second_layer, first_layer]"),
                tooMany.getMessage());
    }

    private static float[] features(ImportedModel m, TestData.Digits d) {
        float[] raw = new float[d.pixels().length];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = d.pixels()[i] & 0xff;
        }
        try (TFloat32 images = TFloat32.tensorOf(Shape.of(d.count(), 28, 28, 1), DataBuffers.of(raw, true, false));
                Result r = m.session().runner().feed(m.inputTensor(), images).fetch(m.featuresTensor()).run()) {
            float[] out = new float[(int) r.get(0).shape().size()];
            r.get(0).asRawTensor().data().asFloats().read(out);
            return out;
        }
    }
}

