package io.github.cam4j.cam;

import io.github.cam4j.render.Box;
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

    /**
     * @param inputHeight the model input's rows
     * @param inputWidth its columns
     * @param pictureHeight the picture's rows
     * @param pictureWidth its columns
     * @return the picture's pixels that the model's input covers, clipped to the picture (whole pixels, each partly
     *     covered one included)
     */
    Box region(int inputHeight, int inputWidth, int pictureHeight, int pictureWidth) {
        // Input pixel i spans i - 0.5 .. i + 0.5; so does picture pixel p.
        int y0 = clamp((int) Math.floor((-0.5 - shiftY) / scaleY + 0.5), pictureHeight);
        int x0 = clamp((int) Math.floor((-0.5 - shiftX) / scaleX + 0.5), pictureWidth);
        int y1 = clamp((int) Math.ceil((inputHeight - 0.5 - shiftY) / scaleY + 0.5), pictureHeight);
        int x1 = clamp((int) Math.ceil((inputWidth - 0.5 - shiftX) / scaleX + 0.5), pictureWidth);
        return new Box(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }
}
