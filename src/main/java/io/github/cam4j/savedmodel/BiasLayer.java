package io.github.cam4j.savedmodel;

/**
 * One bias FullGrad found on the way from a model's input to its logits ({@link FullGradOps}), with the tensor that
 * holds its contribution to a class's logit: the bias times the gradient of the logit by the layer's output,
 * {@code b * d logit / d out}, broadcast over the output's shape.
 *
 * @param op the graph operation that adds the bias (a {@code BiasAdd}, a {@code FusedBatchNormV3}, an {@code AddV2}...)
 * @param kind what kind of bias it is
 * @param contribution the float32 tensor {@code b * d(sum of class weights x logits) / d out}, the shape of the
 *     layer's output ([N, h, w, K] for a spatial layer), for the class weights fed to {@link FullGradients#classWeights()}
 */
public record BiasLayer(String op, Kind kind, String contribution) {
    /** What adds the bias. */
    public enum Kind {
        /** A convolution's bias: a {@code BiasAdd} (or an add of a per-channel constant) on a rank-4 tensor. */
        CONVOLUTION,
        /**
         * Batch normalisation in inference, {@code FusedBatchNorm}: its bias is
         * {@code beta - moving_mean * gamma / sqrt(moving_var + eps)} (pytorch-grad-cam's, from the paper's code).
         */
        BATCH_NORM,
        /**
         * Any other constant added on the way: a dense layer's bias (rank 2), or a constant that is not per channel
         * (a {@code Rescaling} layer's offset). Not in FullGrad's map, which takes spatial (convolution and batch
         * norm) biases only as pytorch-grad-cam does, but part of the logit's sum ({@link #spatial()}).
         */
        OTHER
    }

    /** @return whether FullGrad's map takes this bias: a convolution's or a batch norm's, per channel of a rank-4 output */
    public boolean spatial() {
        return kind != Kind.OTHER;
    }
}
