package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_HEIGHT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_LEFT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_TOP;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_WIDTH;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;

import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The bounding box the CAM paper draws around a class's evidence (Zhou et al., "Learning Deep Features for
 * Discriminative Localization", CVPR 2016, section 3.1): keep the pixels whose value is at least a fraction of the
 * map's maximum (20% there), then box the largest connected region.
 *
 * <pre>{@code
 * FloatMap big = Resize.bilinear(cam, image.rows(), image.cols());   // box in image pixels, not CAM cells
 * Optional<Box> box = CamBox.of(big, CamBox.DEFAULT_THRESHOLD);
 * }</pre>
 *
 * <p>The box is in the map's own coordinates, so resize the map to the image first to box image pixels.
 */
public final class CamBox {

    /** The paper's threshold: 20% of the map's maximum. */
    public static final double DEFAULT_THRESHOLD = 0.2;

    private CamBox() {
    }

    /**
     * {@code of(map, DEFAULT_THRESHOLD)}.
     *
     * @param map the class activation map
     * @return the box, or empty when no pixel is positive
     */
    public static Optional<Box> of(FloatMap map) {
        return of(map, DEFAULT_THRESHOLD);
    }

    /**
     * @param map the class activation map, raw or normalised; the threshold is relative to its maximum, so for a
     *     raw map with negative values "20% of the max" is not "20% of the range" (normalise first for that)
     * @param threshold fraction of the maximum, in (0, 1]; pixels {@code >= threshold * max} are kept
     * @return the bounding box of the largest 8-connected region kept (on a tie of areas, the one whose box is
     *     topmost, then leftmost, then narrowest), or empty when the map's maximum is not positive
     * @throws IllegalArgumentException when the threshold is outside (0, 1], or the map holds NaN or infinity (named
     *     with its cell), as {@link MapNormalizer} and {@link Colormap} refuse such a map
     */
    public static Optional<Box> of(FloatMap map, double threshold) {
        java.util.Objects.requireNonNull(map, "map is null");
        if (!(threshold > 0.0 && threshold <= 1.0)) {
            throw new IllegalArgumentException("threshold must be in (0, 1], was " + threshold);
        }
        // A NaN cell was skipped by the maximum and never kept, so a map with NaN where its evidence was got the box of
        // what was left, and one of all NaN no box, as if the class had no evidence; an infinite cell made the cut
        // infinite, so the box shrank to that one cell. Either is a bug upstream, said rather than drawn as a box.
        map.requireFinite("box");
        float max = map.max();
        // A map with no positive evidence (all zero or all negative) has nothing to box.
        if (!(max > 0f)) {
            return Optional.empty();
        }
        double cut = threshold * max;
        float[] v = map.values();
        byte[] mask = new byte[v.length];
        boolean any = false;
        for (int i = 0; i < v.length; i++) {
            if (v[i] >= cut) {
                mask[i] = (byte) 255;
                any = true;
            }
        }
        if (!any) {
            return Optional.empty();
        }
        try (Mat binary = new Mat(map.height(), map.width(), CV_8UC1); BytePointer data = binary.data()) {
            data.put(mask);
            return largestRegion(binary);
        }
    }

    /**
     * The box of the largest 8-connected region of a mask: the second half of the paper's rule, for callers that
     * threshold an OpenCV map themselves (a video frame's map is never copied into a {@link FloatMap}).
     *
     * @param mask an 8-bit single-channel mask, non-zero where kept; not modified
     * @return the region's bounding box in the mask's pixels (on a tie of areas, the topmost, then leftmost, then
     *     narrowest box), or empty when nothing is kept
     * @throws IllegalArgumentException when the mask is closed, empty or not {@code CV_8UC1}
     * @throws NullPointerException naming it, when the mask is null
     */
    public static Optional<Box> largestRegion(Mat mask) {
        java.util.Objects.requireNonNull(mask, "mask is null");
        // A closed mask crashed the JVM (SIGSEGV in OpenCV's connectedComponentsWithStats); an empty or other-typed one
        // failed with OpenCV's assertion, which did not say it was the mask.
        if (mask.isNull() || mask.empty()) {
            throw new IllegalArgumentException("mask is empty (or closed): give an 8-bit single-channel mask, non-zero"
                    + " where kept");
        }
        if (mask.type() != CV_8UC1) {
            throw new IllegalArgumentException("mask is " + DepthNames.of(mask) + "; a mask is 8-bit single-channel"
                    + " (CV_8UC1), non-zero where kept");
        }
        try (Mat labels = new Mat(); Mat stats = new Mat(); Mat centroids = new Mat()) {
            int n = connectedComponentsWithStats(mask, labels, stats, centroids, 8, CV_32S);
            try (IntIndexer s = stats.createIndexer()) {
                int best = -1;
                // Label 0 is the background. OpenCV does not promise an order of labels, so ties of area are
                // broken by position, to give the same box on every platform and thread count.
                for (int label = 1; label < n; label++) {
                    if (best < 0 || isBetter(s, label, best)) {
                        best = label;
                    }
                }
                if (best < 0) {
                    return Optional.empty();
                }
                return Optional.of(new Box(s.get(best, CC_STAT_LEFT), s.get(best, CC_STAT_TOP),
                        s.get(best, CC_STAT_WIDTH), s.get(best, CC_STAT_HEIGHT)));
            }
        }
    }

    private static boolean isBetter(IntIndexer s, int label, int best) {
        int area = s.get(label, CC_STAT_AREA);
        int bestArea = s.get(best, CC_STAT_AREA);
        if (area != bestArea) {
            return area > bestArea;
        }
        int top = s.get(label, CC_STAT_TOP);
        int bestTop = s.get(best, CC_STAT_TOP);
        if (top != bestTop) {
            return top < bestTop;
        }
        int left = s.get(label, CC_STAT_LEFT);
        int bestLeft = s.get(best, CC_STAT_LEFT);
        if (left != bestLeft) {
            return left < bestLeft;
        }
        // Two regions of one area can share their box's corner (a diagonal stroke and a blob in the corner it cuts
        // off): without this the label order decided, and ThresholdSweep, which knows no labels, boxed the other one.
        // Such regions nest, the inner one hemmed in by the outer, so the inner box is the narrower: width settles it.
        return s.get(label, CC_STAT_WIDTH) < s.get(best, CC_STAT_WIDTH);
    }
}
