package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MaxPooling2DTest {
    @Test
    void twoByTwoPoolingTakesEachWindowsMaximum() throws Exception {
        float[] image = {1, 5, 2, 0, 3, 4, 8, 1, 0, 0, 7, 9, 6, 2, 3, 3};
        LayerRunner.Output out = LayerRunner.run(MaxPooling2D.of("p", 2), new long[] {1, 4, 4, 1}, image, Map.of());
        assertArrayEquals(new long[] {1, 2, 2, 1}, out.shape());
        assertArrayEquals(new float[] {5, 8, 6, 9}, out.values(), 0f);
    }

    @Test
    void validPoolingDropsTheOddEdgeAndSamePaddingKeepsIt() throws Exception {
        assertArrayEquals(new long[] {-1, 3, 3, 8}, MaxPooling2D.of("p", 2).outputShape(new long[] {-1, 7, 7, 8}));
        MaxPooling2D same = new MaxPooling2D("p", new int[] {2, 2}, new int[] {2, 2}, Padding.SAME);
        assertArrayEquals(new long[] {-1, 4, 4, 8}, same.outputShape(new long[] {-1, 7, 7, 8}));
        float[] image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        LayerRunner.Output out = LayerRunner.run(same, new long[] {1, 3, 3, 1}, image, Map.of());
        assertArrayEquals(new float[] {5, 6, 8, 9}, out.values(), 0f);
    }
}
