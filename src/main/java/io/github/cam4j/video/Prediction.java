package io.github.cam4j.video;

/**
 * Which class a frame's caption names, and so whose map is drawn.
 *
 * <p>A model ending in global average pooling predicts from the mean of its feature cells. Fed a whole frame, most
 * cells see empty background, and the mean says more about the background than about the digit: on the tests' clips
 * of one MNIST digit moving over a 320x240 canvas, the bundled pooled model names the right digit in 55 % of frames
 * that way. The same cells also hold what the model would say of every digit-sized crop: averaging the class maps
 * over a window of cells the size of a 28x28 input gives exactly the logits of the classifier for that crop (CAM's
 * identity: the mean of a class map plus the bias is the logit). Taking the most confident window names the right
 * digit in 99 % of those frames, at the cost of a few microseconds.
 */
public enum Prediction {
    /**
     * The class of the most confident window the size of the model's training input (28x28 for MNIST models),
     * with that window's probability. The map is that class's map by the session's method over the whole region. The
     * default.
     *
     * <p>Windows are scored with the classifier's kernel over CAM's maps, on a model of more than one output unit that
     * neither crops nor resizes its input. An unsmoothed CAM session's own maps are those sums. Under any other method
     * (a gradient method, Score-CAM, Eigen-CAM, Ablation-CAM, occlusion, a pixel method, {@code optEigenSmooth} or
     * {@code optAugSmooth}) on a model CAM opens (global average pooling then one dense layer, its kernel known), a
     * plain CAM run beside the method's scores them: the caption gives the window's class and probability, and the map
     * drawn is the method's own map of that class (one more model run per explained frame; a gradient method's model,
     * which keeps no kernel, is opened once more for CAM). On a model CAM cannot open (no kernel: a Flatten head, say),
     * of one output unit, that crops its input, or, for a gradient method, one the application opened itself rather
     * than from a folder, a frame's caption gives the region's prediction, as {@link #REGION} does, and the frame has
     * no window.
     */
    WINDOW,
    /** The model's own prediction for the whole explained region (global average pooling over all of it). */
    REGION
}
