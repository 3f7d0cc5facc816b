package io.github.cam4j.savedmodel;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.PlaceholderWithDefault;
import org.tensorflow.op.core.ReduceSum;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Adds Finer-CAM's target and its gradient at the features to a model's graph, beside the gradient ops
 * {@link GradientOps} added. pytorch-grad-cam's {@code FinerCAM} (commit 084273b, {@code finer_cam.py} and
 * {@code utils/model_targets.py#FinerWeightedTarget}) ranks the classes by how far their logits lie from the target's,
 * {@code |y - y_t|} ascending, takes the classes at the comparison ranks (1, 2 and 3: the three nearest, rank 0 being
 * the target itself) and differentiates
 * {@code T = sum_j p_j (y_c - alpha y_j) / (sum_j p_j + 1e-9)}, {@code p = softmax(y)}. Torch differentiates through
 * the softmax weights {@code p_j} too, and so does this graph: the target is built from the logits tensor itself and
 * only the choice of classes (the ranking) is cut off from the gradient.
 *
 * <p>The weights are {@code w_j = s p_j + (1 - s)} with a fed probability share {@code s}: 1 (the default) gives
 * pytorch-grad-cam's {@code p_j} exactly ({@code 1 · p + 0}); 0 gives every compared class weight 1, so that
 * {@code T = sum_j (y_c - alpha y_j) / (R + 1e-9) = y_c - alpha · mean_j y_j} (the 1e-9 is below float32's resolution
 * of R), torch-cam's {@code FinerCAM} objective {@code y_c - gamma · mean(y_refs)} with no gradient through any weight.
 */
final class FinerTargetOps {
    /** What pytorch-grad-cam adds to the denominator ({@code numerator / (denominator + 1e-9)}). */
    static final float EPSILON = 1e-9f;

    private FinerTargetOps() {}

    /**
     * @param graph the model's graph, extended in place
     * @param base the gradient ops {@link GradientOps#add} added (their class-weights input is fed here too)
     * @param features the tensor the gradient is taken at
     * @param logits the [N, classes] logits
     * @return a head whose gradients are those of Finer-CAM's target, with {@link GradientHead#finer()} naming the
     *     weights and ranks inputs ({@link FinerComparison#DEFAULT} unless fed)
     * @throws ModelLoadException when TensorFlow cannot build the gradient, naming the op it stopped at
     */
    @SuppressWarnings("unchecked")
    static GradientHead add(Graph graph, GradientHead base, Output<?> features, Output<?> logits)
            throws ModelLoadException {
        String scope = GradientOps.uniqueScope(graph, base.scope() + "_finer");
        try {
            Ops tf = Ops.create(graph).withSubScope(scope);
            Operand<TFloat32> z = (Operand<TFloat32>) logits;
            PlaceholderWithDefault<TFloat32> weights = tf.withName("weights").placeholderWithDefault(
                    tf.constant(FinerComparison.DEFAULT.fedWeights()), Shape.of(2));
            Operand<TFloat32> alpha = tf.gather(weights, tf.constant(0), tf.constant(0));
            Operand<TFloat32> share = tf.gather(weights, tf.constant(1), tf.constant(0));
            PlaceholderWithDefault<TInt32> ranks = tf.withName("ranks").placeholderWithDefault(
                    tf.constant(FinerComparison.DEFAULT.rankArray()),
                    Shape.of(-1));
            Operand<TFloat32> given = (Operand<TFloat32>) (Operand<?>) graph.operation(op(base.classWeights()))
                    .output(0);
            Operand<TFloat32> predicted = (Operand<TFloat32>) (Operand<?>) graph.operation(
                    base.scope() + "/predicted_class_weights").output(0);
            Output<?> forGiven = gradient(graph, tf.withSubScope("given"), scope + "/given_gradient", z, base.classes(),
                    given, alpha, share, ranks, features);
            Output<?> forPredicted = gradient(graph, tf.withSubScope("predicted"), scope + "/predicted_gradient", z,
                    base.classes(), predicted, alpha, share, ranks, features);
            return base.derived(GradientWeighting.FINER_CAM, GradientOps.name(forGiven), GradientOps.name(forPredicted),
                    new GradientHead.FinerInputs(GradientOps.name(weights.asOutput()),
                            GradientOps.name(ranks.asOutput())));
        } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("cannot add Finer-CAM's gradient at features '" + GradientOps.name(features)
                    + "': " + e.getMessage(), e);
        }
    }

    /**
     * @param target one row per image weighing its classes: a one at the class explained (the fed class weights, or
     *     the predicted class's one-hot)
     * @return d(sum over images of T) / d(features): each image's own target's gradient, the images being independent
     */
    private static Output<?> gradient(Graph graph, Ops tf, String prefix, Operand<TFloat32> z, int classes,
            Operand<TFloat32> target, Operand<TFloat32> alpha, Operand<TFloat32> share, Operand<TInt32> ranks,
            Output<?> features) {
        // Which classes are compared is worked out as numpy does it, outside the gradient (pytorch-grad-cam ranks a
        // detached copy of the logits); TopK puts equal distances' lower index first, as numpy's sort of a few values.
        Operand<TFloat32> fixed = tf.stopGradient(z);
        Operand<TFloat32> targetLogit = tf.reduceSum(tf.math.mul(tf.stopGradient(target), fixed), tf.constant(1),
                ReduceSum.keepDims(true));
        Operand<TFloat32> nearness = tf.math.neg(tf.math.abs(tf.math.sub(fixed, targetLogit)));
        Operand<TInt32> count = tf.constant(classes);
        Operand<TInt32> order = tf.nn.topK(nearness, count, new org.tensorflow.op.nn.TopK.Options[0]).indices();
        // Rank 0, the nearest, is the class itself (pytorch-grad-cam's main category, sorted_indices[i, 0]).
        Operand<TFloat32> main = tf.oneHot(tf.gather(order, tf.constant(0), tf.constant(1)), count, tf.constant(1f),
                tf.constant(0f));
        Operand<TFloat32> compared = tf.oneHot(tf.gather(order, ranks, tf.constant(1)), count, tf.constant(1f),
                tf.constant(0f));
        Operand<TFloat32> probabilities = tf.nn.softmax(z);
        Operand<TFloat32> yMain = tf.reduceSum(tf.math.mul(main, z), tf.constant(1), ReduceSum.keepDims(true));
        Operand<TFloat32> yCompared = tf.reduceSum(tf.math.mul(compared, tf.expandDims(z, tf.constant(1))),
                tf.constant(2));
        Operand<TFloat32> pCompared = tf.math.add(tf.math.mul(share, tf.reduceSum(tf.math.mul(compared,
                tf.expandDims(probabilities, tf.constant(1))), tf.constant(2))), tf.math.sub(tf.constant(1f), share));
        Operand<TFloat32> numerator = tf.reduceSum(tf.math.mul(pCompared, tf.math.sub(yMain,
                tf.math.mul(alpha, yCompared))), tf.constant(1));
        Operand<TFloat32> denominator = tf.math.add(tf.reduceSum(pCompared, tf.constant(1)), tf.constant(EPSILON));
        Operand<TFloat32> finer = tf.withName("target").math.div(numerator, denominator);
        // Across a dilated convolution, in stages by its SpaceToBatchND twin, as the base head's gradient.
        Output<?>[] out = DilatedGradients.add(graph, prefix, new Output<?>[] {finer.asOutput()},
                new Output<?>[] {features}, null);
        return out[0];
    }

    private static String op(String tensor) {
        int colon = tensor.lastIndexOf(':');
        return colon < 0 ? tensor : tensor.substring(0, colon);
    }
}
