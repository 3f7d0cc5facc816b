package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DenseTest {
    @Test
    void linearIsMatrixProductPlusBias() throws Exception {
        // x = [1, 2]; kernel = [[1, 0, -1], [2, 1, 0]]; bias = [0.5, 0, 0] → [5.5, 2, -1]
        LayerRunner.Output out = LayerRunner.run(Dense.of("d", 3, Activation.LINEAR), new long[] {1, 2},
                new float[] {1, 2}, Map.of("d_kernel", new float[] {1, 0, -1, 2, 1, 0}, "d_bias", new float[] {0.5f, 0, 0}));
        assertArrayEquals(new float[] {5.5f, 2, -1}, out.values(), 0f);
    }

    @Test
    void softmaxMatchesHandComputation() throws Exception {
        LayerRunner.Output out = LayerRunner.run(Dense.of("d", 2, Activation.SOFTMAX), new long[] {1, 1},
                new float[] {1}, Map.of("d_kernel", new float[] {0, (float) Math.log(3)}, "d_bias", new float[] {0, 0}));
        // logits [0, ln 3] → softmax [1/4, 3/4]; float32 rounding of ln 3 and exp: 1e-6.
        assertArrayEquals(new float[] {0.25f, 0.75f}, out.values(), 1e-6f);
    }

    @Test
    void rejectsARank4Input() {
        ModelConfigException e = assertThrows(ModelConfigException.class,
                () -> Dense.of("d", 10, Activation.SOFTMAX).outputShape(new long[] {-1, 7, 7, 8}));
        assertEquals("layer 'd' (Dense) needs a rank-2 input [batch, features], got rank 4 (put GlobalAveragePooling2D "
                + "before it)", e.getMessage());
    }
}
