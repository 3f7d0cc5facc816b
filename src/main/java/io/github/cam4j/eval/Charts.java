package io.github.cam4j.eval;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.ROTATE_90_COUNTERCLOCKWISE;
import static org.bytedeco.opencv.global.opencv_core.rotate;
import static org.bytedeco.opencv.global.opencv_imgproc.FILLED;
import static org.bytedeco.opencv.global.opencv_imgproc.FONT_HERSHEY_SIMPLEX;
import static org.bytedeco.opencv.global.opencv_imgproc.LINE_AA;
import static org.bytedeco.opencv.global.opencv_imgproc.circle;
import static org.bytedeco.opencv.global.opencv_imgproc.getTextSize;
import static org.bytedeco.opencv.global.opencv_imgproc.line;
import static org.bytedeco.opencv.global.opencv_imgproc.putText;
import static org.bytedeco.opencv.global.opencv_imgproc.rectangle;

import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Bar and line charts drawn with OpenCV, for the report: a title, labelled axes with ticks, light grid lines and a
 * legend to the right of the plot. Text is OpenCV's Hershey font, so labels are ASCII.
 *
 * <pre>{@code
 * try (Mat chart = Charts.bars("Localisation", "rate", List.of("pointing", "IoU>=0.5"),
 *         List.of(new Charts.Series("CAM", new double[] {0.97, 0.85})), 1.0)) {
 *     Images.write(chart, Path.of("chart.png"));
 * }
 * }</pre>
 *
 * <p>Ownership: each method returns a new {@code CV_8UC3} Mat the caller closes.
 */
public final class Charts {
    /** Chart width in pixels. */
    static final int WIDTH = 1120;
    /** The radius of the ring around each point of a series hidden under another ({@link #hidden}). */
    static final int RING = 6;
    /** The smallest font scale of a legend's text; a name that would need less is shortened. */
    static final double MIN_LEGEND_SCALE = 0.32;
    /** Chart height in pixels. */
    static final int HEIGHT = 520;
    static final int LEFT = 80;
    static final int RIGHT = 250;
    /** The legend's width for a series' name, in pixels: the right margin less the swatch and the gaps. */
    static final int LEGEND_ROOM = RIGHT - 15 - 20 - 4;
    private static final int TOP = 50;
    static final int BOTTOM = 90;
    private static final int FONT = FONT_HERSHEY_SIMPLEX;
    /**
     * Matplotlib's tab10 colours, then tab20's light partners of them, then ten of tab20b's, as BGR: one colour for each
     * series evaluate charts with every --also method (30). With tab10 alone an evaluation with six --also methods drew
     * its eleventh series in the first one's blue: "randomized weights" beside CAM, one colour.
     */
    private static final int[][] PALETTE = {
        {180, 119, 31}, {14, 127, 255}, {44, 160, 44}, {40, 39, 214}, {189, 103, 148},
        {75, 86, 140}, {194, 119, 227}, {127, 127, 127}, {34, 189, 188}, {207, 190, 23},
        {232, 199, 174}, {120, 187, 255}, {138, 223, 152}, {150, 152, 255}, {213, 176, 197},
        {148, 156, 196}, {210, 182, 247}, {199, 199, 199}, {141, 219, 219}, {229, 218, 158},
        {121, 59, 57}, {57, 121, 99}, {49, 109, 140}, {57, 60, 132}, {115, 65, 123},
        {207, 110, 107}, {107, 207, 181}, {82, 186, 231}, {107, 97, 214}, {189, 109, 206}
    };

    private Charts() {}

    /**
     * One named row of values: a bar per category, or a line over the x values.
     *
     * @param name the legend's text
     * @param values one value per category or x value
     * @param colour its place in the palette, or -1 for its place among the chart's series
     */
    public record Series(String name, double[] values, int colour) {
        /**
         * A series coloured by its place among the chart's series.
         *
         * @param name the legend's text
         * @param values one value per category or x value
         */
        public Series(String name, double[] values) {
            this(name, values, -1);
        }
    }

