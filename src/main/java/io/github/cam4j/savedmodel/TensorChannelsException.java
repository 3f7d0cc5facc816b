package io.github.cam4j.savedmodel;

/**
 * A features tensor named to the loader whose channels are not the ones the classifier's kernel weighs (a first
 * convolution's 16 channels named for CAM where the global average pooling reduces a later one's 32). Its own type, as
 * {@link TensorRankException} is, so that a caller who took the name from its user (the command line's
 * {@code --features}) can say so in that option's words.
 */
public final class TensorChannelsException extends NamedTensorException {
    private static final long serialVersionUID = 1L;

    /** The tensor's channels. */
    private final long channels;
    /** The channels the kernel weighs: its rows. */
    private final int weighed;
    /** What weighs them, e.g. {@code the kernel} or {@code the classifier's kernel}. */
    private final String weigher;

    /**
     * @param tensor the name as it was given, e.g. {@code conv2d/Relu}
     * @param channels the tensor's channels
     * @param weighed the channels the classifier's kernel weighs
     * @param weigher what weighs them, e.g. {@code the kernel}
     * @param message what is wrong, naming the tensor and its role
     */
    public TensorChannelsException(String tensor, long channels, int weighed, String weigher, String message) {
        super(tensor, message);
        this.channels = channels;
        this.weighed = weighed;
        this.weigher = weigher;
    }

    /** @return the tensor's channels */
    public long channels() {
        return channels;
    }

    /** @return the channels the classifier's kernel weighs */
    public int weighed() {
        return weighed;
    }

    /** @return what weighs them, e.g. {@code the kernel} or {@code the classifier's kernel} */
    public String weigher() {
        return weigher;
    }
}
