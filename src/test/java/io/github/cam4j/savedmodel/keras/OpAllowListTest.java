package io.github.cam4j.savedmodel.keras;

import static io.github.cam4j.savedmodel.keras.Protos.arg;
import static io.github.cam4j.savedmodel.keras.Protos.func;
import static io.github.cam4j.savedmodel.keras.Protos.function;
import static io.github.cam4j.savedmodel.keras.Protos.intConst;
import static io.github.cam4j.savedmodel.keras.Protos.node;
import static io.github.cam4j.savedmodel.keras.Protos.shape;
import static io.github.cam4j.savedmodel.keras.Protos.stringConst;
import static io.github.cam4j.savedmodel.keras.Protos.type;
import static io.github.cam4j.savedmodel.keras.Protos.types;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.NotCamReadyException;
import io.github.cam4j.savedmodel.UntrustedModelException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.SaverDef;

/** {@link OpAllowList} on the real Keras models and on hand-made SavedModels holding forbidden ops. */
class OpAllowListTest {
    private static final DataType F = DataType.DT_FLOAT;
    private static final DataType S = DataType.DT_STRING;

    @Test
    void realKerasModelsPass() throws Exception {
        for (String name : new String[] {"mnist-conv-head-gap", "mnist-flatten-dense"}) {
            Path dir = TestData.kerasModel(name);
            MetaGraphDef mg = SavedModelProto.readServeMetaGraph(dir);
            assertDoesNotThrow(() -> OpAllowList.check(mg, dir.resolve("saved_model.pb")), name);
        }
    }

    @Test
    void everyAllowedOpIsAnOpThisTensorFlowKnows() {
        Set<String> all = new HashSet<>(OpAllowList.PURE_OPS);
        all.addAll(OpAllowList.RESTORE_OPS);
        all.addAll(OpAllowList.SAVE_OPS);
        for (String op : all) {
            assertNotNull(OpRegistry.get().find(op), op);
        }
    }

    /** serving_default: x -> PartitionedCall(evil) -> y, where evil also reads a file it never returns. */
    private static MetaGraphDef readFileModel() {
        FunctionDef evil = function("evil", new OpDef.ArgDef[] {arg("x", F)}, new OpDef.ArgDef[] {arg("y", F)},
                Map.of("y", "id:output:0"),
                stringConst("path", "/etc/passwd"),
                node("read", "ReadFile", Map.of(), "path:output:0"),
                node("id", "Identity", Map.of("T", type(F)), "x"));
        GraphDef graph = GraphDef.newBuilder()
                .addNode(node("x", "Placeholder", Map.of("dtype", type(F), "shape", shape(-1, 28, 28, 1))))
                .addNode(node("call", "PartitionedCall", Map.of("f", func("evil"), "Tin", types(F), "Tout", types(F)),
                        "x"))
                .setLibrary(org.tensorflow.proto.FunctionDefLibrary.newBuilder().addFunction(evil))
                .build();
        return Protos.metaGraph(graph, "x:0", new long[] {-1, 28, 28, 1}, "call:0", new long[] {-1, 10}).build();
    }

    @Test
    void readFileInALibraryFunctionIsRefusedBeforeLoading(@TempDir Path dir) throws Exception {
        Protos.write(dir, readFileModel());
        UntrustedModelException e = assertThrows(UntrustedModelException.class,
                () -> ImportedModel.open(dir, ImportOptions.defaults()));
        String m = e.getMessage();
        assertTrue(m.contains("'ReadFile'") && m.contains("node 'read'") && m.contains("function 'evil'"), m);
        assertTrue(m.contains(dir.resolve("saved_model.pb").toString()) && m.contains("trust"), m);
        assertThrows(UntrustedModelException.class, () -> ImportedModel.inspect(dir, ImportOptions.defaults()));
    }

    @Test
    void trustSkipsTheCheck(@TempDir Path dir) throws Exception {
        Protos.write(dir, readFileModel());
        ImportOptions trusted = new ImportOptions(null, true, null, null);
        // The model loads and is inlined (its ReadFile is not on the serving path, so it is pruned and never runs);
        // it is then refused for what it is: not a classifier.
        String d = ImportedModel.inspect(dir, trusted);
        assertTrue(d.contains("[evil]") && d.contains("Not CAM-ready"), d);
        assertTrue(!d.contains("ReadFile"), d);
        assertThrows(NotCamReadyException.class, () -> ImportedModel.open(dir, trusted));
    }

