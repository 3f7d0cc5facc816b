package io.github.cam4j.savedmodel;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Adds ShapleyCAM's gradient to a model's graph: {@code g - hvp / 2}, with {@code g = d y / d A} the gradient
 * {@link GradientOps} added and {@code hvp = H A}, the Hessian of the class's logit at the features times the features,
 * as pytorch-grad-cam computes it ({@code shapley_cam.py}: {@code torch.autograd.grad(outputs=grads,
 * inputs=activations, grad_outputs=activations)}). TensorFlow builds {@code hvp} as the gradient of the gradient ops
 * ({@link Graph#addGradients} on {@code g}, with {@code A} as the vector), so every op on the way back from the logits
 * needs a gradient of its own gradient registered in TensorFlow's C++ library.
 */
final class HessianProductOps {
    /** TensorFlow's words for an op without a registered gradient ("No gradient defined for op: AvgPoolGrad. ..."). */
    private static final java.util.regex.Pattern NO_GRADIENT = java.util.regex.Pattern.compile(
            "No gradient defined for op: ([A-Za-z0-9_]+)");

    private HessianProductOps() {}

    /**
     * @param graph the model's graph, extended in place
     * @param base the gradient ops {@link GradientOps#add} added
     * @param features the tensor the gradient is taken at
     * @param logits the [N, classes] logits
     * @return a head whose gradients are {@code g - hvp / 2}, for the fed class weights and for the predicted class
     * @throws ModelLoadException when TensorFlow cannot build the second-order gradient, with its words (which name the
     *     op without one)
     */
    @SuppressWarnings("unchecked")
    static GradientHead add(Graph graph, GradientHead base, Output<?> features, Output<?> logits)
            throws ModelLoadException {
        java.util.List<org.tensorflow.GraphOperation> dilated = DilatedGradients.between(new Output<?>[] {logits},
                new Output<?>[] {features});
        if (!dilated.isEmpty()) {
            // The first gradient is taken across a dilated convolution by its twin, but the ops of that gradient still
            // read the dilated convolution's output (a ReLU's gradient reads where it was positive): their gradient
            // would cross it by TensorFlow's own rule, which leaves the dilation out.
            throw new ModelLoadException("ShapleyCAM needs the gradient of the gradient at features '"
                    + GradientOps.name(features) + "', which would cross the dilated convolution '"
                    + dilated.get(0).name() + "' by TensorFlow's gradient of a convolution, which leaves its dilation"
                    + " out: take the features at or after that convolution, or use another method");
        }
        SecondOrderGradients.register();
        BatchNormGradients.register();
        String scope = GradientOps.uniqueScope(graph, base.scope() + "_shapley");
        try {
            Ops tf = Ops.create(graph).withSubScope(scope);
            Operand<TFloat32> given = (Operand<TFloat32>) (Operand<?>) graph.operation(op(base.classWeights())).output(0);
            // The predicted class's one-hot is worked out from the logits: a constant to the derivative, as the
            // target pytorch-grad-cam picks from detached logits is.
            Operand<TFloat32> predicted = tf.stopGradient((Operand<TFloat32>) (Operand<?>) graph.operation(
                    base.scope() + "/predicted_class_weights").output(0));
            Output<?> forGiven = shapley(graph, tf.withSubScope("given"), scope + "/given", logits, given, features);
            Output<?> forPredicted = shapley(graph, tf.withSubScope("predicted"), scope + "/predicted", logits, predicted,
                    features);
            return base.derived(GradientWeighting.SHAPLEY_CAM, GradientOps.name(forGiven),
                    GradientOps.name(forPredicted), null);
        } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
            String message = String.valueOf(e.getMessage());
            java.util.regex.Matcher missing = NO_GRADIENT.matcher(message);
            throw new ModelLoadException("ShapleyCAM needs the gradient of the gradient at features '"
                    + GradientOps.name(features) + "', " + (missing.find()
                            ? "and TensorFlow Java has no gradient for op " + missing.group(1) + " (the backward pass of"
                                    + " an op between the features and the logits): take the features after that op"
                                    + " (--features), or use another method"
                            : "which TensorFlow cannot build here: " + message.lines().findFirst().orElse("")), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Output<?> shapley(Graph graph, Ops tf, String prefix, Output<?> logits, Operand<TFloat32> weights,
            Output<?> features) {
        Output<?> gradient = graph.addGradients(prefix + "_first", new Output<?>[] {logits}, new Output<?>[] {features},
                new Output<?>[] {weights.asOutput()})[0];
        Output<?> hvp = graph.addGradients(prefix + "_second", new Output<?>[] {gradient},
                new Output<?>[] {features}, new Output<?>[] {tf.stopGradient((Operand<TFloat32>) features).asOutput()})[0];
        Operand<TFloat32> g = (Operand<TFloat32>) gradient;
        if (!GradientOps.present(hvp)) {
            // No path from the features to their gradient (a head linear after them): H = 0, and torch's
            // allow_unused=True gives the same None, taken as 0.
            return tf.withName("shapley").identity(g).asOutput();
        }
        return tf.withName("shapley").math.sub(g, tf.math.mul(tf.constant(0.5f), (Operand<TFloat32>) hvp)).asOutput();
    }

    private static String op(String tensor) {
        int colon = tensor.lastIndexOf(':');
        return colon < 0 ? tensor : tensor.substring(0, colon);
    }
}
