package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TString;

/**
 * The variables of one signature for {@code cam4j inspect}, which never runs the whole model: each float variable is
 * frozen as a constant of its shape only, and its values are read from the checkpoint when a report line needs them
 * (the classifier's kernel and bias, an input standardisation's mean), by a {@code RestoreV2} of just those tensors.
 *
 * <p>Freezing every weight cost keras.applications' VGG16 (138 million parameters) 5.5 GB resident: TensorFlow
 * restored the whole checkpoint (written twice by Keras 3's {@code model.export}), the values were copied into Java, into
 * one {@code GraphDef} and into the imported graph; its report reads two of the 32 variables. The checkpoint key of each
 * variable is the one the SavedModel's own restore op reads it from (its {@code saver_def}: in a TF 2 SavedModel the
 * {@code __inference__traced_restore} function, {@code AssignVariableOp(arg, Identity(RestoreV2:tensors:i))}; in a TF 1
 * graph {@code Assign(var, save/RestoreV2:i)}). Variables of other types (integers, strings) are read at once, since
 * {@code IntConstant} and the like read constants straight from the {@code GraphDef}; they are small.
 *
 * <p>{@link #plan} declines, and the caller freezes as {@link ImportedModel#open} does, whenever this could report
 * differently from a full load: no {@code variables/variables.index} (the full load then says the weights are missing),
 * a variable the restore op does not fill from one whole checkpoint tensor (Keras 3's {@code tf.saved_model.save}
 * folders, partitioned variables, variables set by an init op), or a shape the graph leaves open.
 */
final class LazyVariables implements AutoCloseable {

    private static final Set<DataType> DEFERRED_TYPES = Set.of(DataType.DT_FLOAT, DataType.DT_DOUBLE,
            DataType.DT_HALF, DataType.DT_BFLOAT16);

    private final Path dir;
    private final String prefix;
    private final Map<String, String> keys;
    private final Map<String, DataType> types;
    /** Each variable's shape as the graph declares it, which a value read must have. */
    private final Map<String, TensorShapeProto> shapes;
    private final Set<String> deferred;
    private final Map<String, TensorProto> constants = new LinkedHashMap<>();
    private final Map<String, Tensor> values = new HashMap<>();
    private final List<Result> results = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private int tensorsRead;

    private LazyVariables(Path dir, Map<String, String> keys, Map<String, DataType> types,
            Map<String, TensorShapeProto> shapes) {
        this.dir = dir;
        this.prefix = dir.resolve("variables").resolve("variables").toString();
        this.keys = keys;
        this.types = types;
        this.shapes = shapes;
        this.deferred = Set.copyOf(keys.keySet().stream().filter(h -> DEFERRED_TYPES.contains(types.get(h))).toList());
    }

    /**
     * @param dir the SavedModel folder
     * @param metaGraph its {@code serve} meta graph
     * @param handles the top-level variables the signature reaches ({@code VarHandleOp}, {@code VariableV2}), by name
     * @return the deferred variables, or {@code null} when they cannot be read one by one exactly as a full load would
     *     restore them (then freeze them all)
     * @throws ModelLoadException if reading the non-float variables fails
     */
    static LazyVariables plan(Path dir, MetaGraphDef metaGraph, Map<String, NodeDef> handles) throws ModelLoadException {
        if (handles.isEmpty() || !Files.isRegularFile(dir.resolve("variables").resolve("variables.index"))) {
            return null;
        }
        Map<String, String> restored = restoredKeys(metaGraph);
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, DataType> types = new LinkedHashMap<>();
        Map<String, TensorShapeProto> shapes = new HashMap<>();
        for (NodeDef h : handles.values()) {
            String key = restored.get(h.getName());
            AttrValue dtype = h.getAttrMap().get("dtype");
            AttrValue shape = h.getAttrMap().get("shape");
            if (key == null || dtype == null || shape == null || !fullyKnown(shape.getShape())) {
                return null;
            }
            keys.put(h.getName(), key);
            types.put(h.getName(), dtype.getType());
            shapes.put(h.getName(), shape.getShape());
        }
        LazyVariables lazy = new LazyVariables(dir, keys, types, shapes);
        try {
            List<String> eager = keys.keySet().stream().filter(h -> !lazy.deferred.contains(h)).toList();
            lazy.read(eager);
            for (String h : keys.keySet()) {
                lazy.constants.put(h, lazy.deferred.contains(h)
                        ? TensorProto.newBuilder().setDtype(types.get(h)).setTensorShape(shapes.get(h)).build()
                        : FrozenGraphBuilder.toProto(lazy.values.get(h), h));
            }
            return lazy;
        } catch (ModelLoadException | RuntimeException e) {
            lazy.close();
            throw e;
        }
    }