    @Test
    void callOfAFunctionMissingFromTheLibraryIsRefused() {
        GraphDef graph = GraphDef.newBuilder()
                .addNode(node("x", "Placeholder", Map.of("dtype", type(F))))
                .addNode(node("call", "StatefulPartitionedCall", Map.of("f", func("elsewhere")), "x"))
                .build();
        MetaGraphDef mg = Protos.metaGraph(graph, "x:0", new long[] {-1}, "call:0", new long[] {-1}).build();
        UntrustedModelException e = assertThrows(UntrustedModelException.class,
                () -> OpAllowList.check(mg, Path.of("m/saved_model.pb")));
        assertTrue(e.getMessage().contains("'elsewhere', which is not in the library"), e.getMessage());
    }

    // ------------------------------------------------------------------------------------------ saver functions

    private static FunctionDef saveFunction(String prefixInput) {
        return function("save_fn", new OpDef.ArgDef[] {arg("file_prefix", S)}, new OpDef.ArgDef[] {arg("out", S)},
                Map.of("out", "id:output:0"),
                stringConst("suffix", "_temp/part"),
                node("join", "StringJoin", Map.of("N", Protos.i(2)), prefixInput, "suffix:output:0"),
                intConst("shard", 0),
                intConst("shards", 1),
                node("sharded", "ShardedFilename", Map.of(), "join:output:0", "shard:output:0", "shards:output:0"),
                stringConst("names", "v"),
                stringConst("slices", ""),
                Protos.floatConst("value", new float[] {1f}, 1),
                node("save", "SaveV2", Map.of("dtypes", types(F)), "sharded:output:0", "names:output:0",
                        "slices:output:0", "value:output:0"),
                node("id", "Identity", Map.of("T", type(S)), "file_prefix", "^save"));
    }

    private static FunctionDef restoreFunction(String prefixInput) {
        return function("restore_fn", new OpDef.ArgDef[] {arg("file_prefix", S)}, new OpDef.ArgDef[] {},
                Map.of(),
                stringConst("names", "v"),
                stringConst("slices", ""),
                node("restore", "RestoreV2", Map.of("dtypes", types(F)), prefixInput, "names:output:0",
                        "slices:output:0"),
                stringConst("fixed", "/somewhere/else"));
    }

    /** A model with only a saver: save and restore nodes fed by the saver's file name placeholder. */
    private static MetaGraphDef.Builder saverModel(FunctionDef save, FunctionDef restore, NodeDef... extra) {
        GraphDef.Builder g = GraphDef.newBuilder()
                .addNode(node("x", "Placeholder", Map.of("dtype", type(F))))
                .addNode(node("saver_filename", "Placeholder", Map.of("dtype", type(S))))
                .addNode(node("saver_save", "StatefulPartitionedCall", Map.of("f", func("save_fn")),
                        "saver_filename"))
                .addNode(node("saver_restore", "StatefulPartitionedCall", Map.of("f", func("restore_fn")),
                        "saver_filename"))
                .setLibrary(org.tensorflow.proto.FunctionDefLibrary.newBuilder().addFunction(save)
                        .addFunction(restore));
        for (NodeDef n : extra) {
            g.addNode(n);
        }
        return Protos.metaGraph(g.build(), "x:0", new long[] {-1}, "x:0", new long[] {-1})
                .setSaverDef(SaverDef.newBuilder().setFilenameTensorName("saver_filename:0")
                        .setSaveTensorName("saver_save:0").setRestoreOpName("saver_restore"));
    }

    @Test
    void saverFunctionsFedTheFileNameAreAllowed() {
        MetaGraphDef mg = saverModel(saveFunction("file_prefix"), restoreFunction("file_prefix")).build();
        assertDoesNotThrow(() -> OpAllowList.check(mg, Path.of("m/saved_model.pb")));
    }

    @Test
    void restoreFromAFixedPathIsRefused() {
        MetaGraphDef mg = saverModel(saveFunction("file_prefix"), restoreFunction("fixed:output:0")).build();
        UntrustedModelException e = assertThrows(UntrustedModelException.class,
                () -> OpAllowList.check(mg, Path.of("m/saved_model.pb")));
        assertTrue(e.getMessage().contains("'RestoreV2' (node 'restore' in function 'restore_fn') takes a file path"
                + " that does not derive"), e.getMessage());
    }

