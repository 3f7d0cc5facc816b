package io.github.cam4j.savedmodel.keras;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The affine rescaling a model applies to its input before anything else, {@code x * scale + offset}: what a Keras
 * {@code Rescaling} layer (or a {@code x / 255} written in the model) leaves in the graph. A model that rescales its
 * own input wants the raw pixels, 0..255: feeding it pixels already scaled to [0, 1] scales them twice, and the model
 * then sees an almost black picture and answers at chance, with maps to match.
 *
 * @param scale the factor (a division by {@code d} is a factor {@code 1/d})
 * @param offset what is added after it (0 when nothing is)
 * @param layer the node that multiplies, for reports
 */
public record InputRescaling(double scale, double offset, String layer) {

    /**
     * Whether the model expects raw 8-bit pixels: its rescaling takes 0..255 to a range one or two units wide, as
     * {@code Rescaling(1/255)} (to [0, 1]) and {@code Rescaling(1/127.5, offset=-1)} (to [-1, 1]) do.
     *
     * @return true when 255 x |scale| lies between 0.9 and 2.1
     */
    public boolean takesRawPixels() {
        double span = 255 * Math.abs(scale);
        return span >= 0.9 && span <= 2.1;
    }

    /** @return e.g. {@code x * 0.00392157 ('rescaling_1/mul')} or {@code x * 0.00784314 - 1 ('...')} */
    @Override
    public String toString() {
        String plus = offset == 0 ? "" : (offset < 0 ? " - " : " + ") + sixDigits(Math.abs(offset));
        return "x * " + sixDigits(scale) + plus + " ('" + CamLocator.shortName(layer) + "')";
    }

    private static String sixDigits(double v) {
        return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
    }
}
