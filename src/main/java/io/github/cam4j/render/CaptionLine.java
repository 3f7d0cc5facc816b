package io.github.cam4j.render;

import org.bytedeco.opencv.opencv_core.Mat;

/**
 * A caption set on a picture's one caption line (a video frame's): its text and the size of its font, chosen by
 * {@link #of} so that the method is named where a slightly smaller font holds its name. On a 160x120 frame "7  p=0.192
 * Grad-CAM++" and "... Ablation-CAM" did not fit at a label's size, and a Grad-CAM++ video's frames were captioned as
 * a CAM video's are.
 *
 * <pre>{@code
 * CaptionLine line = CaptionLine.of("7  p=0.192", CaptionTitles.of("Grad-CAM++"), frame, 1);
 * line.draw(frame, 0, 0, 1);   // "7 p=0.192 Grad-CAM++", its font three quarters of a label's own on 160x120
 * }</pre>
 *
 * @param text the caption, the method's name included where one fits
 * @param size its font's size as a fraction of a label's own on the picture ({@link Draw#label(Mat, String, int, int,
 *     double)}): 1, or down to {@link #SMALLEST_SIZE} where only that holds the method's name
 */
public record CaptionLine(String text, double size) {
    /**
     * The smallest a caption's font is made to hold the method's name, as a fraction of a label's own: Hershey's scale
     * 0.3 on a frame of 200 pixels or less, its figures 7 pixels high, read at 1:1 on a 160x120 frame (looked at in
     * --frames-dir PNGs); smaller, the caption is left at its size and the method unnamed.
     */
    public static final double SMALLEST_SIZE = 0.75;

    /**
     * The sizes tried, largest first, in steps of a twentieth: a few steps, so that captions of a similar length are
     * drawn at one size and the font does not change from frame to frame with the probability's figures.
     */
    private static final int STEPS = 20;

    /**
     * @param text the caption
     * @param size above 0, at most 1
     * @throws IllegalArgumentException for a size outside (0, 1]
     */
    public CaptionLine {
        if (!(size > 0 && size <= 1)) {
            throw new IllegalArgumentException("a caption's size is a fraction of a label's in (0, 1], was " + size);
        }
    }

    /**
     * @param caption the class and probability ("7  p=0.998", or "no evidence")
     * @param titles the method's names ({@link CaptionTitles#onOneLine}), or null for none
     * @param picture what the caption is drawn on
     * @param pixelAspect its pixel width over height as shown (1 for square pixels)
     * @return the caption with the longest of the method's names that fits on the picture at a label's size, else at
     *     the largest size down to {@link #SMALLEST_SIZE} at which one does; else the caption alone at a label's size
     */
    public static CaptionLine of(String caption, CaptionTitles titles, Mat picture, double pixelAspect) {
        if (titles == null) {
            return new CaptionLine(caption, 1);
        }
        return titles.onOneLine(caption, (text, size) -> Draw.labelFits(picture, text, pixelAspect, size));
    }

    /** @return the sizes a caption is tried at, largest first: 1 down to {@link #SMALLEST_SIZE} */
    static double[] sizes() {
        int smallest = (int) Math.round(SMALLEST_SIZE * STEPS);
        double[] sizes = new double[STEPS - smallest + 1];
        for (int i = 0; i < sizes.length; i++) {
            sizes[i] = (STEPS - i) / (double) STEPS;
        }
        return sizes;
    }

    /**
     * @param picture what the caption would be drawn on
     * @param pixelAspect its pixel width over height as shown
     * @return whether {@link #draw} draws it whole there, neither shortened nor cut at the edge
     */
    public boolean fits(Mat picture, double pixelAspect) {
        return Draw.labelFits(picture, text, pixelAspect, size);
    }

    /**
     * @param picture what the caption is drawn on
     * @param pixelAspect its pixel width over height as shown
     * @return the height in stored pixels of the band {@link #draw} draws
     */
    public int height(Mat picture, double pixelAspect) {
        return Draw.labelHeight(picture, text, pixelAspect, size);
    }

    /**
     * Draws the caption's band ({@link Draw#label(Mat, String, int, int, double)}) at its size.
     *
     * @param picture what it is drawn on, 8-bit grey or BGR
     * @param x left edge of the band, in stored pixels
     * @param y top edge of the band
     * @param pixelAspect the picture's pixel width over height as shown
     */
    public void draw(Mat picture, int x, int y, double pixelAspect) {
        Draw.label(picture, text, x, y, pixelAspect, size);
    }
}
