package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link FinerComparison}: the ranks it takes, and what it says of a model too small for them. */
class FinerComparisonTest {
    /**
     * A rank given twice is refused: the class would weigh twice in the numerator and the denominator, the comparison of
     * the ranks without the repeat up to pytorch-grad-cam's 1e-9, which a user who typed it did not mean.
     */
    @Test
    void aRankGivenTwiceIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new FinerComparison(1f, List.of(1, 2, 1)));
        assertEquals("Finer-CAM's comparison ranks name each class once, got rank 1 twice in [1, 2, 1]",
                e.getMessage());
        assertEquals(List.of(2, 1), new FinerComparison(1f, List.of(2, 1)).ranks(), "any order, each once");
    }

    /** The classes a rank needs are counted past int's range: rank 2147483647 needs 2147483648, not -2147483648. */
    @Test
    void theDeepestRankNeedsOneClassMoreCountedInLong() {
        String problem = new FinerComparison(1f, List.of(Integer.MAX_VALUE)).problem(10);
        assertTrue(problem.contains("which needs at least 2147483648 classes; this model has 10"), problem);
        assertEquals(null, new FinerComparison(1f, List.of(9)).problem(10));
    }
}
