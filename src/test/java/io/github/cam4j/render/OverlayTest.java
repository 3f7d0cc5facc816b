package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;

class OverlayTest {

    private static final FloatMap RAMP = new FloatMap(2, 2, new float[] {0f, 0.3f, 0.6f, 1f});

    /** A 2x2 BGR image with four different colours. */
    private static Mat colourful() {
        return TestMats.of(2, 2, CV_8UC3, new byte[] {10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120});
    }

    @Test
    void alphaZeroReturnsTheImage() {
        try (Mat image = colourful(); Mat out = Overlay.blend(image, RAMP, Colormap.JET, 0.0)) {
            // Exact: addWeighted with weights 1 and 0 reproduces 8-bit values.
            assertArrayEquals(TestMats.bytes(image), TestMats.bytes(out));
        }
    }

    @Test
    void alphaOneReturnsTheHeatmap() {
        try (Mat image = colourful();
                Mat out = Overlay.blend(image, RAMP, Colormap.JET, 1.0);
                Mat heat = Colormap.JET.apply(RAMP)) {
            assertArrayEquals(TestMats.bytes(heat), TestMats.bytes(out));
        }
    }

    @Test
    void halfAlphaAveragesImageAndHeat() {
        try (Mat image = colourful();
                Mat out = Overlay.blend(image, RAMP, Colormap.JET, 0.5);
                Mat heat = Colormap.JET.apply(RAMP)) {
            byte[] a = TestMats.bytes(image);
            byte[] h = TestMats.bytes(heat);
            byte[] o = TestMats.bytes(out);
            for (int i = 0; i < o.length; i++) {
                double mean = ((a[i] & 0xff) + (h[i] & 0xff)) / 2.0;
                // OpenCV rounds the weighted sum to the nearest integer: within 0.5 (1 allows for half-even).
                assertEquals(mean, o[i] & 0xff, 1.0, "byte " + i);
            }
        }
    }

    @Test
    void greyInputBecomesBgr() {
        try (Mat grey = TestMats.of(2, 2, CV_8UC1, new byte[] {0, 50, 100, (byte) 200});
                Mat out = Overlay.blend(grey, RAMP, Colormap.JET, 0.0)) {
            assertEquals(CV_8UC3, out.type());
            assertArrayEquals(new int[] {200, 200, 200}, TestMats.pixel(out, 1, 1));
            assertArrayEquals(new int[] {50, 50, 50}, TestMats.pixel(out, 0, 1));
        }
    }

    @Test
    void floatInputFollowsTheZeroToOneRule() {
        try (Mat unit = Resize.toMat(new FloatMap(1, 2, new float[] {0f, 1f}));
                Mat bytes = Resize.toMat(new FloatMap(1, 2, new float[] {0f, 200f}));
                Mat outUnit = Overlay.blend(unit, new FloatMap(1, 2, new float[2]), Colormap.JET, 0.0);
                Mat outBytes = Overlay.blend(bytes, new FloatMap(1, 2, new float[2]), Colormap.JET, 0.0)) {
            assertEquals(CV_32FC1, unit.type());
            assertArrayEquals(new int[] {255, 255, 255}, TestMats.pixel(outUnit, 0, 1)); // 1.0 -> 255
            assertArrayEquals(new int[] {200, 200, 200}, TestMats.pixel(outBytes, 0, 1)); // 200 stays 200
        }
    }

