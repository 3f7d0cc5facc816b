package io.github.cam4j.model;

import io.github.cam4j.Cam4jException;

/** A Keras model config that cam4j cannot build: unknown layer type, unsupported argument, or malformed JSON. */
public class ModelConfigException extends Cam4jException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the layer and argument */
    public ModelConfigException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file
     * @param cause the parse failure
     */
    public ModelConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
