package io.github.cam4j.cli;

import io.github.cam4j.data.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The rule every command follows for its output: never overwrite what exists unless the user said {@code --force}. */
final class OutputFolder {
    private OutputFolder() {}

    /**
     * Makes way for a new output folder.
     *
     * @param dir the folder a command will create
     * @param force whether the user allowed replacing it
     * @throws IllegalArgumentException when it exists and {@code force} is off
     * @throws IOException when it cannot be removed
     */
    static void replaceable(Path dir, boolean force) throws IOException {
        checkReplaceable(dir, force);
        FileTrees.delete(dir);
    }

    /**
     * Checks, before long work, that {@link #replaceable} will succeed, without removing anything yet.
     *
     * @param dir the folder a command will create
     * @param force whether the user allowed replacing it
     * @throws IllegalArgumentException when it exists and {@code force} is off
     */
    static void checkReplaceable(Path dir, boolean force) {
        if (Files.exists(dir) && !force) {
            throw new IllegalArgumentException("--out " + dir + " already exists; choose another path or add --force to replace it");
        }
    }

    /**
     * Checks a file may be written.
     *
     * @param file the file a command will write
     * @param force whether the user allowed replacing it
     * @throws IllegalArgumentException when it exists and {@code force} is off
     */
    static void writable(Path file, boolean force) {
        if (Files.exists(file) && !force) {
            throw new IllegalArgumentException(file + " already exists; add --force to overwrite it");
        }
    }
}
