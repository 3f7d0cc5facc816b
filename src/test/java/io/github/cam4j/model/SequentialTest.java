package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SequentialTest {
    @Test
    void presetsRoundTripThroughKerasJson() throws Exception {
        for (String name : Presets.NAMES) {
            Sequential model = Presets.resolve(name);
            Sequential again = Sequential.fromJson(model.toJson());
            assertEquals(model, again, name);
            assertEquals(model.toJson(), again.toJson(), name);
        }
    }

    @Test
    void presetsHaveTheArticlesShape() throws Exception {
        Sequential pooled = Presets.resolve("pooled");
        assertEquals(List.of("Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Conv2D", "GlobalAveragePooling2D", "Dense"),
                pooled.layers().stream().map(Layer::kerasClassName).toList());
        Sequential unpooled = Presets.resolve("unpooled");
        assertEquals(List.of("Conv2D", "Conv2D", "Conv2D", "GlobalAveragePooling2D", "Dense"),
                unpooled.layers().stream().map(Layer::kerasClassName).toList());
        assertEquals(10, pooled.classes());
        assertEquals(pooled.featureChannels(), pooled.weights().stream().filter(w -> w.name().equals("dense_kernel"))
                .findFirst().orElseThrow().shape()[0]);
        // No biases: a blank region gives zero features, hence no evidence and a zero CAM there (see presets.py).
        for (Sequential preset : List.of(pooled, unpooled)) {
            assertTrue(preset.weights().stream().noneMatch(w -> w.name().endsWith("_bias")), preset.toJson());
        }
    }

    @Test
    void readsKeras3Configs() throws Exception {
        String keras3 = """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "k3", "trainable": true,
                 "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}},
                 "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 32, 32, 3],
                   "dtype": "float32", "sparse": false, "name": "input_layer"}, "registered_name": null},
                  {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv", "filters": 8,
                   "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid", "data_format": "channels_last",
                   "dilation_rate": [1, 1], "groups": 1, "activation": "relu", "use_bias": true,
                   "kernel_initializer": {"module": "keras.initializers", "class_name": "HeUniform",
                     "config": {"seed": null}, "registered_name": null},
                   "bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {},
                     "registered_name": null},
                   "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
                   "kernel_constraint": null, "bias_constraint": null}, "registered_name": null},
                  {"module": "keras.layers", "class_name": "GlobalAveragePooling2D", "config": {"name": "gap",
                   "data_format": "channels_last", "keepdims": false}},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "out", "units": 5,
                   "activation": "softmax", "use_bias": true, "lora_rank": null}}]},
                 "build_config": {"input_shape": [null, 32, 32, 3]}}
                """;
        Sequential m = Sequential.fromJson(keras3);
        assertArrayEquals(new long[] {32, 32, 3}, m.inputShape());
        Conv2D conv = (Conv2D) m.layers().get(0);
        assertEquals(Initializer.HE_UNIFORM, conv.kernelInitializer());
        assertEquals(Padding.VALID, conv.padding());
        assertEquals(5, m.classes());
    }

    @Test
    void unsupportedLayersAndArgumentsAreNamed() {
        String flatten = config("{\"class_name\": \"Flatten\", \"config\": {\"name\": \"flat\"}}");
        ModelConfigException e1 = assertThrows(ModelConfigException.class, () -> Sequential.fromJson(flatten));
        assertTrue(e1.getMessage().contains("layer 'flat': layer type 'Flatten' is not supported"), e1.getMessage());

        String dilatedAndStrided = config("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 4, "
                + "\"kernel_size\": 3, \"dilation_rate\": [2, 2], \"strides\": 2}}");
        ModelConfigException e2 = assertThrows(ModelConfigException.class, () -> Sequential.fromJson(dilatedAndStrided));
        assertTrue(e2.getMessage().contains("layer 'c': 'dilation_rate' 2x2 cannot go with 'strides' 2x2"), e2.getMessage());
        String zero = config("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 4, "
                + "\"kernel_size\": 3, \"dilation_rate\": 0}}");
        ModelConfigException eZero = assertThrows(ModelConfigException.class, () -> Sequential.fromJson(zero));
        assertTrue(eZero.getMessage().contains("layer 'c': argument 'dilation_rate' must be positive, got 0"), eZero.getMessage());

        String regularised = config("{\"class_name\": \"Conv2D\", \"config\": {\"name\": \"c\", \"filters\": 4, "
                + "\"kernel_size\": 3, \"kernel_regularizer\": {\"class_name\": \"L2\"}}}");
        ModelConfigException e3 = assertThrows(ModelConfigException.class, () -> Sequential.fromJson(regularised));
        assertTrue(e3.getMessage().contains("'kernel_regularizer'"), e3.getMessage());

        ModelConfigException e4 = assertThrows(ModelConfigException.class, () -> Sequential.fromJson("{not json"));
        assertEquals("not valid JSON at line 1, column 2: Unexpected character ('n' (code 110)): was expecting double-quote to"
                + " start field name", e4.getMessage());
        // A file cut short: where, in Jackson's words, without its "[Source: REDACTED (`StreamReadFeature...` disabled)".
        ModelConfigException cut = assertThrows(ModelConfigException.class,
                () -> Sequential.fromJson("{\"class_name\": \"Sequential\",\n \"config\": {\"layers\": ["));
        assertEquals("not valid JSON at line 2, column 24: Unexpected end-of-input: expected close marker for Array",
                cut.getMessage());
        // An object that is no Keras config is named for what it lacks, not as "class_name must be 'Sequential', got ''".
        ModelConfigException other = assertThrows(ModelConfigException.class, () -> Sequential.fromJson("{\"foo\": 1}"));
        assertEquals("not a Keras model config: it has no \"class_name\" (model.to_json() writes {\"class_name\":"
                + " \"Sequential\", \"config\": {...}}); its keys are \"foo\"", other.getMessage());
    }

    @Test
    void aModelMustEndInPoolingThenOneDense() throws Exception {
        ModelConfigException e = assertThrows(ModelConfigException.class, () -> new Sequential("m", new long[] {28, 28, 1},
                List.of(Conv2D.of("c", 4, 3, Padding.SAME, Activation.RELU), Dense.of("d", 10, Activation.SOFTMAX))));
        assertTrue(e.getMessage().contains("must end in GlobalAveragePooling2D then Dense"), e.getMessage());
    }

    @Test
    void initialWeightsDependOnlyOnTheSeedAndFollowHeLimits() throws Exception {
        Sequential m = Presets.resolve("pooled");
        Map<String, float[]> a = m.initialWeights(3);
        Map<String, float[]> b = m.initialWeights(3);
        Map<String, float[]> c = m.initialWeights(4);
        assertArrayEquals(a.get("conv2d_kernel"), b.get("conv2d_kernel"));
        assertTrue(!java.util.Arrays.equals(a.get("conv2d_kernel"), c.get("conv2d_kernel")));
        // He uniform (the presets' choice for ReLU layers) for a 3x3x1x32 kernel: limit sqrt(6 / 9).
        double limit = Math.sqrt(6.0 / 9);
        for (float v : a.get("conv2d_kernel")) {
            assertTrue(Math.abs(v) <= limit, "value " + v + " within ±" + limit);
        }
        String withBiases = m.toJson().replaceAll("\"use_bias\"\\s*:\\s*false", "\"use_bias\": true");
        Map<String, float[]> biased = Sequential.fromJson(withBiases).initialWeights(3);
        for (float v : biased.get("conv2d_bias")) {
            assertEquals(0f, v);
        }
    }

    private static String config(String layer) {
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [{\"class_name\": \"InputLayer\", "
                + "\"config\": {\"batch_input_shape\": [null, 28, 28, 1]}}, " + layer + "]}}";
    }

    /**
     * A training-only change to the features (the attention drop) must see what CAM reads in the exported model, the
     * last convolution's output, not the cell dropout's scaled survivors; and the exported graph must not have it.
     */
    @Test
    void trainingChangesToTheFeaturesSeeTheLastConvolutionBeforeAnyDropout() throws Exception {
        Sequential model = Presets.resolve("unpooled").withCellDropout(0.5);
        try (org.tensorflow.Graph g = new org.tensorflow.Graph()) {
            org.tensorflow.op.Ops tf = org.tensorflow.op.Ops.create(g);
            var images = tf.placeholder(org.tensorflow.types.TFloat32.class);
            Map<String, org.tensorflow.Operand<org.tensorflow.types.TFloat32>> weights = new java.util.HashMap<>();
            model.initialWeights(1).forEach((name, values) -> weights.put(name, tf.constant(
                    org.tensorflow.ndarray.Shape.of(model.weights().stream().filter(w -> w.name().equals(name)).findFirst()
                            .orElseThrow().shape()), org.tensorflow.ndarray.buffer.DataBuffers.of(values))));
            List<String> seen = new java.util.ArrayList<>();
            ModelOutputs exported = model.build(tf.withSubScope("exported"), images, weights);
            model.buildForTraining(tf.withSubScope("training"), images, weights, 1, features -> {
                seen.add(features.op().name());
                return features;
            });
            assertEquals(1, seen.size(), "called once, on one map");
            assertTrue(seen.get(0).startsWith("training/conv2d_2/"), seen.get(0));
            assertTrue(exported.features().op().name().startsWith("exported/conv2d_2/"), exported.features().op().name());
        }
    }
}
