package io.github.cam4j.cam;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.SharedData;
import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * CAM's dot products two ways on the same fetched batch, each timed right after a model run of its own (which way goes
 * first alternates from round to round): the features copied out of the tensor and multiplied in Java
 * ({@link CamMath#classMap}), against OpenBLAS reading the tensor's memory ({@link NativeClassMaps}). One thread, one
 * class's map per image, as the session makes them. A benchmark, not a test: it asserts nothing.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.cam.ClassMapCopyVsNative [model] [batch] [rounds]}.
 */
public final class ClassMapCopyVsNative {
    private static final int WARM_UP_ROUNDS = 5;

    private ClassMapCopyVsNative() {}

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "mnist-pooled";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        float[] pixels = new float[batch * 784];
        for (int i = 0; i < batch; i++) {
            System.arraycopy(test.imageAsFloats(i % test.count()), 0, pixels, i * 784, 784);
        }
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve(model)).build()) {
            float[] column = cam.model().weights().column(3);
            long[] total = new long[2];
            double[] ratios = new double[rounds];
            double sink = 0;
            for (int r = -WARM_UP_ROUNDS; r < rounds; r++) {
                long[] nanos = new long[2];
                for (int k = 0; k < 2; k++) {
                    int way = Math.floorMod(r + k, 2);
                    try (TFloat32 x = TensorData.floats(Shape.of(batch, 28, 28, 1), pixels); Result run = run(cam, x)) {
                        FeatureBatch features = FeatureBatch.of(run.get(0), "features", cam.model().channels());
                        long t0 = System.nanoTime();
                        for (int i = 0; i < batch; i++) {
                            float[] map = way == 0
                                    ? CamMath.classMap(features.image(i), 0, features.height(), features.width(),
                                            cam.model().channels(), column)
                                    : features.classMap(i, column);
                            sink += map[0];
                        }
                        nanos[way] = System.nanoTime() - t0;
                    }
                }
                if (r >= 0) {
                    total[0] += nanos[0];
                    total[1] += nanos[1];
                    ratios[r] = (double) nanos[0] / nanos[1];
                }
            }
            Arrays.sort(ratios);
            double maps = (double) rounds * batch;
            System.out.printf(Locale.ROOT, "%s batch %d, %d rounds: copy + Java %.2f us a map, OpenBLAS on the tensor %.2f us"
                    + " a map; median copy/native per round %.2f (checksum %.3g)%n", model, batch, rounds,
                    total[0] / 1e3 / maps, total[1] / 1e3 / maps, ratios[rounds / 2], sink);
        }
    }

    private static Result run(CamSession cam, TFloat32 input) {
        TensorNames names = cam.model().tensors();
        return cam.model().session().runner().feed(names.input(), input).fetch(names.features()).fetch(names.logits())
                .run();
    }
}
