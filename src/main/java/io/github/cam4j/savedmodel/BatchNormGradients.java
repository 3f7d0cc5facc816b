package io.github.cam4j.savedmodel;

import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.OperationBuilder;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;

/**
 * Gradients of the batch norms older graphs hold, {@code FusedBatchNorm} and {@code FusedBatchNormV2}, which
 * TensorFlow's C++ gradient registry (the one {@link org.tensorflow.Graph#addGradients} builds with) lacks: it has the
 * {@code FusedBatchNormV3}'s only, so every gradient through a batch norm of a graph frozen by TensorFlow 1.x failed
 * ("No gradient defined for op: FusedBatchNorm"), and FullGrad, which reads those ops as biases, could not run on such a
 * graph. Each is built as TensorFlow Python's {@code nn_grad.py} ({@code _BaseFusedBatchNormGrad}) builds it: in
 * inference, {@code FusedBatchNormGrad} (or {@code V2}) of the incoming gradient with the moving mean and variance as
 * its reserve spaces; in training, with the op's own batch statistics (its outputs 3 and 4). Registered once per
 * process through TensorFlow Java's custom gradients, and only where TensorFlow has none.
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

    /** @return the gradients at the op's five inputs: x, scale, offset, and zeros for the mean and the variance */
    private static List<Operand<?>> gradient(Ops tf, GraphOperation op, List<Output<?>> grads, String gradOp) {
        var attributes = op.attributes();
        boolean training = attributes.getAttrBool("is_training");
        // TensorFlow Python transposes channels-first tensors to channels-last around the gradient in inference; the
        // CPU kernel of TensorFlow Java 1.1.0 takes them as they are, to the bit of the V3's gradient
        // (BatchNormGradientsTest), so the op's own data_format goes through.
        OperationBuilder b = tf.scope().opBuilder(gradOp, gradOp).addInput(grads.get(0)).addInput(op.input(0))
                .addInput(op.input(1)).addInput(training ? op.output(3) : op.input(3))
                .addInput(training ? op.output(4) : op.input(4)).setAttr("T", attributes.getAttrType("T"))
                .setAttr("epsilon", attributes.getAttrFloat("epsilon"))
                .setAttr("data_format", attributes.getAttrString("data_format")).setAttr("is_training", training);
        if (gradOp.endsWith("V2")) {
            b.setAttr("U", attributes.getAttrType("U"));
        }
        GraphOperation g = (GraphOperation) b.build();
        // TensorFlow Python gives the mean and the variance no gradient (None); TensorFlow Java's adapter dereferences
        // every gradient returned, so zeros stand for none (as SecondOrderGradients' MaxPoolGradV2's do).
        return List.of(g.output(0), g.output(1), g.output(2), tf.zerosLike(op.input(3)), tf.zerosLike(op.input(4)));
    }
}
