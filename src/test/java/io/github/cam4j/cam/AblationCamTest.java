package io.github.cam4j.cam;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.data.IdxReader;
import io.github.cam4j.data.LabeledImages;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.savedmodel.AblationFeed;
import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.TensorNames;
import io.github.cam4j.testing.ForeignModels;
import io.github.cam4j.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * {@link AblationCam}: its weighing by hand, its runs on real models whose answer is known in closed form (a global
 * average pooling and a linear head: zeroing channel {@code k} takes {@code W_kc · mean(A_k)} off the logit), a head it
 * must refuse, and a skip connection past the features. {@code Keras3ExportsTest} compares its maps with Keras' own
 * layers run in Python.
 */
class AblationCamTest {
    @TempDir
    static Path tmp;

    @Test
    void channelsAreWeighedByTheirRelativeDropAndNegativeSumsCut() {
        // Two cells, two channels; class 4 scores 2, and 1.5 and 3 with each channel zeroed: weights 0.25 and -0.5.
        float[] features = {4, 1, 2, 6};
        AblationCam.Scores scores = new AblationCam.Scores(new int[] {2, 4}, new float[] {9, 2},
                new float[][] {{9, 1.5f}, {9, 3}});
        // Cell 0: 4 * 0.25 - 1 * 0.5 = 0.5; cell 1: 2 * 0.25 - 6 * 0.5 = -2.5, cut by the ReLU.
        assertArrayEquals(new float[] {0.5f, 0f}, AblationCam.map(features, 2, scores, 4), 1e-7f);
    }

    /**
     * A class scoring exactly 0 has no relative drop; pytorch-grad-cam's division gives infinities and NaN. cam4j weighs
     * by the drop itself, and a score so near 0 that the division overflows a float keeps the drop's map too, scaled by
     * the score's sign: finite, and the same map up to a positive factor as a small positive score gives.
     */
    @Test
    void aZeroScoreWeighsByTheDropAndGivesNoNaN() {
        float[] features = {4, 1, 2, 6};
        float[][] ablated = {{-1}, {0.5f}};
        // Drops 1 and -0.5: cell 0 4 - 0.5 = 3.5, cell 1 2 - 3 = -1, cut.
        float[] zero = AblationCam.map(features, 2, new AblationCam.Scores(new int[] {0}, new float[] {0}, ablated), 0);
        assertArrayEquals(new float[] {3.5f, 0f}, zero, 0f);
        float[] tiny = AblationCam.map(features, 2, new AblationCam.Scores(new int[] {0}, new float[] {Float.MIN_VALUE},
                ablated), 0);
        assertTrue(Float.isFinite(tiny[0]) && tiny[0] > 0, "a denormal score's map stays finite: " + tiny[0]);
        assertEquals(0f, tiny[1], 0f);
        float[] small = AblationCam.map(features, 2, new AblationCam.Scores(new int[] {0}, new float[] {1e-3f},
                ablated), 0);
        assertEquals(0f, small[1], 0f, "the same cells cut as at 0");
        assertTrue(small[0] > 0);
    }

    /**
     * A negative score does not turn the weights: a channel whose removal lowers the score still counts for the class
     * (pytorch-grad-cam divides by y_c, and its map then showed what raises the score).
     */
    @Test
    void aNegativeScoreKeepsTheWeightsSigns() {
        float[] features = {4, 1, 2, 6};
        // y = -2; zeroing the channels gives -1 and -4: drops -1 and 2, over |y| = 2: weights -0.5 and 1.
        AblationCam.Scores scores = new AblationCam.Scores(new int[] {0}, new float[] {-2}, new float[][] {{-1}, {-4}});
        // Cell 0 (4, 1): -2 + 1 = -1, cut; cell 1 (2, 6): -1 + 6 = 5.
        assertArrayEquals(new float[] {0f, 5f}, AblationCam.map(features, 2, scores, 0), 1e-6f);
    }

