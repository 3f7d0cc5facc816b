package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;

/** What the perturbation measures ask of a model: class probabilities for a batch. {@link Predictor} runs a real one. */
public interface Classifier {
    /** @return the number of classes */
    int classes();

    /**
     * @param nhwc {@code count * height * width * channels} values in the model's input scale
     * @param count images
     * @param height their height
     * @param width their width
     * @return {@code count * classes} probabilities, image-major
     * @throws CamException when the model fails
     */
    float[] probabilities(float[] nhwc, int count, int height, int width) throws CamException;
}
