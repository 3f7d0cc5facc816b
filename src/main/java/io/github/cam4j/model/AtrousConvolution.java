package io.github.cam4j.model;

import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * A dilated 2-D convolution of stride 1 built as TensorFlow's Python {@code tf.nn.convolution} builds it on a CPU
 * ({@code with_space_to_batch}): {@code SpaceToBatchND} by the rate, an undilated 'valid' convolution,
 * {@code BatchToSpaceND}, padded and cropped so that the result is the dilated convolution's, 'same' or 'valid'. Its
 * value is the dilated {@code Conv2D}'s; unlike that op's, its gradient in TensorFlow's C++ registry is right (the
 * registry's {@code Conv2D} gradient leaves the dilations out). Training ({@link Conv2D#callForTraining}) and the
 * gradient methods (through a dilated convolution of an exported model) both build it; the gradient methods build it
 * around an undilated {@code DepthwiseConv2dNative} too, for a dilated depthwise convolution, whose registered
 * gradient leaves the dilations out as well.
 */
public final class AtrousConvolution {
    private AtrousConvolution() {}

    /**
     * @param tf where to build the ops
     * @param x the NHWC input, its spatial size known only when the graph runs (the paddings are worked out there)
     * @param kernel the {@code [kh, kw, in, out]} kernel
     * @param kernelSize {@code {kh, kw}}
     * @param rate {@code {vertical, horizontal}} dilation rates, each at least 1
     * @param same 'same' padding (TensorFlow's: the smaller half of {@code reach - 1} before), else 'valid'
     * @return the dilated convolution of {@code x}, no bias
     */
    public static Operand<TFloat32> build(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int[] kernelSize,
            int[] rate, boolean same) {
        return build(tf, x, kernel, kernelSize, rate, same, false);
    }

    /**
     * The same chain around an undilated {@code DepthwiseConv2dNative} when {@code depthwise}: a depthwise convolution
     * works on each channel alone, so it is blocked into the batch and cropped back exactly as a {@code Conv2D} is.
     *
     * @param tf where to build the ops
     * @param x the NHWC input, its spatial size known only when the graph runs
     * @param kernel the {@code [kh, kw, in, out]} kernel, or when {@code depthwise} the {@code [kh, kw, in,
     *     multiplier]} one
     * @param kernelSize {@code {kh, kw}}
     * @param rate {@code {vertical, horizontal}} dilation rates, each at least 1
     * @param same 'same' padding (TensorFlow's), else 'valid'
     * @param depthwise a dilated {@code DepthwiseConv2dNative}, else a dilated {@code Conv2D}
     * @return the dilated convolution of {@code x}, no bias
     */
    public static Operand<TFloat32> build(Ops tf, Operand<TFloat32> x, Operand<TFloat32> kernel, int[] kernelSize,
            int[] rate, boolean same, boolean depthwise) {
        int[] padStart = new int[2];
        int[] padEnd = new int[2];
        for (int a = 0; a < 2; a++) {
            int reach = (kernelSize[a] - 1) * rate[a] + 1;
            int extra = same ? reach - 1 : 0;
            padStart[a] = extra / 2; // TensorFlow's 'same' pads the smaller half before
            padEnd[a] = extra - padStart[a];
        }
        // The padded input is made a multiple of the rate on each axis; what that adds is cropped off the result
        // (TensorFlow's required_space_to_batch_paddings).
        Operand<TInt32> rates = tf.constant(rate.clone());
        Operand<TInt32> size = tf.stridedSlice(tf.shape(x), tf.constant(new int[] {1}), tf.constant(new int[] {3}),
                tf.constant(new int[] {1}));
        Operand<TInt32> padded = tf.math.add(size, tf.constant(new int[] {padStart[0] + padEnd[0], padStart[1] + padEnd[1]}));
        Operand<TInt32> extra = tf.math.floorMod(tf.math.sub(rates, tf.math.floorMod(padded, rates)), rates);
        Operand<TInt32> paddings = tf.stack(List.of(tf.constant(padStart), tf.math.add(tf.constant(padEnd), extra)),
                org.tensorflow.op.core.Stack.axis(1L));
        Operand<TInt32> crops = tf.stack(List.of(tf.constant(new int[] {0, 0}), extra),
                org.tensorflow.op.core.Stack.axis(1L));
        Operand<TFloat32> blocks = tf.spaceToBatchNd(x, rates, paddings);
        Operand<TFloat32> convolved = depthwise
                ? tf.nn.depthwiseConv2dNative(blocks, kernel, List.of(1L, 1L, 1L, 1L), "VALID")
                : tf.nn.conv2d(blocks, kernel, List.of(1L, 1L, 1L, 1L), "VALID");
        return tf.batchToSpaceNd(convolved, rates, crops);
    }
}
