package io.github.cam4j.savedmodel;

/**
 * A model that opens but whose layers do not allow a class activation map: no global average pooling before the
 * classifier, a non-linearity between pooling and output, a missing or ambiguous input or output. The message says
 * why, what was found (the chain of ops), and what would work.
 */
public class NotCamReadyException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /** Whether a gradient method may explain the model where CAM cannot ({@link #gradientsMayExplain()}). */
    private final boolean gradientsMayExplain;

    /** @param message why the model is not CAM-ready, what was found, and what would work */
    public NotCamReadyException(String message) {
        this(message, false);
    }

    /**
     * @param message why the model is not CAM-ready, what was found, and what would work
     * @param gradientsMayExplain whether the refusal is CAM's own (no global average pooling, or a head between it and
     *     the output that is not linear), which a gradient method does not need
     */
    public NotCamReadyException(String message, boolean gradientsMayExplain) {
        super(message);
        this.gradientsMayExplain = gradientsMayExplain;
    }

    /**
     * @param message why the model is not CAM-ready
     * @param cause the underlying failure; a {@code NotCamReadyException} passes on {@link #gradientsMayExplain()}
     */
    public NotCamReadyException(String message, Throwable cause) {
        super(message, cause);
        this.gradientsMayExplain = cause instanceof NotCamReadyException n && n.gradientsMayExplain;
    }

    /**
     * @return whether a gradient method (Grad-CAM) may explain the model where CAM cannot: true when CAM refused for
     *     want of global average pooling or of a linear head after it; false when the input, the output or a named
     *     tensor is what is wrong, which no method gets round
     */
    public boolean gradientsMayExplain() {
        return gradientsMayExplain;
    }
}
