package io.github.cam4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code MaxPooling2D} (channels last).
 *
 * @param name layer name
 * @param poolSize window height and width
 * @param strides vertical and horizontal stride (Keras' default: the pool size)
 * @param padding same or valid (Keras' default: valid)
 */
public record MaxPooling2D(String name, int[] poolSize, int[] strides, Padding padding) implements Layer {

    /** Keras' class name. */
    public static final String KERAS_CLASS = "MaxPooling2D";

    /**
     * Keras' default pooling: square window, stride equal to the window, valid padding.
     *
     * @param name layer name
     * @param size window size
     * @return the layer
     */
    public static MaxPooling2D of(String name, int size) {
        return new MaxPooling2D(name, new int[] {size, size}, new int[] {size, size}, Padding.VALID);
    }

    static MaxPooling2D fromKeras(KerasArgs args) throws ModelConfigException {
        args.requireDefault("data_format", "channels_last");
        int[] pool = args.pair("pool_size", new int[] {2, 2});
        return new MaxPooling2D(args.layer(), pool, args.pair("strides", pool),
                Padding.fromKeras(args.layer(), args.string("padding", "valid")));
    }

    @Override
    public String kerasClassName() {
        return KERAS_CLASS;
    }

    @Override
    public long[] outputShape(long[] input) throws ModelConfigException {
        if (input.length != 4) {
            throw new ModelConfigException("layer '" + name + "' (MaxPooling2D) needs a rank-4 input, got rank " + input.length);
        }
        long h = padding.outputLength(input[1], poolSize[0], strides[0]);
        long w = padding.outputLength(input[2], poolSize[1], strides[1]);
        if (h == 0 || w == 0) {
            throw new ModelConfigException("layer '" + name + "' (MaxPooling2D): input " + input[1] + "x" + input[2]
                    + " is smaller than its " + poolSize[0] + "x" + poolSize[1] + " window");
        }
        return new long[] {input[0], h, w, input[3]};
    }

    @Override
    public List<WeightSpec> weights(long[] input) {
        return List.of();
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights) {
        return tf.nn.maxPool(x, tf.constant(new int[] {1, poolSize[0], poolSize[1], 1}),
                tf.constant(new int[] {1, strides[0], strides[1], 1}), padding.tfName());
    }

    @Override
    public void writeKerasConfig(ObjectNode config) {
        config.putArray("pool_size").add(poolSize[0]).add(poolSize[1]);
        config.putArray("strides").add(strides[0]).add(strides[1]);
        config.put("padding", padding.kerasName());
        config.put("data_format", "channels_last");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxPooling2D m && m.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "MaxPooling2D[" + name + ", pool=" + poolSize[0] + "x" + poolSize[1] + ", strides=" + strides[0] + "x"
                + strides[1] + ", " + padding.kerasName() + "]";
    }
}
