package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;

/** {@link OpRegistry#flatOutputIndex}: function-form outputs to GraphDef flat indices. */
class OpRegistryTest {
    private static final OpRegistry OPS = OpRegistry.get();

    @Test
    void singleOutputs() {
        assertEquals(0, OPS.flatOutputIndex("MatMul", Map.of(), "product", 0));
        assertEquals(1, OPS.flatOutputIndex("FusedBatchNormV3", Map.of(), "batch_mean", 0));
        assertEquals(5, OPS.flatOutputIndex("FusedBatchNormV3", Map.of(), "reserve_space_3", 0));
    }

    @Test
    void listOutputsExpandThroughNumberAttr() {
        assertEquals(1, OPS.flatOutputIndex("Split", Map.of("num_split", AttrValue.newBuilder().setI(2).build()),
                "output", 1));
        // SparseSplit: output_indices, output_values, output_shape, each num_split long.
        Map<String, AttrValue> three = Map.of("num_split", AttrValue.newBuilder().setI(3).build());
        assertEquals(4, OPS.flatOutputIndex("SparseSplit", three, "output_values", 1));
        assertEquals(8, OPS.flatOutputIndex("SparseSplit", three, "output_shape", 2));
    }

    @Test
    void listOutputsExpandThroughTypeListAttr() {
        AttrValue tout = AttrValue.newBuilder().setList(AttrValue.ListValue.newBuilder()
                .addType(DataType.DT_FLOAT).addType(DataType.DT_INT32)).build();
        assertEquals(1, OPS.flatOutputIndex("IdentityN", Map.of("T", tout), "output", 1));
    }

    @Test
    void errorsNameTheOpAndArgument() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OPS.flatOutputIndex("MatMul", Map.of(), "nope", 0));
        assertEquals("op 'MatMul' has no output argument 'nope'", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OPS.flatOutputIndex("Split", Map.of(), "output", 0));
        assertThrows(IllegalArgumentException.class, () -> OPS.flatOutputIndex("NoSuchOp", Map.of(), "y", 0));
        assertThrows(IllegalArgumentException.class, () -> OPS.flatOutputIndex("MatMul", Map.of(), "product", 1));
    }
}
