package io.github.cam4j.train;

/**
 * The architecture cannot be trained on the dataset given: its input does not take the dataset's pictures, a layer's
 * kernel or window outgrows what is left of them, its classifier
 * has fewer units than the dataset has labels, or its classifier is not the softmax that training minimises the
 * cross-entropy of. The message names the layer or setting of the architecture to change, so that a caller that knows
 * where the architecture came from (a file, a preset) can say that first. A classifier of too few units is a
 * {@link ClassifierTooSmallException}, whose parts let such a caller give other advice.
 */
public class ModelDataMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** @param message what does not fit, naming the architecture's layer or setting and the value it should have */
    public ModelDataMismatchException(String message) {
        super(message);
    }
}
