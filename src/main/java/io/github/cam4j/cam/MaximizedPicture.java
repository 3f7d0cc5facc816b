package io.github.cam4j.cam;

import java.util.Arrays;
import java.util.Objects;

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

    /**
     * Copies what it is given, so that a picture, once made, cannot be changed by its maker or its readers (as a
     * {@link Concept} cannot): the record handed out its own arrays, and a reader's write into {@code pixels()}
     * changed the picture every later reader saw.
     *
     * @param layer the layer whose channel was maximized, or null for a class
     * @param index the class, or the channel
     * @param height the picture's height, 1 or more
     * @param width its width, 1 or more
     * @param channels its channels, 1 or 3
     * @param pixels {@code height × width × channels} values; not null
     * @param scores the target's score at each step; not null
     * @param seedScore the score of the seed picture
     * @param seedProbabilities the class probabilities on the seed picture; not null
     * @param score the score of the result
     * @param probabilities the class probabilities on the result, as many as on the seed; not null
     * @throws NullPointerException naming the argument, when an array is null
     * @throws IllegalArgumentException when the size is not positive, the channels are not 1 or 3, the pixels are not
     *     {@code height × width × channels}, or the two probability arrays differ in length
     */
    public MaximizedPicture {
        pixels = Objects.requireNonNull(pixels, "pixels is null: height × width × channels values").clone();
        scores = Objects.requireNonNull(scores, "scores is null: the target's score at each step").clone();
        seedProbabilities = Objects.requireNonNull(seedProbabilities,
                "seedProbabilities is null: the class probabilities on the seed picture").clone();
        probabilities = Objects.requireNonNull(probabilities,
                "probabilities is null: the class probabilities on the picture").clone();
        if (height < 1 || width < 1 || (channels != 1 && channels != 3)) {
            throw new IllegalArgumentException("picture " + height + "×" + width + "×" + channels + ": the height and"
                    + " width must be 1 or more, the channels 1 (grey) or 3 (RGB)");
        }
        if ((long) height * width * channels != pixels.length) {
            throw new IllegalArgumentException(pixels.length + " pixels for a " + height + "×" + width + "×" + channels
                    + " picture: there must be height × width × channels");
        }
        if (seedProbabilities.length != probabilities.length) {
            throw new IllegalArgumentException(seedProbabilities.length + " seed probabilities and "
                    + probabilities.length + " probabilities: both are one per class");
        }
    }

    /** @return the picture's values (a copy), row-major, channels last, RGB, in 0..255 */
    @Override
    public float[] pixels() {
        return pixels.clone();
    }

    /** @return the target's score at each step (a copy) */
    @Override
    public float[] scores() {
        return scores.clone();
    }

    /** @return the model's class probabilities on the seed picture (a copy) */
    @Override
    public float[] seedProbabilities() {
        return seedProbabilities.clone();
    }

    /** @return the model's class probabilities on the picture (a copy) */
    @Override
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** Equal to a picture of the same target, size and values: a record of arrays compared them by identity. */
    @Override
    public boolean equals(Object o) {
        return o instanceof MaximizedPicture other && Objects.equals(layer, other.layer) && index == other.index
                && height == other.height && width == other.width && channels == other.channels
                && Float.compare(seedScore, other.seedScore) == 0 && Float.compare(score, other.score) == 0
                && Arrays.equals(pixels, other.pixels) && Arrays.equals(scores, other.scores)
                && Arrays.equals(seedProbabilities, other.seedProbabilities)
                && Arrays.equals(probabilities, other.probabilities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(layer, index, height, width, channels, seedScore, score, Arrays.hashCode(pixels),
                Arrays.hashCode(scores), Arrays.hashCode(seedProbabilities), Arrays.hashCode(probabilities));
    }

    /**
     * @return its target, size and scores, and its values (a record of arrays showed "[F@2072acb2"); the pixels are
     *     summarised by their count, as a 224×224×3 picture's 150 528 values would fill a log
     */
    @Override
    public String toString() {
        return "MaximizedPicture[layer=" + layer + ", index=" + index + ", height=" + height + ", width=" + width
                + ", channels=" + channels + ", pixels=" + pixels.length + " values, scores=" + Arrays.toString(scores)
                + ", seedScore=" + seedScore + ", seedProbabilities=" + Arrays.toString(seedProbabilities)
                + ", score=" + score + ", probabilities=" + Arrays.toString(probabilities) + "]";
    }

    /** @return whether the target is a class (its logit was maximized), not a layer's channel */
    public boolean isClass() {
        return layer == null;
    }

    /** @return "class 3" or "channel 5 of conv2d_1/Relu" */
    public String target() {
        return isClass() ? "class " + index : "channel " + index + " of " + layer;
    }
}
