package io.github.cam4j.savedmodel;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Proof, read from the graph, that a model's logits are an affine function of the mean of its features over their
 * cells: from the features to the logits stand only identities, one global average pooling (a {@code Mean} over
 * height and width) and, after it, matrix products, additions and reshapes whose other operands the images do not
 * reach. A picture's logits then follow from the sum of its feature cells whatever their number, so the logits of a
 * crop whose other cells are zero ({@link LocalFeatures}) carry over to the whole picture.
 *
 * <p>A model opened for CAM has this shown by {@link CamIdentityCheck} on its kernel; one opened for a gradient method
 * has no kernel, and is checked here.
 */
final class MeanHead {
    /** Ops that pass their input on unchanged. */
    private static final Set<String> IDENTITIES = Set.of("Identity", "Snapshot", "StopGradient");
    /** Ops affine in their one operand the images reach (the others being weights or constants). */
    private static final Set<String> AFFINE = Set.of("MatMul", "BiasAdd", "Add", "AddV2", "Sub", "Reshape", "Squeeze");

    private MeanHead() {}

    /**
     * @param graph the model's graph
     * @param tensors its images input, features and logits
     * @return whether the logits are an affine function of the features' mean over height and width; false whenever
     *     some op between them is not known to keep that (a non-linearity, a second global pooling, a skip connection)
     */
    static boolean holds(GraphDef graph, TensorNames tensors) {
        Optional<GraphPath> found = GraphPath.find(graph, tensors.input(), tensors.logits());
        if (found.isEmpty()) {
            return false;
        }
        GraphPath g = found.get();
        List<NodeDef> path = g.path();
        Set<String> features = copied(FeatureGrid.opName(tensors.features()), g.nodes());
        int at = -1;
        for (int i = 0; i < path.size(); i++) {
            if (features.contains(path.get(i).getName())) {
                at = i;
            }
        }
        if (at < 0) {
            return false;
        }
        boolean pooled = false;
        for (NodeDef n : path.subList(at + 1, path.size())) {
            String op = n.getOp();
            if (g.dataInputs(n) != 1) {
                return false; // another branch from the images joins here
            }
            if (IDENTITIES.contains(op)) {
                continue;
            }
            if (!pooled && op.equals("Mean") && overHeightAndWidth(n, g.nodes())) {
                pooled = true;
            } else if (!pooled || !AFFINE.contains(op)) {
                return false;
            }
        }
        return pooled;
    }

    /**
     * A features output may be an Identity beside the path to the logits (cam4j's own export names its features so):
     * the path then runs through the op it copies.
     *
     * @return the features' op and the ops its identities copy
     */
    private static Set<String> copied(String featuresOp, Map<String, NodeDef> nodes) {
        Set<String> out = new HashSet<>();
        NodeDef n = nodes.get(featuresOp);
        while (n != null && out.add(n.getName())) {
            n = IDENTITIES.contains(n.getOp()) && n.getInputCount() > 0 ? nodes.get(FeatureGrid.opName(n.getInput(0)))
                    : null;
        }
        return out;
    }

    /** @return whether a Mean reduces axes 1 and 2 (height and width of NHWC), given as a constant */
    private static boolean overHeightAndWidth(NodeDef mean, Map<String, NodeDef> nodes) {
        long[] values = mean.getInputCount() < 2 ? null : IntConstant.of(FeatureGrid.opName(mean.getInput(1)), nodes);
        if (values == null || values.length != 2) {
            return false;
        }
        // Negative axes count from the end of a rank-4 tensor: -3 and -2 are height and width.
        Set<Long> normalised = new HashSet<>();
        for (long a : values) {
            normalised.add(a < 0 ? a + 4 : a);
        }
        return normalised.equals(Set.of(1L, 2L));
    }

}
