package io.github.cam4j.cam;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.FreshThread;
import io.github.cam4j.testing.SharedData;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

/**
 * JavaCV code commonly frees its Mats by wrapping its work in a {@link PointerScope}. cam4j keeps native buffers from
 * call to call on each thread (the upsampling's Mats, the dot products' column and output); the first explanation on a
 * thread makes them, and when that happens inside the caller's scope they must outlive it. On a fresh thread, every
 * kind of explanation the bundled model offers (one Mat, a mostly blank picture fed as its crop, a batch on the
 * parallel path, a photo framed as MNIST framed its digits) is made inside a scope, then again after the scope has
 * closed; the maps equal those made on another fresh thread without any scope, to the last bit (the same arithmetic
 * on the same input).
 */
class PointerScopeTest {

    @Test
    void explanationsAfterACallersScopeClosedAreTheSameAsWithoutOne() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        try (CamSession session = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .build();
                CamSession framing = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                        .optFraming(Framing.DIGIT).build()) {
            List<float[]> reference = FreshThread.call(() -> explainEveryWay(session, framing, test));
            List<float[]> afterScope = FreshThread.call(() -> {
                try (PointerScope scope = new PointerScope()) {
                    explainEveryWay(session, framing, test);
                }
                return explainEveryWay(session, framing, test);
            });
            assertEquals(reference.size(), afterScope.size());
            for (int i = 0; i < reference.size(); i++) {
                assertArrayEquals(reference.get(i), afterScope.get(i), "map " + i + " after the caller's scope closed");
            }
        }
    }

    /**
     * TensorFlow Java's graph and session are JavaCPP pointers too. A session opened inside a caller's scope, a
     * bundled model's and an imported Keras model's, still explains after the scope closed, as one opened outside
     * any scope does (a freed session would fail, or crash the JVM, on its first run).
     */
    @Test
    void aSessionOpenedInsideACallersScopeOutlivesIt() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        for (java.nio.file.Path model : List.of(SharedData.bundledModels().resolve("mnist-unpooled"),
                SharedData.kerasSavedModels().resolve("mnist-conv-head-gap"))) {
            float[] digit = test.imageAsFloats(3);
            float[] reference;
            try (CamSession outside = CamSession.builder().setModel(model).build()) {
                reference = outside.explainPixels(digit, 1, 28, 28, Target.predicted()).get(0).first().map().values();
            }
            float[] afterScope = FreshThread.call(() -> {
                CamSession opened;
                try (PointerScope scope = new PointerScope()) {
                    opened = CamSession.builder().setModel(model).build();
                }
                try (CamSession session = opened) {
                    return session.explainPixels(digit, 1, 28, 28, Target.predicted()).get(0).first().map().values();
                }
            });
            // Two sessions opened apart, on two threads, need not sum in the same order: one CI run (stop 64) saw
            // 0.5148131 against 0.5148132 on a [0, 1] map. A freed session would fail or crash, not differ by a float's
            // last digit, so a millionth (about 8 float ulps near 1) still tells a working session from a broken one.
            assertArrayEquals(reference, afterScope, 1e-6f,
                    "map of " + model.getFileName() + " after the scope it was opened in closed");
        }
    }

    /** @return every map made, in order */
    private static List<float[]> explainEveryWay(CamSession session, CamSession framing, LabeledImages test)
            throws CamException {
        List<float[]> maps = new ArrayList<>();
        try (Mat digit = digit(test, 0, false)) {
            maps.add(session.explain(digit).map().values());
        }
        float[] canvas = new float[120 * 160];
        float[] one = test.imageAsFloats(1);
        for (int r = 0; r < 28; r++) {
            System.arraycopy(one, r * 28, canvas, (40 + r) * 160 + 70, 28);
        }
        maps.add(session.explainPixels(canvas, 1, 120, 160, Target.predicted()).get(0).first().map().values());
        float[] batch = new float[16 * 784];
        for (int i = 0; i < 16; i++) {
            System.arraycopy(test.imageAsFloats(i), 0, batch, i * 784, 784);
        }
        for (ImageExplanation e : session.explainPixels(batch, 16, 28, 28, Target.topK(2))) {
            maps.add(e.maps().get(0).map().values());
            maps.add(e.maps().get(1).map().values());
        }
        try (Mat photo = digit(test, 2, true)) {
            maps.add(framing.explain(photo).map().values());
        }
        return maps;
    }

    /** Test digit {@code index} as an 8-bit grey Mat: MNIST's own 28x28, or dark ink on a light 100x140 page. */
    private static Mat digit(LabeledImages test, int index, boolean onPaper) {
        int height = onPaper ? 100 : 28;
        int width = onPaper ? 140 : 28;
        byte[] pixels = new byte[height * width];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = y - (onPaper ? 36 : 0);
                int c = x - (onPaper ? 56 : 0);
                int ink = r >= 0 && r < 28 && c >= 0 && c < 28 ? test.pixels()[index * 784 + r * 28 + c] & 0xFF : 0;
                pixels[y * width + x] = (byte) (onPaper ? 230 - ink * 200 / 255 : ink);
            }
        }
        Mat mat = new Mat(height, width, CV_8UC1);
        try (BytePointer data = new BytePointer(mat.data())) {
            data.put(pixels);
        }
        return mat;
    }
}
