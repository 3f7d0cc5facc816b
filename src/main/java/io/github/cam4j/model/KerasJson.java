package io.github.cam4j.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes Keras' JSON config of a {@code Sequential} model ({@code model.to_json()}). Reads what Keras 2
 * ({@code batch_input_shape}; before 2.2.3 a config that is the list of layers) and Keras 3 ({@code batch_shape},
 * {@code module}) write, and a functional model whose layers form one chain as the Sequential of them
 * ({@link FunctionalChain}); writes Keras 2's form of a Sequential, with the model's {@code module} Keras 3 needs to
 * find its class, which both read.
 */
final class KerasJson {
    // Trailing tokens refused: "{...} junk" was read as the object before it, the rest ignored.
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The largest height, width or channel count an input shape may declare. */
    private static final int MAX_INPUT_SIZE = 1 << 16;

    /** A model's name when its config gives none, as Keras names a Sequential. */
    private static final String DEFAULT_NAME = "sequential";

    /** The name Keras 3 gives an unnamed InputLayer, the first of a Python session's. */
    private static final String KERAS3_INPUT = "input_layer";

    /** The Keras version whose config layout {@link #write} follows. */
    static final String WRITTEN_KERAS_VERSION = "2.15.0";

    private KerasJson() {}

    /**
     * Jackson's words without its internals: the location it gives as "[Source: REDACTED
     * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1, column: 53]" becomes "at line 1, column 53".
     */
    static String invalidJson(JsonProcessingException e) {
        String what = e.getOriginalMessage().replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*\\[Source:[^\\]]*\\]", "").replaceAll("\\s+", " ").strip();
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "not valid JSON" + where + ": " + what;
    }

    private static String fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(n -> names.add("\"" + n + "\""));
        return names.isEmpty() ? "none (an empty object)" : String.join(", ", names);
    }

    /**
     * Refuses a layer, or anything in its config (an initializer, a dtype policy), that is a class of the user's own:
     * Keras 3 and tf.keras 2.13+ mark one by a {@code registered_name} ("custom&gt;Conv2D"; null for Keras' own classes)
     * or a {@code module} outside Keras ("__main__"). A subclass of Conv2D that computed something else was trained as
     * Keras' Conv2D, and a "GlobalAveragePooling2D" that took the maximum as the mean CAM rests on.
     */
    private static void refuseCustomClasses(String layerName, JsonNode node) throws ModelConfigException {
        refuseCustomClass("layer '" + layerName + "'", node);
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                refuseCustomClassesBelow(layerName, child);
            }
        }
    }

    private static void refuseCustomClassesBelow(String layerName, JsonNode node) throws ModelConfigException {
        // A TypeSpec (an InputLayer's type_spec, tf.keras 2.13+) names TensorFlow's module, not Keras': InputTypeSpec
        // reads it and refuses any but a tf.TensorSpec; one elsewhere is refused as an argument cam4j does not read.
        if (node.isObject() && node.has("class_name") && !"__typespec__".equals(node.path("class_name").asText())) {
            refuseCustomClass("layer '" + layerName + "': its " + node.path("class_name").asText(), node);
        }
        for (JsonNode child : node) {
            if (child.isContainerNode()) {
                refuseCustomClassesBelow(layerName, child);
            }
        }
    }

    private static void refuseCustomClass(String what, JsonNode node) throws ModelConfigException {
        JsonNode registered = node.path("registered_name");
        JsonNode module = node.path("module");
        // Keras' own modules: keras, keras.layers, keras.src...; tf_keras (Keras 2 under TensorFlow 2.16+); keras_core
        // (Keras 3's beta, helper-69).
        String m = module.asText("");
        boolean kerasModule = module.isTextual() && (m.equals("keras") || m.startsWith("keras.") || m.equals("tf_keras")
                || m.startsWith("tf_keras.") || m.equals("keras_core") || m.startsWith("keras_core."));
        boolean outsideKeras = module.isTextual() && !kerasModule;
        if ("function".equals(node.path("class_name").asText())) {
            // A function's registered_name is "function" whoever wrote it; its module says whose it is.
            if (outsideKeras) {
                throw new ModelConfigException(what.replace(": its function", ": its function '"
                        + node.path("config").asText() + "'") + " is a function of its own (module '" + module.asText()
                        + "'), not one of Keras': cam4j builds Keras' own only, and would train another model than it");
            }
            return;
        }
        // A class registered by register_keras_serializable is "package>Name"; a class Keras does not export is written
        // by its bare name from a Keras module (kept), by its bare name from no module (a class of a script's own).
        boolean custom = outsideKeras || registered.isTextual() && (registered.asText().contains(">") || !kerasModule);
        if (custom) {
            throw new ModelConfigException(what + " is a class of its own (" + (registered.isTextual() ? "registered_name '"
                    + registered.asText() + "'" : "") + (registered.isTextual() && module.isTextual() ? ", " : "")
                    + (module.isTextual() ? "module '" + module.asText() + "'" : "") + "), not Keras' "
                    + node.path("class_name").asText() + ": cam4j builds Keras' own classes only, and would train another"
                    + " model than it");
        }
    }

    /**
     * @return each name the config gives a layer, with the index of the first layer that gives it: a layer given none
     *     must not be named the same
     */
    private static java.util.Map<String, Integer> namesGiven(JsonNode layerNodes) {
        java.util.Map<String, Integer> names = new java.util.HashMap<>();
        for (int i = 0; i < layerNodes.size(); i++) {
            JsonNode name = layerNodes.get(i).path("config").path("name");
            if (name.isTextual()) {
                names.putIfAbsent(name.asText(), i);
            }
        }
        return names;
    }

    /**
     * The refusal of a layer named {@code input_layer} in a config without an InputLayer. Keras makes the InputLayer
     * then, unnamed, and Keras 3 names it input_layer in a fresh Python session (Operation.__init__'s auto_name, whose
     * counter runs across the session): for a first layer that declares the input shape its Sequential.add makes it
     * and refuses the layer of that name ("All layers added to a Sequential model should have unique names"); for the
     * model's build_input_shape its Sequential.build makes it and the Functional it builds refuses the two names ("The
     * name "input_layer" is used 2 times in the model"); tf.keras 2 names that InputLayer after the first layer,
     * {@code <first>_input}, and reads the model. It had been read without a word; refused as Keras 3 refuses it, as
     * the clash with an unnamed InputLayer is.
     *
     * @param index the layer's index in config.layers
     * @param className its class_name
     * @param declaring the index of the layer that declares the input shape; -1 when the build_input_shape gives it
     * @param layers the layers read, for a free name to offer
     */
    private static ModelConfigException keras3InputClash(int index, String className, int declaring,
            List<Layer> layers) {
        java.util.Set<String> taken = new java.util.HashSet<>();
        layers.forEach(l -> taken.add(l.name()));
        String base = snakeCase(canonical(className));
        String free = base;
        for (int n = 1; taken.contains(free); n++) {
            free = base + "_" + n;
        }
        String madeFor = declaring >= 0 ? "the input shape config.layers[" + declaring + "] declares"
                : "the model's build_input_shape";
        String refusal = declaring >= 0 ? "All layers added to a Sequential model should have unique names"
                : "The name \"" + KERAS3_INPUT + "\" is used 2 times in the model";
        return new ModelConfigException("config.layers[" + index + "] (" + className + ") is named '" + KERAS3_INPUT
                + "', as Keras 3 names the InputLayer it makes for " + madeFor + " (in a fresh Python session): Keras 3"
                + " refuses the model (\"" + refusal + "\"), where tf.keras 2 names that InputLayer '"
                + layers.get(0).name() + "_input' and reads it; rename the layer, e.g. '" + free + "'");
    }

    /** @return the class a Keras alias stands for (Convolution2D Conv2D), or the class given */
    private static String canonical(String className) {
        return switch (className) {
            case "Convolution2D" -> Conv2D.KERAS_CLASS;
            case "MaxPool2D" -> MaxPooling2D.KERAS_CLASS;
            case "GlobalAvgPool2D" -> GlobalAveragePooling2D.KERAS_CLASS;
            default -> className;
        };
    }

    /** Keras' to_snake_case of a class name: Conv2D conv2d, MaxPooling2D max_pooling2d; "layer" for none. */
    private static String snakeCase(String className) {
        String base = className.replaceAll("(.)([A-Z][a-z0-9]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2")
                .toLowerCase(Locale.ROOT);
        return base.isEmpty() ? "layer" : base;
    }

    /**
     * The name Keras gives a layer whose config names none: its class in snake case ({@code to_snake_case}: Conv2D
     * conv2d, MaxPooling2D max_pooling2d), then {@code _1}, {@code _2}... for the next unnamed layer of its class.
     * Keras counts unnamed layers only (Keras 2's {@code backend.unique_object_name}, Keras 3's {@code uniquify}) and
     * never steps around a name given by hand, so a config that gives a layer the name an unnamed one gets is a model
     * Keras refuses when the second is added (Keras 2's and 3's Sequential.add: "All layers added to a Sequential model
     * should have unique names"; "The name ... is used 2 times in the model" is a functional model's): refused here
     * too, saying which two layers. An unnamed InputLayer is named as Keras 3 names it, {@code input_layer}; Keras 2
     * names it {@code input_1}, so a clash with it is refused as Keras 3 refuses it, and the refusal says so. It had
     * been named past the given name (conv2d_2), a name Keras never gives it, which a --layers or --features
     * naming the layer's op by Keras' name then missed.
     *
     * @param className the layer's class_name
     * @param uids how many unnamed layers of each base name came before; the one named here is counted
     * @param given the names the config gives, with the index of the layer that gives each
     * @param index the layer's index in config.layers, as the refusal names it
     * @throws ModelConfigException when the config gives another layer the name Keras gives this one
     */
    static String defaultName(String className, java.util.Map<String, Integer> uids, java.util.Map<String, Integer> given,
            int index) throws ModelConfigException {
        String canonical = canonical(className);
        String base = snakeCase(canonical);
        int before = uids.merge(base, 1, Integer::sum) - 1;
        String name = before == 0 ? base : base + "_" + before;
        Integer clash = given.get(name);
        if (clash != null) {
            // An unnamed InputLayer is named as Keras 3 names it; Keras 2 names it input_1 (its own counter of
            // "input"), so the clash, and the refusal, are Keras 3's only: said so, where "Keras refuses" was untrue
            // of Keras 2.
            String keras = canonical.equals("InputLayer") ? "Keras 3" : "Keras";
            throw new ModelConfigException("config.layers[" + index + "] (" + className + ") is given no name, so "
                    + keras + " names it '" + name + "'" + (keras.equals("Keras") ? "" : " (Keras 2: 'input_1')")
                    + ", and config.layers[" + clash + "] is named '" + name + "' too: " + keras + " refuses the model"
                    + " (\"All layers added to a Sequential model should have unique names\"); name one of the two"
                    + " otherwise");
        }
        return name;
    }

    private static String shape(long[] shape) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            b.append(i > 0 ? ", " : "").append(shape[i] < 0 ? "null" : String.valueOf(shape[i]));
        }
        return b.append(']').toString();
    }

    static Sequential read(String json) throws ModelConfigException {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ModelConfigException(invalidJson(e), e);
        }
        if (root == null || root.isMissingNode()) {
            // An empty file: it said "... was expected, got missing". One of blanks alone was said to be empty.
            throw new ModelConfigException("not a Keras model config: the file is " + (json.isEmpty() ? "empty"
                    : "blank, white space alone") + " (model.to_json() writes"
                    + " {\"class_name\": \"Sequential\", \"config\": {...}})");
        }
        if (!root.isObject()) {
            // A list of layers is what model.get_config() of Keras before 2.2.3 returns: said with what to give instead.
            boolean layerList = root.isArray() && !root.isEmpty() && root.get(0).has("class_name");
            throw new ModelConfigException("not a Keras model config: a JSON object with \"class_name\" and \"config\""
                    + " (what model.to_json() writes) was expected, got " + root.getNodeType().toString()
                            .toLowerCase(java.util.Locale.ROOT) + (layerList ? " of layers, the model's get_config() in"
                            + " Keras before 2.2.3: give model.to_json(), which writes {\"class_name\": \"Sequential\","
                            + " \"config\": [...]}" : ""));
        }
        if (!root.has("class_name")) {
            // It said "class_name must be 'Sequential', got ''" of a file that has no class_name at all. A "layers"
            // beside the model's "name" is model.get_config() written out, the config without its class.
            throw new ModelConfigException("not a Keras model config: it has no \"class_name\" (model.to_json() writes"
                    + " {\"class_name\": \"Sequential\", \"config\": {...}}); its keys are " + fieldNames(root)
                    + (root.has("layers") ? ", as in model.get_config(): give model.to_json(), which writes it as the"
                            + " \"config\"" : ""));
        }
        String modelClass = root.path("class_name").asText();
        boolean functional = FunctionalChain.CLASSES.contains(modelClass);
        if (!"Sequential".equals(modelClass) && !functional) {
            throw new ModelConfigException("class_name must be 'Sequential', got '" + modelClass + "' (cam4j builds"
                    + " Keras Sequential models, and functional ones whose layers form one chain)");
        }
        refuseCustomClass("the model", root);
        JsonNode config = root.path("config");
        // Keras 2.0 to 2.2.2 wrote a Sequential's config as the list of its layers, without a name (Keras reads both
        // forms): refused as "config.layers must be a non-empty list" of a config that is that list. A functional
        // model of one chain of layers, keras.Model(inputs, outputs), had been refused as no Sequential: it is the
        // Sequential of its layers.
        JsonNode layerNodes = functional ? FunctionalChain.layers(modelClass, config)
                : config.isArray() ? config : config.path("layers");
        if (!layerNodes.isArray() || layerNodes.isEmpty()) {
            throw new ModelConfigException("config.layers must be a non-empty list");
        }
        JsonNode modelName = config.path("name");
        if (!modelName.isMissingNode() && !modelName.isNull() && !modelName.isTextual()) {
            // Read as the name '5'; Keras takes a model's name, as a layer's, as text only.
            throw new ModelConfigException("the model's \"name\" is " + modelName.getNodeType().toString()
                    .toLowerCase(Locale.ROOT) + " " + modelName + ", not text (e.g. \"name\": \"" + modelName.asText()
                    + "\")");
        }
        long[] inputShape = null;
        List<Layer> layers = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        java.util.Map<String, Integer> given = namesGiven(layerNodes);
        java.util.Map<String, Integer> uids = new java.util.HashMap<>();
        // The InputLayer's name and index: it makes no layer of cam4j's, so Sequential's check of two layers of one
        // name never saw it, and a layer named as it was read without a word.
        String inputName = null;
        int inputIndex = -1;
        // Whether that name is the one Keras 2 gives the InputLayer it makes for a first layer that declares the input.
        boolean inputMade = false;
        // Whether the config holds an InputLayer; if not, Keras makes one, which Keras 3 names input_layer.
        boolean inputLayerGiven = false;
        // The first layer named as that InputLayer of Keras 3's, and its class; -1 for none.
        int keras3InputClash = -1;
        String keras3InputClashClass = null;
        for (int i = 0; i < layerNodes.size(); i++) {
            JsonNode node = layerNodes.get(i);
            if (!node.isObject()) {
                // It said "layer '_1': layer type ''" of a layer given as a string, and "is null null" of a null.
                throw new ModelConfigException("config.layers[" + i + "] is " + (node.isNull() ? "null" : node.getNodeType()
                        .toString().toLowerCase(java.util.Locale.ROOT) + " " + node) + ", not a layer ({\"class_name\":"
                        + " ..., \"config\": {...}})");
            }
            String className = node.path("class_name").asText();
            JsonNode layerConfig = node.path("config");
            JsonNode givenName = layerConfig.path("name");
            if (!node.has("class_name")) {
                // It said "layer type '' is not supported".
                throw new ModelConfigException("config.layers[" + i + "]" + (layerConfig.hasNonNull("name") ? " ('"
                        + givenName.asText() + "')" : "") + " has no \"class_name\""
                        + " (Keras writes {\"class_name\": \"Conv2D\", \"config\": {...}}); its keys are "
                        + fieldNames(node));
            }
            if (!node.has("config")) {
                // It was built with every argument at its default (a MaxPooling2D of 2x2), where Keras refuses the
                // layer ("Improper config format"); a Conv2D's said "argument 'filters' ... is missing".
                throw new ModelConfigException("config.layers[" + i + "] (" + className + ") has no \"config\" (Keras"
                        + " writes {\"class_name\": \"" + className + "\", \"config\": {...}}, {} for every argument at"
                        + " its default); its keys are " + fieldNames(node));
            }
            if (layerConfig.isObject() && !givenName.isMissingNode() && !givenName.isNull() && !givenName.isTextual()) {
                // "name": 5 was read as the name '5'; Keras takes text only and refuses the layer ("Expected `name`
                // argument to be a string").
                throw new ModelConfigException("config.layers[" + i + "] (" + className + "): its \"name\" is "
                        + givenName.getNodeType().toString().toLowerCase(Locale.ROOT) + " " + givenName + ", not text"
                        + " (Keras takes a layer's name as a string only, e.g. \"name\": \"" + givenName.asText()
                        + "\")");
            }
            if (givenName.isTextual() && givenName.asText().isEmpty() && !"InputLayer".equals(className)) {
                // Keras keeps "" as given (Keras 2.15's Layer._init_set_name and Keras 3's Operation.__init__ name a
                // layer only when its name is None); cam4j's refusal had said only which characters TensorFlow takes.
                // An InputLayer's is let be: Keras 2 names it input_1..., and cam4j writes its own name for it.
                throw new ModelConfigException("config.layers[" + i + "] (" + className + "): its \"name\" is \"\","
                        + " which Keras keeps as given (it names a layer only when \"name\" is absent or null), but cam4j"
                        + " names the layer's TensorFlow ops and weights after it: leave \"name\" out to have it named"
                        + " as Keras names an unnamed layer, or give it one");
            }
            String layerName = givenName.isTextual() ? givenName.asText() : defaultName(className, uids, given, i);
            if (!layerConfig.isObject()) {
                // A config that is no object was read as one of no arguments: "argument 'filters' ... is missing".
                throw new ModelConfigException("layer '" + layerName + "': its \"config\" is " + layerConfig.getNodeType()
                        .toString().toLowerCase(Locale.ROOT) + " " + layerConfig + ", not an object of the layer's"
                        + " arguments");
            }
            refuseCustomClasses(layerName, node);
            if (layerName.equals(inputName) && inputMade) {
                // Keras 2's Sequential.add makes Input(name=first.name + "_input") and builds the graph at once
                // (_init_graph_network, whose _map_graph_network counts the InputLayer): a later layer of that name
                // was read without a word, where Keras 2 refuses the model.
                throw new ModelConfigException("config.layers[" + i + "] (" + className + ") is named '" + layerName
                        + "', as Keras 2 names the InputLayer it makes for config.layers[" + inputIndex + "], which"
                        + " declares the input shape: Keras 2 refuses the model (\"The name \"" + layerName + "\" is used"
                        + " 2 times in the model\"); name it otherwise");
            }
            if (layerName.equals(inputName)) {
                // Keras 2 refuses it when it builds the graph (functional.py's _map_graph_network, InputLayer included),
                // Keras 3 when the layer is added (Sequential.add's _is_layer_name_unique, InputLayer included).
                throw new ModelConfigException("config.layers[" + i + "] (" + className + ") is named '" + layerName
                        + "', as the InputLayer config.layers[" + inputIndex + "] is: Keras refuses the model (Keras 2:"
                        + " \"The name \"" + layerName + "\" is used 2 times in the model\"; Keras 3: \"All layers added"
                        + " to a Sequential model should have unique names\"); name one of the two otherwise");
            }
            // A batch size is noted once: tf.keras 2 writes the shape on its InputLayer and again on the first layer.
            // keras.Input(type_spec=tf.TensorSpec(...)) gives the shape in the spec (tf.keras 2); it had been refused
            // as an argument cam4j does not read.
            boolean typeSpec = "InputLayer".equals(className) && layerConfig.hasNonNull(InputTypeSpec.KEY);
            long[] declared = typeSpec ? declaredInputShape("the type_spec of layer '" + layerName + "'",
                    InputTypeSpec.asBatchShape(layerName, layerConfig), notes)
                    : declaredInputShape("layer '" + layerName + "'", layerConfig, inputShape == null ? notes
                    : new ArrayList<>());
            if (declared != null) {
                // Keras 2's Sequential([Conv2D(..., input_shape=...)]).to_json() writes the shape twice: on the
                // InputLayer it makes and on the first layer. That was refused as a second declaration.
                boolean repeatsInputLayer = inputShape != null && layers.isEmpty();
                if (repeatsInputLayer && !java.util.Arrays.equals(declared, inputShape)) {
                    throw new ModelConfigException("layer '" + layerName + "': declares the input shape "
                            + shape(declared) + ", but the InputLayer before it declares " + shape(inputShape));
                }
                if (!repeatsInputLayer && (inputShape != null || !layers.isEmpty())) {
                    throw new ModelConfigException("layer '" + layerName + "': only the first layer may declare the input shape");
                }
                if (inputShape == null && !"InputLayer".equals(className)) {
                    inputName = layerName + "_input";
                    inputIndex = i;
                    inputMade = true;
                }
                inputShape = declared;
            }
            if (layerName.equals(KERAS3_INPUT) && keras3InputClash < 0) {
                keras3InputClash = i;
                keras3InputClashClass = className;
            }
            if ("InputLayer".equals(className)) {
                inputLayerGiven = true;
                inputName = layerName;
                inputIndex = i;
                // Keras 3's "optional" (InputLayer.get_config writes it, false by default) lets a Functional model be
                // called with None for that input (keras/src/models/functional.py, _convert_inputs_to_tensors), a way
                // to leave out one of several inputs: it changes nothing the model computes from a picture, and every
                // layer cam4j builds but Dropout has an InputSpec that is not optional, so refuses None anyway
                // (keras/src/layers/input_spec.py, "Inputs to a layer should be tensors"). cam4j feeds its one input a
                // picture always: read, true or false, and not written back.
                // Its dtype, sparse and ragged change what the model takes; they were skipped, so a float16 or sparse
                // input trained as float32 without a word (a Conv2D's float16 was refused).
                KerasArgs input = new KerasArgs(layerName, layerConfig, true);
                // Read for its type only: a "yes" is no config Keras wrote, and read without a word it would pass for one.
                input.bool("optional", false);
                for (String flag : new String[] {"sparse", "ragged"}) {
                    if (input.bool(flag, false)) {
                        throw new ModelConfigException("layer '" + layerName + "': " + flag + " = true is not supported:"
                                + " cam4j feeds dense float32 pictures");
                    }
                }
                // Any other argument, as for every other layer, is refused naming it: an InputLayer's had been read
                // without a word whatever they were ("input_tensor", "type_spec", a "batch_size" that fixes the batch,
                // Keras 3's "shape" for input_shape), so that a misspelt "batch_shap" went as far as "declares no
                // input shape", the layer and the key unnamed.
                for (String shapeKey : new String[] {"batch_input_shape", "batch_shape", "input_shape",
                    InputTypeSpec.KEY}) {
                    input.string(shapeKey, null);
                }
                input.rejectUnused();
                continue;
            }
            KerasArgs args = new KerasArgs(layerName, layerConfig);
            args.string("batch_input_shape", null);
            args.string("batch_shape", null);
            args.string("input_shape", null);
            Layer layer = switch (className) {
                case Conv2D.KERAS_CLASS, "Convolution2D" -> Conv2D.fromKeras(args);
                case MaxPooling2D.KERAS_CLASS, "MaxPool2D" -> MaxPooling2D.fromKeras(args);
                case GlobalAveragePooling2D.KERAS_CLASS, "GlobalAvgPool2D" -> GlobalAveragePooling2D.fromKeras(args);
                case Dense.KERAS_CLASS -> Dense.fromKeras(args);
                case Dropout.KERAS_CLASS -> Dropout.fromKeras(args);
                // Keras takes a softmax as a layer of its own too; cam4j's contract reads it on the Dense.
                case "Activation", "Softmax" -> throw new ModelConfigException("layer '" + layerName + "': layer type '"
                        + className + "' is not supported: give the activation to the layer before it instead (e.g."
                        + " Dense(10, activation=\"softmax\"), Conv2D(..., activation=\"relu\"))");
                default -> throw new ModelConfigException("layer '" + layerName + "': layer type '" + className
                        + "' is not supported (cam4j builds Conv2D, MaxPooling2D, Dropout, GlobalAveragePooling2D and Dense)");
            };
            args.rejectUnused();
            notes.addAll(args.notes());
            layers.add(layer);
        }
        if (inputShape == null && config.hasNonNull("build_input_shape")) {
            // A Sequential given no input but built (model.build((None, 28, 28, 1))): tf.keras 2 writes no InputLayer,
            // only the shape it was built with, which Keras reads back; it was refused as declaring none.
            ObjectNode built = MAPPER.createObjectNode();
            built.set("batch_input_shape", config.get("build_input_shape"));
            inputShape = declaredInputShape("the model's build_input_shape", built, notes);
        }
        if (inputShape == null) {
            throw new ModelConfigException("the config declares no input shape (an InputLayer with batch_input_shape or "
                    + "batch_shape, batch_input_shape on the first layer, or the model's build_input_shape)");
        }
        if (!inputLayerGiven && keras3InputClash >= 0) {
            throw keras3InputClash(keras3InputClash, keras3InputClashClass, inputMade ? inputIndex : -1, layers);
        }
        // The input's names, which a layer's refusal must not offer to rename it to: the InputLayer's, or Keras 2's
        // <first>_input, and, without an InputLayer, Keras 3's input_layer.
        java.util.Set<String> inputNames = new java.util.HashSet<>();
        if (inputName != null) {
            inputNames.add(inputName);
        }
        if (!inputLayerGiven) {
            inputNames.add(KERAS3_INPUT);
        }
        return new Sequential(config.path("name").asText(DEFAULT_NAME), inputShape, layers, notes, inputNames);
    }

    static String write(Sequential model) {
        ObjectNode root = MAPPER.createObjectNode();
        // Keras 3's model_from_json finds the model's class by its "module" alone (serialization_lib's
        // _retrieve_class_or_fn: no module, no class): without it Keras 3 refused what --print-arch wrote ("Could not
        // locate class 'Sequential'"). Keras 2 reads past both keys, and Keras 3's Sequential.from_config reads layers
        // without a module in Keras 2's form, as written below.
        root.put("module", "keras");
        root.put("class_name", "Sequential");
        ObjectNode config = root.putObject("config");
        config.put("name", model.name());
        ArrayNode layers = config.putArray("layers");
        ObjectNode input = layers.addObject();
        input.put("class_name", "InputLayer");
        ObjectNode inputConfig = input.putObject("config");
        ArrayNode shape = inputConfig.putArray("batch_input_shape").addNull();
        for (long d : model.inputShape()) {
            if (d < 0) {
                shape.addNull();
            } else {
                shape.add(d);
            }
        }
        inputConfig.put("dtype", "float32");
        inputConfig.put("sparse", false);
        inputConfig.put("ragged", false);
        // Keras 2 names an InputLayer input_1, then input_2...: the first no layer of the model takes, so that what is
        // written never holds two layers of one name (a Conv2D named input_1 beside an unnamed InputLayer was printed
        // as a second input_1, which Keras refuses).
        java.util.Set<String> taken = new java.util.HashSet<>();
        for (Layer layer : model.layers()) {
            taken.add(layer.name());
        }
        String inputName = "input_1";
        for (int n = 2; taken.contains(inputName); n++) {
            inputName = "input_" + n;
        }
        inputConfig.put("name", inputName);
        for (Layer layer : model.layers()) {
            ObjectNode node = layers.addObject();
            node.put("class_name", layer.kerasClassName());
            ObjectNode layerConfig = node.putObject("config");
            layerConfig.put("name", layer.name());
            layerConfig.put("trainable", true);
            layerConfig.put("dtype", "float32");
            layer.writeKerasConfig(layerConfig);
        }
        root.putNull("registered_name");
        root.put("keras_version", WRITTEN_KERAS_VERSION);
        root.put("backend", "tensorflow");
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain nodes always serialises", e);
        }
    }

    /**
     * Writes the regularizers and constraints of a layer with weights as Keras 2 writes them when it has none: each key
     * with null. They had been left out, so a config file's --print-arch was not what Keras writes for the model (nor
     * what the presets ship) though Keras reads both alike: a copy of a preset printed back differed from it in them.
     */
    static void putNoRegularizers(ObjectNode config) {
        for (String key : new String[] {"kernel_regularizer", "bias_regularizer", "activity_regularizer",
                "kernel_constraint", "bias_constraint"}) {
            config.putNull(key);
        }
    }

    static void putInitializer(ObjectNode config, String key, Initializer initializer) {
        ObjectNode node = config.putObject(key);
        node.put("class_name", initializer.kerasName());
        ObjectNode initConfig = node.putObject("config");
        if (initializer != Initializer.ZEROS) {
            initConfig.putNull("seed");
        }
    }

    /**
     * @param owner who declares it, as an error names it: "layer 'conv2d'"
     * @param notes where a batch size the shape fixes is said, which cam4j does not keep
     */
    private static long[] declaredInputShape(String owner, JsonNode config, List<String> notes)
            throws ModelConfigException {
        String key = config.has("batch_input_shape") ? "batch_input_shape" : "batch_shape";
        JsonNode shape = config.get(key);
        int skip = 1;
        if ((shape == null || shape.isNull()) && config.has("input_shape")) {
            // Keras 2's input_shape on the first layer: the same shape without the batch dimension.
            shape = config.get("input_shape");
            skip = 0;
        }
        if (shape == null || shape.isNull()) {
            return null;
        }
        if (!shape.isArray() || shape.size() != 3 + skip) {
            throw new ModelConfigException(owner + ": the input shape must be " + (skip == 1
                    ? "[batch, height, width, channels]" : "[height, width, channels]") + ", got " + shape);
        }
        JsonNode batch = skip == 1 ? shape.get(0) : null;
        if (batch != null && !batch.isNull()) {
            // Keras takes a whole number (a model built for that many pictures a batch, Input(batch_size=32)); it had
            // been dropped without a word, and "None", -1 or 2.5, which Keras refuses, or 0 read as an open batch.
            if (!batch.isIntegralNumber() || batch.asLong() < 1) {
                throw new ModelConfigException(owner + ": the input shape's batch size must be null (any) or a whole"
                        + " number of at least 1, got " + batch + " in " + shape);
            }
            notes.add((owner.startsWith("layer") ? owner + ": its " + key : owner) + " " + shape + " fixes a batch"
                    + " of " + batch + " pictures, which cam4j does not keep: it trains in batches of --batch-size, and"
                    + " the model it exports (and --print-arch writes) takes any number");
        }
        long[] dims = new long[3];
        for (int i = 0; i < 3; i++) {
            JsonNode d = shape.get(i + skip);
            // null is an open size; anything else must be a whole number from 1 to the bound (-5 was taken as open,
            // 28.9 as 28). The refusal names the bound: 70000 was refused as not "a positive whole number".
            if (!d.isNull() && !(d.isIntegralNumber() && d.asLong() >= 1 && d.asLong() <= MAX_INPUT_SIZE)) {
                throw new ModelConfigException(owner + ": the input shape's " + (i == 0 ? "height" : i == 1
                        ? "width" : "channels") + " must be null (any) or a whole number from 1 to " + MAX_INPUT_SIZE
                        + ", got " + d + " in " + shape);
            }
            dims[i] = d.isNull() ? -1 : d.asLong();
        }
        return dims;
    }
}
