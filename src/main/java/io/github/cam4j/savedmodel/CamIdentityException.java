package io.github.cam4j.savedmodel;

/**
 * A features tensor with as many channels as the classifier's kernel weighs that is not the tensor its global average
 * pooling reduces (the concatenation before a max pooling, the ReLU before one): on a probe image the mean of its map
 * by the kernel, plus the bias, is not the logit. Its own type, as {@link TensorChannelsException} is, so that a caller
 * who took the name from its user (the command line's {@code --features}) can say so in that option's words: it had
 * been a plain failure in the loader's words, naming no option.
 */
public final class CamIdentityException extends NamedTensorException {
    private static final long serialVersionUID = 1L;

    /** The tensor's channels, the ones the kernel weighs. */
    private final int channels;
    /** The class whose logit the map did not give. */
    private final int classIndex;
    /** That class's logit on the probe image. */
    private final double logit;
    /** What the features gave for it: their mean over the cells, by the kernel's column, plus the bias. */
    private final double fromMap;

    /**
     * @param tensor the features' name, as it was given where it was (e.g. {@code concatenate_1/concat})
     * @param channels the tensor's channels, the ones the kernel weighs
     * @param classIndex the class whose logit the map did not give
     * @param logit that class's logit on the probe image
     * @param fromMap what the features gave for it: mean(features) · kernel + bias
     * @param message what is wrong, naming the tensors and the values
     */
    public CamIdentityException(String tensor, int channels, int classIndex, double logit, double fromMap,
            String message) {
        super(tensor, message);
        this.channels = channels;
        this.classIndex = classIndex;
        this.logit = logit;
        this.fromMap = fromMap;
    }

    /**
     * @param given the name the features were given by, where the loader found the tensor by it (the end of an imported
     *     node's name)
     * @return the same refusal, carrying that name
     */
    public CamIdentityException named(String given) {
        CamIdentityException renamed = new CamIdentityException(given, channels, classIndex, logit, fromMap,
                getMessage());
        renamed.setStackTrace(getStackTrace());
        return renamed;
    }

    /** @return the tensor's channels, the ones the kernel weighs */
    public int channels() {
        return channels;
    }

    /** @return the class whose logit the map did not give */
    public int classIndex() {
        return classIndex;
    }

    /** @return that class's logit on the probe image */
    public double logit() {
        return logit;
    }

    /** @return what the features gave for it: mean(features) · kernel + bias */
    public double fromMap() {
        return fromMap;
    }
}
