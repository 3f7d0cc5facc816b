package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/** The forms TensorFlow writes integer constants in, as the graph readers (window, axis, mean) meet them. */
class IntConstantTest {

    private static TensorShapeProto shape(long... dims) {
        TensorShapeProto.Builder b = TensorShapeProto.newBuilder();
        for (long d : dims) {
            b.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return b.build();
    }

    @Test
    void packedInt32AndInt64() {
        ByteBuffer ints = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).putInt(2).putInt(1);
        TensorProto int32 = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(4))
                .setTensorContent(ByteString.copyFrom(ints.array())).build();
        assertArrayEquals(new long[] {1, 2, 2, 1}, IntConstant.values(int32));
        ByteBuffer longs = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1).putLong(-2);
        TensorProto int64 = TensorProto.newBuilder().setDtype(DataType.DT_INT64).setTensorShape(shape(2))
                .setTensorContent(ByteString.copyFrom(longs.array())).build();
        assertArrayEquals(new long[] {1, -2}, IntConstant.values(int64));
    }

    @Test
    void aListShorterThanItsShapeRepeatsItsLastValueAndAScalarIsOneValue() {
        TensorProto twos = TensorProto.newBuilder().setDtype(DataType.DT_INT64).setTensorShape(shape(2)).addInt64Val(2)
                .build();
        assertArrayEquals(new long[] {2, 2}, IntConstant.values(twos));
        TensorProto axis = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape()).addIntVal(-1).build();
        assertArrayEquals(new long[] {-1}, IntConstant.values(axis));
        NodeDef node = NodeDef.newBuilder().setName("axis").setOp("Const")
                .putAttr("value", AttrValue.newBuilder().setTensor(axis).build()).build();
        assertArrayEquals(new long[] {-1}, IntConstant.of("axis", Map.of("axis", node)));
    }

    @Test
    void otherTypesMismatchedContentAndOtherOpsAreNotIntegerConstants() {
        TensorProto floats = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(shape(1)).addFloatVal(3)
                .build();
        assertNull(IntConstant.values(floats));
        TensorProto cut = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(4))
                .setTensorContent(ByteString.copyFrom(new byte[12])).build();
        assertNull(IntConstant.values(cut), "12 bytes are not 4 int32");
        TensorProto tooMany = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(1)).addIntVal(1)
                .addIntVal(2).build();
        assertNull(IntConstant.values(tooMany));
        // Malformed shapes: two negative sizes multiplied to 2, sizes whose product overflowed to 2 (3 x (2^64 + 2) / 3),
        // and a rank said to be unknown were each read as two values.
        TensorProto negative = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(shape(-1, -2))
                .addIntVal(1).addIntVal(2).build();
        assertNull(IntConstant.values(negative), "negative sizes");
        TensorProto overflow = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
                .setTensorShape(shape(3, 6148914691236517206L)).addIntVal(1).addIntVal(2).build();
        assertNull(IntConstant.values(overflow), "sizes whose product passes 2^63");
        TensorProto unknown = TensorProto.newBuilder().setDtype(DataType.DT_INT32)
                .setTensorShape(shape(2).toBuilder().setUnknownRank(true)).addIntVal(1).addIntVal(2).build();
        assertNull(IntConstant.values(unknown), "unknown rank");
        TensorProto huge = TensorProto.newBuilder().setDtype(DataType.DT_INT64).setTensorShape(shape(1L << 40)).addInt64Val(1)
                .build();
        assertNull(IntConstant.values(huge), "a trillion values are no window or axis");
        NodeDef placeholder = NodeDef.newBuilder().setName("x").setOp("Placeholder").build();
        assertNull(IntConstant.of("x", Map.of("x", placeholder)));
        assertNull(IntConstant.of("missing", Map.of()));
    }
}
