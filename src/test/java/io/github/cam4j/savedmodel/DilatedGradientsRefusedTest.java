package io.github.cam4j.savedmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.nn.Conv2d;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.family.TNumber;

/**
 * The dilated convolutions {@link DilatedGradients} does not cross by its SpaceToBatchND twin, because the twin
 * ({@code AtrousConvolution}: channels last, stride 1, 'same' or 'valid', float32, a kernel of known size given apart
 * from the tensor differentiated by) is not that convolution: each refused, naming the convolution and why, on a real
 * graph that differs from an accepted one in that one respect alone. Had the twin's gradient been taken there, the map
 * would be the gradient of another function, unnoticed; the refusal is what the gradient methods show instead
 * ({@link GradientHead#unreliable()}). Only graphs are built: a refusal reads the graph, nothing is run.
 *
 * <p>Mutation testing found no test reaching any of these refusals (docs/mutation-testing.md, round38).
 */
class DilatedGradientsRefusedTest {
    /** A refusal read while its graph was open: the convolution's name and why. */
    private record Refused(String conv, String why) {
        static Refused of(DilatedGradients.Refusal r) {
            return r == null ? null : new Refused(r.conv().name(), r.why());
        }
    }

    /**
     * The graph: features {@code c1} (an undilated 3x3 convolution of a 12x12 input of 2 channels, ReLU), a dilated
     * 3x3 convolution {@code d} of them as {@code variant} says, the mean of its ReLU over the cells, logits by a 2x3
     * product. Its kinds: "plain" (accepted), "nchw", "strides", "explicit", "unknown-kernel", "float64",
     * "kernel-from-features", "two-branches" (two dilated convolutions side by side, summed).
     *
     * @return the refusal of the gradient of the logits at {@code c1}, null when there is none
     */
    private static Refused refusalOf(String variant) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            boolean nchw = variant.equals("nchw");
            if (variant.equals("float64")) {
                return refusalOfFloat64(g, tf);
            }
            Operand<TFloat32> x = tf.withName("x").placeholder(TFloat32.class,
                    Placeholder.shape(nchw ? Shape.of(-1, 2, 12, 12) : Shape.of(-1, 12, 12, 2)));
            Operand<TFloat32> k = tf.constant(Shape.of(3, 3, 2, 2), DataBuffers.of(new float[36]));
            Conv2d.Options format = Conv2d.dataFormat(nchw ? "NCHW" : "NHWC");
            Operand<TFloat32> c1 = tf.withName("c1").nn.relu(tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME",
                    format));
            Operand<TFloat32> dk = switch (variant) {
                case "unknown-kernel" -> tf.withName("kernel").placeholder(TFloat32.class,
                        Placeholder.shape(Shape.of(-1, -1, 2, 2)));
                // The kernel scaled by the features' mean: its gradient reaches the features by the kernel as well.
                case "kernel-from-features" -> tf.math.mul(k, tf.math.mean(c1, tf.constant(new int[] {0, 1, 2, 3})));
                default -> k;
            };
            List<Long> dilations = nchw ? List.of(1L, 1L, 2L, 2L) : List.of(1L, 2L, 2L, 1L);
            Operand<TFloat32> d;
            if (variant.equals("strides")) {
                d = tf.withName("d").nn.conv2d(c1, dk, List.of(1L, 2L, 2L, 1L), "SAME", Conv2d.dilations(dilations));
            } else if (variant.equals("explicit")) {
                d = tf.withName("d").nn.conv2d(c1, dk, List.of(1L, 1L, 1L, 1L), "EXPLICIT",
                        Conv2d.dilations(dilations), Conv2d.explicitPaddings(List.of(0L, 0L, 2L, 2L, 2L, 2L, 0L, 0L)));
            } else {
                d = tf.withName("d").nn.conv2d(c1, dk, List.of(1L, 1L, 1L, 1L), "SAME", Conv2d.dilations(dilations),
                        format);
            }
            if (variant.equals("two-branches")) {
                d = tf.math.add(d, tf.withName("e").nn.conv2d(c1, k, List.of(1L, 1L, 1L, 1L), "SAME",
                        Conv2d.dilations(List.of(1L, 3L, 3L, 1L))));
            }
            Operand<TFloat32> pooled = tf.math.mean(tf.nn.relu(d), tf.constant(nchw ? new int[] {2, 3} : new int[] {1, 2}));
            Operand<TFloat32> logits = tf.withName("logits").linalg.matMul(pooled,
                    tf.constant(Shape.of(2, 3), DataBuffers.of(new float[6])));
            return Refused.of(DilatedGradients.refusal(new Output<?>[] {logits.asOutput()}, new Output<?>[] {c1.asOutput()}));
        }
    }

    /** The plain graph in float64: the twin is built in float32 (and cam4j's maps are). */
    private static Refused refusalOfFloat64(Graph g, Ops tf) {
        Operand<TFloat64> x = tf.withName("x").placeholder(TFloat64.class, Placeholder.shape(Shape.of(-1, 12, 12, 2)));
        Operand<TFloat64> k = tf.constant(Shape.of(3, 3, 2, 2), DataBuffers.of(new double[36]));
        Operand<TFloat64> c1 = tf.withName("c1").nn.relu(tf.nn.conv2d(x, k, List.of(1L, 1L, 1L, 1L), "SAME"));
        Operand<TFloat64> d = tf.withName("d").nn.conv2d(c1, k, List.of(1L, 1L, 1L, 1L), "SAME",
                Conv2d.dilations(List.of(1L, 2L, 2L, 1L)));
        Operand<TFloat64> pooled = tf.math.mean(tf.nn.relu(d), tf.constant(new int[] {1, 2}));
        Operand<? extends TNumber> logits = tf.withName("logits").linalg.matMul(pooled,
                tf.constant(Shape.of(2, 3), DataBuffers.of(new double[6])));
        return Refused.of(DilatedGradients.refusal(new Output<?>[] {logits.asOutput()}, new Output<?>[] {c1.asOutput()}));
    }

    /** The control: the same graph, channels last, stride 1, 'same', float32, a constant kernel, is crossed. */
    @Test
    void thePlainGraphIsCrossed() {
        assertNull(refusalOf("plain"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nchw", "strides", "explicit", "unknown-kernel", "float64", "kernel-from-features"})
    void aConvolutionTheTwinIsNotIsRefusedSayingWhy(String variant) {
        Refused r = refusalOf(variant);
        assertNotNull(r, variant);
        assertEquals("d", r.conv(), variant);
        String why = switch (variant) {
            case "nchw" -> "it is NCHW, where cam4j reads channels last only";
            case "strides" -> "it has strides [1, 2, 2, 1]";
            case "explicit" -> "its padding is EXPLICIT, where cam4j rewrites 'SAME' and 'VALID' only";
            case "unknown-kernel" -> "its kernel's size is not known ([-1, -1, 2, 2])";
            case "float64" -> "it is float64, not float32";
            default -> "its kernel is computed from the tensor differentiated by";
        };
        assertEquals(why, r.why(), variant);
    }

    /**
     * Two dilated convolutions side by side: the staged gradient follows one chain of convolutions, so the pair is
     * refused naming both (the first found nearest the logits, and the other). The order between them is the graph
     * walk's; the test takes either.
     */
    @Test
    void dilatedConvolutionsSideBySideAreRefusedNamingBoth() {
        Refused r = refusalOf("two-branches");
        assertNotNull(r);
        String other = r.conv().equals("d") ? "e" : "d";
        assertTrue(List.of("d", "e").contains(r.conv()), r.conv());
        assertEquals("it and the dilated convolution '" + other + "' lie on separate paths", r.why());
    }
}
