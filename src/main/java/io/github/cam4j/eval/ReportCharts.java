package io.github.cam4j.eval;

import java.util.ArrayList;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;

/** The report's charts, built from its figures with {@link Charts}. Each returns a new Mat the caller closes. */
final class ReportCharts {
    /**
     * The series' colours, one place in the palette each, the same in every chart and every report: CAM and the
     * baselines first (the colours a plain run's charts always had), then the cluttered canvases' CAM, then the --also
     * methods in {@link Method}'s order. Coloured by their place in each chart, a method took another colour in a
     * report with other --also methods (helper-158's audit: Eigen-CAM purple in one report, grey in the next).
     */
    private static final List<Method> FIRST = List.of(Method.CAM, Method.CAM_POSITIVE_MASK, Method.CENTRE, Method.RANDOM,
            Method.RANDOMIZED);
    /** The cluttered canvases' CAM in the threshold sweep, after CAM and the baselines. */
    static final int CLUTTERED_COLOUR = FIRST.size();

    private ReportCharts() {}

    /** @return the method's place in the palette ({@link #FIRST}) */
    static int colourOf(Method method) {
        int first = FIRST.indexOf(method);
        if (first >= 0) {
            return first;
        }
        int place = CLUTTERED_COLOUR + 1;
        for (Method m : Method.values()) {
            if (m == method) {
                return place;
            }
            place += FIRST.contains(m) ? 0 : 1;
        }
        throw new IllegalArgumentException("no colour for " + method);
    }

    /**
     * CAM and every baseline on the headline metrics, as rates in [0, 1] (AD and IC divided by 100, the peak distance by
     * the canvas's diagonal).
     */
    static Mat baselines(ModelReport m, String alsoSmoothing) {
        List<Scoreboard.Metric> metrics = charted(List.of(m));
        List<String> categories = new ArrayList<>();
        for (Scoreboard.Metric metric : metrics) {
            categories.add(shortName(metric));
        }
        List<Charts.Series> series = new ArrayList<>();
        for (Method method : m.plain().keySet()) {
            double[] v = new double[metrics.size()];
            for (int i = 0; i < v.length; i++) {
                Scoreboard.Metric metric = metrics.get(i);
                double value = metric.value(m, method);
                v[i] = chartValue(metric, value, m.canvasSize());
            }
            series.add(new Charts.Series(method.chartTitle(alsoSmoothing), v, colourOf(method)));
        }
        return Charts.bars(titleName(m) + ": CAM vs baselines " + scales(metrics), "value", categories, series, 1.0);
    }

    /** The IoU >= 0.5 rate at each threshold of the sweep, per method, plain and (CAM only) cluttered. */
    static Mat sweep(ModelReport m, String alsoSmoothing) {
        List<Charts.Series> series = new ArrayList<>();
        double[] thresholds = null;
        for (var e : m.plain().entrySet()) {
            thresholds = e.getValue().thresholds();
            // Its boxes are CAM's (it differs in faithfulness only): the legend says so, its line lies under CAM's.
            String name = e.getKey() == Method.CAM_POSITIVE_MASK ? e.getKey().title() + " (as CAM)"
                    : e.getKey().chartTitle(alsoSmoothing);
            series.add(new Charts.Series(name, e.getValue().iouRates(), colourOf(e.getKey())));
        }
        series.add(new Charts.Series("CAM, cluttered", m.cluttered().get(Method.CAM).iouRates(), CLUTTERED_COLOUR));
        return Charts.lines(titleName(m) + ": localised (IoU >= 0.5) by box threshold", "threshold (fraction of the map's max)",
                "rate of IoU >= 0.5", thresholds, series, 0, 1);
    }

    /**
     * The cascading randomisation as Adebayo et al. draw it: the trained maps' correlation with each step's, from the
     * trained model itself (0 layers re-drawn, correlation 1) to the randomised twin.
     */
    static Mat cascade(ModelReport m) {
        List<ModelReport.CascadeStage> stages = m.cascade();
        double[] x = new double[stages.size() + 1];
        double[] mean = new double[x.length];
        double[] meanAbs = new double[x.length];
        x[0] = 0;
        mean[0] = 1;
        meanAbs[0] = 1;
        for (int k = 0; k < stages.size(); k++) {
            x[k + 1] = k + 1;
            mean[k + 1] = stages.get(k).spearman().mean();
            meanAbs[k + 1] = stages.get(k).spearman().meanAbsolute();
        }
        List<Charts.Series> series = List.of(new Charts.Series("mean Spearman", mean),
                new Charts.Series("mean |Spearman|", meanAbs));
        return Charts.lines(titleName(m) + ": cascading randomisation (" + String.join(", ", stages.get(stages.size() - 1)
                .layers()) + ")", "layers re-drawn from the classifier down (0: the trained model)",
                "correlation with the trained maps", x, series, -1, 1);
    }

