package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Objects;
import java.util.List;
import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * One explained picture as people look at it: the heatmap blended over the image, the CAM box, a cross on the
 * hottest point (none on a flat map, which has none) and a caption (in a band at the top left, or the bottom left
 * when the hottest point, the CAM box's top edge or clearly more heat is under the top one; the cross is drawn over it
 * in any case). Used by {@code cam4j explain}
 * and by every video frame.
 */
public final class Annotation {
    /** The caption of a map that is flat (a blank picture's): no class has evidence, and no point is hotter. */
    public static final String NO_EVIDENCE = "no evidence";
    /**
     * {@link #NO_EVIDENCE} shortened, where that leaves no room for the method's name or does not fit at all
     * ({@link CaptionTitles}): at 128x96 "no evidence" beside Grad-CAM++ or Ablation-CAM fitted no font size, and the
     * method went unnamed; on a 64x48 cell it was cut to "no...ence".
     */
    public static final String FLAT = "flat";

    private Annotation() {}

    /**
     * @param image the original (grey, BGR or float; any size); not modified
     * @param map01 the map in [0, 1], at the image's size (resized if not)
     * @param box the CAM box in image pixels, if any
     * @param caption e.g. {@code "7  p=0.998"}; null for none; a second line (after {@code '\n'}) goes at the
     *     bottom edge (above the first when that moved there)
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1]
     * @return a new BGR image the caller closes
     * @throws NullPointerException naming the argument, when the image, map, box or colormap is null
     * @throws IllegalArgumentException when the box lies wholly outside the image or the peak outside it (a box
     *     partly outside is clipped); when the image is closed, empty, not 2-dimensional or of pixels
     *     {@link Overlay#blend} refuses, the map holds a value outside [0, 1], or alpha is outside [0, 1]
     */
    public static Mat draw(Mat image, FloatMap map01, Optional<Box> box, String caption, Colormap colormap, double alpha) {
        return draw(image, map01, box, null, caption, colormap, alpha);
    }

    /** Pictures are enlarged up to at most this many pixels on their longer side. */
    public static final int MAX_ENLARGED_SIDE = 4096;

