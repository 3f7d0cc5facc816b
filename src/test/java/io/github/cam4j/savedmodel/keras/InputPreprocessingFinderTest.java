package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The pixel arithmetic a classifier graph starts with, written out as Keras' {@code Rescaling} and
 * {@code Normalization} layers (and hand-written graphs) write it: what cam4j reads decides the pixels it feeds the
 * model. Each graph is x [-1, 4, 4, 3] -> preprocessing -> relu -> mean over height and width -> dense -> softmax.
 * The constants are float32; the tolerance 1e-6 is float32's rounding of them, relative to values of order 1.
 */
class InputPreprocessingFinderTest {
    private static final double FLOAT32 = 1e-6;

    @Test
    void aDivisionByAConstantIsARescalingByItsReciprocal() {
        InputRescaling r = rescaling(tf -> x -> tf.withName("rescale").math.realDiv(x, tf.constant(255f))).orElseThrow();
        assertEquals(1 / 255.0, r.scale(), FLOAT32);
        assertEquals(0, r.offset());
        assertEquals("rescale", r.layer());
        assertTrue(r.takesRawPixels(), r.toString());
    }

    /**
     * TensorFlow 1.x's {@code tf.div(x, 255.)} writes a {@code Div}, not Keras' {@code RealDiv}: the same division on
     * float pixels. Read as none, the model was fed pixels already scaled to 0..1, which it divided by 255 again. A
     * {@code Div} after the shift is a standardisation's deviation as a {@code RealDiv} is.
     */
    @Test
    void tensorFlowOnesDivIsADivisionToo() {
        InputRescaling r = rescaling(tf -> x -> tf.withName("rescale").math.div(x, tf.constant(255f))).orElseThrow();
        assertEquals(1 / 255.0, r.scale(), FLOAT32);
        assertTrue(r.takesRawPixels(), r.toString());
        InputStandardisation n = standardisation(tf -> x -> tf.math.div(tf.math.sub(x, tf.constant(new float[] {0.5f,
                0.25f, 0.125f})), tf.constant(new float[] {0.2f, 0.4f, 0.8f}))).orElseThrow();
        assertArrayEquals(new double[] {0.2, 0.4, 0.8}, n.std(), FLOAT32);
    }

    /**
     * {@code Div} of integers floors: the pixels cast to int32 and divided by 255 are 0 or 1, no rescaling by 1/255 (it
     * was read as one, and cam4j fed the model pixels scaled to 0..1, which it cast to 0 nearly everywhere). Nor is an
     * integer division after the shift a standardisation's deviation.
     */
    @Test
    void anIntegerDivFloorsAndIsNoRescaling() {
        assertEquals(Optional.empty(), rescaling(tf -> x -> tf.dtypes.cast(tf.math.div(tf.dtypes.cast(x,
                TInt32.class), tf.constant(255)), TFloat32.class)));
        InputStandardisation shiftOnly = standardisation(tf -> x -> tf.dtypes.cast(tf.math.div(tf.dtypes.cast(
                tf.math.sub(x, tf.constant(128f)), TInt32.class), tf.constant(64)), TFloat32.class)).orElseThrow();
        assertArrayEquals(new double[] {1}, shiftOnly.std(), 0, "the flooring division is no deviation");
    }

    /** Keras' {@code Rescaling(1/127.5, offset=-1)}: a product then an addition; the same written as a subtraction. */
    @Test
    void anOffsetAddedOrSubtractedAfterTheProductIsRead() {
        for (BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> minusOne : java.util.List.<BiFunction<Ops,
                Operand<TFloat32>, Operand<TFloat32>>>of((tf, y) -> tf.math.add(y, tf.constant(-1f)),
                (tf, y) -> tf.math.add(tf.constant(-1f), y), (tf, y) -> tf.math.sub(y, tf.constant(1f)))) {
            InputRescaling r = rescaling(tf -> x -> minusOne.apply(tf, tf.math.mul(x, tf.constant(1 / 127.5f))))
                    .orElseThrow();
            assertEquals(1 / 127.5, r.scale(), FLOAT32);
            assertEquals(-1, r.offset(), FLOAT32);
        }
        // A BiasAdd after the product is a layer's bias, not the rescaling's offset.
        assertEquals(0, rescaling(tf -> x -> tf.nn.biasAdd(tf.math.mul(x, tf.constant(1 / 127.5f)),
                tf.constant(new float[] {-1, -1, -1}))).orElseThrow().offset());
    }

