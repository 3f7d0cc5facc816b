package io.github.cam4j.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/**
 * Reads one layer's Keras {@code config} object, remembering which arguments were used so that an argument cam4j
 * does not understand is reported rather than silently ignored.
 */
final class KerasArgs {
    private final String layer;
    private final JsonNode config;
    private final Set<String> used = new HashSet<>();

    KerasArgs(String layer, JsonNode config) {
        this.layer = layer;
        this.config = config;
        // Bookkeeping arguments that do not change what the layer computes.
        used.add("name");
        used.add("trainable");
        used.add("dtype");
    }

    String layer() {
        return layer;
    }

    int requiredInt(String key) throws ModelConfigException {
        JsonNode n = node(key);
        if (n == null || !n.canConvertToInt()) {
            throw error(key, "must be a whole number");
        }
        return n.asInt();
    }

    /** A pair like {@code kernel_size}: Keras accepts one number or a list of two. */
    int[] pair(String key, int[] defaultValue) throws ModelConfigException {
        JsonNode n = node(key);
        if (n == null || n.isNull()) {
            return defaultValue;
        }
        if (n.canConvertToInt()) {
            return new int[] {n.asInt(), n.asInt()};
        }
        if (n.isArray() && n.size() == 2 && n.get(0).canConvertToInt() && n.get(1).canConvertToInt()) {
            int a = n.get(0).asInt();
            int b = n.get(1).asInt();
            if (a < 1 || b < 1) {
                throw error(key, "must be positive, got " + n);
            }
            return new int[] {a, b};
        }
        throw error(key, "must be a number or a list of two numbers, got " + n);
    }

    String string(String key, String defaultValue) {
        JsonNode n = node(key);
        return n == null || n.isNull() ? defaultValue : n.asText();
    }

    boolean bool(String key, boolean defaultValue) {
        JsonNode n = node(key);
        return n == null || n.isNull() ? defaultValue : n.asBoolean();
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
        return Initializer.fromKeras(layer, key, name);
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
