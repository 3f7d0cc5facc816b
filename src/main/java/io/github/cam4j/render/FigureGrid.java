package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * The article's figure: a grid of examples, each the original image beside its CAM overlay with a caption under
 * the pair, on a white background; and two such figures side by side (e.g. a model with pooling beside one
 * without).
 *
 * <pre>{@code
 * List<FigureGrid.Panel> panels = List.of(new FigureGrid.Panel(digit, map01, "7  p=0.99"), ...);
 * try (Mat figure = FigureGrid.build(panels, 5, 112, "pooled model")) {
 *     Images.write(figure, Path.of("figure.png"));
 * }
 * }</pre>
 *
 * <p><b>Layout</b>, all in pixels, with {@code s = cellSize}: padding {@code p = max(4, s / 8)}, caption band
 * {@code c = max(12, s / 4)}, title band {@code t = max(16, s / 3) + p} (0 without a title). With {@code k}
 * panels, the grid has {@code cols = min(columns, k)} columns and {@code rows = ceil(k / cols)} rows, and the
 * figure measures {@code width = p + cols * (2s + 2p)}, {@code height = p + t + rows * (s + c + p)}.
 *
 * <p>Each original is scaled to fit {@code s x s} with nearest-neighbour interpolation, so a 28x28 digit keeps
 * crisp pixels; its overlay is drawn at that display size (so the heatmap is smoothly interpolated) with
 * {@link Colormap#JET} and alpha {@value #ALPHA}. All captions share one font size, the largest that fits every
 * one of them.
 *
 * <p>Ownership: returns a new Mat the caller must close; the panels' Mats are read, never modified or closed.
 */
public final class FigureGrid {

    /** The smallest cell that still leaves room for a legible caption. */
    public static final int MIN_CELL_SIZE = 16;

    /** The heatmap weight of every overlay in the grid. */
    public static final double ALPHA = 0.5;

    /** The colours of {@link #build}'s overlays, for a {@link ColourKey} under its figure. */
    public static final Colormap COLORMAP = Colormap.JET;

    /**
     * One example in the grid.
     *
     * @param original the input image (grey, BGR or float, any size: a picture {@link Overlay#blend} takes); the
     *     caller keeps owning and closes it
     * @param map01 its class activation map in [0, 1], of any size
     * @param caption the text under the pair, e.g. {@code "7  p=0.99"}; null means none
     */
    public record Panel(Mat original, FloatMap map01, String caption) {
        /**
         * Rejects a missing image or map, and turns a null caption into an empty one.
         *
         * @param original the input image
         * @param map01 its map in [0, 1]
         * @param caption the text under the pair, or null
         */
        public Panel {
            Objects.requireNonNull(original, "original is null");
            Objects.requireNonNull(map01, "map01 is null");
            caption = caption == null ? "" : caption;
        }
    }

    private FigureGrid() {
    }

    /**
     * {@code build(panels, columns, cellSize, null)}: a grid without a title.
     *
     * @param panels the examples, in reading order
     * @param columns panels per row, at least 1
     * @param cellSize side of each image in pixels, at least {@value #MIN_CELL_SIZE}
     * @return a new {@code CV_8UC3} BGR figure; the caller closes it
     */
    public static Mat build(List<Panel> panels, int columns, int cellSize) {
        return build(panels, columns, cellSize, null);
    }

    /**
     * @param panels the examples, in reading order; at least one
     * @param columns panels per row, at least 1 (fewer are used when there are fewer panels)
     * @param cellSize side of each image in pixels, at least {@value #MIN_CELL_SIZE}
     * @param title a line above the grid, or null/blank for none
     * @return a new {@code CV_8UC3} BGR figure sized as the class's layout says; the caller closes it
     * @throws IllegalArgumentException when there are no panels, columns or cellSize are too small, a panel's picture
     *     is closed, empty or of pixels {@link Overlay#blend} refuses (signed 16-bit...; named by its place), or the
     *     figure would have more pixels than cam4j draws ({@link Images#MAX_PIXELS})
     * @throws NullPointerException naming it, when the list or a panel in it is null
     */
    public static Mat build(List<Panel> panels, int columns, int cellSize, String title) {
        Objects.requireNonNull(panels, "panels is null");
        if (panels.isEmpty()) {
            throw new IllegalArgumentException("a figure needs at least one panel");
        }
        if (columns < 1) {
            throw new IllegalArgumentException("columns must be at least 1, was " + columns);
        }
        if (cellSize < MIN_CELL_SIZE) {
            throw new IllegalArgumentException("cellSize must be at least " + MIN_CELL_SIZE + ", was " + cellSize);
        }
        for (int i = 0; i < panels.size(); i++) {
            // Each pair's overlay is blended on the picture's 8-bit copy, so Overlay.blend never saw the picture
            // itself: a signed 16-bit one was drawn with its negatives black, a closed one called "image is empty".
            String name = "panels[" + i + "].original";
            Objects.requireNonNull(panels.get(i), "panels[" + i + "] is null");
            PictureArgument.check(panels.get(i).original(), name);
            PictureArgument.checkOverlaid(panels.get(i).original(), name);
        }
        int s = cellSize;
        int p = Math.max(4, s / 8);
        int c = Math.max(12, s / 4);
        boolean titled = title != null && !title.isBlank();
        int t = titled ? Math.max(16, s / 3) + p : 0;
        int cols = Math.min(columns, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        // In long, and refused past what cam4j draws: a cellSize of 10^9 wrapped the width round to a negative int
        // (OpenCV's own assertion), and one of 10^5 asked OpenCV for a gigabyte, which failed as "Insufficient memory".
        long wide = p + cols * (2L * s + 2L * p);
        long high = p + t + rows * ((long) s + c + p);
        if (wide * (double) high > Images.MAX_PIXELS) {
            throw new IllegalArgumentException("a figure of " + panels.size() + " panels, " + cols + " to a row, at cellSize "
                    + cellSize + " is " + wide + "x" + high + " pixels, more than cam4j draws (" + Images.MAX_PIXELS
                    + "): give a smaller cellSize");
        }
        int width = (int) wide;
        int height = (int) high;

        // Captions sit a fifth of their band below the images and take three quarters of it, so the text
        // neither touches the pictures above nor the next row below.
        int captionTop = c / 5;
        int captionHeight = c * 3 / 4;
        int captionWidth = 2 * s + p;
        double captionScale = captionScale(panels, captionWidth, captionHeight);

        Mat canvas = blank(height, width);
        try (Scalar black = new Scalar(0, 0, 0, 0)) {
            if (titled) {
                Draw.textInBox(canvas, title, new Box(p, p, width - 2 * p, t - p), black);
            }
            for (int i = 0; i < panels.size(); i++) {
                Panel panel = panels.get(i);
                int x0 = p + (i % cols) * (2 * s + 2 * p);
                int y0 = p + t + (i / cols) * (s + c + p);
                drawPair(canvas, panel, x0, y0, s, p);
                // A caption too long for the common size keeps its tail and shortens its name, as an overlay's does.
                String caption = Draw.fitScale(panel.caption(), captionWidth, captionHeight) >= captionScale
                        ? panel.caption() : Draw.fitted(panel.caption(),
                                text -> Draw.fitScale(text, captionWidth, captionHeight) >= captionScale ? captionWidth
                                        : captionWidth + 1, captionWidth);
                Draw.textCentred(canvas, caption, new Box(x0, y0 + s + captionTop, captionWidth, captionHeight),
                        black, captionScale);
            }
        } catch (RuntimeException e) {
            canvas.close();
            throw e;
        }
        return canvas;
    }

    /**
     * Puts figures next to each other, top-aligned on white, each under its own title, padding shorter ones to the
     * tallest. The padding is {@code max(8, S / 40)} and the title band {@code max(32, S / 6)} pixels, where
     * {@code S} is the tallest image's height or the narrowest image's width, whichever is less: a title is no wider
     * than its image, so the band and the margins grow with the figures only as far as the titles can.
     *
     * @param images the figures, left to right (grey, BGR or float); read, never modified or closed
     * @param titles one title per image (null entries or a null list for none)
     * @return a new {@code CV_8UC3} BGR image; the caller closes it
     * @throws IllegalArgumentException when there are no images, or titles and images differ in number
     */
    public static Mat sideBySide(List<Mat> images, List<String> titles) {
        Objects.requireNonNull(images, "images is null");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("sideBySide needs at least one image");
        }
        if (titles != null && titles.size() != images.size()) {
            throw new IllegalArgumentException("sideBySide got " + images.size() + " images but "
                    + titles.size() + " titles");
        }
        checkImages(images, "images", false);
        List<Mat> bgr = new ArrayList<>(images.size());
        try {
            for (Mat image : images) {
                bgr.add(Images.toBgr8(image));
            }
            int tallest = 0;
            int widthSum = 0;
            for (Mat m : bgr) {
                tallest = Math.max(tallest, m.rows());
                widthSum += m.cols();
            }
            boolean titled = titles != null && titles.stream().anyMatch(x -> x != null && !x.isBlank());
            // Sized by the height alone, demo --first 256's two 1 022-pixel-wide figures stood under a title band of
            // 1 650 blank rows and 248-pixel margins, the titles themselves held to the figures' width: the band
            // and margins follow the titles' room, the narrowest figure's width, when the figures are taller.
            int narrowest = bgr.stream().mapToInt(Mat::cols).min().orElseThrow();
            int side = Math.min(tallest, narrowest);
            int p = Math.max(8, side / 40);
            int t = titled ? Math.max(32, side / 6) : 0;
            int width = p + widthSum + p * bgr.size();
            int height = p + t + tallest + p;

            double titleScale = Double.POSITIVE_INFINITY;
            if (titled) {
                for (int i = 0; i < bgr.size(); i++) {
                    titleScale = Math.min(titleScale, Draw.fitScale(titles.get(i), bgr.get(i).cols(), t * 4 / 5));
                }
            }
            Mat canvas = blank(height, width);
            try (Scalar black = new Scalar(0, 0, 0, 0)) {
                int x = p;
                for (int i = 0; i < bgr.size(); i++) {
                    Mat m = bgr.get(i);
                    if (titled) {
                        Draw.textCentred(canvas, titles.get(i), new Box(x, p, m.cols(), t * 4 / 5), black,
                                titleScale);
                    }
                    paste(m, canvas, x, p + t);
                    x += m.cols() + p;
                }
            } catch (RuntimeException e) {
                canvas.close();
                throw e;
            }
            return canvas;
        } finally {
            for (Mat m : bgr) {
                m.close();
            }
        }
    }

    /**
     * Puts figures one above another, left-aligned on white, with a padding of {@code max(8, W / 40)} pixels around
     * and between them, where {@code W} is the widest image's width: a legend under a figure as wide as the legend or
     * wider, where {@link #sideBySide} would leave the space under a short legend blank.
     *
     * @param images the figures, top to bottom (grey, BGR or float); read, never modified or closed
     * @return a new {@code CV_8UC3} BGR image; the caller closes it
     * @throws IllegalArgumentException when there are no images
     */
    public static Mat stacked(List<Mat> images) {
        Objects.requireNonNull(images, "images is null");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("stacked needs at least one image");
        }
        checkImages(images, "images", false);
        int widest = images.stream().mapToInt(Mat::cols).max().orElseThrow();
        int p = Math.max(8, widest / 40);
        int height = p + images.stream().mapToInt(m -> m.rows() + p).sum();
        Mat canvas = blank(height, p + widest + p);
        try {
            int y = p;
            for (Mat image : images) {
                try (Mat bgr = Images.toBgr8(image)) {
                    paste(bgr, canvas, p, y);
                }
                y += image.rows() + p;
            }
        } catch (RuntimeException e) {
            canvas.close();
            throw e;
        }
        return canvas;
    }

    /** The header band's text height for the narrowest cells: three quarters of its least height, 16. */
    private static final int MIN_HEADER_HEIGHT = 12;

    /**
     * Pictures in a table under column headers, on white: {@code compare}'s figure, a row per picture and a column per
     * method. Each column is as wide as its widest cell (or its header at 12 pixels high, if wider) and each row as
     * tall as its tallest, a cell centred in its place and outlined in grey in the padding around it (so that a white
     * picture shows on the white page). With {@code w} the widest column's width and {@code h} the tallest row's height,
     * the padding is {@code p = max(4, min(w, h) / 24)} and the header band
     * {@code t = max(16, w / 6)}, or 0 when every header is null or blank; the table measures {@code p + sum(column widths + p)} by
     * {@code p + t + sum(row heights + p)}. All headers share one font size, the largest at which each fits its column.
     *
     * @param cells the pictures in reading order, {@code headers.size()} to a row (grey, BGR or float), an empty Mat
     *     for a place left blank (a last row's unfilled end); read, never modified or closed
     * @param headers one per column (null or blank for none)
     * @return a new {@code CV_8UC3} BGR image; the caller closes it
     * @throws IllegalArgumentException when there are no headers or cells, or the cells do not fill whole rows
     */
    public static Mat table(List<Mat> cells, List<String> headers) {
        Objects.requireNonNull(cells, "cells is null");
        Objects.requireNonNull(headers, "headers is null");
        int cols = headers.size();
        if (cols == 0 || cells.isEmpty() || cells.size() % cols != 0) {
            throw new IllegalArgumentException("a table needs whole rows of " + cols + " cells, got " + cells.size());
        }
        checkImages(cells, "cells", true);
        int rows = cells.size() / cols;
        int[] widths = new int[cols];
        int[] heights = new int[rows];
        for (int i = 0; i < cells.size(); i++) {
            widths[i % cols] = Math.max(widths[i % cols], cells.get(i).cols());
            heights[i / cols] = Math.max(heights[i / cols], cells.get(i).rows());
        }
        for (int c = 0; c < cols; c++) {
            // A column at least as wide as its header at the band's least height (12 pixels): headers share one
            // size, and over 28-pixel digits drawn at their size every header had shrunk to about 4 pixels.
            widths[c] = Math.max(widths[c], Draw.widthAtHeight(headers.get(c), MIN_HEADER_HEIGHT) + 2);
        }
        int widest = java.util.Arrays.stream(widths).max().orElseThrow();
        int tallest = java.util.Arrays.stream(heights).max().orElseThrow();
        // By the cells' shorter side: by their width alone, maximize --size 4x200's strips (80 pixels high, 4000 wide)
        // lay in 166 pixels of white on every side, bands twice as high as the pictures between them.
        int p = Math.max(4, Math.min(widest, tallest) / 24);
        // No band when no column has a header (maximize's grid): it was a blank strip above the pictures.
        boolean headed = headers.stream().anyMatch(h -> h != null && !h.isBlank());
        int t = headed ? Math.max(16, widest / 6) : 0;
        int width = p + java.util.Arrays.stream(widths).sum() + cols * p;
        int height = p + t + java.util.Arrays.stream(heights).sum() + rows * p;
        double headerScale = Double.POSITIVE_INFINITY;
        for (int c = 0; c < cols; c++) {
            headerScale = Math.min(headerScale, Draw.fitScale(headers.get(c), widths[c], t * 3 / 4));
        }
        Mat canvas = blank(height, width);
        try (Scalar black = new Scalar(0, 0, 0, 0); Scalar grey = new Scalar(190, 190, 190, 0)) {
            int x = p;
            for (int c = 0; c < cols; c++) {
                Draw.textCentred(canvas, headers.get(c), new Box(x, p, widths[c], t * 3 / 4), black, headerScale);
                int y = p + t;
                for (int r = 0; r < rows; r++) {
                    if (cells.get(r * cols + c).empty()) {
                        y += heights[r] + p; // a place left blank: no picture, no outline
                        continue;
                    }
                    try (Mat bgr = Images.toBgr8(cells.get(r * cols + c))) {
                        int cx = x + (widths[c] - bgr.cols()) / 2;
                        int cy = y + (heights[r] - bgr.rows()) / 2;
                        paste(bgr, canvas, cx, cy);
                        // Outlined in the padding, so that a white picture's cell does not vanish into the page.
                        try (org.bytedeco.opencv.opencv_core.Rect outline = new org.bytedeco.opencv.opencv_core.Rect(
                                cx - 1, cy - 1, bgr.cols() + 2, bgr.rows() + 2)) {
                            org.bytedeco.opencv.global.opencv_imgproc.rectangle(canvas, outline, grey);
                        }
                    }
                    y += heights[r] + p;
                }
                x += widths[c] + p;
            }
        } catch (RuntimeException e) {
            canvas.close();
            throw e;
        }
        return canvas;
    }

    /** Draws one panel's original and overlay, each centred in its {@code s x s} square. */
    private static void drawPair(Mat canvas, Panel panel, int x0, int y0, int s, int p) {
        try (Mat bgr = Images.toBgr8(panel.original());
                Mat shown = fitNearest(bgr, s);
                Mat overlay = Overlay.blend(shown, panel.map01(), COLORMAP, ALPHA)) {
            int dx = (s - shown.cols()) / 2;
            int dy = (s - shown.rows()) / 2;
            paste(shown, canvas, x0 + dx, y0 + dy);
            paste(overlay, canvas, x0 + s + p + dx, y0 + dy);
        }
    }

    /**
     * One font size for every caption: the largest at which all fit, but not below three quarters of the size the
     * median caption allows. One long class name among 16 digits shrank every caption to about 6 pixels; now that one
     * is shortened instead.
     */
    private static double captionScale(List<Panel> panels, int width, int height) {
        double[] scales = panels.stream().mapToDouble(panel -> Draw.fitScale(panel.caption(), width, height)).sorted()
                .toArray();
        double median = scales[scales.length / 2];
        return Double.isFinite(median) ? Math.max(scales[0], 0.75 * median) : scales[0];
    }

    /** @return a new copy of {@code image} scaled (keeping its aspect) so its longer side is {@code side} */
    private static Mat fitNearest(Mat image, int side) {
        double scale = (double) side / Math.max(image.rows(), image.cols());
        int w = Math.max(1, (int) Math.round(image.cols() * scale));
        int h = Math.max(1, (int) Math.round(image.rows() * scale));
        Mat out = new Mat();
        try (Size size = new Size(w, h)) {
            resize(image, out, size, 0, 0, INTER_NEAREST);
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** Copies {@code src} into {@code dst} with its top-left corner at ({@code x}, {@code y}). */
    private static void paste(Mat src, Mat dst, int x, int y) {
        try (PointerScope scope = new PointerScope()) {
            Mat region = dst.apply(new Rect(x, y, src.cols(), src.rows()));
            src.copyTo(region);
        }
    }

    private static Mat blank(int height, int width) {
        try (Scalar white = new Scalar(255, 255, 255, 0)) {
            return new Mat(height, width, CV_8UC3, white);
        }
    }

    /**
     * The size a figure's cell is drawn at (compare's, concepts'): the picture enlarged a whole number of times, then,
     * when its longer side passes {@code maxSide}, brought down to it, keeping its shape, except that neither side is
     * brought below {@value #MIN_CELL_SIZE} pixels (the smallest cell {@link #build} draws; {@code maxSide} when that is
     * less): a thin picture's cell is then stretched across and does not keep its shape ({@link #stretched}). A 300x1
     * picture's cells had been 480x2 pixels, lines nothing could be seen in; they are 480x16. Keeping the shape with
     * 16 pixels across instead lifted {@code maxSide}'s bound: a 3000x1 picture made a figure 81 375 pixels wide.
     * The cell is drawn at this size
     * ({@link #cell}, {@link Annotation#drawAt}), not drawn large and shrunk: shrunk after drawing, its caption shrank
     * with it, to 4 pixels high on a 600x120 strip of digits.
     *
     * @param rows the picture's height
     * @param cols its width
     * @param factor how many times it is enlarged, 1 or more
     * @param maxSide the longest side allowed; 0 for no limit
     * @return {@code {rows, cols}} of the cell
     * @throws IllegalArgumentException naming the argument, when the picture's size or the factor is below 1, the
     *     longest side is negative, or the cell would not fit an int (its sizes wrapped round to negative or wrong
     *     values without a word)
     */
    public static int[] cellSize(int rows, int cols, int factor, int maxSide) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("picture of " + cols + "x" + rows + " (width x height): a cell is made of"
                    + " a picture of 1x1 pixels or more");
        }
        if (factor < 1) {
            throw new IllegalArgumentException("factor " + factor + ": a picture is enlarged 1 or more times");
        }
        if (maxSide < 0) {
            throw new IllegalArgumentException("maxSide " + maxSide + ": the longest side is 1 or more, or 0 for no limit");
        }
        long r = (long) rows * factor;
        long c = (long) cols * factor;
        long longer = Math.max(r, c);
        if (maxSide == 0 || longer <= maxSide) {
            if (longer > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("a " + cols + "x" + rows + " picture enlarged " + factor + " times is "
                        + c + "x" + r + ", past what an image can hold; give a smaller factor or a maxSide");
            }
            return new int[] {(int) r, (int) c};
        }
        double scale = (double) maxSide / longer;
        int least = Math.min(MIN_CELL_SIZE, maxSide);
        return new int[] {(int) Math.max(least, Math.round(r * scale)), (int) Math.max(least, Math.round(c * scale))};
    }

    /**
     * Whether {@link #cellSize} stretches the picture across: brought down to {@code maxSide}, its shorter side would
     * have fallen below the least a cell is drawn at, so the cell's shape (width over height) differs from the
     * picture's by more than {@value #STRETCH_SAID_PERCENT} % (a 300x1 picture's cells are 480x16). The commands say so,
     * the figure alone showing a stretched picture as if it were that shape. A side of a whole number of pixels changes
     * the shape a little of itself, and a little more lifted to that least: a 500x16 picture's cells are 480x16, where
     * its shape makes them 480x15.36, 4 % apart, which no one sees, and had been said to be stretched.
     *
     * @param rows the picture's height
     * @param cols its width
     * @param factor how many times it is enlarged, 1 or more
     * @param maxSide the longest side allowed; 0 for no limit
     * @return whether the cell's shape differs from the picture's by more than {@value #STRETCH_SAID_PERCENT} %
     * @throws IllegalArgumentException as {@link #cellSize} does
     */
    public static boolean stretched(int rows, int cols, int factor, int maxSide) {
        int[] cell = cellSize(rows, cols, factor, maxSide);
        double change = ((double) cell[1] / cell[0]) / ((double) cols / rows);
        return Math.max(change, 1 / change) > 1 + STRETCH_SAID_PERCENT / 100.0;
    }

    /** How far, in per cent, a cell's shape may differ from its picture's before it is said to be stretched. */
    public static final int STRETCH_SAID_PERCENT = 10;

    /**
     * A picture as a figure's cell: shown at {@code rows x cols} (its pixels as blocks when enlarged, averaged when
     * shrunk), with a caption at its top left drawn at that size, as an overlay's is.
     *
     * @param image the picture, any depth and channels {@link Images#toBgr8} takes; left open
     * @param rows the cell's height ({@link #cellSize})
     * @param cols its width
     * @param caption drawn at its top left as an overlay's is, or, on a cell at least twice as tall as wide that it
     *     does not fit across, down its left edge from the top; null for none
     * @return a new BGR picture the caller closes
     * @throws IllegalArgumentException when the image is empty or closed, or the cell's size is below 1x1 (OpenCV's
     *     resize failed with its own assertion, a closed image with "This pointer address is NULL") or of more pixels
     *     than {@link Images#MAX_PIXELS}
     * @throws NullPointerException naming it, when the image is null
     */
    public static Mat cell(Mat image, int rows, int cols, String caption) {
        return cell(image, rows, cols, caption, 1);
    }

    /**
     * {@link #cell(Mat, int, int, String)} with the caption's font at {@code captionSize} of a label's own on the
     * cell: a figure whose cells differ in size draws its captions in one font ({@link Draw#labelSizeIn}).
     *
     * @param image the picture; left open
     * @param rows the cell's height
     * @param cols its width
     * @param caption as {@link #cell(Mat, int, int, String)} draws it; null for none
     * @param captionSize the caption's font as a fraction of a label's own on the cell, in (0, 1]
     * @return a new BGR picture the caller closes
     * @throws IllegalArgumentException as {@link #cell(Mat, int, int, String)}, or for a size outside (0, 1]
     */
    public static Mat cell(Mat image, int rows, int cols, String caption, double captionSize) {
        if (!(captionSize > 0 && captionSize <= 1)) {
            throw new IllegalArgumentException("captionSize " + captionSize + ": a caption's font is a fraction of a"
                    + " label's in (0, 1]");
        }
        checkPicture(image);
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("cell of " + cols + "x" + rows + " (width x height): a cell is 1x1 pixels"
                    + " or more (FigureGrid.cellSize)");
        }
        if ((long) rows * cols > Images.MAX_PIXELS) {
            // As a figure is refused past it: OpenCV was asked for terabytes, "Insufficient memory" over two lines.
            throw new IllegalArgumentException("cell of " + cols + "x" + rows + " (width x height) is " + (long) rows * cols
                    + " pixels, more than cam4j draws (" + Images.MAX_PIXELS + "): give a smaller size");
        }
        Mat shown = Annotation.shownAt(image, rows, cols);
        if (caption != null) {
            try {
                if (rows >= 2 * cols && !Draw.labelFits(rows, cols, caption, captionSize)) {
                    labelDown(shown, caption, captionSize);
                } else {
                    Draw.label(shown, caption, 0, 0, 1, captionSize);
                }
            } catch (RuntimeException e) {
                shown.close();
                throw e;
            }
        }
        return shown;
    }

    /**
     * A picture as a figure's cell whose caption hides little of it: {@link #cell}'s, where the caption's band takes at
     * most a quarter of the cell's height (of its width, when it goes down a tall cell's edge); else the cell with the
     * caption in a band of its own, on white, above the picture (left of a tall one, reading down), drawn in the font
     * {@link #cell} draws it in. On maximize {@code --size 4x200}'s 16x480 strips the caption's band covered the strip
     * over its whole height and a quarter of its length; now the picture is shown whole and the cell is that band
     * taller (wider, for {@code 200x4}'s 480x16).
     *
     * @param image the picture, any depth and channels {@link Images#toBgr8} takes; left open
     * @param rows the picture's height in the cell ({@link #cellSize})
     * @param cols its width
     * @param caption the caption; null for none
     * @return a new BGR picture the caller closes: {@code rows x cols}, or that with the caption's band beside it
     * @throws IllegalArgumentException as {@link #cell} does
     * @throws NullPointerException naming it, when the image is null
     */
    public static Mat cellClearOfCaption(Mat image, int rows, int cols, String caption) {
        checkPicture(image);
        if (caption == null || rows < 1 || cols < 1) {
            return cell(image, rows, cols, caption); // refused there, for a size, in its words
        }
        boolean down = rows >= 2 * cols && !Draw.labelFits(rows, cols, caption);
        int across = down ? rows : cols;
        // The band as a picture of the cell's font draws it, not cut to the cell: a label's font grows only past
        // SMALLEST_LABEL_SIDE on the shorter side, and a band over a quarter of it is drawn on a shorter side below
        // that (17 pixels at least), so a white picture of that side draws the same font with its band whole (16 of
        // its 17 rows on a 16x480 strip).
        int band = Draw.labelHeight(Draw.SMALLEST_LABEL_SIDE, across, caption);
        if (4 * band <= (down ? cols : rows)) {
            return cell(image, rows, cols, caption);
        }
        try (Mat shown = cell(image, rows, cols, null); Scalar white = new Scalar(255, 255, 255, 0);
                Mat labelled = new Mat(Draw.SMALLEST_LABEL_SIDE, across, CV_8UC3, white);
                Rect top = new Rect(0, 0, across, band); Mat strip = labelled.apply(top); Mat turned = new Mat()) {
            Draw.label(labelled, caption, 0, 0);
            if (down) {
                // Turned a quarter clockwise, as labelDown turns it: read from the top, its letters' tops face the
                // picture.
                org.bytedeco.opencv.global.opencv_core.rotate(strip, turned,
                        org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE);
            }
            Mat out = down ? new Mat(rows, band + cols, CV_8UC3, white) : new Mat(band + rows, cols, CV_8UC3, white);
            try {
                paste(down ? turned : strip, out, 0, 0);
                paste(shown, out, down ? band : 0, down ? 0 : band);
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
            return out;
        }
    }

    /**
     * Draws a caption down a tall cell's left edge, reading from the top, as a book's spine: across a cell 16 pixels
     * wide (a 16x3000 picture's, brought down to 16x480) a picture's name was cut to its first letter, "t", which read
     * as a class; down the cell it is whole, as across a 480x16 cell.
     */
    private static void labelDown(Mat cell, String caption, double captionSize) {
        try (Mat turned = new Mat()) {
            org.bytedeco.opencv.global.opencv_core.rotate(cell, turned,
                    org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE);
            // The cell's left edge is the turned picture's bottom, its top the turned one's left end.
            Draw.label(turned, caption, 0, turned.rows(), 1, captionSize);
            org.bytedeco.opencv.global.opencv_core.rotate(turned, cell,
                    org.bytedeco.opencv.global.opencv_core.ROTATE_90_CLOCKWISE);
        }
    }

    /**
     * A picture as a figure's cell beside its overlays: enlarged as they are, pixels as blocks, so a 28x28 digit's cells
     * stand side by side with its maps.
     *
     * @param image the picture, any depth and channels {@link Images#toBgr8} takes; left open
     * @param factor how many times larger
     * @param caption drawn at its top left as an overlay's is; null for none
     * @return a new BGR picture the caller closes
     * @throws IllegalArgumentException when the image is empty or closed, the factor is below 1, or the enlarged
     *     picture would be larger than {@link #cell} draws
     * @throws NullPointerException naming it, when the image is null
     */
    public static Mat enlargedCell(Mat image, int factor, String caption) {
        checkPicture(image);
        // Sized as cellSize sizes a cell, in long: rows * factor wrapped round in int, and a 28x28 digit enlarged
        // 153391690 times came back as a 24x24 cell without a word.
        int[] size = cellSize(image.rows(), image.cols(), factor, 0);
        return cell(image, size[0], size[1], caption);
    }

    /** Names a missing, closed or empty picture before its size is read (a closed Mat's read threw a bare NPE). */
    private static void checkPicture(Mat image) {
        Objects.requireNonNull(image, "image is null");
        if (image.isNull() || image.empty()) {
            throw new IllegalArgumentException("image is empty (or closed): a cell shows a picture of 1x1 pixels or more");
        }
    }

    /**
     * Names a missing, closed or (where no blank place is meant) empty picture of a list by its place, before any size
     * is read: a closed Mat's read threw JavaCPP's bare "This pointer address is NULL", a null one a bare
     * NullPointerException, neither saying which picture.
     *
     * @param blankAllowed whether an empty Mat is a place left blank ({@link #table})
     */
    private static void checkImages(List<Mat> images, String name, boolean blankAllowed) {
        for (int i = 0; i < images.size(); i++) {
            Mat m = images.get(i);
            Objects.requireNonNull(m, name + "[" + i + "] is null");
            if (m.isNull()) {
                throw new IllegalArgumentException(name + "[" + i + "] is closed");
            }
            if (!blankAllowed && m.empty()) {
                throw new IllegalArgumentException(name + "[" + i + "] is empty: a figure shows pictures of 1x1 pixels"
                        + " or more");
            }
        }
    }
}
