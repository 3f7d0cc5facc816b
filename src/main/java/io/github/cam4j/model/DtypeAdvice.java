package io.github.cam4j.model;

import java.util.Set;

/**
 * What a refusal of a dtype other than float32 says: what Keras would compute with it and what to write instead.
 * cam4j trains and exports every layer in float32, fed float32 pictures; a config of another dtype is another model, so
 * it is refused, not cast without a word. What Keras does was read in Keras 3.16's source:
 * {@code DTypePolicy._parse_name} ("mixed_float16" computes in float16 and keeps float32 weights; "mixed_bfloat16" in
 * bfloat16; any float dtype name both), and {@code Layer.__call__}'s {@code convert_input}, which casts a floating
 * input to the dtype the layer computes in and leaves an integer one as it is; tf.keras 2's {@code _maybe_cast_inputs}
 * casts floating inputs alike.
 */
final class DtypeAdvice {
    private static final Set<String> FLOATS = Set.of("float16", "bfloat16", "float64", "half", "double");

    private DtypeAdvice() {}

    /**
     * @param name the dtype an InputLayer declares, not float32
     * @return why cam4j cannot honour it and what to give instead
     */
    static String forInput(String name) {
        String instead = "; give the InputLayer \"dtype\": \"float32\" (or leave it out)";
        if (name.startsWith("mixed_")) {
            // A layer's policy, not a dtype of pictures: it was said as an integer input ("Keras casts no
            // mixed_float16 input ... it casts floating inputs only").
            return "\"" + name + "\" is a dtype policy (mixed precision) of the layers that compute, not the dtype of"
                    + " the pictures an InputLayer takes" + instead;
        }
        if (FLOATS.contains(name)) {
            // Keras rounds float32 pictures to float16 only if the input is float16; float64 holds them exactly.
            boolean exact = name.equals("float64") || name.equals("double");
            return "cam4j trains and exports a model fed float32 pictures, and Keras casts a " + name + " input to"
                    + " the dtype the next layer computes in (float32 in cam4j's models), so that layer sees "
                    + (exact ? "the same values" : "the pictures rounded to " + name) + instead + ", which trains "
                    + (exact ? "the model Keras computes" : "that model without the rounding");
        }
        return "cam4j feeds float32 pictures, and Keras casts no " + name + " input to the float32 its layers compute"
                + " in (it casts floating inputs only)" + instead;
    }

    /**
     * @param name the dtype or dtype policy a layer declares, not float32
     * @return why cam4j cannot honour it and what to give instead
     */
    static String forLayer(String name) {
        String computes = switch (name) {
            case "mixed_float16" -> "in float16 with float32 weights (mixed precision)";
            case "mixed_bfloat16" -> "in bfloat16 with float32 weights (mixed precision)";
            default -> FLOATS.contains(name) ? "in " + name + ", its weights too" : null;
        };
        if (computes == null) {
            return "cam4j computes in float32";
        }
        return "Keras computes this layer " + computes + ", where cam4j trains and exports every layer in float32,"
                + " another model; give it \"dtype\": \"float32\" (or leave it out; in Python, build the model after"
                + " keras.mixed_precision.set_global_policy(\"float32\"))";
    }
}