    /**
     * @return the values {@link FunctionInliner} freezes, by variable name: for a float variable a constant of its dtype
     *     and shape with no content (never run: {@link #feed} replaces it), for the others their value
     */
    Map<String, TensorProto> constants() {
        return constants;
    }

    /** @return the names of the constants that hold no values; the same as the variables' in the inlined graph */
    Set<String> deferred() {
        return deferred;
    }

    /** @return how many tensors were read from the checkpoint so far */
    int tensorsRead() {
        return tensorsRead;
    }

    /**
     * Feeds the values of the given deferred constants, reading those not read yet.
     *
     * @param runner a runner on the inlined graph
     * @param names deferred constants the fetched tensors depend on
     * @throws VariableReadException if the checkpoint cannot be read
     */
    void feed(Session.Runner runner, Collection<String> names) {
        List<String> missing = names.stream().filter(n -> !values.containsKey(n)).toList();
        try {
            read(missing);
        } catch (ModelLoadException e) {
            throw new VariableReadException(e);
        }
        names.forEach(n -> runner.feed(n, values.get(n)));
    }

    /**
     * @param name a deferred variable
     * @return its value, read from the checkpoint if it was not yet; owned by this object
     * @throws VariableReadException if the checkpoint cannot be read
     */
    Tensor value(String name) {
        if (!values.containsKey(name)) {
            try {
                read(List.of(name));
            } catch (ModelLoadException e) {
                throw new VariableReadException(e);
            }
        }
        return values.get(name);
    }