    @Test
    void saveThatTheInitOpRunsIsRefused() {
        // An init op that depends on the save node would make the loader write a checkpoint.
        MetaGraphDef.Builder mg = saverModel(saveFunction("file_prefix"), restoreFunction("file_prefix"),
                node("init", "NoOp", Map.of(), "^saver_save"));
        mg.putSignatureDef(SavedModelProto.INIT_OP_SIGNATURE_KEY, org.tensorflow.proto.SignatureDef.newBuilder()
                .putOutputs("init", Protos.tensorInfo("init", DataType.DT_INVALID)).build());
        UntrustedModelException e = assertThrows(UntrustedModelException.class,
                () -> OpAllowList.check(mg.build(), Path.of("m/saved_model.pb")));
        assertTrue(e.getMessage().contains("'SaveV2' (node 'save' in function 'save_fn') is a checkpoint op outside"
                + " the saver's save function"), e.getMessage());
    }

    @Test
    void saveInAServingFunctionIsRefused() {
        FunctionDef serving = function("serve_fn", new OpDef.ArgDef[] {arg("x", F)}, new OpDef.ArgDef[] {arg("y", F)},
                Map.of("y", "id:output:0"),
                stringConst("path", "/tmp/stolen"),
                stringConst("names", "x"),
                stringConst("slices", ""),
                node("save", "SaveV2", Map.of("dtypes", types(F)), "path:output:0", "names:output:0",
                        "slices:output:0", "x"),
                node("id", "Identity", Map.of("T", type(F)), "x", "^save"));
        GraphDef graph = GraphDef.newBuilder()
                .addNode(node("x", "Placeholder", Map.of("dtype", type(F))))
                .addNode(node("call", "StatefulPartitionedCall", Map.of("f", func("serve_fn")), "x"))
                .setLibrary(org.tensorflow.proto.FunctionDefLibrary.newBuilder().addFunction(serving))
                .build();
        MetaGraphDef mg = Protos.metaGraph(graph, "x:0", new long[] {-1}, "call:0", new long[] {-1}).build();
        UntrustedModelException e = assertThrows(UntrustedModelException.class,
                () -> OpAllowList.check(mg, Path.of("m/saved_model.pb")));
        assertTrue(e.getMessage().contains("'SaveV2' (node 'save' in function 'serve_fn') is a checkpoint op outside"
                + " the saver's save function"), e.getMessage());
    }

    /** A top-level graph x -> one node per op in {@code ops} (each reading x), refused by the check. */
    private static String refusal(String... ops) {
        GraphDef.Builder graph = GraphDef.newBuilder().addNode(node("x", "Placeholder", Map.of("dtype", type(F))));
        for (int i = 0; i < ops.length; i++) {
            graph.addNode(node("n" + i, ops[i], Map.of(), "x"));
        }
        MetaGraphDef mg = Protos.metaGraph(graph.build(), "x:0", new long[] {-1}, "x:0", new long[] {-1}).build();
        return assertThrows(UntrustedModelException.class, () -> OpAllowList.check(mg, Path.of("m/saved_model.pb")))
                .getMessage();
    }

    /**
     * Why each op is refused (PIT round 40: only that one was refused had been checked): an op TensorFlow knows but an
     * image classifier does not need, against one no TensorFlow knows (a custom kernel's, which would not load anyway).
     */
    @Test
    void aRefusedOpIsSaidToBeKnownOrUnknownToTensorFlow() {
        String known = refusal("ReadFile");
        assertTrue(known.contains("'ReadFile' (node 'n0' in the top-level graph) is not on the allow-list")
                && !known.contains("not an op this TensorFlow knows"), known);
        String unknown = refusal("AddonsCustomKernel");
        assertTrue(unknown.contains("'AddonsCustomKernel' (node 'n0' in the top-level graph) is not on the allow-list"
                + " (and is not an op this TensorFlow knows)"), unknown);
        assertTrue(unknown.contains("it holds 1 op that is not a pure tensor op,"), unknown);
    }

    /** Eight offences are listed, the rest counted; the count names them all. */
    @Test
    void manyOffencesAreListedUpToEightThenCounted() {
        String[] ten = new String[10];
        java.util.Arrays.fill(ten, "ReadFile");
        String m = refusal(ten);
        assertTrue(m.contains("it holds 10 ops that are not pure tensor ops"), m);
        assertTrue(m.contains("node 'n7'") && !m.contains("node 'n8'") && m.contains("... and 2 more"), m);
        String[] eight = java.util.Arrays.copyOf(ten, 8);
        m = refusal(eight);
        assertTrue(m.contains("node 'n7'") && !m.contains("more"), m);
    }

    // ------------------------------------------------------------------------------------------ round 40

