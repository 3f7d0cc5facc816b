package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/**
 * {@link KerasJson}'s reading of the input shape a config declares and its words for the configs it refuses, and the
 * initializers it writes, where mutation testing (round 40) found them unchecked.
 */
class KerasJsonTest {
    private static String config(String inputConfig, String convExtra) {
        return """
                {"class_name": "Sequential", "config": {"name": "m", "layers": [
                  {"class_name": "InputLayer", "config": {%s, "name": "in"}},
                  {"class_name": "Conv2D", "config": {"name": "c1", "filters": 4, "kernel_size": 3, "padding": "same",
                    "activation": "relu"%s}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "gap"}},
                  {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}
                ]}}
                """.formatted(inputConfig, convExtra);
    }

    private static String refused(String json) {
        return assertThrows(ModelConfigException.class, () -> Sequential.fromJson(json)).getMessage();
    }

    @Test
    void aDocumentThatIsNoObjectIsNamedByWhatItIs() {
        assertEquals("not a Keras model config: a JSON object with \"class_name\" and \"config\" (what model.to_json()"
                + " writes) was expected, got array", refused("[1, 2]"));
        assertTrue(refused("\"Sequential\"").endsWith("was expected, got string"), refused("\"Sequential\""));
    }

    /**
     * What model.get_config() returns, written out where model.to_json() goes: Keras 2.2.3 and later's
     * {"name": ..., "layers": [...]}, older Keras' list of layers. Each was refused without saying what it is or what to
     * give instead ("got array"; "it has no "class_name"").
     */
    @Test
    void aModelsGetConfigWrittenOutIsNamedWithWhatToGive() throws Exception {
        JsonNode whole = new ObjectMapper().readTree(config("\"batch_input_shape\": [null, 28, 28, 1]", ""));
        assertEquals("not a Keras model config: a JSON object with \"class_name\" and \"config\" (what model.to_json()"
                + " writes) was expected, got array of layers, the model's get_config() in Keras before 2.2.3: give"
                + " model.to_json(), which writes {\"class_name\": \"Sequential\", \"config\": [...]}",
                refused(whole.path("config").path("layers").toString()));
        assertEquals("not a Keras model config: it has no \"class_name\" (model.to_json() writes {\"class_name\":"
                + " \"Sequential\", \"config\": {...}}); its keys are \"name\", \"layers\", as in model.get_config():"
                + " give model.to_json(), which writes it as the \"config\"", refused(whole.path("config").toString()));
    }

    /** A Sequential subclass of the user's own, as Keras 3 writes it, is no Keras Sequential: refused at the model. */
    @Test
    void aModelClassOfTheUsersOwnIsRefused() {
        String own = config("\"batch_input_shape\": [null, 28, 28, 1]", "").replaceFirst("\\{\"class_name\": \"Sequential\",",
                "{\"module\": \"my_models\", \"registered_name\": \"my_models>Sequential\", \"class_name\": \"Sequential\",");
        assertEquals("the model is a class of its own (registered_name 'my_models>Sequential', module 'my_models'), not"
                + " Keras' Sequential: cam4j builds Keras' own classes only, and would train another model than it",
                refused(own));
    }

    /** Keras 2 takes batch_input_shape over input_shape when a layer gives both (Layer.__init__); so does cam4j. */
    @Test
    void batchInputShapeIsTakenOverInputShapeAsKerasTakesIt() throws Exception {
        String both = config("\"batch_input_shape\": [null, 28, 28, 1], \"input_shape\": [32, 32, 3]", "");
        assertArrayEquals(new long[] {28, 28, 1}, Sequential.fromJson(both).inputShape());
        // A null batch_input_shape is none: the input_shape beside it is read.
        String nullBatch = config("\"batch_input_shape\": null, \"input_shape\": [32, 32, 3]", "");
        assertArrayEquals(new long[] {32, 32, 3}, Sequential.fromJson(nullBatch).inputShape());
    }

    @Test
    void aShapeOfTheWrongLengthIsRefusedSayingWhichFormWasExpected() {
        assertEquals("layer 'in': the input shape must be [batch, height, width, channels], got [null,28,28]",
                refused(config("\"batch_input_shape\": [null, 28, 28]", "")));
        assertEquals("layer 'in': the input shape must be [height, width, channels], got [28,28]",
                refused(config("\"input_shape\": [28, 28]", "")));
    }

    @Test
    void aBadSizeIsRefusedNamingItsAxis() {
        assertTrue(refused(config("\"batch_input_shape\": [null, 28, 0, 1]", "")).startsWith(
                "layer 'in': the input shape's width must be null (any) or a whole number from 1 to 65536, got 0 in"));
        assertTrue(refused(config("\"batch_input_shape\": [null, 28, 28, 1.5]", "")).startsWith(
                "layer 'in': the input shape's channels must be null (any) or a whole number from 1 to 65536, got 1.5 in"));
    }

    /** 70 000 is a positive whole number: the refusal said it must be one, without its bound. */
    @Test
    void aSizeAboveTheBoundIsRefusedNamingTheBound() throws Exception {
        assertEquals("layer 'in': the input shape's height must be null (any) or a whole number from 1 to 65536, got"
                + " 65537 in [null,65537,28,1]", refused(config("\"batch_input_shape\": [null, 65537, 28, 1]", "")));
        assertArrayEquals(new long[] {65536, 28, 1},
                Sequential.fromJson(config("\"batch_input_shape\": [null, 65536, 28, 1]", "")).inputShape());
    }

