package io.github.cam4j.eval;

import io.github.cam4j.render.FloatMap;
import java.util.List;

/**
 * One model's figures plus the canvases and maps its report shows as pictures.
 *
 * @param report the figures
 * @param examples the first plain canvases, then the same digits cluttered, with CAM's maps
 * @param worst the worst-localised plain canvases, worst first, with CAM's maps
 * @param camValues CAM's value on each canvas, by metric name ({@link Scoreboard#METRICS}), the canvases in the order
 *     scored: what compares two models canvas by canvas (not written to {@code report.json}; empty when not kept)
 * @param scoredDigits the test digits whose canvases were scored, in that order: the {@code k}-th value of every
 *     metric in {@code camValues} is the {@code k}-th digit's; null when not kept (every model then taken to have
 *     scored the same digits)
 */
public record ModelEvaluation(ModelReport report, List<Shown> examples, List<Shown> worst,
        java.util.Map<String, double[]> camValues, int[] scoredDigits) {

    /**
     * Without the digits scored: taken to be the same for every model.
     *
     * @param report see the record
     * @param examples see the record
     * @param worst see the record
     * @param camValues see the record
     */
    public ModelEvaluation(ModelReport report, List<Shown> examples, List<Shown> worst,
            java.util.Map<String, double[]> camValues) {
        this(report, examples, worst, camValues, null);
    }

    /**
     * Without per-canvas values.
     *
     * @param report see the record
     * @param examples see the record
     * @param worst see the record
     */
    public ModelEvaluation(ModelReport report, List<Shown> examples, List<Shown> worst) {
        this(report, examples, worst, java.util.Map.of());
    }

    /**
     * A canvas with its map, ready to draw.
     *
     * @param canvas the canvas
     * @param map CAM's map at the canvas's size, in [0, 1]
     * @param info the figures shown under it
     */
    public record Shown(Canvas canvas, FloatMap map, ModelReport.Example info) {}
}
