package io.github.cam4j.savedmodel.keras;

import static io.github.cam4j.savedmodel.keras.GraphView.attrBool;
import static io.github.cam4j.savedmodel.keras.GraphView.dataInput;
import static io.github.cam4j.savedmodel.keras.GraphView.shortName;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * Folds the linear ops between the global pooling and the logits into a {@link LinearHead}, one op at a time as
 * {@link HeadWalker} steps over them: constant shifts and scales, Dense layers ({@code MatMul} by a constant kernel,
 * or a 1x1 {@code Conv2D} of a 1x1 map). An op that is not linear in what it reads is refused, saying why.
 */
final class LinearHeadFolder {

    private final GraphView graph;

    /** @param graph the graph the ops belong to */
    LinearHeadFolder(GraphView graph) {
        this.graph = graph;
    }

    /**
     * Folds an addition or subtraction of a constant.
     *
     * @return the tensor {@code n} adds the constant to, where the walk goes on
     */
    String foldAdd(NodeDef n, LinearHead head) throws HeadRefusal {
        String x = dataInput(n, 0);
        String y = dataInput(n, 1);
        boolean sub = n.getOp().equals("Sub");
        if (graph.isConstant(y)) {
            head.add(vector(y, head, n), sub ? -1 : 1);
            return x;
        }
        if (graph.isConstant(x) && !n.getOp().startsWith("BiasAdd")) {
            double[] v = vector(x, head, n);
            head.add(v, 1);
            if (sub) {
                head.negate();
            }
            return y;
        }
        Optional<NodeDef> statistic = channelStatistic(n);
        if (statistic.isPresent()) {
            throw normalisation(n, statistic.get());
        }
        throw new HeadRefusal(n.getOp() + " '" + shortName(n.getName()) + "' adds two computed tensors (a residual"
                + " connection?) between the pooling and the logits");
    }

