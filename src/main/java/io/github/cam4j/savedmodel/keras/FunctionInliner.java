package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ModelLoadException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.FunctionDefLibrary;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.OpDef;
import org.tensorflow.proto.TensorProto;

/**
 * Turns a TF 2 SavedModel graph, whose layers live in library functions, into one plain {@code GraphDef} with frozen
 * variables, so that every intermediate tensor can be fetched by name.
 *
 * <p>Starting from the requested tensors of the top-level graph (a signature's outputs and inputs) it walks back to
 * what they need and, in dependency order:
 * <ul>
 *   <li>copies ordinary nodes, converting their inputs to {@code GraphDef} form ({@code node:flat_index}, with list
 *       outputs expanded through each op's OpDef) and dropping device strings and internal {@code _} attributes;</li>
 *   <li>replaces each {@code VarHandleOp} that has a value in {@code frozen} by a {@code Const} of the same name, whose
 *       readers then read it directly ({@code ReadVariableOp} leaves no node, unless it has control inputs: then an
 *       {@code Identity} of the constant), and turns {@code ResourceGather} into a {@code GatherV2}; each TF 1 ref variable ({@code VariableV2}) with a value by a {@code Const} of the same
 *       name, which the ops reading it then read;</li>
 *   <li>inlines every {@code StatefulPartitionedCall}, {@code PartitionedCall} and function-typed op: the callee's
 *       body is copied under the prefix {@code <call node>/}, its arguments bound to the call's inputs (frozen
 *       variables pass through), nested calls inlined recursively, and a {@code NoOp} named like the call stands for
 *       it in control inputs.</li>
 * </ul>
 * Functions that the requested tensors do not reach (training and saver functions) are never inlined. Nodes that
 * cannot be rebuilt (a variable used by another op than a read, an un-frozen variable) are only an error when a
 * requested tensor depends on them. Control inputs of a call node itself are dropped: in an inference path they only
 * order variable reads, which are constants now. {@code If}/{@code While}/{@code Case} are kept as ops, and the
 * functions they name copied into the new graph's library.
 */
final class FunctionInliner {

    /**
     * What inlining produced.
     *
     * @param graphDef the plain graph, pruned to what the requested tensors need
     * @param tensors the requested tensors' names in {@code graphDef}, in request order
     * @param inlinedFunctions the library functions whose bodies were inlined, in first-use order
     */
    record Result(GraphDef graphDef, List<String> tensors, List<String> inlinedFunctions) {}

    static final Set<String> CALL_OPS = Set.of("StatefulPartitionedCall", "PartitionedCall");
    private static final int MAX_CALL_DEPTH = 64;

    private final GraphDef source;
    private final Map<String, FunctionDef> library = new HashMap<>();
    private final Map<String, TensorProto> frozen;
    private final OpRegistry registry = OpRegistry.get();
    private final List<NodeDef> emitted = new ArrayList<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> topLevelNames = new HashSet<>();
    private final Set<String> inlinedFunctions = new LinkedHashSet<>();

    private FunctionInliner(GraphDef source, Map<String, TensorProto> frozen) {
        this.source = source;
        this.frozen = frozen;
        for (FunctionDef f : source.getLibrary().getFunctionList()) {
            library.put(f.getSignature().getName(), f);
        }
        source.getNodeList().forEach(n -> topLevelNames.add(n.getName()));
    }

    /**
     * @param graph the top-level graph with its function library
     * @param tensors top-level tensor names to keep, e.g. {@code serving_default_x:0}, {@code StatefulPartitionedCall:0}
     * @param frozen the values of the top-level {@code VarHandleOp} nodes, by node name
     * @return the plain graph and the kept tensors' new names
     * @throws ModelLoadException naming the node, function and reason when a requested tensor cannot be rebuilt
     */
    static Result inline(GraphDef graph, List<String> tensors, Map<String, TensorProto> frozen)
            throws ModelLoadException {
        return new FunctionInliner(graph, frozen).run(tensors);
    }

