package io.github.cam4j.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/** {@link TensorData}: a tensor written row by row holds what one written from the whole array holds. */
class TensorDataTest {
    @Test
    void rowsWrittenOneByOneFromOneReusedArrayMakeTheWholeTensor() {
        Shape shape = Shape.of(3, 2, 2);
        float[] whole = new float[12];
        for (int v = 0; v < whole.length; v++) {
            whole[v] = v * 1.5f - 4;
        }
        // One array lent for every row, as Ablation-CAM lends its one picture-sized copy: each row copied before the next.
        float[] reused = new float[4];
        try (TFloat32 byRows = TensorData.rows(shape, j -> {
                    System.arraycopy(whole, j * 4, reused, 0, 4);
                    return reused;
                });
                TFloat32 byArray = TensorData.floats(shape, whole)) {
            assertEquals(shape, byRows.shape());
            // Exact: the same floats copied, no arithmetic.
            assertArrayEquals(TensorData.toArray(byArray), TensorData.toArray(byRows), 0f);
        }
    }

    @Test
    void aRowOfAnotherLengthIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TensorData.rows(Shape.of(2, 3), j -> new float[j == 1 ? 2 : 3]).close());
        assertEquals("shape [2, 3] takes rows of 3 values, row 1 has 2", e.getMessage());
    }
}