    /** Mean deletion or insertion curves per method. */
    static Mat curves(ModelReport m, boolean deletion, String alsoSmoothing) {
        List<Charts.Series> series = curveSeries(m, deletion, alsoSmoothing);
        double[] x = new double[series.get(0).values().length];
        for (int k = 0; k < x.length; k++) {
            x[k] = (double) k / (x.length - 1);
        }
        return Charts.lines(titleName(m) + (deletion ? ": deletion (lower area is better)" : ": insertion (higher area is better)"),
                deletion ? "fraction of pixels set to black" : "fraction of pixels restored onto black",
                "probability of the true class", x, series, 0, 1);
    }

    /**
     * @return each method's mean deletion or insertion curve, named with its area; the positive-part masks' named
     *     "(as CAM)" where their curve is CAM's to the last digit (a map nowhere negative), as the sweep's legend names
     *     their boxes: its line lies under CAM's, ringed ({@link Charts#lines}), and the legend says why
     */
    static List<Charts.Series> curveSeries(ModelReport m, boolean deletion, String alsoSmoothing) {
        List<Charts.Series> series = new ArrayList<>();
        FaithfulnessSummary cam = m.faithfulness().get(Method.CAM);
        for (var e : m.faithfulness().entrySet()) {
            double[] curve = deletion ? e.getValue().meanDeletion() : e.getValue().meanInsertion();
            double auc = deletion ? e.getValue().deletionAuc() : e.getValue().insertionAuc();
            boolean asCam = e.getKey() == Method.CAM_POSITIVE_MASK && cam != null
                    && java.util.Arrays.equals(curve, deletion ? cam.meanDeletion() : cam.meanInsertion());
            series.add(new Charts.Series(asCam ? e.getKey().title() + " (as CAM)" : String.format(java.util.Locale.ROOT,
                    "%s (%.3f)", e.getKey().chartTitle(alsoSmoothing), auc), curve, colourOf(e.getKey())));
        }
        return series;
    }

    /**
     * ROAD's mean curves per method: the true class's probability change with the most (or least) relevant pixels
     * removed and imputed, against the fraction removed ({@code 1 - p/100} at ROAD's percentile p).
     *
     * @param mostRelevantFirst MoRF's curves (lower is better), else LeRF's (higher is better)
     * @return the chart, or null when ROAD was not measured
     */
    static Mat road(ModelReport m, boolean mostRelevantFirst, String alsoSmoothing) {
        List<Charts.Series> series = new ArrayList<>();
        double[] x = null;
        double low = 0;
        double high = 0;
        for (var e : m.faithfulness().entrySet()) {
            FaithfulnessSummary f = e.getValue();
            double[] curve = mostRelevantFirst ? f.roadMostRelevantCurve() : f.roadLeastRelevantCurve();
            if (curve == null) {
                return null;
            }
            double[] percentiles = f.roadPercentiles();
            // Percentile p removes the pixels above it (MoRF) or below its mirror (LeRF): 1 - p/100 of them. Reversed,
            // so that the fraction removed grows to the right as deletion's does.
            x = new double[curve.length];
            double[] values = new double[curve.length];
            for (int k = 0; k < curve.length; k++) {
                x[k] = 1 - percentiles[curve.length - 1 - k] / 100;
                values[k] = curve[curve.length - 1 - k];
                low = Math.min(low, values[k]);
                high = Math.max(high, values[k]);
            }
            double mean = mostRelevantFirst ? f.roadMostRelevantFirst() : f.roadLeastRelevantFirst();
            series.add(new Charts.Series(String.format(java.util.Locale.ROOT, "%s (%.3f)",
                    e.getKey().chartTitle(alsoSmoothing), mean), values, colourOf(e.getKey())));
        }
        if (series.isEmpty()) {
            return null;
        }
        // Whole tenths around the curves and 0: a change of probability lies in -1..1.
        double yMin = Math.max(-1, Math.floor(low * 10 - 1e-9) / 10);
        double yMax = Math.min(1, Math.max(0.1, Math.ceil(high * 10 + 1e-9) / 10));
        return Charts.lines(titleName(m) + (mostRelevantFirst ? ": ROAD, most relevant first (lower mean is better)"
                : ": ROAD, least relevant first (higher mean is better)"),
                mostRelevantFirst ? "fraction of pixels removed, most relevant first, and imputed"
                        : "fraction of pixels removed, least relevant first, and imputed",
                "change of the true class's probability", x, series, yMin, yMax);
    }

