package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_OPEN;
import static org.bytedeco.opencv.global.opencv_imgproc.MORPH_RECT;

import java.nio.FloatBuffer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/** Grey levels (0..255) as preparing pictures of ink on a ground for a model needs them. */
public final class GreyLevels {
    /** Below this share of the way from ground to ink, after the ground is taken off, a pixel is ground. */
    static final float FLOOR = 0.15f;
    /** Less contrast than this (of 255) between ground and ink is no ink at all. */
    static final float MIN_CONTRAST = 16f;
    /**
     * The widest blur (sigma, pixels) whether a picture holds ink at all is asked on. A single noisy pixel needs no
     * more to fall under {@link #MIN_CONTRAST}; the picture's own blur ({@code min(h, w) / 150}, 13 pixels at
     * 2000x2000) smeared an MNIST digit's 2-pixel strokes under it, and a digit at its own size on a large frame
     * ({@code CamSession.Builder.optKeepInputSize}) was explained as a blank picture.
     */
    static final double INK_TEST_MAX_BLUR = 2.0;

    private GreyLevels() {}

    /**
     * One pixel on the scale MNIST's digits have: the ground at 0 and the ink at 255, what stays under {@link #FLOOR}
     * of the way (paper grain, sensor noise) at 0.
     *
     * @param v the pixel, 0..255
     * @param ground the ground's level
     * @param scale {@code 255 / (ink - ground)}
     * @return the pixel's new level, 0..255
     */
    static float inkLevel(float v, float ground, float scale) {
        float t = (v - ground) * scale;
        return t < FLOOR * 255f ? 0f : Math.min(255f, t);
    }

    /**
     * A picture of the model's own size, light ink on a ground that is not black (a crop of a scan or a photo of
     * paper, inverted): brought to MNIST's levels as {@link DigitFramer} brings the digits it frames, ground 0, ink
     * 255, grain 0. A model trained on black grounds reads a grey one as ink: the pooled model read digits on paper
     * of level 200 (ink 30) right 84 % of the time against 99 % on white paper, and 59 % with sensor noise. The
     * ground is the median of the outermost ring of pixels, where a centred digit leaves the ground (MNIST's digits
     * keep 4 pixels clear), so a bold digit covering half the picture does not pass for it.
     *
     * @param pixels a grey picture, 0..255, light ink on a dark ground, row-major
     * @param h its rows
     * @param w its columns
     * @return a new array, all 0, when nothing stands {@link #MIN_CONTRAST} above the ground once blurred, whatever
     *     the ground; else {@code pixels} itself when its ground is black already (MNIST's own pictures are fed as
     *     they are); else a new array
     */
    static float[] onBlackGround(float[] pixels, int h, int w) {
        float ground = median(ring(pixels, h, w));
        // Whether there is ink at all is asked of the picture blurred, as DigitFramer asks it: the brightest single
        // pixel of a blank crop of paper is its sensor noise, and stretched to 255 that noise was read as an 8 at
        // p=1.000, with a map and a box, on a picture showing nothing. Asked on a black ground too: a white page
        // with one pixel at 254, inverted and shrunk, reached the model as a speck under a tenth of a level on black,
        // and its map, normalised to full range, put a box of 50x45 pixels on the 100x100 page, class 1 at
        // p=0.1001.
        double blur = Math.min(DigitFramer.blurWidth(h, w), INK_TEST_MAX_BLUR);
        if (max(DigitFramer.smoothed(pixels, h, w, blur).values()) - ground < MIN_CONTRAST) {
            return new float[pixels.length];
        }
        if (ground <= 0) {
            return pixels;
        }
        float ink = max(pixels);
        // The scale is the brightest pixel's: from the blurred ink's, more noise stays above the floor, and the pooled
        // model read 458 of 500 digits on paper of 200 with noise of 20 levels right, against 493.
        float[] out = new float[pixels.length];
        float scale = 255f / (ink - ground);
        for (int i = 0; i < out.length; i++) {
            out[i] = inkLevel(pixels[i], ground, scale);
        }
        return out;
    }

