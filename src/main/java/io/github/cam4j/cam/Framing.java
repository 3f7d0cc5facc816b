package io.github.cam4j.cam;

/**
 * How a picture is brought to a model of light ink on a dark ground (MNIST's kind): its size, when it differs from the
 * training size, and its levels.
 *
 * <p>A photo of a handwritten digit is not an MNIST digit: grey paper, noise, the digit small and off-centre, another
 * aspect ratio. Stretched to 28x28 it shows an MNIST model something it never saw, and the model answers with
 * confidence all the same. {@link #DIGIT} prepares it the way MNIST's digits were prepared.
 */
public enum Framing {
    /**
     * {@link #DIGIT} for pictures that differ in size from the training size of a single-channel model of light ink
     * on a dark ground (MNIST's kind), when ink is found; otherwise the whole picture resized. The default. For such
     * a model a picture whose ground is not black once inverted (a crop of a scan: paper of level 200 reads 55) is
     * brought to MNIST's levels as {@link #DIGIT} brings them, ground 0 and ink 255, what stays under 15 % of the
     * way 0; one with nothing 16 levels above its ground (blurred, as framing looks for ink) is blank, on any ground
     * (a white page with one pixel a level off, too). The pooled model read digits of 28x28 on such paper, with
     * sensor noise, right 59 % of the time before, 99 % after. MNIST's own pictures, on black, are fed as they are.
     */
    AUTO,
    /** Resize the whole picture to the training size (aspect ratio not kept), its levels as they are. */
    STRETCH,
    /**
     * MNIST's recipe (LeCun et al.): the background level is taken off and the ink stretched to full scale, the ink's
     * bounding box is scaled, aspect kept, to fit 20x20 pixels of a 28x28 field (in proportion for other training
     * sizes), and placed with its centre of mass at the field's centre. The maps are drawn back onto the picture.
     * One digit per picture; a picture with no ink is refused. Single-channel models of light ink on a dark ground only.
     */
    DIGIT
}
