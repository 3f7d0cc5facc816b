package io.github.cam4j.cli;

/**
 * A command line that cannot mean anything: a value outside its option's range or choices, or options that exclude
 * or need each other. Answered as picocli answers a mistyped option (one line naming the help, exit code 2), not as
 * a failure of the work (exit code 1): {@code --lr-schedule linear} had exited 1 where {@code --method bogus} exits 2.
 */
final class UsageException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the option */
    UsageException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the option
     * @param cause what found it (a parser's exception)
     */
    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