    /**
     * The whole factor that brings a picture's shorter side to at least {@code minSide} pixels, so that a small
     * picture (a 28x28 MNIST digit) can be seen and its caption read, without its longer side passing
     * {@value #MAX_ENLARGED_SIDE}.
     *
     * @param rows the picture's height
     * @param cols the picture's width
     * @param minSide the shorter side wanted; 0 or less keeps every picture at its size
     * @return 1 or more
     */
    public static int enlargement(int rows, int cols, int minSide) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("picture size must be positive, was " + rows + "x" + cols);
        }
        int shorter = Math.min(rows, cols);
        if (minSide <= 0 || shorter >= minSide) {
            return 1;
        }
        int wanted = (minSide + shorter - 1) / shorter;
        return Math.max(1, Math.min(wanted, MAX_ENLARGED_SIDE / Math.max(rows, cols)));
    }

    /**
     * {@link #enlargement}, enlarged further, a whole factor at a time, until the picture holds each caption whole at
     * the labels' smallest size: at {@code minSide} 0 a 28x28 digit's caption "7  p=1.000" was cut to "7" without a
     * sign, its probability dropped. Not past a shorter side of {@value Draw#SMALLEST_LABEL_SIDE} (larger, the labels
     * grow with the picture, and a caption no larger picture holds is shortened as it would be) nor a longer side of
     * {@value #MAX_ENLARGED_SIDE}.
     *
     * @param rows the picture's height
     * @param cols the picture's width
     * @param minSide the shorter side wanted; 0 or less asks for no enlargement but the captions'
     * @param captions the captions drawn on the picture, a line each; null or empty ones need no room
     * @return 1 or more
     */
    public static int enlargementHolding(int rows, int cols, int minSide, java.util.List<String> captions) {
        int factor = enlargement(rows, cols, minSide);
        while (Math.min(rows, cols) * factor < Draw.SMALLEST_LABEL_SIDE
                && (long) Math.max(rows, cols) * (factor + 1) <= MAX_ENLARGED_SIDE) {
            int f = factor;
            if (captions.stream().allMatch(c -> Draw.labelFits(rows * f, cols * f, c))) {
                break;
            }
            factor++;
        }
        return factor;
    }

    /**
     * {@link #draw(Mat, FloatMap, Optional, int[], String, Colormap, double)} on the picture enlarged {@code factor}
     * times: its pixels as blocks (nearest neighbour, so what the model saw stays visible pixel by pixel), the map
     * smoothly, the box and the hottest point carried to the blocks they cover.
     *
     * @param image the original (grey, BGR or float; any size), at its own size; not modified
     * @param map01 the map in [0, 1], at the image's size (resized if not)
     * @param box the CAM box in the original's pixels (carried to the enlarged picture here), if any
     * @param peak {@code {y, x}} of the hottest point in the original's pixels (drawn at the centre of its block), or
     *     null for the map's first maximum, or for no marker when the map is flat
     * @param caption e.g. {@code "7  p=0.998"}, drawn at the enlarged size so that it can be read; null for none; a
     *     second line (after {@code '\n'}) goes at the bottom edge (above the first when that moved there)
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1]
     * @param factor 1 or more (see {@link #enlargement}), keeping the longer side within {@value #MAX_ENLARGED_SIDE}
     *     pixels (or at the picture's own size when it is already longer)
     * @return a new BGR image of {@code factor} times the picture's size; the caller closes it
     * @throws NullPointerException naming the argument, when the image, map, box or colormap is null
     * @throws IllegalArgumentException when the box lies wholly outside the image or the peak outside it (a box
     *     partly outside is clipped); when the image is closed, empty or not 2-dimensional, or the factor is below 1
     *     or enlarges the picture past {@value #MAX_ENLARGED_SIDE} pixels
     */
    public static Mat drawEnlarged(Mat image, FloatMap map01, Optional<Box> box, int[] peak, String caption,
            Colormap colormap, double alpha, int factor) {
        return drawEnlarged(image, map01, box, peak, caption, colormap, alpha, factor, null);
    }

    /**
     * {@link #drawEnlarged(Mat, FloatMap, Optional, int[], String, Colormap, double, int)} with the heatmap laid only
     * over the pixels the map covers: the rest of the picture, which the model never saw (a model that crops its
     * input), is left uncoloured, as video leaves a frame outside its region of interest.
     *
     * @param image the original (grey, BGR or float; any size), at its own size; not modified
     * @param map01 the map in [0, 1], at the image's size (resized if not)
     * @param box the CAM box in the original's pixels (carried to the enlarged picture here), if any
     * @param peak {@code {y, x}} of the hottest point in the original's pixels, or null for the map's first maximum,
     *     or for no marker when the map is flat
     * @param caption e.g. {@code "7  p=0.998"}; null for none; a second line (after {@code '\n'}) goes at the
     *     bottom edge (above the first when that moved there)
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1] over the mapped pixels
     * @param factor 1 or more (see {@link #enlargement}), keeping the longer side within {@value #MAX_ENLARGED_SIDE}
     *     pixels (or at the picture's own size when it is already longer)
     * @param mapped the picture's pixels the map covers (before enlarging), or null for all of them
     * @return a new BGR image of {@code factor} times the picture's size; the caller closes it
     * @throws NullPointerException naming the argument, when the image, map, box or colormap is null
     * @throws IllegalArgumentException when the box lies wholly outside the image or the peak outside it (a box
     *     partly outside is clipped); when the image is closed, empty or not 2-dimensional, or the factor is below 1
     *     or enlarges the picture past {@value #MAX_ENLARGED_SIDE} pixels
     */
    public static Mat drawEnlarged(Mat image, FloatMap map01, Optional<Box> box, int[] peak, String caption,
            Colormap colormap, double alpha, int factor, Box mapped) {
        return drawEnlarged(image, map01, box, peak, caption, colormap, alpha, factor, mapped, List.of());
    }

    /**
     * {@link #drawEnlarged(Mat, FloatMap, Optional, int[], String, Colormap, double, int, Box)} with white outlines of
     * parts of the picture (what the model was shown: a framed digit, the part a cropping model saw), drawn under the
     * CAM box, the caption and the marker, so that a box edge on an outline's edge stays green. An outline of the whole
     * picture says nothing and is left out.
     *
     * @param image the original (grey, BGR or float; any size), at its own size; not modified
     * @param map01 the map in [0, 1], at the image's size (resized if not)
     * @param box the CAM box in the original's pixels (carried to the enlarged picture here), if any
     * @param peak {@code {y, x}} of the hottest point in the original's pixels, or null for the map's first maximum,
     *     or for no marker when the map is flat
     * @param caption e.g. {@code "7  p=0.998"}; null for none; a second line (after {@code '\n'}) goes at the
     *     bottom edge (above the first when that moved there)
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1] over the mapped pixels
     * @param factor 1 or more (see {@link #enlargement}), keeping the longer side within {@value #MAX_ENLARGED_SIDE}
     *     pixels (or at the picture's own size when it is already longer)
     * @param mapped the picture's pixels the map covers (before enlarging), or null for all of them
     * @param outlines parts of the picture in the original's pixels; none for no outline
     * @return a new BGR image of {@code factor} times the picture's size; the caller closes it
     * @throws NullPointerException naming the argument, when the image, map, box, colormap, outlines or one of them is
     *     null
     * @throws IllegalArgumentException when the box or an outline lies wholly outside the image or the peak outside it
     *     (a box or outline partly outside is clipped); when the image is closed, empty or not 2-dimensional, or the factor is below 1
     *     or enlarges the picture past {@value #MAX_ENLARGED_SIDE} pixels
     */
    public static Mat drawEnlarged(Mat image, FloatMap map01, Optional<Box> box, int[] peak, String caption,
            Colormap colormap, double alpha, int factor, Box mapped, List<Box> outlines) {
        return drawEnlarged(image, map01, box, peak, caption, colormap, alpha, factor, mapped, outlines, 1);
    }

    /**
     * {@link #drawEnlarged(Mat, FloatMap, Optional, int[], String, Colormap, double, int, Box, List)} with the
     * caption's font at a size.
     */
    private static Mat drawEnlarged(Mat image, FloatMap map01, Optional<Box> box, int[] peak, String caption,
            Colormap colormap, double alpha, int factor, Box mapped, List<Box> outlines, double captionSize) {
        checkArguments(image, map01, box, peak, colormap);
        checkOutlines(image, outlines);
        if (factor < 1 || (long) factor * Math.max(image.rows(), image.cols()) > Math.max(MAX_ENLARGED_SIDE,
                Math.max(image.rows(), image.cols()))) {
            throw new IllegalArgumentException("enlargement factor must be at least 1 and keep the picture's longer side"
                    + " within " + MAX_ENLARGED_SIDE + " pixels, was " + factor + " for " + image.rows() + "x" + image.cols());
        }
        List<Box> parts = outlines.stream().filter(o -> !o.equals(new Box(0, 0, image.cols(), image.rows()))).toList();
        if (factor == 1) {
            return draw(image, map01, box, peak, caption, colormap, alpha, mapped, parts, captionSize);
        }
        int rows = image.rows() * factor;
        int cols = image.cols() * factor;
        FloatMap fitted = map01.height() == image.rows() && map01.width() == image.cols() ? map01
                : Resize.bilinear(map01, image.rows(), image.cols());
        int[] hot = peak != null ? peak : hottest(fitted);
        try (Mat big = new Mat(); Size size = new Size(cols, rows)) {
            resize(image, big, size, 0, 0, INTER_NEAREST);
            return draw(big, Resize.bilinear(fitted, rows, cols),
                    box.map(b -> b.scaled(factor)),
                    hot == null ? null : new int[] {hot[0] * factor + factor / 2, hot[1] * factor + factor / 2}, caption,
                    colormap, alpha, mapped == null ? null : mapped.scaled(factor),
                    parts.stream().map(o -> o.scaled(factor)).toList(), captionSize);
        }
    }

    /**
     * {@link #drawEnlarged(Mat, FloatMap, Optional, int[], String, Colormap, double, int, Box, List)} at any size: the
     * picture resized to {@code rows x cols} first (its pixels as blocks when enlarged, averaged when shrunk), the map,
     * box, hottest point and outlines carried to that size, and the caption, box, outlines and cross drawn there. A
     * figure's cell brought down to its largest side so keeps a caption and cross of the size every overlay's is;
     * drawn at the picture's size and shrunk after, a 600x120 strip's caption came out 4 pixels high.
     *
     * @param image the original (grey, BGR or float; any size), at its own size; not modified
     * @param map01 the map in [0, 1], at the image's size (resized if not)
     * @param box the CAM box in the original's pixels, if any
     * @param peak {@code {y, x}} of the hottest point in the original's pixels, or null for the map's first maximum,
     *     or for no marker when the map is flat
     * @param caption e.g. {@code "7  p=0.998"}; null for none; a second line (after {@code '\n'}) goes at the
     *     bottom edge (above the first when that moved there)
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1] over the mapped pixels
     * @param rows the height to draw at, at least 1
     * @param cols the width to draw at, at least 1
     * @param mapped the picture's pixels the map covers (in the original's pixels), or null for all of them
     * @param outlines parts of the picture in the original's pixels; none for no outline
     * @return a new BGR image of {@code rows x cols}; the caller closes it; the same as {@code drawEnlarged}'s when the
     *     size is the picture's times a whole factor
     * @throws NullPointerException naming the argument, when the image, map, box, colormap, outlines or one of them is
     *     null
     * @throws IllegalArgumentException when the box or an outline lies wholly outside the image or the peak outside it
     *     (a box or outline partly outside is clipped); when the image is closed, empty or not 2-dimensional, or the size is not
     *     positive
     */
    public static Mat drawAt(Mat image, FloatMap map01, Optional<Box> box, int[] peak, String caption,
            Colormap colormap, double alpha, int rows, int cols, Box mapped, List<Box> outlines) {
        return drawCellAt(image, map01, box, peak, new CaptionLine(caption == null ? "" : caption, 1), colormap, alpha,
                rows, cols, mapped, outlines);
    }

    /**
     * {@link #drawAt(Mat, FloatMap, Optional, int[], String, Colormap, double, int, int, Box, List)} with the caption's
     * font at its line's size ({@link CaptionTitles#inCell}): a figure's small cell names its method in a slightly
     * smaller font where a label's holds no method.
     *
     * @param image the original, at its own size; not modified
     * @param map01 the map in [0, 1]
     * @param box the CAM box in the original's pixels, if any
     * @param peak the hottest point in the original's pixels, or null
     * @param caption the caption and its font's size; an empty text for none
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1]
     * @param rows the height to draw at, at least 1
     * @param cols the width to draw at, at least 1
     * @param mapped the picture's pixels the map covers, or null for all of them
     * @param outlines parts of the picture in the original's pixels
     * @return a new BGR image of {@code rows x cols}; the caller closes it
     */
    public static Mat drawCellAt(Mat image, FloatMap map01, Optional<Box> box, int[] peak, CaptionLine caption,
            Colormap colormap, double alpha, int rows, int cols, Box mapped, List<Box> outlines) {
        String text = caption.text().isEmpty() ? null : caption.text();
        double captionSize = caption.size();
        checkArguments(image, map01, box, peak, colormap);
        checkOutlines(image, outlines);
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("an overlay is drawn at a positive size, not " + cols + "x" + rows);
        }
        int factor = rows / image.rows();
        if (factor >= 1 && rows == image.rows() * factor && cols == image.cols() * factor) {
            return drawEnlarged(image, map01, box, peak, text, colormap, alpha, factor, mapped, outlines, captionSize);
        }
        double sy = (double) rows / image.rows();
        double sx = (double) cols / image.cols();
        FloatMap fitted = map01.height() == image.rows() && map01.width() == image.cols() ? map01
                : Resize.bilinear(map01, image.rows(), image.cols());
        int[] hot = peak != null ? peak : hottest(fitted);
        List<Box> parts = outlines.stream().filter(o -> !o.equals(new Box(0, 0, image.cols(), image.rows())))
                .map(o -> o.scaled(sx, sy)).toList();
        try (Mat resized = shownAt(image, rows, cols)) {
            return draw(resized, Resize.bilinear(fitted, rows, cols), box.map(b -> b.scaled(sx, sy)),
                    hot == null ? null : new int[] {Math.min(rows - 1, (int) ((hot[0] + 0.5) * sy)),
                        Math.min(cols - 1, (int) ((hot[1] + 0.5) * sx))},
                    text, colormap, alpha, mapped == null ? null : mapped.scaled(sx, sy), parts, captionSize);
        }
    }

    /**
     * @param image the original (grey, BGR or float; any size); not modified
     * @param map01 the map in [0, 1], at the image's size (resized if not)
     * @param box the CAM box in image pixels, if any
     * @param peak {@code {y, x}} of the hottest point in image pixels, or null for the map's first maximum, or for no
     *     marker when the map is flat (a blank picture's: no point hotter than another)
     * @param caption e.g. {@code "7  p=0.998"}; null for none; a second line (after {@code '\n'}) goes at the
     *     bottom edge (above the first when that moved there)
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1]
     * @return a new BGR image the caller closes
     * @throws NullPointerException naming the argument, when the image, map, box or colormap is null
     * @throws IllegalArgumentException when the box lies wholly outside the image or the peak outside it (a box
     *     partly outside is clipped); when the image is closed, empty, not 2-dimensional or of pixels
     *     {@link Overlay#blend} refuses, the map holds a value outside [0, 1], alpha is outside [0, 1], or the peak is not two values
     */
    public static Mat draw(Mat image, FloatMap map01, Optional<Box> box, int[] peak, String caption, Colormap colormap,
            double alpha) {
        return draw(image, map01, box, peak, caption, colormap, alpha, null);
    }

    /**
     * {@link #draw(Mat, FloatMap, Optional, int[], String, Colormap, double)} with the heatmap laid only over the
     * pixels the map covers; the rest of the picture is left as it is (in BGR).
     *
     * @param image the original (grey, BGR or float; any size); not modified
     * @param map01 the map in [0, 1], at the image's size (resized if not)
     * @param box the CAM box in image pixels, if any
     * @param peak {@code {y, x}} of the hottest point in image pixels, or null for the map's first maximum, or for no
     *     marker when the map is flat
     * @param caption e.g. {@code "7  p=0.998"}; null for none; a second line (after {@code '\n'}) goes at the
     *     bottom edge (above the first when that moved there)
     * @param colormap the heatmap's colours
     * @param alpha the heatmap's weight in [0, 1] over the mapped pixels
     * @param mapped the pixels the map covers, in image pixels (clipped to the picture), or null for all of them
     * @return a new BGR image the caller closes
     * @throws NullPointerException naming the argument, when the image, map, box or colormap is null
     * @throws IllegalArgumentException when the box lies wholly outside the image or the peak outside it (a box
     *     partly outside is clipped); when the image is closed, empty, not 2-dimensional or of pixels
     *     {@link Overlay#blend} refuses, the map holds a value outside [0, 1], alpha is outside [0, 1], or {@code peak} is not two values
     */
    public static Mat draw(Mat image, FloatMap map01, Optional<Box> box, int[] peak, String caption, Colormap colormap,
            double alpha, Box mapped) {
        return draw(image, map01, box, peak, caption, colormap, alpha, mapped, List.of(), 1);
    }

    /**
     * @param captionSize the caption's font as a fraction of a label's own, 1 but in a small cell ({@link
     *     CaptionLine})
     */
    private static Mat draw(Mat image, FloatMap map01, Optional<Box> box, int[] peak, String caption, Colormap colormap,
            double alpha, Box mapped, List<Box> outlines, double captionSize) {
        checkArguments(image, map01, box, peak, colormap);
        FloatMap fitted = map01.height() == image.rows() && map01.width() == image.cols() ? map01
                : Resize.bilinear(map01, image.rows(), image.cols());
        Mat blended = Overlay.blend(image, fitted, colormap, alpha);
        Mat shown = mapped == null ? blended : blendedWithin(image, blended, mapped);
        int thickness = Math.max(1, Math.min(image.rows(), image.cols()) / 150);
        try (Scalar white = new Scalar(255, 255, 255, 0); Scalar green = new Scalar(0, 255, 0, 0)) {
            outlines.forEach(o -> Draw.box(shown, o, white, thickness));
            box.ifPresent(b -> Draw.box(shown, b, green, thickness));
        }
        int[] hot = peak != null ? peak : hottest(fitted);
        if (caption != null) {
            String[] lines = caption.split("\n", 2);
            int band = captionSize == 1 ? Draw.labelHeight(shown, lines[0])
                    : Draw.labelHeight(shown, lines[0], 1, captionSize);
            boolean bottom = captionAtBottom(fitted, hot, box.orElse(null), band);
            Draw.label(shown, lines[0], 0, bottom ? shown.rows() - band : 0, 1, captionSize);
            if (lines.length == 2) {
                // At the bottom: stacked under a first line on top, it would hide twice as much of the picture's top,
                // which is where a digit's strokes begin. Above a first line moved to the bottom (the map hot under the
                // top band), so that it does not cover that heat either.
                // In the first line's font: a figure draws its captions in one (CompareCommand).
                int second = captionSize == 1 ? Draw.labelHeight(shown, lines[1])
                        : Draw.labelHeight(shown, lines[1], 1, captionSize);
                Draw.label(shown, lines[1], 0, Math.max(0, shown.rows() - second - (bottom ? band : 0)), 1,
                        captionSize);
            }
        }
        // Last, so that it shows even where the caption had to cover it (pictures hardly taller than two bands).
        if (hot != null) {
            Draw.marker(shown, hot[1], hot[0]);
        }
        return shown;
    }

    /**
     * Where the caption hides less of what the map shows: top left, unless the hottest point lies under that band and
     * not under the bottom one, or the top band holds clearly more of the map than the bottom band does. Asked only whether
     * the peak lay under the top band, a digit in a picture's top quarter had its hottest stroke and its box's top
     * hidden by the caption a few pixels above the peak, with three quarters of the picture empty.
     *
     * @param map the map at the picture's size, in [0, 1]
     * @param hot the marker's {@code {y, x}}, or null
     * @param band the caption band's height
     * @return whether the caption goes at the bottom
     */
    static boolean captionAtBottom(FloatMap map, int[] hot, int band) {
        return captionAtBottom(map, hot, null, band);
    }

    /**
     * {@link #captionAtBottom(FloatMap, int[], int)}, keeping off the CAM box's top edge too where it can
     * ({@link #captionAtBottom(int, int, int[], Box, int, double, double)}).
     *
     * @param box the CAM box drawn, in the picture's pixels, or null for none
     */
    static boolean captionAtBottom(FloatMap map, int[] hot, Box box, int band) {
        int rows = map.height();
        boolean two = band > 0 && 2 * band <= rows;
        return captionAtBottom(rows, map.width(), hot, box, band, two ? heat(map, 0, band) : 0,
                two ? heat(map, rows - band, rows) : 0);
    }

    /**
     * The rule of {@link #draw(Mat, FloatMap, Optional, int[], String, Colormap, double)}'s caption for a drawing that
     * holds its map elsewhere than in a {@link FloatMap} (a video frame's, in OpenCV): top left, unless the hottest point
     * lies under that band and not under the bottom one, or the top band holds clearly more of the map than the bottom
     * band does (twice as much, and more than a tenth of the band's area over it).
     *
     * @param rows the picture's height
     * @param cols its width
     * @param hot the marker's {@code {y, x}}, or null when none is drawn
     * @param band the caption band's height
     * @param topHeat the sum of the map, in [0, 1], over the top {@code band} rows
     * @param bottomHeat its sum over the bottom {@code band} rows
     * @return whether the caption goes at the bottom
     */
    public static boolean captionAtBottom(int rows, int cols, int[] hot, int band, double topHeat, double bottomHeat) {
        return captionAtBottom(rows, cols, hot, null, band, topHeat, bottomHeat);
    }

    /**
     * {@link #captionAtBottom(int, int, int[], int, double, double)} keeping off the CAM box's edge too: where the
     * hottest point does not decide, the caption goes at the bottom when the box's top edge lies under the top band and
     * its bottom edge not under the bottom band (a digit touching the top of the picture had the top of its box hidden
     * by the caption), and stays at the top when only the bottom edge lies under the bottom band; a box under both (or
     * neither) leaves it to the heat. Rows only, as for the point: a caption narrower than the picture may still have
     * missed the box.
     *
     * @param rows the picture's height
     * @param cols its width
     * @param hot the marker's {@code {y, x}}, or null when none is drawn
     * @param box the CAM box drawn, in the picture's pixels, or null when none is
     * @param band the caption band's height
     * @param topHeat the sum of the map, in [0, 1], over the top {@code band} rows
     * @param bottomHeat its sum over the bottom {@code band} rows
     * @return whether the caption goes at the bottom
     */
    public static boolean captionAtBottom(int rows, int cols, int[] hot, Box box, int band, double topHeat,
            double bottomHeat) {
        if (band <= 0 || 2 * band > rows) {
            return hot != null && hot[0] < band;
        }
        boolean peakTop = hot != null && hot[0] < band;
        boolean peakBottom = hot != null && hot[0] >= rows - band;
        if (peakTop != peakBottom) {
            return peakTop;
        }
        if (box != null && !box.isEmpty()) {
            boolean edgeTop = box.y() < band;
            boolean edgeBottom = (long) box.y() + box.height() > rows - band;
            if (edgeTop != edgeBottom) {
                return edgeTop;
            }
        }
        // Only a clear difference moves it (twice the heat, and more than a faint tenth over the band): moved on any
        // difference, the caption would jump between pictures of the same kind.
        return topHeat > 2 * bottomHeat + 0.1 * band * cols;
    }

    private static double heat(FloatMap map, int fromRow, int toRow) {
        float[] v = map.values();
        double sum = 0;
        for (int i = fromRow * map.width(); i < toRow * map.width(); i++) {
            sum += v[i];
        }
        return sum;
    }

    /**
     * @return the picture in BGR with the blended pixels pasted in where the map covers it; {@code blended} is closed
     */
    private static Mat blendedWithin(Mat image, Mat blended, Box mapped) {
        Box inside = mapped.intersect(new Box(0, 0, blended.cols(), blended.rows()));
        Mat out = Images.toBgr8(image);
        try (blended) {
            if (!inside.isEmpty()) {
                try (Rect r = new Rect(inside.x(), inside.y(), inside.width(), inside.height());
                        Mat from = new Mat(blended, r);
                        Mat to = new Mat(out, r)) {
                    from.copyTo(to);
                }
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * @param image a picture (grey, BGR or float; any size); not modified
     * @param rows the height to show it at
     * @param cols the width
     * @return a new BGR copy of that size: its pixels as blocks of the whole factor that reaches the size (what the
     *     model saw stays visible pixel by pixel, as {@link #drawEnlarged} shows it), then averaged down to the size
     *     where it is not a whole enlargement, so that a thin stroke shrunk does not fall between samples and blocks of a
     *     fractional factor are not one and two pixels by turns
     */
    static Mat shownAt(Mat image, int rows, int cols) {
        int whole = (int) Math.ceil(Math.max((double) rows / image.rows(), (double) cols / image.cols()));
        Mat out = new Mat();
        try (Mat bgr = Images.toBgr8(image); Mat blocks = new Mat();
                Size enlarged = new Size(image.cols() * whole, image.rows() * whole); Size size = new Size(cols, rows)) {
            resize(bgr, blocks, enlarged, 0, 0, INTER_NEAREST);
            if (blocks.rows() == rows && blocks.cols() == cols) {
                blocks.copyTo(out);
            } else {
                resize(blocks, out, size, 0, 0, INTER_AREA);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** @return the map's first maximum {@code {y, x}}, or null when the map is flat and no point is hotter */
    private static int[] hottest(FloatMap map01) {
        return map01.max() > map01.min() ? map01.argMaxYX() : null;
    }

    /**
     * Outlines are checked here, in the caller's pixels and by their place in the list: once carried to the enlarged
     * picture, one wholly outside was refused by {@link Draw#box} as "b = box ...", in pixels the caller never gave and
     * under a name it never used.
     */
    private static void checkOutlines(Mat image, List<Box> outlines) {
        Objects.requireNonNull(outlines, "outlines is null: List.of() for none");
        Box picture = new Box(0, 0, image.cols(), image.rows());
        for (int i = 0; i < outlines.size(); i++) {
            Box o = Objects.requireNonNull(outlines.get(i), "outlines[" + i + "] is null");
            if (!o.isEmpty() && o.intersect(picture).isEmpty()) {
                throw new IllegalArgumentException("outlines[" + i + "] = box " + o + " (x,y,w,h) lies wholly outside"
                        + " the " + image.cols() + "x" + image.rows() + " image (width x height): give it in the image's"
                        + " pixels");
            }
        }
    }

    /** Names a missing argument, where the first use of it would have thrown a bare NullPointerException. */
    private static void checkArguments(Mat image, FloatMap map01, Optional<Box> box, int[] peak, Colormap colormap) {
        PictureArgument.check(image, "image");
        Objects.requireNonNull(map01, "map01 is null: the map in [0, 1] to draw");
        Objects.requireNonNull(box, "box is null: Optional.empty() for none");
        Objects.requireNonNull(colormap, "colormap is null");
        if (peak != null && peak.length != 2) {
            throw new IllegalArgumentException("peak must be {y, x}, had " + peak.length + " values");
        }
        // Marks in another picture's pixels (a map's, a larger frame's) were drawn nowhere without a word; the peak of
        // an enlarged or resized picture was even moved into its corner. A box partly inside is clipped, as drawn.
        box.filter(b -> !b.isEmpty() && b.intersect(new Box(0, 0, image.cols(), image.rows())).isEmpty())
                .ifPresent(b -> {
                    throw new IllegalArgumentException("box " + b + " (x,y,w,h) lies wholly outside the " + image.cols()
                            + "x" + image.rows() + " image (width x height): give it in the image's pixels");
                });
        if (peak != null && (peak[0] < 0 || peak[0] >= image.rows() || peak[1] < 0 || peak[1] >= image.cols())) {
            throw new IllegalArgumentException("peak {y=" + peak[0] + ", x=" + peak[1] + "} lies outside the "
                    + image.cols() + "x" + image.rows() + " image (width x height): give it in the image's pixels");
        }
    }
}
