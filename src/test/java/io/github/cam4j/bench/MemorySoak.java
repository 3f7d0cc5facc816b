package io.github.cam4j.bench;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Target;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;

/**
 * Explains N images one Mat at a time (the path that allocates the most native objects per image: a Mat, its
 * conversions, the input tensor, the run's result) and prints the process's resident memory, JavaCPP's count of
 * physical bytes and the Java heap after a collection every tenth of the way ({@link MemoryCheckpoints}), so a leak
 * shows as a climb.
 *
 * <p>Run: {@code java -cp ... io.github.cam4j.bench.MemorySoak [--method M] [--layers a,b] [--smooth aug,eigen] [count]
 * [model] [batch] [HxW]} (default cam, the model's one layer, 100000, mnist-pooled, 1, 28x28). The model is a bundled model's name, a
 * folder of the shared Keras SavedModels' ({@code mnist-conv-head-gap}), or a path. {@code --method} is one of
 * {@link SoakMethods}' (Grad-CAM's and its kin's gradients, Score-CAM's masked runs, Eigen-CAM, a pixel method...);
 * {@code --layers} fuses those layers' maps ({@code CamSession.Builder#optLayers}); {@code --smooth} adds aug smoothing,
 * eigen smoothing or both ({@link SoakMethods#smooth}). A batch above 1 explains lists of
 * Mats: the parallel path, whose worker threads keep per-thread buffers. A canvas larger than 28x28 pastes each digit at
 * a seeded random place of a black canvas of that size and feeds it at its own size: single canvases then take the
 * blank-skipping path, a crop of a different place and often a different shape each time.
 */
public final class MemorySoak {
    private MemorySoak() {}

    public static void main(String[] arguments) throws Exception {
        List<String> args = new ArrayList<>(Arrays.asList(arguments));
        String method = flag(args, "--method", "cam");
        String layerList = flag(args, "--layers", "");
        String smoothing = flag(args, "--smooth", "");
        List<String> layers = layerList.isEmpty() ? List.of() : List.of(layerList.split(","));
        int count = args.size() > 0 ? Integer.parseInt(args.get(0)) : 100_000;
        Path model = model(args.size() > 1 ? args.get(1) : "mnist-pooled");
        int batch = args.size() > 2 ? Integer.parseInt(args.get(2)) : 1;
        String[] canvas = (args.size() > 3 ? args.get(3) : "28x28").split("x");
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
        System.out.println("method " + method + (layers.isEmpty() ? "" : " at layers " + layers)
                + (smoothing.isEmpty() ? "" : ", smoothing " + smoothing) + ", model " + model
                + ", batch " + batch + ", " + height + "x" + width);
        CamSession.Builder builder = SoakMethods.smooth(SoakMethods.set(CamSession.builder(), method, layers), smoothing)
                .setModel(model)
                .optKeepInputSize(height != 28 || width != 28);
        try (CamSession cam = builder.build()) {
            MemoryCheckpoints checkpoints = new MemoryCheckpoints("explained");
            int reportEvery = Math.max(batch, count / 10 / batch * batch);
            for (int i = 0; i <= count; i += batch) {
                if (i % reportEvery == 0) {
                    checkpoints.print(i);
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

    /** @return a bundled model's folder, else a shared Keras SavedModel's, else the path as given */
    static Path model(String name) {
        Path bundled = SharedData.bundledModels().resolve(name);
        Path keras = SharedData.kerasSavedModels().resolve(name);
        return Files.isDirectory(bundled) ? bundled : Files.isDirectory(keras) ? keras : Path.of(name);
    }

    /** @return the value after {@code name} in {@code args}, both taken out of them; {@code otherwise} without it */
    static String flag(List<String> args, String name, String otherwise) {
        int at = args.indexOf(name);
        if (at < 0) {
            return otherwise;
        }
        String value = args.get(at + 1);
        args.subList(at, at + 2).clear();
        return value;
    }
}
