package io.github.cam4j.savedmodel;

/**
 * A tensor named to the loader that the model's graph does not have: no such operation, or no such output of it. Its
 * own type so that a caller who took the name from its user (the command line's {@code --features}) can say so in
 * that option's words, apart from a model whose own files name a tensor it lacks.
 */
public final class UnknownTensorException extends NamedTensorException {
    private static final long serialVersionUID = 1L;

    /**
     * @param tensor the name as it was given, e.g. {@code conv2d/Relu:3}
     * @param message what is wrong, naming the tensor and its role
     */
    public UnknownTensorException(String tensor, String message) {
        super(tensor, message);
    }
}
