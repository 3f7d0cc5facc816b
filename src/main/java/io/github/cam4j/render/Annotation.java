package io.github.cam4j.render;

import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * One explained picture as people look at it: the heatmap blended over the image, the CAM box, a cross on the
 * hottest point and a caption (in a band at the top left, or the bottom left when the hottest point is under the
 * top one; the cross is drawn over it in any case). Used by {@code cam4j explain} and by every video frame.
 */
public final class Annotation {
    private Annotation() {}

    /**
     * @param image the original (grey, BGR or float; any size); not modified
     * @param map01 the map in [0, 1], at the image's size (resized if not)
     * @param box the CAM box in image pixels, if any
     * @param caption e.g. {@code "7  p=0.998"}; null for none
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1]
     * @return a new BGR image the caller closes
     */
    public static Mat draw(Mat image, FloatMap map01, Optional<Box> box, String caption, Colormap colormap, double alpha) {
        return draw(image, map01, box, null, caption, colormap, alpha);
    }

    /**
     * @param image the original (grey, BGR or float; any size); not modified
     * @param map01 the map in [0, 1], at the image's size (resized if not)
     * @param box the CAM box in image pixels, if any
     * @param peak {@code {y, x}} of the hottest point in image pixels, or null for the map's first maximum
     * @param caption e.g. {@code "7  p=0.998"}; null for none
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1]
     * @return a new BGR image the caller closes
     */
    public static Mat draw(Mat image, FloatMap map01, Optional<Box> box, int[] peak, String caption, Colormap colormap,
            double alpha) {
        FloatMap fitted = map01.height() == image.rows() && map01.width() == image.cols() ? map01
                : Resize.bilinear(map01, image.rows(), image.cols());
        Mat shown = Overlay.blend(image, fitted, colormap, alpha);
        int thickness = Math.max(1, Math.min(image.rows(), image.cols()) / 150);
        try (Scalar green = new Scalar(0, 255, 0, 0)) {
            box.ifPresent(b -> Draw.box(shown, b, green, thickness));
        }
        int[] hot = peak != null ? peak : fitted.argMaxYX();
        if (caption != null) {
            // Top left, unless the hottest point lies under that band: then bottom left, so that the caption does not
            // hide what the map points at.
            int band = Draw.labelHeight(shown, caption);
            Draw.label(shown, caption, 0, hot[0] < band ? shown.rows() - band : 0);
        }
        // Last, so that it shows even where the caption had to cover it (pictures hardly taller than two bands).
        Draw.marker(shown, hot[1], hot[0]);
        return shown;
    }
}
