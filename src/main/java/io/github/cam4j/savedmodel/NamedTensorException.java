package io.github.cam4j.savedmodel;

/**
 * A tensor named to the loader that cannot serve in the role it was named for: the graph lacks it ({@link
 * UnknownTensorException}), its rank is not the role's ({@link TensorRankException}), its channels are not the ones
 * the classifier weighs ({@link TensorChannelsException}) or are but it is not what the classifier's pooling reduces
 * ({@link CamIdentityException}), a short name ends several nodes' names ({@link
 * AmbiguousTensorException}), or it is the model's input named as a layer ({@link InputAsLayerException}). Each carries the name as it was given, so that a caller who took the name from its user
 * (the command line's {@code --features}) can say the refusal in that option's words.
 */
public abstract class NamedTensorException extends ModelLoadException {
    private static final long serialVersionUID = 1L;

    /** The name as it was given. */
    private final String tensor;

    /**
     * @param tensor the name as it was given, e.g. {@code conv2d/Relu:3}
     * @param message what is wrong, naming the tensor and its role
     */
    protected NamedTensorException(String tensor, String message) {
        super(message);
        this.tensor = tensor;
    }

    /** @return the name as it was given */
    public String tensor() {
        return tensor;
    }
}
