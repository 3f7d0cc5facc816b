package io.github.cam4j.savedmodel.keras;

import static io.github.cam4j.savedmodel.keras.OpKinds.ADDS;
import static io.github.cam4j.savedmodel.keras.OpKinds.isTrueDivision;
import static io.github.cam4j.savedmodel.keras.OpKinds.PASS_THROUGH;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.tensorflow.proto.NodeDef;

/**
 * Finds what a classifier graph does to its input's pixel values first, a Keras {@code Rescaling} or
 * {@code Normalization} layer (or the same arithmetic written out), so that it is fed the pixels it expects.
 */
final class InputPreprocessingFinder {

    /**
     * Ops that move or resample pixels without changing their range: a Keras {@code Resizing} ({@code ResizeBilinear}
     * ...) or {@code CenterCrop} ({@code StridedSlice}) before the {@code Rescaling} leaves the pixels 0..255 that the
     * rescaling then takes. Skipped when looking for the input's rescaling: it was not found behind them, and such a
     * model was fed pixels scaled to 0..1 and read 0 of 8 pictures as Keras did.
     * The channels reordered (RGB to BGR, as keras.applications' 'caffe' preprocess_input does: three
     * {@code StridedSlice}s {@code Pack}ed again, or a {@code ReverseV2}) move pixels too.
     */
    private static final Set<String> GEOMETRIC = Set.of("ResizeBilinear", "ResizeNearestNeighbor", "ResizeBicubic",
            "ResizeArea", "ScaleAndTranslate", "StridedSlice", "Slice", "Pad", "PadV2", "MirrorPad", "Reshape",
            "Squeeze", "ExpandDims", "Transpose", "Pack", "ReverseV2");

    private final GraphView graph;

    /** @param graph the graph whose input is looked at */
    InputPreprocessingFinder(GraphView graph) {
        this.graph = graph;
    }

    /** @return the index in {@code chain} (the spine) of the first op after the input that computes with pixel values */
    private int firstArithmetic(List<String> chain) {
        int i = 1;
        while (i < chain.size() && (PASS_THROUGH.contains(graph.opOf(chain.get(i)))
                || GEOMETRIC.contains(graph.opOf(chain.get(i))))) {
            i++;
        }
        return i;
    }

    /**
     * @return the rescaling the graph applies to its input first, if it starts with a multiplication (or division) by
     *     a scalar constant, perhaps followed by the addition (or subtraction) of one: a Keras {@code Rescaling} layer
     */
    Optional<InputRescaling> inputRescaling() {
        List<String> chain = graph.spine();
        int i = firstArithmetic(chain);
        if (i >= chain.size()) {
            return Optional.empty();
        }
        NodeDef multiply = graph.producer(chain.get(i));
        // Read as RealDiv alone, tf.div(x, 255.) (a Div) was taken for no rescaling, and the model was fed pixels
        // already scaled to 0..1 that it divided again. A Div of integers floors, and is no rescaling.
        boolean divide = isTrueDivision(multiply);
        if (!divide && !multiply.getOp().equals("Mul")) {
            return Optional.empty();
        }
        Optional<Double> factor = graph.scalarOperand(multiply, !divide);
        if (factor.isEmpty() || factor.get() == 0) {
            return Optional.empty();
        }
        double scale = divide ? 1 / factor.get() : factor.get();
        double offset = 0;
        if (i + 1 < chain.size()) {
            NodeDef add = graph.producer(chain.get(i + 1));
            if (ADDS.contains(add.getOp()) && !add.getOp().startsWith("BiasAdd")) {
                Optional<Double> term = graph.scalarOperand(add, add.getOp().startsWith("Add"));
                if (term.isPresent()) {
                    offset = add.getOp().equals("Sub") ? -term.get() : term.get();
                }
            }
        }
        return Optional.of(new InputRescaling(scale, offset, multiply.getName()));
    }

    /**
     * @return the standardisation the graph applies to its input first, if it starts with the subtraction of a constant
     *     (a scalar or one value per channel; or its addition, negated: a {@code BiasAdd}), perhaps followed by a
     *     division by one (or a multiplication by its reciprocal): a Keras {@code Normalization} layer, or
     *     keras.applications' 'caffe' preprocess_input (ImageNet's mean of raw pixels subtracted, no division; the
     *     deviation is then 1)
     */
    Optional<InputStandardisation> inputStandardisation() {
        List<String> chain = graph.spine();
        int i = firstArithmetic(chain);
        if (i >= chain.size()) {
            return Optional.empty();
        }
        NodeDef shift = graph.producer(chain.get(i));
        Optional<double[]> mean;
        if (shift.getOp().equals("Sub")) {
            mean = graph.constantOperand(shift, false);
        } else if (ADDS.contains(shift.getOp())) {
            mean = graph.constantOperand(shift, !shift.getOp().startsWith("BiasAdd")).map(v -> {
                double[] negated = new double[v.length];
                for (int c = 0; c < v.length; c++) {
                    negated[c] = -v[c];
                }
                return negated;
            });
        } else {
            return Optional.empty();
        }
        if (mean.isEmpty()) {
            return Optional.empty();
        }
        double[] std = {1};
        if (i + 1 < chain.size()) {
            NodeDef divide = graph.producer(chain.get(i + 1));
            boolean div = isTrueDivision(divide);
            Optional<double[]> scale = div || divide.getOp().equals("Mul") ? graph.constantOperand(divide, !div)
                    : Optional.empty();
            if (scale.isPresent()) {
                std = scale.get().clone();
                if (!div) {
                    for (int c = 0; c < std.length; c++) {
                        std[c] = 1 / std[c];
                    }
                }
                // A multiplication by 0 (or a division by 0 or by infinity) wipes the picture out instead of
                // standardising it: read as a deviation it was infinite, took the model for one of raw 8-bit pixels,
                // and inspect printed "/ [Infinity]". As a zero factor is no rescaling, it is no standardisation.
                if (Arrays.stream(std).anyMatch(s -> s == 0 || !Double.isFinite(s))) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of(new InputStandardisation(mean.get(), std, shift.getName()));
    }
}
