package io.github.cam4j.savedmodel.keras;

import com.google.protobuf.ByteString;
import io.github.cam4j.savedmodel.DtypeNames;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;
import org.tensorflow.types.TString;

/**
 * Builds the frozen, inlined {@code GraphDef} of one signature of a SavedModel: loads the model with
 * {@code SavedModelBundle.load(dir, "serve")} (which restores its variables), reads the value of every variable the
 * signature reaches ({@code ReadVariableOp} on each top-level {@code VarHandleOp}, an {@code Identity} of each TF 1
 * ref variable, {@code VariableV2}), closes the bundle, and lets
 * {@link FunctionInliner} write the signature's path as one plain graph with those values as constants.
 *
 * <p>Call it only after {@link OpAllowList#check} has passed, or when the model is trusted: loading runs the model's
 * restore and init ops.
 */
final class FrozenGraphBuilder {

    /**
     * A signature rebuilt as a plain graph.
     *
     * @param graphDef the frozen, inlined graph
     * @param inputs the signature's input keys and their tensor names in {@code graphDef}
     * @param outputs the signature's output keys and their tensor names in {@code graphDef}
     * @param inlinedFunctions the library functions whose bodies were inlined
     * @param variables the frozen variables (top-level handle names) and their shapes
     * @param redraw which variables were re-drawn and with which seed, or {@code null} for the trained values
     * @param redrawnLayers with {@code redraw} of some layers only: their names, nearest the output first; else empty
     */
    record FrozenGraph(GraphDef graphDef, Map<String, String> inputs, Map<String, String> outputs,
            List<String> inlinedFunctions, Map<String, long[]> variables, RedrawnWeights redraw,
            List<String> redrawnLayers) {}

    private FrozenGraphBuilder() {}

    /**
     * @param dir the SavedModel folder
     * @param metaGraph its {@code serve} meta graph, as parsed from {@code saved_model.pb}
     * @param signatureKey the signature to rebuild
     * @param redraw {@code null} to freeze the trained weights, else which ones to re-draw ({@link WeightRedraw}), with
     *     which seed
     * @return the frozen graph
     * @throws ModelLoadException if the signature is missing, the model does not load, or its path cannot be rebuilt;
     *     or when more layers are to be re-drawn than the model has
     */
    static FrozenGraph build(Path dir, MetaGraphDef metaGraph, String signatureKey, RedrawnWeights redraw)
            throws ModelLoadException {
        return build(dir, metaGraph, signatureKey, redraw, null);
    }

    /**
     * {@link #build(Path, MetaGraphDef, String, RedrawnWeights)}, letting the caller read what else it needs from the
     * model in the same load ({@link InlinedSignature#open(Path, MetaGraphDef, String, InlinedSignature.WhileLoaded)}).
     *
     * @param alsoRead run on the loaded bundle before it is closed, or {@code null}
     */
    static FrozenGraph build(Path dir, MetaGraphDef metaGraph, String signatureKey, RedrawnWeights redraw,
            InlinedSignature.WhileLoaded alsoRead) throws ModelLoadException {
        Request request = request(dir, metaGraph, signatureKey);
        Map<String, TensorProto> trained = readVariables(dir, request.handles(), alsoRead);
        if (redraw == null) {
            return inline(dir, metaGraph, signatureKey, request, trained, null, List.of());
        }
        Map<String, TensorProto> drawn = redrawn(dir, signatureKey, trained, redraw.seed());
        if (redraw.everyLayer()) {
            return inline(dir, metaGraph, signatureKey, request, drawn, redraw, List.of());
        }
        // Which layers are nearest the output is read off the graph, the same whatever its weights.
        List<LayerOrder.Layer> topFirst = layersTopFirst(dir, metaGraph, signatureKey, request, trained, drawn);
        if (redraw.topLayers() > topFirst.size()) {
            throw new ModelLoadException(dir + ": cannot re-draw the top " + redraw.topLayers() + " layers: signature '"
                    + signatureKey + "' reads weights of " + io.github.cam4j.Counted.of(topFirst.size(), "layer") + ", nearest the output first "
                    + topFirst.stream().map(LayerOrder.Layer::name).toList());
        }
        Map<String, TensorProto> values = new LinkedHashMap<>(trained);
        List<String> names = new ArrayList<>();
        for (LayerOrder.Layer layer : topFirst.subList(0, redraw.topLayers())) {
            names.add(layer.name());
            layer.variables().forEach(v -> values.put(v, drawn.get(v)));
        }
        return inline(dir, metaGraph, signatureKey, request, values, redraw, List.copyOf(names));
    }

