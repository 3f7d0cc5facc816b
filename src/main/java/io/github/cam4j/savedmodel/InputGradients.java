package io.github.cam4j.savedmodel;

/**
 * The tensors the pixel attribution methods fetch (saliency, gradient x input, SmoothGrad, Integrated Gradients), added
 * to a model's graph by {@link InputGradientOps}: the gradient of the logits, weighted by a row per image, with respect
 * to the model's input tensor itself, the one cam4j feeds. A model with preprocessing inside its graph (a Keras
 * {@code Rescaling} layer) is differentiated through it: the gradient is per value fed, as Keras' {@code model.inputs}
 * are what tf-explain and tf-keras-vis differentiate by.
 *
 * @param classWeights the float32 [N, units] input to feed with a one-hot row per image (a binary classifier's one unit:
 *     +1 for class 1, -1 for class 0): which class's logit to differentiate
 * @param gradient d(sum of classWeights x logits) / d(input), [N, H, W, C], for the fed class weights
 * @param predictedGradient the same for each image's predicted class, worked out in the graph (nothing to feed)
 * @param unreliable why TensorFlow's gradient would be wrong here (a dilated convolution on the way, whose gradient
 *     TensorFlow builds without its dilation, that cam4j cannot cross by its SpaceToBatchND twin: a path around it...),
 *     or null
 */
public record InputGradients(String classWeights, String gradient, String predictedGradient, String unreliable) {}
