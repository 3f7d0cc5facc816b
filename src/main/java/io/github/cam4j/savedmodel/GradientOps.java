package io.github.cam4j.savedmodel;

import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Adds Grad-CAM's gradient ops to a model's graph with TensorFlow's own symbolic gradients
 * ({@link Graph#addGradients}): they work on any graph whose ops between the features and the logits have gradients
 * registered in TensorFlow's C++ library (convolutions, pooling, dense layers, reshapes, activations, normalisation).
 */
public final class GradientOps {
    private GradientOps() {}

    /**
     * @param graph the model's graph, extended in place (a session on it sees the new ops on its next run)
     * @param featuresName the rank-4 features tensor [N, h, w, K]
     * @param logitsName the pre-activation [N, classes] tensor
     * @param weighting how the gradient is to weigh the channels (kept with the tensors' names)
     * @param sigmoid whether a sigmoid turns the logits into probabilities: one unit is then a binary classifier
     *     ({@link CamModel#isBinary()}), whose predicted class 0 is explained by the gradient of {@code -z}
     * @return the names of the added tensors
     * @throws ModelLoadException when a tensor is missing or has the wrong rank, its class or channel count is not
     *     known, or TensorFlow has no gradient for an op between them (naming it)
     */
    @SuppressWarnings("unchecked")
    public static GradientHead add(Graph graph, String featuresName, String logitsName, GradientWeighting weighting,
            boolean sigmoid) throws ModelLoadException {
        Output<?> features = GraphTensors.find(graph, featuresName, "features");
        GraphTensors.requireRank(features, 4, "features", featuresName);
        Output<?> logits = GraphTensors.find(graph, logitsName, "logits");
        GraphTensors.requireRank(logits, 2, "logits", logitsName);
        long channels = features.shape().numDimensions() == 4 ? features.shape().get(3) : -1;
        long classes = logits.shape().numDimensions() == 2 ? logits.shape().get(1) : -1;
        if (channels <= 0 || classes <= 0) {
            throw new ModelLoadException("Grad-CAM needs the features' channels and the logits' classes: features '"
                    + featuresName + "' has shape " + features.shape() + ", logits '" + logitsName + "' " + logits.shape());
        }
        if (features.dataType() != org.tensorflow.proto.DataType.DT_FLOAT
                || logits.dataType() != org.tensorflow.proto.DataType.DT_FLOAT) {
            throw new ModelLoadException("Grad-CAM needs float32 features and logits; '" + featuresName + "' is "
                    + DtypeNames.of(features.dataType()) + ", '" + logitsName + "' "
                    + DtypeNames.of(logits.dataType()));
        }
        Output<?> at = source(features);
        refuseInt64Reductions(logits, at, logitsName);
        String unreliable = dilatedConvolutionBetween(logits, at, logitsName, featuresName);
        String scope = uniqueScope(graph);
        try {
            Ops tf = Ops.create(graph).withSubScope(scope);
            Placeholder<TFloat32> given = tf.withName("class_weights").placeholder(TFloat32.class);
            Operand<TFloat32> oneHot;
            if (classes == 1 && sigmoid) {
                // A binary classifier predicts class 1 (logit z) when z > 0, else class 0 (logit -z): weigh its unit
                // by +1 or -1. The arg-max of its one unit was always that unit, class 1's, whatever the prediction.
                Operand<TFloat32> positive = tf.dtypes.cast(tf.math.greater((Operand<TFloat32>) logits, tf.constant(0f)),
                        TFloat32.class);
                oneHot = tf.withName("predicted_class_weights").math.sub(tf.math.mul(positive, tf.constant(2f)),
                        tf.constant(1f));
            } else {
                Operand<TInt32> predicted = tf.math.argMax((Operand<TFloat32>) logits, tf.constant(1), TInt32.class);
                oneHot = tf.withName("predicted_class_weights").oneHot(predicted, tf.constant((int) classes),
                        tf.constant(1f), tf.constant(0f));
            }
            // Across a dilated convolution, in stages by its SpaceToBatchND twin (DilatedGradients).
            Output<?>[] forGiven = DilatedGradients.add(graph, scope + "/given", new Output<?>[] {logits},
                    new Output<?>[] {at}, new Output<?>[] {given.asOutput()});
            Output<?>[] forPredicted = DilatedGradients.add(graph, scope + "/predicted", new Output<?>[] {logits},
                    new Output<?>[] {at}, new Output<?>[] {oneHot.asOutput()});
            String givenGradient;
            String predictedGradient;
            try {
                givenGradient = name(forGiven[0]);
                predictedGradient = name(forPredicted[0]);
            } catch (IllegalStateException | NullPointerException e) {
                // TensorFlow hands back an empty output when the logits do not depend on the features (TensorFlow Java
                // then says "close() has been called on the Graph", which names nothing).
                throw new ModelLoadException("TensorFlow finds no path from logits '" + logitsName + "' back to features '"
                        + featuresName + "': in this graph the logits do not depend on them (both may come out of one"
                        + " function call), so no gradient can be taken there", e);
            }
            return new GradientHead(name(given.asOutput()), givenGradient, predictedGradient, (int) channels,
                    (int) classes, weighting, unreliable);
        } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("cannot add Grad-CAM's gradients from logits '" + logitsName + "' to features '"
                    + featuresName + "': " + e.getMessage(), e);
        }
    }

    /**
     * A features output may be an Identity beside the path to the logits (cam4j's own export names its features so):
     * the gradient is taken at the tensor it copies, which the logits do depend on, and has the same value.
     *
     * @return the tensor the gradient at {@code features} is taken at
     */
    static Output<?> source(Output<?> features) {
        Output<?> at = features;
        while (at.op() instanceof GraphOperation op && op.type().equals("Identity") && op.numInputs() == 1) {
            at = op.input(0);
        }
        return at;
    }

    /** Reductions whose gradient TensorFlow builds natively; over int64 axes that build crashes the JVM. */
    private static final java.util.Set<String> REDUCTIONS = java.util.Set.of("Mean", "Sum", "Max", "Min", "Prod");

    /**
     * TensorFlow's C gradient builder dies in a segmentation fault ({@code TF_AddGradientsWithPrefix}, at
     * {@code Node::output_type}) on a Mean whose axes are int64, taking the JVM with it; Keras pools over int32 axes,
     * but a graph written by hand may not. The reductions between the logits and the features are checked first, so
     * such a graph is refused in one line instead.
     */
    static void refuseInt64Reductions(Output<?> logits, Output<?> features, String logitsName)
            throws ModelLoadException {
        for (GraphOperation op : opsBetween(logits, features)) {
            if (REDUCTIONS.contains(op.type()) && op.numInputs() == 2
                    && op.input(1).dataType() == org.tensorflow.proto.DataType.DT_INT64) {
                throw new ModelLoadException("a gradient method cannot be taken through " + op.type() + " '" + op.name()
                        + "' between logits '" + logitsName + "' and the features: its axes are int64, and TensorFlow's"
                        + " gradient builder crashes on that; make its axes int32 (as Keras does), or explain the model by"
                        + " CAM");
            }
        }
    }

    /**
     * @return every graph op the logits are computed from, walking back from them depth first and stopping at the
     *     features' op (not included), each once, in the order met
     */
    static java.util.List<GraphOperation> opsBetween(Output<?> logits, Output<?> features) {
        java.util.List<GraphOperation> out = new java.util.ArrayList<>();
        java.util.Deque<Output<?>> todo = new java.util.ArrayDeque<>(java.util.List.of(logits));
        java.util.Set<String> seen = new java.util.HashSet<>();
        while (!todo.isEmpty()) {
            if (!(todo.pop().op() instanceof GraphOperation op) || op.name().equals(features.op().name())
                    || !seen.add(op.name())) {
                continue;
            }
            out.add(op);
            for (int i = 0; i < op.numInputs(); i++) {
                todo.push(op.input(i));
            }
        }
        return out;
    }

    /**
     * @param graph a model's graph
     * @param featuresName a rank-4 tensor on the way to the logits
     * @param logitsName the logits tensor
     * @return the first dilated convolution (nearest the logits) that {@code featuresName} feeds on the way to
     *     {@code logitsName} whose gradient cam4j cannot take right ({@link DilatedGradients#refusal}: a path around it,
     *     a depthwise or channels-first one...): the gradient methods refuse those features; empty when there is none
     *     or a tensor is not found. A dilated convolution cam4j takes the gradient across is not named.
     */
    public static java.util.Optional<String> dilatedConvolutionAfter(Graph graph, String featuresName, String logitsName) {
        try {
            Output<?> features = source(GraphTensors.find(graph, featuresName, "features"));
            Output<?> logits = GraphTensors.find(graph, logitsName, "logits");
            return java.util.Optional.ofNullable(DilatedGradients.refusal(new Output<?>[] {logits},
                    new Output<?>[] {features})).map(r -> r.conv().name());
        } catch (ModelLoadException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * TensorFlow's C++ gradient of a convolution, which {@link Graph#addGradients} builds, leaves out the op's
     * dilations: through a dilated convolution with 'same' padding the gradient is the undilated one's, a wrong map
     * (against the gradient of the same function built with SpaceToBatchND it was as far off as its own size); with
     * 'valid' padding the shapes disagree, and the JVM died in oneDNN's backward pass. cam4j takes the gradient across
     * such a convolution by its SpaceToBatchND twin ({@link DilatedGradients}) where every path to the logits passes
     * through it; where one does not (or the twin cannot stand for it), the gradient ops are still added as TensorFlow
     * builds them (Score-CAM and Eigen-CAM open the model this way and never run them), and the gradient methods refuse
     * them ({@link GradientHead#unreliable()}).
     *
     * @return why the gradients would be wrong, naming the first such convolution the features feed on their way to
     *     the logits, or null when there is none
     */
    private static String dilatedConvolutionBetween(Output<?> logits, Output<?> features, String logitsName,
            String featuresName) {
        DilatedGradients.Refusal r = DilatedGradients.refusal(new Output<?>[] {logits}, new Output<?>[] {features});
        if (r == null) {
            return null;
        }
        return "a gradient method cannot be taken at features '" + featuresName + "' through the dilated "
                + r.conv().type() + " '" + r.conv().name() + "' (dilation " + r.dilation() + ") on their way to logits '"
                + logitsName + "': TensorFlow's gradient of a convolution leaves its dilation out, and cam4j cannot take"
                + " it across by the convolution's SpaceToBatchND twin here (" + r.why() + "), so the map would be wrong"
                + " (or, with 'valid' padding, the run would fail); take the features at or after that convolution, or"
                + " use Score-CAM, Eigen-CAM or Ablation-CAM, which take no gradient";
    }

    private static String uniqueScope(Graph graph) {
        String scope = "cam4j_gradcam";
        for (int i = 1; graph.operation(scope + "/class_weights") != null; i++) {
            scope = "cam4j_gradcam_" + i;
        }
        return scope;
    }

    /** @return {@code base}, or {@code base_1}, {@code base_2}... : the first name no op of the graph starts with */
    static String uniqueScope(Graph graph, String base) {
        String scope = base;
        for (int i = 1; scopeUsed(graph, scope); i++) {
            scope = base + "_" + i;
        }
        return scope;
    }

    private static boolean scopeUsed(Graph graph, String scope) {
        java.util.Iterator<GraphOperation> ops = graph.operations();
        while (ops.hasNext()) {
            String name = ops.next().name();
            if (name.equals(scope) || name.startsWith(scope + "/")) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return whether {@link Graph#addGradients} gave a tensor: it gives an empty output where the tensor
     *     differentiated does not depend on the one it is differentiated by
     */
    static boolean present(Output<?> gradient) {
        try {
            return gradient != null && gradient.op() != null && gradient.op().name() != null;
        } catch (IllegalStateException | NullPointerException e) {
            return false;
        }
    }

    /** @return the tensor's name, {@code op:index} */
    static String name(Output<?> o) {
        return o.op().name() + ":" + o.index();
    }
}
