package io.github.cam4j.savedmodel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * Which ops of a graph feed which: the check that a features tensor is computed from the images and that the logits
 * are computed from the features. A tensor named by the user (or found by a guess) that fails it gives maps that do
 * not explain the prediction — the same for every image when the features are a constant (a convolution's kernel).
 */
final class TensorDependence {
    private final Map<String, NodeDef> nodes = new HashMap<>();
    private final Map<String, List<String>> consumers = new HashMap<>();

    /** @param graph the model's graph, serialised */
    TensorDependence(GraphDef graph) {
        for (NodeDef n : graph.getNodeList()) {
            nodes.put(n.getName(), n);
            for (String in : n.getInputList()) {
                if (!in.startsWith("^")) {
                    consumers.computeIfAbsent(FeatureGrid.opName(in), k -> new ArrayList<>()).add(n.getName());
                }
            }
        }
    }

    /**
     * @param tensors the images input, features and logits
     * @throws ModelLoadException when the features do not depend on the input, or the logits do not depend on the
     *     features, naming the tensors
     */
    void requireChain(TensorNames tensors) throws ModelLoadException {
        String input = FeatureGrid.opName(tensors.input());
        String features = FeatureGrid.opName(tensors.features());
        String logits = FeatureGrid.opName(tensors.logits());
        if (!reachable(List.of(input)).contains(features)) {
            throw new ModelLoadException("features tensor '" + tensors.features() + "' does not depend on the input '"
                    + tensors.input() + "' (" + describe(features) + "): its map would be the same for every image;"
                    + " name a layer the images flow through");
        }
        // A features output may be an Identity beside the path to the logits (cam4j's own export names its features
        // so): the logits then depend on the tensor it copies.
        List<String> sources = new ArrayList<>();
        for (NodeDef n = nodes.get(features); n != null; n = n.getOp().equals("Identity") && n.getInputCount() > 0
                ? nodes.get(FeatureGrid.opName(n.getInput(0))) : null) {
            sources.add(n.getName());
        }
        if (!reachable(sources).contains(logits)) {
            throw new ModelLoadException("logits tensor '" + tensors.logits() + "' does not depend on features tensor '"
                    + tensors.features() + "': the class scores are not computed from that layer, so its maps do not"
                    + " explain them; name a layer on the way from the input to the logits");
        }
    }

    private String describe(String op) {
        NodeDef n = nodes.get(op);
        return n == null ? "not in the graph" : "a " + n.getOp() + " op";
    }

    /** @return the ops the given ops' outputs reach, themselves included */
    private Set<String> reachable(List<String> start) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(start);
        while (!queue.isEmpty()) {
            String n = queue.poll();
            if (seen.add(n)) {
                queue.addAll(consumers.getOrDefault(n, List.of()));
            }
        }
        return seen;
    }
}
