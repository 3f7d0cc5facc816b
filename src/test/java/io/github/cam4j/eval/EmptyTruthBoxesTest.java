package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The warning's words for one digit without ink, many, and all: "1 ... have no ink" read wrong (helper-171). */
class EmptyTruthBoxesTest {
    @Test
    void oneDigitWithoutInkIsSaidInTheSingular() {
        assertEquals("1 of the 40 digits evaluated from A has no ink (no pixel above 0), so its plain and cluttered"
                + " canvases have an empty truth box, which no map can hit: localisation (pointing, IoU) counts them as"
                + " misses for every method and baseline alike", EmptyTruthBoxes.warning(1, 40, "A").orElseThrow());
        assertEquals("all 3 digits evaluated from A have no ink (no pixel above 0), so their 3 plain and 3 cluttered"
                + " canvases have an empty truth box, which no map can hit: localisation (pointing, IoU) counts them as"
                + " misses for every method and baseline alike, so the localisation figures are measured on nothing"
                + " (are the pictures blank?)", EmptyTruthBoxes.warning(3, 3, "A").orElseThrow());
        assertTrue(EmptyTruthBoxes.warning(1, 1, "A").orElseThrow().startsWith("the one digit evaluated from A has"));
        assertTrue(EmptyTruthBoxes.warning(0, 3, "A").isEmpty());
    }
}
