package io.github.cam4j.savedmodel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Where the cells of the features tensor sit on the model's input: cell {@code (i, j)} is centred on input pixel
 * {@code (offsetY + strideY * i, offsetX + strideX * j)} (pixel-centre coordinates). Found by walking the graph from
 * the features back to the input and composing each convolution's and pooling's kernel, stride and padding.
 *
 * <p>Why it matters: after 'valid' convolutions the feature cells do not span the input edge to edge, and
 * stretching the map over the whole image would move its peak. For 'same' convolutions with even poolings the grid
 * equals plain stretching.
 *
 * @param strideY input rows between cell centres
 * @param strideX input columns between cell centres
 * @param offsetY input row of cell 0's centre
 * @param offsetX input column of cell 0's centre
 */
public record FeatureGrid(double strideY, double strideX, double offsetY, double offsetX) {

    /** Ops that keep every spatial position where it is (element-wise, per-channel or identity). */
    private static final Set<String> POINTWISE = Set.of("Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid", "Tanh",
            "Softplus", "Softsign", "BiasAdd", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Div", "Maximum", "Minimum",
            "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", "Identity", "Snapshot", "StopGradient", "Cast",
            "Square", "Sqrt", "Rsqrt", "Neg", "Exp", "Log", "Erf", "Abs", "ClipByValue");
    private static final Set<String> CONVOLUTIONS = Set.of("Conv2D", "DepthwiseConv2dNative");
    private static final Set<String> POOLINGS = Set.of("MaxPool", "AvgPool", "MaxPoolV2");

    /**
     * @param graph the model's graph
     * @param inputTensor the images input
     * @param featuresTensor the features tensor
     * @return the grid, or empty when the path holds an op whose geometry is not known (then stretch the map)
     */
    public static Optional<FeatureGrid> find(Graph graph, String inputTensor, String featuresTensor) {
        return GraphPath.find(graph, inputTensor, featuresTensor).flatMap(FeatureGrid::of);
    }

    /** @return the grid along a path already found, or empty when it holds an op whose geometry is not known */
    static Optional<FeatureGrid> of(GraphPath found) {
        return of(found.path(), found.nodes());
    }

    /**
     * @param path ops in order, from the tensor the grid is to be on (not included) to the features' op
     * @param nodes every op of the graph by name
     * @return where the features' cells sit on the tensor the path starts from, or empty when it holds an op whose
     *     geometry is not known
     */
    static Optional<FeatureGrid> of(List<NodeDef> path, Map<String, NodeDef> nodes) {
        double[] y = {1, 0};
        double[] x = {1, 0};
        for (int i = 0; i < path.size(); i++) {
            NodeDef n = path.get(i);
            if (keepsPositions(n, nodes)) {
                continue;
            }
            Optional<int[][]> window;
            if (n.getOp().equals("SpaceToBatchND")) {
                // A dilated convolution as Keras' TensorFlow writes it: one window for the whole chain.
                Optional<AtrousWindow> atrous = AtrousWindow.of(path, i, nodes);
                window = atrous.map(AtrousWindow::window);
                i = atrous.map(AtrousWindow::last).orElse(i);
            } else {
                window = window(n, nodes);
            }
            if (window.isEmpty()) {
                return Optional.empty();
            }
            int[][] w = window.get(); // {kernel, stride, padBefore} per axis {y, x}
            compose(y, w[0][0], w[1][0], w[2][0]);
            compose(x, w[0][1], w[1][1], w[2][1]);
        }
        return Optional.of(new FeatureGrid(y[0], x[0], y[1], x[1]));
    }

    /** @return whether the op leaves every spatial position where it is (element-wise, per channel, identity) */
    static boolean keepsPositions(NodeDef n, Map<String, NodeDef> nodes) {
        return POINTWISE.contains(n.getOp()) || channelAxisOp(n, nodes);
    }

    /**
     * Split and concatenation along the channel axis (branches that are joined again, as in grouped or
     * inception-like blocks) leave every spatial position where it is; so do the channels reordered (RGB to BGR, as
     * keras.applications' 'caffe' preprocess_input does: {@code x[..., 2]}, {@code x[..., 1]}, {@code x[..., 0]}
     * stacked again, or a {@code ReverseV2} of the channel axis).
     */
    private static boolean channelAxisOp(NodeDef n, Map<String, NodeDef> nodes) {
        if (n.getOp().equals("Pack")) {
            AttrValue axis = n.getAttrMap().get("axis");
            return axis != null && (axis.getI() == 3 || axis.getI() == -1);
        }
        if (n.getOp().equals("StridedSlice")) {
            return selectsChannels(n, nodes);
        }
        String axisInput = switch (n.getOp()) {
            case "Split" -> n.getInput(0);
            case "SplitV", "ConcatV2" -> n.getInput(n.getInputCount() - 1);
            case "ReverseV2" -> n.getInput(1);
            default -> null;
        };
        if (axisInput == null) {
            return false;
        }
        long[] axis = IntConstant.of(opName(axisInput), nodes);
        return axis != null && axis.length == 1 && (axis[0] == 3 || axis[0] == -1);
    }