    /**
     * A batch size the input shape fixes (Keras 2's Input(batch_size=32), InputLayer(batch_input_shape=(32, ...)),
     * Keras 3's batch_shape; model.build((32, ...))) is one Keras reads: read, said once in a note (tf.keras 2 writes
     * the shape on the InputLayer and again on the first layer), written back as null. It had been dropped without a
     * word, and one that is no batch size ("None", -1, 2.5, which Keras refuses; 0) read as an open batch.
     */
    @Test
    void aBatchSizeTheInputFixesIsNotedAndOneKerasRefusesIsRefused() throws Exception {
        String fixed = config("\"batch_input_shape\": [32, 28, 28, 1]", ", \"batch_input_shape\": [32, 28, 28, 1]");
        Sequential model = Sequential.fromJson(fixed);
        assertEquals(java.util.List.of("layer 'in': its batch_input_shape [32,28,28,1] fixes a batch of 32 pictures,"
                + " which cam4j does not keep: it trains in batches of --batch-size, and the model it exports (and"
                + " --print-arch writes) takes any number"), model.configNotes());
        assertEquals(Sequential.fromJson(config("\"batch_input_shape\": [null, 28, 28, 1]", "")), model);
        JsonNode input = new ObjectMapper().readTree(model.toJson()).path("config").path("layers").get(0);
        assertEquals("[null,28,28,1]", input.path("config").path("batch_input_shape").toString());
        assertTrue(Sequential.fromJson(config("\"batch_shape\": [8, 28, 28, 1]", "")).configNotes().get(0)
                .startsWith("layer 'in': its batch_shape [8,28,28,1] fixes a batch of 8 pictures,"));
        // model.build((16, 28, 28, 1)) of a Sequential given no input: tf.keras 2 writes no InputLayer, only the shape.
        String built = config("\"batch_input_shape\": [null, 28, 28, 1]", "").replaceFirst("\\{\"class_name\":"
                + " \"InputLayer\"[^\n]*\n", "").replace("]}}", "], \"build_input_shape\": [16, 28, 28, 1]}}");
        assertTrue(Sequential.fromJson(built).configNotes().get(0).startsWith("the model's build_input_shape"
                + " [16,28,28,1] fixes a batch of 16 pictures,"), Sequential.fromJson(built).configNotes().toString());
        assertEquals("layer 'in': the input shape's batch size must be null (any) or a whole number of at least 1, got"
                + " \"None\" in [\"None\",28,28,1]",
                refused(config("\"batch_input_shape\": [\"None\", 28, 28, 1]", "")));
        assertTrue(refused(config("\"batch_shape\": [0, 28, 28, 1]", "")).endsWith("got 0 in [0,28,28,1]"));
        assertTrue(refused(config("\"batch_shape\": [-1, 28, 28, 1]", "")).endsWith("got -1 in [-1,28,28,1]"));
        assertTrue(refused(config("\"batch_shape\": [2.5, 28, 28, 1]", "")).endsWith("got 2.5 in [2.5,28,28,1]"));
        // input_shape has no batch: nothing to say.
        assertTrue(Sequential.fromJson(config("\"input_shape\": [28, 28, 1]", "")).configNotes().isEmpty());
    }

    /**
     * An InputLayer's arguments are checked as every other layer's: one cam4j does not read is refused naming it (a
     * null, false or empty one changes nothing and is read). They had been read without a word, whatever they were: a
     * misspelt "batch_shap" went as far as "the config declares no input shape", naming neither the layer nor the key.
     */
    @Test
    void anInputLayersArgumentThatIsNotReadIsRefusedNamingIt() throws Exception {
        assertEquals("layer 'in': argument 'batch_shap' = [null,28,28,1] is not supported by cam4j",
                refused(config("\"batch_shap\": [null, 28, 28, 1]", "")));
        assertEquals("layer 'in': argument 'input_tensor' = \"x\" is not supported by cam4j",
                refused(config("\"batch_input_shape\": [null, 28, 28, 1], \"input_tensor\": \"x\"", "")));
        assertEquals(Sequential.fromJson(config("\"batch_input_shape\": [null, 28, 28, 1]", "")),
                Sequential.fromJson(config("\"batch_input_shape\": [null, 28, 28, 1], \"input_tensor\": null", "")));
        // What Keras 2 writes of an InputLayer, every key, is read: input_shape, then batch_input_shape, dtype,
        // sparse, ragged (Keras 3's, optional too, KerasJsonTest's Keras 3 preset reads).
        String keras2 = "\"batch_input_shape\": [null, 28, 28, 1], \"dtype\": \"float32\", \"sparse\": false,"
                + " \"ragged\": false";
        assertEquals(Sequential.fromJson(config("\"input_shape\": [28, 28, 1]", "")),
                Sequential.fromJson(config(keras2, "")));
    }

    /** Keras 2 writes the shape on the InputLayer and again on the first layer; the two must agree, and are shown. */
    @Test
    void aFirstLayerDisagreeingWithTheInputLayerShowsBothShapes() {
        assertEquals("layer 'c1': declares the input shape [null, 28, 3], but the InputLayer before it declares"
                + " [null, 28, 1]", refused(config("\"batch_input_shape\": [null, null, 28, 1]",
                        ", \"batch_input_shape\": [null, null, 28, 3]")));
    }

    /**
     * Keras' Zeros takes no seed (Zeros(seed=None) is a TypeError in from_config), its random initializers one: the
     * written config gives the seed to those only.
     */
    @Test
    void onlyRandomInitializersAreWrittenWithASeed() throws Exception {
        JsonNode conv = new ObjectMapper().readTree(Sequential.fromJson(config("\"batch_input_shape\": [null, 28, 28, 1]",
                "")).toJson()).path("config").path("layers").get(1).path("config");
        assertEquals("GlorotUniform", conv.path("kernel_initializer").path("class_name").asText());
        assertTrue(conv.path("kernel_initializer").path("config").has("seed"), conv.toString());
        assertEquals("Zeros", conv.path("bias_initializer").path("class_name").asText());
        assertFalse(conv.path("bias_initializer").path("config").has("seed"), conv.toString());
    }

    /** A Sequential of two convolutions, a pooling and the head, each layer named by {@code names[i]} (null: none). */
    private static String unnamed(String... names) {
        String[] classes = {"Conv2D", "MaxPooling2D", "Conv2D", "GlobalAveragePooling2D", "Dense"};
        String[] args = {"\"filters\": 4, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"", "",
            "\"filters\": 8, \"kernel_size\": 3, \"padding\": \"same\", \"activation\": \"relu\"", "",
            "\"units\": 10, \"activation\": \"softmax\""};
        StringBuilder layers = new StringBuilder("{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\":"
                + " [null, 28, 28, 1]}}");
        for (int i = 0; i < classes.length; i++) {
            String name = names[i] == null ? "" : "\"name\": \"" + names[i] + "\"" + (args[i].isEmpty() ? "" : ", ");
            layers.append(",\n{\"class_name\": \"").append(classes[i]).append("\", \"config\": {").append(name)
                    .append(args[i]).append("}}");
        }
        return "{\"class_name\": \"Sequential\", \"config\": {\"name\": \"m\", \"layers\": [" + layers + "]}}";
    }

    private static java.util.List<String> layerNames(String json) throws ModelConfigException {
        return Sequential.fromJson(json).layers().stream().map(Layer::name).toList();
    }