    /**
     * A float picture holding NaN or infinity is refused naming the pixel, as CamSession refuses it: NaN was drawn
     * black, and infinity (the scale rule then takes the picture as 0..255) made its 0..1 pixels black (helper-154).
     */
    @Test
    void aFloatPictureHoldingNanOrInfinityIsRefusedNamingThePixel() {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            try (Mat picture = Resize.toMat(new FloatMap(2, 3, new float[] {0.5f, 0.5f, 0.5f, 0.5f, bad, 0.5f}))) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Overlay.blend(picture, new FloatMap(2, 3, new float[6]), Colormap.JET, 0.0));
                assertEquals("image holds a non-finite value (NaN or infinity) at (y=1, x=1): its float pixels cannot"
                        + " be shown", e.getMessage());
            }
        }
    }

    @Test
    void smallMapIsResizedToTheImage() {
        try (Mat image = TestMats.bgr(8, 6, 0, 0, 0);
                Mat out = Overlay.blend(image, RAMP, Colormap.JET, 1.0);
                Mat expected = Colormap.JET.apply(Resize.bilinear(RAMP, 8, 6))) {
            assertEquals(8, out.rows());
            assertEquals(6, out.cols());
            assertArrayEquals(TestMats.bytes(expected), TestMats.bytes(out));
        }
    }

    @Test
    void inputIsNotModified() {
        try (Mat image = colourful(); Mat out = Overlay.blend(image, RAMP)) {
            try (Mat fresh = colourful()) {
                assertArrayEquals(TestMats.bytes(fresh), TestMats.bytes(image));
            }
        }
    }

    @Test
    void alphaOutsideUnitIntervalIsRejectedByName() {
        try (Mat image = colourful()) {
            for (double bad : new double[] {-0.1, 1.1, Double.NaN}) {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Overlay.blend(image, RAMP, Colormap.JET, bad));
                assertTrue(e.getMessage().contains("alpha"), e.getMessage());
            }
        }
    }

    /**
     * A map not scaled to [0, 1] (a raw CAM map: logit shares from -5 to 12) is refused naming where, rather than
     * clamped by the colormap into a saturated block over the picture's hot half; float rounding just past an end is
     * taken, and NaN is refused here too.
     */
    @Test
    void aMapOutsideZeroToOneIsRefusedNamingWhere() {
        try (Mat image = colourful()) {
            FloatMap raw = new FloatMap(2, 2, new float[] {-5f, 0.5f, 3f, 12f});
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Overlay.blend(image, raw, Colormap.JET, 0.5));
            assertEquals("map01 holds -5.0 at (y=0, x=0): a map laid over a picture runs from 0 to 1; give"
                    + " CamResult.map(), not rawMap(), or scale it (MapNormalizer.minMax)", e.getMessage());
            FloatMap nan = new FloatMap(2, 2, new float[] {0f, Float.NaN, 0.5f, 1f});
            assertTrue(assertThrows(IllegalArgumentException.class, () -> Overlay.blend(image, nan)).getMessage()
                    .startsWith("map01 holds NaN at (y=0, x=1)"));
            // Rounding: 1 + 1e-6 and -1e-6, what a resized or averaged map of 0..1 can come to, are still a scaled map.
            FloatMap rounded = new FloatMap(2, 2, new float[] {-1e-6f, 0.3f, 0.6f, 1.000001f});
            try (Mat out = Overlay.blend(image, rounded, Colormap.JET, 1.0);
                    Mat exact = Overlay.blend(image, RAMP, Colormap.JET, 1.0)) {
                // Pixels 0 and 3 are the colormap's ends in both; 1 and 2 are RAMP's own values.
                assertArrayEquals(TestMats.bytes(exact), TestMats.bytes(out));
            }
            try (Mat scaled = Overlay.blend(image, MapNormalizer.minMax(raw), Colormap.JET, 0.5)) {
                assertEquals(2, scaled.rows(), "the same map scaled is drawn");
            }
        }
    }

    /**
     * A grey picture with alpha, which CamSession explains, takes the overlay of its map: it was refused ("image must
     * have 1, 3 or 4 channels, has 2") after the picture had been explained. It is drawn as the picture laid on its
     * ground ({@link Images#flatten}): here a white stroke on transparency, laid on black.
     */
    @Test
    void aGreyPictureWithAlphaTakesItsOverlay() {
        // Grey, alpha pairs: an opaque white pixel, a transparent one (grey 255 under it), an opaque grey and a
        // transparent one (90 under it); the opaque pixels light and no more than half the picture, so light ink, laid
        // on black (opaque pixels covering most of it would hold a ground of their own, which the ground continues).
        try (Mat greyAlpha = TestMats.of(2, 2, org.bytedeco.opencv.global.opencv_core.CV_8UC2,
                        new byte[] {(byte) 255, (byte) 255, (byte) 255, 0, (byte) 200, (byte) 255, 90, 0});
                Mat flat = Images.flatten(greyAlpha);
                Mat out = Overlay.blend(greyAlpha, RAMP, Colormap.JET, 0.5);
                Mat expected = Overlay.blend(flat, RAMP, Colormap.JET, 0.5)) {
            assertEquals(1, flat.channels());
            assertEquals(0, TestMats.bytes(flat)[1], "the transparent pixel is laid on black, the white ink's ground");
            assertArrayEquals(TestMats.bytes(expected), TestMats.bytes(out));
        }
    }

    /** A Mat already closed is "empty", as CamSession calls it, not JavaCPP's "This pointer address is NULL". */
    @Test
    void aClosedImageIsNamedEmpty() {
        Mat image = colourful();
        image.close();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Overlay.blend(image, RAMP, Colormap.JET, 0.5));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    /**
     * A double-precision picture (CV_64F), which CamSession explains as its single-precision copy, takes its overlay as
     * that copy does: the overlay of the very picture explained was refused as "of OpenCV depth 6".
     */
    @Test
    void aDoublePictureIsBlendedAsItsFloatCopy() {
        try (Mat doubles = new Mat(2, 2, org.bytedeco.opencv.global.opencv_core.CV_64FC3);
                Mat singles = new Mat()) {
            try (org.bytedeco.javacpp.indexer.DoubleIndexer px = doubles.createIndexer()) {
                for (int i = 0; i < 12; i++) {
                    px.put(i / 6, (i / 3) % 2, i % 3, i / 11.0);
                }
            }
            doubles.convertTo(singles, org.bytedeco.opencv.global.opencv_core.CV_32F);
            try (Mat fromDoubles = Overlay.blend(doubles, RAMP); Mat fromSingles = Overlay.blend(singles, RAMP)) {
                assertArrayEquals(TestMats.bytes(fromSingles), TestMats.bytes(fromDoubles));
            }
        }
    }

    @Test
    void blendLeaksNoNativeMemory() {
        try (Mat image = TestMats.bgr(28, 28, 10, 20, 30)) {
            FloatMap cam = new FloatMap(7, 7, new float[49]);
            TestMats.assertNoLeak(() -> Overlay.blend(image, cam, Colormap.VIRIDIS, 0.4).close());
        }
    }

    /**
     * Pictures CamSession refuses were blended without a word: a 2x28x28 Mat as a 2-row picture 28 columns wide, and
     * signed 16-bit pixels saturated to 8 bits (helper-166).
     */
    @Test
    void picturesCamSessionRefusesAreRefusedHereToo() {
        try (Mat cube = new Mat(new int[] {2, 28, 28}, CV_8UC1);
                Mat signed = new Mat(28, 28, org.bytedeco.opencv.global.opencv_core.CV_16SC1)) {
            IllegalArgumentException three = assertThrows(IllegalArgumentException.class, () -> Overlay.blend(cube, RAMP));
            assertEquals("image has 3 dimensions; a picture has 2 (rows x columns)", three.getMessage());
            IllegalArgumentException depth = assertThrows(IllegalArgumentException.class,
                    () -> Overlay.blend(signed, RAMP));
            assertTrue(depth.getMessage().startsWith("image has signed 16-bit pixels; an overlay is laid on 8-bit,"),
                    depth.getMessage());
        }
    }
}
