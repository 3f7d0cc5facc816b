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
 * Where Ablation-CAM feeds a picture's features with one channel zeroed, read from the model's graph: a TensorFlow
 * session computes whatever lies downstream of a tensor it is fed, so the ablated features go in at the features
 * tensor and the logits come out of the rest of the network.
 *
 * <p>Two things of the graph matter. A features tensor may be an {@code Identity} beside the way to the logits (cam4j's
 * own export names its features so): fed, it would change nothing the logits read, so the tensor it copies is fed
 * instead, the same values. And the logits may read the images by another way than through the features (a skip
 * connection past the layer): then the picture is fed too, once per ablated copy, so that way sees it.
 *
 * <pre>{@code
 * AblationFeed feed = AblationFeed.of(model);
 * runner.feed(feed.features(), ablatedCopies).fetch(model.tensors().logits());
 * if (feed.needsInput()) runner.feed(model.tensors().input(), pictureCopies);
 * }</pre>
 *
 * @param features the tensor to feed the features at: {@link TensorNames#features()}, or the tensor it copies
 * @param needsInput whether the logits also read the images other than through {@code features}
 */
public record AblationFeed(String features, boolean needsInput) {
    /**
     * @param model an open model
     * @return where its features are fed
     * @throws ModelLoadException when the logits do not read the features tensor nor a tensor it copies, naming the
     *     model and the tensors (the loader checks that they do, so this is a model opened by other means)
     */
    public static AblationFeed of(CamModel model) throws ModelLoadException {
        return of(model.session().graph().toGraphDef(), model.tensors(), model.source());
    }

    static AblationFeed of(GraphDef graph, TensorNames tensors, String source) throws ModelLoadException {
        Map<String, NodeDef> nodes = new HashMap<>();
        // Per op, the ops that read each of its outputs (control inputs as output -1: they too make an op run).
        Map<String, List<Edge>> consumers = new HashMap<>();
        for (NodeDef n : graph.getNodeList()) {
            nodes.put(n.getName(), n);
            for (String in : n.getInputList()) {
                int output = in.startsWith("^") ? -1 : outputIndex(in);
                consumers.computeIfAbsent(FeatureGrid.opName(in), k -> new ArrayList<>()).add(new Edge(output, n.getName()));
            }
        }
        String logits = FeatureGrid.opName(tensors.logits());
        String fed = null;
        for (String t = GraphTensors.canonical(tensors.features()); t != null; ) {
            if (reached(consumers, List.of(t), null).contains(logits)) {
                fed = t;
                break;
            }
            NodeDef n = nodes.get(FeatureGrid.opName(t));
            t = n != null && n.getOp().equals("Identity") && n.getInputCount() > 0 && !n.getInput(0).startsWith("^")
                    ? GraphTensors.canonical(n.getInput(0)) : null;
        }
        if (fed == null) {
            throw new ModelLoadException(source + ": Ablation-CAM feeds the features tensor '" + tensors.features()
                    + "' with channels zeroed, but the logits '" + tensors.logits() + "' do not read it (nor a tensor"
                    + " it copies): ablating it would change no score; name a layer on the way from the input to the"
                    + " logits");
        }
        boolean needsInput = reached(consumers, List.of(GraphTensors.canonical(tensors.input())), fed).contains(logits);
        return new AblationFeed(fed, needsInput);
    }

    /** An op reading output {@code output} of another (-1: a control input). */
    private record Edge(int output, String consumer) {}

    /**
     * @param start tensors ({@code op:index})
     * @param blocked a tensor whose readers are not followed (it is fed), or null
     * @return the ops that run on what the start tensors hold
     */
    private static Set<String> reached(Map<String, List<Edge>> consumers, List<String> start, String blocked) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>();
        for (String t : start) {
            for (Edge e : consumers.getOrDefault(FeatureGrid.opName(t), List.of())) {
                if (e.output() == outputIndex(t)) {
                    queue.add(e.consumer());
                }
            }
        }
        String blockedOp = blocked == null ? null : FeatureGrid.opName(blocked);
        int blockedOutput = blocked == null ? -2 : outputIndex(blocked);
        while (!queue.isEmpty()) {
            String op = queue.poll();
            if (seen.add(op)) {
                for (Edge e : consumers.getOrDefault(op, List.of())) {
                    if (!(op.equals(blockedOp) && e.output() == blockedOutput)) {
                        queue.add(e.consumer());
                    }
                }
            }
        }
        return seen;
    }

    /** @return the output index of a tensor name ({@code op:1} is 1, a bare {@code op} 0) */
    private static int outputIndex(String tensor) {
        int colon = tensor.lastIndexOf(':');
        return colon < 0 ? 0 : Integer.parseInt(tensor.substring(colon + 1));
    }
}
