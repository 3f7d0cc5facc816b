package io.github.cam4j.savedmodel.keras;

import static io.github.cam4j.savedmodel.keras.OpKinds.PASS_THROUGH;

import io.github.cam4j.savedmodel.DtypeNames;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A read-only view of an inlined, frozen classifier graph for {@link CamLocator}: its nodes and which of them depend
 * on the input, the tensors' static shapes, the values of constant tensors, the ops' attributes, and how nodes are
 * named in messages.
 */
final class GraphView {

    private final Graph graph;
    private final Session session;
    private final LazyVariables lazy;
    private final Map<String, NodeDef> nodes = new HashMap<>();
    private final Set<String> inputDependent = new HashSet<>();
    private final String output;

    /**
     * @param graphDef the inlined graph
     * @param graph the same graph, imported (for static shapes)
     * @param session a session on {@code graph} (to evaluate constant weights)
     * @param output the signature's output tensor in {@code graph}
     * @param lazy the variables frozen as their shape only, whose values are fed when a constant is evaluated; or
     *     {@code null} when every variable holds its value
     */
    GraphView(GraphDef graphDef, Graph graph, Session session, String output, LazyVariables lazy) {
        this.graph = graph;
        this.session = session;
        this.lazy = lazy;
        this.output = normalize(output);
        Map<String, List<String>> consumers = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>();
        for (NodeDef n : graphDef.getNodeList()) {
            nodes.put(n.getName(), n);
            for (String in : n.getInputList()) {
                InputRef r = InputRef.graphForm(in);
                if (!r.control()) {
                    consumers.computeIfAbsent(r.name(), k -> new ArrayList<>()).add(n.getName());
                }
            }
            if (n.getOp().equals("Placeholder")) {
                todo.push(n.getName());
            }
        }
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (inputDependent.add(name)) {
                consumers.getOrDefault(name, List.of()).forEach(todo::push);
            }
        }
    }

    /** @return the signature's output tensor, as {@code node:index} */
    String output() {
        return output;
    }

    /** @return the node of that name, or {@code null} when the graph has none */
    NodeDef node(String name) {
        return nodes.get(name);
    }

    /** @return whether the node of that name is computed from the input */
    boolean dependsOnInput(String nodeName) {
        return inputDependent.contains(nodeName);
    }

    /**
     * @return the first op that draws random numbers among those the output is computed from, if any: data
     *     augmentation left active in the served graph (Keras 3's {@code model.export} of a model holding
     *     {@code RandomFlip}, {@code RandomRotation}..., which it traces as a call without {@code training=False})
     */
    Optional<NodeDef> randomOpBehindOutput() {
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(InputRef.graphForm(output).name());
        while (!todo.isEmpty()) {
            String name = todo.pop();
            NodeDef n = nodes.get(name);
            if (n == null || !seen.add(name)) {
                continue;
            }
            if (isRandom(n.getOp())) {
                return Optional.of(n);
            }
            for (String in : n.getInputList()) {
                InputRef r = InputRef.graphForm(in);
                if (!r.control()) {
                    todo.push(r.name());
                }
            }
        }
        return Optional.empty();
    }

    /** @return whether an op draws random numbers (stateless ones too: with a frozen seed they draw the same ones) */
    private static boolean isRandom(String op) {
        return op.contains("Random") || op.startsWith("Rng") || op.contains("TruncatedNormal")
                || op.contains("Multinomial") || op.contains("Shuffle");
    }

    /**
     * @param n a binary op
     * @param eitherSide whether the constant may be the first operand (for commutative ops)
     * @return its constant operand's finite values, if it has a constant operand
     */
    Optional<double[]> constantOperand(NodeDef n, boolean eitherSide) {
        String y = dataInput(n, 1);
        String x = dataInput(n, 0);
        String constant = isConstant(y) ? y : eitherSide && isConstant(x) ? x : null;
        if (constant == null) {
            return Optional.empty();
        }
        try {
            double[] v = floats(constant);
            return v.length > 0 && Arrays.stream(v).allMatch(Double::isFinite) ? Optional.of(v) : Optional.empty();
        } catch (IllegalStateException | org.tensorflow.exceptions.TensorFlowException e) {
            return Optional.empty();
        }
    }

    /**
     * @param n a binary op
     * @param eitherSide whether the constant may be the first operand (for commutative ops)
     * @return its constant scalar operand (the second, or with {@code eitherSide} the first), if it has one
     */
    Optional<Double> scalarOperand(NodeDef n, boolean eitherSide) {
        return constantOperand(n, eitherSide).filter(v -> v.length == 1).map(v -> v[0]);
    }

    /** @return the layer chain from the input to the output: at each step the first input that depends on the input */
    List<String> spine() {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String t = output;
        while (t != null && seen.add(t)) {
            NodeDef n = producer(t);
            chain.add(0, t);
            String next = null;
            for (String in : n.getInputList()) {
                InputRef r = InputRef.graphForm(in);
                if (!r.control() && inputDependent.contains(r.name())) {
                    next = normalize(in);
                    break;
                }
            }
            t = next;
        }
        return chain;
    }

    /** @return the op type of the node producing {@code tensor} */
    String opOf(String tensor) {
        return producer(tensor).getOp();
    }

    /** @return a tensor's static shape as text, e.g. {@code [-1, 28, 28, 1]}, or {@code <unknown>} */
    String shapeString(String tensor) {
        long[] s = shape(tensor);
        return s == null ? "<unknown>" : Arrays.toString(s);
    }

    /** @return the static shape, -1 where unknown, or {@code null} when even the rank is unknown */
    long[] shape(String tensor) {
        InputRef r = InputRef.graphForm(tensor);
        GraphOperation op = graph.operation(r.name());
        if (op == null || r.index() >= op.numOutputs()) {
            return null;
        }
        org.tensorflow.ndarray.Shape s = op.output(r.index()).shape();
        return s.isUnknown() ? null : s.asArray();
    }

    /** @return the static size of a tensor's last dimension, -1 when unknown or a scalar */
    long lastDim(String tensor) {
        long[] s = shape(tensor);
        return s == null || s.length == 0 ? -1 : s[s.length - 1];
    }

    /** @return the imported graph's operation of that name, or {@code null} */
    GraphOperation operation(String name) {
        return graph.operation(name);
    }

    /** @return the node names of the graph, for looking up a name the user gave */
    Set<String> nodeNames() {
        return nodes.keySet();
    }

    /** @return {@code t}, followed back through pass-through ops to the tensor they pass on */
    String through(String t) {
        NodeDef n = producer(t);
        while (PASS_THROUGH.contains(n.getOp())) {
            t = dataInput(n, 0);
            n = producer(t);
        }
        return t;
    }

    /** @return the node producing {@code tensor}; an {@link IllegalStateException} when the graph has none */
    NodeDef producer(String tensor) {
        NodeDef n = nodes.get(InputRef.graphForm(tensor).name());
        if (n == null) {
            throw new IllegalStateException("tensor '" + tensor + "' has no producer in the inlined graph");
        }
        return n;
    }

    /** @return a node's data input {@code i} (control inputs not counted), as {@code node:index} */
    static String dataInput(NodeDef n, int i) {
        int k = 0;
        for (String in : n.getInputList()) {
            if (!in.startsWith("^") && k++ == i) {
                return normalize(in);
            }
        }
        throw new IllegalStateException("node '" + n.getName() + "' (" + n.getOp() + ") has no input " + i);
    }

    /** @return a tensor name as {@code node:index}, the index written even when 0 */
    static String normalize(String tensor) {
        InputRef r = InputRef.graphForm(tensor);
        return r.name() + ":" + r.index();
    }

    /** @return whether a tensor does not depend on the input */
    boolean isConstant(String tensor) {
        return !inputDependent.contains(InputRef.graphForm(tensor).name());
    }

    /** @return whether a reduction reduces a rank-4 tensor over the constant axes [1, 2]: height and width in NHWC */
    boolean isGlobalSpatial(NodeDef reduce) {
        long[] s = shape(dataInput(reduce, 0));
        if (s == null || s.length != 4 || !isConstant(dataInput(reduce, 1))) {
            return false;
        }
        Set<Long> axes = new HashSet<>();
        for (long a : axes(reduce)) {
            axes.add(a < 0 ? a + 4 : a);
        }
        return axes.equals(Set.of(1L, 2L));
    }

    /** @return whether an {@code AvgPool} averages its NHWC input's whole, statically known, h x w grid in one window */
    boolean isFullWindow(NodeDef pool) {
        long[] s = shape(dataInput(pool, 0));
        AttrValue format = pool.getAttrMap().get("data_format");
        AttrValue padding = pool.getAttrMap().get("padding");
        AttrValue ksize = pool.getAttrMap().get("ksize");
        if (s == null || s.length != 4 || s[1] <= 0 || s[2] <= 0 || ksize == null
                || (format != null && !format.getS().toStringUtf8().equals("NHWC"))
                || padding == null || !padding.getS().toStringUtf8().equals("VALID")) {
            return false;
        }
        return ksize.getList().getIList().equals(List.of(1L, s[1], s[2], 1L));
    }

    /** @return a reduction's axes, its second input evaluated */
    long[] axes(NodeDef reduce) {
        double[] v = floats(dataInput(reduce, 1));
        return Arrays.stream(v).mapToLong(d -> (long) d).toArray();
    }

    /** Evaluates a constant (input-independent) tensor. */
    double[] floats(String tensor) {
        String t = tensor;
        NodeDef n = producer(t);
        while (n.getOp().equals("Cast") || n.getOp().equals("Identity")) {
            t = dataInput(n, 0);
            n = producer(t);
        }
        if (lazy != null && lazy.deferred().contains(InputRef.graphForm(t).name())) {
            // A deferred variable itself (a Dense kernel): TensorFlow refuses to fetch what it is fed.
            return doubles(lazy.value(InputRef.graphForm(t).name()), tensor);
        }
        Session.Runner runner = session.runner();
        if (lazy != null) {
            // The constants of deferred variables hold no values: run unfed, they would read as zeros.
            lazy.feed(runner, deferredBehind(t));
        }
        try (Result r = runner.fetch(t).run()) {
            return doubles(r.get(0), tensor);
        }
    }

    /** @return a constant's values as doubles; {@code tensor} names it in the message for another type */
    private static double[] doubles(Tensor v, String tensor) {
        int size = (int) v.shape().size();
        double[] out = new double[size];
        DataType type = v.dataType();
        var data = v.asRawTensor().data();
        switch (type) {
            case DT_FLOAT -> {
                float[] f = new float[size];
                data.asFloats().read(f);
                for (int i = 0; i < size; i++) {
                    out[i] = f[i];
                }
            }
            case DT_DOUBLE -> data.asDoubles().read(out);
            case DT_INT32 -> {
                int[] f = new int[size];
                data.asInts().read(f);
                for (int i = 0; i < size; i++) {
                    out[i] = f[i];
                }
            }
            case DT_INT64 -> {
                long[] f = new long[size];
                data.asLongs().read(f);
                for (int i = 0; i < size; i++) {
                    out[i] = f[i];
                }
            }
            default -> throw new IllegalStateException("constant '" + tensor + "' is " + DtypeNames.of(type)
                    + "; cam4j reads float32, float64 and integer weights");
        }
        return out;
    }

    /** @return the deferred variables' constants among the ops {@code tensor} is computed from */
    private List<String> deferredBehind(String tensor) {
        Set<String> deferred = lazy.deferred();
        List<String> found = new ArrayList<>();
        Deque<String> todo = new ArrayDeque<>();
        Set<String> seen = new HashSet<>();
        todo.push(InputRef.graphForm(tensor).name());
        while (!todo.isEmpty()) {
            String name = todo.pop();
            NodeDef n = nodes.get(name);
            if (n == null || !seen.add(name)) {
                continue;
            }
            if (deferred.contains(name)) {
                found.add(name);
            }
            n.getInputList().forEach(in -> todo.push(InputRef.graphForm(in).name()));
        }
        return found;
    }

    /** @return a boolean attribute of a node, {@code false} when it has none */
    static boolean attrBool(NodeDef n, String name) {
        AttrValue v = n.getAttrMap().get(name);
        return v != null && v.getB();
    }

    /** @return a node for a message, its op, short name and static shape: {@code MatMul 'dense/MatMul' [-1, 10]} */
    String describe(NodeDef n) {
        String t = n.getName() + ":0";
        return n.getOp() + " '" + shortName(n.getName()) + "' " + shapeString(t);
    }

    /** @return the last two segments of a node name, e.g. {@code dense_1/BiasAdd}: the Keras layer and its op */
    static String shortName(String name) {
        String[] parts = name.split("/");
        return parts.length <= 2 ? name : parts[parts.length - 2] + "/" + parts[parts.length - 1];
    }
}
