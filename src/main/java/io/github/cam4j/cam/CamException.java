package io.github.cam4j.cam;

import io.github.cam4j.Cam4jException;

/** A failure while explaining: bad input, a target the model does not have, or a model run that failed. */
public class CamException extends Cam4jException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the image, class or tensor */
    public CamException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public CamException(String message, Throwable cause) {
        super(message, cause);
    }
}
