package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.IdxReader;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.FloatMap;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link CamResult#positiveMap()}: Grad-CAM's colouring, {@code max(cam, 0) / max(cam)}. Min-max colouring gives the
 * ground around a digit the colour of wherever 0 falls between the map's extremes (olive around the unpooled model's
 * 5, blue around its 7); here 0 is 0 in every picture, and the box's cut is the map's contour.
 */
class PositiveMapTest {
    private static final int DIGITS = 100;

    @Test
    void zeroStaysZeroAndTheMaximumIsOne() {
        // CamResultTest's map: background 1, one cell -5, a hot block of 10; placed one cell per pixel.
        CamResult r = CamResultTest.result();
        float[] p = r.positiveMap().values();
        assertEquals(1f, p[6], 1e-6f, "the hot block at its maximum");
        assertEquals(0.1f, p[0], 1e-6f, "the background, 1 of 10");
        assertEquals(0f, p[4], 0f, "the negative cell, cut at 0");
        // Its min-max map puts the background at (1 + 5) / 15 = 0.4 instead.
        assertEquals(0.4f, r.map().values()[0], 1e-6f);
    }

    private static List<ImageExplanation> explainFirstDigits(String model) throws Exception {
        Path mnist = SharedData.mnist();
        LabeledImages test = IdxReader.read(mnist.resolve("t10k-images-idx3-ubyte.gz"),
                mnist.resolve("t10k-labels-idx1-ubyte.gz"));
        float[] pixels = new float[DIGITS * 784];
        for (int i = 0; i < DIGITS; i++) {
            System.arraycopy(test.imageAsFloats(i), 0, pixels, i * 784, 784);
        }
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve(model)).build()) {
            List<ImageExplanation> explained = cam.explainPixels(pixels, DIGITS, 28, 28, Target.predicted());
            explained.forEach(e -> e.first().map());
            return explained;
        }
    }

    @Test
    void onTheUnpooledModelTheGroundIsZero() throws Exception {
        int groundNotZeroInMinMax = 0;
        for (ImageExplanation e : explainFirstDigits("mnist-unpooled")) {
            CamResult r = e.first();
            FloatMap positive = r.positiveMap();
            assertEquals(1f, positive.max(), 1e-6f);
            // The raw map placed at pixel resolution, read at the corner: where it is not above 0, so is the map.
            FloatMap up = io.github.cam4j.render.Resize.placed(r.rawMap(), 28, 28, r.placement());
            for (int k : new int[] {0, 27, 27 * 28, 28 * 28 - 1}) {
                if (up.values()[k] <= 0) {
                    assertEquals(0f, positive.values()[k], 0f, "corner pixel " + k);
                    groundNotZeroInMinMax += r.map().values()[k] > 0.05f ? 1 : 0;
                }
            }
        }
        System.out.println("unpooled, first " + DIGITS + " digits: corner pixels of raw value <= 0 coloured above 0.05"
                + " of the min-max scale: " + groundNotZeroInMinMax);
        assertTrue(groundNotZeroInMinMax > 0, "the min-max map colours some of that ground, which is the point");
    }
}
