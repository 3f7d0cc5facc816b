package io.github.cam4j.train;

import io.github.cam4j.SettingOutOfRangeException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Max;
import org.tensorflow.op.math.Mean;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;

/**
 * The drop mask of the Attention-based Dropout Layer (Choe and Shim, CVPR 2019), on the last feature map while
 * training: a picture's <em>attention</em> is the mean of its channels at each cell, and with probability {@code rate}
 * (a new draw for each picture at each step) every cell whose attention reaches {@code threshold} times the picture's
 * highest is zeroed, all its channels at once. A class whose evidence sits on its few strongest cells then loses it in
 * most steps, and training moves the evidence onto the rest of the object, so that its class activation map covers
 * more of it. Nothing is dropped at test time: the exported model is unchanged.
 *
 * <p>Unlike the paper's layer, the other pictures of a step keep their features as they are (the paper multiplies them
 * by an "importance map", the sigmoid of the attention, which a model that has only the classifier after this map would
 * never see at test time), and the draw is made per picture, not once per step.
 *
 * @param rate the chance that a picture's strongest cells are dropped at a step, in [0, 1]; 0 turns it off
 * @param threshold the fraction of the picture's highest attention from which a cell is dropped, in (0, 1]
 */
public record AttentionDrop(double rate, double threshold) {
    /** The threshold of the paper's published code (wsolevaluation's {@code adl_threshold}). */
    public static final double DEFAULT_THRESHOLD = 0.9;

    /** No drop: the article's training. */
    public static final AttentionDrop OFF = new AttentionDrop(0, DEFAULT_THRESHOLD);

    /**
     * Checks each argument, naming its command-line option.
     *
     * @param rate the chance of dropping a picture's strongest cells, in [0, 1]
     * @param threshold the fraction of the highest attention from which cells are dropped, in (0, 1]
     * @throws SettingOutOfRangeException naming the option, when a value is out of range
     */
    public AttentionDrop {
        if (!(rate >= 0 && rate <= 1)) {
            throw SettingOutOfRangeException.of("--attention-drop", "must be in [0, 1]", rate);
        }
        if (!(threshold > 0 && threshold <= 1)) {
            throw SettingOutOfRangeException.of("--attention-threshold", "must be above 0 and at most 1", threshold);
        }
    }

    /** @return whether any cell can be dropped */
    public boolean active() {
        return rate > 0;
    }

    /**
     * Adds the drop to a training graph.
     *
     * @param tf ops in the graph
     * @param features the last feature map {@code [N, H, W, C]}, as the pooling reads it
     * @param seed the seed of the per-picture draws
     * @return the features with the chosen pictures' strongest cells zeroed; {@code features} itself when inactive
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> features, long seed) {
        if (!active()) {
            return features;
        }
        Operand<TFloat32> attention = tf.math.mean(features, tf.constant(3), Mean.keepDims(true));
        // [N, 1, 1, 1]: one highest attention per picture, and the shape of the per-picture draw below.
        Operand<TFloat32> highest = tf.max(attention, tf.constant(new int[] {1, 2}), Max.keepDims(true));
        // Cells below the threshold are kept; so is every cell of a picture whose features are all 0, where the
        // comparison 0 < 0 would otherwise drop them all (they hold nothing to drop).
        Operand<TFloat32> below = tf.dtypes.cast(tf.math.less(attention,
                tf.math.mul(highest, tf.constant((float) threshold))), TFloat32.class);
        Operand<TFloat32> blank = tf.dtypes.cast(tf.math.lessEqual(highest, tf.constant(0f)), TFloat32.class);
        Operand<TFloat32> peakMask = tf.math.maximum(below, blank);
        // One draw per picture, 1 where this picture's peaks are dropped at this step.
        Operand<TFloat32> uniform = tf.random.randomUniform(tf.shape(highest), TFloat32.class,
                RandomUniform.seed(seed), RandomUniform.seed2(seed >>> 19 ^ 0x41D1_0C0FL));
        Operand<TFloat32> dropped = tf.dtypes.cast(tf.math.less(uniform, tf.constant((float) rate)), TFloat32.class);
        // mask = 1 for kept pictures; the peak mask for dropped ones.
        Operand<TFloat32> mask = tf.math.add(tf.math.sub(tf.constant(1f), dropped), tf.math.mul(dropped, peakMask));
        return tf.math.mul(features, mask);
    }
}
