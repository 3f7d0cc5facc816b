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
 * @param roadMostRelevantFirst ROAD's mean change of the class's probability with the most relevant pixels removed and
 *     imputed, averaged over its percentiles (lower is better); NaN when ROAD was not measured ({@link Road})
 * @param roadLeastRelevantFirst the same with the least relevant pixels removed (higher is better); NaN when not
 *     measured
 * @param roadCombined ROAD combined, {@code (roadLeastRelevantFirst - roadMostRelevantFirst) / 2}, in [-0.5, 0.5]
 *     (higher is better); NaN when not measured
 * @param roadMostRelevantCurve the mean change under MoRF at each of {@link #roadPercentiles()}, or null when not
 *     measured
 * @param roadLeastRelevantCurve the same under LeRF, or null
 * @param complexity the maps' mean absolute value, in [0, 1] (lower is simpler; {@link Arcc}); NaN when not measured
 * @param coherency the mean of {@code (rho + 1) / 2}, rho the Pearson correlation of the map with the same method's map
 *     of the canvas multiplied by that map, in [0, 1] (higher is better); NaN when not measured
 * @param arcc the mean ARCC, the harmonic mean of coherency, 1 - complexity and ROAD combined at 20, 40, 60, 80 doubled
 *     and clipped to [0, 1] (higher is better); NaN without ROAD
 * @param flatMaps how many of the canvases the method's map was flat on ({@link FlatMaps#isFlat}), judged as
 *     {@link LocalisationSummary#flatMaps()} judges the same map of the same plain canvas: it masks by nothing (an
 *     occlusion patch as large as the canvas gets complexity 0 and the Average Drop of a black canvas), so the figures
 *     above read no evidence there; scored all the same, and 0 when every map held some
 * @param noPositiveCellMaps how many of the canvases the method's map was not flat but had no cell above 0 ({@link
 *     FlatMaps#hasNoPositiveCell}), as {@link LocalisationSummary#noPositiveCellMaps()} counts them: the map holds no
 *     positive evidence for the class (a positive-part mask is empty; a min-max mask ranks pixels by how little they
 *     count against it); disjoint from {@code flatMaps}, and 0 when every map had a positive cell or was flat
 */
public record FaithfulnessSummary(int canvases, double averageDrop, double increaseInConfidence, double deletionAuc,
        double insertionAuc, double[] meanDeletion, double[] meanInsertion, double roadMostRelevantFirst,
        double roadLeastRelevantFirst, double roadCombined, double[] roadMostRelevantCurve,
        double[] roadLeastRelevantCurve, double complexity, double coherency, double arcc, int flatMaps,
        int noPositiveCellMaps) {

    /**
     * Without a count of flat maps or of maps without a positive cell (0).
     *
     * @param canvases see the record
     * @param averageDrop see the record
     * @param increaseInConfidence see the record
     * @param deletionAuc see the record
     * @param insertionAuc see the record
     * @param meanDeletion see the record
     * @param meanInsertion see the record
     * @param roadMostRelevantFirst see the record
     * @param roadLeastRelevantFirst see the record
     * @param roadCombined see the record
     * @param roadMostRelevantCurve see the record
     * @param roadLeastRelevantCurve see the record
     * @param complexity see the record
     * @param coherency see the record
     * @param arcc see the record
     */
    public FaithfulnessSummary(int canvases, double averageDrop, double increaseInConfidence, double deletionAuc,
            double insertionAuc, double[] meanDeletion, double[] meanInsertion, double roadMostRelevantFirst,
            double roadLeastRelevantFirst, double roadCombined, double[] roadMostRelevantCurve,
            double[] roadLeastRelevantCurve, double complexity, double coherency, double arcc) {
        this(canvases, averageDrop, increaseInConfidence, deletionAuc, insertionAuc, meanDeletion, meanInsertion,
                roadMostRelevantFirst, roadLeastRelevantFirst, roadCombined, roadMostRelevantCurve, roadLeastRelevantCurve,
                complexity, coherency, arcc, 0, 0);
    }

    /**
     * Without complexity, coherency and ARCC.
     *
     * @param canvases see the record
     * @param averageDrop see the record
     * @param increaseInConfidence see the record
     * @param deletionAuc see the record
     * @param insertionAuc see the record
     * @param meanDeletion see the record
     * @param meanInsertion see the record
     * @param roadMostRelevantFirst see the record
     * @param roadLeastRelevantFirst see the record
     * @param roadCombined see the record
     * @param roadMostRelevantCurve see the record
     * @param roadLeastRelevantCurve see the record
     */
    public FaithfulnessSummary(int canvases, double averageDrop, double increaseInConfidence, double deletionAuc,
            double insertionAuc, double[] meanDeletion, double[] meanInsertion, double roadMostRelevantFirst,
            double roadLeastRelevantFirst, double roadCombined, double[] roadMostRelevantCurve,
            double[] roadLeastRelevantCurve) {
        this(canvases, averageDrop, increaseInConfidence, deletionAuc, insertionAuc, meanDeletion, meanInsertion,
                roadMostRelevantFirst, roadLeastRelevantFirst, roadCombined, roadMostRelevantCurve, roadLeastRelevantCurve,
                Double.NaN, Double.NaN, Double.NaN);
    }

    /**
     * Without ROAD, complexity, coherency and ARCC.
     *
     * @param canvases see the record
     * @param averageDrop see the record
     * @param increaseInConfidence see the record
     * @param deletionAuc see the record
     * @param insertionAuc see the record
     * @param meanDeletion see the record
     * @param meanInsertion see the record
     */
    public FaithfulnessSummary(int canvases, double averageDrop, double increaseInConfidence, double deletionAuc,
            double insertionAuc, double[] meanDeletion, double[] meanInsertion) {
        this(canvases, averageDrop, increaseInConfidence, deletionAuc, insertionAuc, meanDeletion, meanInsertion, Double.NaN,
                Double.NaN, Double.NaN, null, null);
    }

    /** @return the canvases whose map held no positive evidence: flat, or without a cell above 0 */
    public int noPositiveEvidenceMaps() {
        return flatMaps + noPositiveCellMaps;
    }

    /** @return the percentiles ROAD's curves are taken at (10, 20, ..., 90: pytorch-grad-cam's) */
    public double[] roadPercentiles() {
        return Road.PERCENTILES.clone();
    }
}
