package io.github.cam4j.savedmodel;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Adds FullGrad's tensors to a model's graph (Srinivas and Fleuret 2019; pytorch-grad-cam's {@code FullGrad}): the
 * gradient of a class's logit by the input, and for every bias on the way to the logits the bias times the gradient
 * by its layer's output ({@link BiasLayer}). A bias is a constant (an operand computed from no placeholder: a frozen
 * constant or a variable) added to a tensor the input flows through: a {@code BiasAdd}, an {@code Add}/{@code AddV2}
 * or {@code Sub} of a constant, or a {@code FusedBatchNorm} in inference, whose bias is
 * {@code beta - mean * gamma / sqrt(var + eps)}. Convolutions' and batch norms' biases, per channel of a rank-4
 * tensor, make FullGrad's map (pytorch-grad-cam takes {@code Conv2d} and {@code BatchNorm2d} layers with a bias); the
 * others (dense layers', a {@code Rescaling} layer's offset) are found too, so that the logit's decomposition is whole.
 */
public final class FullGradOps {
    private FullGradOps() {}

    private static final Set<String> BATCH_NORMS = Set.of("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3");
    private static final Set<String> ADDS = Set.of("Add", "AddV2", "Sub");
    /** What a per-channel constant added after them is a spatial bias of: a convolution, or a batch norm folded to x*s+b. */
    private static final Set<String> SPATIAL_SOURCES = Set.of("Conv2D", "DepthwiseConv2dNative", "Conv2DBackpropInput",
            "Mul");

    /**
     * @param graph the model's graph, extended in place
     * @param tensors the model's tensors: the gradient is of {@link TensorNames#logits()}, at {@link TensorNames#input()}
     *     and at each bias layer's output
     * @param binary whether the logits are one sigmoid unit ({@link CamModel#isBinary()}), whose predicted class 0 is
     *     explained by the gradient of {@code -z}
     * @return the names of the added tensors
     * @throws ModelLoadException when the input or logits are not float32, the logits do not depend on the input, a
     *     bias is in a channels-first layer or a batch norm runs in training mode (naming it), or TensorFlow has no
     *     gradient for an op on the way
     */
    @SuppressWarnings("unchecked")
    public static FullGradients add(Graph graph, TensorNames tensors, boolean binary) throws ModelLoadException {
        Output<?> input = GraphTensors.find(graph, tensors.input(), "input");
        Output<?> logits = GraphTensors.find(graph, tensors.logits(), "logits");
        if (input.dataType() != DataType.DT_FLOAT || logits.dataType() != DataType.DT_FLOAT) {
            throw new ModelLoadException("FullGrad differentiates the logits by the input: input '" + tensors.input()
                    + "' is " + DtypeNames.of(input.dataType()) + " and logits '" + tensors.logits() + "' "
                    + DtypeNames.of(logits.dataType())
                    + ", where both must be float32");
        }
        GradientOps.refuseInt64Reductions(logits, input, tensors.logits());
        List<Found> found = biases(logits, input);
        Output<?>[] xs = new Output<?>[found.size() + 1];
        xs[0] = input;
        for (int i = 0; i < found.size(); i++) {
            xs[i + 1] = found.get(i).out;
        }
        DilatedGradients.Refusal dilated = DilatedGradients.refusal(new Output<?>[] {logits}, xs);
        String unreliable = dilated == null ? null : "FullGrad cannot take the gradient at input '" + tensors.input()
                + "' through the dilated convolution '" + dilated.conv().name() + "': TensorFlow's gradient of a"
                + " convolution leaves its dilation out, and cam4j cannot take it across by the convolution's"
                + " SpaceToBatchND twin here (" + dilated.why() + "), so the map would be wrong; use Score-CAM,"
                + " Eigen-CAM or Ablation-CAM, which take no gradient";
        String scope = GradientOps.uniqueScope(graph, "cam4j_fullgrad");
        try {
            Ops tf = Ops.create(graph).withSubScope(scope);
            // Unfed, the class weights are each image's predicted class, worked out in the graph from the logits of
            // the same run: the predicted class's terms then come with the logits, in one run, as gradient x input's do.
            Operand<TFloat32> given = tf.withName("class_weights").placeholderWithDefault(
                    InputGradientOps.predictedClassWeights(tf, logits, binary), org.tensorflow.ndarray.Shape.unknown());
            // Across a dilated convolution, in stages by its SpaceToBatchND twin (DilatedGradients).
            Output<?>[] grads = DilatedGradients.add(graph, scope + "/given", new Output<?>[] {logits}, xs,
                    new Output<?>[] {given.asOutput()});
            if (!GradientOps.present(grads[0])) {
                throw new ModelLoadException("TensorFlow finds no path from logits '" + tensors.logits()
                        + "' back to input '" + tensors.input() + "': the logits do not depend on it, so FullGrad"
                        + " cannot be taken");
            }
            List<BiasLayer> layers = new ArrayList<>(found.size());
            for (int i = 0; i < found.size(); i++) {
                Found f = found.get(i);
                Operand<TFloat32> bias = f.bias(tf);
                Operand<TFloat32> contribution = tf.withName("contribution_" + i)
                        .math.mul((Operand<TFloat32>) grads[i + 1], bias);
                layers.add(new BiasLayer(f.op.name(), f.kind, GradientOps.name(contribution.asOutput())));
            }
            return new FullGradients(GradientOps.name(given.asOutput()), GradientOps.name(grads[0]), layers, unreliable);
        } catch (TensorFlowException | IllegalArgumentException | IllegalStateException e) {
            throw new ModelLoadException("cannot add FullGrad's gradients of logits '" + tensors.logits() + "' by input '"
                    + tensors.input() + "' and its " + found.size() + " bias layers: " + e.getMessage(), e);
        }
    }

