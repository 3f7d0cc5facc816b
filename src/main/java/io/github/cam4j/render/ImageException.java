package io.github.cam4j.render;

import io.github.cam4j.Cam4jException;

/**
 * An image file that cannot be read or written: missing, empty, a directory, not decodable, or an output folder
 * that does not exist. The message always names the file.
 */
public class ImageException extends Cam4jException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the file */
    public ImageException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong, naming the file
     * @param cause the underlying failure
     */
    public ImageException(String message, Throwable cause) {
        super(message, cause);
    }
}
