package io.github.cam4j.cam;

import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.PictureResize;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.InputCrop;
import java.util.Optional;

/**
 * The part of a picture a model that crops its input saw ({@link InputCrop}), in pixel-centre coordinates of edges
 * (pixel 0 spans -0.5..0.5): rows {@code top..bottom}, columns {@code left..right}. Outside it the model read
 * nothing, so its map there holds no evidence.
 *
 * @param top first row coordinate seen
 * @param left first column coordinate seen
 * @param bottom last row coordinate seen
 * @param right last column coordinate seen
 */
public record SeenPart(double top, double left, double bottom, double right) {
    /** Below this, a pixel only touches the part's edge. */
    private static final double EPS = 1e-9;

    /**
     * @param v a crop placed on an input ({@link CamModel#cellsOn})
     * @return the part that view says the model saw, on the input it was placed on
     */
    public static SeenPart of(InputCrop.View v) {
        return new SeenPart(v.top(), v.left(), v.bottom(), v.right());
    }

    /**
     * @param model a model
     * @param height the rows of the input it is fed
     * @param width that input's columns
     * @return the part of that input the model saw, when it crops its input and the crop can be placed; empty when it
     *     saw all of it (no crop, a resize alone) or its crop cannot be placed
     */
    public static Optional<SeenPart> seenBy(CamModel model, int height, int width) {
        if (model.inputCrop().isEmpty()) {
            return Optional.empty();
        }
        return model.cellsOn(height, width).filter(v -> !v.whole(height, width)).map(SeenPart::of);
    }

    /**
     * @param fromHeight rows of the picture this part is on
     * @param fromWidth columns of the picture this part is on
     * @param toHeight rows of the picture it was resized from or to
     * @param toWidth columns of that picture
     * @return the same part on the picture the input was resized from or to (OpenCV's convention: pixel edges scale,
     *     centre {@code p} goes to {@code (p + 0.5) * f - 0.5})
     */
    public SeenPart rescaled(int fromHeight, int fromWidth, int toHeight, int toWidth) {
        double fy = (double) toHeight / fromHeight;
        double fx = (double) toWidth / fromWidth;
        return new SeenPart((top + 0.5) * fy - 0.5, (left + 0.5) * fx - 0.5, (bottom + 0.5) * fy - 0.5,
                (right + 0.5) * fx - 0.5);
    }

    /**
     * The picture's pixels the model read through this part of its input, when cam4j resized the picture whole to the
     * input ({@link PictureResize}: averaged where it shrinks, interpolated where it grows). Averaged, each input pixel
     * is made of the picture pixels its footprint covers, and the part's edges scale ({@link #rescaled}). Interpolated,
     * an input pixel by the part's edge is made of two picture pixels per axis, one of them beyond the scaled edge: those
     * are counted too, so ink on any picture pixel that changes the scores lies within the outline. Before, the edges
     * were scaled here as well: a 14x14 picture fed to a 28x28 model that keeps rows 4 to 23 was outlined on rows 2 to
     * 11, and ink on rows 1 and 12 changed its scores ({@code SeenPartTest}).
     *
     * @param inputHeight the input's rows
     * @param inputWidth its columns
     * @param pictureHeight the picture's rows
     * @param pictureWidth its columns
     * @return the picture's pixels read through the part, clipped to the picture; empty when none
     */
    public Box onResizedPicture(int inputHeight, int inputWidth, int pictureHeight, int pictureWidth) {
        if (!PictureResize.interpolates(pictureHeight, pictureWidth, inputHeight, inputWidth)) {
            return rescaled(inputHeight, inputWidth, pictureHeight, pictureWidth).pixels(pictureHeight, pictureWidth);
        }
        Box onInput = pixels(inputHeight, inputWidth);
        if (onInput.isEmpty()) {
            return onInput;
        }
        int[] rows = PictureResize.reads(pictureHeight, pictureWidth, inputHeight, inputWidth, 0, onInput.y(),
                onInput.y() + onInput.height() - 1);
        int[] columns = PictureResize.reads(pictureHeight, pictureWidth, inputHeight, inputWidth, 1, onInput.x(),
                onInput.x() + onInput.width() - 1);
        return new Box(columns[0], rows[0], columns[1] - columns[0] + 1, rows[1] - rows[0] + 1);
    }

    /** @return the same part on the picture a framed input was cut from (input = scale * picture + shift) */
    SeenPart onPicture(InputFrame frame) {
        return new SeenPart((top - frame.shiftY()) / frame.scaleY(), (left - frame.shiftX()) / frame.scaleX(),
                (bottom - frame.shiftY()) / frame.scaleY(), (right - frame.shiftX()) / frame.scaleX());
    }

    /**
     * @param height the picture's rows
     * @param width its columns
     * @return the picture's pixels the part covers, each partly covered one included (the model read some of it),
     *     clipped to the picture; empty when none
     */
    public Box pixels(int height, int width) {
        // Pixel p spans p - 0.5 .. p + 0.5: it is in when that overlaps top..bottom by more than a touch.
        int y0 = clamp((int) Math.floor(top - 0.5 + EPS) + 1, height);
        int x0 = clamp((int) Math.floor(left - 0.5 + EPS) + 1, width);
        int y1 = clamp((int) Math.ceil(bottom + 0.5 - EPS), height);
        int x1 = clamp((int) Math.ceil(right + 0.5 - EPS), width);
        return new Box(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    private static int clamp(int v, int size) {
        return Math.max(0, Math.min(size, v));
    }

    /**
     * Sets a map's values outside a box to {@code fill}, in place.
     *
     * @return {@code m}
     */
    static FloatMap fillOutside(FloatMap m, Box inside, float fill) {
        float[] v = m.values();
        int w = m.width();
        for (int y = 0; y < m.height(); y++) {
            boolean row = y >= inside.y() && y < inside.y() + inside.height();
            for (int x = 0; x < w; x++) {
                if (!row || x < inside.x() || x >= inside.x() + inside.width()) {
                    v[y * w + x] = fill;
                }
            }
        }
        return m;
    }

    /**
     * @return the value a map holds where the model saw nothing: 0, no evidence (or the map's value nearest 0, so that
     *     normalisation and the box's cut still see the raw map's range), as for the part of a framed picture
     */
    static float none(FloatMap raw) {
        return Math.max(raw.min(), Math.min(raw.max(), 0f));
    }
}