    private Result run(List<String> tensors) throws ModelLoadException {
        Scope top = new Scope("", "the top-level graph", false, source.getNodeList(), Map.of(), Map.of(), 0);
        List<InputRef> refs = new ArrayList<>();
        for (String t : tensors) {
            InputRef r = InputRef.graphForm(t);
            if (r.control() || !top.nodes.containsKey(r.name())) {
                throw new ModelLoadException("tensor '" + t + "' names no node of the top-level graph");
            }
            refs.add(r);
        }
        processAll(top, refs.stream().map(InputRef::name).toList());
        List<String> names = new ArrayList<>();
        for (int i = 0; i < refs.size(); i++) {
            Ref ref = resolve(top, refs.get(i), tensors.get(i), "the request");
            if (ref.poison() != null) {
                throw new ModelLoadException("cannot rebuild tensor '" + tensors.get(i) + "' as a plain graph: "
                        + ref.poison());
            }
            names.add(ref.tensor());
        }
        return new Result(prune(names), names, List.copyOf(inlinedFunctions));
    }

    // ---------------------------------------------------------------------------------------------------------- scope

    /** A body being copied: the top-level graph or one inlined function call. */
    private final class Scope {
        final String prefix;
        final String where;
        final boolean functionForm;
        final Map<String, NodeDef> nodes = new LinkedHashMap<>();
        final Map<String, Ref> args;
        final Map<String, AttrValue> callAttrs;
        final Map<String, Produced> produced = new HashMap<>();
        final int depth;

        Scope(String prefix, String where, boolean functionForm, List<NodeDef> body, Map<String, Ref> args,
                Map<String, AttrValue> callAttrs, int depth) {
            this.prefix = prefix;
            this.where = where;
            this.functionForm = functionForm;
            body.forEach(n -> nodes.put(n.getName(), n));
            this.args = args;
            this.callAttrs = callAttrs;
            this.depth = depth;
        }

        InputRef parse(String input) throws ModelLoadException {
            try {
                return functionForm ? InputRef.functionForm(input) : InputRef.graphForm(input);
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException(e.getMessage() + " in " + where, e);
            }
        }

        boolean isArg(InputRef r) {
            return functionForm && !r.control() && r.outputArg() == null && args.containsKey(r.name());
        }
    }

    /** A value in the new graph: a tensor, a frozen variable (its Const), or why it cannot be built. */
    private record Ref(String tensor, DataType variableType, String poison) {
        static Ref of(String node, int index) {
            return new Ref(node + ":" + index, null, null);
        }

        static Ref variable(String constNode, DataType type) {
            return new Ref(constNode + ":0", type, null);
        }

        static Ref poisoned(String why) {
            return new Ref(null, null, why);
        }

        boolean isVariable() {
            return variableType != null;
        }

        String node() {
            return tensor.substring(0, tensor.lastIndexOf(':'));
        }
    }

    /** What one node of a scope became: a new node, the outputs of an inlined call, or a reason it could not. */
    private record Produced(String newName, List<Ref> outputs, String controlName, String poison,
            Map<String, AttrValue> attrs) {
        static Produced node(String newName, Map<String, AttrValue> attrs) {
            return new Produced(newName, null, newName, null, attrs);
        }

        static Produced refs(List<Ref> outputs, String controlName, Map<String, AttrValue> attrs) {
            return new Produced(null, outputs, controlName, null, attrs);
        }

        static Produced poisoned(String why) {
            return new Produced(null, null, null, why, Map.of());
        }

        Ref output(int flat, String raw) throws ModelLoadException {
            if (poison != null) {
                return Ref.poisoned(poison);
            }
            if (outputs == null) {
                return Ref.of(newName, flat);
            }
            if (flat < 0 || flat >= outputs.size()) {
                throw new ModelLoadException("input '" + raw + "' asks for output " + flat + " of a node with "
                        + outputs.size() + " output(s)");
            }
            return outputs.get(flat);
        }
    }

    // ------------------------------------------------------------------------------------------------- processing

    /** Processes the nodes {@code roots} need, in dependency order. */
    private void processAll(Scope s, Collection<String> roots) throws ModelLoadException {
        for (NodeDef n : order(s, roots)) {
            process(s, n);
        }
    }

