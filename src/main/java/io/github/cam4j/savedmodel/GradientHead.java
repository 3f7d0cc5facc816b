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
 *     logits, whose gradient TensorFlow builds without its dilation, that cam4j cannot cross by its SpaceToBatchND
 *     twin: {@link DilatedGradients}), or why the method's own gradient cannot be built
 *     (an op without a second-order gradient for ShapleyCAM, too few classes for Finer-CAM), or null: the gradient
 *     methods then refuse the model; Score-CAM and Eigen-CAM, which open it the same way and run no gradient, do not
 * @param finer for {@link GradientWeighting#FINER_CAM}, the inputs that set its comparison (fed, or left at
 *     {@link FinerComparison#DEFAULT}); null for every other method
 */
public record GradientHead(String classWeights, String gradient, String predictedGradient, int channels, int classes,
        GradientWeighting weighting, String unreliable, FinerInputs finer) {

    /**
     * The inputs of Finer-CAM's target ({@link GradientWeighting#FINER_CAM}), each with a default: fed, they change the
     * comparison without new graph ops.
     *
     * @param weights the name of the float32 [2] input {@code {alpha, probability share}} ({@link
     *     FinerComparison#fedWeights()})
     * @param ranks the name of the int32 [R] input of the comparison ranks
     */
    public record FinerInputs(String weights, String ranks) {}

    /**
     * A head without Finer-CAM's inputs.
     *
     * @param classWeights the name of the float32 [N, classes] input to feed with a one-hot row per image
     * @param gradient the name of the gradient for the fed class weights
     * @param predictedGradient the name of the gradient for each image's predicted class
     * @param channels K, the features' channels
     * @param classes the logits' classes
     * @param weighting how the gradient weighs the channels
     * @param unreliable why the gradient methods refuse it, or null
     */
    public GradientHead(String classWeights, String gradient, String predictedGradient, int channels, int classes,
            GradientWeighting weighting, String unreliable) {
        this(classWeights, gradient, predictedGradient, channels, classes, weighting, unreliable, null);
    }

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

    /**
     * @return the name of the float32 [N, classes] class weights the graph works out for {@link #predictedGradient()}:
     *     a one-hot row at each image's predicted class (for a binary classifier's one unit, +1 for class 1 and -1 for
     *     class 0); fetched beside that gradient, it says which class the gradient is for
     */
    public String predictedClassWeights() {
        return scope() + "/predicted_class_weights:0";
    }

    /** @return the name scope {@link GradientOps#add} put its ops under ({@code cam4j_gradcam}, ...) */
    String scope() {
        return classWeights.substring(0, classWeights.lastIndexOf('/'));
    }

    /** @return this head explained by {@code other}: the same gradient tensors, weighed otherwise */
    GradientHead weighedBy(GradientWeighting other) {
        return new GradientHead(classWeights, gradient, predictedGradient, channels, classes, other, unreliable, finer);
    }

    /**
     * @return a head fetching other gradients, taken at the same features with the same class weights fed (Finer-CAM's
     *     target's, ShapleyCAM's gradient minus half its Hessian-vector product)
     */
    GradientHead derived(GradientWeighting method, String givenGradient, String predicted, FinerInputs inputs) {
        return new GradientHead(classWeights, givenGradient, predicted, channels, classes, method, unreliable, inputs);
    }

    /** @return this head refused for {@code why} (see {@link #unreliable()}); a reason already given stays first */
    GradientHead refused(GradientWeighting method, String why) {
        return new GradientHead(classWeights, gradient, predictedGradient, channels, classes, method,
                unreliable != null ? unreliable : why, null);
    }
}