    /**
     * Grouped bars: one group per category, one bar per series in each.
     *
     * @param title the title
     * @param yLabel the y axis's label
     * @param categories the groups' labels; {@code \n} breaks a label into lines
     * @param series the bars, each with one value per category
     * @param yMax the top of the y axis (the bottom is 0)
     * @return the chart
     */
    public static Mat bars(String title, String yLabel, List<String> categories, List<Series> series, double yMax) {
        check(series, categories.size());
        Mat chart = frame(title, yLabel, 0, yMax);
        try (PointerScope scope = new PointerScope()) {
            int plotW = WIDTH - LEFT - RIGHT;
            double group = (double) plotW / categories.size();
            double bar = group * 0.8 / series.size();
            for (int c = 0; c < categories.size(); c++) {
                double x0 = LEFT + c * group + group * 0.1;
                for (int s = 0; s < series.size(); s++) {
                    double v = Math.max(0, Math.min(yMax, series.get(s).values()[c]));
                    int x = (int) Math.round(x0 + s * bar);
                    int y = yPixel(v, 0, yMax);
                    rectangle(chart, new Point(x, y), new Point((int) Math.round(x0 + (s + 1) * bar) - 1, HEIGHT - BOTTOM),
                            colour(series.get(s), s), FILLED, LINE_AA, 0);
                }
            }
            // The labels after the bars, at one size for all: each line within its group, less a gap from the next.
            int room = (int) Math.floor(group) - LABEL_GAP;
            List<List<String>> labels = categories.stream().map(c -> wrapped(c, room)).toList();
            double scale = categoryScale(labels, room);
            for (int c = 0; c < categories.size(); c++) {
                List<String> lines = labels.get(c);
                for (int l = 0; l < lines.size(); l++) {
                    centred(chart, lines.get(l), (int) Math.round(LEFT + (c + 0.5) * group),
                            HEIGHT - BOTTOM + 20 + (int) Math.round(40 * scale) * l, scale);
                }
            }
            legend(chart, series);
        }
        return chart;
    }

    /**
     * How far past the plot's edges a line chart's points, lines and rings are drawn: short of the y tick labels
     * (8 pixels left of the axis), of the x tick labels (10 below it) and of the legend (15 right of the plot); twice
     * as far above the plot, short of the title.
     */
    private static final int PLOT_MARGIN = 6;

    /** The size of a bar chart's category labels when they fit their groups. */
    static final double CATEGORY_SCALE = 0.4;
    /** Pixels left free between two groups' labels. */
    private static final int LABEL_GAP = 4;

    /**
     * A category's label as lines: its own ({@code \n}) lines, each too wide for its group at {@link #CATEGORY_SCALE}
     * broken at its spaces ("compl. (-)" into "compl." and "(-)"): on the summary chart's 17 groups it ran into both
     * neighbours' labels.
     *
     * @param label the category's label
     * @param room a group's width for its label, in pixels
     * @return the lines, top first
     */
    static List<String> wrapped(String label, int room) {
        List<String> lines = new java.util.ArrayList<>();
        for (String line : label.split("\n")) {
            String current = "";
            for (String word : line.split(" ")) {
                String longer = current.isEmpty() ? word : current + " " + word;
                if (!current.isEmpty() && textWidth(longer, CATEGORY_SCALE) > room) {
                    lines.add(current);
                    current = word;
                } else {
                    current = longer;
                }
            }
            lines.add(current);
        }
        return lines;
    }

    /**
     * @return {@link #CATEGORY_SCALE}, or less so that the widest line (a word no space breaks, "IoU>=.5") fits its
     *     group: one size for every label, as one chart's labels are read together
     */
    private static double categoryScale(List<List<String>> labels, int room) {
        int widest = labels.stream().flatMap(List::stream).mapToInt(l -> textWidth(l, CATEGORY_SCALE)).max().orElse(0);
        return widest <= room ? CATEGORY_SCALE : CATEGORY_SCALE * room / widest;
    }

