package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * An InputLayer made by tf.keras 2's {@code keras.Input(type_spec=tf.TensorSpec(...))}: its config is {@code name} and
 * {@code type_spec} alone (keras/engine/input_layer.py, get_config). Configs written by hand in the two forms tf.keras
 * 2's {@code model.to_json()} gives the spec: up to 2.12 json_utils.get_json_type's {@code {"class_name": "TypeSpec",
 * "type_spec": "tf.TensorSpec", "serialized": [shape, dtype, name]}}; from 2.13 serialization_lib's
 * {@code {"class_name": "__typespec__", "spec_name": "TensorSpec", "module": ..., "config": [shape, dtype, name]}}.
 * Both had been refused ("argument 'type_spec' ... is not supported"; "its __typespec__ is a class of its own").
 */
class InputTypeSpecTest {
    private static final String LEGACY = "{\"class_name\": \"TypeSpec\", \"type_spec\": \"tf.TensorSpec\","
            + " \"serialized\": [%s, \"%s\", null]}";
    private static final String SERIALIZATION_LIB = "{\"class_name\": \"__typespec__\", \"spec_name\": \"TensorSpec\","
            + " \"module\": \"tensorflow.python.framework.tensor\", \"config\": [%s, \"%s\", \"images\"],"
            + " \"registered_name\": null}";

    /** tf.keras 2.13's functional form of the chain: InputLayer, Conv2D, GlobalAveragePooling2D, Dense. */
    private static String functional(String inputConfig) {
        return """
                {"class_name": "Functional", "config": {"name": "m", "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {%s, "name": "in"},
                   "registered_name": null, "name": "in", "inbound_nodes": []},
                  {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "c1", "filters": 4,
                   "kernel_size": 3, "padding": "same", "activation": "relu"}, "registered_name": null, "name": "c1",
                   "inbound_nodes": [[["in", 0, 0, {}]]]},
                  {"module": "keras.layers", "class_name": "GlobalAveragePooling2D", "config": {"name": "gap"},
                   "registered_name": null, "name": "gap", "inbound_nodes": [[["c1", 0, 0, {}]]]},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense", "units": 10,
                   "activation": "softmax"}, "registered_name": null, "name": "dense",
                   "inbound_nodes": [[["gap", 0, 0, {}]]]}
                ], "input_layers": [["in", 0, 0]], "output_layers": [["dense", 0, 0]]},
                 "keras_version": "2.13.1", "backend": "tensorflow"}
                """.formatted(inputConfig);
    }

    private static String typeSpec(String form, String shape, String dtype) {
        return "\"type_spec\": " + form.formatted(shape, dtype);
    }

    private static String refused(String json) {
        return assertThrows(ModelConfigException.class, () -> Sequential.fromJson(json)).getMessage();
    }

    @Test
    void aFloat32TensorSpecIsReadAsTheShapeItGivesInEitherForm() throws Exception {
        Sequential declared = Sequential.fromJson(functional("\"batch_input_shape\": [null, 28, 28, 1],"
                + " \"dtype\": \"float32\", \"sparse\": false, \"ragged\": false"));
        for (String form : new String[] {LEGACY, SERIALIZATION_LIB}) {
            Sequential spec = Sequential.fromJson(functional(typeSpec(form, "[null, 28, 28, 1]", "float32")));
            assertEquals(declared, spec, form);
            assertEquals(declared.toJson(), spec.toJson(), form);
        }
    }

    /** A batch size the spec fixes is said in a note and not kept, as batch_input_shape's is. */
    @Test
    void aBatchTheSpecFixesIsNoted() throws Exception {
        Sequential spec = Sequential.fromJson(functional(typeSpec(LEGACY, "[32, 28, 28, 1]", "float32")));
        assertEquals(java.util.List.of("the type_spec of layer 'in' [32,28,28,1] fixes a batch of 32 pictures, which"
                + " cam4j does not keep: it trains in batches of --batch-size, and the model it exports (and"
                + " --print-arch writes) takes any number"), spec.configNotes());
    }

    @Test
    void anyOtherSpecIsRefusedNamingIt() {
        String wanted = "; cam4j reads a tf.TensorSpec of float32 pictures, shape [batch, height, width, channels]"
                + " (keras.Input(type_spec=tf.TensorSpec([None, 28, 28, 1], tf.float32)))";
        assertEquals("layer 'in': its type_spec is a tf.TensorSpec of \"float64\"" + wanted,
                refused(functional(typeSpec(SERIALIZATION_LIB, "[null, 28, 28, 1]", "float64"))));
        assertEquals("layer 'in': its type_spec is a tf.TensorSpec of shape [null,784]" + wanted,
                refused(functional(typeSpec(LEGACY, "[null, 784]", "float32"))));
        assertEquals("layer 'in': its type_spec is a tf.RaggedTensorSpec" + wanted, refused(functional(
                "\"type_spec\": {\"class_name\": \"TypeSpec\", \"type_spec\": \"tf.RaggedTensorSpec\", \"serialized\":"
                        + " [[null, null, 28, 1], \"float32\", 1, \"int64\", null]}")));
        assertEquals("layer 'in': its type_spec stands beside \"dtype\": \"float32\", where Keras takes none but"
                + " \"name\" (\"When `type_spec` is not None, all other args except `name` must be None\"); give the"
                + " shape and dtype in the type_spec alone",
                refused(functional(typeSpec(LEGACY, "[null, 28, 28, 1]", "float32") + ", \"dtype\": \"float32\"")));
    }
}
