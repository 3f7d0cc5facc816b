package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.ImageExplanation;
import io.github.cam4j.cam.PixelMethod;
import io.github.cam4j.cam.Target;
import io.github.cam4j.cli.CliProcess;
import io.github.cam4j.data.Dataset;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.RewriterConfig;

/**
 * The imported graph's session options: only Grappler passes that change nothing on a CPU are off, and the remapper
 * too on a graph with a LeakyRelu, whose gradient it cannot fuse around.
 */
class OpenedGraphTest {
    /** The shared Keras model with two LeakyReLU layers (first_layer and bottleneck, each after a biased Conv2D). */
    private static final Path LEAKY = SharedData.kerasSavedModels().resolve("mnist-conv-head-gap");

    @TempDir
    Path tmp;

    @Test
    void sessionTurnsOffOnlyThePassesThatChangeNoValue() {
        RewriterConfig r = OpenedGraph.SESSION_CONFIG.getGraphOptions().getRewriteOptions();
        // Each of these copied VGG16's whole frozen graph on its first run (14 s, 4 s) and changed nothing.
        assertEquals(RewriterConfig.MemOptType.NO_MEM_OPT, r.getMemoryOptimization());
        assertEquals(RewriterConfig.Toggle.OFF, r.getLayoutOptimizer());
        assertTrue(r.getDisableTfgOptimizer());
        // These change values: without constant folding VGG16's outputs moved in their last bits, with one round
        // ResNet50's. They stay at TensorFlow's defaults.
        assertEquals(RewriterConfig.Toggle.DEFAULT, r.getConstantFolding());
        assertEquals(RewriterConfig.Toggle.DEFAULT, r.getArithmeticOptimization());
        assertEquals(RewriterConfig.Toggle.DEFAULT, r.getRemapping());
        assertEquals(RewriterConfig.NumIterationsType.DEFAULT_NUM_ITERS, r.getMetaOptimizerIterations());
        assertFalse(r.getDisableMetaOptimizer());
        assertFalse(OpenedGraph.SESSION_CONFIG.getGraphOptions().hasOptimizerOptions());
    }

    /**
     * The remapper is off for the imported graph of the model with LeakyReLUs, and only there: the ReLU model
     * (mnist-flatten-dense) keeps the shared options, fused kernels included; the other options are the same in both.
     */
    @Test
    void onlyAGraphWithALeakyReluHasTheRemapperOff() throws Exception {
        try (OpenedGraph leaky = OpenedGraph.open(LEAKY, ImportOptions.defaults());
                OpenedGraph plain = OpenedGraph.open(SharedData.kerasSavedModels().resolve("mnist-flatten-dense"),
                        ImportOptions.defaults())) {
            RewriterConfig r = OpenedGraph.sessionConfig(leaky.frozen.graphDef()).getGraphOptions().getRewriteOptions();
            assertEquals(RewriterConfig.Toggle.OFF, r.getRemapping());
            assertEquals(OpenedGraph.SESSION_CONFIG.getGraphOptions().getRewriteOptions().toBuilder()
                    .setRemapping(RewriterConfig.Toggle.OFF).build(), r, "nothing else changes");
            assertEquals(OpenedGraph.SESSION_CONFIG, OpenedGraph.sessionConfig(plain.frozen.graphDef()));
        }
    }

    /**
     * What a user saw: saliency (the gradient by the input, through both LeakyReLUs) on the Keras model with oneDNN on
     * (cam4j's default) printed TensorFlow's "remapper failed: ... LeakyReluGrad ... missing node ... BiasAdd" at ERROR.
     * TensorFlow's own logging is shown with --verbose (and to any Java caller: absl ignores TF_CPP_MIN_LOG_LEVEL), so
     * the command runs in a JVM of its own, verbose, and its standard error must not say it; the grid is written.
     */
    @Test
    void saliencyOnALeakyReluModelLogsNoRemapperFailure() throws Exception {
        Path grid = tmp.resolve("grid.png");
        // verboseStderr asserts TensorFlow's logging is shown, so an absent line is not an absent log.
        String stderr = CliProcess.verboseStderr(tmp, "explain", "--model", LEAKY.toString(), "--data",
                SharedData.mnist().toString(), "--grid", grid.toString(), "--first", "2", "--method", "saliency",
                "--verbose");
        assertTrue(Files.size(grid) > 0);
        assertFalse(stderr.contains("remapper failed"), stderr);
    }