    /** @return the nodes of {@code s} that {@code roots} depend on, each after its inputs (iterative DFS) */
    private List<NodeDef> order(Scope s, Collection<String> roots) throws ModelLoadException {
        Map<String, Boolean> done = new HashMap<>();
        List<NodeDef> out = new ArrayList<>();
        for (String root : roots) {
            if (!s.nodes.containsKey(root) || done.containsKey(root)) {
                continue;
            }
            Deque<String> stack = new ArrayDeque<>();
            Deque<Integer> next = new ArrayDeque<>();
            stack.push(root);
            next.push(0);
            done.put(root, false);
            while (!stack.isEmpty()) {
                NodeDef n = s.nodes.get(stack.peek());
                int i = next.pop();
                if (i < n.getInputCount()) {
                    next.push(i + 1);
                    InputRef r = s.parse(n.getInput(i));
                    if (s.isArg(r) || !s.nodes.containsKey(r.name())) {
                        continue; // arguments, and unknown names reported when resolved
                    }
                    Boolean state = done.get(r.name());
                    if (state == null) {
                        done.put(r.name(), false);
                        stack.push(r.name());
                        next.push(0);
                    } else if (!state) {
                        throw new ModelLoadException("cycle through node '" + r.name() + "' in " + s.where
                                + " (TF 1 control-flow loops are not supported)");
                    }
                } else {
                    stack.pop();
                    done.put(n.getName(), true);
                    out.add(n);
                }
            }
        }
        return out;
    }

    private void process(Scope s, NodeDef n) throws ModelLoadException {
        String op = n.getOp();
        Map<String, AttrValue> attrs = attrs(s, n);
        List<Ref> data = new ArrayList<>();
        List<String> controls = new ArrayList<>();
        for (String in : n.getInputList()) {
            InputRef r = s.parse(in);
            if (r.control()) {
                String c = controlName(s, r.name(), n);
                if (c != null && !controls.contains(c)) {
                    controls.add(c);
                }
            } else {
                data.add(resolve(s, r, in, "node '" + n.getName() + "'"));
            }
        }
        if (CALL_OPS.contains(op) || library.containsKey(op)) {
            inlineCall(s, n, attrs, data);
            return;
        }
        for (Ref r : data) {
            if (r.poison() != null) {
                s.produced.put(n.getName(), Produced.poisoned(r.poison()));
                return;
            }
        }
        String at = "node '" + n.getName() + "' (" + op + ") in " + s.where;
        switch (op) {
            case "VarHandleOp" -> freezeHandle(s, n, attrs, at);
            case "VariableV2", "Variable" -> freezeRefVariable(s, n, attrs, at);
            case "ReadVariableOp" -> {
                if (!data.get(0).isVariable()) {
                    poison(s, n, at + " reads a variable that was not frozen");
                } else if (controls.isEmpty()) {
                    // The readers read the constant itself. An Identity between them made Grappler's constant folding
                    // copy every weight into a folded constant on each new set of fetches (VGG16: 6.5 s of its first
                    // Grad-CAM picture), and the folded graph is this one.
                    s.produced.put(n.getName(), Produced.refs(List.of(Ref.of(data.get(0).node(), 0)),
                            data.get(0).node(), attrs));
                } else {
                    emitNode(s, n, "Identity", List.of(data.get(0).tensor()), controls,
                            Map.of("T", attrs.get("dtype")), attrs);
                }
            }
            case "ResourceGather" -> gather(s, n, attrs, data, controls, at);
            default -> {
                if (op.equals("Identity") && data.size() == 1 && data.get(0).isVariable()) {
                    s.produced.put(n.getName(), Produced.refs(List.of(data.get(0)), data.get(0).node(), attrs));
                    return;
                }
                for (Ref r : data) {
                    if (r.isVariable()) {
                        poison(s, n, at + " uses variable '" + r.node() + "' in a way that cannot be frozen (only"
                                + " ReadVariableOp and ResourceGather can)");
                        return;
                    }
                }
                emitNode(s, n, op, data.stream().map(Ref::tensor).toList(), controls, attrs, attrs);
            }
        }
    }