    /**
     * On a global average pooling and a linear head Ablation-CAM has a closed form: {@code w_k = W_kc · mean(A_k) /
     * |y_c|} (the classes after the first of the top three often score below 0). Checked on the bundled models (whose
     * features are an Identity beside the way to the logits: the tensor it copies is fed) and on Keras 3 exports
     * (features inside inlined functions; a Dropout and a Softmax layer after the Dense), on four MNIST test digits, for the predicted and two more classes each, against features and kernel read
     * here, within 1e-4 of the largest value.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"saved_models/mnist-pooled", "saved_models/mnist-unpooled",
            "src/test/resources/keras3/keras-export", "src/test/resources/keras3/nested-cam-export"})
    void onAGapLinearHeadTheWeightsAreTheKernelTimesTheChannelMean(String dir) throws Exception {
        LabeledImages test = IdxReader.read(SharedData.mnist().resolve("t10k-images-idx3-ubyte.gz"),
                SharedData.mnist().resolve("t10k-labels-idx1-ubyte.gz"));
        try (CamSession cam = CamSession.builder().setModel(Path.of(dir)).optAblationCam(true).build()) {
            assertTrue(cam.ablationCam());
            CamModel model = cam.model();
            int n = 4;
            float[] pixels = new float[n * 28 * 28];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = test.pixels()[i] & 0xFF;
            }
            model.input().toModelInput(pixels);
            List<ImageExplanation> out = cam.explainPixels(pixels, n, 28, 28, Target.topK(3));
            float[] features;
            long[] shape;
            try (TFloat32 in = TensorData.floats(Shape.of(n, 28, 28, 1), pixels);
                    Result r = model.session().runner().feed(model.tensors().input(), in)
                            .fetch(model.tensors().features()).run()) {
                features = TensorData.toArray(r.get(0));
                shape = r.get(0).shape().asArray();
            }
            int cells = (int) (shape[1] * shape[2]);
            int channels = model.channels();
            for (int i = 0; i < n; i++) {
                double[] means = new double[channels];
                for (int p = 0; p < cells; p++) {
                    for (int k = 0; k < channels; k++) {
                        means[k] += features[(i * cells + p) * channels + k] / (double) cells;
                    }
                }
                for (CamResult r : out.get(i).maps()) {
                    float[] column = model.classColumn(r.classIndex());
                    double y = model.weights().bias()[r.classIndex()];
                    for (int k = 0; k < channels; k++) {
                        y += column[k] * means[k];
                    }
                    assertEquals(y, r.logit(), 1e-4 * Math.max(1, Math.abs(y)), "the logit, " + dir);
                    float[] expected = new float[cells];
                    float largest = 0;
                    for (int p = 0; p < cells; p++) {
                        double v = 0;
                        for (int k = 0; k < channels; k++) {
                            v += column[k] * means[k] / Math.abs(y) * features[(i * cells + p) * channels + k];
                        }
                        expected[p] = (float) Math.max(0, v);
                        largest = Math.max(largest, expected[p]);
                    }
                    assertTrue(largest > 0, "a map with evidence, " + dir + " digit " + i);
                    assertArrayEquals(expected, r.rawMap().values(), 1e-4f * largest, dir + ", digit " + i + ", class "
                            + r.classIndex());
                }
            }
        }
    }

    /**
     * A head that centres the pooled features over the batch (as batch statistics do) gives a picture's own features
     * other logits when fed among its ablated copies: the weights would measure the batch, not the channels, and the
     * run is refused naming the tensor. Its own run of one picture is a CAM head like any other.
     */
    @Test
    void aHeadThatMixesTheBatchIsRefusedNamingTheTensor() throws Exception {
        Path dir = ForeignModels.export(tmp.resolve("batch-centred"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> pooled = ForeignModels.gap(tf, ForeignModels.trunk(tf, random, x, 1));
            Operand<TFloat32> centred = tf.withName("batch_centred").math.sub(pooled,
                    tf.math.mean(pooled, tf.constant(new int[] {0}), org.tensorflow.op.math.Mean.keepDims(true)));
            out.put("y", tf.withName("probs").nn.softmax(ForeignModels.dense(tf, random, centred, ForeignModels.K, 10)));
        });
        LoadOptions byNames = LoadOptions.defaults().withTensors(new TensorNames("images:0", "features:0",
                "dense_bias:0", "probs:0"), null, null).withGradCam();
        try (CamSession cam = CamSession.builder().setModel(dir).optLoadOptions(byNames).optAblationCam(true).build()) {
            float[] picture = new float[28 * 28];
            for (int p = 0; p < picture.length; p++) {
                picture[p] = (p * 37 % 11) / 10f;
            }
            CamException e = assertThrows(CamException.class,
                    () -> cam.explainPixels(picture, 1, 28, 28, Target.predicted()));
            assertTrue(e.getMessage().contains("Ablation-CAM cannot ablate features tensor '"), e.getMessage());
            assertTrue(e.getMessage().contains(dir.toString()), "names the model: " + e.getMessage());
        }
    }