    /**
     * Lines with a dot at each point.
     *
     * @param title the title
     * @param xLabel the x axis's label
     * @param yLabel the y axis's label
     * @param x the x values, increasing
     * @param series the lines, each with one value per x; the first is drawn on top
     * @param yMin the bottom of the y axis
     * @param yMax its top
     * @return the chart
     */
    public static Mat lines(String title, String xLabel, String yLabel, double[] x, List<Series> series, double yMin,
            double yMax) {
        check(series, x.length);
        Mat chart = frame(title, yLabel, yMin, yMax);
        try (PointerScope scope = new PointerScope()) {
            double xMin = x[0];
            double xMax = x[x.length - 1];
            int every = tickEvery(x.length);
            double[] ticks = java.util.stream.IntStream.iterate(0, i -> i < x.length, i -> i + every).mapToDouble(i -> x[i])
                    .toArray();
            String[] labels = tickLabels(ticks);
            for (int t = 0; t < ticks.length; t++) {
                int px = xPixel(ticks[t], xMin, xMax);
                line(chart, new Point(px, HEIGHT - BOTTOM), new Point(px, HEIGHT - BOTTOM + 5), black(), 1, LINE_AA, 0);
                centred(chart, labels[t], px, HEIGHT - BOTTOM + 20, 0.42);
            }
            centred(chart, xLabel, LEFT + (WIDTH - LEFT - RIGHT) / 2, HEIGHT - 25, 0.5);
            int[][] px = new int[series.size()][x.length];
            int[][] py = new int[series.size()][x.length];
            for (int s = 0; s < series.size(); s++) {
                for (int i = 0; i < x.length; i++) {
                    px[s][i] = xPixel(x[i], xMin, xMax);
                    py[s][i] = yPixel(Math.max(yMin, Math.min(yMax, series.get(s).values()[i])), yMin, yMax);
                }
            }
            // Drawn on a copy and only the plot, with a margin short of the labels and the legend, copied back: rings
            // stacked at the axis's ends covered the tick labels and reached into the legend.
            Mat plot = chart.clone();
            // Last series first, so that the first (CAM) is drawn on top: a series equal to it, as the positive-part
            // variant's boxes are, hid its line under another colour.
            for (int s = series.size() - 1; s >= 0; s--) {
                Point previous = null;
                for (int i = 0; i < x.length; i++) {
                    Point p = new Point(px[s][i], py[s][i]);
                    if (previous != null) {
                        line(plot, previous, p, colour(series.get(s), s), 2, LINE_AA, 0);
                    }
                    circle(plot, p, 3, colour(series.get(s), s), FILLED, LINE_AA, 0);
                    previous = p;
                }
            }
            // A series drawn wholly under one above it (the positive-part masks' deletion curve, the same as CAM's on
            // a map that is nowhere negative) was not seen at all: it is ringed in its colour at each point, each such
            // series a ring wider than the last, and ringed in the legend too.
            boolean[] hidden = hidden(px, py);
            int rings = 0;
            for (int s = 0; s < series.size(); s++) {
                if (hidden[s]) {
                    for (int i = 0; i < x.length; i++) {
                        circle(plot, new Point(px[s][i], py[s][i]), RING + 3 * rings, colour(series.get(s), s), 2, LINE_AA, 0);
                    }
                    rings++;
                }
            }
            Rect shown = new Rect(LEFT - PLOT_MARGIN, TOP - 2 * PLOT_MARGIN, WIDTH - LEFT - RIGHT + 2 * PLOT_MARGIN,
                    HEIGHT - TOP - BOTTOM + 3 * PLOT_MARGIN);
            plot.apply(shown).copyTo(chart.apply(shown));
            plot.close();
            legend(chart, series, hidden);
        }
        return chart;
    }

