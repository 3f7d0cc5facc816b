package io.github.cam4j.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Copies of a SavedModel folder with a part left out, as a user who copied one file too few has them. */
public final class SavedModelCopies {
    private SavedModelCopies() {}

    /**
     * @param from the SavedModel folder
     * @param to where the copy goes
     * @param skipped a path relative to {@code from} left out with all it holds ({@code variables}); empty for none
     * @return {@code to}
     */
    public static Path copyWithout(Path from, Path to, String skipped) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path rel = from.relativize(p);
                if (!skipped.isEmpty() && rel.startsWith(skipped)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to.resolve(rel.toString()));
                } else {
                    Files.copy(p, to.resolve(rel.toString()));
                }
            }
        }
        return to;
    }
}
