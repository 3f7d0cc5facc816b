package io.github.cam4j.eval;

/**
 * One method's faithfulness over a set of canvases.
 *
 * @param canvases how many canvases
 * @param averageDrop Average Drop in % (lower is better)
 * @param increaseInConfidence Increase in Confidence in % (higher is better)
 * @param deletionAuc mean area under the deletion curve (lower is better)
 * @param insertionAuc mean area under the insertion curve (higher is better)
 * @param meanDeletion the mean deletion curve, at 0, 1/steps, ..., 1 of the pixels removed
 * @param meanInsertion the mean insertion curve
 */
public record FaithfulnessSummary(int canvases, double averageDrop, double increaseInConfidence, double deletionAuc,
        double insertionAuc, double[] meanDeletion, double[] meanInsertion) {}
