package io.github.cam4j.savedmodel;

import java.util.List;

/**
 * The tensors FullGrad fetches (Srinivas and Fleuret 2019), added to a model's graph by {@link FullGradOps}: the
 * gradient of a class's logit by the model's input, and for every bias on the way from the input to the logits its
 * contribution {@code b * d logit / d out}.
 *
 * @param classWeights the float32 [N, units] input to feed with a one-hot row per image (a binary classifier's one unit:
 *     +1 for class 1, -1 for class 0), as {@link InputGradients#classWeights()}; left unfed, it is each image's
 *     predicted class, worked out in the graph from the logits of the same run
 * @param inputGradient d(sum of classWeights x logits) / d(input), [N, H, W, C]
 * @param layers every bias found, in the reverse of the order met walking back from the logits (the input side first
 *     on a chain of layers); the spatial ones ({@link BiasLayer#spatial()}) make the map
 * @param unreliable why TensorFlow's gradient would be wrong here (a dilated convolution on the way that cam4j cannot
 *     cross by its SpaceToBatchND twin: a path around it...), or null
 */
public record FullGradients(String classWeights, String inputGradient, List<BiasLayer> layers, String unreliable) {
    /** @return the layers FullGrad's map is made of ({@link BiasLayer#spatial()}), in {@link #layers()}' order */
    public List<BiasLayer> spatialLayers() {
        return layers.stream().filter(BiasLayer::spatial).toList();
    }

    /**
     * Copies the layers.
     *
     * @param classWeights the class weights' placeholder
     * @param inputGradient the gradient by the input
     * @param layers the bias layers
     * @param unreliable why the gradients would be wrong, or null
     */
    public FullGradients {
        layers = List.copyOf(layers);
    }
}