    private static void check(List<Series> series, int points) {
        if (series.isEmpty() || points == 0) {
            throw new IllegalArgumentException("a chart needs at least one series and one point");
        }
        for (Series s : series) {
            if (s.values().length != points) {
                throw new IllegalArgumentException("series '" + s.name() + "' has " + s.values().length + " values for "
                        + points + " points");
            }
        }
    }

    /**
     * @param points the x axis's points
     * @return every how many points an x tick is labelled: at most 9 labelled ticks, evenly spaced over the points, the
     *     last point one of them where that leaves 4 or more (the sweep's 16 thresholds were labelled to 0.75, its
     *     points running to 0.80: helper-158's audit; now 0.05, 0.20, 0.35 ... 0.80)
     */
    static int tickEvery(int points) {
        int least = (points + 8) / 9;
        for (int every = Math.max(1, least); points > 1 && (points - 1) / every + 1 >= 4; every++) {
            if ((points - 1) % every == 0) {
                return every;
            }
        }
        return Math.max(1, least);
    }

    /** White chart with title, y axis (ticks, grid, label) and x axis line. */
    private static Mat frame(String title, String yLabel, double yMin, double yMax) {
        Mat chart;
        try (Scalar white = new Scalar(255, 255, 255, 0)) {
            chart = new Mat(HEIGHT, WIDTH, CV_8UC3, white);
        }
        try (PointerScope scope = new PointerScope()) {
            // A long title (a model's folder name before "CAM vs baselines (...)") ran off both edges: drawn smaller.
            centred(chart, title, WIDTH / 2, 30, Math.min(0.6, 0.6 * (WIDTH - 20) / Math.max(1, textWidth(title, 0.6))));
            Scalar grid = new Scalar(225, 225, 225, 0);
            double[] ticks = yTicks(yMin, yMax);
            String[] labels = tickLabels(ticks);
            for (int t = 0; t < ticks.length; t++) {
                double v = ticks[t];
                int y = yPixel(v, yMin, yMax);
                line(chart, new Point(LEFT, y), new Point(WIDTH - RIGHT, y), grid, 1, LINE_AA, 0);
                line(chart, new Point(LEFT - 5, y), new Point(LEFT, y), black(), 1, LINE_AA, 0);
                String label = labels[t];
                int w = textWidth(label, 0.42);
                putText(chart, label, new Point(LEFT - 8 - w, y + 5), FONT, 0.42, black(), 1, LINE_AA, false);
            }
            line(chart, new Point(LEFT, TOP), new Point(LEFT, HEIGHT - BOTTOM), black(), 1, LINE_AA, 0);
            line(chart, new Point(LEFT, HEIGHT - BOTTOM), new Point(WIDTH - RIGHT, HEIGHT - BOTTOM), black(), 1, LINE_AA, 0);
            verticalLabel(chart, yLabel, 18, TOP + (HEIGHT - TOP - BOTTOM) / 2);
        }
        return chart;
    }

    /**
     * Five intervals, or four, six, eight or ten when that puts a tick on 0 for an axis that spans it: the cascade's
     * axis from -1 to 1 was ticked at -0.2 and 0.2 with no 0, where a correlation's sign is read.
     *
     * @return the y axis's ticks, {@code yMin} first and {@code yMax} last
     */
    static double[] yTicks(double yMin, double yMax) {
        int intervals = 5;
        if (yMin < 0 && yMax > 0) {
            for (int n : new int[] {5, 4, 6, 8, 10}) {
                double at = -yMin / (yMax - yMin) * n;
                if (Math.abs(at - Math.rint(at)) < 1e-9) {
                    intervals = n;
                    break;
                }
            }
        }
        int n = intervals;
        return java.util.stream.IntStream.rangeClosed(0, n).mapToDouble(t -> yMin + (yMax - yMin) * t / n).toArray();
    }

