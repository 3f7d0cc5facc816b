package io.github.cam4j.savedmodel;

/**
 * A target layer named to the loader that is the model's input itself, which the pictures are fed to: TensorFlow
 * refuses to feed and fetch one tensor in a run, so each picture failed in its words ("images:0 is both fed and
 * fetched"), blamed on the picture. Its own type, as {@link UnknownTensorException} is, so that a caller who took the
 * name from its user (the command line's {@code --features}) can say so in that option's words.
 */
public final class InputAsLayerException extends NamedTensorException {
    private static final long serialVersionUID = 1L;

    /**
     * @param tensor the name as the loader was given it, e.g. {@code images} or {@code serving_default_pixels:0}
     * @param message what is wrong, naming the tensor
     */
    public InputAsLayerException(String tensor, String message) {
        super(tensor, message);
    }
}