    /**
     * A layer whose config gives no name is named as Keras names it, its class in snake case, numbered from the
     * second unnamed layer of its class on. It was the class lower-cased and its index ("conv2d_1", "maxpooling2d_2"):
     * a preset's copy with its first Conv2D's name taken out was refused as "two layers are named 'conv2d_1'" (found
     * with the jar, helper-268), and an error in an unnamed layer named its well-named neighbour ("layer 'conv2d_1':
     * argument 'filters' ... is missing").
     */
    @Test
    void aLayerGivenNoNameIsNamedAsKerasNamesIt() throws Exception {
        assertEquals(java.util.List.of("conv2d", "max_pooling2d", "conv2d_1", "global_average_pooling2d", "dense"),
                layerNames(unnamed(null, null, null, null, null)));
        // The preset's names with the first taken out, as in the copy that was refused.
        assertEquals(java.util.List.of("conv2d", "max_pooling2d", "conv2d_1", "global_average_pooling2d", "dense"),
                layerNames(unnamed(null, "max_pooling2d", "conv2d_1", "global_average_pooling2d", "dense")));
        // Names given by hand do not move Keras' count: the unnamed Conv2D after a named one is conv2d, not conv2d_1.
        assertEquals(java.util.List.of("c1", "max_pooling2d", "conv2d", "global_average_pooling2d", "dense"),
                layerNames(unnamed("c1", null, null, null, null)));
        // Keras' aliases are named by the class they stand for.
        assertEquals(java.util.List.of("conv2d", "max_pooling2d", "conv2d_1", "global_average_pooling2d", "dense"),
                layerNames(unnamed(null, null, null, null, null).replace("\"MaxPooling2D\"", "\"MaxPool2D\"")
                        .replaceFirst("\"Conv2D\"", "\"Convolution2D\"")
                        .replace("\"GlobalAveragePooling2D\"", "\"GlobalAvgPool2D\"")));
        // An error in an unnamed layer names it, not its neighbour named conv2d_1.
        assertEquals("layer 'conv2d': argument 'filters' must be a whole number, and is missing", refused(
                unnamed(null, "max_pooling2d", "conv2d_1", "global_average_pooling2d", "dense")
                        .replaceFirst("\"filters\": 4, ", "")));
    }

    /**
     * Keras counts unnamed layers only and never steps around a name given by hand (Keras 2's
     * backend.unique_object_name, Keras 3's naming.uniquify), so a config naming a layer as Keras names an unnamed one
     * is a model Keras refuses: Keras 2.15's and 3.15's Sequential.add, as the second is added, "All layers added to a
     * Sequential model should have unique names" (the refusal had quoted a functional model's words, "The name "conv2d"
     * is used 2 times in the model"). The unnamed layer had been named past
     * the given name (conv2d_1 here, conv2d_2 in the pooled preset's copy), a name Keras never gives it.
     */
    @Test
    void anUnnamedLayerWhoseKerasNameTheConfigGivesAnotherIsRefusedAsKerasRefusesIt() {
        assertEquals("config.layers[1] (Conv2D) is given no name, so Keras names it 'conv2d', and config.layers[3] is"
                + " named 'conv2d' too: Keras refuses the model (\"All layers added to a Sequential model should have"
                + " unique names\"); name one of the two otherwise", refused(unnamed(null, "pool", "conv2d", "gap", "dense")));
        // The second unnamed Conv2D is conv2d_1, which a later layer of another class is given.
        assertEquals("config.layers[3] (Conv2D) is given no name, so Keras names it 'conv2d_1', and config.layers[4] is"
                + " named 'conv2d_1' too: Keras refuses the model (\"All layers added to a Sequential model should have"
                + " unique names\"); name one of the two otherwise", refused(unnamed(null, null, null, "conv2d_1", null)));
    }

    /**
     * An unnamed InputLayer is named as Keras 3 names it (input_layer); Keras 2 names it input_1 and takes a layer
     * named input_layer beside it, so the refusal says it is Keras 3's, where "Keras refuses the model" was untrue of
     * Keras 2. What is accepted is unchanged: the clash is still refused.
     */
    @Test
    void anUnnamedInputLayersClashIsSaidToBeKeras3s() {
        assertEquals("config.layers[0] (InputLayer) is given no name, so Keras 3 names it 'input_layer' (Keras 2:"
                + " 'input_1'), and config.layers[1] is named 'input_layer' too: Keras 3 refuses the model (\"All layers"
                + " added to a Sequential model should have unique names\"); name one of the two otherwise",
                refused(unnamed("input_layer", null, null, null, null)));
    }

    /**
     * An InputLayer named as another layer of the model: Keras refuses the model, Keras 2 when it builds the graph
     * ("The name "conv" is used 2 times in the model", functional.py's _map_graph_network, which counts the InputLayer)
     * and Keras 3 when the layer is added (Sequential.add, whose _is_layer_name_unique counts it too). cam4j made no
     * layer of the InputLayer, so its check of two layers of one name never saw it, and the model was read without a
     * word. An InputLayer named as no layer is read as before.
     */
    @Test
    void aLayerNamedAsTheInputLayerIsRefusedAsKerasRefusesIt() throws Exception {
        String named = unnamed(null, null, "conv", null, null).replace("[null, 28, 28, 1]}",
                "[null, 28, 28, 1], \"name\": \"conv\"}");
        assertEquals("config.layers[3] (Conv2D) is named 'conv', as the InputLayer config.layers[0] is: Keras refuses"
                + " the model (Keras 2: \"The name \"conv\" is used 2 times in the model\"; Keras 3: \"All layers"
                + " added to a Sequential model should have unique names\"); name one of the two otherwise",
                refused(named));
        assertEquals(java.util.List.of("conv2d", "max_pooling2d", "conv2", "global_average_pooling2d", "dense"),
                layerNames(named.replace("\"name\": \"conv\", \"filters\"", "\"name\": \"conv2\", \"filters\"")));
    }

    /**
     * With no InputLayer, a first layer that declares the input shape gets one from Keras 2, named after it:
     * Sequential.add makes Input(name=layer.name + "_input") and builds the graph (_map_graph_network counts the
     * InputLayer), so a later layer of that name is refused ("The name "conv_input" is used 2 times in the model"). cam4j
     * read it without a word. The same name beside an InputLayer of the config's own clashes with nothing, and is read.
     */
    @Test
    void aLayerNamedAsKeras2sInputForTheFirstLayerIsRefused() throws Exception {
        String noInputLayer = unnamed("conv", null, "conv_input", null, null)
                .replace("{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 28, 28, 1]}},\n", "")
                .replace("\"name\": \"conv\", ", "\"name\": \"conv\", \"batch_input_shape\": [null, 28, 28, 1], ");
        assertEquals("config.layers[2] (Conv2D) is named 'conv_input', as Keras 2 names the InputLayer it makes for"
                + " config.layers[0], which declares the input shape: Keras 2 refuses the model (\"The name"
                + " \"conv_input\" is used 2 times in the model\"); name it otherwise", refused(noInputLayer));
        assertEquals(java.util.List.of("conv", "max_pooling2d", "conv2", "global_average_pooling2d", "dense"),
                layerNames(noInputLayer.replace("\"conv_input\"", "\"conv2\"")));
        assertEquals(java.util.List.of("conv", "max_pooling2d", "conv_input", "global_average_pooling2d", "dense"),
                layerNames(unnamed("conv", null, "conv_input", null, null)));
    }

