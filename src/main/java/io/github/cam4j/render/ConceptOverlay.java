package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

import java.util.List;
import java.util.Objects;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;

/**
 * Several concepts' heatmaps over one picture, as pytorch-grad-cam's {@code show_factorization_on_image} draws them:
 * each pixel takes the colour of its strongest concept, as bright as that concept's heat there, and the picture shows
 * through ({@value #IMAGE_WEIGHT} of it, pytorch-grad-cam's {@code run_dff_on_image} weight). The colours are
 * matplotlib's {@code gist_rainbow} at {@code i / k}, as pytorch-grad-cam (after the DFF authors' code) picks them.
 *
 * <p>pytorch-grad-cam sets a concept's colour in HSV with the heat as its value; every {@code gist_rainbow} colour has
 * a channel at 1, so that is the colour times the heat, which is what is computed here (without HSV's 8-bit rounding).
 *
 * <p>Ownership: returns new Mats the caller closes; its arguments are read, never modified.
 */
public final class ConceptOverlay {
    /** The picture's share of each pixel, pytorch-grad-cam's {@code image_weight=0.3}. */
    public static final double IMAGE_WEIGHT = 0.3;

    /** matplotlib's {@code gist_rainbow}: positions and RGB, interpolated linearly between them. */
    private static final double[][] GIST_RAINBOW = {
        {0.000, 1.00, 0.00, 0.16}, {0.030, 1.00, 0.00, 0.00}, {0.215, 1.00, 1.00, 0.00}, {0.400, 0.00, 1.00, 0.00},
        {0.586, 0.00, 1.00, 1.00}, {0.770, 0.00, 0.00, 1.00}, {0.954, 1.00, 0.00, 1.00}, {1.000, 1.00, 0.00, 0.75},
    };

    private ConceptOverlay() {}

    /**
     * @param concept a concept's index, 0 to k - 1
     * @param k the concepts
     * @return its colour, RGB in 0..1: {@code gist_rainbow(concept / k)} read from matplotlib's 256-entry table, as
     *     {@code plt.cm.get_cmap('gist_rainbow')(i)} reads it
     */
    public static double[] colour(int concept, int k) {
        if (k < 1 || concept < 0 || concept >= k) {
            throw new IllegalArgumentException("concept " + concept + " of " + k);
        }
        // matplotlib: a float x picks entry floor(x * 256) of the table, entry e lying at e / 255 on the map.
        int entry = Math.min(255, (int) Math.floor((double) concept / k * 256));
        double x = entry / 255.0;
        for (int i = 1; i < GIST_RAINBOW.length; i++) {
            double[] lo = GIST_RAINBOW[i - 1];
            double[] hi = GIST_RAINBOW[i];
            if (x <= hi[0]) {
                double f = (x - lo[0]) / (hi[0] - lo[0]);
                return new double[] {lo[1] + f * (hi[1] - lo[1]), lo[2] + f * (hi[2] - lo[2]),
                    lo[3] + f * (hi[3] - lo[3])};
            }
        }
        double[] last = GIST_RAINBOW[GIST_RAINBOW.length - 1];
        return new double[] {last[1], last[2], last[3]};
    }

    /**
     * @param picture grey, BGR, BGRA; 8-bit, 16-bit unsigned or float ({@code CV_32F}, {@code CV_64F}), as
     *     {@link Overlay#blend} takes it
     * @param heatmaps one per concept, each in 0..1 at the picture's size
     * @return a new {@code CV_8UC3} BGR picture: {@code IMAGE_WEIGHT * picture + (1 - IMAGE_WEIGHT) * colour(best) *
     *     heat(best)}, {@code best} the concept of the largest heat at the pixel (the first of equal ones), rounded;
     *     the caller closes it
     * @throws NullPointerException naming it, when the picture, the list or a heatmap is null
     * @throws IllegalArgumentException when the picture is closed, empty, not 2-dimensional or of pixels
     *     {@link Overlay#blend} refuses (signed 16-bit, 32-bit integer...); when there are no heatmaps, or one is not at the picture's size or holds a
     *     value outside [0, 1] (to {@link Overlay#MAP_SLACK}) or NaN, naming it
     */
    public static Mat draw(Mat picture, List<FloatMap> heatmaps) {
        PictureArgument.check(picture, "picture");
        PictureArgument.checkOverlaid(picture, "picture");
        Objects.requireNonNull(heatmaps, "heatmaps is null: one per concept");
        if (heatmaps.isEmpty()) {
            throw new IllegalArgumentException("no heatmaps to draw: one per concept");
        }
        int rows = picture.rows();
        int cols = picture.cols();
        for (int i = 0; i < heatmaps.size(); i++) {
            checkHeatmap(heatmaps.get(i), i, rows, cols);
        }
        int k = heatmaps.size();
        double[][] colours = new double[k][];
        for (int i = 0; i < k; i++) {
            colours[i] = colour(i, k);
        }
        byte[] pixels = new byte[rows * cols * 3];
        // A clone is continuous, so its bytes read in one go.
        try (Mat bgr = Images.toBgr8(picture); Mat packed = bgr.clone();
                BytePointer data = new BytePointer(packed.data())) {
            data.get(pixels, 0, pixels.length);
        }
        for (int p = 0; p < rows * cols; p++) {
            int best = 0;
            for (int i = 1; i < k; i++) {
                if (heatmaps.get(i).values()[p] > heatmaps.get(best).values()[p]) {
                    best = i;
                }
            }
            double heat = heatmaps.get(best).values()[p];
            for (int c = 0; c < 3; c++) {
                // Stored BGR: channel c is RGB's 2 - c.
                double image = (pixels[p * 3 + c] & 0xFF) / 255.0;
                double v = IMAGE_WEIGHT * image + (1 - IMAGE_WEIGHT) * colours[best][2 - c] * heat;
                pixels[p * 3 + c] = (byte) Math.max(0, Math.min(255, Math.round(v * 255)));
            }
        }
        Mat out = new Mat(rows, cols, CV_8UC3);
        try (BytePointer data = new BytePointer(out.data())) {
            data.put(pixels, 0, pixels.length);
        }
        return out;
    }