    /**
     * The maps are the gradient: saliency on the LeakyReLU model, at the 8 pixels of test digit 0 where it is largest
     * among those of a grey level strictly between 0 and 255, is |d logit / d pixel| by central differences (pixel +-
     * 0.5 on the fed 0..255 scale, the same class). The network is piecewise linear (LeakyReLU, max pooling, a mean),
     * so the difference is the slope unless a unit's kink lies within the step; on the flat ground (0) or saturated ink
     * (255) neighbouring pixels tie in the max pooling, whose gradient goes to one of them while a step either way
     * picks another, so those pixels are left out (there the differences were 10-30 % off either way). The logits are
     * about 10, where float32's spacing is about 1e-6; the tolerance, 1e-5, is ten of those for a difference of two
     * (the differences measured were within 2.5e-6 of maps of 3e-3 to 4.5e-3).
     */
    @Test
    void saliencyOnALeakyReluModelIsTheFiniteDifferenceOfTheLogit() throws Exception {
        LabeledImages test = Dataset.open(SharedData.mnist()).test();
        int pixels = 28 * 28;
        float[] digit = new float[pixels];
        for (int i = 0; i < pixels; i++) {
            digit[i] = test.pixel(0, i / 28, i % 28);
        }
        try (CamSession s = CamSession.builder().setModel(LEAKY).optPixelMethod(PixelMethod.saliency()).build()) {
            ImageExplanation e = s.explainPixels(digit, 1, 28, 28, Target.predicted()).get(0);
            int c = e.first().classIndex();
            float[] map = e.first().rawMap().values();
            List<Integer> top = java.util.stream.IntStream.range(0, pixels).boxed()
                    .filter(i -> digit[i] > 0 && digit[i] < 255)
                    .sorted((a, b) -> Float.compare(map[b], map[a])).limit(8).toList();
            float[] batch = new float[2 * top.size() * pixels];
            for (int k = 0; k < top.size(); k++) {
                for (int sign = 0; sign < 2; sign++) {
                    int offset = (2 * k + sign) * pixels;
                    System.arraycopy(digit, 0, batch, offset, pixels);
                    batch[offset + top.get(k)] += sign == 0 ? 0.5f : -0.5f;
                }
            }
            List<ImageExplanation> moved = s.explainPixels(batch, 2 * top.size(), 28, 28, Target.of(c));
            for (int k = 0; k < top.size(); k++) {
                double slope = moved.get(2 * k).logits()[c] - moved.get(2 * k + 1).logits()[c];
                float saliency = map[top.get(k)];
                assertEquals(Math.abs(slope), saliency, 1e-5, "pixel " + top.get(k) + " of class " + c);
            }
        }
    }

    /**
     * A model fed float64 or float16 pictures (Keras' Input(dtype="float64"), TensorFlow's double and half) is refused
     * by CamSession and inspect naming its input, in Keras' words for its type (it had read "double"), and the way out
     * that an 8-bit input gets: export_cam.py, whose float32 signature Keras
     * casts to the input's dtype (Keras 3's Functional._convert_inputs_to_tensors). It had been told only "cam4j feeds
     * float32 images [N, H, W, C]". cam4j casts neither itself (OpenedGraph.requireCamShapedSignature says why).
     */
    @Test
    void anInputOfFloat64PicturesIsRefusedNamingItAndTheWayOut() throws Exception {
        String advice = "; cam4j feeds float32 images [N, H, W, C]: export the Keras model with"
                + " python-export/export_cam.py, whose signature takes float32 pixels and hands them to the model as"
                + " its input's type";
        Path float64 = io.github.cam4j.testing.ForeignModels.export(tmp.resolve("float64"),
                io.github.cam4j.testing.ForeignModels.float64Classifier());
        Path float16 = io.github.cam4j.testing.ForeignModels.export(tmp.resolve("float16"),
                io.github.cam4j.testing.ForeignModels.float16Classifier());
        Path uint8 = io.github.cam4j.testing.ForeignModels.export(tmp.resolve("uint8"),
                io.github.cam4j.testing.ForeignModels.uint8Classifier());
        for (Object[] c : new Object[][] {{float64, "float64"}, {float16, "float16"}, {uint8, "uint8"}}) {
            Path model = (Path) c[0];
            io.github.cam4j.savedmodel.ModelLoadException e = org.junit.jupiter.api.Assertions.assertThrows(
                    io.github.cam4j.savedmodel.ModelLoadException.class,
                    () -> CamSession.builder().setModel(model).build());
            String words = "signature 'serving_default' input 'x' is " + c[1] + " [-1, 28, 28, 1]" + advice;
            assertTrue(e.getMessage().contains(words), e.getMessage());
            assertTrue(ImportedModel.inspect(model, ImportOptions.defaults()).contains(words), c[1].toString());
        }
    }
}
