package io.github.cam4j;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * A double written for people in the fewest digits that read back as it: Java 17's {@link Double#toString} is not
 * always shortest (JDK-4511638, fixed in Java 19), and a user who typed {@code --kpca-gamma 1e23} was told of "gamma
 * 9.999999999999999E22".
 *
 * <pre>{@code
 * DecimalText.shortest(1e23)   // "1.0E23", where Double.toString gives "9.999999999999999E22"
 * DecimalText.shortest(0.5)    // "0.5", as Double.toString
 * }</pre>
 */
public final class DecimalText {
    /** Digits that always read back as the same double. */
    private static final int ROUND_TRIP = 17;

    private DecimalText() {}

    /**
     * @param value any double
     * @return {@link Double#toString}'s form of the value (plain from 0.001 up to 10 000 000, else {@code d.dddEn}),
     *     in the fewest significant digits that {@link Double#parseDouble} reads back as {@code value}
     */
    public static String shortest(double value) {
        String java = Double.toString(value);
        if (!Double.isFinite(value) || value == 0) {
            return java;
        }
        int javaDigits = new BigDecimal(java).stripTrailingZeros().precision();
        if (javaDigits <= 2) {
            // Its layout shows two digits at least: Double.MIN_VALUE stays 4.9E-324, not 5.0E-324.
            return java;
        }
        BigDecimal exact = new BigDecimal(value);
        for (int digits = 1; digits < javaDigits && digits < ROUND_TRIP; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN)).stripTrailingZeros();
            if (rounded.doubleValue() == value) {
                return javaForm(rounded);
            }
        }
        return java;
    }

    /** @return {@code d} as {@link Double#toString} lays a double out */
    private static String javaForm(BigDecimal d) {
        double magnitude = Math.abs(d.doubleValue());
        String sign = d.signum() < 0 ? "-" : "";
        if (magnitude >= 1e-3 && magnitude < 1e7) {
            String plain = d.abs().toPlainString();
            return sign + (plain.contains(".") ? plain : plain + ".0");
        }
        String digits = d.unscaledValue().abs().toString();
        int exponent = d.precision() - d.scale() - 1;
        return sign + digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0") + "E" + exponent;
    }
}
