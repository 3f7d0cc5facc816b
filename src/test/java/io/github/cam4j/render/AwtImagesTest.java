package io.github.cam4j.render;

import static org.bytedeco.opencv.global.opencv_core.CV_16UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_32FC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacpp.indexer.UShortIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AwtImagesTest {
    @TempDir
    Path tmp;

    /** A grey PNG through ImageIO gives the Mat OpenCV reads from the same file, value for value (no gamma). */
    @Test
    void aGreyPngReadByImageIoIsTheMatOpenCvReads() throws Exception {
        Path png = tmp.resolve("ramp.png");
        try (Mat ramp = new Mat(16, 16, CV_8UC1)) {
            UByteIndexer ix = ramp.createIndexer();
            for (int y = 0; y < 16; y++) {
                for (int x = 0; x < 16; x++) {
                    ix.put(y, x, y * 16 + x);
                }
            }
            ix.close();
            Images.write(ramp, png);
        }
        BufferedImage awt = ImageIO.read(png.toFile());
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, awt.getType());
        try (Mat fromAwt = AwtImages.toMat(awt); Mat fromOpenCv = Images.read(png)) {
            assertEquals(CV_8UC1, fromAwt.type());
            assertArrayEquals(bytes(fromOpenCv), bytes(fromAwt));
            assertEquals(100, bytes(fromAwt)[100] & 0xFF, "sample 100 stays 100; getRGB would have brightened it");
        }
    }

    @Test
    void colourPicturesBecomeBgrAndAlphaIsKept() {
        BufferedImage rgb = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        rgb.setRGB(1, 0, 0x102030);
        assertArrayEquals(new int[] {0x30, 0x20, 0x10}, converted(rgb, CV_8UC3, 0, 1), "blue first");
        BufferedImage argb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 1, 0x80FF0000);
        assertArrayEquals(new int[] {0, 0, 0xFF, 0x80}, converted(argb, CV_8UC4, 1, 0), "red, half opaque");
        assertEquals(0, converted(argb, CV_8UC4, 0, 0)[3], "a transparent pixel stays transparent");
        // Indexed colour, as a GIF or a palette PNG comes: the palette's colours.
        byte[] red = {0, (byte) 200};
        byte[] green = {0, 100};
        byte[] blue = {0, 50};
        BufferedImage indexed = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED,
                new IndexColorModel(1, 2, red, green, blue));
        indexed.getRaster().setSample(1, 0, 0, 1);
        assertArrayEquals(new int[] {50, 100, 200}, converted(indexed, CV_8UC3, 0, 1));
    }

    /** @return the channel values at (y, x) of the Mat made from the picture, after checking the Mat's type */
    private static int[] converted(BufferedImage picture, int type, int y, int x) {
        try (Mat m = AwtImages.toMat(picture); UByteIndexer ix = m.createIndexer()) {
            assertEquals(type, m.type());
            int[] values = new int[m.channels()];
            for (int c = 0; c < values.length; c++) {
                values[c] = ix.get(y, x, c);
            }
            return values;
        }
    }

    @Test
    void sixteenBitGreyStaysSixteenBit() {
        BufferedImage wide = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
        wide.getRaster().setSample(1, 0, 0, 65000);
        try (Mat m = AwtImages.toMat(wide)) {
            assertEquals(CV_16UC1, m.type());
            UShortIndexer ix = m.createIndexer();
            assertEquals(65000, ix.get(0, 1));
            ix.close();
        }
    }

    /** Back to AWT: grey, BGR and BGRA pictures, and a region of a larger Mat (whose rows are not contiguous). */
    @Test
    void matsComeBackAsThePicturesTheyWere() {
        BufferedImage argb = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
        BufferedImage rgb = new BufferedImage(5, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                argb.setRGB(x, y, (40 * y + 7) << 24 | (x * 50) << 16 | (y * 60) << 8 | (x + y) * 20);
                rgb.setRGB(x, y, (x * 50) << 16 | (y * 60) << 8 | (x + y) * 20);
            }
        }
        for (BufferedImage picture : new BufferedImage[] {argb, rgb}) {
            try (Mat m = AwtImages.toMat(picture)) {
                BufferedImage back = AwtImages.toBufferedImage(m);
                assertArrayEquals(picture.getRGB(0, 0, 5, 4, null, 0, 5), back.getRGB(0, 0, 5, 4, null, 0, 5));
            }
        }
        try (Mat whole = AwtImages.toMat(rgb); Rect r = new Rect(1, 1, 3, 2); Mat part = new Mat(whole, r)) {
            assertTrue(!part.isContinuous());
            BufferedImage back = AwtImages.toBufferedImage(part);
            assertEquals(3, back.getWidth());
            assertEquals(2, back.getHeight());
            assertEquals(rgb.getRGB(2, 2), back.getRGB(1, 1));
        }
        BufferedImage grey = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(2, 0, 0, 77);
        try (Mat m = AwtImages.toMat(grey)) {
            BufferedImage back = AwtImages.toBufferedImage(m);
            assertEquals(BufferedImage.TYPE_BYTE_GRAY, back.getType());
            assertEquals(77, back.getRaster().getSample(2, 0, 0));
        }
    }

    /**
     * Grey with alpha (what ImageIO gives for a grey+alpha PNG: TYPE_CUSTOM, two bands) keeps its stored grey, as a
     * grey picture does; through getRGB it was brightened (100 became 168). Premultiplied grey is divided back, and
     * 16-bit grey with alpha comes down to 8 bits by its value, not by its brightened sRGB.
     */
    @Test
    void greyWithAlphaKeepsItsStoredGrey() {
        ColorSpace grey = ColorSpace.getInstance(ColorSpace.CS_GRAY);
        for (boolean premultiplied : new boolean[] {false, true}) {
            var model = new ComponentColorModel(grey, true, premultiplied, Transparency.TRANSLUCENT,
                    DataBuffer.TYPE_BYTE);
            var raster = model.createCompatibleWritableRaster(2, 1);
            raster.setPixel(0, 0, premultiplied ? new int[] {50, 128} : new int[] {100, 128});
            raster.setPixel(1, 0, new int[] {255, 255});
            try (Mat m = AwtImages.toMat(new BufferedImage(model, raster, premultiplied, null))) {
                assertEquals(CV_8UC4, m.type());
                UByteIndexer ix = m.createIndexer();
                for (int c = 0; c < 3; c++) {
                    assertEquals(100, ix.get(0, 0, c), 1, "premultiplied " + premultiplied + ", channel " + c);
                    assertEquals(255, ix.get(0, 1, c));
                }
                assertEquals(128, ix.get(0, 0, 3));
                ix.close();
            }
        }
        var wide = new ComponentColorModel(grey, true, false, Transparency.TRANSLUCENT,
                DataBuffer.TYPE_USHORT);
        var raster = wide.createCompatibleWritableRaster(1, 1);
        raster.setPixel(0, 0, new int[] {30000, 65535});
        try (Mat m = AwtImages.toMat(new BufferedImage(wide, raster, false, null))) {
            assertEquals(CV_8UC4, m.type());
            UByteIndexer ix = m.createIndexer();
            assertEquals(117, ix.get(0, 0, 0), "30000 of 65535 is 117 of 255");
            assertEquals(255, ix.get(0, 0, 3));
            ix.close();
        }
    }

    /**
     * Grey of fewer than 8 bits (a custom 4-bit model) spans 0..255 as Java's model reads it; its raw samples 0..15 made
     * a nearly black picture. Float grey keeps its value too (getRGB brightened 0.5 to 188 of 255).
     */
    @Test
    void greyOfOtherDepthsIsScaledByItsStoredValue() {
        ColorSpace grey = ColorSpace.getInstance(ColorSpace.CS_GRAY);
        var fourBits = new ComponentColorModel(grey, new int[] {4}, false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        var raster = fourBits.createCompatibleWritableRaster(2, 1);
        raster.setSample(0, 0, 0, 15);
        raster.setSample(1, 0, 0, 8);
        try (Mat m = AwtImages.toMat(new BufferedImage(fourBits, raster, false, null))) {
            assertEquals(CV_8UC1, m.type());
            UByteIndexer ix = m.createIndexer();
            assertEquals(255, ix.get(0, 0));
            assertEquals(136, ix.get(0, 1));
            ix.close();
        }
        var floats = new ComponentColorModel(grey, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_FLOAT);
        var values = floats.createCompatibleWritableRaster(1, 1);
        values.setPixel(0, 0, new float[] {0.5f});
        try (Mat m = AwtImages.toMat(new BufferedImage(floats, values, false, null))) {
            assertEquals(CV_16UC1, m.type());
            UShortIndexer ix = m.createIndexer();
            assertEquals(32768, ix.get(0, 0), 1);
            ix.close();
        }
    }

    /**
     * A float picture outside 0..1, or holding NaN, is refused naming the pixel, as a float Mat is: Java's colour model
     * clamped it, and a digit stored as floats of 0..255 read as a saturated 7, one with NaN strokes as a 1
     * (helper-154). A colour one alike, naming the band; 0 and 1 themselves are in range.
     */
    @Test
    void aFloatPictureOutsideZeroToOneOrNanIsRefusedNamingThePixel() {
        ColorSpace grey = ColorSpace.getInstance(ColorSpace.CS_GRAY);
        var floats = new ComponentColorModel(grey, false, false, Transparency.OPAQUE, DataBuffer.TYPE_FLOAT);
        float[][] cases = {{0f, 255f}, {0f, Float.NaN}, {-0.5f, 1f}};
        String[] said = {"255.0 at (y=0, x=1)", "NaN at (y=0, x=1)", "-0.5 at (y=0, x=0)"};
        for (int c = 0; c < cases.length; c++) {
            var raster = floats.createCompatibleWritableRaster(2, 1);
            raster.setPixel(0, 0, new float[] {cases[c][0]});
            raster.setPixel(1, 0, new float[] {cases[c][1]});
            BufferedImage image = new BufferedImage(floats, raster, false, null);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> AwtImages.toMat(image));
            assertEquals("BufferedImage holds " + said[c] + ": a float picture's values lie in 0.0..1.0 (a picture of"
                    + " 0..255 is given as bytes, or divided by 255)", e.getMessage());
        }
        var ends = floats.createCompatibleWritableRaster(2, 1);
        ends.setPixel(0, 0, new float[] {0f});
        ends.setPixel(1, 0, new float[] {1f});
        AwtImages.toMat(new BufferedImage(floats, ends, false, null)).close();

        var rgb = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_FLOAT);
        var colour = rgb.createCompatibleWritableRaster(1, 1);
        colour.setPixel(0, 0, new float[] {0.2f, 128f, 0.3f});
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AwtImages.toMat(new BufferedImage(rgb, colour, false, null)));
        assertTrue(e.getMessage().startsWith("BufferedImage holds 128.0 at (y=0, x=0) in band 1: "), e.getMessage());
    }

    /**
     * A picture of more pixels than OpenCV reads from a file (2^30) is refused naming its size. (One byte stands for
     * all its pixels here, so the test holds no gigabytes.) It used to build an int per pixel: OutOfMemoryError, or for
     * 30000x30000 colour a NegativeArraySizeException when that count times 3 passed 2^31.
     */
    @Test
    void aPictureTooLargeIsRefusedNamingItsSize() {
        var sampleModel = new PixelInterleavedSampleModel(DataBuffer.TYPE_BYTE, 46341, 46340,
                0, 0, new int[] {0, 0, 0});
        var raster = Raster.createWritableRaster(sampleModel, new DataBufferByte(1), null);
        var model = new ComponentColorModel(
                ColorSpace.getInstance(ColorSpace.CS_sRGB), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        BufferedImage huge = new BufferedImage(model, raster, false, null);
        String message = assertThrows(IllegalArgumentException.class, () -> AwtImages.toMat(huge)).getMessage();
        assertTrue(message.contains("46341x46340") && message.contains("2^30"), message);
    }

    /**
     * A Mat whose bytes pass what one Java array holds (2^31) is refused naming its size: a 24000x24000 BGRA overlay
     * threw NegativeArraySizeException from BufferedImage's constructor. (The Mat is a header over one byte: it is
     * refused before any pixel is read.)
     */
    @Test
    void aMatTooLargeForABufferedImageIsRefusedNamingItsSize() {
        try (org.bytedeco.javacpp.BytePointer oneByte = new org.bytedeco.javacpp.BytePointer(1L);
                Mat huge = new Mat(24000, 24000, CV_8UC4, oneByte)) {
            String message = assertThrows(IllegalArgumentException.class, () -> AwtImages.toBufferedImage(huge))
                    .getMessage();
            assertTrue(message.contains("24000x24000") && message.contains("2^31"), message);
        }
    }

    @Test
    void whatCannotBeConvertedIsRefusedWithWhatItIs() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AwtImages.toMat(null)).getMessage()
                .contains("BufferedImage is null"));
        try (Mat empty = new Mat(); Mat floats = new Mat(2, 2, CV_32FC1)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> AwtImages.toBufferedImage(empty)).getMessage()
                    .contains("empty"));
            // The pixel type in words: it read "Mat of depth 5 with 1 channels".
            assertEquals("Mat is 32-bit float, 1 channel: toBufferedImage takes 8-bit grey, BGR or BGRA (Images.toBgr8"
                    + " converts others)",
                    assertThrows(IllegalArgumentException.class, () -> AwtImages.toBufferedImage(floats)).getMessage());
        }
    }

    private static byte[] bytes(Mat m) {
        byte[] out = new byte[(int) (m.total() * m.channels())];
        m.data().get(out);
        return out;
    }
}
