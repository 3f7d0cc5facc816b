package io.github.cam4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads one layer's Keras {@code config} object, remembering which arguments were used so that an argument cam4j
 * does not understand is reported rather than silently ignored.
 */
final class KerasArgs {
    private final String layer;
    private final JsonNode config;
    private final Set<String> used = new HashSet<>();
    private final List<String> notes = new ArrayList<>();

    KerasArgs(String layer, JsonNode config) throws ModelConfigException {
        this(layer, config, false);
    }

    /**
     * @param input whether the layer is an InputLayer, whose dtype is that of the pictures fed, not one a layer
     *     computes in: a refusal of it says what Keras does with such pictures
     */
    KerasArgs(String layer, JsonNode config, boolean input) throws ModelConfigException {
        this.layer = layer;
        this.config = config;
        // Bookkeeping arguments that do not change what the layer computes, at the values cam4j trains with: every
        // layer trained, in float32. Others were accepted and ignored (a frozen layer was trained anyway).
        used.add("name");
        JsonNode trainable = node("trainable");
        if (trainable != null && !trainable.isNull() && !(trainable.isBoolean() && trainable.asBoolean())) {
            throw error("trainable", "= " + trainable + " is not supported: cam4j trains every layer");
        }
        JsonNode dtype = node("dtype");
        if (dtype != null && !dtype.isNull()) {
            String name = dtype.isTextual() ? dtype.asText() : dtype.path("config").path("name").asText("");
            if (name.isEmpty()) {
                // Neither a name nor a policy's config naming one: there is no dtype to advise on ("casts no  input").
                throw error("dtype", "= " + dtype + " is not a dtype Keras writes: a name (\"float32\") or a dtype"
                        + " policy ({\"class_name\": \"DTypePolicy\", \"config\": {\"name\": \"float32\"}})");
            }
            if (!name.equals("float32")) {
                throw error("dtype", "= " + dtype + " is not supported: " + (input ? DtypeAdvice.forInput(name)
                        : DtypeAdvice.forLayer(name)));
            }
        }
    }

    String layer() {
        return layer;
    }

    int requiredInt(String key) throws ModelConfigException {
        JsonNode n = node(key);
        if (!isWhole(n)) {
            throw error(key, "must be a whole number" + (n == null ? ", and is missing" : ", got " + n));
        }
        return n.asInt();
    }

    /** @return whether {@code n} is a whole number within int's range: 8.9 filters were truncated to 8 */
    private static boolean isWhole(JsonNode n) {
        return n != null && n.isNumber() && n.canConvertToInt() && n.asDouble() == Math.rint(n.asDouble());
    }

    /** A pair like {@code kernel_size}: Keras accepts one number or a list of two. */
    int[] pair(String key, int[] defaultValue) throws ModelConfigException {
        JsonNode n = node(key);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        if (isWhole(n)) {
            // Checked as the list form is: a kernel_size of -3 as one number aborted the JVM inside TensorFlow.
            if (n.asInt() < 1) {
                throw error(key, "must be positive, got " + n);
            }
            return new int[] {n.asInt(), n.asInt()};
        }
        if (n.isArray() && n.size() == 2 && isWhole(n.get(0)) && isWhole(n.get(1))) {
            int a = n.get(0).asInt();
            int b = n.get(1).asInt();
            if (a < 1 || b < 1) {
                throw error(key, "must be positive, got " + n);
            }
            return new int[] {a, b};
        }
        throw error(key, "must be a number or a list of two numbers, got " + n);
    }

    /** {@link #pair} without a default: missing is an error naming the argument. */
    int[] requiredPair(String key) throws ModelConfigException {
        int[] value = pair(key, null);
        if (value == null) {
            throw error(key, "is required (a number or a list of two numbers)");
        }
        return value;
    }

    /** A number such as Dropout's {@code rate}: required, finite. */
    double requiredNumber(String key) throws ModelConfigException {
        JsonNode n = node(key);
        if (n == null || !n.isNumber() || !Double.isFinite(n.asDouble())) {
            throw error(key, "must be a number" + (n == null ? ", and is missing" : ", got " + n));
        }
        return n.asDouble();
    }

