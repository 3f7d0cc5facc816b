package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8U;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_8;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.MARKER_CROSS;
import static org.bytedeco.opencv.global.opencv_imgproc.drawMarker;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.Objects;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Draws annotations onto an image in place: CAM boxes, text labels, a marker on the hottest point.
 *
 * <pre>{@code
 * FloatMap big = Resize.bilinear(map01, frame.rows(), frame.cols());   // boxes and points in frame pixels
 * try (Mat shown = Overlay.blend(frame, big); Scalar green = new Scalar(0, 255, 0, 0)) {
 *     CamBox.of(big).ifPresent(b -> Draw.box(shown, b, green, 2));
 *     int[] hot = big.argMaxYX();
 *     Draw.marker(shown, hot[1], hot[0]);
 *     Draw.label(shown, "7  p=0.99", 0, 0);
 * }
 * }</pre>
 *
 * <p>Ownership: these are the only methods in {@code render} that modify their input: they draw into
 * {@code image}, which must be 8-bit (other depths are refused: the colours are levels 0..255). Colours are BGR; on a
 * one-channel image only the first component (blue) is used, so draw on {@link Images#toBgr8(Mat) BGR} copies. Text uses OpenCV's Hershey font, which draws ASCII only (other characters
 * come out as {@code ?}); other text is drawn with Java2D's sans-serif font.
 */
public final class Draw {

    private static final int FONT = FONT_HERSHEY_SIMPLEX;
    /** The grey of a label's band. */
    private static final int BAND = 32;
    /** The widest line {@link #box} draws: OpenCV's own limit for a line's thickness. */
    public static final int MAX_THICKNESS = 32767;

    private Draw() {
    }

    /**
     * Outlines a box; the outline lies on the box's edge pixels and grows inwards and outwards with thickness.
     *
     * @param image the image to draw into
     * @param b the box, in the image's pixels; an empty box draws nothing, a box partly outside the image is clipped
     * @param colorBgr the line colour
     * @param thickness line width in pixels, 1 to {@value #MAX_THICKNESS}, or -1 to fill the box
     * @throws NullPointerException naming it, when the image, box or colour is null
     * @throws IllegalArgumentException when the image is empty, not 2-dimensional or not 8-bit, the thickness is 0,
     *     below -1 or above {@value #MAX_THICKNESS}, or the box lies wholly outside the image (named with the image's
     *     size)
     */
    public static void box(Mat image, Box b, Scalar colorBgr, int thickness) {
        checkDrawable(image);
        Objects.requireNonNull(b, "b is null");
        Objects.requireNonNull(colorBgr, "colorBgr is null");
        if ((thickness < 1 && thickness != FILLED) || thickness > MAX_THICKNESS) {
            // Above OpenCV's limit it failed its assertion over two lines, "thickness <= MAX_THICKNESS in function
            // 'rectangle'", naming neither the argument's value nor the limit.
            throw new IllegalArgumentException("thickness must be 1 to " + MAX_THICKNESS + " (or -1 to fill), was "
                    + thickness);
        }
        if (b.isEmpty()) {
            return;
        }
        if (b.intersect(new Box(0, 0, image.cols(), image.rows())).isEmpty()) {
            // Drawn nowhere without a word: a box in another picture's pixels (a map's, a larger frame's).
            throw new IllegalArgumentException("b = box " + b + " (x,y,w,h) lies wholly outside the " + image.cols() + "x"
                    + image.rows() + " image (width x height): give it in the image's pixels");
        }
        try (PointerScope scope = new PointerScope()) {
            // OpenCV's rectangle takes inclusive corners; Box's right and bottom edges are exclusive. In long, held
            // just past the image (where the line does not show): the edge of a box reaching past the largest int
            // wrapped round to a negative corner, and a line was drawn across the image to its left.
            int margin = Math.max(thickness, 1) + 1;
            int right = (int) Math.min((long) b.x() + b.width() - 1, (long) image.cols() + margin);
            int bottom = (int) Math.min((long) b.y() + b.height() - 1, (long) image.rows() + margin);
            rectangle(image, new Point(b.x(), b.y()), new Point(right, bottom), colorBgr, thickness, LINE_8, 0);
        }
    }

    /**
     * Writes white text on a dark band, readable over any heatmap. The font scales with the image (a 500-pixel
     * image gets scale 1), and the band is moved inside the image if it would stick out. ASCII text is drawn with
     * OpenCV's Hershey font; other text (a label file's "семь") with Java2D's sans-serif font, since Hershey draws
     * only ASCII ({@link #canDraw(String)} says whether the installed fonts have its glyphs).
     *
     * @param image the image to draw into
     * @param text the label; null or empty for none, which draws nothing (as {@link Annotation}'s caption, where null
     *     is "no caption")
     * @param x left edge of the band
     * @param y top edge of the band
     * @throws NullPointerException naming it, when the image is null
     * @throws IllegalArgumentException when the image is empty, not 2-dimensional or not 8-bit
     */
    public static void label(Mat image, String text, int x, int y) {
        checkDrawable(image);
        squareLabel(image, text, x, y, labelScale(image));
    }

