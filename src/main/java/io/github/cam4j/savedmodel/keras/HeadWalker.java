package io.github.cam4j.savedmodel.keras;

import static io.github.cam4j.savedmodel.keras.GraphView.dataInput;
import static io.github.cam4j.savedmodel.keras.GraphView.shortName;
import static io.github.cam4j.savedmodel.keras.OpKinds.ADDS;
import static io.github.cam4j.savedmodel.keras.OpKinds.DIVISIONS;
import static io.github.cam4j.savedmodel.keras.OpKinds.NON_LINEAR;
import static io.github.cam4j.savedmodel.keras.OpKinds.PASS_THROUGH;
import static io.github.cam4j.savedmodel.keras.OpKinds.SHAPE_ONLY;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;

/**
 * Walks back from the logits to the global average pooling, folding the linear head on the way
 * ({@link LinearHeadFolder}), and names the features the folded head reads: the tensor the pooling reduces, or the
 * input of a 1x1 convolution head before it.
 */
final class HeadWalker {

    /** A features tensor and the affine map from its pooled value to the logits. */
    record Candidate(String features, double[][] kernel, double[] bias, String how) {}

    private final GraphView graph;
    private final LinearHeadFolder folder;

    /** @param graph the graph to walk */
    HeadWalker(GraphView graph) {
        this.graph = graph;
        this.folder = new LinearHeadFolder(graph);
    }

    /**
     * Walks back from the logits to the global average pooling, folding the linear head.
     *
     * @param walked receives each op stepped over, described, for a refusal's message
     * @return the candidates, the one CAM uses first
     * @throws HeadRefusal when the classifier is not a linear head on a global average pooling
     */
    List<Candidate> walkHead(String logits, int classes, List<String> walked) throws HeadRefusal {
        LinearHead head = new LinearHead(classes);
        int dense = 0;
        String denseName = null;
        String t = logits;
        while (true) {
            NodeDef n = graph.producer(t);
            walked.add(graph.describe(n));
            String op = n.getOp();
            if (OpKinds.isRoundingCast(n)) {
                throw new HeadRefusal("Cast '" + shortName(n.getName()) + "' casts to " + OpKinds.castTarget(n)
                        + ", rounding the values (2.7 to 2), so the class scores are not linear in the pooled"
                        + " features");
            } else if (PASS_THROUGH.contains(op) || op.equals("IdentityN")) {
                t = op.equals("IdentityN") ? dataInput(n, InputRef.graphForm(t).index()) : dataInput(n, 0);
            } else if (ADDS.contains(op)) {
                t = folder.foldAdd(n, head);
            } else if (op.equals("Mul") || DIVISIONS.contains(op)) {
                t = folder.foldScale(n, head);
            } else if (op.equals("MatMul")) {
                folder.foldMatMul(n, head);
                dense++;
                denseName = n.getName();
                t = dataInput(n, 0);
            } else if (op.equals("Conv2D") && folder.isPointwiseOnOneCell(n)) {
                // A 1x1 convolution of a 1x1 map (the pooling kept 4-D) is a Dense layer: keras.applications'
                // MobileNet ends in GlobalAveragePooling2D(keepdims=True), Dropout, Conv2D(classes, 1), Reshape.
                folder.foldPointwise(n, head);
                dense++;
                denseName = n.getName();
                t = dataInput(n, 0);
            } else if (SHAPE_ONLY.contains(op)) {
                String in = dataInput(n, 0);
                long[] s = graph.shape(in);
                boolean keptDims = s != null && s.length == 4 && s[1] == 1 && s[2] == 1;
                if (s == null || !(s.length == 2 || keptDims)) {
                    throw new HeadRefusal(s != null && s.length == 4
                            ? "the classifier reads a Flatten (" + op + " '" + shortName(n.getName()) + "' of "
                                    + graph.shapeString(in) + " to " + graph.shapeString(t) + "), which keeps where"
                                    + " things are in the weights instead of averaging them away"
                            : op + " '" + shortName(n.getName()) + "' of " + graph.shapeString(in) + " to "
                                    + graph.shapeString(t) + " in the classifier");
                }
                t = in;
            } else if (op.equals("Mean")) {
                String in = dataInput(n, 0);
                if (!graph.isGlobalSpatial(n)) {
                    throw new HeadRefusal("Mean '" + shortName(n.getName()) + "' over axes "
                            + Arrays.toString(graph.axes(n)) + " of " + graph.shapeString(in)
                            + " is not a global average pooling over height and width (axes [1, 2] of NHWC)"
                            + (poolsChannelsFirst(n, in) ? "; it pools a channels-first [N, C, H, W] map, as"
                                    + " GlobalAveragePooling2D(data_format=\"channels_first\") does, and CAM reads"
                                    + " features channels last: " + ChannelsLast.REBUILD : ""));
                }
                return pooled(in, head, dense, denseName, n);
            } else if (op.equals("AvgPool") && graph.isFullWindow(n)) {
                // A 'valid' average pooling whose window is the whole map (AveragePooling2D(pool_size=h, w), then a
                // Flatten) is a global average pooling with its spatial dims kept.
                return pooled(dataInput(n, 0), head, dense, denseName, n);
            } else if (op.equals("Max") && graph.isGlobalSpatial(n)) {
                throw new HeadRefusal("the pooling is a global MAX pooling ('" + shortName(n.getName())
                        + "'); CAM needs a global average pooling");
            } else if (NON_LINEAR.contains(op)) {
                throw new HeadRefusal(dense > 0
                        ? "a non-linearity (" + op + " '" + shortName(n.getName()) + "') stands between the Dense"
                                + " layer '" + shortName(denseName) + "' and what it reads, so the class scores are not"
                                + " linear in the pooled features (more than one Dense with a non-linearity between)"
                        : "a non-linearity (" + op + " '" + shortName(n.getName()) + "') stands between the pooling"
                                + " and the logits");
            } else {
                throw new HeadRefusal("op " + op + " ('" + shortName(n.getName()) + "') stands in the classifier"
                        + " where a Dense layer or a global average pooling was expected");
            }
        }
    }

