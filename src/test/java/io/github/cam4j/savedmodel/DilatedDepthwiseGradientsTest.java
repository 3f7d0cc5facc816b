package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.TensorData;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.DepthwiseConv2dNative;
import org.tensorflow.types.TFloat32;

/**
 * The gradients the gradient methods take through a dilated {@code DepthwiseConv2dNative} (Keras'
 * {@code DepthwiseConv2D(dilation_rate=2)}), crossed by its SpaceToBatchND twin ({@link DilatedGradients}), against the
 * same graph with the dilated kernel spread out into an undilated one, zeros between its taps, whose gradient
 * TensorFlow takes right and which shares no code with the twin. The graph, built with TensorFlow Java's ops: a 15x15
 * input of 2 channels, {@code c1} a 3x3 {@code Conv2D} to 3 channels (bias, ReLU), {@code d} a 3x3 depthwise
 * convolution of rate 2 (15 is odd, so the twin pads the input to a multiple of the rate and crops it back), channel
 * multiplier 1 or 2, 'same' or 'valid', with a bias and ReLU, then global average pooling and a dense layer of 4
 * logits; seeded weights, a batch of three pictures, each explained for another class.
 *
 * <p>Grad-CAM at {@code c1} and saliency match for multipliers 1 and 2, FullGrad for 2; a path around the
 * convolution is still refused. Before, the gradient methods refused features or an input before {@code d}. TensorFlow's own gradient there (its
 * registered gradient of {@code DepthwiseConv2dNative}, which {@link Graph#addGradients} builds, leaves the dilation
 * out) is off by about as much as the gradient's own size: {@link #tensorFlowsOwnGradientLeavesTheDilationOut}.
 */
class DilatedDepthwiseGradientsTest {
    private static final int SIDE = 15;
    private static final int BATCH = 3;
    private static final int IN = 2;
    private static final int MID = 3;
    private static final int CLASSES = 4;
    private static final int RATE = 2;

    /**
     * How far a gradient may lie from the spread graph's, relative to the largest of it: float32 sums of the same
     * products in another order (9 taps of 2 channels in {@code c1}, 9 taps in {@code d}, a mean over up to 225 cells)
     * differ by some 1e-6 of the largest term; 1e-4 leaves a margin, as in {@code DilatedGradientsTest}.
     */
    private static final double TOLERANCE = 1e-4;

    /** The seeded weights both graphs share. */
    private record Weights(float[] c1, float[] c1Bias, float[] d, float[] dBias, float[] dense, float[] denseBias) {
        static Weights seeded(int multiplier) {
            Random r = new Random(23);
            return new Weights(uniform(r, 9 * IN * MID, 0.5f), uniform(r, MID, 0.1f),
                    uniform(r, 9 * MID * multiplier, 0.5f), uniform(r, MID * multiplier, 0.1f),
                    uniform(r, MID * multiplier * CLASSES, 1f), uniform(r, CLASSES, 0.1f));
        }

        private static float[] uniform(Random r, int n, float scale) {
            float[] v = new float[n];
            for (int i = 0; i < n; i++) {
                v[i] = (r.nextFloat() * 2 - 1) * scale;
            }
            return v;
        }
    }

    /** The graph: its input {@code x}, features {@code c1} and logits {@code logits}, and a session on it. */
    private static final class Model implements AutoCloseable {
        final Graph graph = new Graph();
        final Session session = new Session(graph);

