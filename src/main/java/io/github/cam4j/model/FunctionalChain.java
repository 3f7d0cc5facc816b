package io.github.cam4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Reads a Keras functional model's config ({@code keras.Model(inputs, outputs).to_json()}: class_name
 * {@code Functional}, or {@code Model} before tf.keras 2.4) whose layers form one chain, from its one InputLayer to
 * its one output, each layer called once on the one before it: the same model as the {@code Sequential} of those
 * layers, whose layer list it returns. Anything else (a branch, a merge, a layer called twice, several inputs or
 * outputs) is refused naming the layer, since a Sequential cannot hold it.
 *
 * <p>Keras 2 writes a layer's call as {@code "inbound_nodes": [[["conv2d", 0, 0, {}]]]}; Keras 3 as
 * {@code [{"args": [{"class_name": "__keras_tensor__", "config": {..., "keras_history": ["conv2d", 0, 0]}}],
 * "kwargs": {}}]}.
 */
final class FunctionalChain {
    /** The model classes Keras writes for a functional model: tf.keras 2.4 on and Keras 3; Keras 2.0 to 2.3. */
    static final Set<String> CLASSES = Set.of("Functional", "Model");

    private FunctionalChain() {}

    /**
     * @param className the model's class_name, one of {@link #CLASSES}
     * @param config the model's "config"
     * @return its layers in order, as a Sequential's config lists them (each without its inbound_nodes)
     * @throws ModelConfigException naming the layer or key when the layers are not one chain
     */
    static ArrayNode layers(String className, JsonNode config) throws ModelConfigException {
        JsonNode layers = config.path("layers");
        String model = "the " + className + " model";
        if (!layers.isArray() || layers.isEmpty()) {
            throw new ModelConfigException(model + ": config.layers must be a non-empty list");
        }
        ArrayNode chain = JsonNodeFactory.instance.arrayNode();
        String previous = null;
        for (int i = 0; i < layers.size(); i++) {
            JsonNode layer = layers.get(i);
            if (!layer.isObject()) {
                throw new ModelConfigException(model + ": config.layers[" + i + "] is " + layer + ", not a layer"
                        + " ({\"class_name\": ..., \"config\": {...}, \"inbound_nodes\": [...]})");
            }
            String name = layer.path("config").path("name").asText(layer.path("name").asText(""));
            String what = "config.layers[" + i + "] ('" + name + "')";
            JsonNode nodes = layer.path("inbound_nodes");
            if (i == 0) {
                if (!"InputLayer".equals(layer.path("class_name").asText()) || !nodes.isEmpty()) {
                    throw new ModelConfigException(model + ": " + what + " must be its InputLayer, called by nothing;"
                            + " cam4j reads a functional model whose layers form one chain from it");
                }
            } else {
                String from = caller(model, what, nodes);
                if (!from.equals(previous)) {
                    throw new ModelConfigException(model + ": " + what + " is called on '" + from + "', not on the"
                            + " layer before it, '" + previous + "': cam4j reads a functional model whose layers form"
                            + " one chain, as a Sequential's do");
                }
            }
            ObjectNode copy = ((ObjectNode) layer).deepCopy();
            copy.remove("inbound_nodes");
            copy.remove("name");
            chain.add(copy);
            previous = name;
        }
        end(model, "input_layers", config.path("input_layers"), layers.get(0).path("config").path("name").asText(""));
        end(model, "output_layers", config.path("output_layers"), previous);
        return chain;
    }

