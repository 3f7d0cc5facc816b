package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.render.Images;
import io.github.cam4j.testing.SharedData;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A picture an application holds as a BufferedImage is explained as the same picture's file is. */
class BufferedImageInputTest {
    static final Path POOLED = SharedData.bundledModels().resolve("mnist-pooled");

    @TempDir
    Path tmp;

    @Test
    void aBufferedImageIsExplainedAsItsFileIs() throws Exception {
        LabeledImages test = Dataset.openTest(SharedData.mnist()).test();
        Path png = tmp.resolve("seven.png");
        try (Mat seven = new Mat(28, 28, org.bytedeco.opencv.global.opencv_core.CV_8UC1);
                org.bytedeco.javacpp.BytePointer data = new org.bytedeco.javacpp.BytePointer(seven.data())) {
            data.put(test.pixels(), 0, 784);
            Images.write(seven, png);
        }
        // A colour copy with alpha, as a web upload may come: opaque, so the same digit.
        BufferedImage grey = ImageIO.read(png.toFile());
        BufferedImage argb = new BufferedImage(28, 28, BufferedImage.TYPE_INT_ARGB);
        argb.getGraphics().drawImage(grey, 0, 0, null);
        try (CamSession cam = CamSession.builder().setModel(POOLED).build()) {
            CamResult fromFile = cam.explain(png);
            for (BufferedImage picture : new BufferedImage[] {grey, argb}) {
                CamResult fromAwt = cam.explain(picture);
                assertEquals(7, fromAwt.classIndex());
                assertEquals(fromFile.probability(), fromAwt.probability(), 1e-6);
                // The same pixels reach the model: the same map, to float rounding.
                assertArrayEquals(fromFile.map().values(), fromAwt.map().values(), 1e-5f);
            }
            assertTrue(assertThrows(InvalidInputException.class, () -> cam.explain((BufferedImage) null)).getMessage()
                    .contains("BufferedImage #0 is null"));
            // An upload of bytes ImageIO cannot decode reaches the session as null: the message says where it came from.
            BufferedImage undecoded = ImageIO.read(new java.io.ByteArrayInputStream(
                    "not a picture".getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            assertEquals("BufferedImage #0 is null (ImageIO.read gives null for bytes it cannot decode: no picture in a"
                    + " format it reads)", assertThrows(InvalidInputException.class, () -> cam.explain(undecoded))
                            .getMessage());
            // A batch: one model run, each picture's explanation as alone, top-k included.
            List<ImageExplanation> batch = cam.explainBufferedImages(List.of(grey, argb), Target.topK(2));
            assertEquals(2, batch.size());
            for (ImageExplanation e : batch) {
                assertEquals(2, e.maps().size());
                assertEquals(7, e.first().classIndex());
                assertArrayEquals(fromFile.map().values(), e.first().map().values(), 1e-5f);
            }
            assertTrue(assertThrows(InvalidInputException.class,
                    () -> cam.explainBufferedImages(java.util.Arrays.asList(grey, null), Target.predicted())).getMessage()
                    .contains("BufferedImage #1 is null"));
            // Too many pixels (one byte stands for all of them here): the session's own unusable-picture error, as
            // its documentation says, not AwtImages' IllegalArgumentException passed through.
            var sampleModel = new java.awt.image.PixelInterleavedSampleModel(java.awt.image.DataBuffer.TYPE_BYTE, 46341,
                    46340, 0, 0, new int[] {0});
            var raster = java.awt.image.Raster.createWritableRaster(sampleModel, new java.awt.image.DataBufferByte(1), null);
            var model = new java.awt.image.ComponentColorModel(
                    java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_GRAY), false, false,
                    java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_BYTE);
            BufferedImage huge = new BufferedImage(model, raster, false, null);
            assertTrue(assertThrows(InvalidInputException.class, () -> cam.explain(huge)).getMessage()
                    .contains("46341x46340"));
            assertTrue(assertThrows(InvalidInputException.class,
                    () -> cam.explainBufferedImages(List.of(grey, huge), Target.predicted())).getMessage()
                    .startsWith("BufferedImage #1: "));
        }
    }

    /**
     * A null list is the caller's slip, refused as the list of Mats refuses it: explainBufferedImages(null, ...) threw
     * InvalidInputException "list of BufferedImages is null" (a CamException, as if a picture were unusable) where
     * explain((List&lt;Mat&gt;) null, ...) throws NullPointerException naming the argument. A null target is refused
     * before any picture is converted.
     */
    @Test
    void aNullListOrTargetIsRefusedAsForMats() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(POOLED).build()) {
            NullPointerException mats = assertThrows(NullPointerException.class,
                    () -> cam.explain((List<Mat>) null, Target.predicted()));
            NullPointerException pictures = assertThrows(NullPointerException.class,
                    () -> cam.explainBufferedImages(null, Target.predicted()));
            assertEquals(mats.getMessage(), pictures.getMessage());
            assertEquals("images is null: the list of pictures to explain", pictures.getMessage());
            BufferedImage grey = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            assertEquals("target is null: e.g. Target.predicted()", assertThrows(NullPointerException.class,
                    () -> cam.explainBufferedImages(List.of(grey), null)).getMessage());
        }
    }
}
