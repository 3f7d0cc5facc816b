package io.github.cam4j.savedmodel;

import java.util.HashMap;
import java.util.Map;
import java.util.WeakHashMap;
import org.tensorflow.Graph;

/**
 * The gradient ops cam4j adds to a graph, added once per graph and found again by every model opened on it. They had
 * been cached per {@link CamModel}: an application that opened a new CamModel on its own bundle for each request
 * ({@link CamModel#fromBundle}) grew the bundle's graph by some 95 ops a request (145 to 8 695 ops in 90 requests,
 * each slower than the last: helper-166), ops that closing the model cannot remove.
 *
 * <p>What is kept is the added tensors' names, which hold no reference to the graph: a graph no longer used is
 * collected with its entry.
 */
final class GraphAdditions {
    private static final Map<Graph, Map<String, Object>> ADDED = new WeakHashMap<>();

    private GraphAdditions() {}

    /** Adds ops to a graph. */
    interface Addition<T> {
        /**
         * @return the added tensors' names
         * @throws ModelLoadException when they cannot be added
         */
        T add() throws ModelLoadException;
    }

    /**
     * @param graph the graph to add to
     * @param key what is added, with every input that shapes it (the tensors it is taken between)
     * @param addition adds it, called only when {@code key} was not added to {@code graph} before
     * @return what {@code addition} gave, now or the first time; a failed addition is not remembered
     * @throws ModelLoadException as {@code addition} throws it
     */
    @SuppressWarnings("unchecked")
    static synchronized <T> T once(Graph graph, String key, Addition<T> addition) throws ModelLoadException {
        Map<String, Object> added = ADDED.computeIfAbsent(graph, g -> new HashMap<>());
        Object known = added.get(key);
        if (known == null) {
            known = addition.add();
            added.put(key, known);
        }
        return (T) known;
    }
}
