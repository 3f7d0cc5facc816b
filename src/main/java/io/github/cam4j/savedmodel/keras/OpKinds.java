package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.DtypeNames;
import java.util.HashSet;
import java.util.Set;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.NodeDef;

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
     * Divisions: Keras writes {@code RealDiv}; TensorFlow 1.x's {@code tf.div} wrote {@code Div}, the same on float
     * tensors. On integers both round ({@code Div} floors), so only {@link #isTrueDivision} reads one as x / y.
     */
    static final Set<String> DIVISIONS = Set.of("RealDiv", "Div");
    /** The element types on which a {@link #DIVISIONS division} is the true quotient. */
    private static final Set<DataType> FLOATING = Set.of(DataType.DT_FLOAT, DataType.DT_DOUBLE, DataType.DT_HALF,
            DataType.DT_BFLOAT16);
    /** Ops that no linear map can stand for. */
    static final Set<String> NON_LINEAR = Set.of("Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Tanh",
            "Sigmoid", "Softmax", "LogSoftmax", "Softplus", "Softsign", "Maximum", "Minimum", "Exp", "Square",
            "Erf", "Abs", "ClipByValue");

    /** Ops whose output keeps its first input's layout (element-wise on one or more same-shaped tensors). */
    static final Set<String> LAYOUT_KEEPING = union(PASS_THROUGH, NON_LINEAR, ADDS,
            DIVISIONS, Set.of("Mul", "Neg", "Sqrt", "Rsqrt", "Log", "Swish"));

    private OpKinds() {}

    /**
     * @return whether {@code n} divides floating-point tensors: x / y as a linear map would read it (an integer
     *     {@code Div} floors, 7 / 2 = 3, and a graph casting pixels to int32 before dividing by 255 was read as a
     *     rescaling by 1/255)
     */
    static boolean isTrueDivision(NodeDef n) {
        AttrValue type = n.getAttrMap().get("T");
        return DIVISIONS.contains(n.getOp()) && type != null && FLOATING.contains(type.getType());
    }

    /** @return whether {@code n} is a {@link #DIVISIONS division} of integers, which rounds its quotient */
    static boolean isIntegerDivision(NodeDef n) {
        return DIVISIONS.contains(n.getOp()) && !isTrueDivision(n);
    }

    /**
     * @return whether {@code n} is a {@code Cast} to a type that is not floating-point: it truncates (2.7 to 2) or
     *     saturates, so it is a pass-through only in name (a cast between float16 and float32, Keras' mixed
     *     precision, keeps the values to the precision of the narrower type)
     */
    static boolean isRoundingCast(NodeDef n) {
        if (!n.getOp().equals("Cast")) {
            return false;
        }
        AttrValue to = n.getAttrMap().get("DstT");
        return to == null || !FLOATING.contains(to.getType());
    }

    /** @return the type a {@code Cast} writes, in TensorFlow's lower-case words ({@code int32}) */
    static String castTarget(NodeDef n) {
        AttrValue to = n.getAttrMap().get("DstT");
        return to == null ? "an unnamed type" : DtypeNames.of(to.getType());
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new HashSet<>();
        for (Set<String> s : sets) {
            all.addAll(s);
        }
        return Set.copyOf(all);
    }
}