    /** @return the name of the one layer whose output the layer is called on, once, without other arguments */
    private static String caller(String model, String what, JsonNode nodes) throws ModelConfigException {
        if (nodes.isMissingNode() || nodes.isNull()) {
            // Said as absent: it read "is called 0 times (inbound_nodes ); ...", the missing value printed as nothing,
            // for a Sequential's config whose class_name had been changed to Model.
            throw new ModelConfigException(model + ": " + what + " has no inbound_nodes, the calls a functional"
                    + " model's layers carry; cam4j reads a functional model whose layers are each called once, on the"
                    + " layer before (a Sequential's layers carry none: give it \"class_name\": \"Sequential\")");
        }
        // Said in words, the layers each call takes: the calls' raw JSON had been printed ("is called 2 times
        // (inbound_nodes [[["conv2d",0,0,{}]],[["conv2d",0,0,{}]]])"), which left the user to decode Keras' lists.
        if (!nodes.isArray()) {
            throw new ModelConfigException(model + ": " + what + " has inbound_nodes that is a "
                    + nodes.getNodeType().toString().toLowerCase(java.util.Locale.ROOT) + ", not a list of its calls;"
                    + " cam4j reads a functional model whose layers are each called once, on the layer before");
        }
        if (nodes.size() != 1) {
            java.util.List<String> calls = new java.util.ArrayList<>();
            nodes.forEach(call -> calls.add("on " + inWords(inputs(call))));
            throw new ModelConfigException(model + ": " + what + " is called " + nodes.size() + " times ("
                    + (calls.isEmpty() ? "its inbound_nodes list is empty" : String.join(", then ", calls)) + "); cam4j"
                    + " reads a functional model whose layers are each called once, on the layer before");
        }
        JsonNode node = nodes.get(0);
        JsonNode history;
        JsonNode kwargs;
        if (node.isObject()) {
            // Keras 3: one positional argument, the tensor the layer before made.
            JsonNode args = node.path("args");
            history = args.size() == 1 ? args.get(0).path("config").path("keras_history") : null;
            kwargs = node.path("kwargs");
        } else {
            // Keras 2: a list of [layer, node index, tensor index, kwargs], one for a layer of one input.
            JsonNode only = node.size() == 1 ? node.get(0) : null;
            history = only;
            kwargs = only == null ? null : only.path(3);
        }
        boolean one = history != null && history.isArray() && history.size() >= 3 && history.get(0).isTextual()
                && history.get(1).asInt(-1) == 0 && history.get(2).asInt(-1) == 0;
        if (!one) {
            java.util.List<JsonNode> inputs = inputs(node);
            String call = inputs.size() > 1 ? "is called on " + inputs.size() + " tensors at once, " + inWords(inputs)
                    : inputs.size() == 1 ? "is called on " + inWords(inputs) + ", not on the first output of one layer"
                    : "has a call of neither form Keras writes ([[\"layer\", 0, 0, {}]] or {\"args\": [...],"
                    + " \"kwargs\": {}})";
            throw new ModelConfigException(model + ": " + what + " " + call + "; cam4j reads a functional model whose"
                    + " layers form one chain, each called on the one before");
        }
        boolean given = false;
        if (kwargs != null) {
            for (JsonNode value : kwargs) {
                given |= !value.isNull();
            }
        }
        if (given) {
            // A call argument (training=True on a Dropout, a mask) would be dropped without a word.
            throw new ModelConfigException(model + ": " + what + " is called with " + kwargs + ", which cam4j cannot"
                    + " honour (it calls each layer on its input alone)");
        }
        return history.get(0).asText();
    }

    /**
     * @param call one entry of a layer's inbound_nodes
     * @return the tensors the call takes, each as Keras names one ({@code ["conv2d", 0, 0]}: layer, call, output):
     *     tf.keras 2's list of them, or those Keras 3 gives among its arguments; empty for a call of neither form
     */
    private static java.util.List<JsonNode> inputs(JsonNode call) {
        java.util.List<JsonNode> found = new java.util.ArrayList<>();
        if (call.isArray()) {
            call.forEach(found::add);
        } else if (call.isObject()) {
            histories(call.path("args"), found);
        }
        return found;
    }

    /** Adds the keras_history of each Keras 3 tensor among {@code args}, a merge's list of them included. */
    private static void histories(JsonNode args, java.util.List<JsonNode> found) {
        if (args.isObject() && args.path("config").has("keras_history")) {
            found.add(args.path("config").path("keras_history"));
        } else if (args.isArray()) {
            args.forEach(arg -> histories(arg, found));
        }
    }

    /** @return the tensors in words: "'conv2d'", "'conv2d' and 'dense' (its call 1, output 2)", "nothing" */
    private static String inWords(java.util.List<JsonNode> tensors) {
        java.util.List<String> words = new java.util.ArrayList<>();
        for (JsonNode tensor : tensors) {
            if (!tensor.isArray() || tensor.isEmpty() || !tensor.get(0).isTextual()) {
                words.add("something that names no layer");
                continue;
            }
            int call = tensor.path(1).asInt(0);
            int output = tensor.path(2).asInt(0);
            words.add("'" + tensor.get(0).asText() + "'" + (call != 0 || output != 0 ? " (its call " + call
                    + ", output " + output + ")" : ""));
        }
        return words.isEmpty() ? "nothing" : String.join(" and ", words);
    }

    /** Checks that input_layers or output_layers names the one layer it must, in either form Keras writes. */
    private static void end(String model, String key, JsonNode given, String layer) throws ModelConfigException {
        // One tensor: ["dense", 0, 0] (Keras 3, a single output); a list of them: [["dense", 0, 0]] (Keras 2).
        JsonNode only = given.isArray() && given.size() == 1 && given.get(0).isArray() ? given.get(0) : given;
        boolean one = only.isArray() && only.size() == 3 && only.get(0).asText("").equals(layer)
                && only.get(1).asInt(-1) == 0 && only.get(2).asInt(-1) == 0;
        if (!one) {
            throw new ModelConfigException(model + ": its " + key + " is " + given + ", where cam4j reads one, the"
                    + " chain's" + (key.startsWith("input") ? " first" : " last") + " layer [\"" + layer + "\", 0, 0]");
        }
    }
}