    /**
     * A skip connection past the features (the logits add a dense read of the pictures' mean): the skip's own tensor
     * where it joins the head, the dense product of the pictures' mean, is fed beside their ablated copies, not the
     * pictures (which would run the layers before the features again for every copy), and the skip's share, the same
     * in every copy, cancels out of each drop; the weights are still {@code W_kc · mean(A_k) / y_c}, {@code y_c} now
     * holding the skip's share. A skip whose tensor has no row per picture (a scalar, half the batch's mean) cannot
     * be repeated beside each copy: the picture is fed instead, with the same maps.
     */
    @ParameterizedTest(name = "scalar skip {0}")
    @ValueSource(booleans = {false, true})
    void aSkipConnectionPastTheFeaturesIsFedItsOwnTensor(boolean scalar) throws Exception {
        Path dir = ForeignModels.export(tmp.resolve("skip"), (tf, random, in, out) -> {
            Placeholder<TFloat32> x = ForeignModels.images(tf, -1, 28, 28, 1);
            in.put("x", x);
            Operand<TFloat32> logits = ForeignModels.dense(tf, random,
                    ForeignModels.gap(tf, ForeignModels.trunk(tf, random, x, 1)), ForeignModels.K, 10);
            Operand<TFloat32> skip = scalar
                    ? tf.withName("scalar_skip").math.mul(tf.math.mean(x, tf.constant(new int[] {0, 1, 2, 3})),
                            tf.constant(0.5f))
                    : tf.linalg.matMul(tf.math.mean(x, tf.constant(new int[] {1, 2})),
                            ForeignModels.weights(tf, random, "skip_kernel", 3f, 1, 10));
            out.put("y", tf.withName("probs").nn.softmax(tf.withName("with_skip").math.add(logits, skip)));
        });
        LoadOptions byNames = LoadOptions.defaults().withTensors(new TensorNames("images:0", "features:0",
                "with_skip:0", "probs:0"), null, null).withGradCam();
        float[] picture = new float[28 * 28];
        for (int p = 0; p < picture.length; p++) {
            picture[p] = (p * 37 % 11) / 10f;
        }
        try (CamSession plain = CamSession.builder().setModel(ForeignModels.export(tmp.resolve("no-skip"),
                ForeignModels.gapClassifier(10, true))).optAblationCam(true).build();
                CamSession cam = CamSession.builder().setModel(dir).optLoadOptions(byNames).optAblationCam(true)
                        .build()) {
            assertEquals(List.of(scalar ? "scalar_skip:0" : "MatMul:0"), AblationFeed.of(cam.model()).sideInputs(),
                    "the skip's tensor, not the picture");
            assertEquals(List.of(), AblationFeed.of(plain.model()).sideInputs(), "a plain head needs only the features");
            // The same seeded trunk and Dense in both graphs: the drops are the plain model's, the score has the skip.
            CamResult skipped = cam.explainPixels(picture, 1, 28, 28, Target.of(3)).get(0).first();
            CamResult unskipped = plain.explainPixels(picture, 1, 28, 28, Target.of(3)).get(0).first();
            float[] expected = unskipped.rawMap().values().clone();
            float largest = 0;
            for (int p = 0; p < expected.length; p++) {
                // ReLU(v / y) with scores of one sign: a rescaling by y / y' > 0.
                expected[p] *= unskipped.logit() / skipped.logit();
                largest = Math.max(largest, expected[p]);
            }
            assertTrue(unskipped.logit() * skipped.logit() > 0 && skipped.logit() != unskipped.logit(),
                    unskipped.logit() + " " + skipped.logit());
            assertArrayEquals(expected, skipped.rawMap().values(), 1e-4f * largest);
        }
    }