    /** Reads variables from the checkpoint by one {@code RestoreV2} in a graph of its own. */
    private void read(List<String> handles) throws ModelLoadException {
        if (handles.isEmpty()) {
            return;
        }
        if (closed.get()) {
            throw new IllegalStateException("the variables of " + dir + " are closed");
        }
        try (Graph g = new Graph(); Session s = new Session(g);
                TString p = TString.scalarOf(prefix);
                TString names = TString.vectorOf(handles.stream().map(keys::get).toArray(String[]::new));
                TString slices = TString.vectorOf(handles.stream().map(h -> "").toArray(String[]::new))) {
            GraphOperation restore = g.opBuilder("RestoreV2", "restore", g.baseScope())
                    .addInput(constant(g, "prefix", p)).addInput(constant(g, "names", names))
                    .addInput(constant(g, "slices", slices))
                    .setAttr("dtypes", handles.stream().map(types::get).toArray(DataType[]::new)).build();
            Session.Runner runner = s.runner();
            for (int i = 0; i < handles.size(); i++) {
                runner.fetch(restore.output(i));
            }
            Result r = runner.run();
            results.add(r);
            for (int i = 0; i < handles.size(); i++) {
                requireDeclaredShape(handles.get(i), r.get(i));
                values.put(handles.get(i), r.get(i));
            }
            tensorsRead += handles.size();
        } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
            // Worded as a full load's failure is (FrozenGraphBuilder), the hint on missing or damaged files included.
            throw new ModelLoadException("cannot load SavedModel " + dir + " or read its variables: "
                    + io.github.cam4j.savedmodel.VariableFiles.explainLoadFailure(dir, e.getMessage()), e);
        }
    }

    /**
     * RestoreV2 checks a tensor's type, not its shape: another model's variable files under this model's
     * {@code saved_model.pb} gave {@code inspect} a [3136, 10] kernel for a [32, 10] one, exit 0 and a report of
     * nonsense, where the full load of {@code explain} refuses the folder.
     */
    private void requireDeclaredShape(String handle, Tensor value) throws ModelLoadException {
        long[] read = value.shape().asArray();
        long[] declared = shapes.get(handle).getDimList().stream().mapToLong(TensorShapeProto.Dim::getSize).toArray();
        if (!java.util.Arrays.equals(read, declared)) {
            throw new ModelLoadException("cannot load SavedModel " + dir + " or read its variables: "
                    + io.github.cam4j.savedmodel.VariableFiles.damaged(dir, "checkpoint tensor '" + keys.get(handle)
                    + "' has shape " + java.util.Arrays.toString(read) + " where the graph's variable '" + handle
                    + "' is " + java.util.Arrays.toString(declared)));
        }
    }

    private static org.tensorflow.Output<?> constant(Graph g, String name, TString value) {
        return g.opBuilder("Const", name, g.baseScope()).setAttr("dtype", DataType.DT_STRING)
                .setAttr("value", value).build().output(0);
    }

    private static boolean fullyKnown(TensorShapeProto s) {
        return !s.getUnknownRank() && s.getDimList().stream().allMatch(d -> d.getSize() >= 0);
    }

    /**
     * @return the checkpoint key each top-level variable is restored from, by variable name, as the meta graph's restore
     *     op reads it; variables it fills otherwise (a slice, or twice from different keys) are left out
     */
    static Map<String, String> restoredKeys(MetaGraphDef metaGraph) {
        String restoreOp = SavedModelProto.nodeOf(metaGraph.getSaverDef().getRestoreOpName());
        Map<String, NodeDef> top = new HashMap<>();
        metaGraph.getGraphDef().getNodeList().forEach(n -> top.put(n.getName(), n));
        NodeDef call = top.get(restoreOp);
        Map<String, String> keys = new HashMap<>();
        Set<String> ambiguous = new java.util.HashSet<>();
        if (call != null && FunctionInliner.CALL_OPS.contains(call.getOp()) && call.getAttrMap().containsKey("f")) {
            // TF 2: the restore op calls a function whose arguments are the file prefix and the variables, in order.
            FunctionDef f = SavedModelProto.library(metaGraph).get(call.getAttrMap().get("f").getFunc().getName());
            if (f == null) {
                return Map.of();
            }
            List<String> callInputs = call.getInputList().stream().filter(i -> !i.startsWith("^")).toList();
            Map<String, String> argToVariable = new HashMap<>();
            for (int i = 0; i < f.getSignature().getInputArgCount() && i < callInputs.size(); i++) {
                NodeDef v = top.get(InputRef.graphForm(callInputs.get(i)).name());
                if (v != null && isVariable(v)) {
                    argToVariable.put(f.getSignature().getInputArg(i).getName(), v.getName());
                }
            }
            Map<String, NodeDef> body = new HashMap<>();
            f.getNodeDefList().forEach(n -> body.put(n.getName(), n));
            for (NodeDef n : f.getNodeDefList()) {
                assignment(n, body, true, r -> argToVariable.get(r.name()), keys, ambiguous);
            }
        } else {
            // TF 1: Assign(variable, save/RestoreV2:i) in the top-level graph.
            for (NodeDef n : metaGraph.getGraphDef().getNodeList()) {
                assignment(n, top, false, r -> {
                    NodeDef v = top.get(r.name());
                    return v != null && isVariable(v) ? v.getName() : null;
                }, keys, ambiguous);
            }
        }
        ambiguous.forEach(keys::remove);
        return keys;
    }

    private static boolean isVariable(NodeDef n) {
        return n.getOp().equals("VarHandleOp") || FrozenGraphBuilder.REF_VARIABLES.contains(n.getOp());
    }

    /** Records {@code variable -> key} when {@code n} assigns a whole tensor a {@code RestoreV2} read to a variable. */
    private static void assignment(NodeDef n, Map<String, NodeDef> nodes, boolean functionForm,
            java.util.function.Function<InputRef, String> variableOf, Map<String, String> keys, Set<String> ambiguous) {
        if (!(n.getOp().equals("AssignVariableOp") || n.getOp().equals("Assign")) || n.getInputCount() < 2) {
            return;
        }
        try {
            InputRef target = parse(n.getInput(0), functionForm);
            String variable = variableOf.apply(target);
            InputRef value = parse(n.getInput(1), functionForm);
            NodeDef source = nodes.get(value.name());
            while (source != null && source.getOp().equals("Identity") && source.getInputCount() > 0) {
                value = parse(source.getInput(0), functionForm);
                source = nodes.get(value.name());
            }
            if (variable == null || target.control() || source == null || !source.getOp().equals("RestoreV2")
                    || source.getInputCount() < 3) {
                return;
            }
            String key = stringAt(nodes.get(parse(source.getInput(1), functionForm).name()), value.index());
            String slice = stringAt(nodes.get(parse(source.getInput(2), functionForm).name()), value.index());
            if (key == null || !"".equals(slice) || (keys.containsKey(variable) && !keys.get(variable).equals(key))) {
                ambiguous.add(variable);
                return;
            }
            keys.put(variable, key);
        } catch (IllegalArgumentException e) {
            // A malformed input is no assignment this can follow; the variable stays unmapped, and is frozen.
        }
    }

    private static InputRef parse(String input, boolean functionForm) {
        return functionForm ? InputRef.functionForm(input) : InputRef.graphForm(input);
    }

    /** @return the i-th string of a string {@code Const}, or {@code null} */
    private static String stringAt(NodeDef constant, int i) {
        if (constant == null || !constant.getOp().equals("Const") || !constant.getAttrMap().containsKey("value")) {
            return null;
        }
        TensorProto t = constant.getAttrMap().get("value").getTensor();
        return i < t.getStringValCount() ? t.getStringVal(i).toStringUtf8() : null;
    }

    /** Closes the tensors read. A second call does nothing. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        results.forEach(Result::close);
        results.clear();
        values.clear();
    }

    /**
     * A checkpoint read that failed while the graph was being walked: unchecked, so that the walk's handling of
     * unreadable constants (a refusal) does not take it, and {@link ImportedModel#inspect} reports it as the load failure
     * it is.
     */
    static final class VariableReadException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VariableReadException(ModelLoadException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized ModelLoadException getCause() {
            return (ModelLoadException) super.getCause();
        }
    }
}
