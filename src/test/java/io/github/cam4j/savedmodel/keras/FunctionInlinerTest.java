package io.github.cam4j.savedmodel.keras;

import static io.github.cam4j.savedmodel.keras.Protos.arg;
import static io.github.cam4j.savedmodel.keras.Protos.func;
import static io.github.cam4j.savedmodel.keras.Protos.function;
import static io.github.cam4j.savedmodel.keras.Protos.intConst;
import static io.github.cam4j.savedmodel.keras.Protos.node;
import static io.github.cam4j.savedmodel.keras.Protos.shape;
import static io.github.cam4j.savedmodel.keras.Protos.type;
import static io.github.cam4j.savedmodel.keras.Protos.types;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.ModelLoadException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.types.TFloat32;

/**
 * {@link FunctionInliner} on a hand-made TF 2 style graph: a variable captured by a {@code StatefulPartitionedCall},
 * a list output ({@code Split}) read as {@code s:output:1}, a nested {@code PartitionedCall}, a control input on a
 * call, and nodes that cannot be frozen but are not needed.
 */
class FunctionInlinerTest {
    private static final DataType F = DataType.DT_FLOAT;
    private static final DataType R = DataType.DT_RESOURCE;
    private static final float[] W = {
        1, 0, 2, 0,
        0, 1, 0, 1,
        1, 1, 0, 0,
        0, 0, 1, -1};

    /** y = s0 + s1 * s1 where [s0 | s1] = x · W split in two along axis 1. */
    private static GraphDef graph() {
        FunctionDef g = function("G", new OpDef.ArgDef[] {arg("a", F)}, new OpDef.ArgDef[] {arg("b", F)},
                Map.of("b", "id:output:0"),
                node("sq", "Mul", Map.of("T", type(F)), "a", "a"),
                node("id", "Identity", Map.of("T", type(F)), "sq:z:0"));
        FunctionDef f = function("F", new OpDef.ArgDef[] {arg("x", F), arg("v", R)}, new OpDef.ArgDef[] {arg("y", F)},
                Map.of("y", "add:z:0"),
                node("r", "ReadVariableOp", Map.of("dtype", type(F)), "v"),
                node("m", "MatMul", Map.of("T", type(F)), "x", "r:value:0"),
                intConst("dim", 1),
                node("s", "Split", Map.of("T", type(F), "num_split", Protos.i(2)), "dim:output:0", "m:product:0"),
                node("g", "PartitionedCall", Map.of("f", func("G"), "Tin", types(F), "Tout", types(F)),
                        "s:output:1"),
                node("add", "AddV2", Map.of("T", type(F)), "s:output:0", "g:output:0"),
                node("dead", "AssignVariableOp", Map.of("dtype", type(F)), "v", "m:product:0"));
        f = f.toBuilder().putControlRet("dead", "dead").build();
        FunctionDef h = function("H", new OpDef.ArgDef[] {arg("u", R)}, new OpDef.ArgDef[] {arg("y", F)},
                Map.of("y", "r:value:0"),
                node("r", "ReadVariableOp", Map.of("dtype", type(F)), "u"));
        return GraphDef.newBuilder()
                .addNode(node("x", "Placeholder", Map.of("dtype", type(F), "shape", shape(-1, 4))))
                .addNode(node("v", "VarHandleOp", Map.of("dtype", type(F), "shape", shape(4, 4))))
                .addNode(node("u", "VarHandleOp", Map.of("dtype", type(F), "shape", shape(4))))
                .addNode(node("call", "StatefulPartitionedCall",
                        Map.of("f", func("F"), "Tin", types(F, R), "Tout", types(F)), "x", "v"))
                .addNode(node("other", "StatefulPartitionedCall",
                        Map.of("f", func("H"), "Tin", types(R), "Tout", types(F)), "u"))
                .addNode(node("out", "Identity", Map.of("T", type(F)), "call", "^call"))
                .setLibrary(FunctionDefLibrary.newBuilder().addFunction(f).addFunction(g).addFunction(h))
                .build();
    }

    private static Map<String, TensorProto> frozen() {
        TensorProto.Builder t = TensorProto.newBuilder().setDtype(F).setTensorShape(Protos.shapeProto(4, 4));
        for (float w : W) {
            t.addFloatVal(w);
        }
        Map<String, TensorProto> m = new HashMap<>();
        m.put("v", t.build());
        return m;
    }

    @Test
    void inlinesNestedCallsAndFreezesTheVariable() throws Exception {
        FunctionInliner.Result r = FunctionInliner.inline(graph(), List.of("x:0", "out:0"), frozen());
        assertEquals(List.of("x:0", "out:0"), r.tensors());
        assertEquals(List.of("F", "G"), r.inlinedFunctions());
        Map<String, NodeDef> nodes = new HashMap<>();
        r.graphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
        assertEquals("Const", nodes.get("v").getOp());
        // The read of a frozen variable leaves no node: its reader reads the constant. An Identity between them cost
        // Grappler's constant folding a copy of every weight on each new set of fetches (VGG16: 6.5 s).
        assertFalse(nodes.containsKey("call/r"), "ReadVariableOp of a frozen variable");
        assertEquals(List.of("x:0", "v:0"), nodes.get("call/m").getInputList());
        assertEquals(List.of("call/s:0", "call/g/id:0"), nodes.get("call/add").getInputList());
        assertEquals(List.of("call/s:1", "call/s:1"), nodes.get("call/g/sq").getInputList());
        assertEquals(List.of("call/add:0", "^call"), nodes.get("out").getInputList());
        assertEquals("NoOp", nodes.get("call").getOp(), "a call's control handle");
        assertFalse(nodes.containsKey("call/dead"), "the variable assignment cannot be frozen and is not needed");
        assertFalse(nodes.containsKey("u") || nodes.containsKey("other"), "what the request does not reach is pruned");
        assertEquals(0, r.graphDef().getLibrary().getFunctionCount());

        float[] x = {1, 2, 3, 4, 0.5f, -1, 0, 2};
        float[] expected = new float[4];
        for (int i = 0; i < 2; i++) {
            float[] m = new float[4];
            for (int j = 0; j < 4; j++) {
                for (int k = 0; k < 4; k++) {
                    m[j] += x[i * 4 + k] * W[k * 4 + j];
                }
            }
            for (int j = 0; j < 2; j++) {
                expected[i * 2 + j] = m[j] + m[j + 2] * m[j + 2];
            }
        }
        try (Graph g = new Graph()) {
            g.importGraphDef(r.graphDef());
            try (Session s = new Session(g);
                    TFloat32 in = TFloat32.tensorOf(Shape.of(2, 4), DataBuffers.of(x, true, false));
                    Result out = s.runner().feed("x:0", in).fetch("out:0").run()) {
                float[] y = new float[4];
                out.get(0).asRawTensor().data().asFloats().read(y);
                for (int i = 0; i < 4; i++) {
                    assertEquals(expected[i], y[i], 1e-5, "y[" + i + "]");
                }
            }
        }
    }

    @Test
    void aNeededVariableThatWasNotReadIsNamed() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> FunctionInliner.inline(graph(), List.of("other:0"), frozen()));
        assertTrue(e.getMessage().contains("'other:0'") && e.getMessage().contains("node 'u' (VarHandleOp)")
                && e.getMessage().contains("was not read"), e.getMessage());
    }

    @Test
    void anUnknownTensorIsNamed() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> FunctionInliner.inline(graph(), List.of("nowhere:0"), frozen()));
        assertTrue(e.getMessage().contains("'nowhere:0'"), e.getMessage());
    }
}
