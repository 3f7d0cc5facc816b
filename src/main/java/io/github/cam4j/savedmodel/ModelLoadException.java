package io.github.cam4j.savedmodel;

import io.github.cam4j.Cam4jException;

/** A model that cannot be opened: not a SavedModel, a missing signature or tensor, unreadable metadata. */
public class ModelLoadException extends Cam4jException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the folder, signature or tensor */
    public ModelLoadException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
