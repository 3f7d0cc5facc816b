package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.model.Sequential;
import io.github.cam4j.model.TensorData;
import io.github.cam4j.testing.DilatedModels;
import io.github.cam4j.testing.TinyModels;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The gradients the gradient methods take through dilated convolutions ({@link DilatedGradients}), on exported cam4j
 * models, against the same model rebuilt with each dilated kernel spread out into an undilated one ({@link Spread}),
 * whose gradient TensorFlow takes right and which shares no code with the SpaceToBatchND twin. The models: 28x28 grey
 * input, {@code c1} (rate 1), {@code c2} (rate 2), {@code c3} (rate 3, which divides neither 28 nor, after two
 * 'valid' convolutions, 22), 4 filters of 3x3 each, ReLU, with biases, then global average pooling and a dense layer of
 * 10; 'same' or 'valid' padding; a batch of three pictures, each explained for another class.
 *
 * <p>Before, every gradient method refused features or an input before {@code c2}; TensorFlow's own gradient there
 * (its {@code Conv2D} gradient leaves the dilation out) was as far off as the gradient's own size.
 */
class DilatedGradientsTest {
    @TempDir
    static Path tmp;

    private static final int SIDE = 28;
    private static final int BATCH = 3;
    private static final int[] RATES = {1, 2, 3};

    /**
     * How far a gradient may lie from the spread model's, relative to the largest of it: float32 sums of the same
     * products in another order (convolutions of 9 x 4 taps, a mean over up to 784 cells) differ by some 1e-6 of the
     * largest term; 1e-4 leaves a margin. TensorFlow's own gradient through the dilated convolutions was off by as much
     * as the largest.
     */
    private static final double TOLERANCE = 1e-4;

    /** Each exported model's weights, by padding. */
    private static final Map<String, Map<String, float[]>> WEIGHTS = new HashMap<>();

    private static Path export(String padding) throws Exception {
        Sequential model = DilatedModels.sequential(4, new int[] {3, 3, 3}, RATES,
                new String[] {padding, padding, padding});
        Path dir = tmp.resolve(padding);
        if (!WEIGHTS.containsKey(padding)) {
            WEIGHTS.put(padding, TinyModels.export(model, 7, dir));
        }
        return dir;
    }

    /** Three pictures: a vertical stroke, a horizontal one, a box, on a faint seeded noise. */
    private static float[] pictures() {
        java.util.Random random = new java.util.Random(11);
        float[] px = new float[BATCH * SIDE * SIDE];
        for (int i = 0; i < px.length; i++) {
            px[i] = random.nextFloat() * 0.1f;
        }
        for (int t = 4; t < 24; t++) {
            px[t * SIDE + 13] = 1;
            px[SIDE * SIDE + 14 * SIDE + t] = 1;
            px[2 * SIDE * SIDE + 6 * SIDE + t] = 1;
            px[2 * SIDE * SIDE + 22 * SIDE + t] = 1;
            px[2 * SIDE * SIDE + t * SIDE + 6] = 1;
            px[2 * SIDE * SIDE + t * SIDE + 22] = 1;
        }
        return px;
    }

    /** A one-hot row per picture, each at another class. */
    private static float[] classWeights(int classes) {
        float[] w = new float[BATCH * classes];
        for (int n = 0; n < BATCH; n++) {
            w[n * classes + (3 * n + 1) % classes] = 1;
        }
        return w;
    }

    /** @return the tensors' values at the pictures, with {@code fed} fed too */
    private static List<float[]> run(Session s, String input, Map<String, float[]> fed, int classes,
            String... tensors) {
        List<TFloat32> feeds = new ArrayList<>();
        try {
            TFloat32 in = TensorData.floats(Shape.of(BATCH, SIDE, SIDE, 1), pictures());
            feeds.add(in);
            Session.Runner runner = s.runner().feed(input, in);
            for (Map.Entry<String, float[]> e : fed.entrySet()) {
                TFloat32 t = TensorData.floats(Shape.of(BATCH, classes), e.getValue());
                feeds.add(t);
                runner.feed(e.getKey(), t);
            }
            for (String t : tensors) {
                runner.fetch(t);
            }
            try (Result r = runner.run()) {
                List<float[]> out = new ArrayList<>();
                for (int i = 0; i < tensors.length; i++) {
                    out.add(TensorData.toArray(r.get(i)));
                }
                return out;
            }
        } finally {
            feeds.forEach(TFloat32::close);
        }
    }