    /** A bias found: the op adding it, its output, its kind, and how to build the bias from the op's operands. */
    private record Found(GraphOperation op, Output<?> out, BiasLayer.Kind kind, Output<?> constant, boolean negated) {
        @SuppressWarnings("unchecked")
        Operand<TFloat32> bias(Ops tf) {
            if (kind == BiasLayer.Kind.BATCH_NORM && constant == null) {
                // y = gamma (x - mean) / sqrt(var + eps) + beta: the bias is beta - mean gamma / sqrt(var + eps).
                Operand<TFloat32> gamma = (Operand<TFloat32>) op.input(1);
                Operand<TFloat32> beta = (Operand<TFloat32>) op.input(2);
                Operand<TFloat32> mean = (Operand<TFloat32>) op.input(3);
                Operand<TFloat32> variance = (Operand<TFloat32>) op.input(4);
                float eps = op.attributes().getAttrFloat("epsilon");
                Operand<TFloat32> scale = tf.math.mul(gamma, tf.math.rsqrt(tf.math.add(variance, tf.constant(eps))));
                return tf.math.sub(beta, tf.math.mul(mean, scale));
            }
            Operand<TFloat32> c = (Operand<TFloat32>) constant;
            return negated ? tf.math.neg(c) : c;
        }
    }

