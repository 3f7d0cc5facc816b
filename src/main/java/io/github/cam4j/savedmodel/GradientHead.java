package io.github.cam4j.savedmodel;

/**
 * The tensors Grad-CAM (Selvaraju et al. 2017) fetches, added to a model's graph by {@link GradientOps}: the gradient
 * of the logits, weighted by a one-hot row per image, with respect to the features. Grad-CAM's channel weights are
 * that gradient's spatial mean; for a model ending in global average pooling and a dense layer they are the dense
 * kernel's column divided by the number of cells, so Grad-CAM is then CAM, without its negative part.
 *
 * @param classWeights the float32 [N, classes] input to feed with a one-hot row per image: which class to explain
 * @param gradient d(sum of classWeights x logits) / d(features), [N, h, w, K], for the fed class weights
 * @param predictedGradient the same for the predicted class of each image, worked out in the graph (nothing to feed)
 * @param channels K, the features' channels
 * @param classes the logits' classes
 * @param weighting how the gradient weighs the channels
 * @param unreliable why TensorFlow's gradient here would be wrong (a dilated convolution between the features and the
 *     logits, whose gradient TensorFlow builds without its dilation), or null: the gradient methods then refuse the
 *     model; Score-CAM and Eigen-CAM, which open it the same way and run no gradient, do not
 */
public record GradientHead(String classWeights, String gradient, String predictedGradient, int channels, int classes,
        GradientWeighting weighting, String unreliable) {

    /**
     * A head whose gradients are right.
     *
     * @param classWeights the name ({@code "op:index"}) of the float32 [N, classes] input to feed with a one-hot row
     *     per image: which class to explain
     * @param gradient the name of d(sum of classWeights x logits) / d(features), [N, h, w, K], for the fed class
     *     weights
     * @param predictedGradient the name of the same gradient for each image's predicted class, worked out in the graph
     *     (nothing to feed)
     * @param channels K, the features' channels
     * @param classes the logits' classes
     * @param weighting how the gradient weighs the channels (Grad-CAM, Grad-CAM++, ...)
     */
    public GradientHead(String classWeights, String gradient, String predictedGradient, int channels, int classes,
            GradientWeighting weighting) {
        this(classWeights, gradient, predictedGradient, channels, classes, weighting, null);
    }
}
