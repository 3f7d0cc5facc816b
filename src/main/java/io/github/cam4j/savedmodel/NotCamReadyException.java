package io.github.cam4j.savedmodel;

/**
 * A model that opens but whose layers do not allow a class activation map: no global average pooling before the
 * classifier, a non-linearity between pooling and output, a missing or ambiguous input or output. The message says
 * why, what was found (the chain of ops), and what would work.
 */
public class NotCamReadyException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /** @param message why the model is not CAM-ready, what was found, and what would work */
    public NotCamReadyException(String message) {
        super(message);
    }

    /**
     * @param message why the model is not CAM-ready
     * @param cause the underlying failure
     */
    public NotCamReadyException(String message, Throwable cause) {
        super(message, cause);
    }
}
