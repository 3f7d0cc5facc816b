package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link FunctionalChain}: a functional model's config, as tf.keras 2 and Keras 3 write {@code keras.Model(inputs,
 * outputs).to_json()}, reads as the Sequential of its layers when they form one chain; it had been refused ("class_name
 * must be 'Sequential', got 'Functional'"). The configs are the presets' own, as Keras wrote them, given the
 * inbound_nodes, input_layers and output_layers each Keras writes for the same layers called one on the other.
 */
class FunctionalChainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** tf.keras 2's form: class_name Functional, a call [[["conv2d", 0, 0, {}]]], ends [["input_1", 0, 0]]. */
    private static ObjectNode keras2(String preset) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Presets.json(preset));
        root.put("class_name", "Functional");
        ObjectNode config = (ObjectNode) root.path("config");
        ArrayNode layers = (ArrayNode) config.path("layers");
        String previous = null;
        for (JsonNode layer : layers) {
            String name = layer.path("config").path("name").asText();
            ArrayNode nodes = ((ObjectNode) layer).put("name", name).putArray("inbound_nodes");
            if (previous != null) {
                nodes.addArray().addArray().add(previous).add(0).add(0).addObject();
            }
            previous = name;
        }
        String input = layers.get(0).path("config").path("name").asText();
        config.putArray("input_layers").addArray().add(input).add(0).add(0);
        config.putArray("output_layers").addArray().add(previous).add(0).add(0);
        return root;
    }

    /**
     * Keras 3's form: a call {"args": [{"class_name": "__keras_tensor__", ...}], "kwargs": {}}, ends ["dense", 0, 0].
     */
    private static ObjectNode keras3(String preset) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Files.readString(
                Path.of("src/test/resources/keras3/presets", preset + ".json")));
        root.put("class_name", "Functional");
        ObjectNode config = (ObjectNode) root.path("config");
        config.remove("build_input_shape");
        ArrayNode layers = (ArrayNode) config.path("layers");
        String previous = null;
        for (JsonNode layer : layers) {
            String name = layer.path("config").path("name").asText();
            ArrayNode nodes = ((ObjectNode) layer).put("name", name).putArray("inbound_nodes");
            if (previous != null) {
                ObjectNode call = nodes.addObject();
                ObjectNode tensor = call.putArray("args").addObject();
                tensor.put("class_name", "__keras_tensor__");
                ObjectNode tensorConfig = tensor.putObject("config").put("dtype", "float32");
                tensorConfig.putArray("keras_history").add(previous).add(0).add(0);
                call.putObject("kwargs");
            }
            previous = name;
        }
        config.putArray("input_layers").add(layers.get(0).path("config").path("name").asText()).add(0).add(0);
        config.putArray("output_layers").add(previous).add(0).add(0);
        return root;
    }

    private static String refused(JsonNode config) {
        return assertThrows(ModelConfigException.class, () -> Sequential.fromJson(config.toString())).getMessage();
    }

    @Test
    void aChainAsEitherKerasWritesItIsTheSequentialOfItsLayers() throws Exception {
        for (String preset : Presets.NAMES) {
            Sequential sequential = Presets.resolve(preset);
            Sequential fromKeras2 = Sequential.fromJson(keras2(preset).toString());
            Sequential fromKeras3 = Sequential.fromJson(keras3(preset).toString());
            assertEquals(sequential, fromKeras2, preset);
            assertEquals(sequential, fromKeras3, preset);
            // Written back as the Sequential, the form cam4j writes.
            assertEquals(sequential.toJson(), fromKeras2.toJson(), preset);
            // Keras 2.0 to 2.3 named the class Model.
            ObjectNode model = keras2(preset).put("class_name", "Model");
            assertEquals(sequential, Sequential.fromJson(model.toString()), preset);
        }
    }

    @Test
    void layersThatAreNotOneChainAreRefusedNamingTheLayer() throws Exception {
        // The last Conv2D called on the first MaxPooling2D's output, a skip: the first Conv2D after it is left over.
        ObjectNode skip = keras2("pooled");
        ArrayNode call = (ArrayNode) skip.path("config").path("layers").get(5).path("inbound_nodes").get(0).get(0);
        call.set(0, JSON.getNodeFactory().textNode("max_pooling2d"));
        assertEquals("the Functional model: config.layers[5] ('conv2d_2') is called on 'max_pooling2d', not on the"
                + " layer before it, 'max_pooling2d_1': cam4j reads a functional model whose layers form one chain,"
                + " as a Sequential's do", refused(skip));
        // A layer called twice (shared weights).
        ObjectNode twice = keras2("pooled");
        ArrayNode nodes = (ArrayNode) twice.path("config").path("layers").get(2).path("inbound_nodes");
        nodes.add(nodes.get(0).deepCopy());
        // Said in words: the calls' raw JSON had been printed, "(inbound_nodes [[[\"conv2d\",0,0,{}]],...]])".
        assertEquals("the Functional model: config.layers[2] ('max_pooling2d') is called 2 times (on 'conv2d', then"
                + " on 'conv2d'); cam4j reads a functional model whose layers are each called once, on the layer"
                + " before", refused(twice));
        ObjectNode never = keras3("pooled");
        ((ArrayNode) never.path("config").path("layers").get(2).path("inbound_nodes")).removeAll();
        assertEquals("the Functional model: config.layers[2] ('max_pooling2d') is called 0 times (its inbound_nodes"
                + " list is empty); cam4j reads a functional model whose layers are each called once, on the layer"
                + " before", refused(never));
        // A merge: tf.keras 2's call of two tensors; Keras 3's of a list of two (Add()([x, y])).
        ObjectNode merge2 = keras2("pooled");
        ((ArrayNode) merge2.path("config").path("layers").get(2).path("inbound_nodes").get(0)).addArray()
                .add("input_1").add(0).add(0).addObject();
        assertEquals("the Functional model: config.layers[2] ('max_pooling2d') is called on 2 tensors at once,"
                + " 'conv2d' and 'input_1'; cam4j reads a functional model whose layers form one chain, each called"
                + " on the one before", refused(merge2));
        ObjectNode merge3 = keras3("pooled");
        ObjectNode call3 = (ObjectNode) merge3.path("config").path("layers").get(2).path("inbound_nodes").get(0);
        ArrayNode pair = JSON.createArrayNode().add(call3.path("args").get(0).deepCopy())
                .add(call3.path("args").get(0).deepCopy());
        ((ArrayNode) pair.get(1).path("config").path("keras_history")).set(2, JSON.getNodeFactory().numberNode(1));
        call3.putArray("args").add(pair);
        assertEquals("the Functional model: config.layers[2] ('max_pooling2d') is called on 2 tensors at once,"
                + " 'conv2d' and 'conv2d' (its call 0, output 1); cam4j reads a functional model whose layers form"
                + " one chain, each called on the one before", refused(merge3));
        // Another output than a layer's first.
        ObjectNode second = keras2("pooled");
        ((ArrayNode) second.path("config").path("layers").get(2).path("inbound_nodes").get(0).get(0))
                .set(2, JSON.getNodeFactory().numberNode(1));
        assertEquals("the Functional model: config.layers[2] ('max_pooling2d') is called on 'conv2d' (its call 0,"
                + " output 1), not on the first output of one layer; cam4j reads a functional model whose layers form"
                + " one chain, each called on the one before", refused(second));
        // No calls at all: a Sequential's config with its class_name changed to Model, as a user trying the functional
        // form writes it. The missing value had been printed as nothing: "is called 0 times (inbound_nodes ); ...".
        ObjectNode renamed = (ObjectNode) JSON.readTree(Presets.json("pooled"));
        renamed.put("class_name", "Model");
        assertEquals("the Model model: config.layers[1] ('conv2d') has no inbound_nodes, the calls a functional"
                + " model's layers carry; cam4j reads a functional model whose layers are each called once, on the"
                + " layer before (a Sequential's layers carry none: give it \"class_name\": \"Sequential\")",
                refused(renamed));
        // A call argument cam4j would drop: Dropout(...)(x, training=True) keeps dropping at inference.
        ObjectNode training = keras3("unpooled");
        ((ObjectNode) training.path("config").path("layers").get(2).path("inbound_nodes").get(0).path("kwargs"))
                .put("training", true);
        assertEquals("the Functional model: config.layers[2] ('conv2d_1') is called with {\"training\":true}, which"
                + " cam4j cannot honour (it calls each layer on its input alone)", refused(training));
        // An output that is not the chain's end (the model's output taken from the pooling).
        ObjectNode output = keras3("pooled");
        ((ArrayNode) output.path("config").path("output_layers")).set(0,
                JSON.getNodeFactory().textNode("global_average_pooling2d"));
        assertEquals("the Functional model: its output_layers is [\"global_average_pooling2d\",0,0], where cam4j reads"
                + " one, the chain's last layer [\"dense\", 0, 0]", refused(output));
        // The first layer is no InputLayer.
        ObjectNode noInput = keras2("pooled");
        ((ArrayNode) noInput.path("config").path("layers")).remove(0);
        assertEquals("the Functional model: config.layers[0] ('conv2d') must be its InputLayer, called by nothing;"
                + " cam4j reads a functional model whose layers form one chain from it", refused(noInput));
    }
}
