package io.github.cam4j.savedmodel;

/**
 * A tensor named to the loader that the graph has, but of another rank than its role takes (a classifier's rank-2
 * output named as the rank-4 features). Its own type, as {@link UnknownTensorException} is, so that a caller who took
 * the name from its user (the command line's {@code --features}) can say so in that option's words.
 */
public final class TensorRankException extends NamedTensorException {
    private static final long serialVersionUID = 1L;

    /** The rank its role takes. */
    private final int expected;
    /** The tensor's static rank and shape, e.g. {@code 2 (shape [-1, 10])}. */
    private final String actual;

    /**
     * @param tensor the name as it was given, e.g. {@code dense/MatMul}
     * @param expected the rank its role takes
     * @param actual the tensor's static rank and shape, e.g. {@code 2 (shape [-1, 10])}
     * @param message what is wrong, naming the tensor and its role
     */
    public TensorRankException(String tensor, int expected, String actual, String message) {
        super(tensor, message);
        this.expected = expected;
        this.actual = actual;
    }

    /** @return the rank its role takes */
    public int expected() {
        return expected;
    }

    /** @return the tensor's static rank and shape, e.g. {@code 2 (shape [-1, 10])} */
    public String actual() {
        return actual;
    }
}
