package io.github.cam4j.savedmodel;

import java.util.Arrays;
import java.util.List;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.TensorFlow;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.MaxPoolGradGrad;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Gradients of gradient ops that TensorFlow's C++ gradient registry, the one {@link org.tensorflow.Graph#addGradients}
 * builds with, lacks and ShapleyCAM's Hessian-vector product needs ({@link HessianProductOps}): without them the
 * second-order graph of a model with a ReLU, a sigmoid, a tanh or a max pooling after its features could not be built
 * ("No gradient defined for op: SigmoidGrad"). Each is TensorFlow Python's own ({@code math_grad.py}'s
 * {@code _SigmoidGradGrad} and {@code _TanhGradGrad}, {@code nn_grad.py}'s {@code _ReluGradGrad},
 * {@code _Relu6GradGrad} and {@code _MaxPoolGradGrad}), registered once
 * per process through TensorFlow Java's custom gradients, and only where TensorFlow has none: they add gradients, and
 * change none that exist.
 */
final class SecondOrderGradients {
    private static boolean registered;

    private SecondOrderGradients() {}

    /** Registers the gradients, once; later calls do nothing. */
    static synchronized void register() {
        if (registered) {
            return;
        }
        registered = true;
        // y = sigmoid(x), SigmoidGrad(y, dy) = dy y (1 - y): d/dy = dy (1 - 2 y), d/d(dy) = y (1 - y).
        TensorFlow.registerCustomGradient("SigmoidGrad", (tf, op, grads) -> {
            Operand<TFloat32> y = floats(op.input(0));
            Operand<TFloat32> dy = floats(op.input(1));
            Operand<TFloat32> grad = floats(grads.get(0));
            Operand<TFloat32> gb = tf.math.mul(grad, dy);
            return List.of(tf.math.sub(gb, tf.math.mul(tf.constant(2f), tf.math.mul(gb, y))), tf.math.sigmoidGrad(y, grad));
        });
        // y = tanh(x), TanhGrad(y, dy) = dy (1 - y^2): d/dy = -2 dy y, d/d(dy) = 1 - y^2.
        TensorFlow.registerCustomGradient("TanhGrad", (tf, op, grads) -> {
            Operand<TFloat32> y = floats(op.input(0));
            Operand<TFloat32> dy = floats(op.input(1));
            Operand<TFloat32> grad = floats(grads.get(0));
            return List.of(tf.math.mul(tf.math.mul(grad, tf.constant(-2f)), tf.math.mul(dy, y)),
                    tf.math.tanhGrad(y, grad));
        });
        // ReluGrad(dy, x) = dy where x > 0, else 0 (Relu6Grad: where 0 < x < 6): linear in dy, piecewise constant in x.
        TensorFlow.registerCustomGradient("ReluGrad", (tf, op, grads) -> List.of(
                tf.nn.reluGrad(floats(grads.get(0)), floats(op.input(1))), tf.zerosLike(floats(op.input(1)))));
        TensorFlow.registerCustomGradient("Relu6Grad", (tf, op, grads) -> List.of(
                tf.nn.relu6Grad(floats(grads.get(0)), floats(op.input(1))), tf.zerosLike(floats(op.input(1)))));
        // MaxPoolGrad(x, y, dy) routes dy to each window's maximum: piecewise constant in x and y (their gradients are
        // 0), linear in dy, whose gradient routes back from the maxima (MaxPoolGradGrad).
        TensorFlow.registerCustomGradient("MaxPoolGrad", (tf, op, grads) -> {
            var attributes = op.attributes();
            return List.of(tf.zerosLike(floats(op.input(0))), tf.zerosLike(floats(op.input(1))),
                    maxPoolGradGrad(tf, op, grads, tf.constant(ints(attributes.getAttrIntList("ksize"))),
                            tf.constant(ints(attributes.getAttrIntList("strides")))));
        });
        // MaxPoolGradV2 takes ksize and strides as tensors. TensorFlow Python gives them no gradient (None), but TensorFlow
        // Java's adapter dereferences every returned gradient (a null threw a NullPointerException for every model whose
        // max pooling comes after the features, cam4j's trained ones at an earlier layer): zeros stand for "none".
        TensorFlow.registerCustomGradient("MaxPoolGradV2", (tf, op, grads) -> List.of(
                tf.zerosLike(floats(op.input(0))), tf.zerosLike(floats(op.input(1))),
                maxPoolGradGrad(tf, op, grads, ints(op.input(3)), ints(op.input(4))), tf.zerosLike(ints(op.input(3))),
                tf.zerosLike(ints(op.input(4)))));
    }

    private static Operand<TFloat32> maxPoolGradGrad(Ops tf, GraphOperation op, List<Output<?>> grads,
            Operand<TInt32> ksize, Operand<TInt32> strides) {
        var attributes = op.attributes();
        return tf.nn.maxPoolGradGrad(floats(op.input(0)), floats(op.input(1)), floats(grads.get(0)), ksize, strides,
                attributes.getAttrString("padding"),
                MaxPoolGradGrad.dataFormat(attributes.getAttrString("data_format")));
    }

    @SuppressWarnings("unchecked")
    private static Operand<TFloat32> floats(Output<?> output) {
        return (Operand<TFloat32>) (Operand<?>) output;
    }

    @SuppressWarnings("unchecked")
    private static Operand<TInt32> ints(Output<?> output) {
        return (Operand<TInt32>) (Operand<?>) output;
    }

    private static int[] ints(long[] values) {
        return Arrays.stream(values).mapToInt(Math::toIntExact).toArray();
    }
}
