package io.github.cam4j.cam;

/**
 * How a picture whose size differs from the model's training size is brought to it.
 *
 * <p>A photo of a handwritten digit is not an MNIST digit: grey paper, noise, the digit small and off-centre, another
 * aspect ratio. Stretched to 28x28 it shows an MNIST model something it never saw, and the model answers with
 * confidence all the same. {@link #DIGIT} prepares it the way MNIST's digits were prepared.
 */
public enum Framing {
    /**
     * {@link #DIGIT} for pictures that differ in size from the training size of a single-channel model of light ink
     * on a dark ground (MNIST's kind), when ink is found; otherwise {@link #STRETCH}. The default.
     */
    AUTO,
    /** Resize the whole picture to the training size (aspect ratio not kept). */
    STRETCH,
    /**
     * MNIST's recipe (LeCun et al.): the background level is taken off and the ink stretched to full scale, the ink's
     * bounding box is scaled, aspect kept, to fit 20x20 pixels of a 28x28 field (in proportion for other training
     * sizes), and placed with its centre of mass at the field's centre. The maps are drawn back onto the picture.
     * One digit per picture; a picture with no ink is refused. Single-channel models of light ink on a dark ground only.
     */
    DIGIT
}
