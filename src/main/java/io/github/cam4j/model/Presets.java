package io.github.cam4j.model;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The article's two architectures, shipped as Keras JSON configs in Keras 2's form (written by cam4j's own
 * {@code Sequential.toJson}; {@code python-export/presets.py} defines the same layers in Keras, which
 * {@code PythonPresetsTest} keeps in step, but has not been run here): {@code pooled}, three 3x3 ReLU convolutions with 2x2 max-pooling after the first two, and
 * {@code unpooled}, the same convolutions without pooling, so the last feature map keeps the input's resolution.
 */
public final class Presets {
    /** The names of the shipped architectures. */
    public static final List<String> NAMES = List.of("pooled", "unpooled");

    private Presets() {}

    /**
     * @param name a preset name
     * @return its Keras JSON config
     * @throws ModelConfigException when there is no such preset
     */
    public static String json(String name) throws ModelConfigException {
        if (!NAMES.contains(name)) {
            throw new ModelConfigException("no preset architecture '" + name + "' (presets: " + String.join(", ", NAMES) + ")");
        }
        try (InputStream in = Presets.class.getResourceAsStream("presets/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("preset " + name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read preset " + name + " from the jar", e);
        }
    }

    /**
     * Resolves what {@code --arch} names: a preset name or a Keras JSON config file.
     *
     * @param arch {@code pooled}, {@code unpooled} or a path to a {@code .json} file
     * @return the model
     * @throws ModelConfigException when it is neither, or the config is not supported; its message starts with
     *     {@code --arch}
     */
    public static Sequential resolve(String arch) throws ModelConfigException {
        if (NAMES.contains(arch)) {
            return Sequential.fromJson(json(arch));
        }
        // Any existing file is read as a config ("model.JSON", "model.txt"); a missing .json file is named as missing.
        Path file = Path.of(arch);
        if (java.nio.file.Files.isRegularFile(file)) {
            try {
                return Sequential.fromFile(file);
            } catch (ModelConfigException e) {
                // Said as the option that named the file ("--arch README.md: not valid JSON ..."), the file once.
                String words = e.getMessage();
                String named = file + ": ";
                throw new ModelConfigException("--arch " + arch + ": " + (words.startsWith(named)
                        ? words.substring(named.length()) : words), e);
            }
        }
        if (arch.toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            throw new ModelConfigException("--arch " + arch + ": " + (java.nio.file.Files.exists(file)
                    ? "not a regular file" : "no such file") + " (nor a preset: " + String.join(", ", NAMES) + ")");
        }
        if (java.nio.file.Files.isDirectory(file)) {
            // Named as what it is: "nor a .json Keras config file" read as if only .json names were taken (helper-165).
            throw new ModelConfigException("--arch " + arch + " is a folder; give a Keras config file (its model.to_json()"
                    + ", any name) or a preset: " + String.join(", ", NAMES));
        }
        throw new ModelConfigException("--arch '" + arch + "' is neither a preset (" + String.join(", ", NAMES)
                + ") nor an existing Keras config file (its model.to_json(), any name)");
    }
}
