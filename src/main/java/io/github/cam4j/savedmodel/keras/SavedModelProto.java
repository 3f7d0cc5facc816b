package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ModelLoadException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.FunctionDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NameAttrList;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/** Reading {@code saved_model.pb} and small questions about its protos that several classes ask. */
final class SavedModelProto {
    /** The tag of the meta graph Keras writes for inference, and the one cam4j loads. */
    static final String SERVE_TAG = "serve";
    /** The signature key TF 2 uses for the init op; not a callable signature. */
    static final String INIT_OP_SIGNATURE_KEY = "__saved_model_init_op";

    private SavedModelProto() {}

    /**
     * @param dir a SavedModel folder
     * @return the {@code serve} meta graph of its {@code saved_model.pb}
     * @throws ModelLoadException if the folder, file or tag is missing, or the file does not parse
     */
    static MetaGraphDef readServeMetaGraph(Path dir) throws ModelLoadException {
        if (!Files.isDirectory(dir)) {
            throw new ModelLoadException("SavedModel folder " + dir + (Files.exists(dir) ? " is a file, not a folder"
                    : " does not exist"));
        }
        Path pb = dir.resolve("saved_model.pb");
        if (!Files.isRegularFile(pb)) {
            String hint = Files.exists(dir.resolve("saved_model.pbtxt"))
                    ? " (it has saved_model.pbtxt: the text format is not supported, export the binary one)"
                    : "";
            throw new ModelLoadException("no saved_model.pb in " + dir + hint);
        }
        SavedModel model;
        try {
            byte[] bytes = Files.readAllBytes(pb);
            if (bytes.length == 0) {
                // An empty file parses as a SavedModel with no meta graphs, which would read as "no tag 'serve'".
                throw new ModelLoadException(pb + " is empty (0 bytes): the SavedModel was not written or copied whole");
            }
            model = SavedModel.parseFrom(bytes);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + pb + ": " + e.getMessage(), e);
        }
        List<List<String>> tags = new ArrayList<>();
        for (MetaGraphDef mg : model.getMetaGraphsList()) {
            if (mg.getMetaInfoDef().getTagsList().contains(SERVE_TAG)) {
                return mg;
            }
            tags.add(mg.getMetaInfoDef().getTagsList());
        }
        throw new ModelLoadException(pb + " has no meta graph tagged '" + SERVE_TAG + "' (tags found: " + tags + ")");
    }

    /** @return the library functions of a meta graph by name */
    static Map<String, FunctionDef> library(MetaGraphDef metaGraph) {
        Map<String, FunctionDef> functions = new java.util.HashMap<>();
        for (FunctionDef f : metaGraph.getGraphDef().getLibrary().getFunctionList()) {
            functions.put(f.getSignature().getName(), f);
        }
        return functions;
    }

    /**
     * The functions a node calls: every function-valued attribute ({@code f} of a call, the branches of {@code If},
     * {@code Case}, the body of {@code While}...) and the op itself when its type names a library function.
     *
     * @param node a node of the graph or of a function
     * @param library the library, to recognise a function used as an op type
     * @return the called function names, in attribute order
     */
    static Set<String> calledFunctions(NodeDef node, Map<String, FunctionDef> library) {
        Set<String> called = new LinkedHashSet<>();
        if (library.containsKey(node.getOp())) {
            called.add(node.getOp());
        }
        for (AttrValue value : node.getAttrMap().values()) {
            collectFunctions(value, called);
        }
        return called;
    }

    private static void collectFunctions(AttrValue value, Set<String> out) {
        if (value.hasFunc()) {
            collectFunctions(value.getFunc(), out);
        }
        if (value.hasList()) {
            for (NameAttrList f : value.getList().getFuncList()) {
                collectFunctions(f, out);
            }
        }
    }

    private static void collectFunctions(NameAttrList f, Set<String> out) {
        if (!f.getName().isEmpty()) {
            out.add(f.getName());
        }
        for (AttrValue nested : f.getAttrMap().values()) {
            collectFunctions(nested, out);
        }
    }

    /** @return the node name of a tensor name such as {@code StatefulPartitionedCall_1:0} or {@code ^NoOp} */
    static String nodeOf(String tensorName) {
        return InputRef.graphForm(tensorName).name();
    }
}
