package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ClassifierActivation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.savedmodel.NotCamReadyException;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.math.Mean;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;

/** {@link CamLocator} on small classifier graphs built with TF Java ops. */
class CamLocatorTest {
    private static final int H = 4;
    private static final int W = 4;
    private static final int C = 3;
    private static final Random RANDOM = new Random(7);

    /** A graph x [-1, 4, 4, 3] -> head(tf, x) -> output, located; the identity is checked on random input. */
    private static CamLocator.CamHead locate(Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> head,
            String features, String logits) throws NotCamReadyException {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, H, W, C)));
            Operand<TFloat32> out = head.apply(tf).apply(x);
            try (Session s = new Session(g)) {
                CamLocator locator = new CamLocator(g.toGraphDef(), g, s, out.asOutput().op().name() + ":0");
                CamLocator.CamHead found = locator.locate(features, logits);
                checkIdentity(s, found);
                return found;
            }
        }
    }

    /** mean_hw(features · kernel[:, c]) + bias[c] == logits[:, c] on random images. */
    private static void checkIdentity(Session s, CamLocator.CamHead head) {
        float[] x = new float[2 * H * W * C];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) RANDOM.nextGaussian();
        }
        try (TFloat32 in = TFloat32.tensorOf(Shape.of(2, H, W, C), DataBuffers.of(x, true, false));
                Result r = s.runner().feed("x:0", in).fetch(head.features()).fetch(head.logits()).run()) {
            long[] fs = r.get(0).shape().asArray();
            float[] f = new float[(int) r.get(0).shape().size()];
            r.get(0).asRawTensor().data().asFloats().read(f);
            int classes = head.bias().length;
            float[] logits = new float[2 * classes];
            r.get(1).asRawTensor().data().asFloats().read(logits);
            int hw = (int) (fs[1] * fs[2]);
            int k = (int) fs[3];
            for (int n = 0; n < 2; n++) {
                for (int c = 0; c < classes; c++) {
                    double mean = 0;
                    for (int p = 0; p < hw; p++) {
                        for (int j = 0; j < k; j++) {
                            mean += f[(n * hw + p) * k + j] * head.kernel()[j][c];
                        }
                    }
                    mean = mean / hw + head.bias()[c];
                    assertEquals(logits[n * classes + c], mean, 1e-4 * Math.max(1, Math.abs(mean)),
                            "image " + n + " class " + c);
                }
            }
        }
    }

    private static Operand<TInt32> spatial(Ops tf) {
        return tf.constant(new int[] {1, 2});
    }

    private static float[][] randomMatrix(int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) RANDOM.nextGaussian();
            }
        }
        return m;
    }

    @Test
    void poolingThenScaleThenDense() throws Exception {
        float[][] w = randomMatrix(C, 5);
        float[] scale = {2f, -1f, 0.5f};
        float[] b = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
        CamLocator.CamHead h = locate(tf -> x -> tf.nn.softmax(tf.math.add(tf.linalg.matMul(
                tf.math.mul(tf.math.mean(tf.withName("features").nn.relu(x), spatial(tf)), tf.constant(scale)),
                tf.constant(w)), tf.constant(b))), null, null);
        assertEquals("features:0", h.features());
        assertEquals(ClassifierActivation.SOFTMAX, h.activation());
        assertEquals(C, h.kernel().length);
        assertEquals(scale[0] * w[0][3], h.kernel()[0][3], 1e-6);
        assertEquals(b[4], h.bias()[4], 1e-6);
        assertTrue(h.how().startsWith("(a)"), h.how());
    }

    /**
     * Logits divided by a temperature, or pooled features by a constant, as TensorFlow 1.x's {@code tf.div} writes it
     * ({@code Div}) and as Keras does ({@code RealDiv}): the same linear head either way. Read as RealDiv alone, a
     * {@code Div} in the head refused the model as not CAM-ready.
     */
    @Test
    void aTensorFlowOnesDivInTheHeadIsADivisionToo() throws Exception {
        float[][] w = randomMatrix(C, 5);
        float[] b = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f};
        float[] perChannel = {2f, -4f, 0.5f};
        for (boolean tf1 : new boolean[] {true, false}) {
            java.util.function.BiFunction<Ops, Operand<TFloat32>[], Operand<TFloat32>> divide = (tf, xy) -> tf1
                    ? tf.math.div(xy[0], xy[1]) : tf.math.realDiv(xy[0], xy[1]);
            @SuppressWarnings("unchecked")
            CamLocator.CamHead h = locate(tf -> x -> tf.nn.softmax(divide.apply(tf, new Operand[] {
                    tf.math.add(tf.linalg.matMul(divide.apply(tf, new Operand[] {tf.math.mean(tf.withName("features")
                            .nn.relu(x), spatial(tf)), tf.constant(perChannel)}), tf.constant(w)), tf.constant(b)),
                    tf.constant(2f)})), null, null);
            String op = tf1 ? "Div" : "RealDiv";
            assertEquals("features:0", h.features(), op);
            assertEquals(ClassifierActivation.SOFTMAX, h.activation(), op);
            // float32 weights folded in double: 1e-6 of values about 1.
            assertEquals(w[1][3] / perChannel[1] / 2, h.kernel()[1][3], 1e-6, op);
            assertEquals(b[4] / 2, h.bias()[4], 1e-6, op);
        }
    }

    /**
     * {@code Div} of integers floors (7 / 2 = 3), so a head that divides an integer cast of its pooled features is no
     * linear map of them: it is refused naming the division, not folded as a float division.
     */
    @Test
    void anIntegerDivInTheHeadIsRefusedAsFlooring() {
        float[][] w = randomMatrix(C, 5);
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> tf.nn.softmax(
                tf.linalg.matMul(tf.dtypes.cast(tf.withName("floored").math.div(tf.dtypes.cast(tf.math.mean(
                        tf.nn.relu(x), spatial(tf)), TInt32.class), tf.constant(2)), TFloat32.class), tf.constant(w))),
                null, null));
        assertTrue(e.getMessage().contains("Div 'floored' divides integers"), e.getMessage());
    }

    @Test
    void aCastToIntegersInTheHeadIsRefusedAsRounding() {
        // Cast is a pass-through only between floating types (Keras' mixed precision casts float16 features to
        // float32 for its last Dense); to int32 it truncates 2.7 to 2, and the class scores are no longer linear.
        float[][] w = randomMatrix(C, 5);
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> tf.nn.softmax(
                tf.linalg.matMul(tf.dtypes.cast(tf.withName("truncated").dtypes.cast(tf.math.mean(tf.nn.relu(x),
                        spatial(tf)), TInt32.class), TFloat32.class), tf.constant(w))), null, null));
        assertTrue(e.getMessage().contains("Cast 'truncated' casts to int32"), e.getMessage());
    }

    @Test
    void aCastBetweenFloatingTypesInTheHeadIsSteppedOver() throws Exception {
        float[][] w = randomMatrix(C, 5);
        CamLocator.CamHead h = locate(tf -> x -> tf.nn.softmax(tf.linalg.matMul(tf.dtypes.cast(tf.dtypes.cast(
                tf.math.mean(tf.nn.relu(x), spatial(tf)), TFloat64.class), TFloat32.class), tf.constant(w))), null,
                null);
        assertEquals(w[2][3], h.kernel()[2][3], 1e-6);
    }

    @Test
    void twoDenseLayersWithoutNonLinearityFold() throws Exception {
        float[][] w1 = randomMatrix(C, 4);
        float[][] w2 = randomMatrix(4, 5);
        float[] b1 = {1, 2, 3, 4};
        CamLocator.CamHead h = locate(tf -> x -> tf.linalg.matMul(tf.math.add(tf.linalg.matMul(
                tf.math.mean(tf.nn.relu(x), spatial(tf)), tf.constant(w1)), tf.constant(b1)), tf.constant(w2)), null,
                null);
        assertEquals(ClassifierActivation.NONE, h.activation());
        assertNull(h.probabilities());
        assertTrue(h.how().contains("2 Dense layers"), h.how());
    }

    @Test
    void convHeadWithKeptDimsAndSigmoid() throws Exception {
        float[][][][] k = new float[][][][] {{randomMatrix(C, 5)}};
        float[] b = {0, 1, 0, -1, 0};
        CamLocator.CamHead h = locate(tf -> x -> tf.math.sigmoid(tf.reshape(tf.math.mean(tf.nn.biasAdd(
                tf.nn.conv2d(tf.withName("features").nn.relu(x), tf.constant(k), List.of(1L, 1L, 1L, 1L), "VALID"),
                tf.constant(b)), spatial(tf), Mean.keepDims(true)), tf.constant(new int[] {-1, 5}))), null, null);
        assertEquals("features:0", h.features(), "a conv head's features are the 1x1 convolution's input");
        assertEquals(ClassifierActivation.SIGMOID, h.activation());
        assertEquals(k[0][0][2][3], h.kernel()[2][3], 1e-6);
        assertEquals(-1f, h.bias()[3], 1e-6);
        assertTrue(h.how().startsWith("(b)"), h.how());
    }

    @Test
    void pooledClassMapsNeedNoKernel() throws Exception {
        CamLocator.CamHead h = locate(tf -> x -> tf.nn.softmax(tf.math.mean(tf.withName("maps").nn.relu(x),
                spatial(tf))), null, null);
        assertEquals("maps:0", h.features());
        assertEquals(1f, h.kernel()[1][1]);
        assertEquals(0f, h.kernel()[1][2]);
        assertTrue(h.how().startsWith("(c)"), h.how());
    }

    /**
     * A 'valid' AvgPool over the whole 4x4 map, flattened, is a global average pooling: CAM-ready, the features the
     * map it pools (the identity is checked). Before, the model was refused for want of one.
     */
    @Test
    void aFullWindowAveragePoolingIsAGlobalOne() throws Exception {
        float[][] w = randomMatrix(C, 5);
        CamLocator.CamHead h = locate(tf -> x -> tf.nn.softmax(tf.linalg.matMul(tf.reshape(tf.withName("pooled").nn
                .avgPool(tf.withName("maps").nn.relu(x), List.of(1L, (long) H, (long) W, 1L), List.of(1L, (long) H, (long) W, 1L), "VALID"),
                tf.constant(new int[] {-1, C})), tf.constant(w))), null, null);
        assertEquals("maps:0", h.features());
        assertTrue(h.how().startsWith("(a) global average pooling 'pooled'"), h.how());
    }

    /**
     * A 1x1 convolution on the pooled map kept 4-D ([N, 1, 1, K]) is a Dense layer: keras.applications' MobileNet ends
     * in GlobalAveragePooling2D(keepdims=True), Dropout, Conv2D(classes, 1), Reshape, softmax. Before, it was refused
     * ("op Conv2D ... stands in the classifier where a Dense layer or a global average pooling was expected").
     */
    @Test
    void aOneByOneConvolutionOnTheKeptDimsPoolingIsADense() throws Exception {
        float[][][][] k = new float[][][][] {{randomMatrix(C, 5)}};
        float[] b = {0.5f, 0, -0.5f, 1, 0};
        CamLocator.CamHead h = locate(tf -> x -> tf.nn.softmax(tf.reshape(tf.nn.biasAdd(tf.withName("conv_preds").nn
                .conv2d(tf.math.mean(tf.withName("features").nn.relu(x), spatial(tf), Mean.keepDims(true)),
                        tf.constant(k), List.of(1L, 1L, 1L, 1L), "SAME"), tf.constant(b)),
                tf.constant(new int[] {-1, 5}))), null, null);
        assertEquals("features:0", h.features());
        assertEquals(k[0][0][2][3], h.kernel()[2][3], 1e-6);
        assertEquals(1f, h.bias()[3], 1e-6);
        assertTrue(h.how().startsWith("(a)") && h.how().contains("Dense 'conv_preds'"), h.how());
    }

    /**
     * MobileNetV3's head: after the kept-dims pooling a 1x1 convolution, hard-swish (x · relu6(x + 3) / 6), then the
     * 1x1 convolution to the classes. Refused naming the product, not the convolution, as a Dense would be.
     */
    @Test
    void aHardSwishBetweenTwoOneByOneConvolutionsIsRefusedAsANonLinearity() {
        float[][][][] k1 = new float[][][][] {{randomMatrix(C, 4)}};
        float[][][][] k2 = new float[][][][] {{randomMatrix(4, 5)}};
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> {
            Operand<TFloat32> hidden = tf.nn.conv2d(tf.math.mean(tf.nn.relu(x), spatial(tf), Mean.keepDims(true)),
                    tf.constant(k1), List.of(1L, 1L, 1L, 1L), "SAME");
            Operand<TFloat32> swish = tf.withName("hard_swish").math.mul(hidden, tf.math.div(
                    tf.nn.relu6(tf.math.add(hidden, tf.constant(3f))), tf.constant(6f)));
            return tf.nn.softmax(tf.reshape(tf.nn.conv2d(swish, tf.constant(k2), List.of(1L, 1L, 1L, 1L), "SAME"),
                    tf.constant(new int[] {-1, 5})));
        }, null, null));
        String m = e.getMessage();
        assertTrue(m.contains("Mul 'hard_swish' multiplies two computed tensors (a gate, or an activation such as"
                + " swish or hard-swish, x · f(x))") && m.contains("not linear in the pooled features"), m);
        assertTrue(!m.contains("stands in the classifier where a Dense layer"), m);
    }

    /**
     * ConvNeXt's head: GlobalAveragePooling2D, LayerNormalization, Dense. The normalisation divides each picture's
     * pooled features by their own deviation: not linear, so not CAM-ready. Refused naming it; before, its last
     * addition was taken for "a residual connection?".
     */
    @Test
    void aLayerNormalizationAfterThePoolingIsRefusedNamingIt() {
        float[][] w = randomMatrix(C, 5);
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> {
            Operand<TFloat32> pooled = tf.math.mean(tf.nn.relu(x), spatial(tf));
            Ops ln = tf.withSubScope("layernorm");
            Operand<TInt32> last = ln.constant(new int[] {-1});
            Operand<TFloat32> mean = ln.withName("mean").math.mean(pooled, last, Mean.keepDims(true));
            Operand<TFloat32> variance = ln.withName("variance").math.mean(ln.math.squaredDifference(pooled,
                    ln.stopGradient(mean)), last, Mean.keepDims(true));
            Operand<TFloat32> inv = ln.math.mul(ln.math.rsqrt(ln.math.add(variance, ln.constant(1e-6f))),
                    ln.constant(new float[] {1, 2, 3}));
            Operand<TFloat32> shift = ln.math.add(ln.math.mul(ln.math.neg(mean), inv), ln.constant(new float[] {0, 1, 0}));
            Operand<TFloat32> normalised = ln.withName("add_2").math.add(ln.math.mul(pooled, inv), shift);
            return tf.nn.softmax(tf.linalg.matMul(normalised, tf.constant(w)));
        }, null, null));
        String m = e.getMessage();
        assertTrue(m.contains("'layernorm/add_2' belongs to a normalisation of each picture's pooled features by"
                + " their own statistics (Mean 'layernorm/"), m);
        assertTrue(m.contains("averages their channels, as a LayerNormalization does)"), m);
        assertTrue(m.contains("not linear in the pooled features") && !m.contains("residual"), m);
    }

    @Test
    void flattenIsRefusedAndNamed() {
        float[][] w = randomMatrix(H * W * C, 5);
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> tf.nn.softmax(
                tf.linalg.matMul(tf.withName("flatten").reshape(tf.nn.relu(x), tf.constant(new int[] {-1, H * W * C})),
                        tf.constant(w))), null, null));
        assertTrue(e.getMessage().contains("no global average pooling")
                && e.getMessage().contains("Reshape 'flatten' flattens [-1, 4, 4, 3] to [-1, 48]"), e.getMessage());
    }

    @Test
    void nonLinearityBetweenDenseLayersIsRefused() {
        float[][] w1 = randomMatrix(C, 4);
        float[][] w2 = randomMatrix(4, 5);
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> tf.nn.softmax(
                tf.linalg.matMul(tf.nn.relu(tf.linalg.matMul(tf.math.mean(x, spatial(tf)), tf.constant(w1))),
                        tf.constant(w2))), null, null));
        assertTrue(e.getMessage().contains("between the global average pooling and the output")
                && e.getMessage().contains("more than one Dense"), e.getMessage());
    }

    @Test
    void globalMaxPoolingIsRefused() {
        float[][] w = randomMatrix(C, 5);
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> tf.nn.softmax(
                tf.linalg.matMul(tf.max(x, spatial(tf)), tf.constant(w))), null, null));
        assertTrue(e.getMessage().contains("global MAX pooling"), e.getMessage());
    }

    /**
     * A global average pooling over axes 2 and 3 of a channels-first map (a Keras model built with
     * data_format="channels_first" and wrapped behind a Permute, which then passes the input check) is refused saying
     * that it pools channels first and how to rebuild the model channels last. Before, the refusal only said the Mean
     * "is not a global average pooling over height and width (axes [1, 2] of NHWC)".
     */
    @Test
    void aChannelsFirstPoolingIsRefusedNamingTheRebuild() {
        float[][] w = randomMatrix(C, 5);
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> tf.nn.softmax(
                tf.linalg.matMul(tf.withName("gap").math.mean(tf.nn.relu(tf.linalg.transpose(x,
                        tf.constant(new int[] {0, 3, 1, 2}))), tf.constant(new int[] {2, 3})), tf.constant(w))),
                null, null));
        assertTrue(e.getMessage().contains("Mean 'gap' over axes [2, 3] of [-1, 3, 4, 4] is not a global average"
                + " pooling over height and width (axes [1, 2] of NHWC); it pools a channels-first [N, C, H, W] map, as"
                + " GlobalAveragePooling2D(data_format=\"channels_first\") does, and CAM reads features channels last:"
                + " rebuild the Keras model with the same layers channels last (data_format=\"channels_last\","), e.getMessage());
        // A Mean over another pair of axes is no channels-first pooling: no advice to rebuild.
        NotCamReadyException other = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> tf.nn.softmax(
                tf.linalg.matMul(tf.math.mean(x, tf.constant(new int[] {1, 3})), tf.constant(randomMatrix(W, 5)))),
                null, null));
        assertTrue(other.getMessage().contains("over axes [1, 3] of [-1, 4, 4, 3] is not a global average pooling")
                && !other.getMessage().contains("rebuild"), other.getMessage());
    }

    /**
     * A softmax inside the 1x1 convolution head, before the Reshape to [N, classes] (Conv2D(classes, 1,
     * activation="softmax") on GlobalAveragePooling2D(keepdims=True), a head export_cam.py reads), leaves no [N,
     * classes] logits: CAM and Grad-CAM refuse it naming the activation, where it sits and the two ways out. Before, CAM
     * said "a non-linearity (Softmax ...) stands between the pooling and the logits", though it is the classifier's
     * activation, and advised Grad-CAM, which took the output's probabilities for logits (on a Keras 3 model so built,
     * explain --method gradcam printed p=0.1103 for Keras' 0.2003: their softmax).
     */
    @Test
    void anActivationBeforeTheReshapeOfAConvolutionHeadIsRefusedNamingTheWayOut() {
        float[] k = new float[C * 5];
        for (int i = 0; i < k.length; i++) {
            k[i] = (float) RANDOM.nextGaussian();
        }
        Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> head = tf -> x -> tf.reshape(
                tf.withName("classifier_softmax").nn.softmax(tf.nn.conv2d(tf.math.mean(x, spatial(tf),
                        Mean.keepDims(true)), tf.reshape(tf.constant(k), tf.constant(new int[] {1, 1, C, 5})),
                        List.of(1L, 1L, 1L, 1L), "VALID")), tf.constant(new int[] {-1, 5}));
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(head, null, null));
        // Grad-CAM, which the old refusal advised, is refused alike: it took the probabilities for the logits.
        NotCamReadyException g = assertThrows(NotCamReadyException.class, () -> locateForGradients(head));
        assertEquals(e.getMessage(), g.getMessage());
        assertTrue(e.getMessage().contains("the classifier's activation (Softmax 'classifier_softmax') is applied to"
                + " the class scores kept 4-D, [-1, 1, 1, 5] (a Conv2D(classes, 1, activation=\"softmax\") on"
                + " GlobalAveragePooling2D(keepdims=True)), before the Reshape to [N, classes], so no tensor holds the"
                + " logits as [N, classes]; export the model with python-export/export_cam.py, which reads this head, or"
                + " build that Conv2D without activation and put Activation(\"softmax\") after the Reshape"),
                e.getMessage());
    }

    /**
     * A Reshape to [N, classes] after the softmax (a Keras Reshape((classes,)) or Flatten on the class probabilities)
     * changes nothing: the softmax is found behind it, its input the logits, the output the probabilities, for CAM and
     * Grad-CAM. Before, CAM refused the model ("a non-linearity (Softmax ...) stands between the pooling and the
     * logits") and Grad-CAM took the probabilities for the logits (on a Keras 3 model so built, explain --method gradcam
     * printed p=0.1207 for digit 0, where Keras says 0.2917: their softmax).
     */
    @Test
    void aReshapeAfterTheSoftmaxIsLookedThrough() throws Exception {
        float[][] w = randomMatrix(C, 5);
        Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> head = tf -> x -> tf.withName("again").reshape(
                tf.withName("probs").nn.softmax(tf.withName("logits").linalg.matMul(tf.math.mean(
                        tf.withName("features").nn.relu(x), spatial(tf)), tf.constant(w))),
                tf.constant(new int[] {-1, 5}));
        CamLocator.CamHead h = locate(head, null, null);
        assertEquals("features:0", h.features());
        assertEquals("logits:0", h.logits());
        assertEquals("again:0", h.probabilities());
        assertEquals(ClassifierActivation.SOFTMAX, h.activation());
        CamLocator.CamHead g = locateForGradients(head);
        assertEquals("logits:0", g.logits());
        assertEquals(ClassifierActivation.SOFTMAX, g.activation());
    }

    @Test
    void namedTensorsOverrideWhatIsFound() throws Exception {
        float[][] w = randomMatrix(C, 5);
        CamLocator.CamHead h = locate(tf -> x -> tf.nn.softmax(tf.withName("logits").linalg.matMul(
                tf.math.mean(tf.withName("act").nn.relu(tf.withName("pre").math.mul(x, tf.constant(2f))),
                        spatial(tf)), tf.constant(w))), "act", "logits:0");
        assertEquals("act:0", h.features());
        assertEquals("logits:0", h.logits());
    }

    /** The input standardisation CamLocator finds in x [-1, 4, 4, 3] -> body(tf, x), a CAM-ready head after it. */
    private static java.util.Optional<InputStandardisation> standardisation(
            Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> body) {
        float[][] w = randomMatrix(C, 5);
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, H, W, C)));
            Operand<TFloat32> out = tf.nn.softmax(tf.linalg.matMul(tf.math.mean(tf.nn.relu(body.apply(tf).apply(x)),
                    spatial(tf)), tf.constant(w)));
            try (Session s = new Session(g)) {
                return new CamLocator(g.toGraphDef(), g, s, out.asOutput().op().name() + ":0").inputStandardisation();
            }
        }
    }

    /**
     * keras.applications' 'caffe' preprocess_input (ResNet50, VGG16) inside a model: RGB to BGR (three StridedSlices
     * stacked again, as Keras 3 writes it, or a reverse), then ImageNet's mean of raw pixels added negated (a BiasAdd),
     * no division. The model wants raw pixels; before, nothing was found, it was fed 0..1, and a ResNet50 so built read
     * three pictures as class 803, where Keras read 618, 304 and 304.
     */
    @Test
    void aCaffeStyleMeanSubtractionAfterAChannelFlipIsFoundAndWantsRawPixels() {
        float[] negatedMean = {-103.939f, -116.779f, -123.68f};
        Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> stacked = tf -> x -> tf.withName("subtract_mean")
                .nn.biasAdd(tf.stack(List.of(tf.stridedSlice(x, org.tensorflow.ndarray.index.Indices.ellipsis(),
                        org.tensorflow.ndarray.index.Indices.at(2)), tf.stridedSlice(x,
                        org.tensorflow.ndarray.index.Indices.ellipsis(), org.tensorflow.ndarray.index.Indices.at(1)),
                        tf.stridedSlice(x, org.tensorflow.ndarray.index.Indices.ellipsis(),
                                org.tensorflow.ndarray.index.Indices.at(0))),
                        org.tensorflow.op.core.Stack.axis(-1L)), tf.constant(negatedMean));
        Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> reversed = tf -> x -> tf.withName("subtract_mean")
                .math.add(tf.reverse(x, tf.constant(new int[] {-1})), tf.constant(negatedMean));
        for (var body : List.of(stacked, reversed)) {
            InputStandardisation s = standardisation(body).orElseThrow();
            org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {103.939, 116.779, 123.68}, s.mean(), 1e-3);
            assertTrue(s.takesRawPixels(), s.toString());
            assertEquals("x - [103.9, 116.8, 123.7] ('subtract_mean')", s.toString());
        }
        // A shift of pixels in 0..1 (x - 0.5) is no statistic of raw pixels.
        assertTrue(!standardisation(tf -> x -> tf.math.sub(x, tf.constant(0.5f))).orElseThrow().takesRawPixels());
    }

    /**
     * A shift then a multiplication by 0 (or a division by 0) wipes the picture out; it is not a standardisation. Read
     * as one, its deviation was infinite, which took the model for one of raw 8-bit pixels and printed "/ [Infinity]".
     * A real deviation beside it (x - 0.5) / 0.25 is still read.
     */
    @Test
    void aZeroFactorAfterTheShiftIsNoStandardisation() {
        assertTrue(standardisation(tf -> x -> tf.math.mul(tf.math.sub(x, tf.constant(0.5f)), tf.constant(0f))).isEmpty());
        assertTrue(standardisation(tf -> x -> tf.math.realDiv(tf.math.sub(x, tf.constant(0.5f)), tf.constant(0f))).isEmpty());
        InputStandardisation real = standardisation(tf -> x -> tf.math.mul(tf.math.sub(x, tf.constant(0.5f)),
                tf.constant(4f))).orElseThrow();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.25}, real.std(), 1e-9);
        assertTrue(!real.takesRawPixels(), real.toString());
    }

    /** A graph x [-1, 8, 8, 3] -> head -> output, located for Grad-CAM without overrides. */
    private static CamLocator.CamHead locateForGradients(
            Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> head) throws NotCamReadyException {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 8, 8, C)));
            Operand<TFloat32> out = head.apply(tf).apply(x);
            try (Session s = new Session(g)) {
                return new CamLocator(g.toGraphDef(), g, s, out.asOutput().op().name() + ":0")
                        .locateForGradients(null, null);
            }
        }
    }

    /**
     * Grad-CAM's fallback takes the last [N, h, w, K] map, not a channels-first tensor after it (which read [N, 3, 8,
     * 8] as 3 rows of 8 cells) nor a 1x1 pooled one (an AvgPool to one cell kept 4-D, which gave a 1x1 map; 'same'
     * padding here, since a 'valid' full-window one is now taken as global average pooling).
     */
    @Test
    void gradCamSkipsChannelsFirstAndOneByOneTensors() throws Exception {
        float[][] w = randomMatrix(C, 5);
        CamLocator.CamHead channelsFirst = locateForGradients(tf -> x -> tf.nn.softmax(tf.linalg.matMul(tf.math.mean(
                tf.withName("nchw").linalg.transpose(tf.withName("maps").nn.relu(x), tf.constant(new int[] {0, 3, 1, 2})),
                tf.constant(new int[] {2, 3})), tf.constant(w))));
        assertEquals("maps:0", channelsFirst.features());
        // The layout is followed along the chain: a ReLU after the transpose to channels first is channels first too,
        // and the transpose back ([0, 2, 3, 1]) is channels last again (it was skipped, and the ReLU before it taken).
        // (A tanh after the pooling makes the head non-linear, so that Grad-CAM's fallback walks the chain.)
        CamLocator.CamHead back = locateForGradients(tf -> x -> tf.nn.softmax(tf.linalg.matMul(tf.math.tanh(tf.math.mean(
                tf.withName("nhwc").linalg.transpose(tf.withName("act").nn.relu(tf.linalg.transpose(x,
                        tf.constant(new int[] {0, 3, 1, 2}))), tf.constant(new int[] {0, 2, 3, 1})),
                tf.constant(new int[] {1, 2}))), tf.constant(w))));
        assertEquals("nhwc:0", back.features());
        CamLocator.CamHead reluAfter = locateForGradients(tf -> x -> tf.nn.softmax(tf.linalg.matMul(tf.math.tanh(
                tf.math.mean(tf.withName("act").nn.relu(tf.linalg.transpose(tf.withName("maps").nn.relu(x),
                        tf.constant(new int[] {0, 3, 1, 2}))), tf.constant(new int[] {2, 3}))), tf.constant(w))));
        assertEquals("maps:0", reluAfter.features());
        // A tf.div after the transpose keeps its input's layout as a RealDiv does (it was taken for channels last, and
        // the [N, 3, 8, 8] quotient for a 3 x 8 grid of 8 channels).
        CamLocator.CamHead divAfter = locateForGradients(tf -> x -> tf.nn.softmax(tf.linalg.matMul(tf.math.tanh(
                tf.math.mean(tf.withName("scaled").math.div(tf.linalg.transpose(tf.withName("maps").nn.relu(x),
                        tf.constant(new int[] {0, 3, 1, 2})), tf.constant(2f)), tf.constant(new int[] {2, 3}))),
                tf.constant(w))));
        assertEquals("maps:0", divAfter.features());
        CamLocator.CamHead avgPool = locateForGradients(tf -> x -> tf.nn.softmax(tf.linalg.matMul(tf.reshape(
                tf.withName("pooled").nn.avgPool(tf.withName("maps").nn.relu(x), List.of(1L, 8L, 8L, 1L),
                        List.of(1L, 8L, 8L, 1L), "SAME"), tf.constant(new int[] {-1, C})), tf.constant(w))));
        assertEquals("maps:0", avgPool.features());
        NotCamReadyException none = assertThrows(NotCamReadyException.class, () -> locateForGradients(tf -> x -> tf.nn
                .softmax(tf.linalg.matMul(tf.reshape(tf.withName("pooled").nn.avgPool(x, List.of(1L, 8L, 8L, 1L),
                        List.of(1L, 8L, 8L, 1L), "SAME"), tf.constant(new int[] {-1, C})), tf.constant(w)))));
        assertTrue(none.getMessage().contains("skipped: AvgPool 'pooled' [-1, 1, 1, 3] (a 1x1 grid)"), none.getMessage());
    }

    /** A softmax over one unit is 1 for every image; before, such a model was explained (p = 1 always). */
    @Test
    void aSoftmaxOverOneUnitIsRefused() {
        float[][] w = randomMatrix(C, 1);
        NotCamReadyException e = assertThrows(NotCamReadyException.class, () -> locate(tf -> x -> tf.withName("probs")
                .nn.softmax(tf.linalg.matMul(tf.math.mean(tf.nn.relu(x), spatial(tf)), tf.constant(w))), null, null));
        assertTrue(e.getMessage().contains("is a softmax over a single unit, so its probability is 1 for every image"),
                e.getMessage());
    }
}
