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

    /**
     * Another model's variable files under this model's saved_model.pb: RestoreV2 checks the type of what it reads, not
     * its shape: inspect read flatten-export's [3136, 10] kernel (or normalized-export's [32] bias) for keras-export's
     * [32, 10] (its [10]), exited 0 and reported "Not CAM-ready: ... BiasAdd 'logits_1/BiasAdd' applies a constant of
     * shape [10] where a scalar or one value per channel (10) was expected", where explain's full load refuses the
     * folder.
     */
    @Test
    void anotherModelsVariableFilesAreRefusedNamingTheTensorAndBothShapes() throws Exception {
        Path copy = copy(KERAS3.resolve("keras-export"), "variables");
        SavedModelCopies.copyWithout(KERAS3.resolve("flatten-export").resolve("variables"), copy.resolve("variables"),
                "");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> ImportedModel.inspect(copy, ImportOptions.defaults()));
        assertTrue(e.getMessage().startsWith("cannot load SavedModel " + copy + " or read its variables: checkpoint tensor"
                + " '_all_variables/0/.ATTRIBUTES/VARIABLE_VALUE' has shape [3136, 10] where the graph's variable"
                + " 'keras3_small/logits/kernel_1' is [32, 10] (the files in " + copy.resolve("variables") + " are missing,"
                + " truncated, damaged or from another model"), e.getMessage());
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

    /** @return the floats of a fetched float tensor */
    private static float[] floats(org.tensorflow.Tensor t) {
        float[] v = new float[(int) t.shape().size()];
        t.asRawTensor().data().asFloats().read(v);
        return v;
    }

    /**
     * A deferred constant fed for a computation gives the checkpoint's values, those a full freeze holds, and is read
     * once however often it is fed; once the variables are closed, so are the tensors they read.
     */
    @Test
    void aFedVariableHoldsTheCheckpointsValuesReadOnceAndClosedWithTheVariables() throws Exception {
        Path dir = TestData.kerasModel("mnist-conv-head-gap");
        ImportOptions options = ImportOptions.defaults();
        try (OpenedGraph full = OpenedGraph.open(dir, options);
                OpenedGraph opened = OpenedGraph.openForInspection(dir, options)) {
            String v = opened.lazy.deferred().stream().filter(n -> opened.graph.operation(n) != null).sorted()
                    .findFirst().orElseThrow();
            float[] frozen;
            try (org.tensorflow.Result r = full.session.runner().fetch(v).run()) {
                frozen = floats(r.get(0));
            }
            // A computation on the constant: TensorFlow refuses to fetch a fed tensor itself.
            org.tensorflow.GraphOperation probe = opened.graph.opBuilder("Identity", "probe", opened.graph.baseScope())
                    .addInput(opened.graph.operation(v).output(0)).build();
            int before = opened.lazy.tensorsRead();
            for (int time = 0; time < 2; time++) {
                org.tensorflow.Session.Runner runner = opened.session.runner();
                opened.lazy.feed(runner, java.util.List.of(v));
                try (org.tensorflow.Result r = runner.fetch(probe.output(0)).run()) {
                    org.junit.jupiter.api.Assertions.assertArrayEquals(frozen, floats(r.get(0)), v);
                }
            }
            assertEquals(before + 1, opened.lazy.tensorsRead(), "reads of " + v + " fed twice");

            org.tensorflow.Tensor read = opened.lazy.value(v);
            opened.lazy.close();
            IllegalStateException again = assertThrows(IllegalStateException.class, () -> opened.lazy.value(v));
            assertEquals("the variables of " + dir + " are closed", again.getMessage());
            IllegalStateException closed = assertThrows(IllegalStateException.class, () -> {
                try (org.tensorflow.Result r = opened.session.runner().feed(v, read).fetch(probe.output(0)).run()) {
                    floats(r.get(0));
                }
            });
            assertTrue(closed.getMessage().contains("close() was called on the Tensor"), closed.getMessage());
        }
    }

    /**
     * In a TensorFlow 1 graph (Python's tf.compat.v1 Saver: Assign(v, save/RestoreV2:i), names and slices constants), a
     * variable that is not filled by one whole checkpoint tensor is left out (and the model then frozen whole): one
     * restored twice from two keys, one restored from a slice, one whose key is no constant. One restored through an
     * Identity is kept.
     */
    @Test
    void aVariableNotFilledByOneWholeTensorIsLeftOut() {
        org.tensorflow.proto.DataType f = org.tensorflow.proto.DataType.DT_FLOAT;
        org.tensorflow.proto.DataType str = org.tensorflow.proto.DataType.DT_STRING;
        Map<String, org.tensorflow.proto.AttrValue> variable = Map.of("dtype", Protos.type(f), "shape", Protos.shape(2));
        org.tensorflow.proto.GraphDef.Builder g = org.tensorflow.proto.GraphDef.newBuilder();
        for (String v : new String[] {"whole", "twice", "sliced", "named"}) {
            g.addNode(Protos.node(v, "VariableV2", variable));
        }
        g.addNode(Protos.stringConst("save/Const", "model"))
                .addNode(Protos.stringConst("save/names", "whole", "twice", "twice_again", "sliced"))
                .addNode(Protos.stringConst("save/slices", "", "", "", "4 0,2"))
                .addNode(Protos.node("save/RestoreV2", "RestoreV2", Map.of("dtypes", Protos.types(f, f, f, f)),
                        "save/Const", "save/names", "save/slices"))
                .addNode(Protos.node("save/Identity", "Identity", Map.of("T", Protos.type(f)), "save/RestoreV2"))
                .addNode(Protos.node("save/Assign", "Assign", Map.of(), "whole", "save/Identity"))
                .addNode(Protos.node("save/Assign_1", "Assign", Map.of(), "twice", "save/RestoreV2:1"))
                .addNode(Protos.node("save/Assign_2", "Assign", Map.of(), "twice", "save/RestoreV2:2"))
                .addNode(Protos.node("save/Assign_3", "Assign", Map.of(), "sliced", "save/RestoreV2:3"))
                .addNode(Protos.node("save/fed_names", "Placeholder", Map.of("dtype", Protos.type(str))))
                .addNode(Protos.stringConst("save/one_slice", ""))
                .addNode(Protos.node("save/RestoreV2_1", "RestoreV2", Map.of("dtypes", Protos.types(f)),
                        "save/Const", "save/fed_names", "save/one_slice"))
                .addNode(Protos.node("save/Assign_4", "Assign", Map.of(), "named", "save/RestoreV2_1"))
                .addNode(Protos.node("save/restore_all", "NoOp", Map.of(), "^save/Assign", "^save/Assign_1",
                        "^save/Assign_2", "^save/Assign_3", "^save/Assign_4"));
        org.tensorflow.proto.MetaGraphDef mg = org.tensorflow.proto.MetaGraphDef.newBuilder().setGraphDef(g)
                .setSaverDef(org.tensorflow.proto.SaverDef.newBuilder().setFilenameTensorName("save/Const:0")
                        .setRestoreOpName("save/restore_all"))
                .build();
        assertEquals(Map.of("whole", "whole"), LazyVariables.restoredKeys(mg));
    }
}