    private void freezeHandle(Scope s, NodeDef n, Map<String, AttrValue> attrs, String at) {
        TensorProto value = frozenValue(s, n, at);
        if (value == null) {
            return;
        }
        String name = newName(s, n.getName());
        emitted.add(NodeDef.newBuilder().setName(name).setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(value).build())
                .build());
        s.produced.put(n.getName(), Produced.refs(List.of(Ref.variable(name, value.getDtype())), name, attrs));
    }

    /** @return the variable's frozen value; null, after poisoning the node, when it has none (read or made in a function) */
    private TensorProto frozenValue(Scope s, NodeDef n, String at) {
        TensorProto value = s.depth == 0 ? frozen.get(n.getName()) : null;
        if (value == null) {
            poison(s, n, at + (s.depth == 0 ? " is a variable whose value was not read"
                    : " creates a variable inside a function"));
        }
        return value;
    }

    /**
     * A TF 1 ref variable becomes a {@code Const} of its value under its own name: the ops that read it (an
     * {@code Identity}, or a MatMul taking the ref directly) then read the constant.
     */
    private void freezeRefVariable(Scope s, NodeDef n, Map<String, AttrValue> attrs, String at) {
        TensorProto value = frozenValue(s, n, at);
        if (value == null) {
            return;
        }
        emitNode(s, n, "Const", List.of(), List.of(), Map.of(
                "dtype", AttrValue.newBuilder().setType(value.getDtype()).build(),
                "value", AttrValue.newBuilder().setTensor(value).build()), attrs);
    }

    /** {@code ResourceGather(var, indices)} of a frozen variable is {@code GatherV2(value, indices, batch_dims)}. */
    private void gather(Scope s, NodeDef n, Map<String, AttrValue> attrs, List<Ref> data, List<String> controls,
            String at) {
        if (!data.get(0).isVariable()) {
            poison(s, n, at + " gathers from a variable that was not frozen");
            return;
        }
        long batchDims = attrs.containsKey("batch_dims") ? attrs.get("batch_dims").getI() : 0;
        String axis = newName(s, n.getName() + "/axis");
        emitted.add(NodeDef.newBuilder().setName(axis).setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(TensorProto.newBuilder()
                        .setDtype(DataType.DT_INT32).addIntVal((int) batchDims)).build())
                .build());
        Map<String, AttrValue> gatherAttrs = new LinkedHashMap<>();
        gatherAttrs.put("batch_dims", AttrValue.newBuilder().setI(batchDims).build());
        gatherAttrs.put("Tparams", attrs.get("dtype"));
        gatherAttrs.put("Tindices", attrs.get("Tindices"));
        gatherAttrs.put("Taxis", AttrValue.newBuilder().setType(DataType.DT_INT32).build());
        emitNode(s, n, "GatherV2", List.of(data.get(0).tensor(), data.get(1).tensor(), axis + ":0"), controls,
                gatherAttrs, attrs);
    }

    private void emitNode(Scope s, NodeDef n, String op, List<String> inputs, List<String> controls,
            Map<String, AttrValue> newAttrs, Map<String, AttrValue> originalAttrs) {
        String name = newName(s, n.getName());
        NodeDef.Builder b = NodeDef.newBuilder().setName(name).setOp(op).addAllInput(inputs);
        controls.forEach(c -> b.addInput("^" + c));
        b.putAllAttr(newAttrs);
        emitted.add(b.build());
        s.produced.put(n.getName(), Produced.node(name, originalAttrs));
    }

    private void poison(Scope s, NodeDef n, String why) {
        s.produced.put(n.getName(), Produced.poisoned(why));
    }

    private void inlineCall(Scope s, NodeDef n, Map<String, AttrValue> attrs, List<Ref> args)
            throws ModelLoadException {
        boolean callOp = CALL_OPS.contains(n.getOp());
        AttrValue f = attrs.get("f");
        if (callOp && (f == null || !f.hasFunc())) {
            throw new ModelLoadException("call node '" + n.getName() + "' in " + s.where + " has no function 'f'");
        }
        String name = callOp ? f.getFunc().getName() : n.getOp();
        FunctionDef callee = library.get(name);
        String at = "node '" + n.getName() + "' in " + s.where;
        if (callee == null) {
            throw new ModelLoadException(at + " calls function '" + name + "', which is not in the library");
        }
        if (s.depth >= MAX_CALL_DEPTH) {
            throw new ModelLoadException(at + " nests function calls more than " + MAX_CALL_DEPTH
                    + " deep (recursive function '" + name + "'?)");
        }
        OpDef sig = callee.getSignature();
        if (sig.getInputArgCount() != args.size()) {
            throw new ModelLoadException(at + " passes " + args.size() + " inputs to function '" + name
                    + "', which takes " + sig.getInputArgCount());
        }
        Map<String, Ref> bound = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            OpDef.ArgDef arg = sig.getInputArg(i);
            requireSingle(arg, name, "input");
            bound.put(arg.getName(), args.get(i));
        }
        Map<String, AttrValue> calleeAttrs = callOp ? f.getFunc().getAttrMap() : attrs;
        Scope body = new Scope(s.prefix + n.getName() + "/", "function '" + name + "'", true,
                callee.getNodeDefList(), bound, calleeAttrs, s.depth + 1);
        inlinedFunctions.add(name);

        List<String> roots = new ArrayList<>();
        for (String ret : callee.getRetMap().values()) {
            roots.add(body.parse(ret).name());
        }
        roots.addAll(callee.getControlRetMap().values());
        processAll(body, roots);

        List<Ref> outputs = new ArrayList<>();
        Set<String> controlDeps = new LinkedHashSet<>();
        for (OpDef.ArgDef out : sig.getOutputArgList()) {
            requireSingle(out, name, "output");
            String ret = callee.getRetMap().get(out.getName());
            if (ret == null) {
                throw new ModelLoadException("function '" + name + "' does not say what its output '"
                        + out.getName() + "' returns");
            }
            Ref r = resolve(body, body.parse(ret), ret, "output '" + out.getName() + "'");
            outputs.add(r);
            if (r.poison() == null) {
                controlDeps.add(r.node());
            }
        }
        for (String c : callee.getControlRetMap().values()) {
            String dep = controlName(body, c, null);
            if (dep != null) {
                controlDeps.add(dep);
            }
        }
        String handle = newName(s, n.getName());
        NodeDef.Builder noOp = NodeDef.newBuilder().setName(handle).setOp("NoOp");
        controlDeps.forEach(c -> noOp.addInput("^" + c));
        emitted.add(noOp.build());
        s.produced.put(n.getName(), Produced.refs(outputs, handle, attrs));
    }

    private static void requireSingle(OpDef.ArgDef arg, String function, String kind) throws ModelLoadException {
        if (!arg.getNumberAttr().isEmpty() || !arg.getTypeListAttr().isEmpty()) {
            throw new ModelLoadException("function '" + function + "' has a list-valued " + kind + " '"
                    + arg.getName() + "'; only concrete (traced) functions with one tensor per argument are inlined");
        }
    }

    // -------------------------------------------------------------------------------------------------- resolution

    private Ref resolve(Scope s, InputRef r, String raw, String consumer) throws ModelLoadException {
        if (s.isArg(r)) {
            if (r.index() != 0) {
                throw new ModelLoadException("input '" + raw + "' of " + consumer + " in " + s.where
                        + " indexes argument '" + r.name() + "', which is one tensor");
            }
            return s.args.get(r.name());
        }
        Produced p = s.produced.get(r.name());
        if (p == null) {
            throw new ModelLoadException("input '" + raw + "' of " + consumer + " in " + s.where
                    + " names no node or argument");
        }
        int flat = r.outputArg() == null ? r.index() : flatIndex(s, s.nodes.get(r.name()), p, r, raw);
        return p.output(flat, raw);
    }

    private int flatIndex(Scope s, NodeDef producer, Produced p, InputRef r, String raw) throws ModelLoadException {
        String op = producer.getOp();
        if (CALL_OPS.contains(op)) {
            return r.index();
        }
        FunctionDef callee = library.get(op);
        if (callee != null) {
            List<OpDef.ArgDef> outs = callee.getSignature().getOutputArgList();
            for (int i = 0; i < outs.size(); i++) {
                if (outs.get(i).getName().equals(r.outputArg())) {
                    return i + r.index();
                }
            }
            throw new ModelLoadException("input '" + raw + "' in " + s.where + ": function '" + op
                    + "' has no output '" + r.outputArg() + "'");
        }
        try {
            return registry.flatOutputIndex(op, p.attrs(), r.outputArg(), r.index());
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("input '" + raw + "' in " + s.where + ": " + e.getMessage(), e);
        }
    }

    /** @return the new node a control input on {@code name} becomes, or {@code null} when it is dropped */
    private String controlName(Scope s, String name, NodeDef consumer) throws ModelLoadException {
        Produced p = s.produced.get(name);
        if (p == null) {
            throw new ModelLoadException("control input '^" + name + "'"
                    + (consumer == null ? "" : " of node '" + consumer.getName() + "'") + " in " + s.where
                    + " names no node");
        }
        return p.controlName();
    }

    /** @return the node's attributes with placeholders ({@code $T}) substituted and internal ({@code _x}) ones dropped */
    private Map<String, AttrValue> attrs(Scope s, NodeDef n) throws ModelLoadException {
        Map<String, AttrValue> out = new LinkedHashMap<>();
        for (Map.Entry<String, AttrValue> e : n.getAttrMap().entrySet()) {
            if (e.getKey().startsWith("_")) {
                continue;
            }
            AttrValue v = e.getValue();
            if (v.getValueCase() == AttrValue.ValueCase.PLACEHOLDER) {
                AttrValue bound = s.callAttrs.get(v.getPlaceholder());
                if (bound == null) {
                    throw new ModelLoadException("attribute '" + e.getKey() + "' of node '" + n.getName() + "' in "
                            + s.where + " is the placeholder '" + v.getPlaceholder() + "', which the caller does not set");
                }
                v = bound;
            }
            out.put(e.getKey(), v);
        }
        return out;
    }

    private String newName(Scope s, String name) {
        String wanted = s.prefix + name;
        if (s.depth == 0 && usedNames.add(wanted)) {
            return wanted;
        }
        String candidate = wanted;
        for (int i = 1; topLevelNames.contains(candidate) && s.depth > 0 || !usedNames.add(candidate); i++) {
            candidate = wanted + "_" + i;
        }
        return candidate;
    }

    // ------------------------------------------------------------------------------------------------------ output

    /** Keeps the emitted nodes the requested tensors reach, and the library functions kept ops still name. */
    private GraphDef prune(List<String> tensors) {
        Map<String, NodeDef> byName = new HashMap<>();
        emitted.forEach(n -> byName.put(n.getName(), n));
        Set<String> keep = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        tensors.forEach(t -> todo.push(InputRef.graphForm(t).name()));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            NodeDef n = byName.get(name);
            if (n != null && keep.add(name)) {
                n.getInputList().forEach(in -> todo.push(InputRef.graphForm(in).name()));
            }
        }
        GraphDef.Builder g = GraphDef.newBuilder().setVersions(source.getVersions());
        Set<String> functions = new LinkedHashSet<>();
        for (NodeDef n : emitted) {
            if (keep.contains(n.getName())) {
                g.addNode(n);
                functions.addAll(SavedModelProto.calledFunctions(n, library));
            }
        }
        FunctionDefLibrary.Builder lib = FunctionDefLibrary.newBuilder();
        Set<String> copied = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(functions);
        while (!pending.isEmpty()) {
            FunctionDef f = library.get(pending.pop());
            if (f != null && copied.add(f.getSignature().getName())) {
                lib.addFunction(f);
                f.getNodeDefList().forEach(n -> pending.addAll(SavedModelProto.calledFunctions(n, library)));
            }
        }
        if (lib.getFunctionCount() > 0) {
            g.setLibrary(lib);
        }
        return g.build();
    }
}
