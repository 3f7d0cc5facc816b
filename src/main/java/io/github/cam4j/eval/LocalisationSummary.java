package io.github.cam4j.eval;

import java.util.List;

/**
 * One method's localisation over a set of canvases.
 *
 * @param canvases how many canvases
 * @param pointing the fraction whose map peak lies inside the truth box
 * @param pointingTolerant the fraction whose peak lies within {@code tolerance} pixels of the box
 * @param tolerance that tolerance in pixels
 * @param meanPeakDistance the mean distance in pixels from the peak to the box (0 for a hit), over the canvases whose
 *     digit has ink (NaN when none has)
 * @param threshold the paper's box threshold (0.2 of the max)
 * @param iouRate the fraction whose box at {@code threshold} has IoU &ge; 0.5 with the truth
 * @param meanIou the mean IoU at {@code threshold}
 * @param bestThreshold the threshold of the sweep with the highest IoU &ge; 0.5 rate (the lowest on ties)
 * @param bestIouRate that rate
 * @param thresholds the sweep
 * @param iouRates the IoU &ge; 0.5 rate at each threshold of the sweep
 * @param meanIous the mean IoU at each
 * @param perClass the same at the paper's threshold, by class
 * @param flatMaps how many of the canvases the method's map was flat on ({@link FlatMaps#isFlat}: constant, up to
 *     float rounding, or not finite), so that the figures above read no evidence there; 0 when every map held some
 * @param noPositiveCellMaps how many of the canvases the method's map was not flat but had no cell above 0 ({@link
 *     FlatMaps#hasNoPositiveCell}): its positive part, which localisation scores, is empty as a flat map's is, so
 *     the figures above read no evidence there either (no box, IoU 0; the peak is the canvas's first pixel); counted
 *     apart from {@code flatMaps}, which keeps its meaning, and 0 when every map had a positive cell or was flat
 */
public record LocalisationSummary(int canvases, double pointing, double pointingTolerant, double tolerance,
        double meanPeakDistance, double threshold, double iouRate, double meanIou,
        double bestThreshold, double bestIouRate, double[] thresholds, double[] iouRates, double[] meanIous,
        List<PerClass> perClass, int flatMaps, int noPositiveCellMaps) {

    /**
     * A summary without a count of flat maps or of maps without a positive cell (0).
     *
     * @param canvases see the record
     * @param pointing see the record
     * @param pointingTolerant see the record
     * @param tolerance see the record
     * @param meanPeakDistance see the record
     * @param threshold see the record
     * @param iouRate see the record
     * @param meanIou see the record
     * @param bestThreshold see the record
     * @param bestIouRate see the record
     * @param thresholds see the record
     * @param iouRates see the record
     * @param meanIous see the record
     * @param perClass see the record
     */
    public LocalisationSummary(int canvases, double pointing, double pointingTolerant, double tolerance,
            double meanPeakDistance, double threshold, double iouRate, double meanIou,
            double bestThreshold, double bestIouRate, double[] thresholds, double[] iouRates, double[] meanIous,
            List<PerClass> perClass) {
        this(canvases, pointing, pointingTolerant, tolerance, meanPeakDistance, threshold, iouRate, meanIou,
                bestThreshold, bestIouRate, thresholds, iouRates, meanIous, perClass, 0, 0);
    }

    /** @return the canvases whose map held no positive evidence: flat, or without a cell above 0 */
    public int noPositiveEvidenceMaps() {
        return flatMaps + noPositiveCellMaps;
    }

    /**
     * One class's localisation at the paper's threshold; its rates NaN when it has no canvas.
     *
     * @param canvases canvases of the class
     * @param pointing pointing-game rate
     * @param iouRate IoU &ge; 0.5 rate
     * @param meanIou mean IoU
     */
    public record PerClass(int canvases, double pointing, double iouRate, double meanIou) {}
}
