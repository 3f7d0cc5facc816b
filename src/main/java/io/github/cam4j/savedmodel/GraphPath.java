package io.github.cam4j.savedmodel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * The chain of ops that carries a model's activations from its images input to its features tensor, as the graph
 * holds them: what {@link FeatureGrid} and {@link LocalFeatures} read the model's geometry from.
 *
 * @param path the ops after the input, in order, ending with the features' op
 * @param nodes every op of the graph by name (weights and constants included)
 * @param fromInput the names of the ops the images input reaches
 */
record GraphPath(List<NodeDef> path, Map<String, NodeDef> nodes, Set<String> fromInput) {

    /** @return the path, or empty when the features do not depend on the input */
    static Optional<GraphPath> find(Graph graph, String inputTensor, String featuresTensor) {
        return find(graph.toGraphDef(), inputTensor, featuresTensor);
    }

    /** @return the path in a graph already serialised, or empty when the features do not depend on the input */
    static Optional<GraphPath> find(GraphDef def, String inputTensor, String featuresTensor) {
        Map<String, NodeDef> nodes = new HashMap<>();
        Map<String, List<String>> consumers = new HashMap<>();
        for (NodeDef n : def.getNodeList()) {
            nodes.put(n.getName(), n);
            for (String in : n.getInputList()) {
                if (!in.startsWith("^")) {
                    consumers.computeIfAbsent(FeatureGrid.opName(in), k -> new ArrayList<>()).add(n.getName());
                }
            }
        }
        String input = FeatureGrid.opName(inputTensor);
        Set<String> fromInput = reachable(input, consumers);
        List<NodeDef> path = new ArrayList<>();
        NodeDef node = nodes.get(FeatureGrid.opName(featuresTensor));
        while (node != null && !node.getName().equals(input)) {
            path.add(0, node);
            node = dataInput(node, nodes, fromInput);
        }
        return node == null ? Optional.empty() : Optional.of(new GraphPath(List.copyOf(path), nodes, fromInput));
    }

    /** @return how many of the op's (non-control) inputs the images input reaches: 1 on a plain chain */
    int dataInputs(NodeDef n) {
        int count = 0;
        for (String in : n.getInputList()) {
            if (!in.startsWith("^") && fromInput.contains(FeatureGrid.opName(in))) {
                count++;
            }
        }
        return count;
    }

    /** The input of a node that carries the activations: the first that the images input reaches. */
    private static NodeDef dataInput(NodeDef n, Map<String, NodeDef> nodes, Set<String> fromInput) {
        for (String in : n.getInputList()) {
            if (!in.startsWith("^") && fromInput.contains(FeatureGrid.opName(in))) {
                return nodes.get(FeatureGrid.opName(in));
            }
        }
        return null;
    }

    private static Set<String> reachable(String start, Map<String, List<String>> consumers) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        queue.add(start);
        while (!queue.isEmpty()) {
            String n = queue.poll();
            if (seen.add(n)) {
                queue.addAll(consumers.getOrDefault(n, List.of()));
            }
        }
        return seen;
    }
}