    /**
     * Folds a multiplication or division by a constant.
     *
     * @return the tensor {@code n} scales, where the walk goes on
     */
    String foldScale(NodeDef n, LinearHead head) throws HeadRefusal {
        String x = dataInput(n, 0);
        String y = dataInput(n, 1);
        // TensorFlow 1.x's tf.div writes Div, the same division on the head's float tensors.
        boolean div = OpKinds.DIVISIONS.contains(n.getOp());
        if (graph.isConstant(y)) {
            double[] v = vector(y, head, n);
            if (div) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = 1 / v[i];
                }
            }
            head.scale(v);
            return x;
        }
        if (!div && graph.isConstant(x)) {
            head.scale(vector(x, head, n));
            return y;
        }
        Optional<NodeDef> statistic = channelStatistic(n);
        if (statistic.isPresent()) {
            throw normalisation(n, statistic.get());
        }
        throw new HeadRefusal(n.getOp() + " '" + shortName(n.getName()) + "' " + (div ? "divides" : "multiplies")
                + " two computed tensors (a gate, or an activation such as swish or hard-swish, x · f(x)) between"
                + " the pooling and the logits, so the class scores are not linear in the pooled features");
    }

    private static HeadRefusal normalisation(NodeDef n, NodeDef statistic) {
        return new HeadRefusal(n.getOp() + " '" + shortName(n.getName()) + "' belongs to a normalisation of each"
                + " picture's pooled features by their own statistics (" + statistic.getOp() + " '"
                + shortName(statistic.getName()) + "' averages their channels, as a LayerNormalization does), so the"
                + " class scores are not linear in the pooled features");
    }

    /**
     * A per-picture statistic of the pooled features among the ops {@code n} is computed from, back to the pooling: a
     * {@code Mean} over the channel axis of a [N, K] tensor (or of a [N, 1, 1, K] one), as a LayerNormalization's
     * moments are. Looks at no more than 200 ops and never past a global average pooling.
     */
    private Optional<NodeDef> channelStatistic(NodeDef n) {
        Deque<NodeDef> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(n);
        while (!todo.isEmpty() && seen.size() < 200) {
            NodeDef m = todo.pop();
            if (!seen.add(m.getName())) {
                continue;
            }
            if (m.getOp().equals("Mean")) {
                if (graph.isGlobalSpatial(m)) {
                    continue;
                }
                long[] s = graph.shape(dataInput(m, 0));
                if (s != null && (s.length == 2 || (s.length == 4 && s[1] == 1 && s[2] == 1))
                        && graph.isConstant(dataInput(m, 1))) {
                    Set<Long> axes = new HashSet<>();
                    for (long a : graph.axes(m)) {
                        axes.add(a < 0 ? a + s.length : a);
                    }
                    if (axes.equals(Set.of((long) s.length - 1))) {
                        return Optional.of(m);
                    }
                }
            }
            for (String in : m.getInputList()) {
                InputRef r = InputRef.graphForm(in);
                if (!r.control() && graph.dependsOnInput(r.name()) && graph.node(r.name()) != null) {
                    todo.push(graph.node(r.name()));
                }
            }
        }
        return Optional.empty();
    }

    /** Folds a Dense layer's {@code MatMul} by its constant kernel. */
    void foldMatMul(NodeDef n, LinearHead head) throws HeadRefusal {
        String w = dataInput(n, 1);
        if (!graph.isConstant(w) || attrBool(n, "transpose_a")) {
            throw new HeadRefusal("MatMul '" + shortName(n.getName()) + "' is not x · constant kernel");
        }
        long[] s = graph.shape(w);
        double[] v = graph.floats(w);
        boolean tb = attrBool(n, "transpose_b");
        if (s == null || s.length != 2) {
            throw new HeadRefusal("MatMul '" + shortName(n.getName()) + "' has a kernel of shape "
                    + graph.shapeString(w));
        }
        int rows = (int) (tb ? s[1] : s[0]);
        int cols = (int) (tb ? s[0] : s[1]);
        if (cols != head.width()) {
            throw new HeadRefusal("MatMul '" + shortName(n.getName()) + "' gives " + cols + " values where "
                    + head.width() + " were expected");
        }
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = tb ? v[j * rows + i] : v[i * cols + j];
            }
        }
        head.matmul(m);
    }

    /**
     * @return whether a {@code Conv2D} is a Dense layer in disguise: an NHWC convolution of a statically 1x1 map by a
     *     constant 1x1 kernel, stride 1 (either padding gives the same one cell)
     */
    boolean isPointwiseOnOneCell(NodeDef n) {
        long[] in = graph.shape(dataInput(n, 0));
        long[] k = graph.shape(dataInput(n, 1));
        AttrValue format = n.getAttrMap().get("data_format");
        AttrValue strides = n.getAttrMap().get("strides");
        return in != null && in.length == 4 && in[1] == 1 && in[2] == 1 && k != null && k.length == 4 && k[0] == 1
                && k[1] == 1 && graph.isConstant(dataInput(n, 1))
                && (format == null || format.getS().toStringUtf8().equals("NHWC"))
                && (strides == null || strides.getList().getIList().stream().allMatch(v -> v == 1));
    }

    /** Folds a 1x1 convolution of a 1x1 map ({@link #isPointwiseOnOneCell}) as the Dense layer it is. */
    void foldPointwise(NodeDef n, LinearHead head) throws HeadRefusal {
        String w = dataInput(n, 1);
        long[] s = graph.shape(w);
        int rows = (int) s[2];
        int cols = (int) s[3];
        if (cols != head.width()) {
            throw new HeadRefusal("Conv2D '" + shortName(n.getName()) + "' gives " + cols + " values where "
                    + head.width() + " were expected");
        }
        double[] v = graph.floats(w);
        double[][] m = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m[i][j] = v[i * cols + j];
            }
        }
        head.matmul(m);
    }

    private double[] vector(String t, LinearHead head, NodeDef n) throws HeadRefusal {
        double[] v = graph.floats(t);
        if (v.length != 1 && v.length != head.width()) {
            throw new HeadRefusal(n.getOp() + " '" + shortName(n.getName()) + "' applies a constant of shape "
                    + graph.shapeString(t) + " where a scalar or one value per channel (" + head.width()
                    + ") was expected");
        }
        return v;
    }
}
