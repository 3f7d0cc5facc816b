package io.github.cam4j.eval;

/**
 * Adds up one method's localisation over canvases: pointing-game hits, and at each threshold of the sweep the IoU of
 * the paper's box with the truth, overall and per class.
 */
final class LocalisationTally {
    /** The thresholds swept, as fractions of the map's maximum: 0.05, 0.10, ..., 0.80. */
    static final double[] THRESHOLDS = sweep();

    static {
        // keep() holds a canvas's hits at every threshold in the bits of a char: past 16 thresholds the later hits
        // would be dropped without a word, and IOU_HIT_BEST read them as misses.
        if (THRESHOLDS.length > Character.SIZE) {
            throw new IllegalStateException("the IoU sweep has " + THRESHOLDS.length + " thresholds; a canvas's hits"
                    + " are kept as the " + Character.SIZE + " bits of a char");
        }
    }
    /** The CAM paper's threshold, 0.2, and its place in {@link #THRESHOLDS}. */
    static final int PAPER = 3;
    /** An IoU at least this counts as localised (the usual criterion). */
    static final double IOU_HIT = 0.5;
    /** The pointing game's tolerance in pixels for its lenient form: about one MNIST stroke width. */
    static final double TOLERANCE = 3;

    private final int classes;
    private int n;
    /** Canvases whose map was flat, and apart those whose map had no cell above 0. */
    private final NoEvidenceCount noEvidence = new NoEvidenceCount();
    private int hits;
    private int nearHits;
    private double distanceSum;
    private int distanced;
    private final int[] iouHits = new int[THRESHOLDS.length];
    private final double[] iouSums = new double[THRESHOLDS.length];
    private final int[] classN;
    private final int[] classHits;
    private final int[] classIouHits;
    private final double[] classIouSums;
    /**
     * What a paired comparison reads, canvas by canvas in the order added: the peak distance, the IoU at the paper's
     * threshold, and a bit per threshold of the sweep set where the IoU was at least {@link #IOU_HIT} (the best
     * threshold is known only once every canvas is in). 18 bytes a canvas, where the whole sweep kept as a row of
     * 17 doubles took 152 and a reference: a run keeps one tally per method and variant until its report, so this is
     * what its heap grows by with the number of canvases.
     */
    private double[] distances = new double[64];
    private double[] paperIous = new double[64];
    private char[] hitBits = new char[64];

    LocalisationTally(int classes) {
        this.classes = classes;
        classN = new int[classes];
        classHits = new int[classes];
        classIouHits = new int[classes];
        classIouSums = new double[classes];
    }

    private static double[] sweep() {
        // 16: a canvas's hits at every threshold are kept as the bits of a char.
        double[] t = new double[16];
        for (int i = 0; i < t.length; i++) {
            // Divided, not multiplied: 3 * 0.05 is 0.15000000000000002 in the report.
            t[i] = (i + 1) / 20.0;
        }
        return t;
    }

    /**
     * @param label the canvas's class
     * @param distance how far the map's peak lies from the truth box, 0 inside ({@link Metrics#peakDistance})
     * @param ious the IoU at each of {@link #THRESHOLDS}
     */
    void add(int label, double distance, double[] ious) {
        add(label, distance, ious, false, false);
    }

    /**
     * @param label the canvas's class
     * @param distance how far the map's peak lies from the truth box, 0 inside ({@link Metrics#peakDistance})
     * @param ious the IoU at each of {@link #THRESHOLDS}
     * @param flatMap whether the map scored was flat ({@link FlatMaps#isFlat}): scored all the same, and counted, so
     *     that the report can say how many of the figures read no evidence
     * @param noPositiveCell whether the map, not flat, had no cell above 0 ({@link FlatMaps#hasNoPositiveCell}):
     *     its positive part is as empty as a flat map's, and it is counted apart for the same reason
     */
    void add(int label, double distance, double[] ious, boolean flatMap, boolean noPositiveCell) {
        noEvidence.add(flatMap, noPositiveCell);
        boolean hit = distance == 0;
        keep(distance, ious);
        n++;
        hits += hit ? 1 : 0;
        nearHits += distance <= TOLERANCE ? 1 : 0;
        // A digit without ink has no box and no distance: counted as 0 it made a map look better the more blank
        // digits a dataset held. It is a miss for pointing, and left out of the mean distance.
        if (Double.isFinite(distance)) {
            distanceSum += distance;
            distanced++;
        }
        for (int t = 0; t < THRESHOLDS.length; t++) {
            iouSums[t] += ious[t];
            iouHits[t] += ious[t] >= IOU_HIT ? 1 : 0;
        }
        if (label >= 0 && label < classes) {
            classN[label]++;
            classHits[label] += hit ? 1 : 0;
            classIouHits[label] += ious[PAPER] >= IOU_HIT ? 1 : 0;
            classIouSums[label] += ious[PAPER];
        }
    }

