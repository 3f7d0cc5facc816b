package io.github.cam4j.bench;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;

import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.DigitPhotos;
import io.github.cam4j.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

/**
 * Resident memory over many photos explained through digit framing ({@code Framing.AUTO}): 50 synthetic phone photos
 * (light falling off by 0.4, shrunk to 160x120) explained in turn, JavaCPP's physical bytes printed five times. Every
 * Mat the framing makes per picture must be closed, or the figure climbs.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.FramingSoak [count] [model]}.
 */
public final class FramingSoak {
    private FramingSoak() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        String model = args.length > 1 ? args[1] : "mnist-pooled";
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        Random random = new Random(2);
        List<Mat> photos = new ArrayList<>();
        try (Size size = new Size(160, 120)) {
            for (int i = 0; i < 50; i++) {
                DigitPhotos.Photo p = DigitPhotos.of(test, i, random, 0.4);
                Mat small = new Mat();
                try (Mat picture = p.picture()) {
                    opencv_imgproc.resize(picture, small, size, 0, 0, INTER_AREA);
                }
                photos.add(small);
            }
        }
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve(model)).build()) {
            long start = System.nanoTime();
            for (int i = 1; i <= count; i++) {
                CamResult r = cam.explain(photos.get(i % photos.size()));
                r.map();
                if (i % Math.max(1, count / 5) == 0) {
                    System.out.printf(Locale.ROOT, "%d framed photos: physicalBytes %.1f MiB, %.2f ms each%n", i,
                            Pointer.physicalBytes() / 1048576.0, (System.nanoTime() - start) / 1e6 / i);
                }
            }
        } finally {
            photos.forEach(Mat::close);
        }
    }
}
