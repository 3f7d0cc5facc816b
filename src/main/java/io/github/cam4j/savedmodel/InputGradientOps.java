package io.github.cam4j.savedmodel;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Adds the gradient of a class's logit with respect to the model's input to its graph ({@link Graph#addGradients}),
 * for the pixel attribution methods: TensorFlow's symbolic gradient through the whole network, every op from the input
 * to the logits (preprocessing inside the graph included), as {@link GradientOps} takes it through the head for the
 * features.
 */
public final class InputGradientOps {
    private InputGradientOps() {}

    /**
     * @param graph the model's graph, extended in place (a session on it sees the new ops on its next run)
     * @param tensors the model's tensors: the gradient is taken at {@link TensorNames#input()}, of
     *     {@link TensorNames#logits()}
     * @param binary whether the logits are one sigmoid unit, a binary classifier whose class 0 is explained by the
     *     gradient of {@code -z} ({@link CamModel#isBinary()})
     * @return the names of the added tensors
     * @throws ModelLoadException when the input is not float32, the logits do not depend on it, or TensorFlow has no
     *     gradient for an op on the way (naming it)
     */
    @SuppressWarnings("unchecked")
    public static InputGradients add(Graph graph, TensorNames tensors, boolean binary) throws ModelLoadException {
        Output<?> input = GraphTensors.find(graph, tensors.input(), "input");
        Output<?> logits = GraphTensors.find(graph, tensors.logits(), "logits");
        if (input.dataType() != org.tensorflow.proto.DataType.DT_FLOAT
                || logits.dataType() != org.tensorflow.proto.DataType.DT_FLOAT) {
            throw new ModelLoadException("a pixel attribution method differentiates the logits by the input: input '"
                    + tensors.input() + "' is " + DtypeNames.of(input.dataType()) + " and logits '" + tensors.logits()
                    + "' "
                    + DtypeNames.of(logits.dataType()) + ", where both must be float32");
        }
        GradientOps.refuseInt64Reductions(logits, input, tensors.logits());
        DilatedGradients.Refusal dilated = DilatedGradients.refusal(new Output<?>[] {logits}, new Output<?>[] {input});
        String unreliable = dilated == null ? null : "a pixel attribution method cannot take the gradient at input '"
                + tensors.input() + "' through the dilated convolution '" + dilated.conv().name() + "': TensorFlow's"
                + " gradient of a convolution leaves its dilation out, and cam4j cannot take it across by the"
                + " convolution's SpaceToBatchND twin here (" + dilated.why() + "), so the map would be wrong; use"
                + " Score-CAM, Eigen-CAM or Ablation-CAM, which take no gradient";
        String scope = GradientOps.uniqueScope(graph, "cam4j_pixels");
        try {
            Ops tf = Ops.create(graph).withSubScope(scope);
            Placeholder<TFloat32> given = tf.withName("class_weights").placeholder(TFloat32.class);
            Operand<TFloat32> oneHot = predictedClassWeights(tf, logits, binary);
            Output<?>[] forGiven = DilatedGradients.add(graph, scope + "/given", new Output<?>[] {logits},
                    new Output<?>[] {input}, new Output<?>[] {given.asOutput()});
            Output<?>[] forPredicted = DilatedGradients.add(graph, scope + "/predicted", new Output<?>[] {logits},
                    new Output<?>[] {input}, new Output<?>[] {oneHot.asOutput()});
            if (!GradientOps.present(forGiven[0]) || !GradientOps.present(forPredicted[0])) {
                throw new ModelLoadException("TensorFlow finds no path from logits '" + tensors.logits()
                        + "' back to input '" + tensors.input() + "': the logits do not depend on it, so no pixel"
                        + " attribution can be taken");
            }
            return new InputGradients(GradientOps.name(given.asOutput()), GradientOps.name(forGiven[0]),
                    GradientOps.name(forPredicted[0]), unreliable);
        } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("cannot add the gradient of logits '" + tensors.logits() + "' by input '"
                    + tensors.input() + "': " + e.getMessage(), e);
        }
    }

    /**
     * @param logits the float32 [N, units] logits
     * @param binary whether they are one sigmoid unit ({@link CamModel#isBinary()})
     * @return the class weights of each image's predicted class, worked out in the graph: a one-hot row at the arg-max
     *     of its logits, or for a binary classifier's one unit +1 when it predicts class 1 ({@code z > 0}), else -1
     */
    @SuppressWarnings("unchecked")
    static Operand<TFloat32> predictedClassWeights(Ops tf, Output<?> logits, boolean binary) {
        Operand<TFloat32> z = (Operand<TFloat32>) logits;
        if (binary) {
            // As GradientOps weighs a binary classifier's unit: +1 when it predicts class 1 (z > 0), else -1.
            Operand<TFloat32> positive = tf.dtypes.cast(tf.math.greater(z, tf.constant(0f)), TFloat32.class);
            return tf.math.sub(tf.math.mul(positive, tf.constant(2f)), tf.constant(1f));
        }
        long units = logits.shape().numDimensions() == 2 ? logits.shape().get(1) : -1;
        // The width read from the logits in the graph: an imported model's may not be known statically.
        Operand<TInt32> width = units > 0 ? tf.constant((int) units)
                : tf.reshape(tf.slice(tf.shape(z), tf.constant(new int[] {1}), tf.constant(new int[] {1})),
                        tf.constant(new int[0]));
        return tf.oneHot(tf.math.argMax(z, tf.constant(1), TInt32.class), width, tf.constant(1f), tf.constant(0f));
    }
}
