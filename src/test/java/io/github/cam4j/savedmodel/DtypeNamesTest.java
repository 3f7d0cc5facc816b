package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.DataType;

/** Element types are named as Keras and NumPy name them, the words cam4j's messages use beside them. */
class DtypeNamesTest {
    @Test
    void floatingTypesReadAsKerasWritesThem() {
        assertEquals("float32", DtypeNames.of(DataType.DT_FLOAT));
        assertEquals("float64", DtypeNames.of(DataType.DT_DOUBLE));
        assertEquals("float16", DtypeNames.of(DataType.DT_HALF));
        assertEquals("bfloat16", DtypeNames.of(DataType.DT_BFLOAT16));
    }

    @Test
    void otherTypesKeepTensorFlowsLowerCaseName() {
        assertEquals("uint8", DtypeNames.of(DataType.DT_UINT8));
        assertEquals("int64", DtypeNames.of(DataType.DT_INT64));
        assertEquals("string", DtypeNames.of(DataType.DT_STRING));
        assertEquals("float32_ref", DtypeNames.of(DataType.DT_FLOAT_REF));
        assertEquals("no type", DtypeNames.of(null));
    }
}
