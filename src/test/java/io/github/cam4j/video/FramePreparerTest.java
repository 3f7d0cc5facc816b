package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.Invert;
import io.github.cam4j.savedmodel.InputSpec;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgproc;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
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
            assertEquals(230f / 255f, a.values()[50 * 160 + 70], 1e-6f, "ink untouched");
        }
    }
}