    /**
     * Refuses a heatmap that is missing, of another size, or not in [0, 1]: NaN heat was drawn as black and a heat of
     * 7 as a saturated colour, without a word, where {@link Overlay#blend} refuses both.
     */
    private static void checkHeatmap(FloatMap m, int index, int rows, int cols) {
        Objects.requireNonNull(m, "heatmaps[" + index + "] is null: one heatmap per concept");
        if (m.height() != rows || m.width() != cols) {
            throw new IllegalArgumentException("heatmaps[" + index + "] is " + m.height() + "x" + m.width() + " for a"
                    + " picture of " + rows + "x" + cols + ": give each concept's heatmap at the picture's size"
                    + " (Factorization.Picture.heatmap)");
        }
        float[] v = m.values();
        for (int p = 0; p < v.length; p++) {
            if (!(v[p] >= -Overlay.MAP_SLACK && v[p] <= 1 + Overlay.MAP_SLACK)) {
                throw new IllegalArgumentException("heatmaps[" + index + "] holds " + v[p] + " at (y=" + p / cols
                        + ", x=" + p % cols + "): a concept's heatmap runs from 0 to 1 (Factorization.Picture.heatmap)");
            }
        }
    }

    /**
     * The most lines a legend's column holds before {@link #legend(List, int, int)} starts another beside it, where
     * room allows: 64 concepts in one column made a legend of 64 lines, taller than the figure above it, with the
     * width beside it left blank.
     */
    public static final int LINES_PER_COLUMN = 16;

    /**
     * A legend on white in one column: a line per concept, its colour's swatch, then its text.
     *
     * @param texts one per concept, in order (e.g. "concept 1: 7 0.98, 1 0.01")
     * @param lineHeight each line's height in pixels, at least 12
     * @return a new {@code CV_8UC3} BGR picture; the caller closes it
     */
    public static Mat legend(List<String> texts, int lineHeight) {
        return legend(texts, lineHeight, 0);
    }

    /**
     * A legend on white: a line per concept, its colour's swatch, then its text, in columns read top to bottom, then
     * left to right. More than {@value #LINES_PER_COLUMN} lines take further columns, as many as {@code maxWidth}
     * holds (at least one), and the lines are then shared evenly among the columns.
     *
     * @param texts one per concept, in order (e.g. "concept 1: 7 0.98, 1 0.01")
     * @param lineHeight each line's height in pixels, at least 12
     * @param maxWidth the width the legend may take (the figure's above it); 0 or less for one column
     * @return a new {@code CV_8UC3} BGR picture; the caller closes it
     */
    public static Mat legend(List<String> texts, int lineHeight, int maxWidth) {
        Objects.requireNonNull(texts, "texts is null: one per concept");
        if (texts.isEmpty() || lineHeight < 12) {
            throw new IllegalArgumentException("a legend needs a line per concept and lines at least 12 pixels high, got "
                    + texts.size() + " of " + lineHeight);
        }
        int pad = lineHeight / 3;
        int textHeight = lineHeight * 2 / 3;
        int widest = 0;
        for (String t : texts) {
            widest = Math.max(widest, Draw.widthAtHeight(t, textHeight));
        }
        int swatch = lineHeight - pad;
        int columnWidth = swatch + pad + widest + pad;
        int columns = columns(texts.size(), columnWidth, maxWidth - pad);
        int linesPerColumn = (texts.size() + columns - 1) / columns;
        int width = pad + columns * columnWidth;
        int height = pad + linesPerColumn * lineHeight;
        double scale = Double.POSITIVE_INFINITY;
        for (String t : texts) {
            scale = Math.min(scale, Draw.fitScale(t, widest + 1, textHeight));
        }
        Mat out;
        try (Scalar white = new Scalar(255, 255, 255, 0)) {
            out = new Mat(height, width, CV_8UC3, white);
        }
        try (PointerScope scope = new PointerScope(); Scalar black = new Scalar(0, 0, 0, 0)) {
            for (int i = 0; i < texts.size(); i++) {
                int x = pad + (i / linesPerColumn) * columnWidth;
                int y = pad + (i % linesPerColumn) * lineHeight;
                double[] rgb = colour(i, texts.size());
                try (Mat square = out.apply(new Rect(x, y, swatch, swatch));
                        Scalar colour = new Scalar(rgb[2] * 255, rgb[1] * 255, rgb[0] * 255, 0)) {
                    square.put(colour);
                }
                int textWidth = Draw.widthAtHeight(texts.get(i), textHeight);
                Draw.textCentred(out, texts.get(i), new Box(x + swatch + pad, y, textWidth, swatch), black, scale);
            }
        } catch (RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /**
     * @param lines the legend's lines
     * @param columnWidth one column's width, its right padding included
     * @param room the width the columns may take together
     * @return the columns: one up to {@value #LINES_PER_COLUMN} lines, else as many as the lines need at that many a
     *     column, within {@code room} (at least one)
     */
    static int columns(int lines, int columnWidth, int room) {
        int needed = (lines + LINES_PER_COLUMN - 1) / LINES_PER_COLUMN;
        return Math.max(1, Math.min(needed, room / columnWidth));
    }
}
