package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.model.TensorData;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.ResizeArea;
import org.tensorflow.op.image.ResizeBicubic;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.op.image.ResizeNearestNeighbor;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Which input pixels a resize reads ({@link InputCrop#read}), against TensorFlow itself: a batch of {@code n} pictures,
 * picture {@code p} zero but for a 1 at row {@code p}, resized along the rows to {@code m}; output row {@code o} of
 * picture {@code p} is non-zero exactly when the kernel reads row {@code p} for it with non-zero weight. Every resize
 * kind cam4j places, under each sampling convention it takes, on sizes that shrink, keep and enlarge, by whole and by
 * awkward factors.
 */
class ResizeReachTest {
    private static final long[] FROM = {1, 2, 3, 5, 7, 10, 13, 20, 28, 31};
    private static final long[] TO = {1, 2, 3, 4, 6, 9, 14, 17, 20, 28, 30, 32, 41, 56, 57, 100};

    private record Kind(String op, String convention) {}

    @Test
    void everyResizeReadsWhatTensorFlowReads() throws Exception {
        List<Kind> kinds = new ArrayList<>();
        for (String op : List.of("ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic")) {
            for (String convention : List.of("half-pixel centres", "aligned corners", "TensorFlow 1 sampling")) {
                kinds.add(new Kind(op, convention));
            }
        }
        kinds.add(new Kind("ResizeArea", "half-pixel centres"));
        for (Kind k : kinds) {
            try (Graph g = new Graph(); Session s = new Session(g)) {
                Ops tf = Ops.create(g);
                Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class);
                Placeholder<TInt32> size = tf.withName("size").placeholder(TInt32.class);
                Operand<TFloat32> y = resize(tf, k, x, size);
                for (long n : FROM) {
                    for (long m : TO) {
                        if (k.convention().equals("aligned corners") && m < 2) {
                            continue; // cam4j does not place it
                        }
                        float[] impulses = new float[(int) (n * n)];
                        for (int p = 0; p < n; p++) {
                            impulses[(int) (p * n + p)] = 1;
                        }
                        try (TFloat32 in = TFloat32.tensorOf(Shape.of(n, n, 1, 1), DataBuffers.of(impulses));
                                TInt32 to = TInt32.vectorOf((int) m, 1);
                                Result r = s.runner().feed(x, in).feed(size, to).fetch(y).run()) {
                            float[] out = TensorData.toArray(r.get(0));
                            for (int o = 0; o < m; o++) {
                                long first = -1;
                                long last = -1;
                                for (int p = 0; p < n; p++) {
                                    if (out[(int) (p * m + o)] != 0f) {
                                        first = first < 0 ? p : first;
                                        last = p;
                                    }
                                }
                                long[] read = InputCrop.read(k.op(), k.convention(), n, m, o);
                                assertEquals(List.of(first, last), List.of(read[0], read[1]),
                                        k + " " + n + " -> " + m + ", output pixel " + o);
                            }
                        }
                    }
                }
            }
        }
    }

    private static Operand<TFloat32> resize(Ops tf, Kind k, Operand<TFloat32> x, Operand<TInt32> size) {
        boolean half = k.convention().equals("half-pixel centres");
        boolean aligned = k.convention().equals("aligned corners");
        return switch (k.op()) {
            case "ResizeBilinear" -> tf.image.resizeBilinear(x, size, ResizeBilinear.alignCorners(aligned),
                    ResizeBilinear.halfPixelCenters(half));
            case "ResizeNearestNeighbor" -> tf.image.resizeNearestNeighbor(x, size,
                    ResizeNearestNeighbor.alignCorners(aligned), ResizeNearestNeighbor.halfPixelCenters(half));
            case "ResizeBicubic" -> tf.image.resizeBicubic(x, size, ResizeBicubic.alignCorners(aligned),
                    ResizeBicubic.halfPixelCenters(half));
            default -> tf.image.resizeArea(x, size, ResizeArea.alignCorners(false));
        };
    }
}
