package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GlobalAveragePooling2DTest {
    @Test
    void averagesEachChannelOverHeightAndWidth() throws Exception {
        // 2x2 image, 2 channels: channel 0 = 1,2,3,4 (mean 2.5); channel 1 = 10,20,30,40 (mean 25).
        float[] image = {1, 10, 2, 20, 3, 30, 4, 40};
        LayerRunner.Output out = LayerRunner.run(new GlobalAveragePooling2D("g"), new long[] {1, 2, 2, 2}, image, Map.of());
        assertArrayEquals(new long[] {1, 2}, out.shape());
        assertArrayEquals(new float[] {2.5f, 25f}, out.values(), 0f);
        assertArrayEquals(new long[] {-1, 64}, new GlobalAveragePooling2D("g").outputShape(new long[] {-1, -1, -1, 64}));
    }
}
