package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.TensorData;
import java.util.Random;
import java.util.stream.IntStream;
import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * The class maps read straight from a features tensor's memory (OpenBLAS) against the plain Java product they replace,
 * on tensors shaped as the bundled models' (7x7x128, 28x28x128) and on an odd one (channels not a multiple of 4, one
 * cell). Tolerance: the two sum 128 products in different orders, so they differ in rounding only; for products of
 * values in [0, 1) and [-1, 1) the sums stay below 128 in size and float's rounding error over such a sum is well
 * under 1e-4 (measured: 4e-7).
 */
class NativeClassMapsTest {
    private static final float TOLERANCE = 1e-4f;

    @Test
    void mapsFromTheTensorsMemoryEqualThePlainJavaProduct() throws Exception {
        check(6, 7, 7, 128);
        check(3, 28, 28, 128);
        check(2, 1, 1, 5);
        check(4, 3, 5, 7);
    }

    @Test
    void threadsReadingOneBatchAtOnceGetEachImagesOwnMap() throws Exception {
        // Both models' sizes: OpenBLAS may split a 784x128 product over its own threads, a 49x128 one it does not.
        threadsAtOnce(64, 7, 7, 128);
        threadsAtOnce(16, 28, 28, 128);
    }

    /** An index past the batch is refused, as the copy's read refuses it, instead of reading native memory beyond. */
    @Test
    void anImagePastTheBatchIsRefusedNotRead() throws Exception {
        float[] column = column(5, new Random(10));
        try (TFloat32 tensor = TensorData.floats(Shape.of(2, 3, 3, 5), new float[2 * 3 * 3 * 5])) {
            FeatureBatch batch = FeatureBatch.of(tensor, "features", 5);
            assertThrows(IndexOutOfBoundsException.class, () -> batch.classMap(2, column));
            assertThrows(IndexOutOfBoundsException.class, () -> batch.classMap(-1, column));
        }
    }

    /**
     * JavaCV's users free their Mats with a PointerScope around their calls; what the maps allocate in one for this
     * thread (its native column and output, kept for its next maps) must outlive it.
     */
    @Test
    void aCallersPointerScopeDoesNotFreeTheThreadsBuffers() throws Exception {
        // A size no other test on this thread has used, so that the buffers are (re)allocated inside the scope.
        int n = 2;
        int h = 40;
        int w = 40;
        int k = 300;
        Random random = new Random(9);
        float[] features = sparseFeatures(n * h * w * k, random);
        float[] column = column(k, random);
        try (TFloat32 tensor = TensorData.floats(Shape.of(n, h, w, k), features)) {
            FeatureBatch batch = FeatureBatch.of(tensor, "features", k);
            try (PointerScope scope = new PointerScope()) {
                batch.classMap(0, column);
            }
            for (int i = 0; i < n; i++) {
                assertArrayEquals(CamMath.classMap(features, i, h, w, k, column), batch.classMap(i, column), TOLERANCE,
                        "image " + i + " after the scope closed");
            }
        }
    }

    private static void threadsAtOnce(int n, int h, int w, int k) throws Exception {
        float[] features = sparseFeatures(n * h * w * k, new Random(7));
        float[] column = column(k, new Random(8));
        try (TFloat32 tensor = TensorData.floats(Shape.of(n, h, w, k), features)) {
            FeatureBatch batch = FeatureBatch.of(tensor, "features", k);
            float[][] parallel = new float[n][];
            for (int round = 0; round < 20; round++) {
                IntStream.range(0, n).parallel().forEach(i -> parallel[i] = batch.classMap(i, column));
                for (int i = 0; i < n; i++) {
                    assertArrayEquals(CamMath.classMap(features, i, h, w, k, column), parallel[i], TOLERANCE,
                            "image " + i + ", round " + round);
                }
            }
        }
    }

    private static void check(int n, int h, int w, int k) throws Exception {
        Random random = new Random(n * 1000 + h * 100 + k);
        float[] features = sparseFeatures(n * h * w * k, random);
        try (TFloat32 tensor = TensorData.floats(Shape.of(n, h, w, k), features)) {
            FeatureBatch batch = FeatureBatch.of(tensor, "features", k);
            var where = NativeClassMaps.over(tensor.asRawTensor().data(), n, h * w, k);
            assertTrue(where.isPresent(), "a TensorFlow tensor exposes its memory");
            assertTrue(NativeClassMaps.over(tensor.asRawTensor().data(), n + 1, h * w, k).isEmpty(),
                    "a tensor shorter than the shape asked for is not read natively");
            NativeClassMaps maps = where.get();
            for (int c = 0; c < 3; c++) {
                float[] column = column(k, random);
                for (int i = 0; i < n; i++) {
                    float[] expected = CamMath.classMap(features, i, h, w, k, column);
                    float[] actual = maps.classMap(i, column);
                    assertEquals(h * w, actual.length);
                    assertArrayEquals(expected, actual, TOLERANCE, n + "x" + h + "x" + w + "x" + k + ", image " + i);
                    assertArrayEquals(actual, batch.classMap(i, column), "the batch's maps are the native ones");
                }
            }
        }
    }

    /** ReLU features as the bundled models make them: most are 0 (87 % in the pooled model's last layer). */
    private static float[] sparseFeatures(int size, Random random) {
        float[] f = new float[size];
        for (int i = 0; i < size; i++) {
            f[i] = random.nextFloat() < 0.87f ? 0f : random.nextFloat();
        }
        return f;
    }

    private static float[] column(int k, Random random) {
        float[] c = new float[k];
        for (int i = 0; i < k; i++) {
            c[i] = random.nextFloat() * 2 - 1;
        }
        return c;
    }
}
