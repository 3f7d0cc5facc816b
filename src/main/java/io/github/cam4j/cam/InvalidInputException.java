package io.github.cam4j.cam;

/** An input CAM cannot use: an empty or unreadable image, a class index out of range, top-k above the class count. */
public class InvalidInputException extends CamException {
    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, naming the input */
    public InvalidInputException(String message) {
        super(message);
    }

    /**
     * @param message what is wrong
     * @param cause the underlying failure
     */
    public InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