    /**
     * @param dir the SavedModel folder
     * @param metaGraph its {@code serve} meta graph
     * @param signatureKey the signature
     * @return the names of the layers whose weights a draw changes, nearest the output first: the order
     *     {@link RedrawnWeights#top} re-draws them in
     * @throws ModelLoadException if the signature is missing, the model does not load, its path cannot be rebuilt, or
     *     it reads no weight a draw changes
     */
    static List<String> layersTopFirst(Path dir, MetaGraphDef metaGraph, String signatureKey) throws ModelLoadException {
        Request request = request(dir, metaGraph, signatureKey);
        Map<String, TensorProto> trained = readVariables(dir, request.handles(), null);
        Map<String, TensorProto> drawn = redrawn(dir, signatureKey, trained, 0);
        return layersTopFirst(dir, metaGraph, signatureKey, request, trained, drawn).stream().map(LayerOrder.Layer::name)
                .toList();
    }

    private static List<LayerOrder.Layer> layersTopFirst(Path dir, MetaGraphDef metaGraph, String signatureKey,
            Request request, Map<String, TensorProto> trained, Map<String, TensorProto> drawn) throws ModelLoadException {
        FrozenGraph graph = inline(dir, metaGraph, signatureKey, request, trained, null, List.of());
        return LayerOrder.topFirst(graph.graphDef(), graph.outputs().values(), trained, drawn);
    }

    private static Map<String, TensorProto> redrawn(Path dir, String signatureKey, Map<String, TensorProto> trained,
            long seed) throws ModelLoadException {
        Map<String, TensorProto> values = WeightRedraw.redraw(trained, seed);
        if (values.entrySet().stream().allMatch(e -> e.getValue() == trained.get(e.getKey()))) {
            // A graph whose weights are constants (a frozen graph saved as a SavedModel) reads no variable: its "twin"
            // was the trained model itself, and evaluate reported a randomisation check it never made (Spearman 1).
            throw new ModelLoadException(dir + ": no weight to re-draw: " + (trained.isEmpty()
                    ? "signature '" + signatureKey + "' reads no variable (its weights are constants in the graph)"
                    : "none of the " + io.github.cam4j.Counted.of(trained.size(), "variable") + " signature '" + signatureKey + "' reads is a float"
                            + " kernel, bias, beta, gamma or moving statistic")
                    + ", so a randomized-weights twin would be the trained model itself");
        }
        return values;
    }

    /**
     * The node names of a signature's graph as {@link #build} inlines it, without reading a weight: each variable is
     * frozen as an empty constant of its type, which serves as well as its value for naming the nodes. For saying
     * which other signature holds a tensor the imported one lacks ({@link OtherSignatures}).
     *
     * @throws ModelLoadException when the signature cannot be inlined
     */
    static Set<String> nodeNames(Path dir, MetaGraphDef metaGraph, String signatureKey) throws ModelLoadException {
        Request request = request(dir, metaGraph, signatureKey);
        Map<String, TensorProto> empty = new LinkedHashMap<>();
        request.handles().forEach((name, handle) -> {
            AttrValue dtype = handle.getAttrMap().get("dtype");
            if (dtype != null) {
                empty.put(name, TensorProto.newBuilder().setDtype(dtype.getType()).build());
            }
        });
        Set<String> names = new HashSet<>();
        FunctionInliner.inline(metaGraph.getGraphDef(), request.tensors(), empty).graphDef().getNodeList()
                .forEach(n -> names.add(n.getName()));
        return names;
    }

    /**
     * A signature for {@code cam4j inspect}: like {@link #build} with the trained weights, but, where
     * {@link LazyVariables#plan} can, with the float variables frozen as constants of their shape only, whose values are
     * read from the checkpoint when the report needs them; the whole model is then never loaded.
     *
     * @param dir the SavedModel folder
     * @param metaGraph its {@code serve} meta graph
     * @param signatureKey the signature to rebuild
     * @return the frozen graph, with the deferred variables to close (or {@code null}: every variable was frozen)
     * @throws ModelLoadException as {@link #build} does
     */
    static Inspected buildForInspection(Path dir, MetaGraphDef metaGraph, String signatureKey)
            throws ModelLoadException {
        Request request = request(dir, metaGraph, signatureKey);
        LazyVariables lazy = LazyVariables.plan(dir, metaGraph, request.handles());
        if (lazy == null) {
            return new Inspected(build(dir, metaGraph, signatureKey, null), null);
        }
        try {
            return new Inspected(inline(dir, metaGraph, signatureKey, request, lazy.constants(), null, List.of()), lazy);
        } catch (ModelLoadException | RuntimeException e) {
            lazy.close();
            throw e;
        }
    }

