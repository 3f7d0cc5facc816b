package io.github.cam4j.video;

import static org.bytedeco.opencv.global.opencv_core.CV_32S;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_HEIGHT;
import static org.bytedeco.opencv.global.opencv_imgproc.CC_STAT_WIDTH;
import static org.bytedeco.opencv.global.opencv_imgproc.connectedComponentsWithStats;

import java.util.OptionalInt;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.indexer.IntIndexer;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * How large a frame's digits are, so that the automatic {@link Scale} can bring them to MNIST's size: MNIST's digits
 * are {@value #MNIST_DIGIT_SIDE} pixels on their longer side. The frame is first prepared at the fixed rule's scale
 * (inverted, its ground taken off, faint background cleared), so what is left above the ground is ink; the largest
 * 8-connected patch of it is taken as a digit, and its longer side says how much to resize.
 *
 * <p>Why: the fixed rule assumes a digit a quarter of the frame high. On 320x240 frames of one MNIST test digit, the
 * bundled pooled model named it right 99 % of the time at that size (56 pixels), but 44 % at half of it and 34 % at
 * twice; scaled by the measured ink, 98-99 % at all three (300 and 100 digits per size, by hand; {@code
 * VideoExplainerTest} keeps it).
 *
 * <p>Faint ink says nothing yet: a patch whose brightest pixel is less than {@value #FAINT_FLOORS} times the floor
 * above the ground has lost all but its core to the floor. A white digit fading in on transparency over ten frames,
 * its first shown at a tenth of its opacity, left only specks: the scale measured on them was held at four times the
 * rule's for the rest of the video (windows 6 pixels wide on a 56-pixel digit), and a 2 was read as a 4 on every
 * frame. The frames before its ink is bright enough are fed at the rule's scale, unless it stays faint: ink that
 * has stopped brightening is measured as it is ({@value #STEADY_FLOORS}); ink still brightening is measured again as
 * it does ({@link #RISE}).
 *
 * <p>A measure is checked on the frame as fed at it ({@link #checked}): at the rule's scale a small digit of faint
 * ink is shrunk until the floor leaves only its brightest few pixels, which measured as a digit of 5 and fed it at four
 * times the rule's scale. A 7 (test digit 0) 28 pixels high at 45 grey levels on black under noise of 3 levels, on
 * 320x240 frames, was read as a 1 in a window 15 pixels wide; fed at the scale it measured, the digit shows whole and
 * its patch there says its size (30 clips, test digits 0-9 at 28, 34 and 40 pixels: 21 frames fed in windows under 20
 * pixels before, none after; 238 and 250 of 300 frames read right).
 */
final class InkScale {
    /** MNIST's digits: 20 pixels on the longer side, centred in 28. */
    static final double MNIST_DIGIT_SIDE = 20;
    /** A patch shorter than this, in prepared pixels, is a speck or noise, too small to say a digit's size. */
    static final int MIN_SIDE = 4;
    /** The measured factor stays within this ratio of the fixed rule's, so a stray speck cannot blow a frame up. */
    static final double MAX_CHANGE = 4;
    /**
     * Ink is measured once its brightest pixel is this many times the floor above the ground: the floor then cuts it
     * at half its brightness or below, where a stroke keeps its length. Fainter, only its core is left: 40 test digits
     * on 320x240 frames, each first shown at 0.11 and 0.12 of its brightness, were read right afterwards 26 and 30
     * times (40 measured on the first frame at full brightness), fed at up to four times the scale.
     */
    static final double FAINT_FLOORS = 2;
    /**
     * Faint ink is measured all the same once it has stopped brightening: its brightest pixel risen by less than this
     * fraction of the floor since the frame before. A digit of low contrast is faint on every frame, not fading in: a
     * dark 0 (test digit 3) 150 pixels high on paper, its ink 50 grey levels below the paper's 200, was never measured
     * and fed at the rule's scale throughout, 70 pixels high, and read as an 8 on every frame, where measured on its
     * first frame it had been read as a 0. A ten-frame fade brightens by eight times this a frame, a thirty-frame one
     * by nearly three times; a fade of more than about eighty frames (three seconds at 25 fps) is measured before it
     * shows.
     */
    static final double STEADY_FLOORS = 0.125;
    /**
     * Ink measured fainter than white is measured again once its brightest pixel has risen this many times (a fade-in,
     * first measured as soon as it is not faint, when the floor still cut the ends of its strokes), until it is within
     * this of white. Test digit 8 (a 5) fading in on transparency over thirty frames was measured at a fifth of its
     * opacity, 36 pixels where it is 38 shown at once, and read as a 6 to the end; measured again as it brightens, a 5
     * (20 clips, test digits 0-9, PNG-in-mov and VP9 with alpha: 2 read wrong at the end before, none after). Ink that
     * shows at once, or stays as bright as it was, is measured once: the scale holds still on a steady clip.
     */
    static final double RISE = 1.25;
    /**
     * The measured scale is checked on the frame prepared at it: when its largest patch there is not within this
     * ratio of {@value #MNIST_DIGIT_SIDE} pixels, the scale is measured again on that patch.
     */
    static final double CHECK_MARGIN = 1.25;
    /**
     * A later frame fed at the measured scale whose largest patch of ink, not faint, is not within this ratio of
     * {@value #MNIST_DIGIT_SIDE} pixels is measured again. The first ink need not be a digit: a clip whose first three
     * frames also showed a white block 200 pixels wide (a flash, a slate) was measured on the block, and test digit 0
     * after it, 56 pixels high, was fed 6.5 pixels high (a quarter of the rule's scale, {@link #MAX_CHANGE}) and read
     * as a 1 to the end (17 of 20 test digits read wrong there; 1 once measured again). Twice, well past {@link
     * #CHECK_MARGIN}, so that a digit a measure left a little off, touching another or partly out of the frame, does
     * not move the scale from frame to frame.
     */
    static final double DRIFT = 2;

    private InkScale() {}

    /**
     * @param values a prepared frame, one channel, row-major, model input scale
     * @param height its rows
     * @param width its columns
     * @param ground the value of no ink (the model's pixel offset: 0 for MNIST models)
     * @param bright the value the largest patch's brightest pixel must reach for it to be measured ({@value
     *     #FAINT_FLOORS} times the floor, fed as the model is fed); {@code ground} for any ink
     * @return the longer side in pixels of the largest patch of ink, when there is one of at least {@value #MIN_SIDE}
     *     that is not faint (its brightest pixel at {@code bright} or above)
     */
    static OptionalInt largestInkSide(float[] values, int height, int width, float ground, float bright) {
        Patch patch = largestPatch(values, height, width, ground);
        return patch == null || patch.peak() < bright ? OptionalInt.empty() : OptionalInt.of(patch.side());
    }

    /**
     * The largest patch of ink: its longer side and its brightest pixel.
     *
     * @param side its longer side, in pixels
     * @param peak its brightest pixel, as fed
     */
    record Patch(int side, float peak) {}

    /**
     * @param values a prepared frame, one channel, row-major, model input scale
     * @param height its rows
     * @param width its columns
     * @param ground the value of no ink (the model's pixel offset: 0 for MNIST models)
     * @return the largest patch of ink, when there is one of at least {@value #MIN_SIDE} on its longer side; else null
     */
    static Patch largestPatch(float[] values, int height, int width, float ground) {
        byte[] mask = new byte[height * width];
        boolean any = false;
        for (int i = 0; i < mask.length; i++) {
            if (values[i] > ground) {
                mask[i] = (byte) 255;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        try (BytePointer data = new BytePointer(mask);
                Mat binary = new Mat(height, width, CV_8UC1, data);
                Mat labels = new Mat();
                Mat stats = new Mat();
                Mat centroids = new Mat()) {
            int count = connectedComponentsWithStats(binary, labels, stats, centroids, 8, CV_32S);
            int best = 0;
            int bestArea = 0;
            int bestSide = 0;
            try (IntIndexer s = stats.createIndexer()) {
                for (int c = 1; c < count; c++) {
                    int area = s.get(c, CC_STAT_AREA);
                    if (area > bestArea) {
                        best = c;
                        bestArea = area;
                        bestSide = Math.max(s.get(c, CC_STAT_HEIGHT), s.get(c, CC_STAT_WIDTH));
                    }
                }
            }
            return bestSide < MIN_SIDE ? null : new Patch(bestSide, peak(values, labels, best));
        }
    }

    /** @return the largest of {@code values} where {@code labels} (CV_32S, continuous) holds {@code label} */
    private static float peak(float[] values, Mat labels, int label) {
        int[] of = new int[values.length];
        try (IntPointer data = new IntPointer(labels.data())) {
            data.get(of);
        }
        float peak = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < of.length; i++) {
            if (of[i] == label && values[i] > peak) {
                peak = values[i];
            }
        }
        return peak;
    }

    /**
     * @param ruleFactor the fixed rule's factor
     * @param factor the factor measured at it, the frame then prepared at this factor
     * @param inkSide the largest ink patch's longer side as prepared at {@code factor}
     * @return {@code factor}, when that patch is within {@value #CHECK_MARGIN} times {@value #MNIST_DIGIT_SIDE}
     *     pixels either way; else the factor that makes it {@value #MNIST_DIGIT_SIDE} pixels, within {@value
     *     #MAX_CHANGE} times {@code ruleFactor} either way
     */
    static double checked(double ruleFactor, double factor, int inkSide) {
        if (inkSide >= MNIST_DIGIT_SIDE / CHECK_MARGIN && inkSide <= MNIST_DIGIT_SIDE * CHECK_MARGIN) {
            return factor;
        }
        double wanted = factor * MNIST_DIGIT_SIDE / inkSide;
        return Math.max(ruleFactor / MAX_CHANGE, Math.min(ruleFactor * MAX_CHANGE, wanted));
    }

    /**
     * @param ruleFactor the factor the frame was prepared at
     * @param inkSide the largest ink patch's longer side at that factor
     * @return the factor that makes that patch {@value #MNIST_DIGIT_SIDE} pixels, within {@value #MAX_CHANGE} times
     *     {@code ruleFactor} either way
     */
    static double factor(double ruleFactor, int inkSide) {
        double wanted = ruleFactor * MNIST_DIGIT_SIDE / inkSide;
        return Math.max(ruleFactor / MAX_CHANGE, Math.min(ruleFactor * MAX_CHANGE, wanted));
    }
}