        /**
         * @param spread the dilated kernel spread out over the 5x5 pixels it reaches, an undilated depthwise
         *     convolution (TensorFlow's 'same' pads a kernel of that reach as it pads the dilated one), else the dilated
         *     {@code DepthwiseConv2dNative} itself
         */
        Model(Weights w, String padding, int multiplier, boolean spread) {
            Ops tf = Ops.create(graph);
            Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
                    Placeholder.shape(Shape.of(-1, SIDE, SIDE, IN)));
            Operand<TFloat32> c1 = tf.withName("c1").nn.relu(tf.withName("c1_bias").nn.biasAdd(tf.nn.conv2d(x,
                    tf.constant(Shape.of(3, 3, IN, MID), DataBuffers.of(w.c1())), List.of(1L, 1L, 1L, 1L), "SAME"),
                    tf.constant(w.c1Bias())));
            Operand<TFloat32> d;
            if (spread) {
                int reach = 2 * RATE + 1;
                int depth = MID * multiplier;
                float[] k = new float[reach * reach * depth];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        for (int c = 0; c < depth; c++) {
                            k[((i * RATE) * reach + j * RATE) * depth + c] = w.d()[(i * 3 + j) * depth + c];
                        }
                    }
                }
                d = tf.nn.depthwiseConv2dNative(c1, tf.constant(Shape.of(reach, reach, MID, multiplier),
                        DataBuffers.of(k)), List.of(1L, 1L, 1L, 1L), padding);
            } else {
                d = tf.withName("d").nn.depthwiseConv2dNative(c1, tf.constant(Shape.of(3, 3, MID, multiplier),
                        DataBuffers.of(w.d())), List.of(1L, 1L, 1L, 1L), padding,
                        DepthwiseConv2dNative.dilations(List.of(1L, (long) RATE, (long) RATE, 1L)));
            }
            Operand<TFloat32> pooled = tf.math.mean(tf.nn.relu(tf.withName("d_bias").nn.biasAdd(d,
                    tf.constant(w.dBias()))),
                    tf.constant(new int[] {1, 2}));
            tf.withName("logits").nn.biasAdd(tf.linalg.matMul(pooled, tf.constant(Shape.of(MID * multiplier, CLASSES),
                    DataBuffers.of(w.dense()))), tf.constant(w.denseBias()));
        }

        /** @return the tensors' values at the pictures, the class weights fed to {@code classWeights} */
        List<float[]> run(String classWeights, String... tensors) {
            try (TFloat32 in = TensorData.floats(Shape.of(BATCH, SIDE, SIDE, IN), pictures());
                    TFloat32 cw = TensorData.floats(Shape.of(BATCH, CLASSES), classWeights())) {
                Session.Runner runner = session.runner().feed("x", in);
                if (classWeights != null) {
                    runner.feed(classWeights, cw);
                }
                for (String t : tensors) {
                    runner.fetch(t);
                }
                try (Result r = runner.run()) {
                    List<float[]> out = new java.util.ArrayList<>();
                    for (int i = 0; i < tensors.length; i++) {
                        out.add(TensorData.toArray(r.get(i)));
                    }
                    return out;
                }
            }
        }

        /** @return TensorFlow's own gradient of the class-weighted logits at {@code at}, its class weights' name */
        String[] ownGradient(String at) {
            Ops tf = Ops.create(graph).withSubScope("own_" + at);
            Placeholder<TFloat32> weights = tf.placeholder(TFloat32.class);
            Output<?> g = graph.addGradients("own_gradient_" + at, new Output<?>[] {graph.operation("logits").output(0)},
                    new Output<?>[] {graph.operation(at).output(0)}, new Output<?>[] {weights.asOutput()})[0];
            return new String[] {GradientOps.name(weights.asOutput()), GradientOps.name(g)};
        }

        @Override
        public void close() {
            session.close();
            graph.close();
        }
    }

    /** Three pictures: a vertical stroke, a horizontal one, a diagonal, on a faint seeded noise, in both channels. */
    private static float[] pictures() {
        Random random = new Random(11);
        float[] px = new float[BATCH * SIDE * SIDE * IN];
        for (int i = 0; i < px.length; i++) {
            px[i] = random.nextFloat() * 0.1f;
        }
        for (int t = 2; t < 13; t++) {
            int[] cells = {t * SIDE + 7, SIDE * SIDE + 7 * SIDE + t, 2 * SIDE * SIDE + t * SIDE + t};
            for (int cell : cells) {
                px[cell * IN] = 1;
                px[cell * IN + 1] = 0.5f;
            }
        }
        return px;
    }

    /** A one-hot row per picture, each at another class. */
    private static float[] classWeights() {
        float[] w = new float[BATCH * CLASSES];
        for (int n = 0; n < BATCH; n++) {
            w[n * CLASSES + (2 * n + 1) % CLASSES] = 1;
        }
        return w;
    }

    /**
     * @param scale each channel's factor (a bias), or null for none
     * @return the largest difference of {@code gradient} from {@code expected} times the channel's factor, relative to
     *     the largest of those products
     */
    private static double worst(float[] expected, float[] scale, float[] gradient, String what) {
        assertEquals(expected.length, gradient.length, what);
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            largest = Math.max(largest, Math.abs(expected[i] * (scale == null ? 1 : scale[i % scale.length])));
        }
        assertTrue(largest > 0, what + ": a gradient of zeros checks nothing");
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i] * (scale == null ? 1 : scale[i % scale.length]);
            worst = Math.max(worst, Math.abs(e - gradient[i]) / largest);
        }
        return worst;
    }

    /**
     * Checks the dilated graph's logits against the spread graph's (the same function: to 1e-5 of the largest logit,
     * float32 sums in another order), then {@code gradient} against the spread graph's gradient at {@code at}.
     *
     * @return the largest difference, relative to the largest gradient
     */
    private static double againstSpread(Model dilated, Weights w, String padding, int multiplier, String at,
            float[] gradient, String what) {
        return againstSpread(dilated, w, padding, multiplier, at, null, gradient, what);
    }

    /** As above, {@code gradient} against the spread graph's gradient times each channel's {@code scale}. */
    private static double againstSpread(Model dilated, Weights w, String padding, int multiplier, String at,
            float[] scale, float[] gradient, String what) {
        try (Model spread = new Model(w, padding, multiplier, true)) {
            String[] g = spread.ownGradient(at);
            List<float[]> theirs = spread.run(g[0], "logits", g[1]);
            float[] own = dilated.run(null, "logits").get(0);
            double largestLogit = 0;
            for (float z : own) {
                largestLogit = Math.max(largestLogit, Math.abs(z));
            }
            for (int i = 0; i < own.length; i++) {
                assertEquals(theirs.get(0)[i], own[i], 1e-5 * largestLogit, what + ": logit " + i);
            }
            return worst(theirs.get(1), scale, gradient, what);
        }
    }

    @ParameterizedTest
    @CsvSource({"SAME, 1", "SAME, 2", "VALID, 1", "VALID, 2"})
    void gradCamsGradientBeforeTheDilatedDepthwiseConvolutionIsTheLogitsOwn(String padding, int multiplier)
            throws Exception {
        Weights w = Weights.seeded(multiplier);
        try (Model m = new Model(w, padding, multiplier, false)) {
            GradientHead head = GradientOps.add(m.graph, "c1", "logits", GradientWeighting.GRAD_CAM, false);
            assertNull(head.unreliable());
            float[] gradient = m.run(head.classWeights(), head.gradient()).get(0);
            String what = "Grad-CAM at c1, " + padding + ", multiplier " + multiplier;
            double worst = againstSpread(m, w, padding, multiplier, "c1", gradient, what);
            System.out.println(what + ": largest difference " + worst);
            assertTrue(worst <= TOLERANCE, what + ": off by " + worst + " of the largest gradient");
        }
    }

    @ParameterizedTest
    @CsvSource({"SAME, 1", "SAME, 2", "VALID, 1", "VALID, 2"})
    void saliencysGradientThroughTheDilatedDepthwiseConvolutionIsTheLogitsOwn(String padding, int multiplier)
            throws Exception {
        Weights w = Weights.seeded(multiplier);
        try (Model m = new Model(w, padding, multiplier, false)) {
            InputGradients g = InputGradientOps.add(m.graph, new TensorNames("x", "c1", "logits", null), false);
            assertNull(g.unreliable());
            float[] gradient = m.run(g.classWeights(), g.gradient()).get(0);
            String what = "saliency, " + padding + ", multiplier " + multiplier;
            double worst = againstSpread(m, w, padding, multiplier, "x", gradient, what);
            System.out.println(what + ": largest difference " + worst);
            assertTrue(worst <= TOLERANCE, what + ": off by " + worst + " of the largest gradient");
        }
    }

    /**
     * FullGrad differentiates by the input and by every bias layer's output at once, in stages: its input gradient and
     * each convolution's contribution (its bias times the gradient at its output; {@code c1}'s crosses the dilated
     * depthwise convolution, {@code d}'s does not) are checked.
     */
    @ParameterizedTest
    @CsvSource({"SAME, 2", "VALID, 2"})
    void fullGradsGradientsAtEveryBiasLayerAreTheLogitsOwn(String padding, int multiplier) throws Exception {
        Weights w = Weights.seeded(multiplier);
        try (Model m = new Model(w, padding, multiplier, false)) {
            FullGradients f = FullGradOps.add(m.graph, new TensorNames("x", "c1", "logits", null), false);
            assertNull(f.unreliable());
            String what = "FullGrad, " + padding + ", multiplier " + multiplier;
            double worst = againstSpread(m, w, padding, multiplier, "x", m.run(f.classWeights(),
                    f.inputGradient()).get(0), what + ", input");
            List<String> checked = new java.util.ArrayList<>();
            for (BiasLayer b : f.layers()) {
                if (b.kind() != BiasLayer.Kind.CONVOLUTION) {
                    continue; // the dense layer's: after every convolution
                }
                float[] bias = b.op().equals("c1_bias") ? w.c1Bias() : w.dBias();
                worst = Math.max(worst, againstSpread(m, w, padding, multiplier, b.op(), bias,
                        m.run(f.classWeights(), b.contribution()).get(0), what + ", " + b.op()));
                checked.add(b.op());
            }
            assertEquals(List.of("c1_bias", "d_bias"), checked);
            System.out.println(what + ": largest difference " + worst);
            assertTrue(worst <= TOLERANCE, what + ": off by " + worst + " of the largest gradient");
        }
    }

    /**
     * A path from the features to the logits around the dilated depthwise convolution (a residual sum) is still
     * refused, naming it: the stages would miss that path.
     */
    @org.junit.jupiter.api.Test
    void aPathAroundTheDilatedDepthwiseConvolutionIsStillRefused() throws Exception {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 12, 12,
                    2)));
            Operand<TFloat32> c1 = tf.withName("c1").nn.relu(tf.nn.conv2d(x, tf.constant(Shape.of(3, 3, 2, 2),
                    DataBuffers.of(new float[36])), List.of(1L, 1L, 1L, 1L), "SAME"));
            Operand<TFloat32> d = tf.withName("d").nn.depthwiseConv2dNative(c1, tf.constant(Shape.of(3, 3, 2, 1),
                    DataBuffers.of(new float[18])), List.of(1L, 1L, 1L, 1L), "SAME",
                    DepthwiseConv2dNative.dilations(List.of(1L, 2L, 2L, 1L)));
            Operand<TFloat32> pooled = tf.math.mean(tf.nn.relu(tf.math.add(c1, d)), tf.constant(new int[] {1, 2}));
            tf.withName("logits").linalg.matMul(pooled, tf.constant(Shape.of(2, 3), DataBuffers.of(new float[6])));
            String why = GradientOps.add(g, "c1", "logits", GradientWeighting.GRAD_CAM, false).unreliable();
            assertTrue(why != null && why.startsWith("a gradient method cannot be taken at features 'c1' through the"
                    + " dilated DepthwiseConv2dNative 'd' (dilation 2x2) on their way to logits 'logits'")
                    && why.contains("(a path from 'c1:0' to the logits goes around it (a residual sum?))"), why);
        }
    }

    /**
     * Why the twin: TensorFlow's own gradient through the dilated depthwise convolution, against the same spread graph,
     * is off by more than the largest gradient itself with 'same' padding (1.29 of it with multiplier 1, 1.21 with 2),
     * so the checks above fail where the twin is bypassed. With 'valid' padding it is not checked here because it
     * cannot be: running it aborts the JVM in oneDNN ("could not create a primitive descriptor for a convolution
     * forward propagation primitive"), as TensorFlow's gradient of a dilated 'valid' {@code Conv2D} does.
     */
    @ParameterizedTest
    @CsvSource({"SAME, 1", "SAME, 2"})
    void tensorFlowsOwnGradientLeavesTheDilationOut(String padding, int multiplier) {
        Weights w = Weights.seeded(multiplier);
        try (Model m = new Model(w, padding, multiplier, false)) {
            String[] g = m.ownGradient("c1");
            float[] gradient = m.run(g[0], g[1]).get(0);
            String what = "TensorFlow's own gradient at c1, " + padding + ", multiplier " + multiplier;
            double worst = againstSpread(m, w, padding, multiplier, "c1", gradient, what);
            System.out.println(what + ": largest difference " + worst);
            assertTrue(worst > 0.1, what + ": off by only " + worst + " of the largest gradient");
        }
    }
}
