package io.github.cam4j.cam;

/**
 * One picture {@link ActivationMaximizer} drew: what its target (a class, or a layer's channel) responds to most.
 *
 * @param layer the layer whose channel was maximized, or null for a class
 * @param index the class, or the channel
 * @param height the picture's height, the model input's
 * @param width its width
 * @param channels its channels, 1 (grey) or 3 (RGB)
 * @param pixels the picture, {@code height × width × channels} values in 0..255 (the optimized values clipped to that
 *     range, as tf-keras-vis clips to its {@code input_range}), row-major, channels last, RGB
 * @param scores the target's score at each step, on the picture the step differentiated (after the step's jitter and
 *     rotation, before its update, unclipped): the class's logit, or the channel's mean activation
 * @param seedScore the score of the seed picture, the uniform noise the optimization started from
 * @param seedProbabilities the model's class probabilities on the seed picture
 * @param score the score of {@link #pixels}, the clipped result
 * @param probabilities the model's class probabilities on {@link #pixels}
 */
public record MaximizedPicture(String layer, int index, int height, int width, int channels, float[] pixels,
        float[] scores, float seedScore, float[] seedProbabilities, float score, float[] probabilities) {

    /** @return whether the target is a class (its logit was maximized), not a layer's channel */
    public boolean isClass() {
        return layer == null;
    }

    /** @return "class 3" or "channel 5 of conv2d_1/Relu" */
    public String target() {
        return isClass() ? "class " + index : "channel " + index + " of " + layer;
    }
}
