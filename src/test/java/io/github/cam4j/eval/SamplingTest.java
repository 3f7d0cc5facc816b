package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The seeded sample's arguments: what it takes, and a clear refusal of what it cannot mean. */
class SamplingTest {

    /** A negative limit took the whole test set, as 0 does; it is refused, naming the argument and its value. */
    @Test
    void aNegativeLimitIsRefusedNamingIt() {
        for (int limit : new int[] {-1, Integer.MIN_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Sampling.sample(10_000, limit, 42));
            assertEquals("limit is " + limit + ": how many digits to take, 0 (all of them) or more", e.getMessage());
        }
    }

    /** A negative count failed with NegativeArraySizeException, which named nothing. */
    @Test
    void aNegativeCountIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sampling.sample(-3, 10, 42));
        assertEquals("count is -3: the number of test digits, 0 or more", e.getMessage());
    }

    /** 0 and a limit at or past the count take every digit once; an empty set gives an empty sample. */
    @Test
    void zeroOrAtLeastTheCountTakesAll() {
        assertArrayEquals(Sampling.sample(7, 0, 1), Sampling.sample(7, 7, 1));
        assertArrayEquals(Sampling.sample(7, 0, 1), Sampling.sample(7, Integer.MAX_VALUE, 1));
        assertEquals(7, java.util.Arrays.stream(Sampling.sample(7, 0, 1)).distinct().count());
        assertEquals(0, Sampling.sample(0, 5, 1).length);
    }
}