    /**
     * A signature rebuilt for inspection.
     *
     * @param frozen the graph
     * @param lazy the variables whose constants hold no values, or {@code null}; the caller closes it
     */
    record Inspected(FrozenGraph frozen, LazyVariables lazy) {}

    /**
     * What a signature asks for.
     *
     * @param inputKeys the signature's input keys, sorted
     * @param outputKeys its output keys, sorted
     * @param tensors their top-level tensors, inputs then outputs
     * @param handles the top-level variables those tensors reach
     */
    private record Request(List<String> inputKeys, List<String> outputKeys, List<String> tensors,
            Map<String, NodeDef> handles) {}

    private static Request request(Path dir, MetaGraphDef metaGraph, String signatureKey) throws ModelLoadException {
        SignatureDef signature = signature(metaGraph, signatureKey, dir);
        List<String> inputKeys = new ArrayList<>(signature.getInputsMap().keySet());
        List<String> outputKeys = new ArrayList<>(signature.getOutputsMap().keySet());
        java.util.Collections.sort(inputKeys);
        java.util.Collections.sort(outputKeys);
        List<String> tensors = new ArrayList<>();
        for (String k : inputKeys) {
            tensors.add(tensorName(signature.getInputsMap().get(k), signatureKey, "input", k));
        }
        for (String k : outputKeys) {
            tensors.add(tensorName(signature.getOutputsMap().get(k), signatureKey, "output", k));
        }
        return new Request(inputKeys, outputKeys, tensors, variableHandles(metaGraph.getGraphDef(), tensors));
    }

    private static FrozenGraph inline(Path dir, MetaGraphDef metaGraph, String signatureKey, Request request,
            Map<String, TensorProto> values, RedrawnWeights redraw, List<String> redrawnLayers) throws ModelLoadException {
        List<String> inputKeys = request.inputKeys();
        List<String> outputKeys = request.outputKeys();
        FunctionInliner.Result inlined;
        try {
            inlined = FunctionInliner.inline(metaGraph.getGraphDef(), request.tensors(), values);
        } catch (ModelLoadException e) {
            throw new ModelLoadException(dir + ", signature '" + signatureKey + "': " + e.getMessage(), e);
        }
        Map<String, String> inputs = new LinkedHashMap<>();
        Map<String, String> outputs = new LinkedHashMap<>();
        for (int i = 0; i < inputKeys.size(); i++) {
            inputs.put(inputKeys.get(i), inlined.tensors().get(i));
        }
        for (int i = 0; i < outputKeys.size(); i++) {
            outputs.put(outputKeys.get(i), inlined.tensors().get(inputKeys.size() + i));
        }
        Map<String, long[]> variables = new LinkedHashMap<>();
        values.forEach((name, value) -> variables.put(name, value.getTensorShape().getDimList().stream()
                .mapToLong(TensorShapeProto.Dim::getSize).toArray()));
        return new FrozenGraph(inlined.graphDef(), inputs, outputs, inlined.inlinedFunctions(), variables, redraw,
                redrawnLayers);
    }

    /** @return the signature, or an exception listing the ones there are */
    static SignatureDef signature(MetaGraphDef metaGraph, String key, Path dir) throws ModelLoadException {
        SignatureDef s = metaGraph.getSignatureDefMap().get(key);
        if (s == null || key.equals(SavedModelProto.INIT_OP_SIGNATURE_KEY)) {
            List<String> keys = metaGraph.getSignatureDefMap().keySet().stream()
                    .filter(k -> !k.equals(SavedModelProto.INIT_OP_SIGNATURE_KEY)).sorted().toList();
            throw new io.github.cam4j.savedmodel.SignatureChoiceException(key, keys, false, dir, dir + " has no signature '"
                    + key + "' (signatures: " + keys + ")"
                    + (keys.isEmpty() ? "" : "; name the one to import (--signature, LoadOptions.withSignature)"));
        }
        return s;
    }

    private static String tensorName(TensorInfo info, String signature, String kind, String key)
            throws ModelLoadException {
        if (info.getName().isEmpty()) {
            throw new ModelLoadException("signature '" + signature + "' " + kind + " '" + key
                    + "' is not a dense tensor (composite and sparse tensors are not supported)");
        }
        return info.getName();
    }

    /** TF 1 ref variables: their output is the value itself (a ref), read by any op that takes it. */
    static final Set<String> REF_VARIABLES = Set.of("VariableV2", "Variable");

