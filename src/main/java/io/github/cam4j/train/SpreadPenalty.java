package io.github.cam4j.train;

import io.github.cam4j.SettingOutOfRangeException;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.linalg.MatMul;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;

/**
 * A training penalty on how unevenly the true class's evidence is spread over the cells of the last feature map: the
 * deterministic counterpart of dropping whole cells ({@code --cell-dropout}).
 *
 * <p>A picture's logit for its class {@code y} is the mean, over the map's {@code M} cells, of CAM's cell values
 * {@code c_i = f_i · w_y} (the features times the classifier's column). Dropping each cell at rate {@code r} and scaling
 * the rest by {@code 1 / (1 - r)} leaves that mean's expectation alone and adds the variance
 * {@code r / (1 - r) · Σ c_i² / M²}: small when many cells carry a little of the evidence, large when a few carry it
 * all. This penalty adds {@code weight · Σ c_i² / M²} to the loss, averaged over the batch, without the noise: the
 * variance cell dropout at rate {@code weight / (1 + weight)} would add to the true-class logit. The column is taken
 * less the classes' mean column ({@code w_y - mean_k w_k}), the part of the map the softmax sees: charged on the class's
 * own column, training could move the evidence into the other classes' columns as negative values instead of spreading
 * it. Cells that see nothing (all features 0) cost nothing, so the evidence moves onto the other cells that see the
 * object. Nothing changes at test time: the exported model is the architecture as given. It keeps the logits small,
 * so a model trained with it reports low probabilities unless calibrated afterwards ({@link TemperatureScaling}).
 *
 * @param weight the penalty's weight, at least 0; 0 turns it off
 */
public record SpreadPenalty(double weight) {
    /** No penalty: the article's training. */
    public static final SpreadPenalty OFF = new SpreadPenalty(0);

    /**
     * Checks the weight, naming its command-line option.
     *
     * @param weight the penalty's weight, finite and at least 0
     * @throws SettingOutOfRangeException naming the option, when the weight is negative, infinite or NaN
     */
    public SpreadPenalty {
        if (!(weight >= 0) || Double.isInfinite(weight)) {
            throw SettingOutOfRangeException.of("--spread-penalty", "must be a finite number of at least 0", weight);
        }
    }

    /** @return whether the penalty adds anything to the loss */
    public boolean active() {
        return weight > 0;
    }

    /**
     * Adds the penalty to a training graph.
     *
     * @param tf ops in the graph
     * @param features the last feature map {@code [N, H, W, C]}, as the pooling reads it
     * @param kernel the classifier's kernel {@code [C, K]}
     * @param labels the one-hot labels {@code [N, K]}
     * @return the scalar penalty, the batch's mean of {@code weight · Σ c_i² / M²}
     */
    public Operand<TFloat32> apply(Ops tf, Operand<TFloat32> features, Operand<TFloat32> kernel, Operand<TFloat32> labels) {
        // Softmax sees only the logits' differences, so a penalty on the class's own cell values alone could be met by
        // making them 0 and the other classes' negative; each column less the classes' mean column leaves the class's
        // map as far as the softmax sees it (the logit less the classes' mean logit), whatever constant a channel's row
        // holds for every class.
        Operand<TFloat32> centred = tf.math.sub(kernel, tf.math.mean(kernel, tf.constant(1), Mean.keepDims(true)));
        // [N, 1, 1, C]: each picture's own class column, so that its map is the one of the class it is trained towards.
        Operand<TFloat32> columns = tf.expandDims(tf.expandDims(
                tf.linalg.matMul(labels, centred, MatMul.transposeB(true)), tf.constant(1)), tf.constant(1));
        Operand<TFloat32> values = tf.sum(tf.math.mul(features, columns), tf.constant(3));
        Operand<TFloat32> cellCount = tf.dtypes.cast(tf.prod(tf.gather(tf.shape(values), tf.constant(new int[] {1, 2}),
                tf.constant(0)), tf.constant(0)), TFloat32.class);
        // Σ c_i² / M² = mean(c_i²) / M.
        Operand<TFloat32> variance = tf.math.div(tf.math.mean(tf.math.square(values), tf.constant(new int[] {1, 2})),
                cellCount);
        return tf.math.mul(tf.constant((float) weight), tf.math.mean(variance, tf.constant(0)));
    }
}
