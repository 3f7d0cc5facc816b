package io.github.cam4j.model;

/**
 * TensorFlow's status messages run over several lines and end in the graph nodes involved ({@code [[{{node x}}]]}),
 * useful only to whoever debugs the graph. Messages cam4j passes on keep what went wrong, on one line; the exception
 * they came from stays attached as the cause.
 */
public final class TensorFlowStatus {
    private TensorFlowStatus() {}

    /**
     * @param message a TensorFlow status message, or any message that may carry one; null is taken as empty
     * @return it without the node list, its lines joined by single spaces
     */
    public static String oneLine(String message) {
        if (message == null) {
            return "";
        }
        int nodes = message.indexOf("[[");
        return (nodes < 0 ? message : message.substring(0, nodes)).strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
