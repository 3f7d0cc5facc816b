package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** {@link InputRef} parses both ways of writing a node input. */
class InputRefTest {
    @Test
    void graphForm() {
        assertEquals(new InputRef("a/b", null, 0, false), InputRef.graphForm("a/b"));
        assertEquals(new InputRef("a/b", null, 3, false), InputRef.graphForm("a/b:3"));
        assertEquals(new InputRef("a/b", null, 0, true), InputRef.graphForm("^a/b"));
    }

    @Test
    void functionForm() {
        assertEquals(new InputRef("x", null, 0, false), InputRef.functionForm("x"));
        assertEquals(new InputRef("split", "output", 1, false), InputRef.functionForm("split:output:1"));
        assertEquals(new InputRef("NoOp", null, 0, true), InputRef.functionForm("^NoOp"));
        assertThrows(IllegalArgumentException.class, () -> InputRef.functionForm("a:b:c"));
    }
}
