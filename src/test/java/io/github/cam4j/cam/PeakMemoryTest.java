package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.testing.SharedData;
import java.util.List;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A picture too large for the machine ended the JVM inside TensorFlow (helper-161's audit); its floor, read from the
 * graph, lets cam4j refuse it first, and must never refuse a picture the machine could run.
 */
class PeakMemoryTest {
    private static final long GB = 1_000_000_000L;

    /**
     * Hand-computed from the bundled architectures, 4 bytes a value. Pooled: the first max pooling reads 32 channels at
     * full size and writes 32 at a quarter, (32 + 8) x 4 = 160 bytes a pixel, more than the first convolution's
     * (1 + 32) x 4 = 132 or any later layer's. Unpooled: its last convolution reads 32 channels and writes 128 at full
     * size, (32 + 128) x 4 = 640.
     */
    @ParameterizedTest
    @CsvSource({"mnist-pooled, max_pooling2d, 160", "mnist-unpooled, conv2d_2, 640"})
    void theFloorIsTheLargestLayerWithItsInput(String name, String layer, double bytesAPixel) throws Exception {
        try (CamModel model = CamModelLoader.load(SharedData.bundledModels().resolve(name), LoadOptions.defaults())) {
            PeakMemory.Floor floor = PeakMemory.of(model.session().graph()).largest(1_000_000);
            assertEquals(bytesAPixel, floor.perPixel(), 1e-9, floor.operation());
            assertTrue(floor.operation().startsWith(layer + "/") || floor.operation().equals(layer),
                    floor.operation());
            // The kernels, whose sizes the graph fixes, are all the fixed part holds: under 1 MB.
            assertTrue(floor.fixed() < 1e6, "fixed " + floor.fixed());
        }
    }

    @Test
    void aPictureBeyondTheMachinesMemoryIsRefusedNamingItAndTheLayer() throws Exception {
        try (CamModel model = CamModelLoader.load(SharedData.bundledModels().resolve("mnist-pooled"),
                LoadOptions.defaults())) {
            PeakMemory peak = PeakMemory.of(model.session().graph());
            // A 16 GB machine takes 12.8 GB: 16384x4096 pixels at 160 bytes is 10.7 GB, 16384x8192 21.5 GB.
            peak.check("pooled", 1, 16384, 4096, List.of("wide.png"), 16 * GB);
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> peak.check("pooled", 1, 16384, 8192, List.of("huge.png"), 16 * GB));
            assertTrue(e.getMessage().startsWith("model pooled cannot run image huge.png, fed as 16384x8192 pixels in"
                    + " this machine's memory: its operation 'max_pooling2d"), e.getMessage());
            assertTrue(e.getMessage().contains("at least 21.5 GB at once (160 bytes a pixel")
                    && e.getMessage().contains("more than 80 % of the machine's 16.0 GB; give smaller pictures"),
                    e.getMessage());
            // Pictures fed together hold their floors together.
            InvalidInputException batch = assertThrows(InvalidInputException.class,
                    () -> peak.check("pooled", 2, 16384, 4096, null, 16 * GB));
            assertTrue(batch.getMessage().contains("cannot run 2 pictures of 16384x4096 pixels")
                    && batch.getMessage().endsWith("give smaller pictures or fewer at once"), batch.getMessage());
        }
    }

    /**
     * Through the session, a picture fed at its own size ({@code --fit none}) that the machine cannot run is refused
     * naming it, before it is prepared (the gain, 44 s and 6.6 GB down to 6 s and 1.1 GB for a 16000x16000 picture, is a
     * measurement, not asserted). The picture is sized from this machine's memory: 8-bit grey, 2 000 rows, just wide
     * enough that the pooled model's 160 bytes a pixel pass 80 % of it.
     */
    @Test
    void aSessionRefusesAPictureFedAtItsOwnSizeBeyondTheMachinesMemory() throws Exception {
        long physical = ActivationMemory.physicalBytes();
        int rows = 2000;
        long cols = (long) Math.ceil(ActivationMemory.SHARE * physical / 160.0 / rows) + 16;
        // 126 MB here (25 GB); a test is no place to allocate gigabytes on a larger machine.
        Assumptions.assumeTrue(rows * cols < 400_000_000L, "a picture of " + rows * cols + " bytes");
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optKeepInputSize(true).build();
                Scalar black = new Scalar(0.0);
                Mat wide = new Mat(rows, (int) cols, opencv_core.CV_8UC1, black)) {
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> cam.explain(List.of(wide), List.of("wide.png"), Target.predicted()));
            assertTrue(e.getMessage().contains("cannot run image wide.png, fed as " + rows + "x" + cols + " pixels in"
                    + " this machine's memory: its operation 'max_pooling2d"), e.getMessage());
        }
    }

    /** Through the session: a 1024x1024 picture (0.17 GB by the floor) is run, not refused, on any machine. */
    @Test
    void aSessionRefusesNothingAMachineCanRun() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .build()) {
            float[] pixels = new float[1024 * 1024];
            pixels[512 * 1024 + 512] = 1;
            assertEquals(1, cam.explainPixels(pixels, 1, 1024, 1024, Target.predicted()).size());
        }
    }
}
