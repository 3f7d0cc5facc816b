package io.github.cam4j.cli;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.eval.Metrics;

/**
 * How far one method's maps agree with a reference method's on the same pictures, for {@code compare}: the mean
 * Spearman rank correlation of the maps at the picture's size (the maps {@code explain} colours, upsampled from the
 * feature cells), and how often the hottest points fall on the same pixel, with their mean distance.
 *
 * <p>Rank correlation, not Pearson's: the methods scale their maps differently (CAM's logits, Grad-CAM's ReLU'd sums,
 * Score-CAM's softmax weights), and what a reader takes from an overlay is which parts are hotter than which. A flat
 * map (a blank picture's, or a ReLU that left nothing) has no ranking and is left out of the mean, as a picture with a
 * peak on one side only is left out of the peaks.
 */
final class MapAgreement {
    private double spearmanSum;
    private int correlated;
    private int peaksCompared;
    private int samePeak;
    private double peakDistanceSum;

    /**
     * Adds one picture's pair of maps.
     *
     * @param reference the reference method's result for the picture
     * @param other the compared method's result for the same picture and class
     */
    void add(CamResult reference, CamResult other) {
        float[] a = reference.map().values();
        float[] b = other.map().values();
        if (a.length == b.length && a.length >= 2 && reference.hasEvidence() && other.hasEvidence()) {
            double rho = Metrics.spearman(a, b);
            if (!Double.isNaN(rho)) {
                spearmanSum += rho;
                correlated++;
            }
        }
        int[] p = ExplainOverlay.peak(reference);
        int[] q = ExplainOverlay.peak(other);
        if (p != null && q != null) {
            peaksCompared++;
            if (p[0] == q[0] && p[1] == q[1]) {
                samePeak++;
            }
            peakDistanceSum += Math.hypot(p[0] - q[0], p[1] - q[1]);
        }
    }

    /** @return the mean Spearman correlation over the pictures both maps rank, NaN when none */
    double meanSpearman() {
        return correlated == 0 ? Double.NaN : spearmanSum / correlated;
    }

    /** @return the pictures whose maps were correlated */
    int correlated() {
        return correlated;
    }

    /** @return the pictures whose hottest points lie on the same pixel */
    int samePeak() {
        return samePeak;
    }

    /** @return the pictures where both maps have a hottest point */
    int peaksCompared() {
        return peaksCompared;
    }

    /** @return the mean distance between the hottest points, in picture pixels; NaN when none was compared */
    double meanPeakDistance() {
        return peaksCompared == 0 ? Double.NaN : peakDistanceSum / peaksCompared;
    }
}
