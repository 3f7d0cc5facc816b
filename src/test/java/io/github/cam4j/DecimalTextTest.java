package io.github.cam4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link DecimalText}: the fewest digits that read back, laid out as {@link Double#toString} lays them. */
class DecimalTextTest {
    /** The doubles Java 17 writes with sixteen or seventeen digits, that a user typed with one. */
    @Test
    void aDoubleJava17WritesLongIsWrittenAsTyped() {
        assertEquals("9.999999999999999E22", Double.toString(1e23), "Java 17's own spelling (fixed in Java 19)");
        assertEquals("1.0E23", DecimalText.shortest(1e23));
        assertEquals("2.0E23", DecimalText.shortest(2e23));
        assertEquals("-5.0E22", DecimalText.shortest(-5e22));
        assertEquals("8.41E21", DecimalText.shortest(8.41e21));
    }

    /** What Double.toString already writes shortest is left as it is: plain from 0.001 to 10 000 000, else d.dddEn. */
    @Test
    void whatJavaWritesShortestIsKept() {
        for (double d : new double[] {0, -0.0, 0.5, 1, 1e7, 1.0E-5, 0.001, 9999999, 123.456, Double.MAX_VALUE,
                Double.MIN_VALUE, 1e-3 / 3, Double.NaN, Double.NEGATIVE_INFINITY}) {
            assertEquals(Double.toString(d), DecimalText.shortest(d));
        }
    }

    /** Any double comes back from its text, in no more digits than Java's, and in Java's layout. */
    @Test
    void everyDoubleReadsBackInNoMoreDigits() {
        Random random = new Random(7);
        for (int i = 0; i < 200_000; i++) {
            double d = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(d)) {
                continue;
            }
            String text = DecimalText.shortest(d);
            String java = Double.toString(d);
            assertEquals(d, Double.parseDouble(text), text);
            assertTrue(digits(text) <= digits(java), text + " against " + java);
            assertEquals(java.contains("E"), text.contains("E"), text + " against " + java);
        }
    }

    private static int digits(String text) {
        return new java.math.BigDecimal(text).stripTrailingZeros().precision();
    }
}