    /**
     * "name": "" is a name Keras keeps: Keras 2.15's Layer._init_set_name and Keras 3.15's Operation.__init__ name a
     * layer themselves only when its name is None (Keras 2 names an InputLayer input_1... when its name is empty,
     * Keras 3 keeps it). cam4j names a layer's ops and weights after it and refuses it, saying how to have it named;
     * the refusal had said only which characters TensorFlow takes. An InputLayer named "" is read, as before.
     */
    @Test
    void anEmptyNameIsRefusedSayingThatKerasKeepsItAndHowToHaveItNamed() throws Exception {
        assertEquals("config.layers[3] (Conv2D): its \"name\" is \"\", which Keras keeps as given (it names a layer only"
                + " when \"name\" is absent or null), but cam4j names the layer's TensorFlow ops and weights after it:"
                + " leave \"name\" out to have it named as Keras names an unnamed layer, or give it one",
                refused(unnamed(null, null, "", null, null)));
        assertEquals(java.util.List.of("conv2d", "max_pooling2d", "conv2d_1", "global_average_pooling2d", "dense"),
                layerNames(unnamed(null, null, null, null, null).replace("[null, 28, 28, 1]}",
                        "[null, 28, 28, 1], \"name\": \"\"}")));
    }

    /**
     * A layer name with '/' (a TensorFlow scope, block1/conv) is refused as Keras 3 refuses it when it makes the layer
     * (keras/src/ops/operation.py: "Argument `name` must be a string and cannot contain character `/`"), saying so and
     * what to rename it to; tf.keras 2 took it, its ops under nested scopes (block1/conv/Conv2D). The refusal had named
     * the character only. Nothing is trained or exported under such a name.
     */
    @Test
    void aNameWithASlashIsRefusedAsKeras3RefusesItSayingWhatToRenameItTo() {
        assertEquals("model 'm': layer name 'block1/conv' contains '/', which Keras 3 refuses too (\"Argument `name`"
                + " must be a string and cannot contain character `/`\"; tf.keras 2 read it as TensorFlow scopes):"
                + " rename the layer, e.g. 'block1_conv'", refused(unnamed(null, null, "block1/conv", null, null)));
    }

    /**
     * A layer name with a space: Keras 3 takes it (keras/src/ops/operation.py refuses '/' only), so a config it wrote
     * may hold one; tf.keras 2 refuses it when the layer is called ("'conv 1/' is not a valid root scope name", the
     * TensorFlow name scope its base_layer opens), and cam4j, which names the layer's ops and weights after it and
     * whose TensorFlow Java takes op names of [A-Za-z0-9.][A-Za-z0-9_.\-]* only, refuses it too. The refusal says the
     * limit is cam4j's, not Keras 3's, and what to rename the layer to (a name TensorFlow takes that no other layer
     * has), where it had named the characters only.
     */
    @Test
    void aNameWithASpaceIsRefusedAsCam4jsLimitSayingWhatToRenameItTo() {
        assertEquals("model 'm': layer name 'block 2 conv' has ' ', which TensorFlow Java's op names refuse (they are"
                + " a letter, digit or '.', then letters, digits, '_', '.' or '-'): cam4j names the layer's TensorFlow"
                + " ops and weights after it, so the limit is cam4j's, and tf.keras 2's (\"'block 2 conv/' is not a valid"
                + " root scope name\"), not Keras 3's, which takes any name without '/': rename the layer, e.g."
                + " 'block_2_conv'", refused(unnamed(null, null, "block 2 conv", null, null)));
        // The name offered is one no other layer has, and one TensorFlow takes from its first character on.
        assertTrue(refused(unnamed("conv_1", null, "conv 1", null, null)).endsWith("rename the layer, e.g. 'conv_1_1'"),
                refused(unnamed("conv_1", null, "conv 1", null, null)));
        assertTrue(refused(unnamed(null, null, " conv", null, null)).endsWith("rename the layer, e.g. 'conv'"),
                refused(unnamed(null, null, " conv", null, null)));
        assertTrue(refused(unnamed(null, null, "\u00e9", null, null)).endsWith("rename the layer, e.g. 'layer'"),
                refused(unnamed(null, null, "\u00e9", null, null)));
    }

    /**
     * A layer name with '>' broke no rule of TensorFlow's own op names, yet its refusal opened "is not one TensorFlow
     * takes": TensorFlow's Python op names take '>' (tensorflow/python/framework/ops.py, _VALID_OP_NAME_REGEX
     * ^[A-Za-z0-9.][A-Za-z0-9_.\\/>-]*$, the root scope name tf.keras 2's layer call opens), TensorFlow Java's do not
     * (NameScope.NAME_REGEX [A-Za-z0-9.][A-Za-z0-9_.\-]*), and cam4j names ops after the layer in TensorFlow Java. The
     * refusal now says which rule the name breaks, a character after the first or the first, that TensorFlow's Python
     * takes it where it does (no tf.keras 2 refusal quoted then), and what to rename the layer to.
     */
    @Test
    void aNameWithAnAngleBracketIsSaidToBreakTensorFlowJavasRuleOnlyAndWhatToRenameItTo() {
        assertEquals("model 'm': layer name 'block1>conv' has '>', which TensorFlow Java's op names refuse (they are a"
                + " letter, digit or '.', then letters, digits, '_', '.' or '-'), where TensorFlow's Python op names take"
                + " it: cam4j names the layer's TensorFlow ops and weights after it, so the limit is cam4j's, not Keras"
                + " 3's, which takes any name without '/': rename the layer, e.g. 'block1_conv'",
                refused(unnamed(null, null, "block1>conv", null, null)));
        // Two characters TensorFlow's Python takes ('\\' is in its regex too), each named once; the JSON escapes them.
        assertTrue(refused(unnamed(null, null, "a>b\\\\c>d", null, null)).startsWith("model 'm': layer name 'a>b\\c>d'"
                + " has '>', '\\', which TensorFlow Java's op names refuse (they are a letter, digit or '.', then letters,"
                + " digits, '_', '.' or '-'), where TensorFlow's Python op names take them: cam4j"),
                refused(unnamed(null, null, "a>b\\\\c>d", null, null)));
        // A first character that none of them takes, with tf.keras 2's refusal quoted.
        assertTrue(refused(unnamed(null, null, "_conv", null, null)).startsWith("model 'm': layer name '_conv' starts"
                + " with '_', which TensorFlow Java's op names refuse (they are a letter, digit or '.', then letters,"
                + " digits, '_', '.' or '-'): cam4j names the layer's TensorFlow ops and weights after it, so the limit"
                + " is cam4j's, and tf.keras 2's (\"'_conv/' is not a valid root scope name\")"),
                refused(unnamed(null, null, "_conv", null, null)));
        // Both rules broken, and '>' beside a character TensorFlow's Python refuses: no "Python takes them".
        assertTrue(refused(unnamed(null, null, " a>b c", null, null)).startsWith("model 'm': layer name ' a>b c' starts"
                + " with ' ' and has '>', ' ', which TensorFlow Java's op names refuse (they are a letter, digit or '.',"
                + " then letters, digits, '_', '.' or '-'): cam4j names"),
                refused(unnamed(null, null, " a>b c", null, null)));
        // A character that does not show is named by its code.
        assertTrue(refused(unnamed(null, null, "a\\tb", null, null)).contains("layer name 'a\tb' has U+0009, which"),
                refused(unnamed(null, null, "a\\tb", null, null)));
    }