    /**
     * The exported model rebuilt in a graph of its own, each dilated kernel spread out over the {@code (k - 1) * rate
     * + 1} pixels it reaches, zeros between its taps: an undilated {@code Conv2D} of that kernel, 'same' or 'valid', is
     * the dilated convolution (TensorFlow's 'same' pads a kernel of that reach as it pads the dilated one), and
     * TensorFlow's gradient of an undilated convolution is right.
     */
    private static final class Spread implements AutoCloseable {
        final Graph graph = new Graph();
        final Session session = new Session(graph);
        final Placeholder<TFloat32> input;
        final Placeholder<TFloat32> weights;
        final Operand<TFloat32> logits;
        final Map<String, Operand<TFloat32>> layers = new HashMap<>();

        Spread(Map<String, float[]> w, String padding) {
            Ops tf = Ops.create(graph);
            input = tf.placeholder(TFloat32.class);
            weights = tf.placeholder(TFloat32.class);
            Operand<TFloat32> x = input;
            int in = 1;
            for (int l = 0; l < 3; l++) {
                int r = RATES[l];
                int reach = 2 * r + 1;
                float[] k = w.get("c" + (l + 1) + "_kernel");
                float[] spread = new float[reach * reach * in * 4];
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        for (int c = 0; c < in * 4; c++) {
                            spread[((i * r) * reach + j * r) * in * 4 + c] = k[(i * 3 + j) * in * 4 + c];
                        }
                    }
                }
                Operand<TFloat32> conv = tf.nn.conv2d(x, tf.constant(Shape.of(reach, reach, in, 4),
                        DataBuffers.of(spread)), List.of(1L, 1L, 1L, 1L), padding.toUpperCase(java.util.Locale.ROOT));
                Operand<TFloat32> biased = tf.nn.biasAdd(conv, tf.constant(w.get("c" + (l + 1) + "_bias")));
                layers.put("c" + (l + 1) + "/BiasAdd:0", biased);
                x = tf.nn.relu(biased);
                layers.put("c" + (l + 1) + "/Relu:0", x);
                in = 4;
            }
            Operand<TFloat32> pooled = tf.math.mean(x, tf.constant(new int[] {1, 2}));
            Operand<TFloat32> kernel = tf.constant(Shape.of(4, 10), DataBuffers.of(w.get("dense_kernel")));
            logits = tf.nn.biasAdd(tf.linalg.matMul(pooled, kernel), tf.constant(w.get("dense_bias")));
        }

        /** @return the logits, then d(sum of classWeights x logits) / d(layer), at the pictures */
        List<float[]> logitsAndGradient(String layer, float[] classWeights) {
            return logitsAndGradient(logits, 10, layer, classWeights);
        }

        /**
         * @return the logits, then d(sum of weights x target) / d(layer), at the pictures, the target [N, units]
         *     being the logits or the channel means of a layer ({@link #means})
         */
        List<float[]> logitsAndGradient(Operand<TFloat32> target, int units, String layer, float[] targetWeights) {
            Output<?> at = layer.equals("input") ? input.asOutput() : layers.get(layer).asOutput();
            Output<?> g = graph.addGradients(null, new Output<?>[] {target.asOutput()}, new Output<?>[] {at},
                    new Output<?>[] {weights.asOutput()})[0];
            try (TFloat32 in = TensorData.floats(Shape.of(BATCH, SIDE, SIDE, 1), pictures());
                    TFloat32 cw = TensorData.floats(Shape.of(BATCH, units), targetWeights);
                    Result r = session.runner().feed(input, in).feed(weights, cw).fetch(logits).fetch(g).run()) {
                return List.of(TensorData.toArray(r.get(0)), TensorData.toArray(r.get(1)));
            }
        }

        /** @return a layer's channels averaged over its cells, [N, channels] */
        Operand<TFloat32> means(String layer) {
            return Ops.create(graph).math.mean(layers.get(layer), Ops.create(graph).constant(new int[] {1, 2}));
        }

        @Override
        public void close() {
            session.close();
            graph.close();
        }
    }

    /**
     * Checks the exported model's logits against the spread model's (the same function: to 1e-5 of the largest
     * logit, float32 sums in another order), then {@code gradient} against the spread model's at the layer.
     *
     * @return the largest difference, relative to the largest gradient
     */
    private static double checkAgainstSpread(CamModel m, String padding, String layer, float[] gradient,
            float[] classWeights, String what) {
        try (Spread spread = new Spread(WEIGHTS.get(padding), padding)) {
            float[] own = run(m.session(), m.tensors().input(), Map.of(), 0, m.tensors().logits()).get(0);
            List<float[]> theirs = spread.logitsAndGradient(layer, classWeights);
            assertEquals(own.length, theirs.get(0).length);
            double largestLogit = 0;
            for (float z : own) {
                largestLogit = Math.max(largestLogit, Math.abs(z));
            }
            for (int i = 0; i < own.length; i++) {
                assertEquals(theirs.get(0)[i], own[i], 1e-5 * largestLogit, what + ": logit " + i);
            }
            float[] expected = theirs.get(1);
            assertEquals(expected.length, gradient.length, what);
            double largest = 0;
            for (float g : expected) {
                largest = Math.max(largest, Math.abs(g));
            }
            assertTrue(largest > 0, what + ": a gradient of zeros checks nothing");
            double worst = 0;
            for (int i = 0; i < expected.length; i++) {
                double off = Math.abs(expected[i] - gradient[i]);
                worst = Math.max(worst, off / largest);
                if (off > TOLERANCE * largest) {
                    throw new AssertionError(what + ": at value " + i + " of " + expected.length + " the gradient is "
                            + gradient[i] + ", the spread model's " + expected[i] + " (largest " + largest + ")");
                }
            }
            return worst;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"same", "valid"})
    void gradCamsGradientBeforeTwoDilatedConvolutionsIsTheLogitsOwn(String padding) throws Exception {
        Path dir = export(padding);
        try (CamModel m = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam()
                .withFoundOverrides("c1/Relu", null))) {
            GradientHead head = m.gradients().orElseThrow();
            assertNull(head.unreliable());
            float[] weights = classWeights(head.classes());
            float[] gradient = run(m.session(), m.tensors().input(), Map.of(head.classWeights(), weights),
                    head.classes(), head.gradient()).get(0);
            double worst = checkAgainstSpread(m, padding, "c1/Relu:0", gradient, weights, "Grad-CAM at c1/Relu, "
                    + padding);
            System.out.println("Grad-CAM at c1/Relu, " + padding + ": largest difference " + worst);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"same", "valid"})
    void saliencysGradientThroughTheDilatedConvolutionsIsTheLogitsOwn(String padding) throws Exception {
        Path dir = export(padding);
        try (CamModel m = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam())) {
            InputGradients g = m.inputGradients();
            assertNull(g.unreliable());
            float[] weights = classWeights(m.classes());
            float[] gradient = run(m.session(), m.tensors().input(), Map.of(g.classWeights(), weights), m.classes(),
                    g.gradient()).get(0);
            double worst = checkAgainstSpread(m, padding, "input", gradient, weights, "saliency, " + padding);
            System.out.println("saliency, " + padding + ": largest difference " + worst);
        }
    }

    /**
     * FullGrad differentiates by the input and by every bias layer's output at once, so its gradient is taken in
     * stages that hand each bias layer to the stage it lies in: the input's gradient and each convolution's
     * contribution (its bias times the gradient at its output) are checked.
     */
    @ParameterizedTest
    @ValueSource(strings = {"same", "valid"})
    void fullGradsGradientsAtEveryBiasLayerAreTheLogitsOwn(String padding) throws Exception {
        Path dir = export(padding);
        try (CamModel m = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam())) {
            FullGradients f = m.fullGradients();
            assertNull(f.unreliable());
            float[] weights = classWeights(m.classes());
            Map<String, float[]> fed = Map.of(f.classWeights(), weights);
            double worst = checkAgainstSpread(m, padding, "input", run(m.session(), m.tensors().input(), fed,
                    m.classes(), f.inputGradient()).get(0), weights, "FullGrad's input gradient, " + padding);
            List<String> checked = new ArrayList<>();
            for (BiasLayer b : f.layers()) {
                if (b.kind() != BiasLayer.Kind.CONVOLUTION) {
                    continue; // the dense layer's: after every convolution
                }
                String bias = GradientOps.name(((GraphOperation) m.session().graph().operation(b.op())).input(1));
                List<float[]> values = run(m.session(), m.tensors().input(), fed, m.classes(), b.contribution(), bias);
                float[] gradient = values.get(0);
                float[] beta = values.get(1);
                for (int i = 0; i < gradient.length; i++) {
                    // Seeded biases of about 0.1, far from zero: the gradient is the contribution over its bias.
                    assertTrue(Math.abs(beta[i % beta.length]) > 1e-3, b.op() + ": " + beta[i % beta.length]);
                    gradient[i] /= beta[i % beta.length];
                }
                worst = Math.max(worst, checkAgainstSpread(m, padding, b.op() + ":0", gradient, weights, "FullGrad at "
                        + b.op() + ", " + padding));
                checked.add(b.op());
            }
            assertEquals(List.of("c1/BiasAdd", "c2/BiasAdd", "c3/BiasAdd"), checked);
            System.out.println("FullGrad, " + padding + ": largest difference " + worst);
        }
    }

    /**
     * Each SpaceToBatchND twin gives its dilated convolution's value on the same input (within 1e-5 of the largest
     * value: float32 sums of the same products in another order), the nearest the logits first.
     */
    @ParameterizedTest
    @ValueSource(strings = {"same", "valid"})
    void eachTwinIsItsDilatedConvolution(String padding) throws Exception {
        Path dir = export(padding);
        try (CamModel m = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam()
                .withFoundOverrides("c1/Relu", null))) {
            String scope = m.gradients().orElseThrow().scope();
            String[] convs = {"c3/Conv2d", "c2/Conv2d"};
            for (int i = 0; i < convs.length; i++) {
                String twin = null;
                java.util.Iterator<GraphOperation> ops = m.session().graph().operations();
                while (ops.hasNext()) {
                    GraphOperation op = ops.next();
                    if (op.type().equals("BatchToSpaceND") && op.name().startsWith(scope + "_given_atrous" + i + "/twin/")) {
                        twin = op.name();
                    }
                }
                assertTrue(twin != null, "no twin of " + convs[i] + " under " + scope);
                List<float[]> values = run(m.session(), m.tensors().input(), Map.of(), 0, convs[i], twin);
                float[] own = values.get(0);
                float[] theirs = values.get(1);
                assertEquals(own.length, theirs.length, convs[i]);
                double largest = 0;
                for (float v : own) {
                    largest = Math.max(largest, Math.abs(v));
                }
                assertTrue(largest > 0, convs[i]);
                for (int k = 0; k < own.length; k++) {
                    assertEquals(own[k], theirs[k], 1e-5 * largest, convs[i] + " at " + k);
                }
            }
        }
    }

    /**
     * A graph where the features reach the logits both through a dilated convolution and around it (a residual sum):
     * the staged gradient would miss the path around, so the gradient methods still refuse it, saying so; the same
     * graph without the sum is taken, and so is one whose only other path reads the features' size (a {@code Size}
     * op, through which no gradient flows).
     */
    @org.junit.jupiter.api.Test
    void aPathAroundADilatedConvolutionIsStillRefused() throws Exception {
        for (String around : new String[] {"residual", "none", "size"}) {
            boolean residual = around.equals("residual");
            try (Graph g = new Graph()) {
                Ops tf = Ops.create(g);
                Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(-1, 12, 12, 2)));
                Operand<TFloat32> k = tf.constant(Shape.of(3, 3, 2, 2), DataBuffers.of(new float[36]));
                Operand<TFloat32> c1 = tf.withName("c1").nn.relu(tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME"));
                Operand<TFloat32> d = tf.withName("d").nn.conv2d(c1, k, List.of(1L, 1L, 1L, 1L), "SAME",
                        org.tensorflow.op.nn.Conv2d.dilations(List.of(1L, 2L, 2L, 1L)));
                Operand<TFloat32> sum = residual ? tf.math.add(c1, d) : d;
                Operand<TFloat32> pooled = tf.math.mean(tf.nn.relu(sum), tf.constant(new int[] {1, 2}));
                if (around.equals("size")) {
                    // Reshaped to its own shape, worked out from the features' size too (size / size = 1).
                    pooled = tf.reshape(pooled, tf.math.mul(tf.shape(pooled), tf.math.floorDiv(tf.size(c1),
                            tf.size(c1))));
                }
                tf.withName("logits").linalg.matMul(pooled, tf.constant(Shape.of(2, 3), DataBuffers.of(new float[6])));
                GradientHead head = GradientOps.add(g, "c1", "logits", GradientWeighting.GRAD_CAM, false);
                if (residual) {
                    assertTrue(head.unreliable() != null && head.unreliable().startsWith("a gradient method cannot be"
                            + " taken at features 'c1' through the dilated Conv2D 'd' (dilation 2x2) on their way to"
                            + " logits 'logits'") && head.unreliable().contains("(a path from 'c1:0' to the logits goes"
                            + " around it (a residual sum?))"), head.unreliable());
                } else {
                    assertNull(head.unreliable());
                }
            }
        }
    }

    /**
     * Activation maximization's gradient of a layer's channel means by the input ({@link ChannelGradientOps}) crosses
     * the dilated convolutions before the layer: it was taken by TensorFlow's own rule and never refused (the refusal
     * guarded the CAM and pixel methods only): with 'same' padding it was 0 where the spread model's is -4.9e-5 (at the
     * first value checked of the third picture), with 'valid' the JVM died in oneDNN ("could not create a primitive descriptor for a
     * convolution forward propagation primitive"). It now matches the spread model's.
     */
    @ParameterizedTest
    @ValueSource(strings = {"same", "valid"})
    void activationMaximizationsGradientThroughTheDilatedConvolutionsIsTheLayersOwn(String padding) throws Exception {
        Path dir = export(padding);
        try (CamModel m = CamModelLoader.load(dir, LoadOptions.defaults().withGradCam());
                Spread spread = new Spread(WEIGHTS.get(padding), padding)) {
            ChannelGradients c = m.channelGradients("c3/Relu");
            float[] weights = new float[BATCH * 4];
            for (int n = 0; n < BATCH; n++) {
                weights[n * 4 + (n + 1) % 4] = 1;
            }
            float[] gradient = run(m.session(), m.tensors().input(), Map.of(c.channelWeights(), weights), 4,
                    c.gradient()).get(0);
            float[] expected = spread.logitsAndGradient(spread.means("c3/Relu:0"), 4, "input", weights).get(1);
            double largest = 0;
            for (float g : expected) {
                largest = Math.max(largest, Math.abs(g));
            }
            assertTrue(largest > 0, padding);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], gradient[i], TOLERANCE * largest, padding + ": at value " + i);
            }
        }
    }
}