    private static UntrustedModelException refused(MetaGraphDef mg) {
        return assertThrows(UntrustedModelException.class, () -> OpAllowList.check(mg, Path.of("m/saved_model.pb")));
    }

    /** serving_default calls each of {@code functions}, each of which reads a file it never returns. */
    private static MetaGraphDef readFileFunctions(String... functions) {
        GraphDef.Builder g = GraphDef.newBuilder().addNode(node("x", "Placeholder", Map.of("dtype", type(F))));
        org.tensorflow.proto.FunctionDefLibrary.Builder library = org.tensorflow.proto.FunctionDefLibrary.newBuilder();
        for (String f : functions) {
            library.addFunction(function(f, new OpDef.ArgDef[] {arg("x", F)}, new OpDef.ArgDef[] {arg("y", F)},
                    Map.of("y", "id:output:0"), stringConst("path", "/etc/passwd"),
                    node("read", "ReadFile", Map.of(), "path:output:0"), node("id", "Identity", Map.of("T", type(F)), "x")));
            g.addNode(node("call_" + f, "PartitionedCall", Map.of("f", func(f)), "x"));
        }
        return Protos.metaGraph(g.setLibrary(library).build(), "x:0", new long[] {-1}, "x:0", new long[] {-1}).build();
    }

    /**
     * The refused ops are listed by function name, whatever order the library's map keeps, eight at most and then how
     * many more: a model made of refused ops is named in a few lines, the same ones at each load.
     */
    @Test
    void theRefusedAreListedInFunctionOrderEightAtMost() {
        String[] nine = {"f_kilo", "f_alpha", "f_juliet", "f_bravo", "f_india", "f_charlie", "f_hotel", "f_delta", "f_golf"};
        UntrustedModelException e = refused(readFileFunctions(nine));
        java.util.List<String> expected = new java.util.ArrayList<>();
        for (String f : new String[] {"f_alpha", "f_bravo", "f_charlie", "f_delta", "f_golf", "f_hotel", "f_india",
                "f_juliet"}) {
            expected.add("'ReadFile' (node 'read' in function '" + f + "') is not on the allow-list");
        }
        expected.add("... and 1 more");
        assertEquals(expected, e.refused());
        assertTrue(e.summary().contains("it holds 9 ops that are not pure tensor ops"), e.summary());
        UntrustedModelException eight = refused(readFileFunctions(java.util.Arrays.copyOf(nine, 8)));
        assertEquals(8, eight.refused().size(), eight.refused().toString());
        assertTrue(eight.refused().stream().noneMatch(r -> r.startsWith("...")), eight.refused().toString());
    }

    /** An op no TensorFlow knows (a custom library's) is said to be one, beside the known ops that are refused. */
    @Test
    void anOpThisTensorFlowDoesNotKnowIsSaidToBeUnknown() {
        GraphDef graph = GraphDef.newBuilder()
                .addNode(node("x", "Placeholder", Map.of("dtype", type(F))))
                .addNode(node("mine", "MyCustomResize", Map.of(), "x"))
                .addNode(node("print", "PrintV2", Map.of(), "x"))
                .build();
        UntrustedModelException e = refused(Protos.metaGraph(graph, "x:0", new long[] {-1}, "mine:0", new long[] {-1})
                .build());
        assertEquals(Set.of("'MyCustomResize' (node 'mine' in the top-level graph) is not on the allow-list (and is not an"
                + " op this TensorFlow knows)", "'PrintV2' (node 'print' in the top-level graph) is not on the allow-list"),
                Set.copyOf(e.refused()));
    }

    /** The save function may write a checkpoint only under the file name it is given, never to a path of its own. */
    @Test
    void saveToAFixedPathIsRefused() {
        FunctionDef save = saveFunction("file_prefix");
        FunctionDef fixed = save.toBuilder().addNodeDef(stringConst("fixed", "/tmp/stolen"))
                .setNodeDef(java.util.stream.IntStream.range(0, save.getNodeDefCount())
                        .filter(k -> save.getNodeDef(k).getName().equals("join")).findFirst().orElseThrow(),
                        node("join", "StringJoin", Map.of("N", Protos.i(2)), "fixed:output:0", "suffix:output:0"))
                .build();
        UntrustedModelException e = refused(saverModel(fixed, restoreFunction("file_prefix")).build());
        assertEquals(java.util.List.of("'ShardedFilename' (node 'sharded' in function 'save_fn') takes a file path that"
                + " does not derive from the function's file name argument", "'SaveV2' (node 'save' in function 'save_fn')"
                + " takes a file path that does not derive from the function's file name argument"),
                e.refused());
    }

