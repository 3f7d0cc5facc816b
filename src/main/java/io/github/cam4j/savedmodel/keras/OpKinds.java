package io.github.cam4j.savedmodel.keras;

import java.util.HashSet;
import java.util.Set;

/** The kinds of op {@link CamLocator} tells apart while it walks the inlined graph, by op type. */
final class OpKinds {

    /** Ops whose output is their first input, unchanged in value. */
    static final Set<String> PASS_THROUGH = Set.of("Identity", "Snapshot", "StopGradient",
            "PreventGradient", "CheckNumerics", "CheckNumericsV2", "EnsureShape", "Cast");
    /** Ops that change a tensor's shape only. */
    static final Set<String> SHAPE_ONLY = Set.of("Reshape", "Squeeze", "ExpandDims");
    /** Additions and subtractions (a bias, a shift). */
    static final Set<String> ADDS = Set.of("BiasAdd", "BiasAddV1", "Add", "AddV2", "Sub");
    /**
     * True divisions: Keras writes {@code RealDiv}; TensorFlow 1.x's {@code tf.div} wrote {@code Div}, the same on
     * float tensors (it floors only integers).
     */
    static final Set<String> DIVISIONS = Set.of("RealDiv", "Div");
    /** Ops that no linear map can stand for. */
    static final Set<String> NON_LINEAR = Set.of("Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Tanh",
            "Sigmoid", "Softmax", "LogSoftmax", "Softplus", "Softsign", "Maximum", "Minimum", "Exp", "Square",
            "Erf", "Abs", "ClipByValue");

    /** Ops whose output keeps its first input's layout (element-wise on one or more same-shaped tensors). */
    static final Set<String> LAYOUT_KEEPING = union(PASS_THROUGH, NON_LINEAR, ADDS,
            Set.of("Mul", "RealDiv", "Neg", "Sqrt", "Rsqrt", "Log", "Swish"));

    private OpKinds() {}

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
