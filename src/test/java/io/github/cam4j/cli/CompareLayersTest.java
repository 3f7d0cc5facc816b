package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.render.Images;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Rect;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cam4j compare --layers}: every method but CAM fuses its maps of the layers, CAM is skipped with its reason. */
class CompareLayersTest {
    private static final String MODEL = SharedData.bundledModels().resolve("mnist-pooled").toString();
    private static final String LAYERS = "conv2d_1/Relu,conv2d_2/Relu";
    /** As in CompareCommandTest: a 28x28 digit's cell is 168 pixels a side, padding 7, header 28. */
    private static final int CELL = CompareCommandTest.CELL;
    private static final int PAD = CompareCommandTest.PAD;
    private static final int HEADER = CompareCommandTest.HEADER;

    @TempDir
    static Path tmp;

    static Path digit0;
    static Path digit1;

    @BeforeAll
    static void writeDigits() throws Exception {
        Path[] digits = FirstTestDigit.writeFirstTwoIn(tmp);
        digit0 = digits[0];
        digit1 = digits[1];
    }

    /**
     * CAM is skipped with one line saying why; Grad-CAM's and LayerCAM's cells are, pixel for pixel, the overlays
     * {@code explain --layers} writes (same batch, same drawing: no tolerance to justify), and not the overlays of
     * their maps at one layer.
     */
    @Test
    void everyMethodButCamFusesTheLayers() throws Exception {
        Path out = tmp.resolve("fused.png");
        CliRun run = CliRun.of("compare", "--model", MODEL, "--methods", "cam,gradcam,layercam", "--layers", LAYERS,
                digit0.toString(), digit1.toString(), "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("cam: skipped: --layers fuses several layers' maps, and CAM weighs the last convolution's features"
                + " by the classifier's kernel, one layer by definition", lines.get(0));
        assertEquals("wrote " + out + ": 2 pictures x 2 methods", lines.get(1));
        String[] methods = {"gradcam", "layercam"};
        try (Mat figure = Images.read(out)) {
            assertEquals(PAD + 3 * (CELL + PAD), figure.cols(), "the picture and two methods");
            for (int m = 0; m < methods.length; m++) {
                Path fused = tmp.resolve("explain-fused-" + m);
                Path single = tmp.resolve("explain-single-" + m);
                CliRun explain = CliRun.of("explain", "--model", MODEL, "--method", methods[m], "--layers", LAYERS,
                        "--out", fused.toString(), digit0.toString(), digit1.toString());
                assertEquals(0, explain.exitCode(), explain.err());
                CliRun one = CliRun.of("explain", "--model", MODEL, "--method", methods[m], "--out", single.toString(),
                        digit0.toString(), digit1.toString());
                assertEquals(0, one.exitCode(), one.err());
                for (int row = 0; row < 2; row++) {
                    Rect where = new Rect(PAD + (m + 1) * (CELL + PAD), PAD + HEADER + row * (CELL + PAD), CELL, CELL);
                    try (Mat cell = figure.apply(where).clone();
                            Mat written = Images.read(fused.resolve("digit" + row + "-cam.png"));
                            Mat alone = Images.read(single.resolve("digit" + row + "-cam.png"))) {
                        assertArrayEquals(pixels(written), pixels(cell), methods[m] + ", digit " + row);
                        assertFalse(Arrays.equals(pixels(alone), pixels(cell)), methods[m] + ", digit " + row
                                + ": the cell is not the one layer's overlay");
                    }
                }
            }
        }
    }

    /** A list that cannot be fused is a usage error before anything is opened; CAM alone has nothing left to draw. */
    @Test
    void refusals() {
        String out = tmp.resolve("bad.png").toString();
        CliRun one = CliRun.of("compare", "--model", MODEL, "--layers", "conv2d_1/Relu", digit0.toString(), "--out", out);
        assertEquals(2, one.exitCode());
        assertTrue(one.err().contains("--layers takes two or more tensors"), one.err());
        CliRun twice = CliRun.of("compare", "--model", MODEL, "--layers", "conv2d_1/Relu,conv2d_1/Relu",
                digit0.toString(), "--out", out);
        assertEquals(2, twice.exitCode());
        assertTrue(twice.err().contains("--layers names conv2d_1/Relu twice"), twice.err());
        CliRun features = CliRun.of("compare", "--model", MODEL, "--layers", LAYERS, "--features", "conv2d_1/Relu",
                digit0.toString(), "--out", out);
        assertEquals(2, features.exitCode());
        assertTrue(features.err().contains("--layers and --features both choose the layer"), features.err());
        CliRun camOnly = CliRun.of("compare", "--model", MODEL, "--methods", "cam", "--layers", LAYERS, digit0.toString(),
                "--out", out);
        assertEquals(1, camOnly.exitCode(), camOnly.out());
        assertEquals(1, camOnly.err().strip().lines().count(), camOnly.err());
        assertTrue(camOnly.err().contains("CAM weighs the last convolution's features"), camOnly.err());
    }

    private static byte[] pixels(Mat bgr) {
        byte[] out = new byte[bgr.rows() * bgr.cols() * bgr.channels()];
        try (UByteIndexer idx = bgr.createIndexer()) {
            int i = 0;
            for (int y = 0; y < bgr.rows(); y++) {
                for (int x = 0; x < bgr.cols(); x++) {
                    for (int c = 0; c < bgr.channels(); c++) {
                        out[i++] = (byte) idx.get(y, x, c);
                    }
                }
            }
        }
        return out;
    }
}
