package io.github.cam4j.video;

import io.github.cam4j.render.Annotation;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.CamBox;
import io.github.cam4j.render.CellPeak;
import io.github.cam4j.render.Draw;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.render.Placement;
import io.github.cam4j.render.Resize;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * What was explained in one video frame: the class, its probability, and its class activation map over the explained
 * region (the whole frame, or the region of interest), in frame pixels.
 *
 * <pre>{@code
 * FrameExplanation e = explainer.explain(frame);
 * int[] hot = e.peak();                        // {y, x} in frame pixels
 * e.box().ifPresent(b -> System.out.println(e.caption() + " at " + b));
 * }</pre>
 *
 * <p>The map is kept at the model's feature resolution and brought to frame pixels (bilinearly) only when
 * {@link #map()} or {@link #peak()} asks for it: drawing works from the small map in OpenCV and leaves its CAM box here
 * for {@link #box()}. Frames that reuse an explanation share that work. Immutable (once computed, a value does not
 * change) and thread-safe.
 */
public final class FrameExplanation {
    private final long frameIndex;
    private final boolean fresh;
    private final int classIndex;
    private final String label;
    private final float probability;
    private final Optional<Box> window;
    private final Maps maps;
    private final double pixelAspect;
    /**
     * The rows and columns of the frame whose whole picture was explained; 0 for a region of interest, which any frame
     * holding it may be drawn with (a stream reuses a region's map across a change of frame size).
     */
    private final int wholeFrameRows;
    private final int wholeFrameCols;
    /** Where the frame is shown in the video a pipeline wrote, microseconds from its start; -1 where none wrote it. */
    private final long shownAtMicros;

    FrameExplanation(long frameIndex, boolean fresh, int classIndex, String label, float probability,
            Optional<Box> window, Box region, FloatMap cells, Placement placement, double boxThreshold,
            boolean ownEvidence, double pixelAspect) {
        this(frameIndex, fresh, classIndex, label, probability, window, region, cells, placement, boxThreshold,
                ownEvidence, pixelAspect, 0, 0);
    }

    /**
     * @param wholeFrameRows the rows of the frame when its whole picture was explained, else 0
     * @param wholeFrameCols its columns, else 0
     */
    FrameExplanation(long frameIndex, boolean fresh, int classIndex, String label, float probability,
            Optional<Box> window, Box region, FloatMap cells, Placement placement, double boxThreshold,
            boolean ownEvidence, double pixelAspect, int wholeFrameRows, int wholeFrameCols) {
        this(frameIndex, fresh, classIndex, label, probability, window,
                new Maps(region, cells, placement, boxThreshold, ownEvidence), pixelAspect, wholeFrameRows,
                wholeFrameCols, -1);
    }

    private FrameExplanation(long frameIndex, boolean fresh, int classIndex, String label, float probability,
            Optional<Box> window, Maps maps, double pixelAspect, int wholeFrameRows, int wholeFrameCols,
            long shownAtMicros) {
        this.shownAtMicros = shownAtMicros;
        this.wholeFrameRows = wholeFrameRows;
        this.wholeFrameCols = wholeFrameCols;
        this.pixelAspect = pixelAspect > 0 && Double.isFinite(pixelAspect) ? pixelAspect : 1;
        this.frameIndex = frameIndex;
        this.fresh = fresh;
        this.classIndex = classIndex;
        this.label = Objects.requireNonNull(label);
        this.probability = probability;
        this.window = Objects.requireNonNull(window);
        this.maps = maps;
    }

    /**
     * @return the frame's pixel width over height as displayed: 1 for square pixels, 4/3 for an anamorphic 1440x1080
     *     shown as 1920x1080. Maps, boxes and points are in stored pixels; the caption and the cross are drawn to look
     *     right as displayed.
     */
    public double pixelAspect() {
        return pixelAspect;
    }

    /**
     * @return the frame's index in its stream, from 0, among the frames explained: one refused, failed or stopped by
     *     an interrupt takes none ({@link VideoExplainer#explain})
     */
    public long frameIndex() {
        return frameIndex;
    }

    /**
     * @return where this frame is shown in the video a {@link VideoPipeline} wrote, in seconds from the video's start,
     *     as a player seeks it (a variable-rate input's frames keep their own times, so it is not the index over the
     *     frame rate); empty for an explanation no pipeline wrote ({@link VideoExplainer#explain}'s, of an application's
     *     own stream, whose times it keeps itself)
     */
    public OptionalDouble seconds() {
        return shownAtMicros < 0 ? OptionalDouble.empty() : OptionalDouble.of(shownAtMicros / 1e6);
    }

    /**
     * @param micros where the frame is shown in the video written, microseconds from its start
     * @return this explanation, placed there, sharing the maps
     */
    FrameExplanation shownAt(long micros) {
        return new FrameExplanation(frameIndex, fresh, classIndex, label, probability, window, maps, pixelAspect,
                wholeFrameRows, wholeFrameCols, micros);
    }

    /**
     * @return true when the model ran on this very frame; false when an earlier frame's map is reused
     *     ({@code every > 1})
     */
    public boolean fresh() {
        return fresh;
    }

    /** @return the explained class (the predicted one unless a target class was given) */
    public int classIndex() {
        return classIndex;
    }

    /** @return its label */
    public String label() {
        return label;
    }

    /** @return the model's probability for it (for the window, under {@link Prediction#WINDOW}) */
    public float probability() {
        return probability;
    }

    /**
     * @return under {@link Prediction#WINDOW}, the window whose prediction the caption gives, in frame pixels (the
     *     cells' span, clipped to the region); empty when the whole region's prediction is given
     */
    public Optional<Box> window() {
        return window;
    }

    /** @return the explained region in frame pixels: the whole frame, or the region of interest */
    public Box region() {
        return maps.region;
    }

    /** @return the map in [0, 1] at the features' resolution (after smoothing, when enabled), as computed */
    public FloatMap cells() {
        return maps.cells;
    }

    /** @return where the cells are centred in the region (region pixels, from its top-left corner) */
    public Placement placement() {
        return maps.placement;
    }

    /**
     * @return the map in [0, 1] at the region's size in frame pixels: {@link #cells()} upsampled bilinearly with each
     *     cell centred where {@link #placement()} says
     */
    public FloatMap map() {
        return maps.map();
    }

    /**
     * @return the CAM box in frame pixels, empty when the map holds no evidence, or when this frame's own map holds
     *     none (under smoothing, a blank frame's map still fades an earlier frame's)
     */
    public Optional<Box> box() {
        return maps.box();
    }

    /** @return the box if already computed (by the renderer or an earlier {@link #box()}), else empty */
    Optional<Optional<Box>> boxIfKnown() {
        return maps.boxIfKnown();
    }

    /** Records the box the renderer drew, computed on the same map, so {@link #box()} need not compute it again. */
    void boxDrawn(Optional<Box> box) {
        maps.boxDrawn(box);
    }

    /**
     * @return the map's sum over each row of the region as the renderer drew it without its caption ({@link
     *     #heatDrawn}), what the caption drawn later weighs once the drawn map is gone ({@link FittedCaption}); null
     *     when not drawn so
     */
    double[] heatByRow() {
        return maps.heatByRow();
    }

    /** Records the map's sums by row as the renderer drew it, for a caption drawn after the frame is fitted. */
    void heatDrawn(double[] byRow) {
        maps.heatDrawn(byRow);
    }

    /**
     * The hottest point: next to the centre of the hottest cell, the pixel where the map is hotter, as
     * {@link io.github.cam4j.cam.CamResult#peak()} takes it ({@link io.github.cam4j.render.CellPeak}; the upsampled
     * map is flat beyond the outermost cell centres, so its first maximum could lie anywhere on that plateau).
     *
     * @return {@code {y, x}} in frame pixels
     */
    public int[] peak() {
        Box region = maps.region;
        int[] peak = CellPeak.of(maps.cells, maps.placement);
        int y = peak[0];
        int x = peak[1];
        return new int[] {region.y() + Math.max(0, Math.min(region.height() - 1, y)),
            region.x() + Math.max(0, Math.min(region.width() - 1, x))};
    }

    /**
     * @return whether the map (after smoothing, when enabled) holds evidence anywhere: false for a flat map (a blank
     *     frame's), whose class is only the first of equal probabilities and whose hottest point is only its first
     *     cell; under smoothing a blank frame's map can still hold an earlier frame's fading evidence, and its
     *     {@link #caption()} then says so
     */
    public boolean hasEvidence() {
        return maps.evidence;
    }

    /**
     * @return whether this frame's own map holds evidence: false for a blank frame, even under smoothing, where the map
     *     drawn still fades an earlier frame's; such a frame gets no box and no cross, as its caption says
     *     "no evidence" (a box and a cross had pointed at where an earlier digit had been)
     */
    boolean ownEvidence() {
        return maps.ownEvidence;
    }

    /**
     * @return e.g. {@code "7  p=0.998"}, the caption drawn on the frame (ending in the method's name where one fits,
     *     when the explainer was given its names: {@link VideoExplainer.Builder#optMethodTitles}); {@code "no evidence"} when the map is flat (a
     *     blank frame was captioned "0  p=0.100": the first of ten equal probabilities), and under smoothing when the
     *     frame's own map is flat, though the smoothed map still shows an earlier frame's fading evidence. A label no
     *     installed font draws ({@link Draw#canDraw}) is given by its class index, as explain's overlays give it: a CJK
     *     label on a server without a CJK font was drawn as a row of boxes; {@link #label()} keeps it.
     */
    public String caption() {
        String name = Draw.canDraw(label) ? label : Integer.toString(classIndex);
        return hasEvidence() && maps.ownEvidence ? String.format(Locale.ROOT, "%s  p=%.3f", name, probability)
                : Annotation.NO_EVIDENCE;
    }

    /**
     * The map placed back into the whole frame: zero outside the region.
     *
     * @param frameHeight the frame's rows: those of the frame explained, unless a region of interest was
     * @param frameWidth the frame's columns, likewise
     * @return a map of the frame's size
     * @throws IllegalArgumentException when a size is below 1, the frame has more pixels than cam4j takes
     *     ({@link io.github.cam4j.render.Images#MAX_PIXELS}), the region does not lie inside such a frame, or (a whole
     *     frame's explanation) the size is not the explained frame's
     */
    public FloatMap frameMap(int frameHeight, int frameWidth) {
        if (frameHeight < 1 || frameWidth < 1) {
            // A negative size was said as "a 5x-1 frame" the region does not lie inside (helper-166).
            throw new IllegalArgumentException("frame size " + frameHeight + "x" + frameWidth + " (height x width):"
                    + " both must be at least 1");
        }
        long pixels = (long) frameHeight * frameWidth;
        if (pixels > io.github.cam4j.render.Images.MAX_PIXELS) {
            // height * width in int wrapped round: a NegativeArraySizeException, or gigabytes allocated for a map
            // FloatMap then refused.
            throw new IllegalArgumentException("frame size " + frameHeight + "x" + frameWidth + " (height x width) is "
                    + pixels + " pixels, more than cam4j takes (" + io.github.cam4j.render.Images.MAX_PIXELS + ")");
        }
        // Its heat would lie in the corner of a larger frame (a smaller one failed below, as not holding the region).
        checkFrameSize(frameHeight, frameWidth, "placed in", "place each frame's map");
        Box region = region();
        FloatMap map = map();
        if (region.x() == 0 && region.y() == 0 && region.width() == frameWidth && region.height() == frameHeight) {
            return map;
        }
        if (region.x() + region.width() > frameWidth || region.y() + region.height() > frameHeight) {
            throw new IllegalArgumentException("region " + region + " does not lie inside a " + frameWidth + "x"
                    + frameHeight + " frame");
        }
        float[] out = new float[frameHeight * frameWidth];
        float[] v = map.values();
        for (int y = 0; y < region.height(); y++) {
            System.arraycopy(v, y * region.width(), out, (y + region.y()) * frameWidth + region.x(), region.width());
        }
        return new FloatMap(frameHeight, frameWidth, out);
    }

    /**
     * @param index the index of the frame that reuses this explanation
     * @return this explanation for a later frame, marked not fresh, sharing the maps
     */
    FrameExplanation reusedFor(long index) {
        return new FrameExplanation(index, false, classIndex, label, probability, window, maps, pixelAspect,
                wholeFrameRows, wholeFrameCols, -1);
    }

    /**
     * Refuses a frame this explanation does not belong to: one of another size than the frame whose whole picture was
     * explained. Its map covers the explained frame's pixels, so over a larger frame it coloured only the top-left
     * corner, and its caption named a digit the frame may not show, without a word.
     *
     * @throws IllegalArgumentException naming both sizes, when the frame is not the size of the one explained
     */
    void checkDrawnOn(int rows, int cols) {
        checkFrameSize(rows, cols, "drawn on", "draw each frame");
    }

    /**
     * @param done what is done with the frame, for the message ("drawn on")
     * @param remedy what to do instead ("draw each frame")
     */
    private void checkFrameSize(int rows, int cols, String done, String remedy) {
        if (wholeFrameRows > 0 && (rows != wholeFrameRows || cols != wholeFrameCols)) {
            throw new IllegalArgumentException("the explanation of frame " + frameIndex + " was made on a whole "
                    + wholeFrameCols + "x" + wholeFrameRows + " frame and cannot be " + done + " a " + cols + "x" + rows
                    + " one: " + remedy + " with the explanation explain(frame) returned for it");
        }
    }

    @Override
    public String toString() {
        return "FrameExplanation[frame " + frameIndex + (fresh ? "" : " (reused)") + ", " + caption() + ", region "
                + region() + window.map(w -> ", window " + w).orElse("") + "]";
    }

    /** The map at feature resolution, and (once asked for) in frame pixels with its box. */
    private static final class Maps {
        final Box region;
        final FloatMap cells;
        final Placement placement;
        final double threshold;
        /** Whether the cells differ anywhere: asked by the caption and the drawing of every frame, so found once. */
        final boolean evidence;
        /** Whether the explained frame's own map, before smoothing, differs anywhere: else its class means nothing. */
        final boolean ownEvidence;
        private FloatMap map;
        private Optional<Box> box;
        private double[] heatByRow;

        Maps(Box region, FloatMap cells, Placement placement, double threshold, boolean ownEvidence) {
            this.region = Objects.requireNonNull(region);
            this.cells = Objects.requireNonNull(cells);
            this.placement = Objects.requireNonNull(placement);
            this.threshold = threshold;
            this.evidence = io.github.cam4j.cam.CamResult.holdsEvidence(cells);
            this.ownEvidence = ownEvidence;
        }

        synchronized FloatMap map() {
            if (map == null) {
                // Bilinear interpolation of values in [0, 1] stays in [0, 1].
                map = Resize.placed(cells, region.height(), region.width(), placement);
            }
            return map;
        }

        synchronized Optional<Optional<Box>> boxIfKnown() {
            return Optional.ofNullable(box);
        }

        synchronized void boxDrawn(Optional<Box> drawn) {
            if (box == null) {
                box = drawn;
            }
        }

        synchronized double[] heatByRow() {
            return heatByRow;
        }

        synchronized void heatDrawn(double[] byRow) {
            if (heatByRow == null) {
                heatByRow = byRow;
            }
        }

        synchronized Optional<Box> box() {
            if (box == null) {
                box = !ownEvidence ? Optional.empty() : CamBox.of(map(), threshold)
                        .map(b -> new Box(b.x() + region.x(), b.y() + region.y(), b.width(), b.height()));
            }
            return box;
        }
    }
}
