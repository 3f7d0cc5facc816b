package io.github.cam4j.savedmodel;

/**
 * A SavedModel refused before anything in it runs, because its graph or one of its library functions holds an op that
 * is not on cam4j's allow-list of pure tensor ops (for example {@code ReadFile}, {@code WriteFile}, {@code PrintV2},
 * {@code PyFunc}). The message names the op, the node and the function where it stands. Opening the model with the
 * trust flag skips the check.
 */
public class UntrustedModelException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /** @param message the file, the refused op(s), their node and function, and how to proceed */
    public UntrustedModelException(String message) {
        super(message);
    }
}
