package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.Session;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;

/**
 * One signature of a SavedModel rebuilt as a plain graph in a session of its own: its function calls inlined and its
 * variables frozen, as foreign SavedModels are imported ({@link FunctionInliner}).
 *
 * <p>Python's {@code tf.saved_model.save} (and so {@code python-export/export_cam.py}) writes each signature as one
 * function call: the {@code cam} signature's features and logits are then two outputs of one
 * {@code StatefulPartitionedCall}, and in the top-level graph the logits do not depend on the features. CAM reads them
 * either way, but TensorFlow cannot take the logits' gradient at the features (Grad-CAM and its kin), and the cells'
 * placement and the blank-crop shortcut cannot see the layers. Inlined, all of that works as on cam4j's own export.
 *
 * <pre>{@code
 * if (InlinedSignature.callsFunctions(meta, "cam")) {
 *     try (InlinedSignature cam = InlinedSignature.open(dir, meta, "cam")) {
 *         String features = cam.output("features");   // a tensor of cam.session()'s graph
 *     }
 * }
 * }</pre>
 */
public final class InlinedSignature implements AutoCloseable {
    private final OpenedGraph opened;
    /** The graph tensor {@link #preprocessing} reads back from, null before the first question. */
    private String preprocessingTensor;
    private InputPreprocessingFinder preprocessing;

    private InlinedSignature(OpenedGraph opened) {
        this.opened = opened;
    }

    /**
     * @param metaGraph a SavedModel's {@code serve} meta graph
     * @param signatureKey a signature of it
     * @return whether one of the signature's outputs is computed by a function call in the top-level graph
     */
    public static boolean callsFunctions(MetaGraphDef metaGraph, String signatureKey) {
        SignatureDef signature = metaGraph.getSignatureDefMap().get(signatureKey);
        if (signature == null) {
            return false;
        }
        Map<String, NodeDef> nodes = new java.util.HashMap<>();
        metaGraph.getGraphDef().getNodeList().forEach(n -> nodes.put(n.getName(), n));
        for (TensorInfo output : signature.getOutputsMap().values()) {
            NodeDef node = nodes.get(InputRef.graphForm(output.getName()).name());
            // An Identity in front of a call (a renamed output) counts as the call.
            while (node != null && node.getOp().equals("Identity") && node.getInputCount() > 0) {
                node = nodes.get(InputRef.graphForm(node.getInput(0)).name());
            }
            if (node != null && FunctionInliner.CALL_OPS.contains(node.getOp())) {
                return true;
            }
        }
        return false;
    }

    /**
     * @param dir the SavedModel folder, its ops already checked against the allow-list (or trusted)
     * @param metaGraph its {@code serve} meta graph
     * @param signatureKey the signature to rebuild
     * @return the signature as a plain graph with its own session; the caller closes it
     * @throws ModelLoadException when the signature's path cannot be rebuilt or imported, naming the node and reason
     */
    public static InlinedSignature open(Path dir, MetaGraphDef metaGraph, String signatureKey) throws ModelLoadException {
        return new InlinedSignature(OpenedGraph.inlined(dir, metaGraph, signatureKey, null));
    }

    /**
     * {@link #open(Path, MetaGraphDef, String)}, reading what else the caller needs from the SavedModel in the load
     * that freezes the signature's variables: a contract folder's {@code cam_weights} had been read in a load of its
     * own, and the folder was loaded twice.
     *
     * @param dir the SavedModel folder, its ops already checked against the allow-list (or trusted)
     * @param metaGraph its {@code serve} meta graph
     * @param signatureKey the signature to rebuild
     * @param alsoRead run on the loaded SavedModel, its variables checked present, before it is closed
     * @return the signature as a plain graph with its own session; the caller closes it
     * @throws ModelLoadException when the signature's path cannot be rebuilt or imported, or {@code alsoRead} throws it
     */
    public static InlinedSignature open(Path dir, MetaGraphDef metaGraph, String signatureKey, WhileLoaded alsoRead)
            throws ModelLoadException {
        return new InlinedSignature(OpenedGraph.inlined(dir, metaGraph, signatureKey, null,
                java.util.Objects.requireNonNull(alsoRead, "alsoRead is null: open(dir, metaGraph, signatureKey)")));
    }

    /** What a caller reads from the SavedModel while it is loaded to be frozen. */
    @FunctionalInterface
    public interface WhileLoaded {
        /**
         * @param bundle the SavedModel as loaded; closed after this returns
         * @throws ModelLoadException when what is read cannot be
         */
        void read(org.tensorflow.SavedModelBundle bundle) throws ModelLoadException;
    }

    /** @return the session over the plain graph */
    public Session session() {
        return opened.session;
    }

    /**
     * @param key an input key of the signature
     * @return its tensor's name in the plain graph
     * @throws IllegalArgumentException when the signature has no such input
     */
    public String input(String key) {
        return require(opened.frozen.inputs(), key, "input");
    }

    /**
     * @param key an output key of the signature
     * @return its tensor's name in the plain graph
     * @throws IllegalArgumentException when the signature has no such output
     */
    public String output(String key) {
        return require(opened.frozen.outputs(), key, "output");
    }

    /**
     * @param outputKey an output key of the signature whose path back to the input is read (the logits)
     * @return the rescaling the graph applies to its input first, as import finds it in a foreign model (a Keras
     *     {@code Rescaling} layer, nested or not, or {@code x / 255} written out: {@link InputRescaling})
     * @throws IllegalArgumentException when the signature has no such output
     */
    public Optional<InputRescaling> inputRescaling(String outputKey) {
        return preprocessingBehind(outputKey).inputRescaling();
    }

    /**
     * @param outputKey an output key of the signature whose path back to the input is read (the logits)
     * @return the standardisation the graph applies to its input first, as import finds it in a foreign model (a
     *     Keras {@code Normalization} layer: {@link InputStandardisation})
     * @throws IllegalArgumentException when the signature has no such output
     */
    public Optional<InputStandardisation> inputStandardisation(String outputKey) {
        return preprocessingBehind(outputKey).inputStandardisation();
    }

    /**
     * The finder for one output's path back to the input, kept for the next question on the same output: the rescaling
     * and the standardisation are asked for one after the other at load, and each finder walks the graph's nodes.
     */
    private InputPreprocessingFinder preprocessingBehind(String outputKey) {
        String tensor = output(outputKey);
        if (!tensor.equals(preprocessingTensor)) {
            preprocessing = new InputPreprocessingFinder(new GraphView(opened.frozen.graphDef(), opened.graph,
                    opened.session, tensor, opened.lazy));
            preprocessingTensor = tensor;
        }
        return preprocessing;
    }

    private static String require(Map<String, String> tensors, String key, String kind) {
        String name = tensors.get(key);
        if (name == null) {
            throw new IllegalArgumentException("the signature has no " + kind + " '" + key + "' (it has "
                    + tensors.keySet() + ")");
        }
        return name;
    }

    /** Closes the session, then the graph. */
    @Override
    public void close() {
        opened.close();
    }
}
