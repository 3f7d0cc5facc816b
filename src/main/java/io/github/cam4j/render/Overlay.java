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
     * @param image grey ({@code CV_8UC1}), BGR ({@code CV_8UC3}), BGRA (alpha dropped), 16-bit or float
     *     ({@code CV_32F}: 0..1 when no value exceeds 1, else 0..255, see {@link Images}), of any size
     * @param map01 the map in [0, 1], of any size: it is resized bilinearly to the image's size if needed, so a
     *     7x7 CAM can be laid directly over a 28x28 digit
     * @param cmap the colormap
     * @param alpha heatmap weight in [0, 1]: 0 gives the image (as BGR), 1 the heatmap alone
     * @return a new {@code CV_8UC3} BGR image of the image's size; the caller closes it
     * @throws IllegalArgumentException when alpha is outside [0, 1] or the image is empty or has an unsupported
     *     channel count
     * @throws NullPointerException naming the argument, when the image, map or colormap is null
     */
    public static Mat blend(Mat image, FloatMap map01, Colormap cmap, double alpha) {
        Objects.requireNonNull(image, "image is null");
        Objects.requireNonNull(map01, "map01 is null: the map in [0, 1] to lay over the image");
        Objects.requireNonNull(cmap, "cmap is null");
        if (!(alpha >= 0.0 && alpha <= 1.0)) {
            throw new IllegalArgumentException("alpha must be in [0, 1], was " + alpha);
        }
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
}