    /**
     * @param value a localisation value
     * @return its value on each canvas, in the order added
     * @throws IllegalArgumentException for a faithfulness value
     */
    double[] values(Scoreboard.PerCanvas value) {
        int best = bestThreshold();
        double[] out = new double[n];
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (value) {
                case POINTING -> distances[i] == 0 ? 1 : 0;
                case POINTING_NEAR -> distances[i] <= TOLERANCE ? 1 : 0;
                case PEAK_DISTANCE -> distances[i];
                case IOU_HIT -> paperIous[i] >= IOU_HIT ? 1 : 0;
                case IOU -> paperIous[i];
                case IOU_HIT_BEST -> (hitBits[i] >> best & 1) == 1 ? 1 : 0;
                default -> throw new IllegalArgumentException(value + " is not a localisation value");
            };
        }
        return out;
    }

    /** Keeps the canvas's values for {@link #values}, at place {@code n}. */
    private void keep(double distance, double[] ious) {
        if (n == distances.length) {
            int grown = 2 * n;
            distances = java.util.Arrays.copyOf(distances, grown);
            paperIous = java.util.Arrays.copyOf(paperIous, grown);
            hitBits = java.util.Arrays.copyOf(hitBits, grown);
        }
        distances[n] = distance;
        paperIous[n] = ious[PAPER];
        char hits = 0;
        for (int t = 0; t < THRESHOLDS.length; t++) {
            hits |= ious[t] >= IOU_HIT ? (char) (1 << t) : 0;
        }
        hitBits[n] = hits;
    }

    /** @return the threshold of the sweep with the most IoU &ge; 0.5 hits, the lowest on ties */
    private int bestThreshold() {
        int best = 0;
        for (int t = 1; t < THRESHOLDS.length; t++) {
            if (iouHits[t] > iouHits[best]) {
                best = t;
            }
        }
        return best;
    }

    LocalisationSummary summary() {
        double[] rate = new double[THRESHOLDS.length];
        double[] mean = new double[THRESHOLDS.length];
        for (int t = 0; t < THRESHOLDS.length; t++) {
            rate[t] = ratio(iouHits[t], n);
            mean[t] = n == 0 ? 0 : iouSums[t] / n;
        }
        int best = bestThreshold();
        LocalisationSummary.PerClass[] perClass = new LocalisationSummary.PerClass[classes];
        for (int c = 0; c < classes; c++) {
            // A class without canvases has no rates: NaN, null in report.json, where 0 read as a class always missed
            // (helper-165), as the report's own per-class table already gave it.
            perClass[c] = classN[c] == 0 ? new LocalisationSummary.PerClass(0, Double.NaN, Double.NaN, Double.NaN)
                    : new LocalisationSummary.PerClass(classN[c], ratio(classHits[c], classN[c]),
                            ratio(classIouHits[c], classN[c]), classIouSums[c] / classN[c]);
        }
        return new LocalisationSummary(n, ratio(hits, n), ratio(nearHits, n), TOLERANCE,
                distanced == 0 ? Double.NaN : distanceSum / distanced,
                THRESHOLDS[PAPER], rate[PAPER], mean[PAPER], THRESHOLDS[best],
                rate[best], THRESHOLDS.clone(), rate, mean, java.util.List.of(perClass), noEvidence.flat(),
                noEvidence.noPositiveCell());
    }

    private static double ratio(int k, int n) {
        return n == 0 ? 0 : (double) k / n;
    }
}
