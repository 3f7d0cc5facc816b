package io.github.cam4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the {@code type_spec} of an InputLayer that tf.keras 2 made for {@code keras.Input(type_spec=...)}: its
 * {@code get_config} then writes {@code {"name": ..., "type_spec": spec}} in place of {@code batch_input_shape},
 * {@code dtype}, {@code sparse} and {@code ragged} (keras/engine/input_layer.py). A {@code tf.TensorSpec} of float32
 * and rank 4 is read as the batch shape it gives; any other spec (ragged, sparse, another dtype or rank) is refused,
 * naming it. Keras 3's InputLayer has no type_spec.
 */
final class InputTypeSpec {
    /** The argument's key in an InputLayer's config. */
    static final String KEY = "type_spec";

    /** The arguments Keras refuses beside a type_spec ("all other args except `name` must be None"). */
    private static final String[] EXCLUSIVE = {"batch_input_shape", "batch_shape", "input_shape", "batch_size", "dtype",
        "sparse", "ragged", "input_tensor"};

    private InputTypeSpec() {}

    /**
     * @param layer the InputLayer's name, as errors name it
     * @param config the InputLayer's config, holding a non-null {@code type_spec}
     * @return {@code {"batch_input_shape": shape}}, the spec's shape with its batch dimension
     * @throws ModelConfigException when the spec is not a float32 TensorSpec, or the config gives another argument
     *     Keras refuses beside it
     */
    static ObjectNode asBatchShape(String layer, JsonNode config) throws ModelConfigException {
        JsonNode spec = config.get(KEY);
        String owner = "layer '" + layer + "': its " + KEY;
        for (String key : EXCLUSIVE) {
            JsonNode other = config.get(key);
            // tf.keras 2 writes none of them beside a type_spec, and its InputLayer refuses any that is not None.
            if (other != null && !other.isNull()) {
                throw new ModelConfigException(owner + " stands beside \"" + key + "\": " + other + ", where Keras"
                        + " takes none but \"name\" (\"When `type_spec` is not None, all other args except `name`"
                        + " must be None\"); give the shape and dtype in the type_spec alone");
            }
        }
        // tf.keras up to 2.12 writes a TypeSpec by its registered name with its _serialize() tuple (json_utils'
        // get_json_type); tf.keras 2.13 to 2.15 by its class and module with the same tuple as "config"
        // (serialization_lib.serialize_keras_object). TensorSpec's tuple is (shape, dtype, name).
        String kind;
        JsonNode fields;
        if (spec.isObject() && "TypeSpec".equals(spec.path("class_name").asText()) && spec.has("type_spec")) {
            kind = spec.path("type_spec").asText();
            fields = spec.path("serialized");
        } else if (spec.isObject() && "__typespec__".equals(spec.path("class_name").asText())) {
            String module = spec.path("module").asText("");
            kind = (module.startsWith("tensorflow.") ? "tf." : module + ".") + spec.path("spec_name").asText();
            fields = spec.path("config");
        } else {
            throw new ModelConfigException(owner + " is " + spec + ", not a TypeSpec as tf.keras 2 writes one"
                    + " ({\"class_name\": \"TypeSpec\", \"type_spec\": \"tf.TensorSpec\", \"serialized\": [shape,"
                    + " dtype, name]})");
        }
        String wanted = "; cam4j reads a tf.TensorSpec of float32 pictures, shape [batch, height, width, channels]"
                + " (keras.Input(type_spec=tf.TensorSpec([None, 28, 28, 1], tf.float32)))";
        if (!"tf.TensorSpec".equals(kind)) {
            throw new ModelConfigException(owner + " is a " + kind + wanted);
        }
        if (!fields.isArray() || fields.size() != 3) {
            throw new ModelConfigException(owner + ": its tf.TensorSpec is " + fields + ", not [shape, dtype, name]");
        }
        String dtype = fields.get(1).asText();
        if (!"float32".equals(dtype)) {
            throw new ModelConfigException(owner + " is a tf.TensorSpec of " + fields.get(1) + wanted);
        }
        JsonNode shape = fields.get(0);
        if (!shape.isArray() || shape.size() != 4) {
            throw new ModelConfigException(owner + " is a tf.TensorSpec of shape " + shape + wanted);
        }
        ObjectNode batchShape = JsonNodeFactory.instance.objectNode();
        batchShape.set("batch_input_shape", shape);
        return batchShape;
    }
}
