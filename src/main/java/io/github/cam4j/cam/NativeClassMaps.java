package io.github.cam4j.cam;

import static org.bytedeco.openblas.global.openblas_nolapack.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_nolapack.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_nolapack.cblas_sgemv;

import java.nio.FloatBuffer;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.tensorflow.ndarray.buffer.DataBuffer;
import org.tensorflow.ndarray.buffer.DataStorageVisitor;

/**
 * Class maps computed where the features already lie: one OpenBLAS {@code sgemv} per map, reading a fetched features
 * tensor's own memory, {@code map = F · w} with {@code F} the image's {@code cells x K} features and {@code w} the
 * class's kernel column.
 *
 * <p>Why: the same product in Java first copies the image's features out of the tensor, then runs scalar multiply-adds
 * (HotSpot does not vectorise a float sum). On this project's 2-core machine, right after a model run, 2.3-3.8 µs a
 * 7x7x128 map against 5.1-6.5 µs for the copy and {@link CamMath#classMap}, and 42-44 against 92-98 µs a 28x28x128 map
 * ({@code ClassMapCopyVsNative}). OpenBLAS ships with JavaCV's OpenCV, so this adds no library.
 *
 * <p>The tensor's memory is valid only while the {@link org.tensorflow.Result} that holds it is open; a view is made
 * per run. Calls from several threads at once are safe: each thread has its own column and output buffers.
 */
final class NativeClassMaps {
    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private final FloatPointer features;
    private final int images;
    private final int cells;
    private final int channels;

    private NativeClassMaps(long tensorAddress, int images, int cells, int channels) {
        // A JavaCPP pointer over memory it does not own (TensorFlow frees it with the tensor): no deallocator. Inside
        // the initialiser a bare 'address' is Pointer's own field, hence the parameter's other name.
        this.features = new FloatPointer(new Pointer() {
            {
                address = tensorAddress;
            }
        });
        this.images = images;
        this.cells = cells;
        this.channels = channels;
    }

    /**
     * @param data a float32 tensor's data, {@code [N, h, w, K]} row-major
     * @param images N
     * @param cells {@code h * w}
     * @param channels K
     * @return the maps over that memory, or empty when the buffer does not expose a native address of at least
     *     {@code N * h * w * K} floats (then the caller copies the features out and computes in Java)
     */
    static Optional<NativeClassMaps> over(DataBuffer<?> data, int images, int cells, int channels) {
        long bytes = (long) images * cells * channels * Float.BYTES;
        OptionalLong address = data.accept(new DataStorageVisitor<OptionalLong>() {
            @Override
            public OptionalLong visit(long nativeAddress, long lengthInBytes, long scale) {
                // Never read past what TensorFlow allocated: a buffer shorter than the shape says is left to the copy,
                // whose reads are bounds-checked.
                return nativeAddress == 0 || lengthInBytes < bytes ? OptionalLong.empty() : OptionalLong.of(nativeAddress);
            }

            @Override
            public OptionalLong fallback() {
                return OptionalLong.empty();
            }
        });
        return address.isPresent() ? Optional.of(new NativeClassMaps(address.getAsLong(), images, cells, channels))
                : Optional.empty();
    }

    /**
     * @param image the image's index in the batch
     * @param column the class's kernel column, K values
     * @return the image's map, {@code h * w} values row-major
     * @throws IndexOutOfBoundsException when the batch has no such image, as the copy's bounds-checked read would
     */
    float[] classMap(int image, float[] column) {
        // Nothing else stands between an index and native memory: past the batch lies whatever TensorFlow put there.
        Objects.checkIndex(image, images);
        Buffers b = BUFFERS.get().fit(channels, cells);
        b.columnFloats.put(0, column, 0, channels);
        // A view per call: position is a pointer's state, and the batch's pointer is shared by the threads.
        FloatPointer imageFeatures = new FloatPointer(features).position((long) image * cells * channels);
        cblas_sgemv(CblasRowMajor, CblasNoTrans, cells, channels, 1f, imageFeatures, channels, b.column, 1, 0f, b.map, 1);
        float[] map = new float[cells];
        b.mapFloats.get(0, map, 0, cells);
        return map;
    }

    /**
     * A thread's native column and output, grown when a larger model needs more; JavaCPP frees them when dropped. Each
     * is written and read through a direct {@link FloatBuffer} over it: a pointer's {@code put(float[])} and
     * {@code get(float[])} are JNI calls that pin or copy the Java array each time, a buffer's bulk copy is a memory
     * copy in Java; the bytes are the same.
     */
    private static final class Buffers {
        private FloatPointer column = kept(0);
        private FloatPointer map = kept(0);
        private FloatBuffer columnFloats;
        private FloatBuffer mapFloats;

        Buffers fit(int channels, int cells) {
            if (column.capacity() < channels || columnFloats == null) {
                columnFloats = null;
                column.close();
                column = kept(channels);
                columnFloats = column.asBuffer();
            }
            if (map.capacity() < cells || mapFloats == null) {
                mapFloats = null;
                map.close();
                map = kept(cells);
                mapFloats = map.asBuffer();
            }
            return this;
        }

        /**
         * A buffer holding a reference of its own. JavaCPP attaches what is allocated to the calling thread's innermost
         * {@link org.bytedeco.javacpp.PointerScope}, and a caller may well explain inside one (JavaCV's way of freeing
         * Mats): closing that scope would free this thread's buffers while they are still kept here. With this
         * reference the scope's close only drops its own; {@link FloatPointer#close} above drops this one.
         */
        private static FloatPointer kept(long floats) {
            return new FloatPointer(floats).retainReference();
        }
    }
}