    /**
     * A character that does not show as itself is named by its code, not only a control character: a no-break space
     * was said as ' ', a zero-width space or a byte-order mark as '', and a combining accent was drawn over the quote
     * after it, so the refusal named a character the user could not find in the name.
     */
    @Test
    void aNameWithACharacterThatDoesNotShowNamesItsCode() {
        assertTrue(refused(unnamed(null, null, "a\u00a0b", null, null)).contains(" has U+00A0, which"),
                refused(unnamed(null, null, "a\u00a0b", null, null)));
        assertTrue(refused(unnamed(null, null, "a\u200bb", null, null)).contains(" has U+200B, which"),
                refused(unnamed(null, null, "a\u200bb", null, null)));
        assertTrue(refused(unnamed(null, null, "\ufeffconv", null, null)).contains(" starts with U+FEFF, which"),
                refused(unnamed(null, null, "\ufeffconv", null, null)));
        assertTrue(refused(unnamed(null, null, "e\u0301t", null, null)).contains(" has U+0301, which"),
                refused(unnamed(null, null, "e\u0301t", null, null)));
        // A letter outside ASCII shows, and a space is ' ', as before.
        assertTrue(refused(unnamed(null, null, "conv\u00e9", null, null)).contains(" has '\u00e9', which"),
                refused(unnamed(null, null, "conv\u00e9", null, null)));
        assertTrue(refused(unnamed(null, null, "conv 1", null, null)).contains(" has ' ', which"),
                refused(unnamed(null, null, "conv 1", null, null)));
    }

    /**
     * The name a refusal offers to rename a layer to is then read: it had been offered without a look at the input's
     * name, or, for a name with '/', at the other layers'. Beside an unnamed InputLayer (Keras 3's input_layer) "input
     * layer" was offered 'input_layer', and in a config without an InputLayer too, which the refusal of a layer named
     * as Keras 3's made InputLayer then refused; "conv2d/1" beside an unnamed second Conv2D (conv2d_1) was offered
     * 'conv2d_1' ("two layers are named"), and "/conv" '_conv', which TensorFlow Java refuses.
     */
    @Test
    void theNameOfferedForALayerIsReadInItsPlace() throws Exception {
        String withoutInputLayer = tfKeras2BuiltModel("input layer");
        String[][] cases = {
            {unnamed(null, "input layer", null, null, null), "input layer", "input_layer_1"},
            {unnamed(null, "input/layer", null, null, null), "input/layer", "input_layer_1"},
            {unnamed(null, "conv2d/1", null, null, null), "conv2d/1", "conv2d_1_1"},
            {unnamed(null, "/conv", null, null, null), "/conv", "conv"},
            {withoutInputLayer, "input layer", "input_layer_1"},
            {unnamed(null, "input 1", null, null, null).replace("\"batch_input_shape\"",
                    "\"name\": \"input_1\", \"batch_input_shape\""), "input 1", "input_1_1"},
        };
        for (String[] c : cases) {
            String offered = refused(c[0]).replaceFirst("(?s).*rename the layer, e\\.g\\. '([^']*)'$", "$1");
            assertEquals(c[2], offered, refused(c[0]));
            String renamed = c[0].replace("\"" + c[1] + "\"", "\"" + offered + "\"");
            assertTrue(layerNames(renamed).contains(offered), renamed);
        }
    }

    /**
     * The config written (--print-arch) names its InputLayer as Keras 2 does, input_1, unless a layer has that name:
     * then input_2, and so on. A Conv2D named input_1 beside an unnamed InputLayer (read as Keras 3's input_layer) was
     * written beside an InputLayer named input_1 too, two layers of one name, which Keras refuses (helper-269's report).
     */
    @Test
    void theInputLayerWrittenTakesANameNoLayerHas() throws Exception {
        String written = Sequential.fromJson(unnamed("input_1", null, null, null, null)).toJson();
        com.fasterxml.jackson.databind.JsonNode layers = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(written).path("config").path("layers");
        java.util.List<String> names = new java.util.ArrayList<>();
        layers.forEach(layer -> names.add(layer.path("config").path("name").asText()));
        assertEquals(java.util.List.of("input_2", "input_1", "max_pooling2d", "conv2d", "global_average_pooling2d",
                "dense"), names);
        assertEquals(names.subList(1, names.size()), layerNames(written));
        assertEquals("input_1", new com.fasterxml.jackson.databind.ObjectMapper().readTree(Sequential.fromJson(
                unnamed(null, null, null, null, null)).toJson()).path("config").path("layers").get(0).path("config")
                .path("name").asText());
    }

    /**
     * A name that is no text ("name": 5) was read as the name '5', where Keras refuses the layer ("Expected `name`
     * argument to be a string"); the model's own name too.
     */
    @Test
    void aNameThatIsNoTextIsRefused() throws Exception {
        assertEquals("config.layers[3] (Conv2D): its \"name\" is number 5, not text (Keras takes a layer's name as a"
                + " string only, e.g. \"name\": \"5\")", refused(unnamed(null, null, "5", null, null).replace("\"5\"",
                        "5")));
        assertTrue(refused(unnamed(null, null, null, null, null).replace("\"class_name\": \"Dense\", \"config\": {",
                "\"class_name\": \"Dense\", \"config\": {\"name\": true, ")).startsWith("config.layers[5] (Dense): its"
                        + " \"name\" is boolean true, not text"));
        assertEquals("the model's \"name\" is number 7, not text (e.g. \"name\": \"7\")",
                refused(unnamed(null, null, null, null, null).replace("\"name\": \"m\"", "\"name\": 7")));
        // null is no name, as in Keras: the layer is named by its class.
        assertEquals("conv2d", layerNames(unnamed(null, null, null, null, null).replaceFirst(
                "\"config\": \\{\"filters\": 4", "\"config\": {\"name\": null, \"filters\": 4")).get(0));
    }

