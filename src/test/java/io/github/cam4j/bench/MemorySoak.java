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
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.MemorySoak [count] [model] [batch]} (default 100000, mnist-pooled,
 * 1). A batch above 1 explains lists of Mats: the parallel path, whose worker threads keep per-thread buffers.
 */
public final class MemorySoak {
    private MemorySoak() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String model = args.length > 1 ? args[1] : "mnist-pooled";
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        List<Mat> digits = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            Mat m = new Mat(28, 28, opencv_core.CV_8UC1);
            try (BytePointer data = new BytePointer(m.data())) {
                data.put(test.pixels(), i * 784, 784);
            }
            digits.add(m);
        }
        System.out.printf(Locale.ROOT, "%10s %12s %16s %10s%n", "explained", "rss_mib", "javacpp_phys_mib", "seconds");
        long start = System.nanoTime();
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve(model)).build()) {
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
