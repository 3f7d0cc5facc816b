package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class ColormapTest {

    @Test
    void jetOfZeroIsDarkBlue() {
        try (Mat m = Colormap.JET.apply(new FloatMap(1, 1, new float[] {0f}))) {
            int[] bgr = TestMats.pixel(m, 0, 0);
            // JET starts at half-intensity blue (about 128, 0, 0); thresholds leave room for LUT rounding.
            assertTrue(bgr[0] >= 100 && bgr[1] <= 30 && bgr[2] <= 30, "BGR " + bgr[0] + "," + bgr[1] + "," + bgr[2]);
        }
    }

    @Test
    void jetOfOneIsDarkRed() {
        try (Mat m = Colormap.JET.apply(new FloatMap(1, 1, new float[] {1f}))) {
            int[] bgr = TestMats.pixel(m, 0, 0);
            assertTrue(bgr[2] >= 100 && bgr[1] <= 30 && bgr[0] <= 30, "BGR " + bgr[0] + "," + bgr[1] + "," + bgr[2]);
        }
    }

    @Test
    void outOfRangeValuesAreClamped() {
        try (Mat m = Colormap.JET.apply(new FloatMap(1, 4, new float[] {-0.5f, 0f, 1f, 1.5f}))) {
            assertArrayEquals(TestMats.pixel(m, 0, 1), TestMats.pixel(m, 0, 0));
            assertArrayEquals(TestMats.pixel(m, 0, 2), TestMats.pixel(m, 0, 3));
        }
    }

    @Test
    void everyColormapDrawsABgrImageOfTheMapSize() {
        FloatMap ramp = new FloatMap(2, 3, new float[] {0, 0.2f, 0.4f, 0.6f, 0.8f, 1});
        for (Colormap c : Colormap.values()) {
            try (Mat m = c.apply(ramp)) {
                assertEquals(CV_8UC3, m.type(), c.name());
                assertEquals(2, m.rows(), c.name());
                assertEquals(3, m.cols(), c.name());
            }
        }
    }

    @Test
    void byNameIgnoresCaseAndAcceptsDashes() {
        assertSame(Colormap.JET, Colormap.byName("jet"));
        assertSame(Colormap.VIRIDIS, Colormap.byName("Viridis"));
        assertSame(Colormap.TWILIGHT_SHIFTED, Colormap.byName("twilight-shifted"));
        assertSame(Colormap.DEEPGREEN, Colormap.byName(" DEEPGREEN "));
    }

    @Test
    void byNameUnknownListsValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Colormap.byName("jett"));
        String msg = e.getMessage();
        assertTrue(msg.contains("jett"), msg);
        for (Colormap c : Colormap.values()) {
            assertTrue(msg.contains(c.name().toLowerCase()), msg + " lacks " + c);
        }
    }

    @Test
    void theCachedTableColoursExactlyAsApplyColorMapDoes() {
        try (Mat levels = new Mat(37, 53, org.bytedeco.opencv.global.opencv_core.CV_8UC1);
                Mat low = new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_64F, new org.bytedeco.opencv.opencv_core.Scalar(0));
                Mat high = new Mat(1, 1, org.bytedeco.opencv.global.opencv_core.CV_64F,
                        new org.bytedeco.opencv.opencv_core.Scalar(256))) {
            org.bytedeco.opencv.global.opencv_core.randu(levels, low, high);
            for (Colormap c : Colormap.values()) {
                try (Mat expected = new Mat(); Mat actual = new Mat(); Mat diff = new Mat()) {
                    org.bytedeco.opencv.global.opencv_imgproc.applyColorMap(levels, expected, c.openCvCode());
                    c.applyTo(levels, actual);
                    c.applyTo(levels, actual); // the second call uses the cached table
                    org.bytedeco.opencv.global.opencv_core.absdiff(expected, actual, diff);
                    try (Mat flat = diff.reshape(1, 0)) {
                        assertEquals(0, org.bytedeco.opencv.global.opencv_core.countNonZero(flat), c.name());
                    }
                }
            }
        }
    }

    /**
     * The colours' table is built on first use and kept for the process. JavaCV code often frees its Mats by wrapping
     * work in a {@link PointerScope}; a table first built inside one must outlive it, or every later overlay fails.
     * Which test builds a table first depends on the order the tests run in, so this one forgets TWILIGHT's table
     * (by reflection: the cache has no other way back to empty) and builds it inside a scope.
     */
    @Test
    void aTableFirstBuiltInsideACallersPointerScopeOutlivesIt() throws Exception {
        java.lang.reflect.Field table = Colormap.class.getDeclaredField("table");
        table.setAccessible(true);
        table.set(Colormap.TWILIGHT, null);
        try (Mat levels = new Mat(3, 4, org.bytedeco.opencv.global.opencv_core.CV_8UC1,
                new org.bytedeco.opencv.opencv_core.Scalar(200));
                Mat expected = new Mat();
                Mat actual = new Mat();
                Mat diff = new Mat()) {
            org.bytedeco.opencv.global.opencv_imgproc.applyColorMap(levels, expected, Colormap.TWILIGHT.openCvCode());
            try (PointerScope scope = new PointerScope(); Mat inScope = new Mat()) {
                Colormap.TWILIGHT.applyTo(levels, inScope);
            }
            Colormap.TWILIGHT.applyTo(levels, actual);
            org.bytedeco.opencv.global.opencv_core.absdiff(expected, actual, diff);
            try (Mat flat = diff.reshape(1, 0)) {
                assertEquals(0, org.bytedeco.opencv.global.opencv_core.countNonZero(flat));
            }
        }
    }

    @Test
    void defaultIsJet() {
        assertSame(Colormap.JET, Colormap.DEFAULT);
    }

    @Test
    void nanIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Colormap.JET.apply(new FloatMap(1, 1, new float[] {Float.NaN})));
    }

    /**
     * Levels applyTo cannot colour are named as such: float or 3-channel levels failed with an OpenCV assertion from
     * lut.cpp or color.cpp, empty ones with color.cpp's "!_src.empty()", and a closed Mat (levels or the output) with
     * JavaCPP's "Pointer address of argument 0 is NULL", none of which said which argument was wrong.
     */
    @Test
    void levelsItCannotColourAreNamed() {
        try (Mat out = new Mat(); Mat empty = new Mat();
                Mat floats = new Mat(2, 2, org.bytedeco.opencv.global.opencv_core.CV_32FC1);
                Mat bgr = new Mat(2, 2, CV_8UC3); Mat levels = new Mat(2, 2, org.bytedeco.opencv.global.opencv_core.CV_8UC1)) {
            Mat closed = new Mat(2, 2, org.bytedeco.opencv.global.opencv_core.CV_8UC1);
            closed.close();
            assertEquals("levels8u is empty (or closed): give the 8-bit levels to colour",
                    assertThrows(IllegalArgumentException.class, () -> Colormap.JET.applyTo(empty, out)).getMessage());
            assertEquals("levels8u is empty (or closed): give the 8-bit levels to colour",
                    assertThrows(IllegalArgumentException.class, () -> Colormap.JET.applyTo(closed, out)).getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Colormap.JET.applyTo(floats, out)).getMessage()
                    .startsWith("levels8u is 32-bit float, 1 channel; colours are looked up for"
                            + " single-channel 8-bit levels"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Colormap.JET.applyTo(bgr, out)).getMessage()
                    .startsWith("levels8u is 8-bit, 3 channels; colours"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Colormap.JET.applyTo(levels, closed))
                    .getMessage().startsWith("bgr is closed"));
        }
    }

    @Test
    void applyLeaksNoNativeMemory() {
        FloatMap m = new FloatMap(28, 28, new float[28 * 28]);
        TestMats.assertNoLeak(() -> Colormap.JET.apply(m).close());
    }
}