    /**
     * @return whether a {@code StridedSlice} picks channels only, every spatial position kept: {@code x[..., k]} or
     *     {@code x[..., a:b]} (an ellipsis, then one spec for the channel axis), or four specs whose batch, row and column
     *     specs take everything (begin and end masks, stride 1)
     */
    static boolean selectsChannels(NodeDef n, Map<String, NodeDef> nodes) {
        long[] begin = IntConstant.of(opName(n.getInput(1)), nodes);
        long[] end = IntConstant.of(opName(n.getInput(2)), nodes);
        long[] strides = IntConstant.of(opName(n.getInput(3)), nodes);
        if (begin == null || end == null || strides == null || begin.length != end.length
                || begin.length != strides.length || mask(n, "new_axis_mask") != 0) {
            return false;
        }
        long ellipsis = mask(n, "ellipsis_mask");
        if (begin.length == 2 && ellipsis == 1) {
            return true;
        }
        if (begin.length != 4 || ellipsis != 0 || (mask(n, "shrink_axis_mask") & 7) != 0) {
            return false;
        }
        for (int axis = 0; axis < 3; axis++) {
            long bit = 1L << axis;
            if ((mask(n, "begin_mask") & bit) == 0 || (mask(n, "end_mask") & bit) == 0 || strides[axis] != 1) {
                return false;
            }
        }
        return true;
    }

    private static long mask(NodeDef n, String name) {
        AttrValue v = n.getAttrMap().get(name);
        return v == null ? 0 : v.getI();
    }

    /** One window op on an axis: the cell centre moves to the window's centre; the stride multiplies. */
    private static void compose(double[] axis, int kernel, int stride, int padBefore) {
        axis[1] += axis[0] * ((kernel - 1) / 2.0 - padBefore);
        axis[0] *= stride;
    }

    /** @return {kernel{y,x}, stride{y,x}, padBefore{y,x}}, or empty for an op whose window is unknown */
    static Optional<int[][]> window(NodeDef n, Map<String, NodeDef> nodes) {
        String format = n.getAttrMap().containsKey("data_format") ? n.getAttrMap().get("data_format").getS().toStringUtf8() : "NHWC";
        if (!format.equals("NHWC")) {
            return Optional.empty();
        }
        int[] kernel;
        int[] strides;
        int[] dilation = {1, 1};
        if (CONVOLUTIONS.contains(n.getOp())) {
            Optional<long[]> filter = shapeOf(opName(n.getInput(1)), nodes);
            if (filter.isEmpty() || filter.get().length != 4) {
                return Optional.empty();
            }
            kernel = new int[] {(int) filter.get()[0], (int) filter.get()[1]};
            strides = nhwc(n.getAttrMap().get("strides"));
            if (n.getAttrMap().containsKey("dilations")) {
                dilation = nhwc(n.getAttrMap().get("dilations"));
            }
        } else if (POOLINGS.contains(n.getOp())) {
            if (n.getOp().equals("MaxPoolV2")) {
                kernel = constInts(opName(n.getInput(1)), nodes);
                strides = constInts(opName(n.getInput(2)), nodes);
            } else {
                kernel = nhwc(n.getAttrMap().get("ksize"));
                strides = nhwc(n.getAttrMap().get("strides"));
            }
        } else {
            return Optional.empty();
        }
        if (kernel == null || strides == null || dilation == null) {
            return Optional.empty();
        }
        String padding = n.getAttrMap().get("padding").getS().toStringUtf8();
        int[] padBefore = new int[2];
        for (int a = 0; a < 2; a++) {
            int effective = (kernel[a] - 1) * dilation[a] + 1;
            kernel[a] = effective;
            switch (padding) {
                // TensorFlow's SAME pads max(k - s, 0) in all when the input divides by the stride, the smaller
                // half before.
                case "SAME" -> padBefore[a] = Math.max(effective - strides[a], 0) / 2;
                case "VALID" -> padBefore[a] = 0;
                case "EXPLICIT" -> {
                    List<Long> explicit = n.getAttrMap().get("explicit_paddings").getList().getIList();
                    padBefore[a] = explicit.size() == 8 ? explicit.get(2 + 2 * a).intValue() : 0;
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new int[][] {kernel, strides, padBefore});
    }

    /** @return whether the op is a convolution {@link #window} reads */
    static boolean isConvolution(NodeDef n) {
        return CONVOLUTIONS.contains(n.getOp());
    }

    /** @return whether a convolution's dilations attribute has a rate above 1 */
    static boolean dilated(NodeDef n) {
        int[] d = n.getAttrMap().containsKey("dilations") ? nhwc(n.getAttrMap().get("dilations")) : null;
        return d != null && (d[0] != 1 || d[1] != 1);
    }

    /** {@code [1, y, x, 1]} attribute → {y, x}. */
    private static int[] nhwc(AttrValue attr) {
        if (attr == null || attr.getList().getICount() != 4) {
            return null;
        }
        return new int[] {(int) attr.getList().getI(1), (int) attr.getList().getI(2)};
    }

    /** A MaxPoolV2's {@code [1, y, x, 1]} window or strides, given as a constant → {y, x}. */
    private static int[] constInts(String name, Map<String, NodeDef> nodes) {
        long[] values = IntConstant.of(name, nodes);
        return values != null && values.length == 4 ? new int[] {(int) values[1], (int) values[2]} : null;
    }

    /** The static shape of a weight: a constant's, a variable's, or what an identity or read passes on. */
    private static Optional<long[]> shapeOf(String name, Map<String, NodeDef> nodes) {
        for (int hops = 0; hops < 16; hops++) {
            NodeDef n = nodes.get(name);
            if (n == null) {
                return Optional.empty();
            }
            switch (n.getOp()) {
                case "Const" -> {
                    return Optional.of(dims(n.getAttrMap().get("value").getTensor().getTensorShape()));
                }
                case "VariableV2", "VarHandleOp" -> {
                    return Optional.of(dims(n.getAttrMap().get("shape").getShape()));
                }
                case "Identity", "ReadVariableOp", "Cast", "Snapshot" -> name = opName(n.getInput(0));
                default -> {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static long[] dims(TensorShapeProto shape) {
        return shape.getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
    }

    static String opName(String tensor) {
        String name = tensor.startsWith("^") ? tensor.substring(1) : tensor;
        int colon = name.indexOf(':');
        return colon < 0 ? name : name.substring(0, colon);
    }
}
