package io.github.cam4j.eval;

import io.github.cam4j.cam.CamException;

/**
 * What the perturbation measures ask of a model: the natural logs of its class probabilities for a batch.
 * {@link Predictor} runs a real one.
 *
 * <p>Logs, not probabilities, because a confident model's probability rounds to 1 in single precision (the bundled
 * pooled model's probability of the true class does on 802 of MNIST's 10 000 test digits), and Increase in Confidence
 * could not see a rise from there.
 */
public interface Classifier {
    /** @return the number of classes */
    int classes();

    /**
     * @param nhwc {@code count * height * width * channels} values in the model's input scale
     * @param count images
     * @param height their height
     * @param width their width
     * @return {@code count * classes} log-probabilities, image-major ({@code -Infinity} for a probability of 0)
     * @throws CamException when the model fails
     */
    double[] logProbabilities(float[] nhwc, int count, int height, int width) throws CamException;
}
