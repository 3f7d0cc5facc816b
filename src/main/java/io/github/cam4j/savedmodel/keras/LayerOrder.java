package io.github.cam4j.savedmodel.keras;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;

/**
 * An imported model's layers with weights, nearest the output first, for the cascading randomisation: a graph does
 * not say which layer comes after which, so each layer is placed by the fewest ops between the output and a
 * variable of it (a layer's bias is read just after its kernel; a classifier is read nearer the output than any
 * convolution below it).
 */
final class LayerOrder {
    /**
     * One layer.
     *
     * @param name the variables' common name before their last '/' (the variable's own name when it has none)
     * @param variables its variables that a draw changes
     */
    record Layer(String name, List<String> variables) {}

    private LayerOrder() {}

    /**
     * @param graph the inlined graph, each variable a {@code Const} node of the variable's name
     * @param outputs the tensors the distances are counted from (the signature's outputs)
     * @param trained the trained values, by variable name
     * @param redrawn the same values after {@link WeightRedraw#redraw}: a variable whose value is the same object was
     *     left as it was, and belongs to no layer here
     * @return the layers, nearest the output first (ties by name)
     */
    static List<Layer> topFirst(GraphDef graph, Collection<String> outputs, Map<String, TensorProto> trained,
            Map<String, TensorProto> redrawn) {
        Map<String, Integer> distance = distancesFrom(graph, outputs);
        Map<String, List<String>> byLayer = new LinkedHashMap<>();
        for (String variable : trained.keySet()) {
            if (redrawn.get(variable) != trained.get(variable)) {
                int slash = variable.lastIndexOf('/');
                byLayer.computeIfAbsent(slash > 0 ? variable.substring(0, slash) : variable, k -> new ArrayList<>())
                        .add(variable);
            }
        }
        Map<String, Integer> layerDistance = new HashMap<>();
        byLayer.forEach((layer, variables) -> layerDistance.put(layer, variables.stream()
                .mapToInt(v -> distance.getOrDefault(v, Integer.MAX_VALUE)).min().orElse(Integer.MAX_VALUE)));
        return byLayer.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<String>> e) -> layerDistance.get(e.getKey()))
                        .thenComparing(Map.Entry::getKey))
                .map(e -> new Layer(e.getKey(), List.copyOf(e.getValue()))).toList();
    }

    /**
     * Breadth first from the outputs along each node's data inputs: ops to each node. Control inputs are not followed:
     * a Keras export's outputs wait on a {@code NoOp} that waits on every variable's read, which would put every layer
     * next to the output.
     */
    private static Map<String, Integer> distancesFrom(GraphDef graph, Collection<String> outputs) {
        Map<String, NodeDef> nodes = new HashMap<>();
        for (NodeDef n : graph.getNodeList()) {
            nodes.put(n.getName(), n);
        }
        Map<String, Integer> distance = new HashMap<>();
        Deque<String> queue = new ArrayDeque<>();
        for (String tensor : outputs) {
            String node = nodeName(tensor);
            if (distance.putIfAbsent(node, 0) == null) {
                queue.add(node);
            }
        }
        while (!queue.isEmpty()) {
            String name = queue.poll();
            NodeDef node = nodes.get(name);
            if (node == null) {
                continue;
            }
            int next = distance.get(name) + 1;
            for (String input : node.getInputList()) {
                if (input.startsWith("^")) {
                    continue;
                }
                String source = nodeName(input);
                if (distance.putIfAbsent(source, next) == null) {
                    queue.add(source);
                }
            }
        }
        return distance;
    }

    private static String nodeName(String tensor) {
        int colon = tensor.indexOf(':');
        return colon < 0 ? tensor : tensor.substring(0, colon);
    }
}
