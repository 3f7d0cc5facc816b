package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.cam.CamMath;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.cam.CamSession;
import io.github.cam4j.cam.Invert;
import io.github.cam4j.cli.CliProcess;
import io.github.cam4j.savedmodel.keras.InlinedSignature;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.opencv_core.Mat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.ConcreteFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * A contract SavedModel in the form Python's {@code tf.saved_model.save} writes it (what python-export produces): the
 * {@code cam} signature's features and logits are two outputs of one function call. Built here with TensorFlow Java's
 * own function calls (a 3x3 convolution to 4 channels, global average pooling, a 4x3 classifier), since Python
 * TensorFlow cannot run on these machines. Before it was opened inlined, Grad-CAM failed on it ("close() has been
 * called on the Graph", TensorFlow finding no path from the logits to the features) and the cells' placement could not
 * be read.
 */
class FunctionCallContractTest {
    @TempDir
    static Path tmp;

    static Path model;

    /** The folder export writes, its cam_weights the kernel its logits are made by. */
    @BeforeAll
    static void export() throws Exception {
        model = tmp.resolve("function-call");
        export(model, false);
    }

    /**
     * @param dir the folder to write
     * @param otherKernel whether cam_weights gives another kernel than the one the logits are made by (the features
     *     then do not give the logits by it, and CAM refuses the folder)
     */
    static void export(Path dir, boolean otherKernel) throws Exception {
        Random random = new Random(3);
        float[] conv = new float[3 * 3 * 1 * 4];
        float[] dense = new float[4 * 3];
        for (int i = 0; i < conv.length; i++) {
            conv[i] = random.nextFloat() - 0.3f;
        }
        for (int i = 0; i < dense.length; i++) {
            dense[i] = random.nextFloat() - 0.5f;
        }
        ConcreteFunction body = ConcreteFunction.create(tf -> {
            Placeholder<TFloat32> x = tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            Operand<TFloat32> f = tf.nn.relu(tf.nn.conv2d(x, tf.constant(Shape.of(3, 3, 1, 4), DataBuffers.of(conv)),
                    List.of(1L, 1L, 1L, 1L), "SAME"));
            Operand<TFloat32> logits = tf.linalg.matMul(tf.math.mean(f, tf.constant(new int[] {1, 2})),
                    tf.constant(Shape.of(4, 3), DataBuffers.of(dense)));
            return Signature.builder().key("body").input("images", x).output("features", f).output("logits", logits)
                    .build();
        });
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> images = tf.withName("images").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, -1, -1, 1)));
            Map<String, Operand<?>> out = body.call(tf, Map.of("images", images));
            @SuppressWarnings("unchecked")
            Operand<TFloat32> logits = (Operand<TFloat32>) out.get("logits");
            Operand<TFloat32> probabilities = tf.withName("probabilities").nn.softmax(logits);
            float[] given = dense.clone();
            if (otherKernel) {
                for (int i = 0; i < given.length; i++) {
                    given[i] = -given[i];
                }
            }
            Operand<TFloat32> kernel = tf.withName("kernel").constant(Shape.of(4, 3), DataBuffers.of(given));
            Operand<TFloat32> bias = tf.withName("bias").constant(new float[3]);
            try (Session s = new Session(g)) {
                SavedModelBundle.exporter(dir.toString()).withSession(s)
                        .withSignature(Signature.builder().key("serving_default").input("images", images)
                                .output("probabilities", probabilities).build())
                        .withSignature(Signature.builder().key(CamContract.CAM_SIGNATURE).input("images", images)
                                .output("features", out.get("features")).output("logits", logits)
                                .output("probabilities", probabilities).build())
                        .withSignature(Signature.builder().key(CamContract.WEIGHTS_SIGNATURE).output("kernel", kernel)
                                .output("bias", bias).build())
                        .export();
            }
        }
        Files.createDirectories(dir.resolve("assets"));
        Files.writeString(dir.resolve("assets").resolve(CamContract.METADATA_ASSET), """
                {"format": "cam4j-savedmodel/1", "cam4jVersion": "python-export", "name": "function-call",
                 "input": {"height": 8, "width": 8, "channels": 1, "pixelScale": 0.00392156862745098,
                           "pixelOffset": 0.0, "lightOnDark": true},
                 "labels": ["a", "b", "c"]}
                """);
    }

    private static Mat image(long seed) {
        Mat m = new Mat(8, 8, opencv_core.CV_8UC1);
        byte[] pixels = new byte[64];
        new Random(seed).nextBytes(pixels);
        m.data().put(pixels);
        return m;
    }

    @Test
    void aSignatureThatIsOneFunctionCallIsRecognisedAndTheBundledOnesAreNot() throws Exception {
        assertTrue(InlinedSignature.callsFunctions(CamModelLoader.readMetaGraph(model), CamContract.CAM_SIGNATURE));
        assertFalse(InlinedSignature.callsFunctions(
                CamModelLoader.readMetaGraph(SharedData.bundledModels().resolve("mnist-pooled")),
                CamContract.CAM_SIGNATURE));
    }

    /**
     * CAM holds its identity (mean of the map + bias = logit), and Grad-CAM, now possible, equals CAM's positive part
     * over the 64 cells at every cell, as it must on a global-average-pooling model (the logit's gradient at each cell
     * is the kernel's column over the cell count). Tolerance 1e-6 of the map's scale: float32 rounding.
     */
    @Test
    void camAndGradCamBothWorkOnIt() throws Exception {
        try (CamSession cam = CamSession.builder().setModel(model).optInvert(Invert.NEVER).build();
                CamSession grad = CamSession.builder().setModel(model).optInvert(Invert.NEVER)
                        .optLoadOptions(LoadOptions.defaults().withGradCam()).build()) {
            for (long seed = 1; seed <= 5; seed++) {
                try (Mat m = image(seed)) {
                    CamResult c = cam.explain(m);
                    CamResult g = grad.explain(m, c.classIndex());
                    assertEquals(c.logit(), CamMath.mean(c.rawMap().values()), 1e-5, "CAM identity, seed " + seed);
                    float[] camCells = c.rawMap().values();
                    float[] gradCells = g.rawMap().values();
                    float scale = Math.max(1e-6f, c.rawMap().max());
                    for (int i = 0; i < camCells.length; i++) {
                        assertEquals(Math.max(0f, camCells[i]) / 64f, gradCells[i], 1e-6 * scale, "cell " + i);
                    }
                }
            }
        }
    }

    /**
     * CAM on a contract folder in Python's form loads the SavedModel once: it had been loaded twice, once to run
     * {@code cam_weights} for the kernel and bias and once more to freeze the variables of the inlined {@code cam}
     * signature (TensorFlow logged "Reading SavedModel from" twice, 229 ms and 114 ms on export_cam.py's cam-export).
     * Counted in TensorFlow's own log of a verbose run, on the folder built here and on the one export_cam.py wrote
     * (src/test/resources/keras3/cam-export); the bundled pooled model, whose signature is no call, loads once too.
     */
    @Test
    void camLoadsAContractFolderInPythonsFormOnce() throws Exception {
        Path python = Path.of("src/test/resources/keras3/cam-export");
        Path pooled = SharedData.bundledModels().resolve("mnist-pooled");
        int run = 0;
        for (Path folder : List.of(model, python, pooled)) {
            Path out = Files.createDirectories(tmp.resolve("loads-" + run++));
            String stderr = CliProcess.verboseStderr(out, "explain", "--model", folder.toString(), "--data",
                    SharedData.mnist().toString(), "--grid", out.resolve("grid.png").toString(), "--first", "2",
                    "--method", "cam", "--invert", "never", "--verbose");
            assertTrue(Files.size(out.resolve("grid.png")) > 0);
            assertEquals(1, Pattern.compile("Reading SavedModel from: ").matcher(stderr).results().count(),
                    folder + ": " + stderr);
        }
    }

    /**
     * A folder in Python's form whose features do not give its logits by the kernel cam_weights gives: CAM refuses it
     * ({@link CamIdentityException}), and a method that reads the features alone opens it as Grad-CAM does, from the
     * same load, as it opens such a folder in cam4j's own form ({@code ContractRefusedByCamTest}). It had been refused
     * with CAM's own exception: the inlined opening ignored that a second way was asked for.
     */
    @Test
    void aFolderInPythonsFormThatCamRefusesIsOpenedForAMethodThatNeedsNoKernel() throws Exception {
        Path other = tmp.resolve("other-kernel");
        export(other, true);
        assertThrows(CamIdentityException.class, () -> CamModelLoader.load(other, LoadOptions.defaults()).close());
        try (CamModel opened = CamModelLoader.loadForCamOrGradCam(other, LoadOptions.defaults())) {
            assertEquals(GradientWeighting.GRAD_CAM, opened.gradients().orElseThrow().weighting());
            assertEquals(LoadOptions.defaults().withGradCam(), opened.openedWith().orElseThrow());
        }
        try (CamSession eigen = CamSession.builder().setModel(other).optInvert(Invert.NEVER).optEigenCam(true).build();
                CamSession asGradCamOpens = CamSession.builder().setModel(other).optInvert(Invert.NEVER)
                        .optEigenCam(true).optLoadOptions(LoadOptions.defaults().withGradCam()).build();
                Mat m = image(1)) {
            assertEquals(asGradCamOpens.explain(m).rawMap(), eigen.explain(m).rawMap());
        }
    }
}
