package io.github.cam4j.savedmodel;

import java.util.Locale;
import org.tensorflow.proto.DataType;

/**
 * A TensorFlow element type in the words Python users read and write: Keras' {@code dtype="float32"}, NumPy's and
 * {@code tf.float16}'s names, which cam4j's own messages use too ("cam4j feeds float32 images").
 *
 * <p>The enum's own names ({@code DT_FLOAT}, {@code DT_HALF}) or their lower case ({@code double}) had reached
 * messages beside "float32" in the same line; {@code inspect --json} keeps the enum's names, which are its documented
 * format.
 */
public final class DtypeNames {
    private DtypeNames() {
    }

    /**
     * @param type a tensor's element type, as a SavedModel's signature or a tensor gives it; null reads "no type"
     * @return {@code float32}, {@code float64}, {@code float16} for TensorFlow's float, double and half; any other
     *     type its enum name without {@code DT_}, in lower case ({@code uint8}, {@code bfloat16}, {@code int32_ref})
     */
    public static String of(DataType type) {
        if (type == null) {
            return "no type";
        }
        boolean ref = type.name().endsWith("_REF");
        String base = type.name().replaceFirst("^DT_", "").replaceFirst("_REF$", "").toLowerCase(Locale.ROOT);
        String python = switch (base) {
            case "float" -> "float32";
            case "double" -> "float64";
            case "half" -> "float16";
            default -> base;
        };
        return ref ? python + "_ref" : python;
    }
}
