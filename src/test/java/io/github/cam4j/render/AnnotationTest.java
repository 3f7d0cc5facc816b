package io.github.cam4j.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class AnnotationTest {

    /** A 100x100 grey picture and a map hottest at {@code (y, x)}. */
    private static Mat drawn(int y, int x) {
        float[] values = new float[100 * 100];
        values[y * 100 + x] = 1f;
        try (Mat grey = TestMats.bgr(100, 100, 128, 128, 128)) {
            return Annotation.draw(grey, new FloatMap(100, 100, values), Optional.empty(), new int[] {y, x}, "7  p=0.998",
                    Colormap.DEFAULT, 0.0);
        }
    }

    @Test
    void theCaptionMovesDownWhenTheHottestPointIsUnderIt() {
        try (Mat top = drawn(3, 10); Mat low = drawn(80, 10)) {
            int band = Draw.labelHeight(top, "7  p=0.998");
            assertTrue(band > 3 && band < 50, "band " + band);
            // The peak near the top: the cross shows (white at its centre) and the band sits at the bottom.
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(top, 3, 10));
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(top, 99, 0));
            assertArrayEquals(new int[] {128, 128, 128}, TestMats.pixel(top, 0, 99));
            // The peak lower down: the band stays at the top.
            assertArrayEquals(new int[] {32, 32, 32}, TestMats.pixel(low, 0, 0));
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(low, 80, 10));
        }
    }

    @Test
    void theCrossShowsOverTheCaptionOnATinyPicture() {
        float[] values = new float[28 * 28];
        values[14 * 28 + 3] = 1f;
        try (Mat digit = TestMats.bgr(28, 28, 0, 0, 0);
                Mat shown = Annotation.draw(digit, new FloatMap(28, 28, values), Optional.empty(), new int[] {14, 3},
                        "7  p=0.998", Colormap.DEFAULT, 0.0)) {
            assertEquals(255, TestMats.pixel(shown, 14, 3)[0]);
        }
    }
}
