package io.github.cam4j.savedmodel;

import java.util.List;

/**
 * A short tensor name given to the loader that ends the names of several nodes of the model's graph ({@code Relu} in a
 * model of two convolutions): which one was meant cannot be told. Its own type, as {@link UnknownTensorException} is,
 * so that a caller who took the name from its user (the command line's {@code --features}) can say so in that
 * option's words, as a usage error.
 */
public final class AmbiguousTensorException extends NamedTensorException {
    private static final long serialVersionUID = 1L;

    /** The first few of the nodes it names. */
    private final List<String> candidates;

    /**
     * @param tensor the name as it was given, e.g. {@code Relu}
     * @param candidates the first few of the nodes it names, in full
     * @param message what is wrong, naming the tensor, its role and the candidates
     */
    public AmbiguousTensorException(String tensor, List<String> candidates, String message) {
        super(tensor, message);
        this.candidates = List.copyOf(candidates);
    }

    /** @return the first few of the nodes it names, in full */
    public List<String> candidates() {
        return candidates;
    }

    /**
     * Looks a short tensor name up as the end of exactly one node's name, at a '/' boundary: an imported Keras model's
     * layers sit under a common scope ({@code StatefulPartitionedCall_1/.../conv2d_1/Relu}), and a user writes a
     * layer's short name ({@code conv2d_1/Relu}), as for cam4j's own models. The loader's and the import's look-ups
     * share it, each naming the graph's nodes in its own words.
     *
     * @param nodes the names of the graph's nodes
     * @param shortName the name looked up, without its output index
     * @param given the name as it was given, with its index if any, for the message
     * @param tensor how the message names the tensor before {@code given}, e.g. {@code layer} or {@code the features}
     * @param inGraph how the message names the nodes, e.g. {@code operations of the graph}
     * @return the one node's name that ends with {@code shortName}; null when none does
     * @throws AmbiguousTensorException when several do, naming the first three in order
     * @throws NullPointerException when {@code nodes} or {@code shortName} is null, naming it
     */
    public static String soleEnding(java.util.stream.Stream<String> nodes, String shortName, String given, String tensor,
            String inGraph) throws AmbiguousTensorException {
        // Named here: public since b687839c, a null was a NullPointerException in the JDK's words about a "nodes".
        java.util.Objects.requireNonNull(nodes, "nodes is null: the names of the graph's nodes");
        java.util.Objects.requireNonNull(shortName, "shortName is null: the tensor name looked up, without its index");
        List<String> matches = nodes.filter(n -> n.endsWith("/" + shortName)).sorted().toList();
        if (matches.size() > 1) {
            List<String> shown = matches.subList(0, Math.min(3, matches.size()));
            throw new AmbiguousTensorException(given, shown, tensor + " tensor '" + given + "' names " + matches.size()
                    + " " + inGraph + " (" + String.join(", ", shown) + (matches.size() > 3 ? ", ..." : "")
                    + "); give more of the name");
        }
        return matches.isEmpty() ? null : matches.get(0);
    }
}
