package io.github.cam4j.cam;

/**
 * The model failed on pictures fed at another size than the one it was made for: its run refused that size
 * (TensorFlow's error, e.g. a Flatten's reshape) or it gave more rows of logits than pictures. Apart from cam4j's own
 * refusals of a setting or an input (an occlusion patch larger than the picture, a picture too small for one feature
 * cell), which are plain {@link InvalidInputException}s and say what to change themselves: a caller that says what works
 * for a size failure (the video's square region of interest) says it for this one only.
 */
public class FedSizeException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the model, the size fed and the size it was made for when known */
    public FedSizeException(String message) {
        super(message);
    }

    /**
     * @param message what failed
     * @param cause TensorFlow's failure of the run
     */
    public FedSizeException(String message, Throwable cause) {
        super(message, cause);
    }
}
