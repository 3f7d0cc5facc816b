package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

import java.util.Objects;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * A colour key under a figure of overlays: the colormap's gradient from a map's least to its greatest value, with
 * what its two ends mean. Figures of many overlays (compare's table, explain's and demo's article figure, evaluate's
 * example grids) showed heat with nothing saying which end of the colormap was "hot", nor that each picture's map is
 * scaled to its own range, so that the same colour means different values in two pictures.
 *
 * <p>The key is one line under the figure on white, centred: the low end's words, the gradient bar (outlined in
 * grey), the high end's words. Its text is {@code max(12, min(18, W / 50))} pixels high for a figure {@code W}
 * pixels wide, or smaller when the line would not fit the width otherwise (down to 8 pixels, then the words "low" and
 * "high"); the band adds that height and half of it above and below to the figure's height. The figure's pixels are copied unchanged.
 *
 * <pre>{@code
 * try (Mat table = FigureGrid.table(cells, headers);
 *         Mat keyed = ColourKey.under(table, Colormap.JET, ColourKey.Scale.MIN_MAX)) {
 *     Images.write(keyed, out);
 * }
 * }</pre>
 */
public final class ColourKey {

    /** Least and greatest height of the key's text, in pixels. */
    static final int MIN_TEXT = 12;
    static final int MAX_TEXT = 18;

    /** How the overlays' maps were brought to the colormap's range, which decides what the key's ends say. */
    public enum Scale {
        /** Each map from its own least value to its greatest (the CAM paper's code; {@code --heat minmax}). */
        MIN_MAX("each picture's lowest", "its highest value"),
        /** Each map's positive part over its greatest value (Grad-CAM's; {@code --heat positive}). */
        POSITIVE("0 or below", "each picture's highest value");

        private final String low;
        private final String high;

        Scale(String low, String high) {
            this.low = low;
            this.high = high;
        }

        /** @return the words at the key's low end */
        public String low() {
            return low;
        }

        /** @return the words at the key's high end */
        public String high() {
            return high;
        }
    }

    private ColourKey() {
    }

    /**
     * @param figure the figure, grey or BGR; 8-bit, 16-bit unsigned or float ({@code CV_32F}, {@code CV_64F}), as
     *     {@link Overlay#blend} takes it; read, never modified or closed
     * @param colormap the overlays' colours
     * @param scale how their maps were scaled
     * @return a new {@code CV_8UC3} BGR image: the figure, then the key's band under it; the caller closes it
     * @throws NullPointerException naming the argument, when one is null
     * @throws IllegalArgumentException when the figure is closed, empty or not 2-dimensional, or of pixels
     *     {@link Overlay#blend} refuses (signed 16-bit, 32-bit integer...)
     */
    public static Mat under(Mat figure, Colormap colormap, Scale scale) {
        Objects.requireNonNull(colormap, "colormap is null");
        Objects.requireNonNull(scale, "scale is null");
        PictureArgument.check(figure, "figure");
        PictureArgument.checkOverlaid(figure, "figure");
        try (Mat bgr = Images.toBgr8(figure)) {
            int width = bgr.cols();
            Line line = Line.fitted(scale, width, textHeight(width));
            int band = bandHeight(width);
            Mat out;
            try (Scalar white = new Scalar(255, 255, 255, 0)) {
                out = new Mat(bgr.rows() + band, width, CV_8UC3, white);
            }
            try {
                try (Rect area = new Rect(0, 0, width, bgr.rows()); Mat top = out.apply(area)) {
                    bgr.copyTo(top);
                }
                // Centred in the band: a line brought down to fit a narrow figure keeps the band's height.
                line.draw(out, colormap, bgr.rows() + (band - line.text) / 2);
            } catch (RuntimeException e) {
                out.close();
                throw e;
            }
            return out;
        }
    }

    /**
     * @param figureWidth the figure's width in pixels
     * @return how many rows the key adds under a figure that wide: its text height and half of it above and below
     */
    public static int bandHeight(int figureWidth) {
        int text = textHeight(figureWidth);
        return text + 2 * (text / 2);
    }

    private static int textHeight(int figureWidth) {
        return Math.max(MIN_TEXT, Math.min(MAX_TEXT, figureWidth / 50));
    }

    /** The key's one line: its words, their text height, their widths and the bar's, laid out to fit a width. */
    private record Line(String low, String high, int text, double textScale, int lowWidth, int barWidth,
            int highWidth, int gap) {

        /** Readable words at least this high; below it the short ones. */
        private static final int LEAST_WORDS = 8;

        /**
         * The line at {@code text} pixels high, brought down until it fits {@code width} with a bar three text heights
         * wide: with the scale's words down to {@value #LEAST_WORDS} pixels, then with "low" and "high" (a table of a
         * few small pictures is narrower than the words).
         */
        static Line fitted(Scale scale, int width, int text) {
            for (int h = text; h >= LEAST_WORDS; h--) {
                Line line = at(scale.low(), scale.high(), width, h);
                if (line.barWidth >= 3 * h) {
                    return line;
                }
            }
            for (int h = text; ; h--) {
                Line line = at("low", "high", width, h);
                if (line.barWidth >= 3 * h || h <= 4) {
                    return line;
                }
            }
        }

        private static Line at(String low, String high, int width, int h) {
            int gap = Math.max(4, h / 2);
            int lowWidth = Draw.widthAtHeight(low, h);
            int highWidth = Draw.widthAtHeight(high, h);
            int room = width - 2 * gap - lowWidth - highWidth - 2 * gap;
            // A quarter of the figure's width, at most 320 pixels, at least 6 text heights, within the room left.
            int bar = Math.max(1, Math.min(Math.max(6 * h, Math.min(320, width / 4)), room));
            double textScale = Math.min(Draw.fitScale(low, lowWidth + 1, h), Draw.fitScale(high, highWidth + 1, h));
            return new Line(low, high, h, textScale, lowWidth, bar, highWidth, gap);
        }

        int width() {
            return lowWidth + gap + barWidth + gap + highWidth;
        }

        void draw(Mat out, Colormap colormap, int y) {
            int x = Math.max(0, (out.cols() - width()) / 2);
            try (Scalar black = new Scalar(0, 0, 0, 0); Scalar grey = new Scalar(128, 128, 128, 0)) {
                Draw.textCentred(out, low, new Box(x, y, lowWidth, text), black, textScale);
                int barX = x + lowWidth + gap;
                int barWidth = Math.min(this.barWidth, out.cols() - barX);
                if (barWidth > 0) {
                    float[] ramp = new float[barWidth];
                    for (int i = 0; i < barWidth; i++) {
                        ramp[i] = barWidth == 1 ? 1f : (float) i / (barWidth - 1);
                    }
                    try (Mat colours = colormap.apply(new FloatMap(1, barWidth, ramp));
                            Rect area = new Rect(barX, y, barWidth, text); Mat bar = out.apply(area);
                            Size size = new Size(barWidth, text)) {
                        resize(colours, bar, size, 0, 0, INTER_NEAREST);
                    }
                    // Outlined just outside the bar, so that a pale end shows on the white page.
                    try (Rect outline = new Rect(barX - 1, y - 1, barWidth + 2, text + 2)) {
                        rectangle(out, outline, grey);
                    }
                }
                Draw.textCentred(out, high, new Box(barX + barWidth + gap, y, highWidth, text), black,
                        textScale);
            }
        }
    }
}
