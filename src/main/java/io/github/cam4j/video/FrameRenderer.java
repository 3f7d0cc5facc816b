package io.github.cam4j.video;

import static org.bytedeco.opencv.global.opencv_core.CMP_GE;
import static org.bytedeco.opencv.global.opencv_core.CV_64F;
import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.REDUCE_SUM;
import static org.bytedeco.opencv.global.opencv_core.addWeighted;
import static org.bytedeco.opencv.global.opencv_core.compare;
import static org.bytedeco.opencv.global.opencv_core.minMaxLoc;
import static org.bytedeco.opencv.global.opencv_core.reduce;
import static org.bytedeco.opencv.global.opencv_core.repeat;
import static org.bytedeco.opencv.global.opencv_core.sumElems;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.WARP_INVERSE_MAP;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import static org.bytedeco.opencv.global.opencv_core.BORDER_REPLICATE;
import static org.bytedeco.opencv.global.opencv_core.CV_64FC1;

import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.CaptionLine;
import io.github.cam4j.render.CaptionTitles;
import io.github.cam4j.render.Colormap;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.render.Resize;
import org.bytedeco.javacpp.DoublePointer;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws a {@link FrameExplanation} over its frame with the look of {@link io.github.cam4j.render.Annotation} (heatmap
 * blended as {@code (1 - alpha) * frame + alpha * colormap(map)}, green CAM box, a cross on the hottest point, the
 * caption top left, or bottom left where it would hide the hottest point, the top edge of the box, or clearly more of the map) but with every per-pixel step in OpenCV: upsampling, colouring, blending, the box's threshold and
 * components. At 640x480 that is several times cheaper than going through a {@code FloatMap} of the frame's size,
 * which matters at video rates. The box follows {@link io.github.cam4j.render.CamBox}'s rule exactly (pixels
 * {@code >= threshold * max}, largest 8-connected region, ties to the topmost, leftmost, then narrowest) and
 * is handed back to the explanation, so {@link FrameExplanation#box()} is the box drawn.
 */
final class FrameRenderer {
    private FrameRenderer() {}

    static Mat draw(Mat frame, FrameExplanation e, Colormap colormap, double alpha, double threshold) {
        return draw(frame, e, colormap, alpha, threshold, true, null);
    }

    /**
     * @param caption whether a whole-frame explanation's caption is drawn; false when the frame is to be fitted into
     *     another size and the caption drawn on that ({@link VideoPipeline}), so that it keeps the size it has on the
     *     other frames. A region's caption is always drawn.
     * @param titles the method's names the caption ends in where one fits on its line, its font a little smaller if
     *     need be ({@link CaptionLine#of}), as explain's overlays name it; null for none
     */
    static Mat draw(Mat frame, FrameExplanation e, Colormap colormap, double alpha, double threshold,
            boolean caption, CaptionTitles titles) {
        e.checkDrawnOn(frame.rows(), frame.cols());
        Box r = e.region();
        if (r.x() + r.width() > frame.cols() || r.y() + r.height() > frame.rows()) {
            throw new IllegalArgumentException("explained region " + r + " does not lie inside the " + frame.cols() + "x"
                    + frame.rows() + " frame");
        }
        boolean whole = r.x() == 0 && r.y() == 0 && r.width() == frame.cols() && r.height() == frame.rows();
        Mat converted = frame.type() == CV_8UC3 ? null : FramePixels.eightBit(frame, false);
        Mat source = converted == null ? frame : converted;
        // A whole-frame explanation rewrites every pixel, so the output need not start as a copy of the frame.
        Mat out = whole ? new Mat(source.rows(), source.cols(), CV_8UC3) : source.clone();
        try (Rect rect = new Rect(r.x(), r.y(), r.width(), r.height());
                Mat view = new Mat(out, rect);
                Mat sourceView = new Mat(source, rect);
                Mat cells = Resize.toMat(e.cells());
                Mat heat = new Mat();
                Size size = new Size(r.width(), r.height())) {
            placed(cells, heat, size, e.placement());
            // Found once: the blend colours only this window, and the box's maximum is read only in it.
            int[] warm = warmWindow(heat, e.cells(), e.placement());
            blendHeat(sourceView, view, heat, warm, colormap, alpha);

            // A frame without evidence of its own, under smoothing, shows the earlier frames' fading heat but no
            // box or cross: they had pointed at where an earlier digit had been, under "no evidence". The heat's
            // maximum is read only for a box not known yet, and only where the positive cells reach.
            Optional<Box> box = !e.ownEvidence() ? Optional.empty() : e.boxIfKnown().orElseGet(() -> box(heat,
                    maximum(heat, warm), threshold, r, e.cells(), e.placement()));
            e.boxDrawn(box);
            int thickness = Math.max(1, Math.min(view.rows(), view.cols()) / 150);
            try (Scalar green = new Scalar(0, 255, 0, 0)) {
                box.ifPresent(b -> Draw.box(view, new Box(b.x() - r.x(), b.y() - r.y(), b.width(), b.height()), green,
                        thickness));
            }
            if (e.hasEvidence() && e.ownEvidence()) {
                int[] peak = e.peak();
                // Drawn as the frame is shown: an anamorphic frame's cross had one arm longer than the other.
                Draw.marker(view, peak[1] - r.x(), peak[0] - r.y(), e.pixelAspect());
            }
            if (whole && !caption) {
                // The caption is drawn once the frame is fitted into the output's size, after this heat is gone: its
                // sums by row let it keep off the heat there as it does here.
                e.heatDrawn(rowSums(heat));
            }
            // The caption too: in stored pixels, a frame shown twice as wide had its letters twice as wide.
            // Formatted once: String.format on each of its three uses was 8 % of the draw stage's profile samples. Not
            // at all for a whole frame whose caption is drawn later, after fitting.
            CaptionLine line = whole && !caption ? null : CaptionLine.of(e.caption(), titles, view, e.pixelAspect());
            boolean inRegion = whole || line.fits(view, e.pixelAspect());
            if (inRegion && (caption || !whole)) {
                // At the bottom where it would hide the hottest point or clearly more heat, as explain's overlays
                // place it: always top left, it covered a digit in the frame's top left corner, cross and all.
                int band = line.height(view, e.pixelAspect());
                int[] hot = null;
                if (e.hasEvidence() && e.ownEvidence()) {
                    int[] peak = e.peak();
                    hot = new int[] {peak[0] - r.y(), peak[1] - r.x()};
                }
                boolean two = 2 * band <= view.rows();
                // And off the box's top edge where it can, as there: in the region's pixels.
                Box shownBox = box.map(b -> new Box(b.x() - r.x(), b.y() - r.y(), b.width(), b.height())).orElse(null);
                boolean bottom = Annotation.captionAtBottom(view.rows(), view.cols(), hot, shownBox, band,
                        two ? rowSum(heat, 0, band) : 0, two ? rowSum(heat, view.rows() - band, view.rows()) : 0);
                line.draw(view, 0, bottom ? view.rows() - band : 0, e.pixelAspect());
            }
            if (!whole) {
                try (Scalar white = new Scalar(255, 255, 255, 0)) {
                    Draw.box(out, r, white, 1);
                }
            }
            if (!inRegion) {
                // A region of interest too small for the caption cut it to "no e" or "n": drawn on the frame instead,
                // from the region's corner, over its outline, and the method named if it fits there.
                CaptionLine.of(e.caption(), titles, out, e.pixelAspect()).draw(out, r.x(), r.y(), e.pixelAspect());
            }
        } catch (RuntimeException ex) {
            out.close();
            throw ex;
        } finally {
            if (converted != null) {
                converted.close();
            }
        }
        return out;
    }

    /**
     * The largest value of {@code heat} where it can be above 0: in the window the map's positive cells reach (outside
     * it every pixel is a bilinear mean of cells at or below 0). On a frame with one digit that is a small part of the
     * frame, where reading every pixel cost 8 % of the draw stage's samples in a profile of the video benchmark.
     *
     * @param window the heat's pixels its positive cells reach ({@link #warmWindow}), or null for none
     * @return the largest value of {@code heat} (one float channel) when it is above 0; else 0 or less, for which
     *     {@link #box} draws no box either way
     */
    static double maximum(Mat heat, int[] window) {
        if (window == null) {
            return 0;
        }
        double[] max = new double[1];
        try (Rect w = new Rect(window[1], window[0], window[3] - window[1], window[2] - window[0]);
                Mat part = new Mat(heat, w);
                Mat noMask = new Mat()) {
            minMaxLoc(part, null, max, null, null, noMask);
        }
        return max[0];
    }

    /** @return the sum of {@code map} (one float channel) over each of its rows */
    private static double[] rowSums(Mat map) {
        try (Mat sums = new Mat()) {
            reduce(map, sums, 1, REDUCE_SUM, CV_64F);
            double[] rows = new double[map.rows()];
            try (DoublePointer p = new DoublePointer(sums.data())) {
                p.get(rows);
            }
            return rows;
        }
    }

    /** @return the sum of a one-channel map's rows {@code from} (inclusive) to {@code to} (exclusive) */
    private static double rowSum(Mat map, int from, int to) {
        if (to <= from) {
            return 0;
        }
        try (Rect rows = new Rect(0, from, map.cols(), to - from); Mat part = new Mat(map, rows);
                Scalar sum = sumElems(part)) {
            return sum.get(0);
        }
    }

    /**
     * @param heat the map placed at the frame's (or region's) pixels
     * @param cells the map's cells
     * @param p where the cells lie on {@code heat}
     * @return the window {top, left, bottom, right} of {@code heat}'s pixels the cells above 0 reach (outside it every
     *     pixel is a bilinear mean of cells at or below 0), or null when no cell is above 0
     */
    static int[] warmWindow(Mat heat, FloatMap cells, Placement p) {
        int[] warm = hotCells(cells, Float.MIN_VALUE);
        return warm == null ? null : pixelWindow(warm, cells, p, heat.rows(), heat.cols());
    }

    /**
     * {@code target = (1 - alpha) * source + alpha * colormap(heat)}. Only the window that the map's non-zero cells
     * reach needs the colormap: everywhere else the heat is exactly 0 and the blend is with one flat colour. On a
     * frame with one digit that spares the colormap most of the frame (with the colormap's table kept, drawing a
     * 640x480 frame went from 1.6–2.0 to 1.1–1.6 ms).
     */
    static void blendHeat(Mat source, Mat target, Mat heat, int[] window, Colormap colormap, double alpha) {
        boolean everywhere = window != null && window[0] == 0 && window[1] == 0 && window[2] == heat.rows()
                && window[3] == heat.cols();
        if (!everywhere) {
            // The Scalar closed too: made inside the Mat's constructor, one per drawn frame was left to the GC.
            try (Scalar black = new Scalar(0.0);
                    Mat zero = new Mat(1, 1, CV_8U, black);
                    Mat coldest = new Mat()) {
                colormap.applyTo(zero, coldest);
                // repeat, not a Scalar fill: JavaCPP's Mat.put(Scalar) takes a path 30 times slower at this size.
                // Into the target itself, blended there in place (addWeighted reads each pixel before it writes it):
                // a flat frame of its own was a fresh 0.9 MB of memory to fault in on every 640x480 frame.
                repeat(coldest, source.rows(), source.cols(), target);
                addWeighted(source, 1.0 - alpha, target, alpha, 0.0, target);
            }
        }
        if (window == null) {
            return;
        }
        try (Rect w = new Rect(window[1], window[0], window[3] - window[1], window[2] - window[0]);
                Mat heatPart = new Mat(heat, w);
                Mat sourcePart = new Mat(source, w);
                Mat targetPart = new Mat(target, w);
                Mat levels = new Mat();
                Mat colours = new Mat()) {
            heatPart.convertTo(levels, CV_8U, 255.0, 0.0);
            colormap.applyTo(levels, colours);
            addWeighted(sourcePart, 1.0 - alpha, colours, alpha, 0.0, targetPart);
        }
    }

    /**
     * @param hot {@code {top, left, bottom, right}} cells, inclusive
     * @return {@code {y0, x0, y1, x1}} (end exclusive), the pixels whose bilinear value any of those cells reaches:
     *     each cell's reach is one stride to either side of its centre, and the border cells' reach extends to the
     *     edge (the map is held flat beyond the outermost centres); null when that is empty
     */
    static int[] pixelWindow(int[] hot, FloatMap cells, Placement p, int rows, int cols) {
        int y0 = hot[0] == 0 ? 0 : (int) Math.floor(p.offsetY() + p.strideY() * (hot[0] - 1));
        int x0 = hot[1] == 0 ? 0 : (int) Math.floor(p.offsetX() + p.strideX() * (hot[1] - 1));
        int y1 = hot[2] == cells.height() - 1 ? rows : (int) Math.ceil(p.offsetY() + p.strideY() * (hot[2] + 1)) + 1;
        int x1 = hot[3] == cells.width() - 1 ? cols : (int) Math.ceil(p.offsetX() + p.strideX() * (hot[3] + 1)) + 1;
        y0 = Math.max(0, y0);
        x0 = Math.max(0, x0);
        y1 = Math.min(rows, y1);
        x1 = Math.min(cols, x1);
        return y1 <= y0 || x1 <= x0 ? null : new int[] {y0, x0, y1, x1};
    }

    /**
     * What {@link Resize#placed} computes, left in a Mat: each cell centred where the placement says. When the cells
     * tile the picture edge to edge (the fed size is a multiple of the model's stride, as {@link FramePreparer} makes
     * it) that is a plain resize, several times cheaper than the general affine warp.
     */
    static void placed(Mat cells, Mat out, Size size, Placement p) {
        Placement stretch = Placement.stretch(cells.rows(), cells.cols(), size.height(), size.width());
        if (close(p.strideY(), stretch.strideY()) && close(p.strideX(), stretch.strideX())
                && close(p.offsetY(), stretch.offsetY()) && close(p.offsetX(), stretch.offsetX())) {
            resize(cells, out, size, 0, 0, INTER_LINEAR);
            return;
        }
        try (Mat affine = new Mat(2, 3, CV_64FC1);
                DoublePointer a = new DoublePointer(affine.data());
                Scalar border = new Scalar(0, 0, 0, 0)) {
            a.put(new double[] {1 / p.strideX(), 0, -p.offsetX() / p.strideX(), 0, 1 / p.strideY(), -p.offsetY() / p.strideY()});
            warpAffine(cells, out, affine, size, INTER_LINEAR | WARP_INVERSE_MAP, BORDER_REPLICATE, border);
        }
    }

    private static boolean close(double a, double b) {
        return Math.abs(a - b) < 1e-6;
    }

    /**
     * CamBox's rule on an OpenCV float map of the region; the box comes back in frame pixels. Only the pixels that can
     * reach the cut are examined: a bilinear pixel is a weighted mean of the cells within one stride of it, so it
     * reaches the cut only near a cell that does. On a frame with one digit that is a small window instead of the
     * whole frame, and the connected components cost that much less; the box is the same.
     */
    static Optional<Box> box(Mat heat, double max, double threshold, Box region, FloatMap cells, Placement p) {
        if (!(max > 0)) {
            return Optional.empty();
        }
        double cut = threshold * max;
        // A hair below the cut: float rounding may lift an interpolated pixel a few ulps above all of its cells.
        int[] hot = hotCells(cells, cut - 1e-6 * cut - 1e-7);
        if (hot == null) {
            return Optional.empty();
        }
        int[] reach = pixelWindow(hot, cells, p, heat.rows(), heat.cols());
        if (reach == null) {
            return Optional.empty();
        }
        int oy = reach[0];
        int ox = reach[1];
        try (Rect window = new Rect(ox, oy, reach[3] - ox, reach[2] - oy);
                Mat part = new Mat(heat, window);
                Mat mask = new Mat();
                Scalar cutLevel = new Scalar(cut);
                Mat level = new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_64F, cutLevel)) {
            compare(part, level, mask, CMP_GE);
            return CamBox.largestRegion(mask).map(b -> new Box(b.x() + ox + region.x(), b.y() + oy + region.y(),
                    b.width(), b.height()));
        }
    }

    /** @return {@code {top, left, bottom, right}} of the cells at or above the cut, inclusive; null when none is */
    static int[] hotCells(FloatMap cells, double cut) {
        int top = Integer.MAX_VALUE;
        int left = Integer.MAX_VALUE;
        int bottom = -1;
        int right = -1;
        float[] v = cells.values();
        int w = cells.width();
        for (int i = 0; i < v.length; i++) {
            if (v[i] >= cut) {
                int y = i / w;
                int x = i % w;
                top = Math.min(top, y);
                bottom = Math.max(bottom, y);
                left = Math.min(left, x);
                right = Math.max(right, x);
            }
        }
        return bottom < 0 ? null : new int[] {top, left, bottom, right};
    }
}
