package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.testing.SavedModelCopies;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.proto.NodeDef;

/**
 * {@code cam4j inspect} of an imported model freezes its float weights as constants of their shape only and reads from
 * the checkpoint just the values its report needs ({@link LazyVariables}); the report must be the one a full freeze
 * gives, on real Keras exports (a conv head, a Flatten model, a model standardising its input, a resized input...).
 */
class LazyVariablesTest {
    private static final Path KERAS3 = Path.of("src/test/resources/keras3");

    @TempDir
    Path tmp;

    private static Path model(String name) {
        return name.startsWith("mnist-") ? TestData.kerasModel(name) : KERAS3.resolve(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mnist-conv-head-gap", "mnist-flatten-dense", "keras-export", "flatten-export",
            "normalized-export", "resized-export", "blocks-export", "cam-export", "augmented-export", "uint8-export"})
    void inspectReadsOnlyTheWeightsItsReportNeedsAndReportsAsAFullFreezeDoes(String name) throws Exception {
        Path dir = model(name);
        ImportOptions options = ImportOptions.defaults();
        String frozen;
        int variables;
        try (OpenedGraph full = OpenedGraph.open(dir, options)) {
            assertNull(full.lazy);
            frozen = ImportedModel.inspect(full, options);
            variables = full.frozen.variables().size();
        }
        try (OpenedGraph opened = OpenedGraph.openForInspection(dir, options)) {
            assertNotNull(opened.lazy, "inspect froze every weight of " + name + " again");
            String report = ImportedModel.inspect(opened, options);
            assertEquals(frozen, report);
            assertEquals(report, ImportedModel.inspect(dir, options));
            // The float weights are in the graph as their shape only, and fewer are read than the model has.
            Map<String, NodeDef> nodes = new java.util.HashMap<>();
            opened.frozen.graphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
            assertFalse(opened.lazy.deferred().isEmpty());
            for (String v : opened.lazy.deferred()) {
                NodeDef n = nodes.get(v);
                if (n != null) {
                    assertEquals("Const", n.getOp());
                    assertTrue(n.getAttrMap().get("value").getTensor().getTensorContent().isEmpty(), v);
                }
            }
            assertTrue(opened.lazy.tensorsRead() < variables, opened.lazy.tensorsRead() + " of " + variables
                    + " variables read");
        }
    }

    @Test
    void everyVariableOfAKerasExportIsFoundInItsRestoreFunction() throws Exception {
        Path dir = TestData.kerasModel("mnist-conv-head-gap");
        try (OpenedGraph full = OpenedGraph.open(dir, ImportOptions.defaults())) {
            Map<String, String> keys = LazyVariables.restoredKeys(full.metaGraph);
            assertTrue(keys.keySet().containsAll(full.frozen.variables().keySet()), keys.toString());
            keys.values().forEach(k -> assertTrue(k.endsWith("/.ATTRIBUTES/VARIABLE_VALUE"), k));
        }
    }

    /** Where reading one by one could report differently (the weights missing), the whole model is frozen. */
    @Test
    void aModelCopiedWithoutItsVariablesIsRefusedAsBefore() throws Exception {
        Path copy = copy(TestData.kerasModel("mnist-conv-head-gap"), "variables");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ImportedModel.inspect(copy, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith("SavedModel " + copy + " has no variables/variables.index"), e.getMessage());
    }

    /** A Keras 3 tf.saved_model.save folder never restores what its signature reads: frozen whole, refused as before. */
    @Test
    void aFolderWhoseRestoreOpMissesTheSignaturesVariablesIsFrozenWhole() throws Exception {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ImportedModel.inspect(KERAS3.resolve("tf-save"), ImportOptions.defaults()));
        assertTrue(e.getMessage().contains("never restores a variable its signature reads"), e.getMessage());
    }

    /** Damaged weights that the report reads give the load failure's message, not a refusal of the classifier. */
    @Test
    void aDamagedCheckpointIsALoadFailure() throws Exception {
        Path copy = copy(TestData.kerasModel("mnist-conv-head-gap"), "");
        try (Stream<Path> files = Files.list(copy.resolve("variables"))) {
            for (Path data : files.filter(p -> p.getFileName().toString().startsWith("variables.data")).toList()) {
                Files.write(data, new byte[0]);
            }
        }
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ImportedModel.inspect(copy, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith("cannot load SavedModel " + copy + " or read its variables: "),
                e.getMessage());
    }

    private Path copy(Path from, String skipped) throws IOException {
        return SavedModelCopies.copyWithout(from, tmp.resolve(from.getFileName().toString()), skipped);
    }
}
