package io.github.cam4j.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoadRemovalTest {
    @Test
    void percentileInterpolatesAsNumpyDoes() {
        double[] sorted = {1, 2, 3, 4}; // np.percentile's input [4, 1, 3, 2], sorted
        // np.percentile([4, 1, 3, 2], [0, 10, 50, 90, 100]) = [1.0, 1.3, 2.5, 3.7, 4.0]
        assertEquals(1.0, RoadRemoval.percentile(sorted, 0), 1e-12);
        assertEquals(1.3, RoadRemoval.percentile(sorted, 10), 1e-12);
        assertEquals(2.5, RoadRemoval.percentile(sorted, 50), 1e-12);
        assertEquals(3.7, RoadRemoval.percentile(sorted, 90), 1e-12);
        assertEquals(4.0, RoadRemoval.percentile(sorted, 100), 1e-12);
    }

    /**
     * numpy's linear interpolation to the bit: from the upper rank when the fraction is at least a half ({@code _lerp}'s
     * {@code b - (b - a) (1 - t)}), from the lower one below. For a = 0.20049633232419528 and b = 0.3448540162273729
     * numpy 1.24.2 gives {@code np.percentile([a, b], 90)} = 0.33041824783705515, where {@code a + (b - a) 0.9} is
     * 0.3304182478370551, one unit in the last place lower; at 10 both forms give 0.21493210071451305. (At a fraction
     * of exactly 0.5 the two forms agreed on 100 000 random pairs.) No tolerance: the point is the last bit.
     */
    @Test
    void percentileRoundsAsNumpyDoes() {
        double[] sorted = {0.20049633232419528, 0.3448540162273729};
        assertEquals(0.33041824783705515, RoadRemoval.percentile(sorted, 90), 0);
        assertEquals(0.21493210071451305, RoadRemoval.percentile(sorted, 10), 0);
    }

    @Test
    void mostRelevantFirstRemovesTheTopAndTheTiesAtTheThreshold() {
        // Ten values, three tied at 0.5. At 80 the threshold is rank 7.2 of 0 0.1 0.2 0.3 0.4 0.5 0.5 0.5 0.8 0.9:
        // 0.5 + 0.2 * (0.8 - 0.5) = 0.56, so 0.8 and 0.9 go (the top 20 %).
        float[] map = {0.5f, 0f, 0.9f, 0.1f, 0.5f, 0.2f, 0.8f, 0.3f, 0.5f, 0.4f};
        assertArrayEquals(new boolean[] {false, false, true, false, false, false, true, false, false, false},
                new RoadRemoval(map).mostRelevantFirst(80));
        // At 60 the threshold is rank 5.4, between two tied 0.5s: 0.5 exactly, and all three ties go with the top two
        // (5 of 10 removed where 40 % is nominal).
        assertArrayEquals(new boolean[] {true, false, true, false, true, false, true, false, true, false},
                new RoadRemoval(map).mostRelevantFirst(60));
    }

    @Test
    void leastRelevantFirstRemovesTheBottomAndTheTiesAtTheThreshold() {
        float[] map = {0.5f, 0f, 0.9f, 0.1f, 0.5f, 0.2f, 0.8f, 0.3f, 0.5f, 0.4f};
        // -map sorted: -0.9 -0.8 -0.5 -0.5 -0.5 -0.4 -0.3 -0.2 -0.1 0; at 80, rank 7.2: -0.2 + 0.2 * 0.1 = -0.18, so
        // -map >= -0.18 removes 0.1 and 0 (the bottom 20 %).
        assertArrayEquals(new boolean[] {false, true, false, true, false, false, false, false, false, false},
                new RoadRemoval(map).leastRelevantFirst(80));
        // At 30, rank 2.7 lies between tied -0.5s: the threshold is -0.5 and all three 0.5s go with the bottom five.
        assertArrayEquals(new boolean[] {true, true, false, true, true, true, false, true, true, true},
                new RoadRemoval(map).leastRelevantFirst(30));
    }

    @Test
    void aMapTiedAtItsLowEndLosesEveryPixelUnderMostRelevantFirst() {
        // Half the map is 0: its 10th percentile is 0, and every pixel is at least 0.
        float[] map = {0, 0, 0, 0, 0.2f, 0.4f, 0.6f, 0.8f};
        boolean[] all = new boolean[8];
        java.util.Arrays.fill(all, true);
        assertArrayEquals(all, new RoadRemoval(map).mostRelevantFirst(10));
    }
}
