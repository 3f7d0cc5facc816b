package io.github.cam4j.train;

/**
 * A dataset's training and test pictures differ in size: the test accuracy would be of other pictures than the model
 * learned. Its own type, so that a caller that knows where the dataset came from (a folder given on a command line)
 * can name it before the message.
 */
public final class TrainTestSizeMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message the two sizes and why they cannot go together */
    public TrainTestSizeMismatchException(String message) {
        super(message);
    }
}
