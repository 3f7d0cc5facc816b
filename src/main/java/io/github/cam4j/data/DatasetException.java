package io.github.cam4j.data;

import io.github.cam4j.Cam4jException;

/** A dataset file or folder that cannot be used: missing, malformed, truncated, or failing its checksum. */
public class DatasetException extends Cam4jException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file */
    public DatasetException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file
     * @param cause the underlying failure
     */
    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
