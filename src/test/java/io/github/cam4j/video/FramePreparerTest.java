package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.Invert;
import io.github.cam4j.savedmodel.InputSpec;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

class FramePreparerTest {
    @Test
    void shrinkingByAWholeFactorFirstStaysCloseToOneAreaAverage() {
        try (Mat noise = new Mat(480, 640, opencv_core.CV_8UC1);
                Mat low = new Mat(1, 1, opencv_core.CV_64F, new Scalar(0));
                Mat high = new Mat(1, 1, opencv_core.CV_64F, new Scalar(256));
                Mat image = new Mat();
                Mat direct = new Mat();
                Mat diff = new Mat();
                Size size = new Size(148, 112)) {
            opencv_core.randu(noise, low, high);
            // Strokes and blobs, not pixel noise: what frames hold.
            opencv_imgproc.GaussianBlur(noise, image, new Size(0, 0), 3);
            opencv_imgproc.resize(image, direct, size, 0, 0, opencv_imgproc.INTER_AREA);
            try (Mat twoStep = FramePreparer.resize(image, 112, 148)) {
                assertEquals(112, twoStep.rows());
                assertEquals(148, twoStep.cols());
                opencv_core.absdiff(direct, twoStep, diff);
                double mean = opencv_core.mean(diff).get(0);
                // Both average the same 4.3 x 4.3 pixel areas, with the area split in two steps: on smooth content
                // the difference is a rounding or two.
                assertTrue(mean < 1.0, "mean difference " + mean + " levels");
            }
        }
    }

    @Test
    void faintBackgroundBecomesBlankAndInkIsKept() {
        InputSpec mnist = InputSpec.mnist();
        try (Mat frame = new Mat(120, 160, opencv_core.CV_8UC1, new Scalar(20))) {
            // A bright square on a faint (20 / 255 = 8 %) background, as H.264 leaves black.
            try (Mat square = new Mat(frame, new org.bytedeco.opencv.opencv_core.Rect(60, 40, 20, 20))) {
                square.put(new Scalar(230));
            }
            FramePreparer floored = new FramePreparer(mnist, Invert.NEVER, Scale.of(1), null, 4, 0.1);
            FramePreparer kept = new FramePreparer(mnist, Invert.NEVER, Scale.of(1), null, 4, 0);
            FramePreparer.Prepared a = floored.prepare(frame);
            FramePreparer.Prepared b = kept.prepare(frame);
            assertEquals(0f, a.values()[0], "background cleared");
            assertEquals(20f / 255f, b.values()[0], 1e-6f, "background kept with floor 0");
            assertEquals((230f - 20f) / 255f, a.values()[50 * 160 + 70], 1e-6f, "ink above the ground, the ground's level off");
            assertEquals(230f / 255f, b.values()[50 * 160 + 70], 1e-6f, "ink untouched with floor 0");
        }
    }

    @Test
    void paperBecomesBlankOnceInvertedAndItsLevelTakenOff() {
        // Grey paper (200) with grain (+-8, checkerboard) and a dark stroke (40), as a camera sees a written digit.
        try (Mat frame = new Mat(120, 160, opencv_core.CV_8UC1)) {
            try (org.bytedeco.javacpp.indexer.UByteIndexer px = frame.createIndexer()) {
                for (int y = 0; y < 120; y++) {
                    for (int x = 0; x < 160; x++) {
                        boolean stroke = x >= 70 && x < 76 && y >= 30 && y < 90;
                        px.put(y, x, stroke ? 40 : 200 + ((x + y) % 2 == 0 ? 8 : -8));
                    }
                }
            }
            FramePreparer.Prepared p = new FramePreparer(InputSpec.mnist(), Invert.AUTO, Scale.of(1), null, 4, 0.1)
                    .prepare(frame);
            assertTrue(p.inverted(), "light paper is inverted for a light-on-dark model");
            int blank = 0;
            for (int y = 0; y < 120; y++) {
                for (int x = 0; x < 160; x++) {
                    boolean stroke = x >= 70 && x < 76 && y >= 30 && y < 90;
                    float v = p.values()[y * 160 + x];
                    if (stroke) {
                        // Inverted paper reads 55 +- 8 (median 47 or 63 by the grain's phase); the stroke 215.
                        assertTrue(v > 140f / 255f, "stroke at " + x + "," + y + " is " + v * 255);
                    } else {
                        blank += v == 0f ? 1 : 0;
                    }
                }
            }
            // Without the ground taken off, inverted paper (47..63 of 255) stays above the 10 % floor everywhere.
            assertEquals(120 * 160 - 6 * 60, blank, "every paper pixel blank");
        }
    }