    /**
     * A layer with no "config" at all was built with every argument at its default (a MaxPooling2D of 2x2), where
     * Keras refuses it ("Improper config format").
     */
    @Test
    void aLayerWithNoConfigIsRefusedNotBuiltWithDefaults() {
        assertEquals("config.layers[2] (MaxPooling2D) has no \"config\" (Keras writes {\"class_name\": \"MaxPooling2D\","
                + " \"config\": {...}}, {} for every argument at its default); its keys are \"class_name\"",
                refused(unnamed(null, null, null, null, null).replace("{\"class_name\": \"MaxPooling2D\", \"config\": {}}",
                        "{\"class_name\": \"MaxPooling2D\"}")));
    }

    /** A layer given as null was said to be "null null". */
    @Test
    void aNullLayerIsSaidToBeNull() {
        assertEquals("config.layers[2] is null, not a layer ({\"class_name\": ..., \"config\": {...}})",
                refused(unnamed(null, null, null, null, null).replaceFirst("\\{\"class_name\": \"MaxPooling2D\", \"config\": \\{\\}\\}", "null")));
    }

    /**
     * A layer without its class_name was "layer type '' is not supported", and one whose config is no object was read
     * as a layer of no arguments ("argument 'filters' must be a whole number, and is missing"); each is said as it is.
     */
    @Test
    void aLayerWithoutItsClassOrWithAConfigThatIsNoObjectIsSaidSo() {
        String json = unnamed(null, null, null, null, null);
        assertEquals("config.layers[2] has no \"class_name\" (Keras writes {\"class_name\": \"Conv2D\", \"config\":"
                + " {...}}); its keys are \"config\"", refused(json.replace("{\"class_name\": \"MaxPooling2D\", ", "{")));
        assertEquals("config.layers[2] ('pool') has no \"class_name\" (Keras writes {\"class_name\": \"Conv2D\","
                + " \"config\": {...}}); its keys are \"config\"", refused(unnamed(null, "pool", null, null, null)
                        .replace("{\"class_name\": \"MaxPooling2D\", ", "{")));
        assertEquals("layer 'conv2d': its \"config\" is string \"x\", not an object of the layer's arguments",
                refused(json.replaceFirst("\"config\": \\{\"filters\": 4, [^}]*\\}", "\"config\": \"x\"")));
    }

    /** Keras 3's float32 dtype policy, as it writes one on each layer. */
    private static final String KERAS3_DTYPE = "{\"module\": \"keras\", \"class_name\": \"DTypePolicy\", \"config\":"
            + " {\"name\": \"float32\"}, \"registered_name\": null}";

    /**
     * model.to_json() of Keras 3.16 for Sequential([Conv2D(8, 3, padding="same", activation="relu",
     * input_shape=(28, 28, 1)), MaxPooling2D(), GlobalAveragePooling2D(), Dense(10, activation="softmax")]) built second
     * in its Python session, written as its source writes it: Sequential.add makes InputLayer(shape=...) unnamed for a
     * first layer that declares input_shape (keras/src/models/sequential.py, add), and Operation.__init__ names it by
     * auto_name, whose counter (naming.uniquify) runs across the session: input_layer_1, conv2d_2 and so on, not
     * input_layer and conv2d. InputLayer.get_config writes batch_shape, dtype, sparse, ragged, name, optional;
     * Sequential.get_config the build_input_shape beside the InputLayer; serialize_keras_object module,
     * registered_name and build_config on each layer; the first layer keeps no input_shape of its own.
     */
    private static String keras3SecondModel() {
        return """
                {"module": "keras", "class_name": "Sequential", "config": {"name": "sequential_1", "trainable": true,
                 "dtype": DTYPE, "layers": [
                  {"module": "keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 28, 28, 1],
                   "dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer_1", "optional": false},
                   "registered_name": null},
                  {"module": "keras.layers", "class_name": "Conv2D", "config": {"name": "conv2d_2", "trainable": true,
                   "dtype": DTYPE, "filters": 8, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same",
                   "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu",
                   "use_bias": true, "kernel_initializer": {"module": "keras.initializers", "class_name":
                   "GlorotUniform", "config": {"seed": null}, "registered_name": null}, "bias_initializer": {"module":
                   "keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null},
                   "kernel_regularizer": null, "bias_regularizer": null, "activity_regularizer": null,
                   "kernel_constraint": null, "bias_constraint": null}, "registered_name": null,
                   "build_config": {"input_shape": [null, 28, 28, 1]}},
                  {"module": "keras.layers", "class_name": "MaxPooling2D", "config": {"name": "max_pooling2d_1",
                   "trainable": true, "dtype": DTYPE, "pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
                   "data_format": "channels_last"}, "registered_name": null,
                   "build_config": {"input_shape": [null, 28, 28, 8]}},
                  {"module": "keras.layers", "class_name": "GlobalAveragePooling2D", "config": {"name":
                   "global_average_pooling2d_1", "trainable": true, "dtype": DTYPE, "data_format": "channels_last",
                   "keepdims": false}, "registered_name": null, "build_config": {"input_shape": [null, 14, 14, 8]}},
                  {"module": "keras.layers", "class_name": "Dense", "config": {"name": "dense_1", "trainable": true,
                   "dtype": DTYPE, "units": 10, "activation": "softmax", "use_bias": true, "kernel_initializer":
                   {"module": "keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null},
                   "registered_name": null}, "bias_initializer": {"module": "keras.initializers", "class_name":
                   "Zeros", "config": {}, "registered_name": null}, "kernel_regularizer": null, "bias_regularizer":
                   null, "kernel_constraint": null, "bias_constraint": null, "quantization_config": null},
                   "registered_name": null, "build_config": {"input_shape": [null, 8]}}],
                 "build_input_shape": [null, 28, 28, 1]}, "registered_name": null,
                 "build_config": {"input_shape": [null, 28, 28, 1]}}
                """.replace("DTYPE", KERAS3_DTYPE);
    }

