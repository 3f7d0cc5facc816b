package io.github.cam4j.savedmodel;

import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.RewriterConfig;

/**
 * Grappler's remapper and a graph with a {@code LeakyRelu}: once a pixel method adds the gradient by the input
 * ({@code Graph.addGradients}), a {@code LeakyReluGrad} reads the output of the {@code BiasAdd} before each LeakyRelu;
 * with oneDNN on (cam4j's default but for video) the remapper fuses Conv2D + BiasAdd + LeakyRelu, cannot delete the
 * BiasAdd the gradient still reads, and logs at ERROR through absl, whatever {@code TF_CPP_MIN_LOG_LEVEL} says,
 * {@code remapper failed: INVALID_ARGUMENT: Mutation::Apply error: fanout '.../LeakyReluGrad' exist for missing node
 * '.../BiasAdd'}. The maps are right (Grappler keeps the graph as it was before a pass that fails), but every such run
 * printed the line. A session is made before any gradient is added, so the choice is the graph's: the remapper off for a
 * graph with a LeakyRelu, and only there. Both ways a SavedModel is run take it: the imported graph's session
 * ({@code keras.OpenedGraph}) and the session TensorFlow's loader makes for a model opened by its contract or by tensor
 * names ({@link CamModelLoader}).
 *
 * <pre>{@code
 * ConfigProto config = LeakyReluRemapper.turnedOffFor(graphDef, ConfigProto.newBuilder()).build();
 * }</pre>
 */
public final class LeakyReluRemapper {
    /** The op whose gradient the remapper breaks. */
    static final String LEAKY_RELU = "LeakyRelu";

    private LeakyReluRemapper() {}

    /**
     * @param graph a graph, with its function library
     * @return whether it computes a LeakyRelu, at its top level or in a function it calls
     */
    public static boolean breaksOn(GraphDef graph) {
        return graph.getNodeList().stream().anyMatch(n -> LEAKY_RELU.equals(n.getOp()))
                || graph.getLibrary().getFunctionList().stream()
                        .anyMatch(f -> f.getNodeDefList().stream().anyMatch(n -> LEAKY_RELU.equals(n.getOp())));
    }

    /**
     * @param graph the graph the session will run
     * @param config the session's other options, changed in place
     * @return {@code config}, with the remapper off when the graph has a LeakyRelu ({@link #breaksOn})
     */
    public static ConfigProto.Builder turnedOffFor(GraphDef graph, ConfigProto.Builder config) {
        if (breaksOn(graph)) {
            config.getGraphOptionsBuilder().getRewriteOptionsBuilder().setRemapping(RewriterConfig.Toggle.OFF);
        }
        return config;
    }
}
