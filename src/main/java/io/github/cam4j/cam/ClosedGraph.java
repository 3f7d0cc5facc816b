package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import java.util.Optional;

/**
 * Tells a run that failed because the TensorFlow graph or session under an open model was closed by its owner: a
 * {@code SavedModelBundle} or {@code Session} lent to {@link CamModel#fromBundle}, {@link CamModel#fromSession} or
 * {@link CamModel#fromSessionByGradients} and closed while sessions still explain with the model. The model cannot see
 * that close (TensorFlow says nothing until the next run), so the run failed in TensorFlow's words, "close() has been
 * called on the Graph", as the model failing on the picture ("model SavedModel failed on image #0 of 28x28: ...").
 */
final class ClosedGraph {
    private ClosedGraph() {}

    /**
     * Throws the refusal naming the model, when what a run threw says the graph or session under it was closed; returns
     * otherwise, for the caller to throw {@code e} as it was.
     *
     * @param model the model the run was for
     * @param e what the run threw
     * @throws IllegalStateException naming the model and what to do, when {@code e} (or one of its causes) is
     *     TensorFlow's own refusal of a closed graph or session under a model that is not closed itself
     */
    static void throwIfClosedUnder(CamModel model, Exception e) {
        Optional<IllegalStateException> closedUnder = under(model, e);
        if (closedUnder.isPresent()) {
            throw closedUnder.get();
        }
    }

    /**
     * @return the refusal to throw instead of {@code e}, when it is TensorFlow's refusal of a closed graph or session
     *     under a model that is not closed itself; empty otherwise
     */
    private static Optional<IllegalStateException> under(CamModel model, Exception e) {
        if (model.isClosed()) {
            // The model's own close is said by the session's own check, naming how it was closed.
            return Optional.empty();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IllegalStateException && closedByTensorFlow(t)) {
                return Optional.of(new IllegalStateException("the TensorFlow graph or session of model "
                        + model.source() + " was closed while the model was open (" + t.getMessage() + "): a"
                        + " SavedModelBundle or Session lent to CamModel.fromBundle or fromSession must stay open"
                        + " until the models made from it, and the sessions explaining with them, are closed", e));
            }
        }
        return Optional.empty();
    }

    /** @return whether TensorFlow Java's Graph or Session threw it for having been closed */
    private static boolean closedByTensorFlow(Throwable t) {
        String message = t.getMessage();
        StackTraceElement[] trace = t.getStackTrace();
        // Graph: "close() has been called on the Graph"; Session: "run() cannot be called on the Session after close()".
        return message != null && message.contains("close()") && trace.length > 0
                && (trace[0].getClassName().startsWith("org.tensorflow.Graph")
                        || trace[0].getClassName().startsWith("org.tensorflow.Session"));
    }
}