    /**
     * @param px each series' points' x pixels
     * @param py their y pixels
     * @return for each series, whether every one of its points lies under the same point of one series drawn over it
     *     (an earlier one): in the same column, within {@link #COVERED} pixels of it. Only the same pixel counted, and a
     *     curve a pixel or two from another's (Eigen-CAM's deletion curve beside another method's) was hidden unringed
     *     under that one's line and dots (helper-158's audit)
     */
    static boolean[] hidden(int[][] px, int[][] py) {
        boolean[] hidden = new boolean[px.length];
        for (int s = 1; s < px.length; s++) {
            for (int t = 0; t < s && !hidden[s]; t++) {
                hidden[s] = java.util.Arrays.equals(px[s], px[t]) && within(py[s], py[t], COVERED);
            }
        }
        return hidden;
    }

    /** How far, in pixels, a point lies under another's dot (radius 3) and the lines to it (2 wide) and is not seen. */
    static final int COVERED = 3;

    private static boolean within(int[] a, int[] b, int pixels) {
        for (int i = 0; i < a.length; i++) {
            if (Math.abs(a[i] - b[i]) > pixels) {
                return false;
            }
        }
        return true;
    }

    private static void legend(Mat chart, List<Series> series) {
        legend(chart, series, new boolean[series.size()]);
    }

    private static void legend(Mat chart, List<Series> series, boolean[] ringed) {
        int x = WIDTH - RIGHT + 15;
        // Rows 22 pixels apart, closer when there are more than the chart's height holds: from the 21st series on, the
        // rows had run off the chart's bottom.
        int step = series.size() < 2 ? 22 : Math.min(22, (HEIGHT - 8 - (TOP + 10)) / (series.size() - 1));
        for (int s = 0; s < series.size(); s++) {
            int y = TOP + 10 + step * s;
            if (ringed[s]) {
                circle(chart, new Point(x + 7, y - 4), Math.min(6, step / 2 - 1), colour(series.get(s), s), 2, LINE_AA, 0);
            } else {
                rectangle(chart, new Point(x, y - Math.min(10, step - 7)), new Point(x + 14, y + 2), colour(series.get(s), s), FILLED,
                        LINE_AA, 0);
            }
            // A long name ("CAM, positive-part masks (0.112)") is drawn smaller rather than cut off at the edge, down
            // to a size still read; past it, shortened.
            int room = LEGEND_ROOM;
            String name = legendText(series.get(s).name(), room);
            double scale = Math.min(0.42, 0.42 * room / Math.max(1, textWidth(name, 0.42)));
            putText(chart, name, new Point(x + 20, y + 1), FONT, scale, black(), 1, LINE_AA, false);
        }
    }

    /**
     * @param name a series' name
     * @param room the legend's width for it, in pixels
     * @return the name when it fits at {@link #MIN_LEGEND_SCALE}, else cut in its middle to fit with "...", keeping
     *     its start, its end and a final parenthesis (a curve's AUC): a model folder's 80-character name had shrunk to
     *     an unreadable line of dots, and names cut from their end alone ("...-pooled-seed-1", "...-seed-2") read the
     *     same (helper-165)
     */
    static String legendText(String name, int room) {
        if (textWidth(name, MIN_LEGEND_SCALE) <= room) {
            return name;
        }
        java.util.regex.Matcher end = java.util.regex.Pattern.compile(" \\([^()]*\\)$").matcher(name);
        String tail = end.find() ? end.group() : "";
        String head = name.substring(0, name.length() - tail.length());
        for (int keep = head.length() - 1; keep > 0; keep--) {
            String cut = middleCut(head, keep) + tail;
            if (textWidth(cut, MIN_LEGEND_SCALE) <= room) {
                return cut;
            }
        }
        return "..." + tail;
    }

