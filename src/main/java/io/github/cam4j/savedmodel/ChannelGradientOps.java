package io.github.cam4j.savedmodel;

import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * Adds to a model's graph the mean activation of each channel of one of its layers and the gradient of those means,
 * weighted by a row per picture, by the model's input ({@link Graph#addGradients}): what activation maximization
 * climbs to draw what a channel responds to, as tf-keras-vis draws a filter with a {@code CategoricalScore} on the
 * layer's output. The layer is named as {@code --layers} and {@code --features} name theirs: a tensor of the graph.
 */
public final class ChannelGradientOps {
    private ChannelGradientOps() {}

    /**
     * @param graph the model's graph
     * @param layer a layer's tensor, {@code op} or {@code op:index}, whole or the end of one operation's name after a '/'
     * @return its channels (last dimension) as the graph knows them before any run, or -1 when it does not
     * @throws ModelLoadException when the layer is not in the graph
     */
    public static int channels(Graph graph, String layer) throws ModelLoadException {
        return staticChannels(GraphTensors.findByEnding(graph, layer, "layer"));
    }

    private static int staticChannels(Output<?> at) {
        int rank = at.shape().numDimensions();
        long last = rank > 0 ? at.shape().get(rank - 1) : -1;
        return last > 0 && last <= Integer.MAX_VALUE ? (int) last : -1;
    }

    /**
     * @param graph the model's graph, extended in place (a session on it sees the new ops on its next run)
     * @param tensors the model's tensors: the gradient is taken at {@link TensorNames#input()}
     * @param layer the layer's tensor, {@code op} or {@code op:index}, whole or the end of one operation's name after a
     *     '/': rank 4 (its channels' means over the cells are taken) or rank 2 (its units as they are)
     * @return the names of the added tensors
     * @throws ModelLoadException when the layer is not in the graph, is not float32 of rank 4 or 2, does not depend on
     *     the input, or TensorFlow has no gradient for an op on the way
     */
    @SuppressWarnings("unchecked")
    public static ChannelGradients add(Graph graph, TensorNames tensors, String layer) throws ModelLoadException {
        Output<?> input = GraphTensors.find(graph, tensors.input(), "input");
        Output<?> at = GraphTensors.findByEnding(graph, layer, "layer");
        int rank = at.shape().numDimensions();
        if (at.dataType() != org.tensorflow.proto.DataType.DT_FLOAT || (rank != 4 && rank != 2)) {
            throw new ModelLoadException("layer tensor '" + layer + "' is " + DtypeNames.of(at.dataType())
                    + " of shape " + at.shape()
                    + ": a channel to maximize needs a float32 layer of rank 4 [N, h, w, channels] or 2 [N, units]"
                    + " ('cam4j inspect --model ...' lists the model's layers)");
        }
        DilatedGradients.Refusal dilated = DilatedGradients.refusal(new Output<?>[] {at}, new Output<?>[] {input});
        if (dilated != null) {
            throw new ModelLoadException("layer '" + layer + "' cannot be maximized through the dilated convolution '"
                    + dilated.conv().name() + "': TensorFlow's gradient of a convolution leaves its dilation out, and"
                    + " cam4j cannot take it across by the convolution's SpaceToBatchND twin here (" + dilated.why()
                    + "), so the gradient would be wrong");
        }
        String scope = GradientOps.uniqueScope(graph, "cam4j_maximize");
        try {
            Ops tf = Ops.create(graph).withSubScope(scope);
            Operand<TFloat32> activations = (Operand<TFloat32>) at;
            // tf-keras-vis' CategoricalScore: the channel's activation, averaged over every axis but the batch's.
            Operand<TFloat32> means = rank == 4
                    ? tf.withName("means").math.mean(activations, tf.constant(new int[] {1, 2}))
                    : tf.withName("means").identity(activations);
            Placeholder<TFloat32> weights = tf.withName("channel_weights").placeholder(TFloat32.class);
            // Across a dilated convolution, in stages by its SpaceToBatchND twin (DilatedGradients).
            Output<?>[] gradient = DilatedGradients.add(graph, scope + "/gradient", new Output<?>[] {means.asOutput()},
                    new Output<?>[] {input}, new Output<?>[] {weights.asOutput()});
            if (!GradientOps.present(gradient[0])) {
                throw new ModelLoadException("TensorFlow finds no path from layer '" + layer + "' back to input '"
                        + tensors.input() + "': the layer does not depend on the input, so it cannot be maximized");
            }
            return new ChannelGradients(layer, GradientOps.name(weights.asOutput()), GradientOps.name(means.asOutput()),
                    GradientOps.name(gradient[0]), staticChannels(at));
        } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("cannot add the gradient of layer '" + layer + "' by input '"
                    + tensors.input() + "': " + e.getMessage(), e);
        }
    }
}
