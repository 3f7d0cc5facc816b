package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.addWeighted;

import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Lays a coloured heatmap over an image, like torch-cam's {@code overlay_mask}: the picture readers know from CAM
 * papers.
 *
 * <pre>{@code
 * try (Mat shown = Overlay.blend(image, MapNormalizer.minMax(cam), Colormap.JET, 0.5)) {
 *     Images.write(shown, Path.of("cam.png"));
 * }
 * }</pre>
 *
 * <p>Ownership: returns a new Mat the caller must close; the image and map are not modified.
 */
public final class Overlay {

    /** How much of the heatmap shows when no alpha is given: half, so the digit stays visible under it. */
    public static final double DEFAULT_ALPHA = 0.5;

    /**
     * How far a map's values may stray outside [0, 1] (float rounding of a scaled map) before it is refused as not
     * scaled.
     */
    public static final float MAP_SLACK = 1e-3f;

    private Overlay() {
    }

    /**
     * {@code blend(image, map01, Colormap.DEFAULT, DEFAULT_ALPHA)}.
     *
     * @param image the picture, as for {@link #blend(Mat, FloatMap, Colormap, double)}
     * @param map01 the map in [0, 1]
     * @return a new {@code CV_8UC3} BGR image; the caller closes it
     */
    public static Mat blend(Mat image, FloatMap map01) {
        return blend(image, map01, Colormap.DEFAULT, DEFAULT_ALPHA);
    }

    /**
     * Computes {@code (1 - alpha) * image + alpha * colormap(map01)} per pixel, rounded and clamped to 0..255.
     *
     * @param image grey ({@code CV_8UC1}), BGR ({@code CV_8UC3}), BGRA or grey with alpha (laid on a contrasting
     *     ground, as {@link Images#flatten} lays them; what {@code CamSession} explains), 16-bit or float
     *     ({@code CV_32F} or {@code CV_64F}: 0..1 when no value exceeds 1, else 0..255, see {@link Images}), of any
     *     size
     * @param map01 the map in [0, 1] (to {@value #MAP_SLACK}), of any size: it is resized bilinearly to the image's
     *     size if needed, so a 7x7 CAM can be laid directly over a 28x28 digit. A map not scaled to [0, 1]
     *     ({@code CamResult.rawMap()}) is refused: give {@code CamResult.map()}, or scale it
     *     ({@link MapNormalizer#minMax})
     * @param cmap the colormap
     * @param alpha heatmap weight in [0, 1]: 0 gives the image (as BGR), 1 the heatmap alone
     * @return a new {@code CV_8UC3} BGR image of the image's size; the caller closes it
     * @throws IllegalArgumentException when alpha is outside [0, 1], the map holds a value outside [0, 1] (or NaN), or
     *     the image is empty, not 2-dimensional, of another depth, has an unsupported channel count, or holds NaN or
     *     infinity
     * @throws NullPointerException naming the argument, when the image, map or colormap is null
     */
    public static Mat blend(Mat image, FloatMap map01, Colormap cmap, double alpha) {
        Objects.requireNonNull(image, "image is null");
        Objects.requireNonNull(map01, "map01 is null: the map in [0, 1] to lay over the image");
        Objects.requireNonNull(cmap, "cmap is null");
        if (!(alpha >= 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
        }
        checkScaled(map01);
        PictureArgument.checkOverlaid(image, "image");
        Mat out = new Mat();
        try (Mat base = Images.toBgr8(image)) {
            FloatMap fitted = map01.height() == base.rows() && map01.width() == base.cols()
                    ? map01
                    : Resize.bilinear(map01, base.rows(), base.cols());
            try (Mat heat = cmap.apply(fitted)) {
                addWeighted(base, 1.0 - alpha, heat, alpha, 0.0, out);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * Refuses a map not scaled to [0, 1], naming where: the colormap clamped it without a word, so a raw CAM map
     * (logit shares of -5 to 12) was drawn as a saturated block over the picture's hot half.
     */
    private static void checkScaled(FloatMap map01) {
        float[] v = map01.values();
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= -MAP_SLACK && v[i] <= 1 + MAP_SLACK)) {
                throw new IllegalArgumentException("map01 holds " + v[i] + " at (y=" + i / map01.width() + ", x="
                        + i % map01.width() + "): a map laid over a picture runs from 0 to 1; give CamResult.map(),"
                        + " not rawMap(), or scale it (MapNormalizer.minMax)");
            }
        }
    }
}