    /**
     * @return every bias between the input and the logits, the input side first (walking back from the logits finds
     *     them last to first)
     * @throws ModelLoadException for a bias FullGrad cannot read: a channels-first layer, a batch norm in training mode
     */
    private static List<Found> biases(Output<?> logits, Output<?> input) throws ModelLoadException {
        List<GraphOperation> between = GradientOps.opsBetween(logits, input);
        Map<String, Boolean> fed = new HashMap<>();
        List<Found> found = new ArrayList<>();
        for (GraphOperation op : between) {
            if (op.numOutputs() == 0 || !fromInput(op.output(0), input, fed)) {
                continue;
            }
            String type = op.type();
            if (type.equals("BiasAdd") && op.numInputs() == 2 && !fromInput(op.input(1), input, fed)) {
                refuseChannelsFirst(op);
                BiasLayer.Kind kind = rank(op.output(0)) == 4 ? BiasLayer.Kind.CONVOLUTION : BiasLayer.Kind.OTHER;
                found.add(new Found(op, op.output(0), kind, op.input(1), false));
            } else if (BATCH_NORMS.contains(type)) {
                refuseChannelsFirst(op);
                if (op.attributes().getAttrBool("is_training")) {
                    throw new ModelLoadException("FullGrad reads batch norm '" + op.name() + "' as a bias, but it runs in"
                            + " training mode (is_training true: it normalises by the batch's own statistics); export"
                            + " the model for inference");
                }
                found.add(new Found(op, op.output(0), BiasLayer.Kind.BATCH_NORM, null, false));
            } else if (ADDS.contains(type) && op.numInputs() == 2 && op.output(0).dataType() == DataType.DT_FLOAT) {
                boolean firstFed = fromInput(op.input(0), input, fed);
                boolean secondFed = fromInput(op.input(1), input, fed);
                if (firstFed == secondFed) {
                    continue; // two tensors the input flows through (a residual sum): no bias
                }
                Output<?> x = firstFed ? op.input(0) : op.input(1);
                Output<?> c = firstFed ? op.input(1) : op.input(0);
                // x - c adds -c; c - x adds c (and takes -x, which the input's gradient carries).
                boolean negated = type.equals("Sub") && firstFed;
                found.add(new Found(op, op.output(0), addKind(op.output(0), x, c), c, negated));
            }
        }
        java.util.Collections.reverse(found);
        return found;
    }

    /**
     * @return a convolution's bias when a per-channel constant is added to a rank-4 convolution's output, a batch
     *     norm's when to a rank-4 product by a constant (a batch norm folded to {@code x * s + b}), else another bias
     */
    private static BiasLayer.Kind addKind(Output<?> out, Output<?> x, Output<?> c) {
        if (rank(out) != 4 || !(x.op() instanceof GraphOperation source) || !SPATIAL_SOURCES.contains(source.type())) {
            return BiasLayer.Kind.OTHER;
        }
        long channels = out.shape().get(3);
        org.tensorflow.ndarray.Shape shape = c.shape();
        if (channels <= 1 || shape.numDimensions() < 1 || shape.get(shape.numDimensions() - 1) != channels
                || shape.size() != channels) {
            return BiasLayer.Kind.OTHER;
        }
        return source.type().equals("Mul") ? BiasLayer.Kind.BATCH_NORM : BiasLayer.Kind.CONVOLUTION;
    }

    private static int rank(Output<?> o) {
        return o.shape().numDimensions();
    }

    private static void refuseChannelsFirst(GraphOperation op) throws ModelLoadException {
        String format;
        try {
            format = op.attributes().getAttrString("data_format");
        } catch (RuntimeException e) {
            return; // no such attribute: channels last
        }
        if (format.startsWith("NC")) {
            throw new ModelLoadException("FullGrad reads the bias of '" + op.name() + "' (" + op.type() + ") per channel"
                    + " of a channels-last tensor; it is " + format + " (channels first), which cam4j does not read");
        }
    }

    /**
     * @param fed memo: whether an op is computed from the input, by op name
     * @return whether {@code tensor} is computed from {@code input} (is it, or depends on its op)
     */
    private static boolean fromInput(Output<?> tensor, Output<?> input, Map<String, Boolean> fed) {
        if (!(tensor.op() instanceof GraphOperation start)) {
            return false;
        }
        // Iterative post-order with a memo: a deep graph would overflow a recursive walk.
        Deque<GraphOperation> todo = new ArrayDeque<>(List.of(start));
        String target = input.op().name();
        while (!todo.isEmpty()) {
            GraphOperation op = todo.peek();
            if (fed.containsKey(op.name())) {
                todo.pop();
                continue;
            }
            if (op.name().equals(target)) {
                fed.put(op.name(), true);
                todo.pop();
                continue;
            }
            boolean pending = false;
            boolean any = false;
            for (int i = 0; i < op.numInputs(); i++) {
                if (!(op.input(i).op() instanceof GraphOperation in)) {
                    continue;
                }
                Boolean known = fed.get(in.name());
                if (known == null) {
                    todo.push(in);
                    pending = true;
                } else {
                    any |= known;
                }
            }
            if (!pending) {
                fed.put(op.name(), any);
                todo.pop();
            }
        }
        return fed.get(start.name());
    }
}
