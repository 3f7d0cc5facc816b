package io.github.cam4j.video;

import io.github.cam4j.render.Box;
import io.github.cam4j.savedmodel.InputSpec;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * The {@link FramePreparer} a stream's frames are fed through: the explainer's, for the stream's pixel shape (then each
 * picture's), with the automatic scale measured on the first frame with ink, not faint, checked on that frame as fed
 * at it, and measured again as that ink brightens, when the frames change size or pixel shape, and when the ink fed at
 * it is far from MNIST's size ({@link InkScale#DRIFT}).
 */
final class StreamPreparer {
    /** The model's input, for what a black pixel is fed as. */
    private final InputSpec input;
    /** What a black pixel, no ink, is fed as: 0 for MNIST's models, -1 for one fed -1..1. */
    private final float noInk;
    /** The preparer as built: the scale as given (the automatic rule until the ink is measured), square pixels. */
    private final FramePreparer builtPreparer;
    /**
     * The preparer each stream starts with: the built one, for the stream's pixel shape ({@link
     * VideoExplainer#usePixelAspect}).
     */
    private FramePreparer givenPreparer;
    /**
     * The pixel shape the frames are fed for: the stream's, then each picture's ({@link
     * VideoExplainer#explainClaimed(Mat, double)}).
     */
    private double pixelAspect = 1;
    private FramePreparer preparer;
    private boolean measuring;
    /** The region size the automatic scale was measured on; null while measuring or when the scale was given. */
    private Box measuredOn;
    /**
     * The brightest pixel of the previous frame's largest patch of ink, while that ink was faint ({@link
     * InkScale#FAINT_FLOORS}); NaN when that frame had no ink or the measure starts again.
     */
    private float faintPeak = Float.NaN;
    /**
     * The brightest ink above the ground (fed as the model is fed) on the frame the automatic scale was last measured
     * on, as fed at that scale (frames are compared as fed), while ink that much brighter ({@link InkScale#RISE} times)
     * could still come and be measured again; 0 when not (not measured, the scale given, or the ink already within that
     * of white).
     */
    private float measuredPeak;
    /**
     * The rows and columns the ink spans (fed, every pixel above the ground) on the last frame {@link #drifted} looked
     * for its largest patch on, or the scale was measured on; empty when none yet. Finding that patch (connected
     * components) cost 0.3-0.6 ms a frame, a tenth of the explaining stage's time in the video benchmark; a frame whose
     * ink spans about as much holds no ink of another size worth looking for.
     */
    private int[] inkSpanChecked = new int[0];

    StreamPreparer(FramePreparer built, InputSpec input) {
        this.input = input;
        this.noInk = fed(input, 0);
        this.givenPreparer = built;
        this.builtPreparer = givenPreparer;
        this.preparer = givenPreparer;
        this.measuring = givenPreparer.inkMeasurable();
    }

    /**
     * Feeds the stream to come with this pixel shape; {@link #restart} then starts it.
     *
     * @param aspect the frames' pixel width over height as shown; 1 for square
     */
    void useStreamAspect(double aspect) {
        givenPreparer = builtPreparer.withPixelAspect(aspect);
        pixelAspect = aspect > 0 && Double.isFinite(aspect) ? aspect : 1;
    }

    /** Starts the stream again: the automatic scale is measured anew. */
    void restart() {
        startOver(givenPreparer.inkMeasurable());
    }

    /**
     * Feeds the next pictures with this pixel shape, measuring the automatic scale again, when it is not the one fed.
     *
     * @param a the picture's pixel width over height as shown, positive and finite
     * @return whether the shape changed
     */
    boolean usePictureAspect(double a) {
        if (Math.abs(a - pixelAspect) > 1e-9 * pixelAspect) {
            givenPreparer = builtPreparer.withPixelAspect(a);
            startOver(givenPreparer.inkMeasurable());
            pixelAspect = a;
            return true;
        }
        return false;
    }

    /** @return the pixel shape the frames are fed for */
    double pixelAspect() {
        return pixelAspect;
    }

    /** @return whether whole frames are explained (no region of interest) */
    boolean wholeFrames() {
        return preparer.wholeFrames();
    }