    @Test
    void ablationCamExcludesTheOtherMethods() {
        Path dir = Path.of("saved_models/mnist-pooled");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CamSession.builder().setModel(dir).optScoreCam(true).optAblationCam(true).build());
        assertEquals("optScoreCam(true) and optAblationCam(true) exclude each other: a session makes one kind of map",
                e.getMessage());
    }

    /**
     * A picture's ablated copies go straight into the tensor fed to the head, not through a Java array of them all: that
     * array (129 rows of 5x5 cells x 128 channels for the pooled model, 1 651 200 bytes) was allocated for every picture
     * as a humongous object, outside G1's young generation, and kept about 240 MiB more of the heap resident over a long
     * run (docs/maps-speed-memory.md). What this thread allocates per explanation is counted by the JVM exactly, not
     * timed; the bound, half that array, leaves room for the maps' own arrays (measured below it by far) and fails
     * whenever the array of all copies comes back.
     */
    @Test
    void aPicturesAblatedCopiesAreNotOneJavaArray() throws Exception {
        LabeledImages test = IdxReader.read(SharedData.mnist().resolve("t10k-images-idx3-ubyte.gz"),
                SharedData.mnist().resolve("t10k-labels-idx1-ubyte.gz"));
        var threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        try (CamSession cam = CamSession.builder().setModel(SharedData.bundledModels().resolve("mnist-pooled"))
                .optAblationCam(true).build()) {
            float[] x = new float[784];
            for (int p = 0; p < 784; p++) {
                x[p] = (test.pixels()[p] & 0xFF) / 255f;
            }
            // A larger picture first, as an application explaining pictures of several sizes on one thread does: the
            // thread's feature buffer keeps the larger picture's size (here 168x168, the digit tiled 6 times each way
            // so that no blank border is cropped), and copying that whole buffer for each digit (3.7 MB a digit, seen
            // when another test class had run first on this thread) fails too.
            int side = 6 * 28;
            float[] tiled = new float[side * side];
            for (int row = 0; row < side; row++) {
                for (int column = 0; column < side; column++) {
                    tiled[row * side + column] = x[(row % 28) * 28 + column % 28];
                }
            }
            cam.explainPixels(tiled, 1, side, side, Target.predicted());
            for (int warm = 0; warm < 3; warm++) {
                cam.explainPixels(x, 1, 28, 28, Target.predicted());
            }
            int pictures = 10;
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < pictures; i++) {
                cam.explainPixels(x, 1, 28, 28, Target.predicted());
            }
            long perPicture = (threads.getCurrentThreadAllocatedBytes() - before) / pictures;
            System.out.println("Ablation-CAM allocated " + perPicture + " bytes a picture on the calling thread");
            assertTrue(perPicture < 1_651_200 / 2, "Ablation-CAM allocated " + perPicture + " bytes a picture: the"
                    + " ablated copies are back in one Java array, or more than the picture's own features are copied");
        }
    }
}
