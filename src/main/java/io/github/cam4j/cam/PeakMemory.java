package io.github.cam4j.cam;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * The least memory one picture's run must hold at once, read from the model's graph before the run: a convolution's or a
 * pooling's 4-D float input and output exist together while it runs (an element-wise operation's output, which may take
 * its input's place), so the largest such sum is a floor no run goes below.
 * TensorFlow Java does not check an allocation that fails, and a picture too large for the machine ends the JVM inside
 * TensorFlow; a picture whose floor is already beyond the machine's memory is refused before the run instead.
 *
 * <p>Unlike {@link ActivationMemory}'s sum, which errs high, this errs low, so that it never refuses a run that would
 * have fitted: an output's height and width are followed from the input through the operations that keep a picture's
 * size (activations, bias, batch norm, additions) or divide it by their strides (convolutions, pooling), and an output
 * whose size cannot be followed that way (resizing, an imported model's function call) is not counted. The bundled
 * pooled model's floor is its first max pooling's: 32 values in and 8 out, 160 bytes, a pixel.
 */
final class PeakMemory {
    /** Operations whose outputs have their first 4-D input's height and width. */
    private static final Set<String> SAME_SIZE = Set.of("Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Sigmoid", "Tanh",
            "Softplus", "BiasAdd", "Add", "AddV2", "Sub", "Mul", "RealDiv", "Maximum", "Minimum", "FusedBatchNorm",
            "FusedBatchNormV3", "Identity", "Cast", "ConcatV2", "Square", "Neg", "Abs");
    /** Operations whose outputs have their first input's height and width divided by their strides. */
    private static final Set<String> STRIDED = Set.of("Conv2D", "DepthwiseConv2dNative", "MaxPool", "MaxPoolV2", "AvgPool");

    /** One operation's floor: {@code perPixel} bytes for each input pixel, plus {@code fixed} bytes. */
    record Floor(String operation, double perPixel, double fixed) {
        double bytes(long pixels) {
            return perPixel * pixels + fixed;
        }
    }

    private final List<Floor> floors;

    private PeakMemory(List<Floor> floors) {
        this.floors = floors;
    }

    /** @return the floors of {@code graph}'s operations, read once and weighed at any picture size */
    static PeakMemory of(Graph graph) {
        Map<String, double[]> scales = new HashMap<>();
        List<Floor> floors = new ArrayList<>();
        Iterator<GraphOperation> ops = graph.operations();
        while (ops.hasNext()) {
            GraphOperation op = ops.next();
            double perPixel = 0;
            double fixed = 0;
            List<Output<?>> tensors = new ArrayList<>();
            // An element-wise operation may write its output into its input's buffer (TensorFlow forwards an input no
            // other operation still needs): only its outputs are sure to be held. A convolution or a pooling reads its
            // input while it writes a new output: both are.
            if (!SAME_SIZE.contains(op.type())) {
                for (int i = 0; i < op.numInputs(); i++) {
                    tensors.add(op.input(i));
                }
            }
            for (int i = 0; i < op.numOutputs(); i++) {
                tensors.add(op.output(i));
            }
            for (Output<?> tensor : tensors) {
                Shape shape = tensor.shape();
                if (shape.numDimensions() != 4 || shape.size(3) <= 0 || tensor.dataType() != DataType.DT_FLOAT) {
                    continue;
                }
                if (shape.size(1) > 0 && shape.size(2) > 0) {
                    fixed += 4.0 * shape.size(1) * shape.size(2) * shape.size(3);
                } else {
                    double scale = scale((GraphOperation) tensor.op(), tensor.index(), scales);
                    if (scale > 0) {
                        perPixel += 4.0 * shape.size(3) * scale;
                    }
                }
            }
            if (perPixel > 0 || fixed > 0) {
                floors.add(new Floor(op.name(), perPixel, fixed));
            }
        }
        return new PeakMemory(floors);
    }

    /** @return the largest floor of any operation at this many pixels a picture, or null when the graph has none */
    Floor largest(long pixels) {
        Floor largest = null;
        for (Floor floor : floors) {
            if (largest == null || floor.bytes(pixels) > largest.bytes(pixels)) {
                largest = floor;
            }
        }
        return largest;
    }

    /**
     * @param model the model's name for the message
     * @param count pictures fed at once
     * @param height rows each picture is fed at
     * @param width columns each picture is fed at
     * @param pictures the pictures' names, or null
     * @param physical the machine's memory in bytes
     * @throws InvalidInputException naming the pictures, their size and the operation when the batch's floor is more
     *     than {@link ActivationMemory#SHARE} of {@code physical}
     */
    void check(String model, int count, int height, int width, List<String> pictures, long physical)
            throws InvalidInputException {
        long pixels = (long) height * width;
        Floor floor = largest(pixels);
        if (floor == null || count * floor.bytes(pixels) <= ActivationMemory.SHARE * physical) {
            return;
        }
        String which = RunChecks.fedAs(pictures, io.github.cam4j.Counted.of(count, "picture") + " of ");
        throw new InvalidInputException(String.format(java.util.Locale.ROOT, "model %s cannot run %s%dx%d pixels in"
                + " this machine's memory: its operation '%s' alone holds at least %.1f GB at once (%.0f bytes a pixel"
                + " with its input, read from the graph), more than %.0f %% of the machine's %.1f GB; give smaller"
                + " pictures%s", model, which, height, width, floor.operation(), count * floor.bytes(pixels) / 1e9,
                floor.perPixel(), 100 * ActivationMemory.SHARE, physical / 1e9, count > 1 ? " or fewer at once" : ""));
    }

    /**
     * @return the output's pixels as a share of the input picture's (1 at full size, 1/4 after a stride of 2), or 0
     *     when it cannot be followed
     */
    private static double scale(GraphOperation op, int output, Map<String, double[]> scales) {
        double[] known = scales.get(op.name());
        if (known == null) {
            known = new double[Math.max(1, op.numOutputs())];
            // Marked unknown first: a loop in the graph (a while loop's NextIteration) reads unknown, not forever.
            scales.put(op.name(), known);
            double first = firstInputScale(op, scales);
            double value;
            if (op.type().equals("Placeholder")) {
                value = 1; // the picture itself
            } else if (STRIDED.contains(op.type()) && first > 0) {
                long[] strides = strides(op);
                value = strides.length == 4 && strides[1] > 0 && strides[2] > 0 ? first / (strides[1] * strides[2]) : 0;
            } else {
                value = SAME_SIZE.contains(op.type()) ? first : 0;
            }
            java.util.Arrays.fill(known, value);
        }
        return known[Math.min(output, known.length - 1)];
    }

    /**
     * @return the op's strides, NHWC: an attribute, or {@code MaxPoolV2}'s third input where a constant gives it (cam4j's
     *     own graphs), else none
     */
    private static long[] strides(GraphOperation op) {
        if (!op.type().equals("MaxPoolV2")) {
            return op.attributes().getAttrIntList("strides");
        }
        GraphOperation given = (GraphOperation) op.input(2).op();
        if (!given.type().equals("Const")) {
            return new long[0];
        }
        try (org.tensorflow.Tensor value = given.attributes().getAttrTensor("value")) {
            if (value.dataType() != DataType.DT_INT32 || value.shape().numDimensions() != 1
                    || value.shape().size(0) != 4) {
                return new long[0];
            }
            // The attribute comes as a RawTensor: its bytes read as ints, as TensorData reads floats.
            var ints = value.asRawTensor().data().asInts();
            long[] strides = new long[4];
            for (int i = 0; i < 4; i++) {
                strides[i] = ints.getInt(i);
            }
            return strides;
        }
    }

    /**
     * @return the scale of the op's first 4-D input whose height and width are open and can be followed (an input the
     *     graph fixes, e.g. a {@code [1, 1, 1, C]} constant broadcast over the picture, says nothing of the output's)
     */
    private static double firstInputScale(GraphOperation op, Map<String, double[]> scales) {
        for (int i = 0; i < op.numInputs(); i++) {
            Output<?> input = op.input(i);
            Shape shape = input.shape();
            if (shape.numDimensions() == 4 && (shape.size(1) <= 0 || shape.size(2) <= 0)) {
                double scale = scale((GraphOperation) input.op(), input.index(), scales);
                if (scale > 0) {
                    return scale;
                }
            }
        }
        return 0;
    }
}