    /**
     * Keras' name counters run across a Python session (Keras 2's backend.unique_object_name, Keras 3's
     * naming.uniquify), so a model built second is written with input_layer_1, conv2d_2, dense_1: read by the names
     * written, nothing assuming a count from 0 or 1. Keras 3's own InputLayer name for a first layer that declares
     * input_shape is read as any InputLayer's, its shape taken; a layer named input_layer beside it is no clash.
     * Passed before this test was written: it pins the reading.
     */
    @Test
    void aKeras3ModelBuiltLaterInItsSessionIsReadByTheNamesItWrites() throws Exception {
        Sequential model = Sequential.fromJson(keras3SecondModel());
        assertEquals("sequential_1", model.name());
        assertArrayEquals(new long[] {28, 28, 1}, model.inputShape());
        assertEquals(java.util.List.of("conv2d_2", "max_pooling2d_1", "global_average_pooling2d_1", "dense_1"),
                layerNames(keras3SecondModel()));
        assertEquals(java.util.List.of("conv2d_2_kernel", "conv2d_2_bias"),
                model.weightNamesByLayer().get("conv2d_2"));
        assertEquals(java.util.List.of("conv2d_2", "input_layer", "global_average_pooling2d_1", "dense_1"),
                layerNames(keras3SecondModel().replace("\"max_pooling2d_1\"", "\"input_layer\"")));
        // A layer named as the InputLayer is refused as before, whatever the counter made of its name.
        assertTrue(refused(keras3SecondModel().replace("\"max_pooling2d_1\"", "\"input_layer_1\"")).startsWith(
                "config.layers[2] (MaxPooling2D) is named 'input_layer_1', as the InputLayer config.layers[0] is"),
                refused(keras3SecondModel().replace("\"max_pooling2d_1\"", "\"input_layer_1\"")));
    }

    /**
     * tf.keras 2's legacy config of a Sequential built by model.build((None, 28, 28, 1)), with no InputLayer and no
     * layer declaring the input (Sequential.get_config writes build_input_shape then), whose second layer is named
     * conv2d_6_input, the name Keras 2 gives the InputLayer it makes for a first layer conv2d_6. Keras 2's from_config
     * builds it by _build_graph_network_for_inferred_shape, whose Input(name=first.name + "_input") clashes, but that
     * _init_graph_network's "The name ... is used 2 times" is caught there (a bare except falls back to
     * _use_legacy_deferred_behavior) and the model is built as it stands; Keras 3's build names its InputLayer
     * input_layer. Both read it, and so does cam4j; the same name beside a first layer that declares the shape is
     * refused, as Keras 2's Sequential.add refuses it. Passed before this test was written: it pins the reading.
     */
    @Test
    void aLayerNamedAsKeras2sInputIsReadWhenTheShapeIsTheModelsBuildInputShape() throws Exception {
        String built = unnamed("conv2d_6", "conv2d_6_input", null, null, null)
                .replace("{\"class_name\": \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 28, 28, 1]}},\n", "")
                .replace("\"name\": \"m\",", "\"name\": \"m\", \"build_input_shape\": [null, 28, 28, 1],");
        assertEquals(java.util.List.of("conv2d_6", "conv2d_6_input", "conv2d", "global_average_pooling2d", "dense"),
                layerNames(built));
        assertEquals("config.layers[1] (MaxPooling2D) is named 'conv2d_6_input', as Keras 2 names the InputLayer it"
                + " makes for config.layers[0], which declares the input shape: Keras 2 refuses the model (\"The name"
                + " \"conv2d_6_input\" is used 2 times in the model\"); name it otherwise", refused(built
                        .replace("\"name\": \"conv2d_6\", ", "\"name\": \"conv2d_6\", \"input_shape\": [28, 28, 1], ")));
    }

    /** tf.keras 2's float32 layer fields and initializers, as its legacy config (keras_metadata, .h5) writes them. */
    private static final String TF_KERAS2_INIT = "\"kernel_initializer\": {\"class_name\": \"GlorotUniform\", \"config\":"
            + " {\"seed\": null}}, \"bias_initializer\": {\"class_name\": \"Zeros\", \"config\": {}},"
            + " \"kernel_regularizer\": null, \"bias_regularizer\": null, \"activity_regularizer\": null,"
            + " \"kernel_constraint\": null, \"bias_constraint\": null";

    /**
     * tf.keras 2.15's legacy config (Sequential.get_config with use_legacy_config, as keras_metadata.pb and .h5 hold
     * it: no module keys, build_input_shape written for a model given no InputLayer) of Sequential([Conv2D(8, 3,
     * padding="same", activation="relu"), MaxPooling2D(name=POOL), GlobalAveragePooling2D(), Dense(10,
     * activation="softmax")]) built by model.build((None, 28, 28, 1)).
     */
    private static String tfKeras2BuiltModel(String poolName) {
        return """
                {"class_name": "Sequential", "config": {"name": "sequential", "layers": [
                  {"class_name": "Conv2D", "config": {"name": "conv2d", "trainable": true, "dtype": "float32",
                   "filters": 8, "kernel_size": [3, 3], "strides": [1, 1], "padding": "same",
                   "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu",
                   "use_bias": true, INIT}},
                  {"class_name": "MaxPooling2D", "config": {"name": "POOL", "trainable": true, "dtype": "float32",
                   "pool_size": [2, 2], "padding": "valid", "strides": [2, 2], "data_format": "channels_last"}},
                  {"class_name": "GlobalAveragePooling2D", "config": {"name": "global_average_pooling2d",
                   "trainable": true, "dtype": "float32", "data_format": "channels_last", "keepdims": false}},
                  {"class_name": "Dense", "config": {"name": "dense", "trainable": true, "dtype": "float32",
                   "units": 10, "activation": "softmax", "use_bias": true, INIT}}],
                 "build_input_shape": [null, 28, 28, 1]}, "keras_version": "2.15.0", "backend": "tensorflow"}
                """.replace("INIT", TF_KERAS2_INIT).replace("POOL", poolName);
    }

