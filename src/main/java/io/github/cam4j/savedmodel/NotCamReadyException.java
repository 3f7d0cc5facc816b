package io.github.cam4j.savedmodel;

/**
 * A model that opens but whose layers do not allow a class activation map: no global average pooling before the
 * classifier, a non-linearity between pooling and output, a missing or ambiguous input or output. The message is one
 * line naming the model (or tensor) and what is wrong; {@link #details()} says, on the lines after it, what was found
 * (the chain of ops) and what would work, where the refusal has more to say.
 */
public class NotCamReadyException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /** Whether a gradient method may explain the model where CAM cannot ({@link #gradientsMayExplain()}). */
    private final boolean gradientsMayExplain;
    /** The lines after the first: what was found and what would work; empty when the refusal says no more. */
    private final String details;

    /**
     * @param message why the model is not CAM-ready, on its first line; what was found and what would work may follow
     *     on further lines, which {@link #details()} returns
     */
    public NotCamReadyException(String message) {
        this(message, false);
    }

    /**
     * @param message why the model is not CAM-ready, on its first line; what was found and what would work may follow
     *     on further lines, which {@link #details()} returns
     * @param gradientsMayExplain whether the refusal is CAM's own (no global average pooling, or a head between it and
     *     the output that is not linear), which a gradient method does not need
     */
    public NotCamReadyException(String message, boolean gradientsMayExplain) {
        // A library caller's getMessage() (a log line, an error shown in an application) was several lines: the
        // first names the model and what is wrong, the rest is kept apart.
        super(firstLine(message));
        this.gradientsMayExplain = gradientsMayExplain;
        this.details = afterFirstLine(message);
    }

    /**
     * @param message why the model is not CAM-ready, on its first line; further lines are {@link #details()}
     * @param cause the underlying failure; a {@code NotCamReadyException} passes on {@link #gradientsMayExplain()},
     *     and its details when {@code message} has none
     */
    public NotCamReadyException(String message, Throwable cause) {
        super(firstLine(message), cause);
        this.gradientsMayExplain = cause instanceof NotCamReadyException n && n.gradientsMayExplain;
        String own = afterFirstLine(message);
        this.details = !own.isEmpty() || !(cause instanceof NotCamReadyException n) ? own : n.details;
    }

    /**
     * @return what was found (the chain of ops from the output back) and what would work, on the lines after the
     *     message; empty when the refusal says no more than {@link #getMessage()}
     */
    public String details() {
        return details;
    }

    /**
     * @return the message and, on the lines after it, the {@link #details()}: the whole refusal, as {@code inspect}
     *     reports it
     */
    public String withDetails() {
        return details.isEmpty() ? getMessage() : getMessage() + "\n" + details;
    }

    /**
     * @return whether a gradient method (Grad-CAM) may explain the model where CAM cannot: true when CAM refused for
     *     want of global average pooling or of a linear head after it; false when the input, the output or a named
     *     tensor is what is wrong, which no method gets round
     */
    public boolean gradientsMayExplain() {
        return gradientsMayExplain;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return null;
        }
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }

    private static String afterFirstLine(String message) {
        int end = message == null ? -1 : message.indexOf('\n');
        return end < 0 ? "" : message.substring(end + 1);
    }
}
