package io.github.cam4j.savedmodel;

/**
 * The tensors activation maximization fetches for a layer's channels, added to a model's graph by
 * {@link ChannelGradientOps}: each channel's mean activation per picture, and the gradient of a weighted sum of those
 * means by the model's input.
 *
 * @param layer the layer's tensor, as it was named
 * @param channelWeights the float32 [N, channels] input to feed with a one-hot row per picture: which channel's mean
 *     to differentiate
 * @param means float32 [N, channels]: each channel's activation averaged over the layer's cells (a rank-2 layer's
 *     units as they are), tf-keras-vis' {@code CategoricalScore} on that layer's output
 * @param gradient d(sum of channelWeights x means) / d(input), [N, H, W, C], for the fed weights
 * @param channels the layer's channels when the graph knows them statically, else -1
 */
public record ChannelGradients(String layer, String channelWeights, String means, String gradient, int channels) {}
