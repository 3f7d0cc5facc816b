package io.github.cam4j;

/**
 * The root of every checked exception cam4j throws. Its message always names the file, tensor or argument at fault
 * and what is wrong with it, so a command line can print it as the one line a user sees.
 */
public class Cam4jException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file, tensor or argument */
    public Cam4jException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file, tensor or argument
     * @param cause the underlying failure
     */
    public Cam4jException(String message, Throwable cause) {
        super(message, cause);
    }
}
