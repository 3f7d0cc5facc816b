package io.github.cam4j.savedmodel;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.Scope;
import org.tensorflow.types.TFloat32;

/**
 * Gradients of the two older fused batch norms, {@code FusedBatchNorm} and {@code FusedBatchNormV2}, which TensorFlow's
 * C++ gradient registry (the one {@link org.tensorflow.Graph#addGradients} builds with) lacks: it has
 * {@code FusedBatchNormV3}'s only, so every gradient method failed on a graph written by TensorFlow 1.x's Keras or
 * {@code tf.layers} ("No gradient defined for op: FusedBatchNorm"). Each is TensorFlow Python's own
 * ({@code nn_grad.py}'s {@code _BaseFusedBatchNormGrad}, versions 0 and 1): the matching {@code FusedBatchNormGrad} or
 * {@code FusedBatchNormGradV2} op, fed the moving mean and variance in inference (channels-first tensors transposed to
 * channels-last and back, as TensorFlow Python does there) and the batch's statistics the forward op kept in training.
 * Registered once per process through TensorFlow Java's custom gradients, and only where TensorFlow has none.
 *
 * <p>TensorFlow Python gives the mean and the variance no gradient (None); TensorFlow Java's adapter dereferences every
 * gradient returned, so zeros stand for "none" there, as in {@link SecondOrderGradients}: no cam4j gradient is taken by
 * a batch norm's statistics.
 */
final class BatchNormGradients {
    private static boolean registered;

    private BatchNormGradients() {}

    /** Registers the gradients, once; later calls do nothing. */
    static synchronized void register() {
        if (registered) {
            return;
        }
        registered = true;
        TensorFlow.registerCustomGradient("FusedBatchNorm", (tf, op, grads) -> gradient(tf, op, grads,
                "FusedBatchNormGrad"));
        TensorFlow.registerCustomGradient("FusedBatchNormV2", (tf, op, grads) -> gradient(tf, op, grads,
                "FusedBatchNormGradV2"));
    }

    /** @return the gradients by x, scale, offset, mean and variance of batch norm {@code op} */
    private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads, String gradOp) {
        var attributes = op.attributes();
        boolean training = attributes.getAttrBool("is_training");
        String format = attributes.getAttrString("data_format");
        Operand<TFloat32> x = floats(op.input(0));
        Operand<TFloat32> dy = floats(grads.get(0));
        Operand<TFloat32> mean;
        Operand<TFloat32> variance;
        boolean transposed = false;
        if (training) {
            // The batch's own statistics as the forward op kept them for its gradient (reserve_space_1 and _2).
            mean = floats(op.output(3));
            variance = floats(op.output(4));
        } else {
            mean = floats(op.input(3));
            variance = floats(op.input(4));
            // TensorFlow Python's own step in inference. This CPU build's kernel takes channels-first directly (the
            // same gradients were measured without the transposes), so no test here tells them apart; they are kept so
            // that the gradient is built as Python builds it, on kernels that may not.
            if (format.equals("NCHW")) {
                x = tf.linalg.transpose(x, tf.constant(new int[] {0, 2, 3, 1}));
                dy = tf.linalg.transpose(dy, tf.constant(new int[] {0, 2, 3, 1}));
                transposed = true;
            }
        }
        Scope scope = tf.scope();
        Operation grad = scope.apply(scope.env().opBuilder(gradOp, scope.makeOpName(gradOp), scope))
                .addInput(dy.asOutput()).addInput(x.asOutput()).addInput(op.input(1)).addInput(mean.asOutput())
                .addInput(variance.asOutput()).setAttr("epsilon", attributes.getAttrFloat("epsilon"))
                .setAttr("data_format", transposed ? "NHWC" : format).setAttr("is_training", training).build();
        Operand<TFloat32> dx = floats(grad.output(0));
        if (transposed) {
            dx = tf.linalg.transpose(dx, tf.constant(new int[] {0, 3, 1, 2}));
        }
        return List.of(dx, grad.output(1), grad.output(2), tf.zerosLike(floats(op.input(3))),
                tf.zerosLike(floats(op.input(4))));
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> floats(Output<?> output) {
        return (Operand<TFloat32>) (Operand<?>) output;
    }
}
