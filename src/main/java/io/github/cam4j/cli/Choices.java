package io.github.cam4j.cli;

import io.github.cam4j.cam.Framing;
import io.github.cam4j.cam.Invert;
import io.github.cam4j.render.Colormap;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli converters for options whose value is one of a few names ({@code --fit}, {@code --invert},
 * {@code --activation}, {@code --colormap}, {@code --preprocess}, {@code --channel-order}): a value that is none of them is a mistyped command line, answered before any work with exit 2
 * and one line pointing to {@code --help}, as README says and {@code --method} does. The value itself is kept as typed;
 * the command reads it as before.
 */
final class Choices {
    private Choices() {}

    /** {@code --fit}: auto, digit, stretch, none. */
    static final class Fit implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return oneOf(value, List.of("auto", "digit", "stretch", "none"), List.of("auto", "digit", "stretch", "none"));
        }
    }

    /** {@code --heat}: minmax, positive. */
    static final class Heat implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return oneOf(value, List.of("minmax", "positive"), List.of("minmax", "positive"));
        }
    }

    /** video's {@code --heat}: auto, positive. */
    static final class VideoHeat implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return oneOf(value, List.of("auto", "positive"), List.of("auto", "positive"));
        }
    }

    /** {@code --invert}: auto, never, always. */
    static final class InvertMode implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return oneOf(value, names(Invert.values()), names(Invert.values()));
        }
    }

    /** {@code --activation}: softmax, sigmoid (white space around them ignored, as the command reads them). */
    static final class Activation implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            oneOf(value.strip(), List.of("softmax", "sigmoid"), List.of("softmax", "sigmoid"));
            return value;
        }
    }

    /** {@code --preprocess}: caffe, torch, tf, raw. */
    static final class Preprocess implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            List<String> modes = names(io.github.cam4j.savedmodel.PixelPreprocessing.values());
            return oneOf(value.strip(), modes, modes);
        }
    }

    /** {@code --channel-order}: rgb, bgr. */
    static final class ChannelOrder implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return oneOf(value.strip(), List.of("rgb", "bgr"), List.of("rgb", "bgr"));
        }
    }

    /** {@code --colormap}: an OpenCV colormap's name, as {@link Colormap#byName} reads it. */
    static final class ColormapName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Colormap.byName(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw notOneOf(value, names(Colormap.values()));
            }
        }
    }

    /**
     * @param shown the names as the message lists them
     * @param accepted the names accepted, case ignored
     */
    private static String oneOf(String value, List<String> shown, List<String> accepted) {
        if (accepted.stream().anyMatch(a -> a.equalsIgnoreCase(value))) {
            return value;
        }
        throw notOneOf(value, shown);
    }

    private static TypeConversionException notOneOf(String value, List<String> names) {
        // picocli names the option itself ("Invalid value for option '--fit': ...").
        return new TypeConversionException("'" + value + "' is not one of " + String.join(", ", names));
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(v -> v.name().toLowerCase(Locale.ROOT)).toList();
    }
}