    /**
     * (b) for a Keras Dense applied to the map before the pooling (Dense(classes) on a rank-4 tensor, then
     * GlobalAveragePooling2D): Keras writes it as a Tensordot, Reshape(MatMul(Reshape(Transpose(x, [0, 1, 2, 3]),
     * [-1, K]), kernel), [N, h, w, classes]), then its BiasAdd. It is a 1x1 convolution head, and read as one: the
     * features are x and the kernel the MatMul's. Taken as the class map (c) instead, its map held the bias as well
     * (each class's map shifted by bias[c] against the same model written with a Conv2D) and its features were the
     * class scores, not the last convolution's channels.
     *
     * @param t the pooled tensor, or the input of the bias added to it, past pass-through ops
     * @param bias the bias added after the Tensordot, or {@code null}
     * @return the candidate, or {@code null} when t is no Dense on a rank-4 tensor
     */
    private Candidate denseOnTheMap(String t, double[] bias, LinearHead head, String meanName) {
        NodeDef back = graph.producer(t);
        if (!back.getOp().equals("Reshape")) {
            return null;
        }
        NodeDef matmul = graph.producer(graph.through(dataInput(back, 0)));
        if (!matmul.getOp().equals("MatMul") || !graph.isConstant(dataInput(matmul, 1))
                || flag(matmul, "transpose_a") || flag(matmul, "transpose_b")) {
            return null;
        }
        NodeDef flat = graph.producer(graph.through(dataInput(matmul, 0)));
        if (!flat.getOp().equals("Reshape")) {
            return null;
        }
        String x = graph.through(dataInput(flat, 0));
        NodeDef transpose = graph.producer(x);
        if (transpose.getOp().equals("Transpose")) {
            if (!graph.isConstant(dataInput(transpose, 1))
                    || !Arrays.equals(graph.floats(dataInput(transpose, 1)), new double[] {0, 1, 2, 3})) {
                return null;
            }
            x = graph.through(dataInput(transpose, 0));
        }
        long[] xs = graph.shape(x);
        long[] ks = graph.shape(dataInput(matmul, 1));
        long[] out = graph.shape(t);
        if (xs == null || xs.length != 4 || ks == null || ks.length != 2 || xs[3] != ks[0] || ks[1] != head.width()
                || out == null || out.length != 4) {
            return null;
        }
        double[] k = graph.floats(dataInput(matmul, 1));
        int in = (int) ks[0];
        int classes = (int) ks[1];
        double[][] w = new double[in][classes];
        for (int i = 0; i < in; i++) {
            System.arraycopy(k, i * classes, w[i], 0, classes);
        }
        LinearHead folded = head.copy();
        if (bias != null) {
            folded.add(bias, 1);
        }
        folded.matmul(w);
        return new Candidate(x, folded.kernel(), folded.bias, "(b) Dense '" + shortName(back.getName())
                + "' applied to each cell (" + in + " -> " + classes + " channels) then global average pooling '"
                + meanName + "': features are the Dense's input, the kernel its weights as [" + in + ", " + classes
                + "]; the same as a 1x1 convolution head, or pooling followed by that Dense.");
    }

