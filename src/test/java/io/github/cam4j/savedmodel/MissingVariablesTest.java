package io.github.cam4j.savedmodel;

import static io.github.cam4j.testing.SavedModelCopies.copyWithout;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Target;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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

    /**
     * Variable files that are there but cannot be read as the graph's: TensorFlow's words ("Read less bytes than
     * requested", "not an sstable (bad magic number)", "Key ... not found in checkpoint", "Assign requires shapes of
     * both tensors to match") name no file, and error lines show only the message's first line, so the hint naming the
     * folder must be on that line.
     */
    @ParameterizedTest
    @CsvSource({"mnist-pooled,truncated", "mnist-pooled,garbled index", "mnist-conv-head-gap,truncated",
            "mnist-conv-head-gap,garbled index", "mnist-conv-head-gap,another model's",
            "mnist-pooled,another shape's"})
    void damagedVariableFilesAreNamedOnTheFirstLine(String name, String damage) throws Exception {
        Path source = name.startsWith("mnist-conv") ? SharedData.kerasSavedModels().resolve(name)
                : SharedData.bundledModels().resolve(name);
        Path copy = tmp.resolve(name);
        copyWithout(source, copy, "");
        Path variables = copy.resolve("variables");
        Path data = variables.resolve("variables.data-00000-of-00001");
        switch (damage) {
            case "truncated" -> Files.write(data, Arrays.copyOf(Files.readAllBytes(data), (int) Files.size(data) / 2));
            case "garbled index" -> {
                byte[] index = Files.readAllBytes(variables.resolve("variables.index"));
                Arrays.fill(index, index.length - 48, index.length, (byte) 0x5a);
                Files.write(variables.resolve("variables.index"), index);
            }
            case "another shape's" -> {
                // The unpooled model's weights bear the pooled model's names at other shapes: TensorFlow said only
                // "Assign requires shapes of both tensors to match. lhs shape= [3,3,1,32] rhs shape= [3,3,1,16]".
                Path other = SharedData.bundledModels().resolve("mnist-unpooled").resolve("variables");
                for (String file : new String[] {"variables.index", "variables.data-00000-of-00001"}) {
                    Files.copy(other.resolve(file), variables.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            default -> {
                Path other = SharedData.kerasSavedModels().resolve("mnist-flatten-dense").resolve("variables");
                for (String file : new String[] {"variables.index", "variables.data-00000-of-00001"}) {
                    Files.copy(other.resolve(file), variables.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Exception e = assertThrows(Exception.class, () -> {
            try (CamSession session = CamSession.builder().setModel(copy).build()) {
                session.explainPixels(new float[28 * 28], 1, 28, 28, Target.predicted());
            }
        });
        String firstLine = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        assertTrue(firstLine.contains("the files in " + variables + " are missing, truncated, damaged or from another model"),
                damage + ": " + e.getMessage());
    }
}
