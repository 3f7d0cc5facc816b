package io.github.cam4j.testing;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.ClassifierActivation;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.TensorNames;
import java.util.List;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.core.StridedSlice;
import org.tensorflow.types.TFloat32;

/**
 * Probe models that crop their 28x28 input, built with TensorFlow Java ops: whatever ink they read moves their logits,
 * so a picture's pixels whose ink changes the logits are exactly the pixels the model read.
 */
public final class CroppingModels {
    private CroppingModels() {}

    /**
     * images [-1, 28, 28, 1] ({@code images}) -> the crop -> a 1x1 convolution of weight 1 and a ReLU ({@code features}:
     * the crop itself, ink positive) -> mean -> logits {@code [mean, -mean]} ({@code logits}, kernel
     * {@code classifier_kernel}); pixels 0..255 fed as 0..1, dark ink on light (so cam4j takes no ground level off).
     *
     * @param g the graph to build in
     * @param s a session on it
     * @param crop the ops from the images to the cropped tensor
     * @return the model, opened by names (borrowing the session)
     * @throws ModelLoadException when cam4j refuses it
     */
    public static CamModel open(Graph g, Session s, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> crop)
            throws ModelLoadException {
        Ops tf = Ops.create(g);
        Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                Placeholder.shape(Shape.of(-1, 28, 28, 1)));
        Operand<TFloat32> one = tf.constant(Shape.of(1, 1, 1, 1), DataBuffers.of(new float[] {1}));
        Operand<TFloat32> features = tf.withName("features").nn.relu(tf.nn.conv2d(crop.apply(tf, images), one,
                List.of(1L, 1L, 1L, 1L), "SAME"));
        Operand<TFloat32> pooled = tf.math.mean(features, tf.constant(new int[] {1, 2}));
        tf.withName("classifier_kernel").constant(Shape.of(1, 2), DataBuffers.of(new float[] {1, -1}));
        tf.withName("logits").linalg.matMul(pooled, g.operation("classifier_kernel").output(0));
        return CamModel.fromSession(s, new TensorNames("images", "features", "logits", null), "classifier_kernel", null,
                ClassifierActivation.SOFTMAX, new InputSpec(28, 28, 1, 1f / 255f, 0f, false), null);
    }

    /** @return rows {@code top..bottom-1} and columns {@code left..right-1} of an NHWC tensor, as Keras' Cropping2D */
    public static Operand<TFloat32> slice(Ops tf, Operand<TFloat32> x, int top, int bottom, int left, int right) {
        return tf.stridedSlice(x, tf.constant(new int[] {0, top, left, 0}), tf.constant(new int[] {0, bottom, right, 0}),
                tf.constant(new int[] {1, 1, 1, 1}), StridedSlice.beginMask(9L), StridedSlice.endMask(9L));
    }
}
