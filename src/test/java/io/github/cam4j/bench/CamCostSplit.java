package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Target;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.SharedData;
import java.util.Arrays;
import java.util.Locale;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TFloat32;

/**
 * Where CAM's cost over plain inference lies: three ways of running one batch, interleaved round by round as in
 * {@link CamVsPlainInterleaved} (which goes first rotates): plain inference (the probabilities), the CAM run alone
 * (features and logits fetched and the logits read, nothing else), and a whole CAM explanation. plain/fetch near 1
 * says fetching the features costs TensorFlow nothing; the rest of plain/CAM is cam4j's Java work per image.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.CamCostSplit [model] [batch] [rounds]}.
 */
public final class CamCostSplit {
    private CamCostSplit() {}

    public static void main(String[] args) throws Exception {
        String model = args.length > 0 ? args[0] : "mnist-pooled";
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 256;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 150;
        int perRound = Math.max(1, 512 / batch);
        float[] pixels = BenchDigits.batch(batch);
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve(model)).build()) {
            long[] total = new long[3];
            double[] fetchRatio = new double[rounds];
            double[] camRatio = new double[rounds];
            for (int warm = 0; warm < 3; warm++) {
                for (int way = 0; way < 3; way++) {
                    run(cam, pixels, batch, way);
                }
            }
            for (int r = 0; r < rounds; r++) {
                long[] nanos = new long[3];
                for (int k = 0; k < 3; k++) {
                    int way = (r + k) % 3;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < perRound; i++) {
                        run(cam, pixels, batch, way);
                    }
                    nanos[way] = System.nanoTime() - t0;
                }
                for (int way = 0; way < 3; way++) {
                    total[way] += nanos[way];
                }
                fetchRatio[r] = (double) nanos[0] / nanos[1];
                camRatio[r] = (double) nanos[0] / nanos[2];
            }
            Arrays.sort(fetchRatio);
            Arrays.sort(camRatio);
            double images = (double) rounds * perRound * batch;
            System.out.printf(Locale.ROOT, "%s batch %d, %d rounds: plain %.0f img/s, CAM run alone %.0f img/s, CAM %.0f img/s;"
                    + " plain/run-alone median %.3f, plain/CAM median %.3f; cam4j's Java work %.1f us per image (wall)%n",
                    model, batch, rounds, images / (total[0] / 1e9), images / (total[1] / 1e9), images / (total[2] / 1e9),
                    fetchRatio[rounds / 2], camRatio[rounds / 2], (total[2] - total[1]) / 1e3 / images);
        }
    }

    /** @param way 0: plain inference; 1: the CAM run alone; 2: a CAM explanation */
    private static void run(CamSession cam, float[] pixels, int batch, int way) throws Exception {
        if (way == 2) {
            cam.explainPixels(pixels, batch, 28, 28, Target.predicted());
            return;
        }
        if (way == 0) {
            CamVsPlainInterleaved.plain(cam, pixels, batch);
            return;
        }
        TensorNames t = cam.model().tensors();
        try (TFloat32 x = TensorData.floats(Shape.of(batch, 28, 28, 1), pixels);
                Result r = cam.model().session().runner().feed(t.input(), x).fetch(t.features()).fetch(t.logits()).run()) {
            TensorData.toArray(r.get(1));
        }
    }
}