    /**
     * @return the part of the frame explained; when its size is not the one the automatic scale was measured on, the
     *     scale is measured again
     */
    Box region(Mat frame) {
        Box region = preparer.region(frame.rows(), frame.cols());
        if (measuredOn != null && (region.height() != measuredOn.height() || region.width() != measuredOn.width())) {
            // The stream changed size midway (an adaptive stream, a screen recording): its digits changed size with
            // it, and the scale measured on the first size fed them at half or twice MNIST's (a 4 read as a 9 at
            // p=0.43 after 640x480 went to 320x240). Measured again, as at the start.
            startOver(true);
        }
        return region;
    }

    /**
     * Goes back to the given preparer, the scale as given, with nothing measured.
     *
     * @param measure whether the automatic scale is to be measured on the frames to come
     */
    private void startOver(boolean measure) {
        preparer = givenPreparer;
        measuring = measure;
        measuredOn = null;
        faintPeak = Float.NaN;
        measuredPeak = 0;
        inkSpanChecked = new int[0];
    }

    /** @return the frame prepared for the model, the automatic scale measured on it while it is being measured */
    FramePreparer.Prepared prepare(Mat frame) {
        FramePreparer.Prepared p = preparer.prepare(frame);
        if (measuring) {
            FramePreparer.Prepared measured = measureInk(frame, p);
            return measured != null ? measured : p;
        }
        if (measuredPeak > 0 && inkPeak(p) >= InkScale.RISE * measuredPeak) {
            // The ink brightened since the scale was measured (a fade-in, measured on its first frame with ink that
            // is not faint): the floor now leaves more of its strokes, so the digit is measured again, as it shows.
            FramePreparer.Prepared measured = measureInk(frame, givenPreparer.prepare(frame));
            return measured != null ? measured : p;
        }
        if (measuredOn != null && drifted(p)) {
            // The ink measured is gone and other ink is far from MNIST's size as fed: a clip that opened on a flash
            // or a white slate 200 pixels wide fed the 56-pixel digit after it 6.5 pixels high, read as a 1 on every
            // frame.
            FramePreparer.Prepared measured = measureInk(frame, givenPreparer.prepare(frame));
            return measured != null ? measured : p;
        }
        return p;
    }

    /**
     * @return whether the largest patch of ink of a frame fed at the measured scale, not faint, is not within {@link
     *     InkScale#DRIFT} times {@value InkScale#MNIST_DIGIT_SIDE} pixels either way, and the scale is not already at
     *     its limit that way ({@link InkScale#MAX_CHANGE} times the rule's): a patch that stays too large, a ruled
     *     line across the paper, would be measured again on every frame to the same scale
     */
    private boolean drifted(FramePreparer.Prepared p) {
        int[] span = inkSpan(p);
        if (span.length == 0 || (inkSpanChecked.length == 2 && about(span[0], inkSpanChecked[0])
                && about(span[1], inkSpanChecked[1]))) {
            return false;
        }
        inkSpanChecked = span;
        InkScale.Patch patch = InkScale.largestPatch(p.values(), p.height(), p.width(), noInk);
        if (patch == null || patch.peak() < fed(input, (float) (InkScale.FAINT_FLOORS * preparer.floor()))) {
            return false;
        }
        double rule = givenPreparer.scale().factor(measuredOn.height(), false);
        double factor = preparer.scale().factor(measuredOn.height(), false);
        double limit = 1 + 1e-9;
        if (patch.side() > InkScale.MNIST_DIGIT_SIDE * InkScale.DRIFT) {
            return factor > rule / InkScale.MAX_CHANGE * limit;
        }
        return patch.side() < InkScale.MNIST_DIGIT_SIDE / InkScale.DRIFT
                && factor < rule * InkScale.MAX_CHANGE / limit;
    }

    /**
     * Checks that frames of this size can be explained (region of interest inside, scaled size large enough).
     *
     * @throws IllegalArgumentException when not, naming the sizes
     */
    void fedSize(int height, int width) {
        preparer.fedSize(height, width);
    }

    /** @return what a pixel of this grey level is fed as, standardised as the model's input is (0: no ink) */
    private static float fed(io.github.cam4j.savedmodel.InputSpec spec, float grey) {
        float[] pixel = new float[spec.channels()];
        java.util.Arrays.fill(pixel, grey);
        spec.toModelInput(pixel);
        return pixel[0];
    }

