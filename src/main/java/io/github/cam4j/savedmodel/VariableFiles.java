package io.github.cam4j.savedmodel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A SavedModel's trained weights live in {@code variables/} beside {@code saved_model.pb}. Copied without that folder, a
 * model still loads (TensorFlow only logs that there was nothing to restore) and fails at its first run with
 * "Attempting to use uninitialized value dense_kernel", or for a Keras model "Container localhost does not exist": true,
 * but no help to someone who copied one file too few. This says what is missing.
 */
public final class VariableFiles {
    private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "VarHandleOp", "Variable");

    private VariableFiles() {}

    /**
     * @param dir the SavedModel folder
     * @param graph its loaded graph
     * @throws ModelLoadException when the graph has variables and {@code variables/variables.index} is missing
     */
    public static void checkPresent(Path dir, Graph graph) throws ModelLoadException {
        if (Files.isRegularFile(dir.resolve("variables").resolve("variables.index"))) {
            return;
        }
        for (Iterator<GraphOperation> ops = graph.operations(); ops.hasNext();) {
            GraphOperation op = ops.next();
            if (VARIABLE_OPS.contains(op.type())) {
                throw missing(dir, op.name());
            }
        }
    }

    /**
     * The same check on the graph as read from {@code saved_model.pb}, before anything is loaded: for a command that
     * describes a model ({@code inspect}) and must not print a description of a model it cannot load.
     *
     * @param dir the SavedModel folder
     * @param meta its graph, as read from the file
     * @throws ModelLoadException when the graph has variables and {@code variables/variables.index} is missing
     */
    public static void checkPresent(Path dir, MetaGraphDef meta) throws ModelLoadException {
        if (Files.isRegularFile(dir.resolve("variables").resolve("variables.index"))) {
            return;
        }
        for (NodeDef node : meta.getGraphDef().getNodeList()) {
            if (VARIABLE_OPS.contains(node.getOp())) {
                throw missing(dir, node.getName());
            }
        }
    }

    private static ModelLoadException missing(Path dir, String variable) {
        return new ModelLoadException("SavedModel " + dir + " has no variables/variables.index: its trained weights"
                + " (variable '" + variable + "' and others) are missing; copy the whole SavedModel folder,"
                + " variables/ included");
    }

    /**
     * @param dir the SavedModel folder
     * @param tensorFlowMessage why TensorFlow could not load or restore it
     * @return that reason, with a hint when the variable files are the likely cause
     */
    public static String explainLoadFailure(Path dir, String tensorFlowMessage) {
        String message = String.valueOf(tensorFlowMessage);
        if (message.contains("Could not find variable")) {
            // The folder loaded and its restore op ran, yet a variable the signature reads holds nothing: the restore op
            // filled other variables. tf.saved_model.save(model) of a Keras 3 model writes exactly this (each weight
            // saved as a copy the signatures never read); Python's own loader copes, C++ loaders cannot.
            // TensorFlow's own words end in the graph's node list, which error lines leave out: the hint goes first.
            int end = message.indexOf('\n');
            return (end < 0 ? message : message.substring(0, end).strip()) + " (" + dir + " never restores a variable"
                    + " its signature reads; under Keras 3, tf.saved_model.save(model, DIR) writes such folders: export"
                    + " with model.export(DIR) instead, or with cam4j's python-export/export_cam.py)";
        }
        if (damagedVariables(message)) {
            // The hint goes on TensorFlow's first line: error lines show only that one, and a truncated data file, a
            // garbled index or another model's variables said only "Read less bytes than requested", "not an sstable
            // (bad magic number)", "Key ... not found in checkpoint" or, for weights of the same names and other
            // shapes (another architecture's), "Assign requires shapes of both tensors to match", naming no file.
            int end = message.indexOf('\n');
            return damaged(dir, end < 0 ? message : message.substring(0, end).strip());
        }
        return message;
    }

    /**
     * @param dir the SavedModel folder
     * @param what what was found wrong with its variable files, one line
     * @return {@code what} with the hint that the files are to be copied again
     */
    public static String damaged(Path dir, String what) {
        return what + " (the files in " + dir.resolve("variables") + " are missing, truncated, damaged or from another"
                + " model: copy them again from where the model was exported)";
    }

    /** @return whether TensorFlow's words are those of variable files that cannot be read as this graph's */
    private static boolean damagedVariables(String message) {
        return message.contains("Read less bytes") || message.contains("restore") || message.contains("Restore")
                || message.contains("Container localhost does not exist") || message.contains("not an sstable")
                || message.contains("Checksum does not match") || message.contains("not found in checkpoint")
                || message.contains("TensorBundle") || message.contains("/variables/variables.")
                || message.contains("Data loss") || message.contains("Assign requires shapes of both tensors");
    }
}