    /** CAM's headline metrics for every model side by side. */
    static Mat acrossModels(List<ModelReport> models) {
        List<Scoreboard.Metric> metrics = charted(models);
        List<String> categories = new ArrayList<>();
        for (Scoreboard.Metric metric : metrics) {
            categories.add(shortName(metric));
        }
        List<Charts.Series> series = new ArrayList<>();
        for (ModelReport m : models) {
            double[] v = new double[metrics.size()];
            for (int i = 0; i < v.length; i++) {
                Scoreboard.Metric metric = metrics.get(i);
                double value = metric.value(m, Method.CAM);
                v[i] = chartValue(metric, value, m.canvasSize());
            }
            series.add(new Charts.Series(m.name(), v));
        }
        return Charts.bars("CAM per model " + scales(metrics), "value", categories, series, 1.0);
    }

    /**
     * @param metrics the metrics a chart shows
     * @return how its bars are scaled, naming only the metrics it shows: with faithfulness left out, the title still
     *     spoke of AD and IC
     */
    static String scales(List<Scoreboard.Metric> metrics) {
        List<String> notes = new ArrayList<>();
        if (metrics.stream().anyMatch(m -> m.name().startsWith("Average Drop") || m.name().startsWith("Increase in"))) {
            notes.add("AD, IC as fractions");
        }
        if (metrics.stream().anyMatch(m -> m.name().contains("distance"))) {
            notes.add("distance per canvas diagonal");
        }
        if (metrics.stream().anyMatch(m -> m.perCanvas() == Scoreboard.PerCanvas.ROAD_COMBINED)) {
            notes.add("ROAD + 0.5");
        }
        notes.add("(-) lower is better");
        return "(" + String.join(", ", notes.subList(0, notes.size() - 1)) + (notes.size() > 1 ? "; " : "")
                + notes.get(notes.size() - 1) + ")";
    }

    /** Characters of a model's name a chart's title keeps: the rest of the title must still be read. */
    static final int TITLE_NAME = 40;

    /**
     * @return the model's name for a chart's title, cut in its middle to {@link #TITLE_NAME} characters with "...":
     *     names that differ at their end only (a seed, a run's number) stay apart
     */
    static String titleName(ModelReport m) {
        String name = m.name();
        return name.length() <= TITLE_NAME ? name : Charts.middleCut(name, TITLE_NAME - 3);
    }

    /**
     * The metrics a bar chart shows: those measured for some method of some model. Faithfulness with
     * {@code --faithfulness 0} was drawn as bars of height 0 on the same axis as measured figures, which on Average
     * Drop and deletion AUC, lower is better, read as a perfect score.
     *
     * @param models the models charted
     * @return the metrics, in report order
     */
    static List<Scoreboard.Metric> charted(List<ModelReport> models) {
        List<Scoreboard.Metric> out = new ArrayList<>();
        for (Scoreboard.Metric metric : Scoreboard.METRICS) {
            boolean measured = models.stream().anyMatch(m -> m.plain().keySet().stream()
                    .anyMatch(method -> !Double.isNaN(metric.value(m, method))));
            if (measured) {
                out.add(metric);
            }
        }
        return out;
    }

    /**
     * Percentages as fractions, distances as fractions of the canvas's diagonal and ROAD combined plus 0.5, so every bar
     * fits the 0..1 axis unclipped (in tens of pixels, the centre baseline's 11 px and uniform noise's 27 px were both cut to 1).
     */
    private static double chartValue(Scoreboard.Metric metric, double value, int canvasSize) {
        if (Double.isNaN(value)) {
            return 0;
        }
        if (metric.name().endsWith("%")) {
            return value / 100;
        }
        if (metric.perCanvas() == Scoreboard.PerCanvas.ROAD_COMBINED) {
            // ROAD combined lies in -0.5..0.5: shifted onto the axis, where a negative score was cut to 0.
            return value + 0.5;
        }
        return metric.name().contains("distance") ? value / (canvasSize * Math.sqrt(2)) : value;
    }

    private static String shortName(Scoreboard.Metric metric) {
        String name = switch (metric.name()) {
            case "pointing" -> "pointing";
            case "pointing within 3 px" -> "point.\n<=3px";
            case "mean peak distance to box, px" -> "peak\ndist.\n/diag.";
            case "IoU>=0.5 rate (t=0.2)" -> "IoU>=.5\nt=.2";
            case "mean IoU (t=0.2)" -> "mIoU\nt=.2";
            case "IoU>=0.5 rate (best t)" -> "IoU>=.5\nbest t";
            case "pointing, cluttered" -> "point.\nclutter";
            case "IoU>=0.5 rate (t=0.2), cluttered" -> "IoU>=.5\nclutter";
            case "mean IoU (t=0.2), cluttered" -> "mIoU\nclutter";
            case "Average Drop %" -> "AD";
            case "Increase in Confidence %" -> "IC";
            case "deletion AUC" -> "delet.\nAUC";
            case "insertion AUC" -> "insert.\nAUC";
            case "ROAD combined" -> "ROAD\n+0.5";
            case "complexity" -> "compl.";
            case "coherency" -> "coher.";
            default -> metric.name();
        };
        return metric.higherIsBetter() ? name : name + " (-)";
    }
}