    /** What is no rescaling: a product by 0 or by one value per channel, a shift alone. */
    @Test
    void whatIsNoRescalingIsNotRead() {
        assertEquals(Optional.empty(), rescaling(tf -> x -> tf.math.mul(x, tf.constant(0f))), "x * 0 wipes it out");
        assertEquals(Optional.empty(), rescaling(tf -> x -> tf.math.mul(x, tf.constant(new float[] {1, 2, 3}))),
                "per channel: a standardisation's deviation, not one scale");
        assertEquals(Optional.empty(), rescaling(tf -> x -> tf.math.sub(x, tf.constant(0.5f))), "a shift alone");
        assertEquals(Optional.empty(), rescaling(tf -> x -> tf.math.realDiv(tf.constant(255f), x)),
                "255 / x is no scale of the pixels");
        assertEquals(1 / 255.0, rescaling(tf -> x -> tf.math.mul(tf.constant(1 / 255f), x)).orElseThrow().scale(),
                FLOAT32, "a product is the same with its constant first");
    }

    /** Keras' {@code Normalization}: (x - mean) / sqrt(variance), per channel; or times its reciprocal. */
    @Test
    void aShiftThenADivisionIsAStandardisationPerChannel() {
        float[] mean = {0.485f, 0.456f, 0.406f};
        float[] std = {0.229f, 0.224f, 0.225f};
        InputStandardisation divided = standardisation(tf -> x -> tf.math.realDiv(tf.withName("normalize")
                .math.sub(x, tf.constant(mean)), tf.constant(std))).orElseThrow();
        assertArrayEquals(new double[] {0.485, 0.456, 0.406}, divided.mean(), FLOAT32);
        assertArrayEquals(new double[] {0.229, 0.224, 0.225}, divided.std(), FLOAT32);
        assertEquals("normalize", divided.layer());
        // A constant first in an addition (-mean + x) is the same shift.
        InputStandardisation added = standardisation(tf -> x -> tf.math.add(tf.constant(new float[] {-0.5f, -0.25f,
                0}), x)).orElseThrow();
        assertArrayEquals(new double[] {0.5, 0.25, 0}, added.mean(), FLOAT32);
        assertArrayEquals(new double[] {1}, added.std(), 0, "no division after it: a deviation of 1");
        // Times the reciprocal with the constant first is the same division; a constant over the shifted pixels is none.
        assertArrayEquals(new double[] {0.25}, standardisation(tf -> x -> tf.math.mul(tf.constant(4f),
                tf.math.sub(x, tf.constant(0.5f)))).orElseThrow().std(), FLOAT32);
        assertArrayEquals(new double[] {1}, standardisation(tf -> x -> tf.math.realDiv(tf.constant(4f),
                tf.math.sub(x, tf.constant(0.5f)))).orElseThrow().std(), 0, "4 / (x - 0.5)");
    }

    /** A product or division first is a rescaling, not a standardisation; nor is a constant minus the pixels. */
    @Test
    void whatIsNoStandardisationIsNotRead() {
        assertEquals(Optional.empty(), standardisation(tf -> x -> tf.math.mul(x, tf.constant(1 / 255f))));
        assertEquals(Optional.empty(), standardisation(tf -> x -> tf.math.realDiv(x, tf.constant(255f))));
        assertEquals(Optional.empty(), standardisation(tf -> x -> tf.math.sub(tf.constant(0.5f), x)), "0.5 - x");
    }

    private static Optional<InputRescaling> rescaling(Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> body) {
        return find(body, InputPreprocessingFinder::inputRescaling);
    }

    private static Optional<InputStandardisation> standardisation(
            Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> body) {
        return find(body, InputPreprocessingFinder::inputStandardisation);
    }

    private static <T> T find(Function<Ops, Function<Operand<TFloat32>, Operand<TFloat32>>> body,
            Function<InputPreprocessingFinder, T> read) {
        try (Graph g = new Graph()) {
            Ops tf = Ops.create(g);
            Placeholder<TFloat32> x = tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 4, 4, 3)));
            Operand<TFloat32> pooled = tf.math.mean(tf.nn.relu(body.apply(tf).apply(x)), tf.constant(new int[] {1, 2}));
            Operand<TFloat32> out = tf.nn.softmax(tf.linalg.matMul(pooled, tf.constant(new float[][] {{1, 0}, {0, 1},
                    {1, 1}})));
            try (Session s = new Session(g)) {
                return read.apply(new InputPreprocessingFinder(new GraphView(g.toGraphDef(), g, s,
                        out.asOutput().op().name() + ":0", null)));
            }
        }
    }
}
