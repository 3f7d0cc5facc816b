package io.github.cam4j.video;

import java.util.Locale;

/**
 * How much a frame (or its region of interest) is resized before the model sees it, so that digit strokes come out
 * roughly as thick as in MNIST, where a digit is about 20 pixels tall in a 28-pixel square.
 *
 * <p>The {@linkplain #auto() automatic} rule starts from the assumption that a digit spans about a quarter of the
 * frame's height (a digit held up to a camera, a line of handwriting filmed close): the frame is resized to
 * {@value #AUTO_FRAME_HEIGHT} pixels high (4 × 28), keeping its aspect ratio. For a light-ink model,
 * {@link VideoExplainer} then measures the first frame that has ink, not faint ({@link InkScale}), and keeps the scale
 * that makes its largest patch of ink MNIST's 20 pixels, until a frame's largest ink, fed at it, is far from that size
 * ({@link InkScale#DRIFT}). A region of interest is taken to frame one digit, and is
 * resized to {@value #AUTO_ROI_HEIGHT} pixels high. A fixed factor overrides both: the digit's height in pixels ×
 * factor should come to about 20-28.
 *
 * <pre>{@code
 * Scale.auto().factor(480, false);   // 112 / 480 = 0.233 for a 640x480 frame
 * Scale.of(0.5).factor(480, false);  // 0.5 whatever the frame
 * }</pre>
 */
public final class Scale {
    /** The height a whole frame is resized to under the automatic rule: four MNIST digits. */
    public static final int AUTO_FRAME_HEIGHT = 4 * 28;
    /** The height a region of interest is resized to under the automatic rule: one MNIST digit. */
    public static final int AUTO_ROI_HEIGHT = 28;

    private static final Scale AUTO = new Scale(Double.NaN, false);

    private final double factor;
    /** Whether the factor was measured by cam4j for the automatic rule ({@link InkScale}), not given by the user. */
    private final boolean measured;

    private Scale(double factor, boolean measured) {
        this.factor = factor;
        this.measured = measured;
    }

    /**
     * @param factor the factor the automatic rule measured on a stream's ink
     * @return a fixed scale that is still the automatic rule's choice ({@link #chosenByCam4j()})
     */
    static Scale measured(double factor) {
        return new Scale(of(factor).factor, true);
    }

    /**
     * @return whether cam4j chose the factor (the automatic rule, or what it measured), so that it may keep it within
     *     what a model can be fed; a factor the user gave is used as given, or refused
     */
    boolean chosenByCam4j() {
        return isAuto() || measured;
    }

    /** @return the automatic rule (the default) */
    public static Scale auto() {
        return AUTO;
    }

    /**
     * @param factor output size / input size, e.g. 0.5 to halve; finite and positive
     * @return a fixed scale
     * @throws IllegalArgumentException when the factor is not finite and positive
     */
    public static Scale of(double factor) {
        if (!(factor > 0) || !Double.isFinite(factor)) {
            throw new IllegalArgumentException("scale factor must be a positive number, got " + factor);
        }
        return new Scale(factor, false);
    }

    /**
     * @param text {@code auto} or a positive number
     * @return the scale
     * @throws IllegalArgumentException when the text is neither, naming it
     */
    public static Scale parse(String text) {
        if (text == null || text.strip().equalsIgnoreCase("auto")) {
            return AUTO;
        }
        try {
            return of(Double.parseDouble(text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("scale '" + text + "' must be 'auto' or a positive number such as 0.5", e);
        }
    }

    /** @return true for the automatic rule */
    public boolean isAuto() {
        return Double.isNaN(factor);
    }

    /**
     * @param regionHeight height in pixels of what is explained (the frame, or the region of interest)
     * @param roi whether that is a region of interest rather than the whole frame
     * @return the resize factor to apply
     */
    public double factor(int regionHeight, boolean roi) {
        if (!isAuto()) {
            return factor;
        }
        return (double) (roi ? AUTO_ROI_HEIGHT : AUTO_FRAME_HEIGHT) / regionHeight;
    }

    @Override
    public String toString() {
        return isAuto() ? "auto" : String.format(Locale.ROOT, "%s", factor);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scale s && Double.compare(s.factor, factor) == 0 && s.measured == measured;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(factor) * 31 + Boolean.hashCode(measured);
    }
}
