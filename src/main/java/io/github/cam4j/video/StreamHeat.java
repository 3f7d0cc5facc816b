package io.github.cam4j.video;

import io.github.cam4j.render.FloatMap;

/**
 * The cells drawn for each frame of a stream, at the features' resolution: its raw map scaled to [0, 1] as the heat
 * mode says ({@link HeatCells}), a map without evidence drawn blank, and blended into the frames' before it when
 * smoothing is on, fading while frames without evidence follow. Keeps the moving average between frames, so one
 * stream at a time.
 */
final class StreamHeat {
    /** Weight of the newest map in the moving average: 1 is no smoothing. */
    private final double smoothing;
    /** Whether each map's positive part over its maximum is drawn, rather than what is above its floor. */
    private final boolean positiveHeat;
    /** Whether the whole frame is explained (the median is the floor), rather than a region of interest. */
    private final boolean wholeFrame;
    /** The moving average of the frames' cells so far, not rescaled; null at the stream's start. */
    private FloatMap average;
    /** The moving average of whether each frame held evidence (1) or not (0): how strongly the average is drawn. */
    private double evidenceShare;

    /**
     * @param smoothing weight of the newest map, in (0, 1]
     * @param positiveHeat colour each map's positive part over its maximum
     * @param wholeFrame whether the whole frame is explained, not a region of interest
     */
    StreamHeat(double smoothing, boolean positiveHeat, boolean wholeFrame) {
        this.smoothing = smoothing;
        this.positiveHeat = positiveHeat;
        this.wholeFrame = wholeFrame;
    }

    /**
     * @param raw the frame's raw map
     * @param evidence whether it holds evidence ({@link io.github.cam4j.cam.CamResult#holdsEvidence}): a flat raw map
     *     (cells apart by float rounding only) is drawn blank, as stretched, its rounding was a speckle
     * @return the cells to draw, in [0, 1], blended with the frames' before it
     */
    FloatMap next(FloatMap raw, boolean evidence) {
        // Normalised at the features' resolution (cheap), smoothed there, brought to frame pixels when drawn.
        FloatMap cells = evidence ? (positiveHeat ? HeatCells.positive(raw)
                : HeatCells.normalise(raw, wholeFrame))
                : new FloatMap(raw.height(), raw.width(), new float[raw.values().length]);
        if (smoothing >= 1.0) {
            return cells;
        }
        double own = evidence ? 1 : 0;
        if (average != null && average.height() == cells.height() && average.width() == cells.width()) {
            average = HeatCells.average(cells, average, smoothing);
            evidenceShare = smoothing * own + (1 - smoothing) * evidenceShare;
        } else {
            average = cells;
            evidenceShare = own;
        }
        // Peaks that moved apart would fade in the average itself: it is drawn with its maximum at the share of recent
        // frames that held evidence, 1 while the stream shows something. After it shows nothing, the map fades as that
        // share falls; rescaled to 1 whatever came, a digit's map stayed at full strength over seconds of blank frames
        // (helper-156's audit).
        return HeatCells.scaledTo(average, evidenceShare);
    }

    /** Forgets the stream so far: the next frame's cells are its own. */
    void forget() {
        average = null;
    }
}
