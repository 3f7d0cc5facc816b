package io.github.cam4j.savedmodel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * The values of an integer constant in a GraphDef: a pooling's window and strides, a concatenation's axis, a mean's
 * axes. TensorFlow writes them as int32 or int64, packed in {@code tensor_content} or listed, and a list may be shorter
 * than the shape when its last value repeats ({@code [2, 2]} written as {@code [2]}).
 */
final class IntConstant {
    private IntConstant() {}

    /** More values than a window, strides or axes list could hold: not read. */
    private static final long MAX_VALUES = 1024;

    /**
     * @param opName a node's name
     * @param nodes the graph's nodes by name
     * @return the values of that node when it is an int32 or int64 {@code Const}, else null
     */
    static long[] of(String opName, Map<String, NodeDef> nodes) {
        NodeDef n = nodes.get(opName);
        if (n == null || !n.getOp().equals("Const") || !n.getAttrMap().containsKey("value")) {
            return null;
        }
        return values(n.getAttrMap().get("value").getTensor());
    }

    /**
     * @param t a constant's tensor
     * @return its values, or null when it is of another type, its shape is malformed (unknown rank, a size below 0, more
     *     than {@value #MAX_VALUES} values) or its content does not match its shape
     */
    static long[] values(TensorProto t) {
        if (t.getTensorShape().getUnknownRank()) {
            return null; // a constant's shape is known; without it, how many values the list stands for is not
        }
        long size = 1;
        for (var d : t.getTensorShape().getDimList()) {
            // A size below 0 is malformed (two of them multiplied to a plausible count), and past MAX_VALUES the
            // product is no window or axis and may overflow to one that looks plausible.
            if (d.getSize() < 0 || d.getSize() > MAX_VALUES) {
                return null;
            }
            size *= d.getSize();
            if (size > MAX_VALUES) {
                return null;
            }
        }
        boolean int32 = t.getDtype() == DataType.DT_INT32;
        if (!int32 && t.getDtype() != DataType.DT_INT64) {
            return null;
        }
        long[] out = new long[(int) size];
        if (t.getTensorContent().isEmpty()) {
            return repeated(int32 ? t.getIntValList() : t.getInt64ValList(), out);
        }
        ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() != (int32 ? 4L : 8L) * size) {
            return null;
        }
        for (int i = 0; i < size; i++) {
            out[i] = int32 ? b.getInt() : b.getLong();
        }
        return out;
    }

    private static long[] repeated(List<? extends Number> listed, long[] out) {
        if (listed.isEmpty() || listed.size() > out.length) {
            return null;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = listed.get(Math.min(i, listed.size() - 1)).longValue();
        }
        return out;
    }
}
