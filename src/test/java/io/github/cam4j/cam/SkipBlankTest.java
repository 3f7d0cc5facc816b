package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A mostly blank picture fed as its non-blank part gives the whole picture's maps and probabilities, on both bundled
 * models, wherever the digit sits (corners, edges, sizes that are no multiple of the stride).
 */
class SkipBlankTest {
    static LabeledImages test;

    @BeforeAll
    static void readTestSet() throws Exception {
        test = Dataset.open(SharedData.mnist()).test();
    }

    /** A {@code height x width} picture, blank but for test digit {@code digit} with its top left at (y, x). */
    static float[] canvas(int height, int width, int digit, int y, int x) {
        float[] out = new float[height * width];
        for (int r = 0; r < 28; r++) {
            for (int c = 0; c < 28; c++) {
                int yy = y + r;
                int xx = x + c;
                if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
                    out[yy * width + xx] = (test.pixels()[digit * 784 + r * 28 + c] & 0xFF) / 255f;
                }
            }
        }
        return out;
    }

    @Test
    void croppedRunsMatchWholeRunsOnBothBundledModels() throws Exception {
        int[][] cases = {{120, 160, 0, 46, 66}, {120, 160, 1, 0, 0}, {120, 160, 2, 92, 132}, {118, 157, 3, 45, 71},
            {97, 131, 4, -9, 120}, {120, 160, 5, 50, 3}};
        for (String name : List.of("mnist-pooled", "mnist-unpooled")) {
            Path dir = SharedData.bundledModels().resolve(name);
            try (CamSession skipping = CamSession.builder().setModel(dir).optKeepInputSize(true).build();
                    CamSession whole = CamSession.builder().setModel(dir).optKeepInputSize(true).optSkipBlank(false)
                            .build()) {
                for (int[] k : cases) {
                    String what = name + " digit " + k[2] + " at " + k[3] + "," + k[4] + " on " + k[0] + "x" + k[1];
                    float[] pixels = canvas(k[0], k[1], k[2], k[3], k[4]);
                    assertTrue(BlankCrop.find(pixels, k[0], k[1], 1, skipping.model().localFeatures().orElseThrow())
                            .isPresent(), what + ": the picture is cropped");
                    ImageExplanation a = skipping.explainPixels(pixels, 1, k[0], k[1], Target.topK(3)).get(0);
                    ImageExplanation b = whole.explainPixels(pixels, 1, k[0], k[1], Target.topK(3)).get(0);
                    assertEquals(b.predicted(), a.predicted(), what);
                    // Float sums in another order: logits of a few units agree to 1e-4, probabilities to 1e-5.
                    for (int c = 0; c < 10; c++) {
                        assertEquals(b.logits()[c], a.logits()[c], 1e-4, what + " logit " + c);
                        assertEquals(b.probabilities()[c], a.probabilities()[c], 1e-5, what + " probability " + c);
                    }
                    for (int j = 0; j < 3; j++) {
                        CamResult ra = a.maps().get(j);
                        CamResult rb = b.maps().get(j);
                        assertEquals(rb.classIndex(), ra.classIndex(), what);
                        FloatMap rawA = ra.rawMap();
                        FloatMap rawB = rb.rawMap();
                        assertEquals(rawB.height(), rawA.height(), what);
                        assertEquals(rawB.width(), rawA.width(), what);
                        float scale = Math.max(Math.abs(rawB.max()), Math.abs(rawB.min()));
                        for (int i = 0; i < rawB.values().length; i++) {
                            // Cells far from the digit must be exactly zero in both, the rest equal to float rounding.
                            assertEquals(rawB.values()[i], rawA.values()[i], 1e-5 * scale, what + " cell " + i);
                        }
                        float[] mapA = ra.map().values();
                        float[] mapB = rb.map().values();
                        for (int i = 0; i < mapB.length; i++) {
                            assertEquals(mapB[i], mapA[i], 1e-4, what + " pixel " + i);
                        }
                        assertEquals(rb.peak()[0], ra.peak()[0], what);
                        assertEquals(rb.peak()[1], ra.peak()[1], what);
                    }
                }
            }
        }
    }
}
