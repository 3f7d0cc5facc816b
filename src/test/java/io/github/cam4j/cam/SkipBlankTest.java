package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Box;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.bytedeco.opencv.opencv_core.Mat;
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

    /**
     * A digit at its own size on a large picture, kept at its size, is found: the blur that asks whether a picture
     * holds ink followed the picture's size (13 pixels at 2000x2000) and smeared the strokes under the ink level, and
     * the digit was explained as a blank picture (class 0 at p=0.1, no box, no warning).
     */
    @Test
    void aDigitOnALargePictureKeptAtItsSizeIsFound() throws Exception {
        try (CamSession keep = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optKeepInputSize(true).build()) {
            for (int side : new int[] {2000, 3000}) {
                float[] raw = canvas(side, side, 0, 1000, 1000);
                byte[] bytes = new byte[raw.length];
                for (int i = 0; i < raw.length; i++) {
                    bytes[i] = (byte) Math.round(raw[i] * 255);
                }
                try (Mat picture = new Mat(side, side, org.bytedeco.opencv.global.opencv_core.CV_8UC1)) {
                    picture.data().put(bytes);
                    CamResult r = keep.explain(picture);
                    assertEquals(7, r.classIndex(), side + ": " + r);
                    Box box = r.box(0.2).orElseThrow(() -> new AssertionError(side + ": no box for " + r));
                    // Test digit 0's ink box lies at columns 1006..1020, rows 1007..1029 of the picture: the CAM box
                    // reaches into it, within the pooled map's 4-pixel cells.
                    assertTrue(box.intersect(new Box(1006, 1007, 15, 23)).width() > 0, side + ": " + box);
                }
            }
        }
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