    /**
     * @param text what to shorten
     * @param keep how many of its characters to keep, fewer than it has
     * @return its first half of {@code keep} (the larger one), "...", and its last
     */
    static String middleCut(String text, int keep) {
        int right = keep / 2;
        return text.substring(0, keep - right).strip() + "..." + text.substring(text.length() - right).strip();
    }

    /** Text turned a quarter counter-clockwise, centred on (cx, cy): the y axis's label. */
    private static void verticalLabel(Mat chart, String text, int cx, int cy) {
        int w = textWidth(text, 0.5) + 4;
        int h = 20;
        try (Scalar white = new Scalar(255, 255, 255, 0);
                Mat strip = new Mat(h, w, CV_8UC3, white);
                Mat turned = new Mat()) {
            putText(strip, text, new Point(2, 15), FONT, 0.5, black(), 1, LINE_AA, false);
            rotate(strip, turned, ROTATE_90_COUNTERCLOCKWISE);
            int x = Math.max(0, cx - h / 2);
            int y = Math.max(0, Math.min(chart.rows() - w, cy - w / 2));
            try (Mat region = chart.apply(new Rect(x, y, turned.cols(), Math.min(turned.rows(), chart.rows() - y)))) {
                turned.apply(new Rect(0, 0, region.cols(), region.rows())).copyTo(region);
            }
        }
    }

    private static void centred(Mat chart, String text, int cx, int baseline, double scale) {
        putText(chart, text, new Point(cx - textWidth(text, scale) / 2, baseline), FONT, scale, black(), 1, LINE_AA, false);
    }

    /** @return the width of {@code text} drawn in the charts' font at {@code scale}, in pixels */
    static int textWidth(String text, double scale) {
        try (IntPointer base = new IntPointer(1); Size size = getTextSize(text, FONT, scale, 1, base)) {
            return size.width();
        }
    }

    private static int yPixel(double v, double yMin, double yMax) {
        double f = (v - yMin) / (yMax - yMin);
        return (int) Math.round(HEIGHT - BOTTOM - f * (HEIGHT - TOP - BOTTOM));
    }

    private static int xPixel(double v, double xMin, double xMax) {
        double f = xMax == xMin ? 0.5 : (v - xMin) / (xMax - xMin);
        return (int) Math.round(LEFT + 10 + f * (WIDTH - LEFT - RIGHT - 20));
    }

    /**
     * One axis's tick labels, all with the same number of decimals: the fewest (0 to 3) that write every tick exactly,
     * else 3. Formatting each tick alone had printed "0.00" beside "25" and "50" on a percentage axis.
     *
     * @param ticks the ticks' values
     * @return their labels
     */
    static String[] tickLabels(double... ticks) {
        int decimals = 0;
        while (decimals < 3 && !exactAt(ticks, decimals)) {
            decimals++;
        }
        String format = "%." + decimals + "f";
        // "-0" reads as a sign error: a tick that rounds to zero is written without one.
        return java.util.Arrays.stream(ticks).mapToObj(v -> String.format(Locale.ROOT, format, v + 0.0))
                .map(l -> l.matches("-0(\\.0*)?") ? l.substring(1) : l).toArray(String[]::new);
    }

    private static boolean exactAt(double[] ticks, int decimals) {
        double scale = Math.pow(10, decimals);
        for (double v : ticks) {
            double scaled = v * scale;
            if (Math.abs(scaled - Math.rint(scaled)) > 1e-6 * Math.max(1, Math.abs(scaled))) {
                return false;
            }
        }
        return true;
    }

    /** @return the series' colour: its own place in the palette, else its place among the chart's series */
    private static Scalar colour(Series series, int place) {
        int[] c = PALETTE[(series.colour() >= 0 ? series.colour() : place) % PALETTE.length];
        return new Scalar(c[0], c[1], c[2], 0);
    }

    /** @return how many colours the palette holds before they repeat */
    static int colours() {
        return PALETTE.length;
    }

    private static Scalar black() {
        return new Scalar(0, 0, 0, 0);
    }
}
