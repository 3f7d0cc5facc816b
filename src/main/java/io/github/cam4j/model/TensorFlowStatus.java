package io.github.cam4j.model;

/**
 * TensorFlow's status messages run over several lines and end in the graph nodes involved ({@code [[{{node x}}]]}),
 * useful only to whoever debugs the graph. Messages cam4j passes on keep what went wrong, on one line; the exception
 * they came from stays attached as the cause.
 */
public final class TensorFlowStatus {
    /**
     * The node list that opens TensorFlow's trailer: {@code [[{{node x}}]]}, TensorFlow 1's {@code [[Node: x]]}.
     * Cut at a bare "[[", a Keras config's refusal lost what it quoted of the config: a functional model's
     * inbound_nodes or output_layers as tf.keras 2 writes them ({@code [["dense", 0, 0]]}).
     */
    private static final java.util.regex.Pattern NODES = java.util.regex.Pattern.compile(
            "\\[\\[\\s*(\\{\\{\\s*)?node\\b", java.util.regex.Pattern.CASE_INSENSITIVE);

    private TensorFlowStatus() {}

    /**
     * @param message a TensorFlow status message, or any message that may carry one; null is taken as empty
     * @return it without the node list, its lines joined by single spaces
     */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        java.util.regex.Matcher nodes = NODES.matcher(message);
        return (nodes.find() ? message.substring(0, nodes.start()) : message).strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
