package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.testing.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A SavedModel copied without its {@code variables/} folder used to fail at its first run with TensorFlow's
 * "Attempting to use uninitialized value dense_kernel" (cam4j's own) or "Container localhost does not exist" (Keras'):
 * now opening it says the weights are missing.
 */
class MissingVariablesTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"mnist-pooled", "mnist-conv-head-gap"})
    void aModelCopiedWithoutItsVariablesSaysSo(String name) throws Exception {
        Path source = name.startsWith("mnist-conv") ? SharedData.kerasSavedModels().resolve(name)
                : SharedData.bundledModels().resolve(name);
        Path copy = tmp.resolve(name);
        copyWithout(source, copy, "variables");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> CamSession.builder().setModel(copy).build());
        assertTrue(e.getMessage().contains("SavedModel " + copy + " has no variables/variables.index: its trained weights"),
                e.getMessage());
    }

    private static void copyWithout(Path from, Path to, String skipped) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path rel = from.relativize(p);
                if (rel.startsWith(skipped)) {
                    continue;
                }
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to.resolve(rel.toString()));
                } else {
                    Files.copy(p, to.resolve(rel.toString()));
                }
            }
        }
    }
}
