package io.github.cam4j.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where tests read the project's shared real data ({@code ../shared/data}); never copied into the repository. */
public final class SharedData {
    private SharedData() {}

    /** @return {@code ../shared/data}, from the {@code cam4j.shared.data} property Maven sets, else relative to the working folder */
    public static Path root() {
        String configured = System.getProperty("cam4j.shared.data");
        Path root = configured != null ? Path.of(configured) : Path.of("..", "shared", "data");
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException("the shared test data folder " + root.toAbsolutePath() + " is missing");
        }
        return root;
    }

    /** @return the MNIST IDX folder */
    public static Path mnist() {
        return root().resolve("mnist");
    }

    /** @return the folder of Keras-exported SavedModels */
    public static Path kerasSavedModels() {
        return root().resolve("keras-savedmodels");
    }

    /** @return the repository's bundled models folder */
    public static Path bundledModels() {
        return Path.of("saved_models");
    }
}
