package io.github.cam4j.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Keras' {@code Conv2D} (channels last, no groups): a 2-D convolution, optional bias, activation.
 *
 * <p>A dilation rate spaces the kernel's taps {@code d} pixels apart, so a 3x3 kernel at rate 2 reaches over 5x5 with
 * nine weights; as in Keras, a rate above 1 cannot go with a stride above 1.
 *
 * @param name layer name
 * @param filters output channels
 * @param kernelSize kernel height and width
 * @param strides vertical and horizontal stride
 * @param dilationRate vertical and horizontal dilation rate (1: none)
 * @param padding same or valid
 * @param activation applied after the bias
 * @param useBias whether a bias is added
 * @param kernelInitializer initialiser of the kernel
 * @param biasInitializer initialiser of the bias
 */
public record Conv2D(String name, int filters, int[] kernelSize, int[] strides, int[] dilationRate, Padding padding,
        Activation activation, boolean useBias, Initializer kernelInitializer, Initializer biasInitializer) implements Layer {

    /** Keras' class name. */
    public static final String KERAS_CLASS = "Conv2D";

    /**
     * Refuses a dilation the layer cannot honour, as {@link #fromKeras} does for a config: training builds a dilated
     * convolution at stride 1 ({@link #callForTraining}), and Keras refuses a rate above 1 with a stride above 1.
     *
     * @param name the layer's name, unique in its model; its weights are named {@code name_kernel} and
     *     {@code name_bias}
     * @param filters output channels
     * @param kernelSize {@code {height, width}} of the kernel in pixels
     * @param strides {@code {vertical, horizontal}} step in pixels between outputs; {@code {1, 1}} for every position
     * @param dilationRate {@code {vertical, horizontal}} spacing of the kernel's taps, each at least 1 ({@code {1, 1}}:
     *     no dilation); not null, and a rate above 1 needs strides {@code {1, 1}}
     * @param padding {@link Padding#SAME} (zero-padded, output {@code ceil(in / stride)}) or {@link Padding#VALID}
     * @param activation applied after the bias
     * @param useBias whether a bias (one value per filter) is added
     * @param kernelInitializer how training draws the kernel's first values
     * @param biasInitializer how training sets the bias's first values (Keras' default: zeros)
     * @throws IllegalArgumentException naming the layer, when the dilation is not two rates of at least 1 or comes
     *     with a stride above 1
     */
    public Conv2D {
        if (dilationRate == null || dilationRate.length != 2 || dilationRate[0] < 1 || dilationRate[1] < 1) {
            throw new IllegalArgumentException("layer '" + name + "' (Conv2D): dilation must be two rates of at least 1,"
                    + " got " + java.util.Arrays.toString(dilationRate));
        }
        if (strides != null && dilatedAndStrided(dilationRate, strides)) {
            throw new IllegalArgumentException("layer '" + name + "' (Conv2D): dilation " + dilationRate[0] + "x"
                    + dilationRate[1] + " cannot go with strides " + strides[0] + "x" + strides[1]
                    + " (one of them must be 1, as in Keras)");
        }
    }

    /** @return whether a rate above 1 comes with a stride above 1, which Keras and TensorFlow do not implement */
    private static boolean dilatedAndStrided(int[] dilation, int[] strides) {
        return (dilation[0] > 1 || dilation[1] > 1) && (strides[0] > 1 || strides[1] > 1);
    }

    /**
     * A convolution with Keras' defaults for everything not given: stride 1, bias, Glorot-uniform kernel, zero bias.
     *
     * @param name the layer's name, unique in its model
     * @param filters output channels
     * @param kernel the side of the square kernel in pixels
     * @param padding {@link Padding#SAME} (zero-padded, output {@code ceil(in / stride)}) or {@link Padding#VALID}
     * @param activation applied after the bias
     * @return the layer
     */
    public static Conv2D of(String name, int filters, int kernel, Padding padding, Activation activation) {
        return new Conv2D(name, filters, new int[] {kernel, kernel}, new int[] {1, 1}, new int[] {1, 1}, padding, activation,
                true, Initializer.GLOROT_UNIFORM, Initializer.ZEROS);
    }

    static Conv2D fromKeras(KerasArgs args) throws ModelConfigException {
        args.requireDefault("data_format", "channels_last");
        args.requireDefault("groups", "1");
        int filters = args.requiredInt("filters");
        if (filters < 1) {
            throw new ModelConfigException("layer '" + args.layer() + "': argument 'filters' must be positive, got " + filters);
        }
        int[] strides = args.pair("strides", new int[] {1, 1});
        int[] dilation = args.pair("dilation_rate", new int[] {1, 1});
        if (dilatedAndStrided(dilation, strides)) {
            // Keras refuses the pair too: TensorFlow's convolution does not implement it.
            throw new ModelConfigException("layer '" + args.layer() + "': 'dilation_rate' " + dilation[0] + "x" + dilation[1]
                    + " cannot go with 'strides' " + strides[0] + "x" + strides[1] + " (one of them must be 1, as in Keras)");
        }
        return new Conv2D(args.layer(), filters, args.requiredPair("kernel_size"), strides, dilation,
                Padding.fromKeras(args.layer(), args.string("padding", "valid")),
                Activation.fromKeras(args.layer(), args.string("activation", "linear")),
                args.bool("use_bias", true),
                args.initializer("kernel_initializer", Initializer.GLOROT_UNIFORM),
                args.initializer("bias_initializer", Initializer.ZEROS));
    }

    @Override
    public String kerasClassName() {
        return KERAS_CLASS;
    }

    @Override
    public long[] outputShape(long[] input) throws ModelConfigException {
        if (input.length != 4) {
            throw new ModelConfigException("layer '" + name + "' (Conv2D) needs a rank-4 input [batch, height, width, "
                    + "channels], got rank " + input.length);
        }
        long h = padding.outputLength(input[1], reach(0), strides[0]);
        long w = padding.outputLength(input[2], reach(1), strides[1]);
        if (h == 0 || w == 0) {
            throw new ModelConfigException("layer '" + name + "' (Conv2D): input " + input[1] + "x" + input[2]
                    + " is smaller than its " + kernelSize[0] + "x" + kernelSize[1] + " kernel"
                    + (reach(0) != kernelSize[0] || reach(1) != kernelSize[1]
                            ? " (reaching " + reach(0) + "x" + reach(1) + " at dilation " + dilationRate[0] + "x" + dilationRate[1] + ")"
                            : "")
                    + " with 'valid' padding");
        }
        return new long[] {input[0], h, w, filters};
    }

    /** @return the pixels one kernel spans on an axis, its taps {@code dilation} apart: {@code (k - 1) * d + 1} */
    private int reach(int axis) {
        return (kernelSize[axis] - 1) * dilationRate[axis] + 1;
    }

    @Override
    public List<WeightSpec> weights(long[] input) {
        long channels = input[3];
        long area = (long) kernelSize[0] * kernelSize[1];
        List<WeightSpec> specs = new ArrayList<>();
        specs.add(new WeightSpec(name + "_kernel", new long[] {kernelSize[0], kernelSize[1], channels, filters},
                kernelInitializer, area * channels, area * filters));
        if (useBias) {
            // Keras' fans of a vector are its length, both ways: a Glorot or He bias was drawn on the kernel's fans.
            specs.add(new WeightSpec(name + "_bias", new long[] {filters}, biasInitializer, filters, filters));
        }
        return specs;
    }

    @Override
    public Operand<TFloat32> call(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights) {
        Operand<TFloat32> y = tf.nn.conv2d(x, weights.get(name + "_kernel"),
                List.of(1L, (long) strides[0], (long) strides[1], 1L), padding.tfName(),
                org.tensorflow.op.nn.Conv2d.dilations(List.of(1L, (long) dilationRate[0], (long) dilationRate[1], 1L)));
        return biasAndActivation(tf, y, weights);
    }

    private Operand<TFloat32> biasAndActivation(Ops tf, Operand<TFloat32> y, Map<String, Operand<TFloat32>> weights) {
        Operand<TFloat32> out = useBias ? tf.nn.biasAdd(y, weights.get(name + "_bias")) : y;
        return activation.apply(tf, out);
    }

    /**
     * A dilated convolution as TensorFlow's Python {@code tf.nn.convolution} builds it for training on a CPU:
     * {@code SpaceToBatchND} by the rate, an undilated 'valid' convolution, {@code BatchToSpaceND}, padded and cropped
     * so that the result is the dilated convolution's, 'same' or 'valid'. TensorFlow's C++ gradient of {@code Conv2D}
     * (what {@code tf.gradients} uses here) drops the op's dilations: with 'same' padding it gave the undilated
     * convolution's gradient and a dilated model did not learn; with 'valid' its shapes did not match, and with oneDNN
     * on the JVM died in the backward pass. The exported model keeps the one dilated {@code Conv2D}, whose geometry
     * {@code FeatureGrid} reads and whose forward pass is the same function.
     */
    @Override
    public Operand<TFloat32> callForTraining(Ops tf, Operand<TFloat32> x, Map<String, Operand<TFloat32>> weights,
            long seed) {
        if (dilationRate[0] == 1 && dilationRate[1] == 1) {
            return call(tf, x, weights);
        }
        // (A rate above 1 comes with stride 1: fromKeras refuses the pair, as Keras does.)
        Operand<TFloat32> y = AtrousConvolution.build(tf, x, weights.get(name + "_kernel"), kernelSize, dilationRate,
                padding == Padding.SAME);
        return biasAndActivation(tf, y, weights);
    }

    @Override
    public void writeKerasConfig(ObjectNode config) {
        config.put("filters", filters);
        config.putArray("kernel_size").add(kernelSize[0]).add(kernelSize[1]);
        config.putArray("strides").add(strides[0]).add(strides[1]);
        config.put("padding", padding.kerasName());
        config.put("data_format", "channels_last");
        config.putArray("dilation_rate").add(dilationRate[0]).add(dilationRate[1]);
        config.put("groups", 1);
        config.put("activation", activation.kerasName());
        config.put("use_bias", useBias);
        KerasJson.putInitializer(config, "kernel_initializer", kernelInitializer);
        KerasJson.putInitializer(config, "bias_initializer", biasInitializer);
        KerasJson.putNoRegularizers(config);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Conv2D c && c.toString().equals(toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    @Override
    public String toString() {
        return "Conv2D[" + name + ", filters=" + filters + ", kernel=" + kernelSize[0] + "x" + kernelSize[1] + ", strides="
                + strides[0] + "x" + strides[1] + (dilationRate[0] == 1 && dilationRate[1] == 1 ? ""
                        : ", dilation=" + dilationRate[0] + "x" + dilationRate[1]) + ", " + padding.kerasName() + ", " + activation.kerasName() + ", bias="
                + useBias + ", " + kernelInitializer.kerasName() + ", " + biasInitializer.kerasName() + "]";
    }
}