    /**
     * A scale far outside typed ones is said readably: --scale 1e308 gave three hundred digits and
     * "9223372036854775807x9223372036854775807 (Infinity megapixels)", --scale 1e-9 "scaled by 0.000".
     */
    @Test
    void extremeScalesAreSaidReadably() {
        IllegalArgumentException huge = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FramePreparer.fedSize(io.github.cam4j.video.Scale.of(1e308), null, 120, 160, 1));
        assertEquals("a 160x120 region scaled by 1.00e+308 is far larger, above the 2048x2048 pixels the model is fed at"
                + " most: lower the scale", huge.getMessage());
        IllegalArgumentException tiny = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FramePreparer.fedSize(io.github.cam4j.video.Scale.of(1e-9), null, 120, 160, 1));
        assertEquals("a 160x120 region scaled by 1.00e-09 is 1x1, below the 8x8 the model needs: raise the scale",
                tiny.getMessage());
    }

    /**
     * The automatic scale takes a digit for a quarter of the frame's height; on a strip of a frame that put the fed
     * picture beyond what the model takes, and the user, who had set no scale, was told to change it (helper-156's
     * audit: 8000x16 scaled by 7, 16x8000 by 0.014). It now stays within the limits, measured scales too; a scale
     * the user gives is still used as given, or refused.
     */
    @Test
    void theAutomaticScaleStaysWithinWhatTheModelIsFed() {
        // 8000x16: 7 would feed 56000x112; the most is 2048 x 2048 pixels, so sqrt(2048^2 / 128000) = 5.72.
        int[] wide = FramePreparer.fedSize(Scale.auto(), null, 16, 8000, 4);
        // Within 1 %: the sides are rounded to the model's cells after scaling, 91.5 rows to 92.
        assertTrue((long) wide[0] * wide[1] <= 2048L * 2048 * 1.01, java.util.Arrays.toString(wide));
        assertEquals(92, wide[0], "16 x 5.72 = 91.5, rounded to the model's 4-pixel cells");
        // 16x8000: 0.014 would feed 1x112; the least is 8 pixels across, a factor of 0.5.
        assertEquals(List.of(4000, 8), List.of(FramePreparer.fedSize(Scale.auto(), null, 8000, 16, 4)[0],
                FramePreparer.fedSize(Scale.auto(), null, 8000, 16, 4)[1]));
        // What the rule measured on a stream's ink is kept within them too.
        assertEquals(8, FramePreparer.fedSize(Scale.measured(0.001), null, 8000, 16, 4)[1]);
        // A frame of the usual shape is fed as before: 112 rows.
        assertEquals(List.of(112, 148), List.of(FramePreparer.fedSize(Scale.auto(), null, 480, 640, 4)[0],
                FramePreparer.fedSize(Scale.auto(), null, 480, 640, 4)[1]));
        // Given by the user, the scale is the user's.
        assertThrows(IllegalArgumentException.class, () -> FramePreparer.fedSize(Scale.of(7), null, 16, 8000, 4));
        // A shape no scale can feed is said to be one, with what to do.
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> FramePreparer.fedSize(Scale.auto(), null, 16, 4_000_000, 4));
        assertEquals("a 4000000x16 region cannot be fed to the model at any scale: with its shorter side at the 8"
                + " pixels the model needs, it is 16.0 megapixels, above the 2048x2048 it is fed at most; explain a part"
                + " of it (--roi x,y,w,h)", none.getMessage());
    }
}