    /** {@link #label(Mat, String, int, int)} at a given font scale. */
    private static void squareLabel(Mat image, String text, int x, int y, double scale) {
        if (text == null || text.isEmpty()) {
            return;
        }
        int pad = labelPad(scale);
        if (!isAscii(text) && image.depth() == CV_8U && (image.channels() == 1 || image.channels() == 3)) {
            unicodeLabel(image, text, x, y, scale, pad);
            return;
        }
        asciiLabel(image, text, x, y, scale, pad);
    }

    /**
     * {@link #label(Mat, String, int, int)} on a picture whose pixels are not square (an anamorphic video frame): the
     * label is laid out for the picture as it is shown, drawn at that shape and squeezed into the stored pixels, so
     * that its letters look right on screen. Drawn in stored pixels, a caption on a frame shown twice as wide came out
     * twice as wide as high.
     *
     * @param image the image to draw into
     * @param text the label; null or empty for none, which draws nothing
     * @param x left edge of the band, in stored pixels
     * @param y top edge of the band
     * @param pixelAspect the image's pixel width over height as shown: 1 for square pixels (as {@link #label(Mat,
     *     String, int, int)}), 4/3 for a 1440x1080 frame shown as 1920x1080; only 8-bit images of 1 or 3 channels
     *     are drawn so, others as if square
     * @throws NullPointerException naming it, when the image is null
     * @throws IllegalArgumentException when the image is empty, not 2-dimensional or not 8-bit or the pixel aspect is not a positive number
     */
    public static void label(Mat image, String text, int x, int y, double pixelAspect) {
        label(image, text, x, y, pixelAspect, 1);
    }

    /**
     * {@link #label(Mat, String, int, int, double)} with the font at {@code size} times its scale for the picture: for
     * a caption that holds a method's name only a little smaller ({@link CaptionLine}).
     *
     * @param size the font's size as a fraction of the label's own for the picture, above 0; 1 is that label's
     */
    static void label(Mat image, String text, int x, int y, double pixelAspect, double size) {
        checkDrawable(image);
        if (square(image, pixelAspect)) {
            squareLabel(image, text, x, y, size * labelScale(image));
            return;
        }
        if (text == null || text.isEmpty()) {
            return;
        }
        int[] shown = ShownInk.shownSize(image.rows(), image.cols(), pixelAspect);
        double scale = size * labelScale(shown[0], shown[1]);
        int pad = labelPad(scale);
        boolean ascii = isAscii(text);
        FontMetrics metrics = ascii ? null : metrics(unicodeFont(scale));
        java.util.function.ToIntFunction<String> width = ascii ? t -> asciiBand(t, scale)[0]
                : t -> metrics.stringWidth(t) + 2 * pad;
        String drawn = fitted(text, width, shown[1]);
        int bandW = width.applyAsInt(drawn);
        int bandH = ascii ? asciiBand(drawn, scale)[1] : metrics.getAscent() + metrics.getDescent() + 2 * pad;
        int[] stored = ShownInk.storedSize(bandH, bandW, pixelAspect);
        int w = Math.min(image.cols(), stored[1]);
        int h = Math.min(image.rows(), stored[0]);
        int left = Math.max(0, Math.min(x, image.cols() - w));
        int top = Math.max(0, Math.min(y, image.rows() - h));
        ShownInk.draw(image, new Box(left, top, w, h), pixelAspect, (ink, cover) -> {
            if (ascii) {
                asciiLabel(ink, drawn, 0, 0, scale, pad);
            } else {
                unicodeLabel(ink, drawn, 0, 0, scale, pad);
            }
            try (Scalar all = new Scalar(255, 255, 255, 0); Point from = new Point(0, 0);
                    Point to = new Point(bandW - 1, bandH - 1)) {
                rectangle(cover, from, to, all, FILLED, LINE_8, 0);
            }
        });
    }

    /** @return whether an image is drawn on as if its pixels were square: they are, or it is not one {@link ShownInk} takes */
    private static boolean square(Mat image, double pixelAspect) {
        if (!(pixelAspect > 0) || !Double.isFinite(pixelAspect)) {
            throw new IllegalArgumentException("pixel aspect must be a positive number, was " + pixelAspect);
        }
        if (Math.abs(pixelAspect - 1) < 1e-9 || !ShownInk.takes(image)) {
            return true;
        }
        // The picture as shown is drawn on a scratch of its shown size: an aspect of 1e300 (or 1e-300) made that size
        // wrap round to -1, and OpenCV failed with "s >= 0 in function 'setSize'", labelFits with "an image of -1x100".
        double shown = (double) image.rows() * Math.max(1, 1 / pixelAspect) * image.cols() * Math.max(1, pixelAspect);
        if (shown > Images.MAX_PIXELS) {
            throw new IllegalArgumentException("pixel aspect " + pixelAspect + " shows the " + image.cols() + "x"
                    + image.rows() + " image at " + String.format(java.util.Locale.ROOT, "%.3g", shown) + " pixels, more"
                    + " than cam4j draws (" + Images.MAX_PIXELS + "); a pixel aspect is the shown width of a pixel over"
                    + " its height, near 1 (4/3 for 1440x1080 shown as 1920x1080)");
        }
        return false;
    }