    /**
     * @return the brightest value of a prepared frame above what no ink is fed as: from that value, not from 0, which
     *     a model fed -1..1 feeds mid-grey as (its dim ink, all below 0, had read as 1.0 above black whatever it was)
     */
    /**
     * @return the rows and columns from the first to the last pixel above the ground of a frame as fed, or an empty
     *     array when it has none: one pass over the values, where {@link InkScale#largestPatch} labels them
     */
    private int[] inkSpan(FramePreparer.Prepared p) {
        float[] values = p.values();
        int width = p.width();
        int top = -1;
        int bottom = -1;
        int left = width;
        int right = -1;
        for (int i = 0; i < values.length; i++) {
            if (values[i] > noInk) {
                int y = i / width;
                int x = i - y * width;
                top = top < 0 ? y : top;
                bottom = y;
                left = Math.min(left, x);
                right = Math.max(right, x);
            }
        }
        return top < 0 ? new int[0] : new int[] {bottom - top + 1, right - left + 1};
    }

    /** @return whether two spans of ink differ by at most an eighth, or 2 pixels: about the same ink */
    private static boolean about(int span, int checked) {
        return Math.abs(span - checked) <= Math.max(2, checked / 8);
    }

    private float inkPeak(FramePreparer.Prepared p) {
        float peak = noInk;
        for (float v : p.values()) {
            peak = Math.max(peak, v);
        }
        return peak - noInk;
    }

    /**
     * The automatic scale, measured: the first frame with ink, not faint, says how large the digits are ({@link
     * InkScale}), and the scale that makes them MNIST-sized is kept for the rest of the stream, so maps keep one grid
     * for smoothing and reuse. Until a frame has such ink, the fixed rule stands: a digit fading in is measured once
     * the floor leaves its strokes whole, not on the specks of its first frames. Faint ink that has stopped
     * brightening ({@link InkScale#STEADY_FLOORS}) is measured as it is: a digit of low contrast is never brighter. Ink
     * measured fainter than white is measured again each time it brightens {@link InkScale#RISE} times (a fade-in goes
     * on brightening after its first measured frame, and the floor cut more of its strokes then), and no more once it
     * is within that of white: a clip whose ink shows at once, or stays as it is, keeps its first frame's scale. A
     * frame whose largest ink, fed at the measured scale, is not within {@link InkScale#DRIFT} times MNIST's size is
     * measured again: the ink measured was something else, gone since (a flash, a slate, a title card).
     *
     * @param atRule the frame prepared at the fixed rule's scale
     * @return the frame prepared at the measured scale, or null when it has no ink that is not faint (nothing measured)
     */
    private FramePreparer.Prepared measureInk(Mat frame, FramePreparer.Prepared atRule) {
        InkScale.Patch patch = InkScale.largestPatch(atRule.values(), atRule.height(), atRule.width(), noInk);
        if (patch == null) {
            faintPeak = Float.NaN;
            return null;
        }
        if (patch.peak() < fed(input, (float) (InkScale.FAINT_FLOORS * preparer.floor()))) {
            // In fed units, as the peak is: a rise of the floor's eighth in grey levels.
            float steady = fed(input, (float) (InkScale.STEADY_FLOORS * preparer.floor())) - noInk;
            boolean brightening = Float.isNaN(faintPeak) || patch.peak() - faintPeak >= steady;
            faintPeak = patch.peak();
            if (brightening) {
                return null;
            }
        }
        double rule = givenPreparer.scale().factor(atRule.region().height(), false);
        double factor = InkScale.factor(rule, patch.side());
        preparer = givenPreparer.withScale(Scale.measured(factor));
        FramePreparer.Prepared fed = preparer.prepare(frame);
        // Looked at again where it is fed: a small digit of faint ink, thinned by the rule's shrinking, left the floor
        // only its brightest few pixels, measured as a digit of 5 and fed at four times its size.
        InkScale.Patch seen = InkScale.largestPatch(fed.values(), fed.height(), fed.width(), noInk);
        double checked = seen == null ? factor : InkScale.checked(rule, factor, seen.side());
        if (checked != factor) {
            preparer = givenPreparer.withScale(Scale.measured(checked));
            fed = preparer.prepare(frame);
        }
        measuring = false;
        measuredOn = atRule.region();
        faintPeak = Float.NaN;
        // The ink just measured needs no drift check until its span changes: a digit whose strokes part when shrunk,
        // its largest patch then still far from MNIST's size, would have been measured again on every frame.
        inkSpanChecked = inkSpan(fed);
        // As fed, as prepare compares it: at the rule's scale a shrunk digit's peak is lower, and every frame fed at a
        // larger scale would have read as ink that brightened.
        float peak = inkPeak(fed);
        float white = fed(input, 255) - noInk;
        measuredPeak = InkScale.RISE * peak <= white ? peak : 0;
        return fed;
    }
}