    /**
     * A shape such as Dropout's {@code noise_shape}: null, or a list whose entries are each null (open) or a whole
     * number of at least 1.
     */
    Long[] optionalShape(String key) throws ModelConfigException {
        JsonNode n = node(key);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw error(key, "must be null or a list of sizes (each null or a whole number), got " + n);
        }
        Long[] shape = new Long[n.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = n.get(i);
            if (d.isNull()) {
                continue;
            }
            if (!isWhole(d) || d.asInt() < 1) {
                throw error(key, "must list sizes that are null or whole numbers of at least 1, got " + n);
            }
            shape[i] = d.asLong();
        }
        return shape;
    }

    /** A layer's own random seed, which cam4j reads but does not use: said in {@link #notes()}, not dropped silently. */
    void noteUnusedSeed(String key) {
        JsonNode seed = node(key);
        if (seed != null && !seed.isNull()) {
            notes.add("layer '" + layer + "': " + key + " " + seed + " is not used (Keras' random generators are not"
                    + " cam4j's); its dropout masks come from --seed");
        }
    }

    String string(String key, String defaultValue) {
        JsonNode n = node(key);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        if (n.isContainerNode()) {
            // Keras 3 may write a function as {"class_name": "function", "config": "relu", ...}: its name is the config.
            // Any other object was read as "" ("activation '' is not supported"): named as it is written.
            return n.path("config").isTextual() ? n.path("config").asText() : n.toString();
        }
        return n.asText();
    }

    boolean bool(String key, boolean defaultValue) throws ModelConfigException {
        JsonNode n = node(key);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        if (!n.isBoolean()) {
            // "True" read as false would silently drop the layer's bias.
            throw error(key, "must be true or false, got " + n);
        }
        return n.asBoolean();
    }

    /** An initialiser: Keras 2 and 3 write {@code {"class_name": ..., "config": ...}}, older code a plain string. */
    Initializer initializer(String key, Initializer defaultValue) throws ModelConfigException {
        JsonNode n = node(key);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        String name = n.isTextual() ? n.asText() : n.path("class_name").asText(null);
        if (name == null) {
            throw error(key, "has no class_name: " + n);
        }
        Initializer initializer = "VarianceScaling".equals(name) ? varianceScaling(key, n.path("config"))
                : Initializer.fromKeras(layer, key, name);
        JsonNode seed = n.path("config").path("seed");
        if (!seed.isMissingNode() && !seed.isNull()) {
            // Keras' generators are not cam4j's, so the seed could not give Keras' values; said, not silently dropped.
            notes.add("layer '" + layer + "': " + key + "'s seed " + seed + " is not used (Keras' random generators are"
                    + " not cam4j's); initial weights come from --seed");
        }
        return initializer;
    }

    /**
     * Standalone Keras 2 (2.0 to 2.3) writes its default {@code glorot_uniform} and {@code he_uniform} as the
     * {@code VarianceScaling} they are made of; refused by that name, every such config's Conv2D was refused. Read as
     * the initialiser it draws like; any other scaling is refused, naming its settings.
     */
    private Initializer varianceScaling(String key, JsonNode settings) throws ModelConfigException {
        double scale = settings.path("scale").asDouble(Double.NaN);
        String mode = settings.path("mode").asText("");
        String distribution = settings.path("distribution").asText("");
        if (distribution.equals("uniform") && mode.equals("fan_avg") && scale == 1.0) {
            return Initializer.GLOROT_UNIFORM;
        }
        if (distribution.equals("uniform") && mode.equals("fan_in") && scale == 2.0) {
            return Initializer.HE_UNIFORM;
        }
        // Keras 2.3 and later name the cut normal so; before, "normal" meant it without Keras' widening: not read.
        if (distribution.equals("truncated_normal") && mode.equals("fan_avg") && scale == 1.0) {
            return Initializer.GLOROT_NORMAL;
        }
        if (distribution.equals("truncated_normal") && mode.equals("fan_in") && scale == 2.0) {
            return Initializer.HE_NORMAL;
        }
        throw new ModelConfigException("layer '" + layer + "': " + key + " 'VarianceScaling' with scale "
                + settings.path("scale") + ", mode " + settings.path("mode") + " and distribution "
                + settings.path("distribution") + " is not supported (cam4j draws scale 1.0, \"fan_avg\", \"uniform\""
                + " as GlorotUniform and scale 2.0, \"fan_in\", \"uniform\" as HeUniform, the same with \"truncated_normal\" as"
                + " GlorotNormal and HeNormal; or use Zeros)");
    }

    /** @return what the config says that cam4j reads but does not use, one sentence each */
    List<String> notes() {
        return List.copyOf(notes);
    }

    /** An argument cam4j accepts only at the value that makes it a no-op. */
    void requireDefault(String key, String... acceptedJson) throws ModelConfigException {
        JsonNode n = node(key);
        if (n == null || n.isNull()) {
            return;
        }
        for (String accepted : acceptedJson) {
            if (n.toString().equals(accepted) || n.asText().equals(accepted)) {
                return;
            }
        }
        throw error(key, "= " + n + " is not supported (cam4j supports only " + String.join(" or ", acceptedJson) + ")");
    }

    /**
     * Fails on any argument that was not read and is not empty: such an argument would change what the layer
     * computes in Keras, and ignoring it would build a different model.
     */
    void rejectUnused() throws ModelConfigException {
        for (Iterator<String> it = config.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            JsonNode n = config.get(key);
            boolean empty = n.isNull() || (n.isBoolean() && !n.asBoolean()) || (n.isContainerNode() && n.isEmpty());
            if (!used.contains(key) && !empty) {
                throw error(key, "= " + n + " is not supported by cam4j");
            }
        }
    }

    private JsonNode node(String key) {
        used.add(key);
        return config.get(key);
    }

    private ModelConfigException error(String key, String what) {
        return new ModelConfigException("layer '" + layer + "': argument '" + key + "' " + what);
    }
}
