package io.github.cam4j;

/**
 * The root of cam4j's own checked exceptions: a model that cannot be opened or explained, a picture, data set or video
 * that cannot be used, a stopped explanation. Its message names the file, tensor or argument at fault and what is wrong
 * with it, so a command line can print it as the one line a user sees.
 *
 * <p>Not every checked exception of the API is one: writing files throws {@link java.io.IOException} as the JDK's
 * file calls do ({@code EvaluationRun.evaluate} and {@code writeReport}, {@code CamModelExporter},
 * {@code ModelMetadata.write}, {@code FramesJsonLines.close}), so a caller catching only this one must catch that too.
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
