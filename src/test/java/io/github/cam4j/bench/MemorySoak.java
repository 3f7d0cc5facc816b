package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Explains N images one Mat at a time (the path that allocates the most native objects per image: a Mat, its
 * conversions, the input tensor, the run's result) and prints the process's resident memory and JavaCPP's count of
 * physical bytes every tenth of the way, so a leak shows as a climb.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.MemorySoak [count] [model] [batch] [HxW]} (default 100000,
 * mnist-pooled, 1, 28x28). A batch above 1 explains lists of Mats: the parallel path, whose worker threads keep
 * per-thread buffers. A canvas larger than 28x28 pastes each digit at a seeded random place of a black canvas of that
 * size and feeds it at its own size: single canvases then take the blank-skipping path, a crop of a different place
 * and often a different shape each time.
 */
public final class MemorySoak {
    private MemorySoak() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String model = args.length > 1 ? args[1] : "mnist-pooled";
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        String[] canvas = (args.length > 3 ? args[3] : "28x28").split("x");
        int height = Integer.parseInt(canvas[0]);
        int width = Integer.parseInt(canvas[1]);
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        List<Mat> digits = new ArrayList<>();
        java.util.Random places = new java.util.Random(42);
        for (int i = 0; i < 1000; i++) {
            Mat m = new Mat(height, width, opencv_core.CV_8UC1);
            try (BytePointer all = new BytePointer(m.data())) {
                all.put(new byte[height * width]); // black
            }
            int y = places.nextInt(height - 27);
            int x = places.nextInt(width - 27);
            try (BytePointer data = new BytePointer(m.data())) {
                for (int r = 0; r < 28; r++) {
                    data.position((long) (y + r) * width + x).put(test.pixels(), i * 784 + r * 28, 28);
                }
            }
            digits.add(m);
        }
        System.out.printf(Locale.ROOT, "%10s %12s %16s %10s%n", "explained", "rss_mib", "javacpp_phys_mib", "seconds");
        long start = System.nanoTime();
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve(model))
                .optKeepInputSize(height != 28 || width != 28).build()) {
            int reportEvery = Math.max(batch, count / 10 / batch * batch);
            for (int i = 0; i <= count; i += batch) {
                if (i % reportEvery == 0) {
                    System.out.printf(Locale.ROOT, "%10d %12.1f %16.1f %10.1f%n", i, rssMiB(),
                            Pointer.physicalBytes() / 1048576.0, (System.nanoTime() - start) / 1e9);
                }
                if (i < count && batch == 1) {
                    cam.explain(digits.get(i % digits.size()));
                } else if (i < count) {
                    int from = i % (digits.size() - batch);
                    cam.explain(digits.subList(from, from + batch), Target.predicted());
                }
            }
        } finally {
            digits.forEach(Mat::close);
        }
    }

    private static double rssMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }
}
