package io.github.cam4j.savedmodel.keras;

import java.util.HashMap;
import java.util.Map;
import org.tensorflow.TensorFlow;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.OpDef;

/**
 * The OpDefs of every op this TensorFlow registers ({@link TensorFlow#registeredOpList()}), and the one question the
 * inliner asks them: where a function-form output {@code node:out_arg:i} lands among the node's flat outputs, which
 * a {@code GraphDef} numbers {@code node:k}. An output argument is one tensor, or a list whose length is an int
 * attribute ({@code number_attr}, as {@code Split}'s {@code num_split}) or the length of a type-list attribute
 * ({@code type_list_attr}, as a call's {@code Tout}).
 */
final class OpRegistry {
    private static OpRegistry instance;

    private final Map<String, OpDef> ops = new HashMap<>();

    private OpRegistry() {
        for (OpDef def : TensorFlow.registeredOpList().getOpList()) {
            ops.put(def.getName(), def);
        }
    }

    /** @return the registry, read once from the native library */
    static synchronized OpRegistry get() {
        if (instance == null) {
            instance = new OpRegistry();
        }
        return instance;
    }

    /** @return the OpDef of {@code op}, or {@code null} when this TensorFlow does not know it */
    OpDef find(String op) {
        return ops.get(op);
    }

    /**
     * @param op the op type
     * @param attrs the node's attributes (placeholders already substituted)
     * @param outputArg the output argument name
     * @param index the index inside that argument
     * @return the flat output index
     * @throws IllegalArgumentException if the op, the argument or the index is unknown
     */
    int flatOutputIndex(String op, Map<String, AttrValue> attrs, String outputArg, int index) {
        OpDef def = ops.get(op);
        if (def == null) {
            throw new IllegalArgumentException("op '" + op + "' is not registered in this TensorFlow");
        }
        int flat = 0;
        for (OpDef.ArgDef arg : def.getOutputArgList()) {
            int length = argLength(def, arg, attrs);
            if (arg.getName().equals(outputArg)) {
                if (index < 0 || index >= length) {
                    throw new IllegalArgumentException("output '" + outputArg + ":" + index + "' of op '" + op
                            + "' is out of range: that argument holds " + length + " tensor(s)");
                }
                return flat + index;
            }
            flat += length;
        }
        throw new IllegalArgumentException("op '" + op + "' has no output argument '" + outputArg + "'");
    }

    private static int argLength(OpDef def, OpDef.ArgDef arg, Map<String, AttrValue> attrs) {
        if (!arg.getNumberAttr().isEmpty()) {
            return (int) attr(def, arg.getNumberAttr(), attrs).getI();
        }
        if (!arg.getTypeListAttr().isEmpty()) {
            return attr(def, arg.getTypeListAttr(), attrs).getList().getTypeCount();
        }
        return 1;
    }

    private static AttrValue attr(OpDef def, String name, Map<String, AttrValue> attrs) {
        AttrValue value = attrs.get(name);
        if (value != null) {
            return value;
        }
        for (OpDef.AttrDef a : def.getAttrList()) {
            if (a.getName().equals(name) && a.hasDefaultValue()) {
                return a.getDefaultValue();
            }
        }
        throw new IllegalArgumentException("op '" + def.getName() + "' needs attribute '" + name
                + "' to number its outputs, and the node does not set it");
    }
}