    /** The Hershey font's band at a given scale, its left edge at x (moved inside the image), its top at y. */
    private static void asciiLabel(Mat image, String text, int x, int y, double scale, int pad) {
        int thickness = labelThickness(scale);
        try (PointerScope scope = new PointerScope()) {
            int[] baseline = new int[1];
            text = fitted(text, t -> asciiBand(t, scale)[0], image.cols());
            Size size = getTextSize(text, FONT, scale, thickness, baseline);
            int bandW = size.width() + 2 * pad;
            int bandH = size.height() + baseline[0] + 2 * pad;
            int left = Math.max(0, Math.min(x, image.cols() - bandW));
            int top = Math.max(0, Math.min(y, image.rows() - bandH));
            rectangle(image, new Point(left, top), new Point(left + bandW - 1, top + bandH - 1),
                    new Scalar(BAND, BAND, BAND, 0), FILLED, LINE_8, 0);
            putText(image, text, new Point(left + pad, top + pad + size.height()), FONT, scale,
                    new Scalar(255, 255, 255, 0), thickness, LINE_AA, false);
        }
    }

    /**
     * A caption {@code "NAME  TAIL"} (a class name, two spaces, its probability) too wide for the picture keeps its
     * tail and shortens its name with "...": a long class name pushed the probability off the picture. Where no part
     * of the name fits beside the tail, the name goes alone (shortened if need be): the class is what a caption is
     * for, and a 28-pixel picture had been captioned "p=1", the probability cut short and its class gone.
     *
     * @param text the caption
     * @param width the band's width for a text, in pixels
     * @param available the picture's width
     * @return the text; else the longest cut of its name that fits with the tail; else the name alone, or the longest
     *     cut of it that fits (its first character at least); a text without a tail is cut in its middle
     *     ({@link #middleCut})
     */
    static String fitted(String text, java.util.function.ToIntFunction<String> width, int available) {
        if (width.applyAsInt(text) <= available) {
            return text;
        }
        int gap = text.lastIndexOf("  ");
        if (gap <= 0) {
            return middleCut(text, width, available);
        }
        String name = text.substring(0, gap);
        String tail = text.substring(gap);
        // Cut at code points, so a name in CJK or with emoji is not split inside a character.
        int points = name.codePointCount(0, name.length());
        for (int keep = points - 1; keep > 0; keep--) {
            String shorter = name.substring(0, name.offsetByCodePoints(0, keep)) + "..." + tail;
            if (width.applyAsInt(shorter) <= available) {
                return shorter;
            }
        }
        if (width.applyAsInt(name) <= available) {
            return name;
        }
        for (int keep = points - 1; keep > 1; keep--) {
            String shorter = name.substring(0, name.offsetByCodePoints(0, keep)) + "...";
            if (width.applyAsInt(shorter) <= available) {
                return shorter;
            }
        }
        return name.substring(0, name.offsetByCodePoints(0, 1));
    }

    /**
     * A caption with no tail to keep (a file's name over its picture in compare's figure) keeps its start and its end
     * around "...": it had been cut at the band's edge without a sign that it was, and pictures named alike
     * ("scan_0001.png", "scan_0002.png") differ at the end.
     *
     * @return the longest "start...end" that fits, two thirds of it the end; else the first character
     */
    private static String middleCut(String text, java.util.function.ToIntFunction<String> width, int available) {
        int points = text.codePointCount(0, text.length());
        for (int keep = points - 1; keep > 1; keep--) {
            // The end gets two thirds: where names alike differ, and the extension.
            int head = Math.max(1, keep / 3);
            String shorter = text.substring(0, text.offsetByCodePoints(0, head)) + "..."
                    + text.substring(text.offsetByCodePoints(0, points - (keep - head)));
            if (width.applyAsInt(shorter) <= available) {
                return shorter;
            }
        }
        return text.substring(0, text.offsetByCodePoints(0, 1));
    }

    /**
     * @param image the image a label would be drawn into
     * @param text the label (ASCII; other text is drawn in another font, and taken to fit)
     * @return whether {@link #label(Mat, String, int, int)} draws it whole, neither shortened nor cut at the edge
     */
    public static boolean labelFits(Mat image, String text) {
        checkImage(image);
        if (text == null || text.isEmpty() || !isAscii(text)) {
            return true;
        }
        int[] band = asciiBand(text, labelScale(image));
        return band[0] <= image.cols() && band[1] <= image.rows();
    }