    /**
     * A function the restore op calls is restore-only if nothing else reaches it, through other functions too: here the
     * serving signature reaches it through a wrapper, so its RestoreV2 would run at each prediction.
     */
    @Test
    void aRestoreFunctionTheServingPathReachesThroughAnotherIsNotRestoreOnly() {
        FunctionDef wrapper = function("wrapper_fn", new OpDef.ArgDef[] {arg("p", S)}, new OpDef.ArgDef[] {},
                Map.of(), node("inner", "StatefulPartitionedCall", Map.of("f", func("restore_fn")), "p"));
        MetaGraphDef.Builder mg = saverModel(saveFunction("file_prefix"), restoreFunction("file_prefix"),
                node("serve", "StatefulPartitionedCall", Map.of("f", func("wrapper_fn")), "saver_filename"));
        mg.getGraphDefBuilder().getLibraryBuilder().addFunction(wrapper);
        mg.putSignatureDef("serving_default", mg.getSignatureDefOrThrow("serving_default").toBuilder()
                .putOutputs("y", Protos.tensorInfo("serve", DataType.DT_INVALID)).build());
        UntrustedModelException e = refused(mg.build());
        assertEquals(java.util.List.of("'RestoreV2' (node 'restore' in function 'restore_fn') is a checkpoint op outside"
                + " the saver's restore function"), e.refused());
    }

    /** A restore that the restore function calls through a helper of its own is still restore-only. */
    @Test
    void aRestoreThroughAHelperOfTheRestoreFunctionIsAllowed() {
        FunctionDef outer = function("restore_fn", new OpDef.ArgDef[] {arg("file_prefix", S)}, new OpDef.ArgDef[] {},
                Map.of(), node("inner", "StatefulPartitionedCall", Map.of("f", func("restore_helper")), "file_prefix"));
        FunctionDef helper = restoreFunction("file_prefix").toBuilder()
                .setSignature(restoreFunction("file_prefix").getSignature().toBuilder().setName("restore_helper")).build();
        MetaGraphDef.Builder mg = saverModel(saveFunction("file_prefix"), outer);
        mg.getGraphDefBuilder().getLibraryBuilder().addFunction(helper);
        assertDoesNotThrow(() -> OpAllowList.check(mg.build(), Path.of("m/saved_model.pb")));
    }

    /** A RestoreV2 given no inputs at all (a hand-made graph) is refused as reading no fed file, not an exception. */
    @Test
    void aRestoreWithoutInputsIsRefusedNotACrash() {
        FunctionDef bare = restoreFunction("file_prefix").toBuilder().setNodeDef(2,
                node("restore", "RestoreV2", Map.of("dtypes", types(F)))).build();
        assertEquals("restore", bare.getNodeDef(2).getName());
        UntrustedModelException e = refused(saverModel(saveFunction("file_prefix"), bare).build());
        assertEquals(java.util.List.of("'RestoreV2' (node 'restore' in function 'restore_fn') takes a file path that"
                + " does not derive from the function's file name argument"), e.refused());
    }

    /**
     * cam4j's own SavedModel is a TensorFlow 1 graph: its RestoreV2 stands in the top-level graph, fed the saver's file
     * name. It passes; the same graph restoring from a constant path of its own does not.
     */
    @Test
    void aTopLevelRestoreMustReadTheSaversFileName() throws Exception {
        MetaGraphDef own = SavedModelProto.readServeMetaGraph(Path.of("saved_models/mnist-pooled"));
        assertDoesNotThrow(() -> OpAllowList.check(own, Path.of("saved_models/mnist-pooled/saved_model.pb")));
        MetaGraphDef.Builder moved = own.toBuilder();
        GraphDef.Builder g = moved.getGraphDefBuilder();
        int restore = java.util.stream.IntStream.range(0, g.getNodeCount())
                .filter(k -> g.getNode(k).getOp().equals("RestoreV2")).findFirst().orElseThrow();
        String name = g.getNode(restore).getName();
        g.setNode(restore, g.getNode(restore).toBuilder().setInput(0, "elsewhere"));
        g.addNode(Protos.stringConst("elsewhere", "/tmp/other/variables"));
        UntrustedModelException e = refused(moved.build());
        assertEquals(java.util.List.of("'RestoreV2' (node '" + name + "' in the top-level graph) takes a file path that"
                + " does not derive from the saver's file name tensor"), e.refused());
    }
}
