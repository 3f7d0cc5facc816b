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
 * connection past the layer, as a ResNet block's shortcut past its inner convolutions): then that way must see the
 * picture too. The tensors where it crosses into the rest of the network ({@link #sideInputs}: the shortcut's output,
 * say) are fed with the picture's own values beside each ablated copy, so that TensorFlow runs only the layers after
 * the features per copy. Feeding the picture itself instead would have TensorFlow run every layer before the skip again
 * for each copy: on a ResNet50 at {@code conv5_block2_2_relu}, 13 to 18 s a picture. The picture is fed only when the
 * rest of the network reads it directly, or waits on an op before the features (a control dependency), which feeding
 * a tensor would not stop from running.
 *
 * <pre>{@code
 * AblationFeed feed = AblationFeed.of(model);
 * runner.feed(feed.features(), ablatedCopies).fetch(model.tensors().logits());
 * for (String side : feed.sideInputs()) runner.feed(side, thatTensorOfThePictureCopied);
 * if (feed.feedsPicture()) runner.feed(model.tensors().input(), thePictureCopied);
 * }</pre>
 *
 * @param features the tensor to feed the features at: {@link TensorNames#features()}, or the tensor it copies
 * @param sideInputs the tensors, other than {@code features} and the model's input, that the layers between
 *     {@code features} and the logits read and that hold something of the picture: empty for a head that reads the
 *     features alone, and when {@code feedsPicture} because of a control input
 * @param feedsPicture whether the model's input itself is fed beside the copies too: those layers read it, or wait on
 *     an op of the picture by a control input
 */
public record AblationFeed(String features, List<String> sideInputs, boolean feedsPicture) {
    /**
     * Copies the list: a record's list is its own.
     *
     * @param features the tensor to feed the features at
     * @param sideInputs the tensors fed beside them with the picture's own values
     * @param feedsPicture whether the picture is fed beside them too
     */
    public AblationFeed {
        sideInputs = List.copyOf(sideInputs);
    }

    /** @return whether the logits read the picture other than through {@link #features} */
    public boolean needsSideInputs() {
        return feedsPicture || !sideInputs.isEmpty();
    }

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
        return withSideInputs(nodes, consumers, fed, logits, GraphTensors.canonical(tensors.input()));
    }

    /**
     * Where the picture's other ways cross into the layers that run on the fed features: the tensors read by an op
     * that lies both downstream of {@code fed} and upstream of the logits, computed from the input (not through
     * {@code fed}), and not themselves downstream of it. Constants and variables are not among them: they hold nothing
     * of the picture.
     *
     * @return the feed: those tensors, ordered by their readers' names (the same on every load), the input among them
     *     set apart as {@link #feedsPicture}; the picture alone when an op on the way waits on an op of the picture by a
     *     control input, which a fed tensor does not stop from running
     */
    private static AblationFeed withSideInputs(Map<String, NodeDef> nodes, Map<String, List<Edge>> consumers, String fed,
            String logits, String input) {
        Set<String> downstream = reached(consumers, List.of(fed), null);
        Set<String> onTheWay = new HashSet<>(downstream);
        onTheWay.retainAll(upstream(nodes, logits));
        Set<String> ofThePicture = reached(consumers, List.of(input), fed);
        ofThePicture.add(FeatureGrid.opName(input));
        List<String> side = new ArrayList<>();
        boolean picture = false;
        for (NodeDef n : nodesByName(nodes, onTheWay)) {
            for (String in : n.getInputList()) {
                String op = FeatureGrid.opName(in);
                if (onTheWay.contains(op) || !ofThePicture.contains(op)) {
                    continue;
                }
                if (in.startsWith("^")) {
                    return new AblationFeed(fed, List.of(), true);
                }
                String tensor = GraphTensors.canonical(in);
                if (tensor.equals(input)) {
                    picture = true;
                } else if (!tensor.equals(fed) && !side.contains(tensor)) {
                    side.add(tensor);
                }
            }
        }
        return new AblationFeed(fed, side, picture);
    }

    /** @return the ops the given op runs on, itself included: every op its inputs, data and control, come from */
    private static Set<String> upstream(Map<String, NodeDef> nodes, String op) {
        Set<String> seen = new HashSet<>();
        ArrayDeque<String> queue = new ArrayDeque<>(List.of(op));
        while (!queue.isEmpty()) {
            String o = queue.poll();
            NodeDef n = nodes.get(o);
            if (seen.add(o) && n != null) {
                for (String in : n.getInputList()) {
                    queue.add(FeatureGrid.opName(in));
                }
            }
        }
        return seen;
    }

    /** @return the named ops sorted by name, so that side inputs come out in the same order on every load */
    private static List<NodeDef> nodesByName(Map<String, NodeDef> nodes, Set<String> names) {
        return nodes.values().stream().filter(n -> names.contains(n.getName()))
                .sorted(java.util.Comparator.comparing(NodeDef::getName)).toList();
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
