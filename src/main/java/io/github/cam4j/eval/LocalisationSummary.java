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
 */
public record LocalisationSummary(int canvases, double pointing, double pointingTolerant, double tolerance,
        double meanPeakDistance, double threshold, double iouRate, double meanIou,
        double bestThreshold, double bestIouRate, double[] thresholds, double[] iouRates, double[] meanIous,
        List<PerClass> perClass) {

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
