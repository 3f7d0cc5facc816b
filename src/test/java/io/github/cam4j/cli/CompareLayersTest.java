package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
        assertCellsAreExplainsOverlays(out, methods, true);
    }

    /**
     * With {@code --layers} the folder is opened at the layers once for every method (each method's session had opened
     * it again), the models closed once the figure is written (TensorFlow then refuses their graph); and each method's
     * cells are still, pixel for pixel, the overlays {@code explain --method X --layers} writes on its own: the methods
     * whose gradient ops are added per method (Finer-CAM's, ShapleyCAM's) and those that run more than the shared run
     * (Score-CAM, Ablation-CAM, Smooth Grad-CAM++'s noisy copies) among them.
     */
    @Test
    void theFolderIsOpenedOnceForEveryMethodAndEachMethodDrawsAsAlone() throws Exception {
        String[] methods = {"gradcam++", "finercam", "shapleycam", "scorecam", "eigencam", "ablationcam",
            "smoothgradcam++"};
        Path out = tmp.resolve("once.png");
        picocli.CommandLine cli = Cam4j.commandLine();
        java.io.StringWriter stdout = new java.io.StringWriter();
        java.io.StringWriter stderr = new java.io.StringWriter();
        cli.setOut(new java.io.PrintWriter(stdout));
        cli.setErr(new java.io.PrintWriter(stderr));
        int code = cli.execute("compare", "--model", MODEL, "--methods", String.join(",", methods), "--layers", LAYERS,
                digit0.toString(), digit1.toString(), "--out", out.toString());
        assertEquals(0, code, stderr.toString());
        assertTrue(stdout.toString().startsWith("wrote " + out + ": 2 pictures x " + methods.length + " methods"),
                stdout.toString());
        CompareCommand compare = cli.getSubcommands().get("compare").getCommand();
        assertEquals(1, compare.models.loads(), "one opening of the folder at the layers for all methods");
        assertEquals(2, compare.models.models().size(), "a model per layer");
        for (io.github.cam4j.savedmodel.CamModel model : compare.models.models()) {
            IllegalStateException closed = assertThrows(IllegalStateException.class,
                    () -> model.session().graph().toGraphDef());
            assertEquals("close() has been called on the Graph", closed.getMessage());
        }
        assertCellsAreExplainsOverlays(out, methods, false);
    }

    /**
     * Each method's cells of the figure are, pixel for pixel, the overlays {@code explain --layers} writes (same batch,
     * same drawing: no tolerance to justify), and, when asked, not the overlays of its maps at one layer. A column is as
     * wide as its header needs ("Smooth Grad-CAM++ (2 layers)" is wider than a cell), so each overlay is found in its
     * picture's row where it matches best in the whole figure and checked there pixel for pixel, the second picture's below the first's,
     * each method's right of the one before.
     */
    private static void assertCellsAreExplainsOverlays(Path out, String[] methods, boolean notOneLayers)
            throws Exception {
        try (Mat figure = Images.read(out)) {
            int[] lastX = new int[2];
            int[] rowY = {-1, -1};
            for (int m = 0; m < methods.length; m++) {
                Path fused = tmp.resolve("explain-fused-" + methods[m]);
                CliRun explain = CliRun.of("explain", "--model", MODEL, "--method", methods[m], "--layers", LAYERS,
                        "--out", fused.toString(), "--force", digit0.toString(), digit1.toString());
                assertEquals(0, explain.exitCode(), explain.err());
                Path single = tmp.resolve("explain-single-" + methods[m]);
                if (notOneLayers) {
                    CliRun one = CliRun.of("explain", "--model", MODEL, "--method", methods[m], "--out",
                            single.toString(), "--force", digit0.toString(), digit1.toString());
                    assertEquals(0, one.exitCode(), one.err());
                }
                for (int row = 0; row < 2; row++) {
                    try (Mat written = Images.read(fused.resolve("digit" + row + "-cam.png"))) {
                        int[] at = exactlyAt(figure, written);
                        assertTrue(at[0] > lastX[row], methods[m] + ", digit " + row + ": overlay not found right of"
                                + " the previous method's (at " + at[0] + ", " + at[1] + ")");
                        assertTrue(rowY[row] < 0 || rowY[row] == at[1], methods[m] + ", digit " + row + ": in another"
                                + " row");
                        lastX[row] = at[0];
                        rowY[row] = at[1];
                        if (notOneLayers) {
                            try (Mat cell = figure.apply(new Rect(at[0], at[1], CELL, CELL)).clone(); Mat alone = Images.read(single.resolve("digit" + row + "-cam.png"))) {
                                assertFalse(Arrays.equals(pixels(alone), pixels(cell)), methods[m] + ", digit " + row
                                        + ": the cell is not the one layer's overlay");
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * @return where in {@code figure} {@code overlay} is pasted pixel for pixel, {@code {x, y}}; {@code {-1, -1}} when it
     *     is nowhere
     */
    private static int[] exactlyAt(Mat figure, Mat overlay) {
        try (Mat scores = new Mat();
                org.bytedeco.javacpp.DoublePointer min = new org.bytedeco.javacpp.DoublePointer(1);
                org.bytedeco.opencv.opencv_core.Point at = new org.bytedeco.opencv.opencv_core.Point()) {
            org.bytedeco.opencv.global.opencv_imgproc.matchTemplate(figure, overlay, scores,
                    org.bytedeco.opencv.global.opencv_imgproc.TM_SQDIFF);
            org.bytedeco.opencv.global.opencv_core.minMaxLoc(scores, min, null, at, null, null);
            // OpenCV sums the squared differences by correlation in float, so an exact match scores near 0, not 0: the
            // best place is then compared pixel for pixel.
            try (Mat there = figure.apply(new Rect(at.x(), at.y(), overlay.cols(), overlay.rows())).clone()) {
                return Arrays.equals(pixels(there), pixels(overlay)) ? new int[] {at.x(), at.y()} : new int[] {-1, -1};
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