    /**
     * A config with no InputLayer whose layer is named input_layer. Keras makes the InputLayer, unnamed, and Keras 3
     * names it input_layer in a fresh Python session (keras/src/ops/operation.py Operation.__init__, auto_name;
     * keras/src/utils/naming.py uniquify, a counter across the session). For the build_input_shape, Keras 3's
     * Sequential.from_config calls build (keras/src/models/sequential.py), which prepends InputLayer(batch_shape=...)
     * and builds a Functional, whose map_graph refuses two operations of one name, the InputLayer counted
     * (keras/src/ops/function.py, "The name ... is used 2 times in the model"); for a first layer that declares the
     * input shape, Sequential.add makes InputLayer(shape=...) and refuses the later layer of its name
     * (_is_layer_name_unique over _layers, InputLayer included). tf.keras 2 names that InputLayer
     * {@code <first layer>_input} (tf_keras/engine/sequential.py, add and _build_graph_network_for_inferred_shape) and
     * reads both. cam4j read them without a word; refused now as Keras 3 refuses them, as the clash with an unnamed
     * InputLayer is, naming the layer and a name to give it.
     */
    @Test
    void aLayerNamedAsKeras3sMadeInputLayerIsRefusedAsKeras3RefusesIt() throws Exception {
        assertEquals(java.util.List.of("conv2d", "max_pooling2d", "global_average_pooling2d", "dense"),
                layerNames(tfKeras2BuiltModel("max_pooling2d")));
        assertEquals("config.layers[1] (MaxPooling2D) is named 'input_layer', as Keras 3 names the InputLayer it makes"
                + " for the model's build_input_shape (in a fresh Python session): Keras 3 refuses the model (\"The name"
                + " \"input_layer\" is used 2 times in the model\"), where tf.keras 2 names that InputLayer"
                + " 'conv2d_input' and reads it; rename the layer, e.g. 'max_pooling2d'",
                refused(tfKeras2BuiltModel("input_layer")));
        // The input shape declared on the first layer instead (input_shape, which Keras 3's Layer takes as
        // _input_shape_arg): Keras 3's Sequential.add makes the InputLayer.
        String declared = tfKeras2BuiltModel("input_layer").replace(", \"build_input_shape\": [null, 28, 28, 1]", "")
                .replace("\"name\": \"conv2d\",", "\"name\": \"conv2d\", \"input_shape\": [28, 28, 1],");
        assertEquals("config.layers[1] (MaxPooling2D) is named 'input_layer', as Keras 3 names the InputLayer it makes"
                + " for the input shape config.layers[0] declares (in a fresh Python session): Keras 3 refuses the model"
                + " (\"All layers added to a Sequential model should have unique names\"), where tf.keras 2 names that"
                + " InputLayer 'conv2d_input' and reads it; rename the layer, e.g. 'max_pooling2d'", refused(declared));
        // The name offered is free: an unnamed MaxPooling2D elsewhere has max_pooling2d.
        String twoPools = tfKeras2BuiltModel("input_layer").replace("{\"class_name\": \"GlobalAveragePooling2D\"",
                "{\"class_name\": \"MaxPooling2D\", \"config\": {}},\n{\"class_name\": \"GlobalAveragePooling2D\"");
        assertTrue(refused(twoPools).endsWith("rename the layer, e.g. 'max_pooling2d_1'"), refused(twoPools));
        // With an InputLayer in the config Keras makes none: a layer named input_layer beside it is read.
        String withInput = tfKeras2BuiltModel("input_layer").replace("\"layers\": [", "\"layers\": [{\"class_name\":"
                + " \"InputLayer\", \"config\": {\"batch_input_shape\": [null, 28, 28, 1], \"dtype\": \"float32\","
                + " \"sparse\": false, \"ragged\": false, \"name\": \"input_1\"}},");
        assertEquals(java.util.List.of("conv2d", "input_layer", "global_average_pooling2d", "dense"),
                layerNames(withInput));
    }

    /**
     * Keras 3's InputLayer config writes "optional" (keras/src/layers/core/input_layer.py, get_config; since Keras
     * 3.4). An optional input lets a Functional model be called with None for it (keras/src/models/functional.py,
     * _convert_inputs_to_tensors and _assert_input_compatibility refuse None only for an input not optional), a way
     * to leave out one of several inputs. A CAM model has one input, always a picture, and its layers refuse None
     * whatever the flag (keras/src/layers/input_spec.py: only an optional InputSpec lets None by; Conv2D's, the
     * poolings' and Dense's are not): what the model computes does not change, so cam4j reads it, true or false. Pins
     * the reading (it passed before): the Keras 3 preset pooled.json read with "optional": true is the model read with
     * false, and is written back the same.
     */
    @Test
    void keras3sOptionalInputIsReadAsTheSameModel() throws Exception {
        String pooled = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/resources/keras3/presets/pooled.json"));
        assertTrue(pooled.contains("\"optional\": false"), "the preset as Keras 3 wrote it");
        Sequential required = Sequential.fromJson(pooled);
        Sequential optional = Sequential.fromJson(pooled.replace("\"optional\": false", "\"optional\": true"));
        assertEquals(required, optional);
        assertEquals(required.toJson(), optional.toJson());
    }

    @Test
    void keras3sOptionalThatIsNotTrueOrFalseIsRefusedNamingTheLayer() throws Exception {
        String pooled = java.nio.file.Files.readString(
                java.nio.file.Path.of("src/test/resources/keras3/presets/pooled.json"));
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> Sequential.fromJson(pooled.replace("\"optional\": false", "\"optional\": \"yes\"")));
        assertEquals("layer 'input_1': argument 'optional' must be true or false, got \"yes\"", e.getMessage());
    }

    /**
     * What --print-arch prints of a config file is what Keras 2 writes for the model: each preset read and written is
     * the preset as the jar ships it (Keras 2's form), key for key. Every Conv2D and Dense had been written without
     * its null kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint and bias_constraint,
     * which Keras writes (and reads back as absent, so the model was the same, but the print was not Keras').
     */
    @Test
    void aPresetReadAndWrittenIsThePresetAsShippedKeyForKey() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String name : Presets.NAMES) {
            assertEquals(json.readTree(Presets.json(name)), json.readTree(Presets.resolve(name).toJson()), name);
        }
    }

    /**
     * What --print-arch writes loads in Keras 3 too. Keras 3's model_from_json (keras/src/models/model.py) hands the
     * whole config to serialization_lib.deserialize_keras_object, whose _retrieve_class_or_fn finds a class by its
     * "module" ("keras" + "Sequential" is keras.Sequential) and, with none, raises "Could not locate class
     * 'Sequential'" (the round that ran Keras 3.15 saw it refuse the Keras 2 form so, docs/python-export.md); its
     * Sequential.from_config reads each layer without a "module" by the legacy path, batch_input_shape and all
     * (keras/src/legacy/saving/saving_utils.py). Keras 2 reads past the two keys. The written model had no "module".
     */
    @Test
    void whatIsWrittenNamesTheModelsModuleForKeras3() throws Exception {
        ObjectMapper json = new ObjectMapper();
        for (String name : Presets.NAMES) {
            Sequential preset = Presets.resolve(name);
            JsonNode written = json.readTree(preset.toJson());
            assertEquals("keras", written.path("module").asText(null), name);
            assertTrue(written.has("registered_name") && written.get("registered_name").isNull(), name);
            // The layers stay in Keras 2's form, which Keras 3's Sequential.from_config reads by its legacy path.
            assertFalse(written.path("config").path("layers").get(0).has("module"), name);
            assertEquals(preset, Sequential.fromJson(preset.toJson()), name);
        }
    }
}
