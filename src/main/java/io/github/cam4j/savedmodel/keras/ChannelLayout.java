package io.github.cam4j.savedmodel.keras;

import static io.github.cam4j.savedmodel.keras.GraphView.dataInput;
import static io.github.cam4j.savedmodel.keras.OpKinds.LAYOUT_KEEPING;

import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/** Tells on which axis a rank-4 tensor of the graph holds its channels. */
final class ChannelLayout {

    private final GraphView graph;

    /** @param graph the graph the tensors belong to */
    ChannelLayout(GraphView graph) {
        this.graph = graph;
    }

    /**
     * Where a rank-4 tensor's channels lie, followed back through the graph: an op with an NC* {@code data_format}
     * puts them on axis 1, a Transpose moves them where its order says (so NCHW's way back, [0, 2, 3, 1], puts them last
     * again), element-wise ops keep their input's layout; anything else (a convolution in NHWC, the input) has them
     * last. Looking at the tensor's own op only missed a ReLU after an NCHW transpose and took the transpose back for
     * one to channels first.
     *
     * @return the axis, 0..3 (3: channels last)
     */
    int channelAxis(String t) {
        return channelAxis(t, 0);
    }

    /** {@link #channelAxis(String)}, {@code depth} ops back from where it was asked; channels last past 64. */
    private int channelAxis(String t, int depth) {
        if (depth > 64) {
            return 3;
        }
        NodeDef n = graph.producer(t);
        AttrValue format = n.getAttrMap().get("data_format");
        if (format != null) {
            return format.getS().toStringUtf8().startsWith("NC") ? 1 : 3;
        }
        if (n.getOp().equals("Transpose") && graph.isConstant(dataInput(n, 1))) {
            double[] perm = graph.floats(dataInput(n, 1));
            int in = channelAxis(dataInput(n, 0), depth + 1);
            for (int j = 0; j < perm.length; j++) {
                if ((int) perm[j] == in) {
                    return j;
                }
            }
            return 3;
        }
        long dataInputs = n.getInputList().stream().filter(i -> !i.startsWith("^")).count();
        if (LAYOUT_KEEPING.contains(n.getOp()) && dataInputs > 0) {
            long[] in = graph.shape(dataInput(n, 0));
            // A broadcast scalar or per-channel vector as the first input carries no layout: the other one does.
            boolean firstIsFull = in != null && in.length == 4;
            return channelAxis(dataInput(n, firstIsFull || dataInputs < 2 ? 0 : 1), depth + 1);
        }
        return 3;
    }
}
