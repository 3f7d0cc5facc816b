package io.github.cam4j.savedmodel;

import java.util.List;

/**
 * A SavedModel refused before anything in it runs, because its graph or one of its library functions holds an op that
 * is not on cam4j's allow-list of pure tensor ops (for example {@code ReadFile}, {@code WriteFile}, {@code PrintV2},
 * {@code PyFunc}). The message is a one-line summary (the file, that it is refused, how to proceed) followed by the
 * refused ops, one an indented line, each with its node and function. Opening the model with the trust flag skips the
 * check.
 */
public class UntrustedModelException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /** The message's first line. */
    private final String summary;
    /** The refused ops, one entry each (the message's further lines). */
    private final List<String> refused;

    /**
     * @param summary one line: the file, that it is refused, and how to proceed
     * @param refused what is refused, one entry per op: the op, its node and function, and why
     */
    public UntrustedModelException(String summary, List<String> refused) {
        super(summary + String.join("", refused.stream().map(r -> "\n  - " + r).toList()));
        this.summary = summary;
        this.refused = List.copyOf(refused);
    }

    /** @return the message's first line: the file, that it is refused, and how to proceed */
    public String summary() {
        return summary;
    }

    /** @return the refused ops, one entry each with its node and function and why (the message's further lines) */
    public List<String> refused() {
        return refused;
    }
}
