package io.github.cam4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing a folder with everything in it: staging folders, temporary models, an output the user let replace. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes a file or a folder tree, deepest entries first; nothing happens when it does not exist.
     *
     * @param root the file or folder
     * @throws IOException when an entry cannot be deleted
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
