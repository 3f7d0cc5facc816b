package io.github.cam4j.cam;

import io.github.cam4j.render.Placement;

/**
 * Where a picture's pixels went on the model's input when it was framed ({@link DigitFramer}): input coordinate =
 * {@code scale * picture coordinate + shift}, per axis, in pixel-centre coordinates (pixel 0 spans -0.5..0.5).
 *
 * @param scaleY input rows per picture row
 * @param scaleX input columns per picture column
 * @param shiftY input row of picture row 0, less {@code 0 * scaleY}
 * @param shiftX input column of picture column 0
 */
record InputFrame(double scaleY, double scaleX, double shiftY, double shiftX) {

    /**
     * @param onInput where the feature cells lie on the model's input
     * @return where they lie on the picture
     */
    Placement onPicture(Placement onInput) {
        return new Placement(onInput.strideY() / scaleY, onInput.strideX() / scaleX,
                (onInput.offsetY() - shiftY) / scaleY, (onInput.offsetX() - shiftX) / scaleX);
    }
}