    /**
     * Whether a label is drawn whole into an image of this size, in whichever font {@link #label(Mat, String, int, int)}
     * draws it (ASCII in OpenCV's, other text in Java2D's): for a caller that would add to a caption only what fits,
     * before the image is drawn.
     *
     * @param rows the image's height, at least 1
     * @param cols the image's width, at least 1
     * @param text the label
     * @return whether it is drawn whole, neither shortened nor cut at the edge
     */
    public static boolean labelFits(int rows, int cols, String text) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("an image of " + cols + "x" + rows + " holds no label");
        }
        if (text == null || text.isEmpty()) {
            return true;
        }
        double scale = labelScale(rows, cols);
        int[] band;
        if (isAscii(text)) {
            band = asciiBand(text, scale);
        } else {
            FontMetrics metrics = metrics(unicodeFont(scale));
            int pad = labelPad(scale);
            band = new int[] {metrics.stringWidth(text) + 2 * pad, metrics.getAscent() + metrics.getDescent() + 2 * pad};
        }
        return band[0] <= cols && band[1] <= rows;
    }

    /** @return {@code {width, height}} in pixels of the band the Hershey font draws {@code text} in, padding included */
    private static int[] asciiBand(String text, double scale) {
        int pad = labelPad(scale);
        try (PointerScope scope = new PointerScope()) {
            int[] baseline = new int[1];
            Size size = getTextSize(text, FONT, scale, labelThickness(scale), baseline);
            return new int[] {size.width() + 2 * pad, size.height() + baseline[0] + 2 * pad};
        }
    }

    private static int labelPad(double scale) {
        return Math.max(2, (int) Math.round(4 * scale));
    }

    private static int labelThickness(double scale) {
        return Math.max(1, (int) Math.round(scale * 1.5));
    }

    /**
     * @param image the image a label will be drawn into
     * @param text the label
     * @return the height in pixels of the band {@link #label(Mat, String, int, int)} draws (at most the image's)
     */
    public static int labelHeight(Mat image, String text) {
        checkImage(image);
        if (text != null && !text.isEmpty() && !isAscii(text)
                && !(image.depth() == CV_8U && (image.channels() == 1 || image.channels() == 3))) {
            // Java2D draws only into 8-bit grey or BGR images; into others, other text goes in OpenCV's font too.
            return Math.min(image.rows(), asciiBand(text, labelScale(image))[1]);
        }
        return labelHeight(image.rows(), image.cols(), text);
    }

    /**
     * @param image the image a label will be drawn into
     * @param text the label
     * @param pixelAspect the image's pixel width over height as shown, as {@link #label(Mat, String, int, int, double)}
     *     takes it
     * @return the height in stored pixels of the band that method draws (at most the image's)
     */
    public static int labelHeight(Mat image, String text, double pixelAspect) {
        return labelHeight(image, text, pixelAspect, 1);
    }

    /**
     * {@link #labelHeight(Mat, String, double)} with the font at {@code size} times its scale for the picture, as
     * {@link #label(Mat, String, int, int, double, double)} draws it.
     */
    static int labelHeight(Mat image, String text, double pixelAspect, double size) {
        checkImage(image);
        if (square(image, pixelAspect)) {
            double scale = size * labelScale(image);
            if (text != null && !text.isEmpty() && !isAscii(text)
                    && !(image.depth() == CV_8U && (image.channels() == 1 || image.channels() == 3))) {
                return Math.min(image.rows(), asciiBand(text, scale)[1]);
            }
            return Math.min(image.rows(), band(text, scale)[1]);
        }
        int[] shown = ShownInk.shownSize(image.rows(), image.cols(), pixelAspect);
        int height = Math.min(shown[0], band(text, size * labelScale(shown[0], shown[1]))[1]);
        return Math.min(image.rows(), ShownInk.storedSize(height, 1, pixelAspect)[0]);
    }

    /**
     * Whether {@link #label(Mat, String, int, int, double, double)} draws a label whole, measured in the font it is
     * drawn in, other text too (which {@link #labelFits(Mat, String)} takes to fit).
     *
     * @param size the font's size as a fraction of the label's own for the picture
     * @return whether it is drawn whole, neither shortened nor cut at the edge
     */
    static boolean labelFits(Mat image, String text, double pixelAspect, double size) {
        checkImage(image);
        int rows = image.rows();
        int cols = image.cols();
        if (!square(image, pixelAspect)) {
            int[] shown = ShownInk.shownSize(rows, cols, pixelAspect);
            rows = shown[0];
            cols = shown[1];
        }
        return labelFits(rows, cols, text, size);
    }

    /**
     * {@link #labelFits(Mat, String, double, double)} for an image of this size with square pixels, before it is drawn:
     * for a figure's cell, whose caption is chosen before the cell is drawn ({@link CaptionTitles#inCell}).
     *
     * @param rows the image's height, at least 1
     * @param cols the image's width, at least 1
     * @param size the font's size as a fraction of the label's own for the picture
     * @return whether it is drawn whole, neither shortened nor cut at the edge
     */
    static boolean labelFits(int rows, int cols, String text, double size) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("an image of " + cols + "x" + rows + " holds no label");
        }
        int[] band = band(text, size * labelScale(rows, cols));
        return band[0] <= cols && band[1] <= rows;
    }

    /**
     * @return {@code {width, height}} of the band a label is drawn in at {@code scale}, in the font it is drawn in
     *     (ASCII in OpenCV's, other text in Java2D's), padding included; {@code {0, 0}} for no text
     */
    private static int[] band(String text, double scale) {
        if (text == null || text.isEmpty()) {
            return new int[] {0, 0};
        }
        if (isAscii(text)) {
            return asciiBand(text, scale);
        }
        FontMetrics metrics = metrics(unicodeFont(scale));
        int pad = labelPad(scale);
        return new int[] {metrics.stringWidth(text) + 2 * pad, metrics.getAscent() + metrics.getDescent() + 2 * pad};
    }

    /**
     * {@link #labelHeight(Mat, String)} for an 8-bit grey or BGR image of this size, before it is drawn: for a caller
     * that decides how many lines a caption takes.
     *
     * @param rows the image's height, at least 1
     * @param cols the image's width, at least 1
     * @param text the label
     * @return the height in pixels of the band the label is drawn in (at most {@code rows})
     */
    public static int labelHeight(int rows, int cols, String text) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("an image of " + cols + "x" + rows + " holds no label");
        }
        if (text == null || text.isEmpty()) {
            return 0;
        }
        double scale = labelScale(rows, cols);
        if (!isAscii(text)) {
            FontMetrics metrics = metrics(unicodeFont(scale));
            return Math.min(rows, metrics.getAscent() + metrics.getDescent() + 2 * labelPad(scale));
        }
        return Math.min(rows, asciiBand(text, scale)[1]);
    }

    /**
     * @param text a label; null (no label, which {@link #label(Mat, String, int, int)} draws as nothing) is
     *     drawable
     * @return whether {@link #label(Mat, String, int, int)} draws every character of it: ASCII always, other
     *     characters when an installed font has them (a CJK label needs a CJK font, which servers often lack); true
     *     for null
     */
    public static boolean canDraw(String text) {
        // Kept per label: a video asks for every frame's caption, and each answer builds a font.
        return text == null || isAscii(text) || DRAWABLE.computeIfAbsent(text,
                t -> unicodeFont(1.0).canDisplayUpTo(t) == -1);
    }

    /** {@link #canDraw}'s answers for non-ASCII labels; a model has few labels, so this stays small. */
    private static final java.util.Map<String, Boolean> DRAWABLE = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * A label's font on a picture of this size, as a number that compares across sizes: for a figure whose captions
     * are drawn in one font on cells of different sizes ({@link #labelSizeIn}).
     *
     * @param rows the picture's height, at least 1
     * @param cols its width, at least 1
     * @param size the font's size as a fraction of a label's own on it ({@link CaptionLine#size})
     * @return the font's scale: a label's own grows with the picture past {@value #SMALLEST_LABEL_SIDE} pixels on its
     *     shorter side
     * @throws IllegalArgumentException when a side is below 1 or the size is outside (0, 1], naming it
     */
    public static double labelFont(int rows, int cols, double size) {
        // Unchecked, NaN answered NaN and a size of 0 a font of 0, which labelSizeIn then divided by.
        requireLabelSides(rows, cols);
        if (!(size > 0 && size <= 1)) {
            throw new IllegalArgumentException("a label's size is a fraction of a label's own in (0, 1], was " + size);
        }
        return size * labelScale(rows, cols);
    }

    /**
     * @param rows the picture's height, at least 1
     * @param cols its width, at least 1
     * @param font a font as {@link #labelFont} gives it
     * @return the size, as a fraction of a label's own on the picture (at most 1), that draws a label in that font
     * @throws IllegalArgumentException when a side is below 1 or the font is not above 0 and finite, naming it
     */
    public static double labelSizeIn(int rows, int cols, double font) {
        requireLabelSides(rows, cols);
        if (!(font > 0 && Double.isFinite(font))) {
            throw new IllegalArgumentException("a label's font is a scale above 0 (Draw.labelFont), was " + font);
        }
        return Math.min(1, font / labelScale(rows, cols));
    }

    private static void requireLabelSides(int rows, int cols) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a picture of " + cols + "x" + rows + " (width x height) holds no label:"
                    + " each side must be at least 1");
        }
    }

    private static double labelScale(Mat image) {
        return labelScale(image.rows(), image.cols());
    }

    private static double labelScale(int rows, int cols) {
        return Math.max(SMALLEST_LABEL_SCALE, Math.min(2.0, Math.min(rows, cols) / 500.0));
    }

    /**
     * Up to this shorter side, labels are drawn at their smallest size; above it they grow with the image, so a larger
     * image holds no longer a label than an image of this side does.
     */
    public static final int SMALLEST_LABEL_SIDE = 200;

    /** The scale labels are drawn at in images whose shorter side is {@value #SMALLEST_LABEL_SIDE} pixels or less. */
    private static final double SMALLEST_LABEL_SCALE = SMALLEST_LABEL_SIDE / 500.0;

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** A sans-serif font about as tall as the Hershey font at {@code scale} (22 pixels from baseline to cap at 1). */
    private static Font unicodeFont(double scale) {
        return new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, (int) Math.round(30 * scale)));
    }

    private static FontMetrics metrics(Font font) {
        Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_3BYTE_BGR).createGraphics();
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    /** Draws the band with Java2D (headless) and copies it into the image, clipped to it. */
    private static void unicodeLabel(Mat image, String label, int x, int y, double scale, int pad) {
        Font font = unicodeFont(scale);
        FontMetrics metrics = metrics(font);
        String text = fitted(label, t -> metrics.stringWidth(t) + 2 * pad, image.cols());
        int bandW = metrics.stringWidth(text) + 2 * pad;
        int bandH = metrics.getAscent() + metrics.getDescent() + 2 * pad;
        BufferedImage band = new BufferedImage(bandW, bandH, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = band.createGraphics();
        try {
            g.setColor(new Color(BAND, BAND, BAND));
            g.fillRect(0, 0, bandW, bandH);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.setFont(font);
            g.drawString(text, pad, pad + metrics.getAscent());
        } finally {
            g.dispose();
        }
        byte[] bgr = ((DataBufferByte) band.getRaster().getDataBuffer()).getData();
        int left = Math.max(0, Math.min(x, image.cols() - bandW));
        int top = Math.max(0, Math.min(y, image.rows() - bandH));
        int w = Math.min(bandW, image.cols() - left);
        int h = Math.min(bandH, image.rows() - top);
        int channels = image.channels();
        byte[] row = new byte[w * channels];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                int from = (r * bandW + c) * 3;
                if (channels == 3) {
                    System.arraycopy(bgr, from, row, c * 3, 3);
                } else {
                    row[c] = bgr[from]; // grey band and white text: every channel holds the same value
                }
            }
            image.ptr(top + r, left).put(row, 0, row.length);
        }
    }

    /**
     * {@link #marker(Mat, int, int)} on a picture whose pixels are not square: the cross is sized for the picture as it
     * is shown and drawn at that shape, then squeezed into the stored pixels, so its arms are equally long and thick on
     * screen. Drawn in stored pixels, its arm across a frame shown twice as wide was twice as long as the other.
     *
     * @param image the image to draw into
     * @param x column of the point, stored pixels
     * @param y row of the point
     * @param pixelAspect the image's pixel width over height as shown (1: as {@link #marker(Mat, int, int)}); only 8-bit
     *     images of 1 or 3 channels are drawn so, others as if square
     * @throws NullPointerException naming it, when the image is null
     * @throws IllegalArgumentException when the image is empty, not 2-dimensional or not 8-bit, the point lies outside
     *     the image (named with the image's size), or the pixel aspect is not a positive number
     */
    public static void marker(Mat image, int x, int y, double pixelAspect) {
        checkDrawable(image);
        checkPoint(image, x, y);
        if (square(image, pixelAspect)) {
            marker(image, x, y);
            return;
        }
        int[] shown = ShownInk.shownSize(image.rows(), image.cols(), pixelAspect);
        int size = Math.max(7, Math.min(shown[0], shown[1]) / 12);
        int thickness = Math.max(1, size / 10);
        // The halo's reach from the point, as shown, and in stored pixels on each axis, with a pixel to spare.
        int reach = (size + 2) / 2 + thickness + 2;
        int[] half = ShownInk.storedSize(reach, reach, pixelAspect);
        int x0 = Math.max(0, x - half[1] - 1);
        int y0 = Math.max(0, y - half[0] - 1);
        int x1 = Math.min(image.cols(), x + half[1] + 2);
        int y1 = Math.min(image.rows(), y + half[0] + 2);
        // Not empty: the point lies inside the image, and the area holds it.
        Box area = new Box(x0, y0, x1 - x0, y1 - y0);
        ShownInk.draw(image, area, pixelAspect, (ink, cover) -> {
            int[] at = ShownInk.onScratch(y - y0, x - x0, pixelAspect);
            try (PointerScope scope = new PointerScope()) {
                Point p = new Point(at[1], at[0]);
                drawMarker(ink, p, new Scalar(0, 0, 0, 0), MARKER_CROSS, size + 2, thickness + 2, LINE_8);
                drawMarker(ink, p, new Scalar(255, 255, 255, 0), MARKER_CROSS, size, thickness, LINE_8);
                drawMarker(cover, p, new Scalar(255, 255, 255, 0), MARKER_CROSS, size + 2, thickness + 2, LINE_8);
            }
        });
    }

    /**
     * @param image the image a label would be drawn into
     * @param text the label
     * @param pixelAspect the image's pixel width over height as shown
     * @return whether {@link #label(Mat, String, int, int, double)} draws it whole, neither shortened nor cut at the
     *     edge
     */
    public static boolean labelFits(Mat image, String text, double pixelAspect) {
        checkImage(image);
        if (square(image, pixelAspect)) {
            return labelFits(image, text);
        }
        int[] shown = ShownInk.shownSize(image.rows(), image.cols(), pixelAspect);
        return labelFits(shown[0], shown[1], text);
    }

    /**
     * Marks a point (the hottest pixel of a CAM) with a white cross outlined in black, visible on any colour.
     * Its size grows with the image.
     *
     * @param image the image to draw into
     * @param x column of the point, in the image's pixels
     * @param y row of the point
     * @throws NullPointerException naming it, when the image is null
     * @throws IllegalArgumentException when the image is empty, not 2-dimensional or not 8-bit, or the point lies
     *     outside the image (named with the image's size)
     */
    public static void marker(Mat image, int x, int y) {
        checkDrawable(image);
        checkPoint(image, x, y);
        int size = Math.max(7, Math.min(image.rows(), image.cols()) / 12);
        int thickness = Math.max(1, size / 10);
        try (PointerScope scope = new PointerScope()) {
            Point p = new Point(x, y);
            // Black first and wider, then white on top: a halo that shows on both light and dark heat.
            drawMarker(image, p, new Scalar(0, 0, 0, 0), MARKER_CROSS, size + 2, thickness + 2, LINE_8);
            drawMarker(image, p, new Scalar(255, 255, 255, 0), MARKER_CROSS, size, thickness, LINE_8);
        }
    }

    /**
     * Writes text centred in a box, as large as fits it, with no background: for captions and titles on a plain
     * background.
     *
     * @param image the image to draw into
     * @param text the text (ASCII with OpenCV's Hershey font, other text with Java2D's sans-serif font)
     * @param area where the text may go, in the image's pixels; an empty area draws nothing, one partly outside the
     *     image is clipped
     * @param colorBgr the text colour
     * @throws NullPointerException naming it, when the image is null
     * @throws IllegalArgumentException when the image is empty, not 2-dimensional or not 8-bit, or the area lies wholly
     *     outside the image (named with the image's size)
     */
    public static void textInBox(Mat image, String text, Box area, Scalar colorBgr) {
        checkDrawable(image);
        Objects.requireNonNull(area, "area is null");
        Objects.requireNonNull(colorBgr, "colorBgr is null");
        if (text == null || text.isEmpty() || area.isEmpty()) {
            return;
        }
        if (area.intersect(new Box(0, 0, image.cols(), image.rows())).isEmpty()) {
            // Written nowhere without a word, as box() refuses a box there: an area in another picture's pixels.
            throw new IllegalArgumentException("area = box " + area + " (x,y,w,h) lies wholly outside the "
                    + image.cols() + "x" + image.rows() + " image (width x height): give it in the image's pixels");
        }
        textCentred(image, text, area, colorBgr, fitScale(text, area.width(), area.height()));
    }

    /**
     * @return the largest font scale at which {@code text}, drawn with {@link #thicknessFor(double)}, fits in
     *     {@code width x height} pixels; figures take the smallest over several captions so that all match
     */
    static double fitScale(String text, int width, int height) {
        if (text == null || text.isEmpty()) {
            return Double.POSITIVE_INFINITY;
        }
        if (!isAscii(text)) {
            // Java2D's font grows in proportion to the scale (unicodeFont), up to its whole-point rounding.
            FontMetrics unit = metrics(unicodeFont(1.0));
            return Math.min((double) width / unit.stringWidth(text),
                    (double) height / (unit.getAscent() + unit.getDescent()));
        }
        try (PointerScope scope = new PointerScope()) {
            int[] baseline = new int[1];
            Size unit = getTextSize(text, FONT, 1.0, 1, baseline);
            double scale = Math.min((double) width / unit.width(), (double) height / (unit.height() + baseline[0]));
            // A thicker stroke widens the text; shrink until it fits (twice is enough in practice).
            for (int i = 0; i < 3; i++) {
                Size size = getTextSize(text, FONT, scale, thicknessFor(scale), baseline);
                double fit = Math.min((double) width / size.width(),
                        (double) height / (size.height() + baseline[0]));
                if (fit >= 1.0) {
                    break;
                }
                scale *= fit;
            }
            return scale;
        }
    }

    /**
     * @return the width {@code text} takes at the largest scale at which it is {@code height} pixels high (drawn as
     *     {@link #fitScale} draws it)
     */
    static int widthAtHeight(String text, int height) {
        if (text == null || text.isEmpty()) {
            return 0;
        }
        double scale = fitScale(text, Integer.MAX_VALUE / 4, height);
        if (!isAscii(text)) {
            return metrics(unicodeFont(scale)).stringWidth(text);
        }
        try (PointerScope scope = new PointerScope()) {
            int[] baseline = new int[1];
            return getTextSize(text, FONT, scale, thicknessFor(scale), baseline).width();
        }
    }

    /** @return the stroke width that keeps text at {@code scale} legible without blotting */
    static int thicknessFor(double scale) {
        return Math.max(1, (int) Math.round(scale * 1.2));
    }

    /** Writes text at a given scale, centred in {@code area} (it may overflow when the scale is too large). */
    static void textCentred(Mat image, String text, Box area, Scalar colorBgr, double scale) {
        checkDrawable(image);
        Objects.requireNonNull(area, "area is null");
        Objects.requireNonNull(colorBgr, "colorBgr is null");
        if (text == null || text.isEmpty()) {
            return;
        }
        if (!isAscii(text) && image.depth() == CV_8U && (image.channels() == 1 || image.channels() == 3)) {
            unicodeCentred(image, text, area, colorBgr, scale);
            return;
        }
        int thickness = thicknessFor(scale);
        try (PointerScope scope = new PointerScope()) {
            int[] baseline = new int[1];
            Size size = getTextSize(text, FONT, scale, thickness, baseline);
            int left = area.x() + (area.width() - size.width()) / 2;
            int textTop = area.y() + (area.height() - size.height() - baseline[0]) / 2;
            putText(image, text, new Point(left, textTop + size.height()), FONT, scale, colorBgr, thickness,
                    LINE_AA, false);
        }
    }

    /**
     * {@link #textCentred} for text Hershey cannot draw: the part of the image under {@code area} is copied into a
     * Java2D picture, the text drawn on it (no background), and the part copied back.
     */
    private static void unicodeCentred(Mat image, String text, Box area, Scalar colorBgr, double scale) {
        Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(1, (int) Math.floor(30 * scale)));
        FontMetrics metrics = metrics(font);
        Box within = area.intersect(new Box(0, 0, image.cols(), image.rows()));
        if (within.isEmpty()) {
            return;
        }
        int channels = image.channels();
        int w = within.width();
        int h = within.height();
        BufferedImage part = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] pixels = ((DataBufferByte) part.getRaster().getDataBuffer()).getData();
        byte[] row = new byte[w * channels];
        for (int r = 0; r < h; r++) {
            image.ptr(within.y() + r, within.x()).get(row, 0, row.length);
            for (int c = 0; c < w; c++) {
                for (int k = 0; k < 3; k++) {
                    pixels[(r * w + c) * 3 + k] = row[c * channels + (channels == 3 ? k : 0)];
                }
            }
        }
        Graphics2D g = part.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            // BGR scalar to an RGB colour.
            g.setColor(new Color((int) colorBgr.get(2), (int) colorBgr.get(1), (int) colorBgr.get(0)));
            g.setFont(font);
            int left = area.x() - within.x() + (area.width() - metrics.stringWidth(text)) / 2;
            int top = area.y() - within.y() + (area.height() - metrics.getAscent() - metrics.getDescent()) / 2;
            g.drawString(text, left, top + metrics.getAscent());
        } finally {
            g.dispose();
        }
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if (channels == 3) {
                    System.arraycopy(pixels, (r * w + c) * 3, row, c * 3, 3);
                } else {
                    row[c] = pixels[(r * w + c) * 3 + 1]; // a grey image: the colour's green, as close as one channel gets
                }
            }
            image.ptr(within.y() + r, within.x()).put(row, 0, row.length);
        }
    }

    private static void checkImage(Mat image) {
        // Named as missing: a null image was called "an empty image", as if a picture had been given.
        Objects.requireNonNull(image, "image is null: the picture to draw into");
        if (image.isNull() || image.empty()) {
            throw new IllegalArgumentException("cannot draw into an empty image");
        }
        if (image.dims() > 2) {
            // Its rows and columns read -1: a label was "drawn" into it without a word.
            throw new IllegalArgumentException("cannot draw into an image of " + image.dims() + " dimensions; a"
                    + " picture has 2 (rows x columns)");
        }
    }

    /**
     * A point in another picture's pixels (a map's, a larger frame's) was marked nowhere without a word, or, just
     * outside, by a stray arm of the cross at the edge: refused, as {@link #box} refuses a box wholly outside.
     */
    private static void checkPoint(Mat image, int x, int y) {
        if (x < 0 || x >= image.cols() || y < 0 || y >= image.rows()) {
            throw new IllegalArgumentException("point x=" + x + ", y=" + y + " lies outside the " + image.cols() + "x"
                    + image.rows() + " image (width x height): give it in the image's pixels");
        }
    }

    private static void checkDrawable(Mat image) {
        checkImage(image);
        if (image.depth() != CV_8U) {
            // Colours are 0..255 levels: on a float picture of 0..1 a green box was drawn as 255, far out of its range,
            // and shown white or saturated once the picture was scaled for display; on 16-bit pixels it was near black.
            throw new IllegalArgumentException("cannot draw into an image that is " + DepthNames.of(image)
                    + ": Draw's colours are 8-bit levels 0..255; draw on an 8-bit copy (Images.toBgr8(image), which"
                    + " scales a 0..1 float picture by 255)");
        }
        if (image.channels() != 1 && image.channels() != 3) {
            // Colours are grey or BGR: on BGRA the fourth value of a three-value colour, 0, was written as the alpha,
            // and the box or label was invisible once the picture was saved as a PNG.
            throw new IllegalArgumentException("cannot draw into an 8-bit image of " + image.channels()
                    + " channels: Draw paints grey (1 channel) or BGR (3 channels); draw on a BGR copy"
                    + " (Images.toBgr8(image), or OpenCV's cvtColor with COLOR_BGRA2BGR)");
        }
    }
}