    /** @return the top-level variables ({@code VarHandleOp} and ref variables) the tensors depend on, by name */
    private static Map<String, NodeDef> variableHandles(GraphDef graph, List<String> tensors) {
        Map<String, NodeDef> nodes = new HashMap<>();
        graph.getNodeList().forEach(n -> nodes.put(n.getName(), n));
        Map<String, NodeDef> handles = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        tensors.forEach(t -> todo.push(SavedModelProto.nodeOf(t)));
        while (!todo.isEmpty()) {
            NodeDef n = nodes.get(todo.pop());
            if (n == null || !seen.add(n.getName())) {
                continue;
            }
            if (n.getOp().equals("VarHandleOp") || REF_VARIABLES.contains(n.getOp())) {
                handles.put(n.getName(), n);
            }
            n.getInputList().forEach(in -> todo.push(SavedModelProto.nodeOf(in)));
        }
        return handles;
    }

    /**
     * Loads the model and reads the variables in one session run.
     *
     * @param alsoRead run on the bundle, its variables checked present, before it is closed; or {@code null}
     */
    private static Map<String, TensorProto> readVariables(Path dir, Map<String, NodeDef> handles,
            InlinedSignature.WhileLoaded alsoRead) throws ModelLoadException {
        Map<String, TensorProto> values = new LinkedHashMap<>();
        try (SavedModelBundle bundle = SavedModelBundle.load(dir.toString(), SavedModelProto.SERVE_TAG)) {
            if (handles.isEmpty() && alsoRead == null) {
                return values;
            }
            io.github.cam4j.savedmodel.VariableFiles.checkPresent(dir, bundle.graph());
            if (alsoRead != null) {
                alsoRead.read(bundle);
            }
            if (handles.isEmpty()) {
                return values;
            }
            Graph g = bundle.graph();
            Session.Runner runner = bundle.session().runner();
            List<String> names = new ArrayList<>(handles.keySet());
            for (int i = 0; i < names.size(); i++) {
                NodeDef h = handles.get(names.get(i));
                GraphOperation handle = g.operation(h.getName());
                AttrValue dtype = h.getAttrMap().get("dtype");
                if (handle == null || dtype == null) {
                    throw new ModelLoadException(dir + ": variable '" + h.getName()
                            + "' is not in the loaded graph or has no dtype");
                }
                String readName = "cam4j_freeze/read_" + i;
                while (g.operation(readName) != null) {
                    readName += "_";
                }
                // A ref variable's value is read by an Identity of it, as TF 1 graphs read their variables.
                GraphOperation read = REF_VARIABLES.contains(h.getOp())
                        ? g.opBuilder("Identity", readName, g.baseScope()).addInput(handle.output(0))
                                .setAttr("T", dtype.getType()).build()
                        : g.opBuilder("ReadVariableOp", readName, g.baseScope())
                                .addInput(handle.output(0)).setAttr("dtype", dtype.getType()).build();
                runner.fetch(read.output(0));
            }
            try (Result result = runner.run()) {
                for (int i = 0; i < names.size(); i++) {
                    values.put(names.get(i), toProto(result.get(i), names.get(i)));
                }
            }
        } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("cannot load SavedModel " + dir + " or read its variables: "
                    + io.github.cam4j.savedmodel.VariableFiles.explainLoadFailure(dir, e.getMessage()), e);
        }
        return values;
    }

    /** @return the tensor as a {@code TensorProto} (raw little-endian content; string values one by one) */
    static TensorProto toProto(Tensor t, String what) throws ModelLoadException {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : t.shape().asArray()) {
            shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        TensorProto.Builder b = TensorProto.newBuilder().setDtype(t.dataType()).setTensorShape(shape);
        if (t instanceof TString s) {
            s.asBytes().scalars().forEach(x -> b.addStringVal(ByteString.copyFrom(x.getObject())));
        } else if (t.dataType() == DataType.DT_RESOURCE || t.dataType() == DataType.DT_VARIANT) {
            throw new ModelLoadException("variable '" + what + "' holds a " + DtypeNames.of(t.dataType())
                    + ", which cannot be a constant");
        } else {
            if (t.numBytes() > Integer.MAX_VALUE) {
                throw new ModelLoadException("variable '" + what + "' is larger than 2 GB");
            }
            byte[] bytes = new byte[(int) t.numBytes()];
            t.asRawTensor().data().read(bytes);
            b.setTensorContent(ByteString.copyFrom(bytes));
        }
        return b.build();
    }
}
