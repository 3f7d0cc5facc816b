package io.github.cam4j.savedmodel;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;

/** Looks up tensors in a graph by name, with errors that name the tensor and what is wrong with it. */
final class GraphTensors {
    private GraphTensors() {}

    /**
     * @param graph the graph
     * @param name {@code op_name} or {@code op_name:index}
     * @param role what the tensor is for, for the error message
     * @return the tensor
     * @throws ModelLoadException when there is no such operation or output
     */
    static Output<?> find(Graph graph, String name, String role) throws ModelLoadException {
        int colon = name.lastIndexOf(':');
        String opName = name;
        int index = 0;
        if (colon > 0) {
            try {
                index = Integer.parseInt(name.substring(colon + 1));
                opName = name.substring(0, colon);
            } catch (NumberFormatException e) {
                // A ':' that is not followed by an index is part of the name.
            }
        }
        GraphOperation op = graph.operation(opName);
        if (op == null) {
            // Say where the names are to be found: a misspelt --features or --layers entry is the usual cause.
            throw new UnknownTensorException(name, role + " tensor '" + name + "' does not exist in the graph ('cam4j inspect"
                    + " --model ...' lists the model's layers)");
        }
        if (index < 0 || index >= op.numOutputs()) {
            throw new UnknownTensorException(name, role + " tensor '" + name + "': operation '" + opName + "' has "
                    + op.numOutputs() + (op.numOutputs() == 1 ? " output (" + opName + ":0)" : " outputs"));
        }
        return op.output(index);
    }

    /**
     * Like {@link #find}, but a name no operation has is also looked up as the end of exactly one operation's name, at a
     * '/' boundary, as import takes {@code --features}: an imported Keras model's layers sit under a common scope
     * ({@code StatefulPartitionedCall_1/.../og_leaky_1/LeakyRelu}), and {@code --layer og_leaky_1/LeakyRelu}, which
     * explain takes, was refused as not in the graph.
     *
     * @param graph the graph
     * @param name {@code op_name} or {@code op_name:index}, whole or the end of one operation's name
     * @param role what the tensor is for, for the error message
     * @return the tensor
     * @throws AmbiguousTensorException when the name ends several operations' names, naming a few
     * @throws ModelLoadException when there is no such operation or output
     */
    static Output<?> findByEnding(Graph graph, String name, String role) throws ModelLoadException {
        int colon = name.lastIndexOf(':');
        String opName = colon > 0 && name.substring(colon + 1).matches("[0-9]+") ? name.substring(0, colon) : name;
        if (graph.operation(opName) != null) {
            return find(graph, name, role);
        }
        java.util.stream.Stream<String> operations = java.util.stream.StreamSupport.stream(
                java.util.Spliterators.spliteratorUnknownSize(graph.operations(), 0), false).map(op -> op.name());
        String sole = AmbiguousTensorException.soleEnding(operations, opName, name, role, "operations of the graph");
        return find(graph, sole == null ? name : sole + name.substring(opName.length()), role);
    }

    /**
     * @throws TensorRankException when the tensor's static rank is known and differs
     */
    static void requireRank(Output<?> tensor, int rank, String role, String name) throws ModelLoadException {
        int actual = tensor.shape().numDimensions();
        if (actual >= 0 && actual != rank) {
            String found = actual + " (shape " + tensor.shape() + ")";
            throw new TensorRankException(name, rank, found, role + " tensor '" + name + "' has rank " + found
                    + ", expected rank " + rank);
        }
    }

    /** @return {@code name} with an explicit output index */
    static String canonical(String name) {
        int colon = name.lastIndexOf(':');
        if (colon > 0 && name.substring(colon + 1).chars().allMatch(Character::isDigit) && colon < name.length() - 1) {
            return name;
        }
        return name + ":0";
    }
}
