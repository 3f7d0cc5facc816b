package io.github.cam4j.cam;

import java.util.function.UnaryOperator;

/**
 * A method's numbers that one picture's features put beyond a float's or a double's range at the settings given (a
 * KPCA-CAM kernel's gamma, say): that picture's failure, not the batch's. Thrown where the map is made, which does not
 * know the picture's name; {@link BatchRun} names the picture ({@link #about}) and refuses it as an
 * {@link InvalidInputException}, so that explain writes the pictures before it and {@code --keep-going} skips it.
 * Still an {@link IllegalArgumentException}, as the settings are at fault, for callers of the map alone.
 */
final class PictureOverflowException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The message, given how the picture is named: "this picture" here, by its name where that is known. */
    private final transient UnaryOperator<String> saying;

    /**
     * @param saying the message, from how it names the picture ("this picture" until its name is known)
     */
    PictureOverflowException(UnaryOperator<String> saying) {
        super(saying.apply("this picture"));
        this.saying = saying;
    }

    /**
     * @param picture the picture named, e.g. "image seven.png"
     * @return the message naming it
     */
    String about(String picture) {
        return saying.apply(picture);
    }
}
