package io.github.cam4j.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.op.random.RandomUniform;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Keras' {@code Dropout}: while training, each value is zeroed with probability {@code rate} and the rest scaled by
 * {@code 1 / (1 - rate)}; in the exported model it is the identity, and adds no op.
 *
 * <p>A {@code noiseShape} draws one keep-or-drop per group of values, as in Keras: {@code [null, null, null, 1]} before
 * the pooling drops whole cells of the last feature map (every channel of a position at once), so that no class can
 * rest on a few positions; {@code [null, 1, 1, null]} drops whole channels, like {@code SpatialDropout2D}.
 *
 * @param name layer name
 * @param rate the fraction of values (or groups) dropped while training, in [0, 1)
 * @param noiseShape one entry per input dimension: null for "as the input" (one draw per value along it), 1 for one
 *     draw shared along it, or the input's own size; null for no grouping
 */
public record Dropout(String name, double rate, Long[] noiseShape) implements Layer {

    /** Keras' class name. */
    public static final String KERAS_CLASS = "Dropout";

    /**
     * @param name the layer's name, unique in its model
     * @param rate the fraction dropped while training, at least 0 and below 1
     * @param noiseShape null, or one entry per input dimension, each null or at least 1 (copied)
     * @throws IllegalArgumentException naming the layer, when the rate or the noise shape is out of range
     */
    public Dropout {
        if (!(rate >= 0 && rate < 1)) {
            throw io.github.cam4j.SettingOutOfRangeException.of("layer '" + name + "' (Dropout): rate",
                    "must be at least 0 and below 1", rate);
        }
        if (noiseShape != null) {
            noiseShape = noiseShape.clone();
            for (Long d : noiseShape) {
                if (d != null && d < 1) {
                    throw new IllegalArgumentException("layer '" + name + "' (Dropout): noise_shape's sizes must be null or"
                            + " at least 1, got " + Arrays.toString(noiseShape));
                }
            }
        }
    }

    static Dropout fromKeras(KerasArgs args) throws ModelConfigException {
        double rate = args.requiredNumber("rate");
        Long[] noiseShape = args.optionalShape("noise_shape");
        // Keras' generator is not cam4j's, so its seed could not give Keras' masks: training draws them from its own seed.
        args.noteUnusedSeed("seed");
        try {
            return new Dropout(args.layer(), rate, noiseShape);
        } catch (IllegalArgumentException e) {
            throw new ModelConfigException(e.getMessage(), e);
        }
    }

    @Override
    public String kerasClassName() {
        return KERAS_CLASS;
    }

    @Override
    public long[] outputShape(long[] input) throws ModelConfigException {
        if (noiseShape != null) {
            if (noiseShape.length != input.length) {
                throw new ModelConfigException("layer '" + name + "' (Dropout): noise_shape " + Arrays.toString(noiseShape)
                        + " has " + noiseShape.length + " dimensions, its input " + input.length);
            }
            for (int i = 0; i < input.length; i++) {
                Long d = noiseShape[i];
                if (d != null && d != 1 && input[i] >= 0 && d != input[i]) {
                    throw new ModelConfigException("layer '" + name + "' (Dropout): noise_shape " + Arrays.toString(noiseShape)
                            + " does not fit its input " + Arrays.toString(input).replace("-1", "null")
                            + " (each size must be null, 1 or the input's)");
                }
            }
        }
        return input.clone();
    }

    @Override
    public List<WeightSpec> weights(long[] input) {
        return List.of();
    }

    /** The exported model's Dropout: the identity, so that the features CAM reads are the layer before's own. */
    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights) {
        return x;
    }

    @Override
    public Operand<TFloat32> callForTraining(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights,
            long seed) {
        if (rate == 0) {
            return x;
        }
        float keep = (float) (1 - rate);
        // (uniform >= rate) as 0 or 1, scaled so that the expected value of each output is its input, as Keras does.
        Operand<TFloat32> uniform = tf.random.randomUniform(maskShape(tf, x), TFloat32.class,
                RandomUniform.seed(seed), RandomUniform.seed2(seed >>> 17 ^ 0x2545F491L));
        Operand<TFloat32> mask = tf.dtypes.cast(tf.math.greaterEqual(uniform, tf.constant((float) rate)), TFloat32.class);
        return tf.math.mul(x, tf.math.div(mask, tf.constant(keep)));
    }

    private Operand<TInt32> maskShape(Ops tf, Operand<TFloat32> x) {
        Operand<TInt32> input = tf.shape(x);
        if (noiseShape == null) {
            return input;
        }
        List<Operand<TInt32>> dims = new ArrayList<>();
        for (int i = 0; i < noiseShape.length; i++) {
            dims.add(noiseShape[i] == null
                    ? tf.reshape(tf.gather(input, tf.constant(i), tf.constant(0)), tf.constant(new int[] {1}))
                    : tf.constant(new int[] {Math.toIntExact(noiseShape[i])}));
        }
        return tf.concat(dims, tf.constant(0));
    }

    @Override
    public void writeKerasConfig(ObjectNode config) {
        config.put("rate", rate);
        if (noiseShape == null) {
            config.putNull("noise_shape");
        } else {
            ArrayNode shape = config.putArray("noise_shape");
            for (Long d : noiseShape) {
                if (d == null) {
                    shape.addNull();
                } else {
                    shape.add(d);
                }
            }
        }
        config.putNull("seed");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dropout d && d.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "Dropout[" + name + ", rate=" + rate + (noiseShape == null ? "" : ", noise_shape=" + Arrays.toString(noiseShape)) + "]";
    }
}