    private static boolean flag(NodeDef n, String attr) {
        AttrValue v = n.getAttrMap().get(attr);
        return v != null && v.getB();
    }

    /** Whether a Mean reduces axes 2 and 3 of a rank-4 tensor: a channels-first global average pooling. */
    private boolean poolsChannelsFirst(NodeDef mean, String in) {
        long[] s = graph.shape(in);
        if (s == null || s.length != 4 || !graph.isConstant(dataInput(mean, 1))) {
            return false;
        }
        long[] axes = graph.axes(mean);
        return axes.length == 2 && Arrays.stream(axes).map(a -> a < 0 ? a + 4 : a).sorted().boxed().toList()
                .equals(List.of(2L, 3L));
    }

    private List<Candidate> pooled(String map, LinearHead head, int dense, String denseName, NodeDef mean) {
        String meanName = shortName(mean.getName());
        if (dense > 0) {
            return List.of(new Candidate(map, head.kernel(), head.bias, "(a) global average pooling '" + meanName
                    + "' then Dense '" + shortName(denseName) + "'" + (dense > 1 ? " (" + dense
                    + " Dense layers with no non-linearity between, folded into one)" : "")
                    + ": features are the tensor the pooling reduces."));
        }
        Candidate pooledMap = new Candidate(map, head.kernel(), head.bias, "(c) global average pooling '"
                + meanName + "' straight into the output: the pooled tensor has one channel per class and is the"
                + " class map.");
        // (b) a 1x1 convolution head: BiasAdd/Add(Conv2D(x, k[1,1,K,C]), b) before the pooling.
        String t = graph.through(map);
        NodeDef n = graph.producer(t);
        double[] convBias = null;
        if (ADDS.contains(n.getOp()) && !n.getOp().equals("Sub") && graph.isConstant(dataInput(n, 1))) {
            convBias = graph.floats(dataInput(n, 1));
            t = graph.through(dataInput(n, 0));
            n = graph.producer(t);
        }
        if (convBias == null || convBias.length == head.width()) {
            Candidate perCell = denseOnTheMap(t, convBias, head, meanName);
            if (perCell != null) {
                return List.of(perCell, pooledMap);
            }
        }
        if (!n.getOp().equals("Conv2D") || !graph.isConstant(dataInput(n, 1))) {
            return List.of(pooledMap);
        }
        long[] ks = graph.shape(dataInput(n, 1));
        List<Long> strides = n.getAttrMap().containsKey("strides")
                ? n.getAttrMap().get("strides").getList().getIList() : List.of(1L, 1L, 1L, 1L);
        AttrValue format = n.getAttrMap().get("data_format");
        boolean nhwc = format == null || format.getS().toStringUtf8().equals("NHWC");
        if (ks == null || ks.length != 4 || ks[0] != 1 || ks[1] != 1 || !nhwc
                || strides.stream().anyMatch(s -> s != 1) || ks[3] != head.width()
                || (convBias != null && convBias.length != 1 && convBias.length != ks[3])) {
            return List.of(pooledMap);
        }
        double[] k = graph.floats(dataInput(n, 1));
        int in = (int) ks[2];
        int out = (int) ks[3];
        double[][] w = new double[in][out];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                w[i][j] = k[i * out + j];
            }
        }
        LinearHead folded = head.copy();
        if (convBias != null) {
            folded.add(convBias, 1);
        }
        folded.matmul(w);
        Candidate conv = new Candidate(dataInput(n, 0), folded.kernel(), folded.bias, "(b) 1x1 convolution head '"
                + shortName(n.getName()) + "' (" + in + " -> " + out + " channels) then global average pooling '"
                + meanName + "': features are the convolution's input, the kernel its weights as [" + in + ", " + out
                + "]; the same as pooling followed by a Dense layer with that kernel.");
        return List.of(conv, pooledMap);
    }
}
