package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * A target's number wrong on its own is refused where the target is made, with an IllegalArgumentException, as the
 * session builder's opt methods refuse theirs: topK(0) was, while Target.of(-1), a negative in perImage and new TopK(0)
 * were taken and refused only by explain, as a checked InvalidInputException. Numbers beyond a model's classes are
 * explain's to refuse (CamSessionTest#badTargetsAndImagesGetClearErrors).
 */
class TargetTest {
    private static String refusal(Executable making) {
        return assertThrows(IllegalArgumentException.class, making).getMessage();
    }

    @Test
    void aNumberWrongOnItsOwnIsRefusedWhereTheTargetIsMade() {
        String k = "top-k 0 is below 1: explain at least the most probable class";
        assertEquals(k, refusal(() -> Target.topK(0)));
        assertEquals(k, refusal(() -> new Target.TopK(0)));
        String negative = "class index -1 is negative: classes are counted from 0";
        assertEquals(negative, refusal(() -> Target.of(-1)));
        assertEquals(negative, refusal(() -> new Target.OfClass(-1)));
        assertEquals(negative, refusal(() -> Target.perImage(3, -1)));
        assertEquals(negative, refusal(() -> new Target.PerImage(new int[] {-1})));
        // Any k from 1 and class from 0 is made: only the model bounds them above.
        assertEquals(Integer.MAX_VALUE, ((Target.TopK) Target.topK(Integer.MAX_VALUE)).k());
        assertEquals(Target.perImage(0, 999), new Target.PerImage(new int[] {0, 999}));
        assertEquals(0, ((Target.OfClass) Target.of(0)).classIndex());
    }
}
