package io.github.cam4j.savedmodel;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.proto.NodeDef;

/**
 * Proof, read from the graph, that a model's features are local and vanish on blank input: every op from the images
 * input to the features is a stride-1 'same' convolution without bias, a non-overlapping 'valid' pooling, or an
 * element-wise op that maps 0 to 0 (ReLU and its kin). Such a stack computes feature cell {@code i} from input rows
 * {@code stride * i + low ... stride * i + high} only (likewise columns), and a cell whose window holds only zeros is
 * exactly zero. So a picture that is blank (0) but for a small area can be fed as that area plus a margin, and the
 * rest of its feature map filled with zeros: the same features, the same map, at the area's cost. The bundled
 * bias-free models qualify; a convolution with a bias or a batch normalisation adds a constant and does not.
 *
 * @param stride input pixels per feature cell, on both axes
 * @param low first input offset cell {@code i}'s window starts at, relative to {@code stride * i} (zero or negative)
 * @param high last input offset in that window (zero or positive)
 * @param poolings the pooling factors along the path, in order: how the features' size follows from the input's
 */
public record LocalFeatures(int stride, int low, int high, List<Integer> poolings) {

    /** Element-wise ops with f(0) = 0. */
    private static final Set<String> ZERO_PRESERVING = Set.of("Relu", "Relu6", "LeakyRelu", "Elu", "Selu", "Tanh",
            "Softsign", "Identity", "Snapshot", "StopGradient", "Square", "Abs", "Neg");
    private static final Set<String> CONVOLUTIONS = Set.of("Conv2D", "DepthwiseConv2dNative");
    private static final Set<String> POOLINGS = Set.of("MaxPool", "MaxPoolV2", "AvgPool");

    /**
     * Copies the list, so that the record's poolings cannot change under it.
     *
     * @param stride input pixels per feature cell, on both axes: the product of the poolings
     * @param low first input offset cell {@code i}'s window starts at, relative to {@code stride * i} (zero or
     *     negative)
     * @param high last input offset in that window (zero or positive)
     * @param poolings the pooling factors along the path, in order; not null, empty when nothing pools
     */
    public LocalFeatures {
        poolings = List.copyOf(poolings);
    }

    /**
     * @param graph the model's graph
     * @param inputTensor the images input
     * @param featuresTensor the features tensor
     * @return the geometry, or empty when some op on the path is not known to be local and zero-preserving
     */
    public static Optional<LocalFeatures> find(Graph graph, String inputTensor, String featuresTensor) {
        return GraphPath.find(graph, inputTensor, featuresTensor).flatMap(LocalFeatures::of);
    }

    /** @return the geometry along a path already found, or empty when some op on it is not known to qualify */
    static Optional<LocalFeatures> of(GraphPath g) {
        int stride = 1;
        int low = 0;
        int high = 0;
        List<Integer> poolings = new ArrayList<>();
        for (NodeDef n : g.path()) {
            if (g.dataInputs(n) != 1) {
                return Optional.empty(); // a branch joins: not a plain chain
            }
            String op = n.getOp();
            if (ZERO_PRESERVING.contains(op)) {
                continue;
            }
            Optional<int[][]> window = FeatureGrid.window(n, g.nodes());
            if (window.isEmpty()) {
                return Optional.empty();
            }
            int[] kernel = window.get()[0];
            int[] strides = window.get()[1];
            int[] padBefore = window.get()[2];
            String padding = n.getAttrMap().get("padding").getS().toStringUtf8();
            if (kernel[0] != kernel[1] || strides[0] != strides[1] || padBefore[0] != padBefore[1]) {
                return Optional.empty();
            }
            int k = kernel[0];
            if (CONVOLUTIONS.contains(op) && padding.equals("SAME") && strides[0] == 1) {
                // Output cell i reads input cells i - padBefore ... i - padBefore + k - 1.
                low -= stride * padBefore[0];
                high += stride * (k - 1 - padBefore[0]);
            } else if (POOLINGS.contains(op) && padding.equals("VALID") && strides[0] == k) {
                // Output cell i reads input cells k * i ... k * i + k - 1.
                high += stride * (k - 1);
                stride *= k;
                poolings.add(k);
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(new LocalFeatures(stride, low, high, poolings));
    }

    /** @return the widest reach of a cell's window beyond its own {@code stride} pixels, in input pixels */
    public int margin() {
        return Math.max(-low, high);
    }

    /**
     * @param pixels an input side in pixels
     * @return how many feature cells an input side of {@code pixels} gives (each valid pooling floors)
     */
    public int cells(int pixels) {
        int n = pixels;
        for (int p : poolings) {
            n /= p;
        }
        return n;
    }
}
