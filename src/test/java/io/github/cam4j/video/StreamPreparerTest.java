package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.github.cam4j.cam.Invert;
import io.github.cam4j.savedmodel.InputSpec;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Test;

class StreamPreparerTest {
    /**
     * Ink whose brightest pixel has risen a quarter since the scale was measured is measured again, whatever a black
     * pixel is fed as. A model fed -1..1 (pixels x 2/255 - 1) feeds black as -1 and dim ink below 0: its brightness was
     * read from 0, not from -1, so a square at grey 90 (0.71 above black as fed) counted as 1.0, and the same frame's
     * ink brightened to grey 120 (0.94, a third brighter) was not measured again. The second square is twice the first's
     * side, so measured again it is fed at another size.
     */
    @Test
    void inkThatBrightensIsMeasuredAgainOnAModelFedFromMinusOne() {
        InputSpec minusOneToOne = new InputSpec(28, 28, 1, 2f / 255f, -1f, true);
        StreamPreparer stream = new StreamPreparer(
                new FramePreparer(minusOneToOne, Invert.NEVER, Scale.auto(), null, 4, 0.1), minusOneToOne);
        try (Mat dim = square(20, 90); Mat brighter = square(40, 120)) {
            FramePreparer.Prepared first = stream.prepare(dim);
            FramePreparer.Prepared second = stream.prepare(brighter);
            assertNotEquals(first.height(), second.height(), "measured again on the brighter, larger square");
            // Measured again only once: a third frame like the second keeps its size.
            assertEquals(second.height(), stream.prepare(brighter).height());
        }
    }

    /** @return a black 240x320 frame holding a grey square of this side and level at its centre */
    private static Mat square(int side, int level) {
        Mat frame = new Mat(240, 320, opencv_core.CV_8UC1, new Scalar(0));
        try (Mat inside = new Mat(frame, new Rect(160 - side / 2, 120 - side / 2, side, side))) {
            inside.put(new Scalar(level));
        }
        return frame;
    }
}