    /** @return the largest value */
    static float max(float[] values) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            max = Math.max(max, v);
        }
        return max;
    }

    /** @return the outermost ring of a picture's pixels */
    private static float[] ring(float[] pixels, int h, int w) {
        if (h <= 2 || w <= 2) {
            return pixels;
        }
        float[] ring = new float[2 * w + 2 * (h - 2)];
        int n = 0;
        for (int x = 0; x < w; x++) {
            ring[n++] = pixels[x];
            ring[n++] = pixels[(h - 1) * w + x];
        }
        for (int y = 1; y < h - 1; y++) {
            ring[n++] = pixels[y * w];
            ring[n++] = pixels[y * w + w - 1];
        }
        return ring;
    }

    /**
     * The median to a whole grey level, from a histogram: linear in the pixels, where sorting a photo's millions of
     * them is not. On a picture of ink on paper (or on a dark ground) it is the ground's level, as long as the ink
     * covers less than half the picture.
     *
     * @param values grey levels, 0..255 (others are clamped into that range; NaN counts as 0)
     * @return the median level, 0..255
     */
    public static float median(float[] values) {
        int[] histogram = new int[256];
        for (float v : values) {
            histogram[Math.max(0, Math.min(255, Math.round(v)))]++;
        }
        int seen = 0;
        for (int level = 0; level < 256; level++) {
            seen += histogram[level];
            if (2L * seen > values.length) {
                return level;
            }
        }
        return 255;
    }

    /**
     * The picture less its ground, estimated where it lies. Light falls off across a photo or a camera's frame (a lamp
     * to one side, a hand's shadow, the lens's vignetting), and one level for the whole picture would take the dim
     * side's paper for ink. The ground is the picture opened (an erosion, then a dilation) with a square a fifth of
     * its shorter side, which removes every bright structure narrower than that, as strokes are, then box-smoothed
     * by the same square; on a copy shrunk to at most 256 pixels, as light varies slowly.
     *
     * @param pixels a grey picture, light ink on a dark ground (inverted before when needed), row-major
     * @param h its rows
     * @param w its columns
     * @return a new array: each pixel less the ground under it (negative where noise dips below the ground)
     */
    public static float[] withoutShading(float[] pixels, int h, int w) {
        double shrink = Math.min(1.0, 256.0 / Math.max(h, w));
        int sh = Math.max(1, (int) Math.round(h * shrink));
        int sw = Math.max(1, (int) Math.round(w * shrink));
        int k = Math.max(3, Math.min(sh, sw) / 5) | 1;
        float[] ground = new float[h * w];
        try (Mat full = new Mat(h, w, CV_32FC1); Mat small = new Mat(); Mat opened = new Mat(); Mat smooth = new Mat();
                Mat back = new Mat(); Size smallSize = new Size(sw, sh); Size fullSize = new Size(w, h);
                Size square = new Size(k, k); Mat kernel = opencv_imgproc.getStructuringElement(MORPH_RECT, square)) {
            ((FloatBuffer) full.createBuffer()).put(pixels);
            Mat shrunk = full;
            if (sh != h || sw != w) {
                opencv_imgproc.resize(full, small, smallSize, 0, 0, INTER_AREA);
                shrunk = small;
            }
            opencv_imgproc.morphologyEx(shrunk, opened, MORPH_OPEN, kernel);
            opencv_imgproc.blur(opened, smooth, square);
            Mat ground32 = smooth;
            if (sh != h || sw != w) {
                opencv_imgproc.resize(smooth, back, fullSize, 0, 0, INTER_LINEAR);
                ground32 = back;
            }
            ((FloatBuffer) ground32.createBuffer()).get(ground);
        }
        float[] flat = new float[h * w];
        for (int i = 0; i < flat.length; i++) {
            flat[i] = pixels[i] - ground[i];
        }
        return flat;
    }
}
