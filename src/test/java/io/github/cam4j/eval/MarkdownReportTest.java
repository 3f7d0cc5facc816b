package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** How report.md writes a gap between two models. */
class MarkdownReportTest {
    /**
     * A gap of -0.0001 percentage points printed "-0.0", which reads as a loss where the two models are equal to the
     * decimal shown (both 100.0 % within 3 px on 10 000 canvases).
     */
    @Test
    void aGapThatRoundsToZeroIsWrittenWithoutAMinus() {
        assertEquals("+0.0", MarkdownReport.signed("%+.1f", -0.0001));
        assertEquals("+0.000", MarkdownReport.signed("%+.3f", -0.0000001));
        assertEquals("-0.1", MarkdownReport.signed("%+.1f", -0.06));
        assertEquals("+2.0", MarkdownReport.signed("%+.1f", 2));
    }
}
