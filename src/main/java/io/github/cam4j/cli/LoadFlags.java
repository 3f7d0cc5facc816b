package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How any command opens models: trust, labels and pixel scaling ({@code @Mixin} of {@link ModelOptions} and evaluate). */
final class LoadFlags {
    @Option(names = "--trust", description = "skip the check of the model's ops against cam4j's allow-list (only for models you vouch for)")
    boolean trust;

    @Option(names = "--labels", paramLabel = "FILE", description = "class labels, one per line in class order (default: the model's own, else 0, 1, 2, ...)")
    Path labels;

    @Option(names = "--pixel-scale", paramLabel = "SCALE", description = "model input = pixel (0..255) x SCALE, a number or a fraction such as 1/255; overrides the model's own (cam4j metadata: 1/255; an imported model that rescales its input itself, e.g. with a Keras Rescaling layer, or standardises it with statistics of raw pixels, e.g. a Keras Normalization adapted on uint8 images: 1; otherwise 1/255; 'cam4j inspect' says which)")
    String pixelScale;

    @Option(names = "--pixel-offset", paramLabel = "OFFSET", description = "added after the scaling: model input = pixel (0..255) x SCALE + OFFSET, e.g. --pixel-scale 1/127.5 --pixel-offset -1 for a model trained on pixels taken to -1..1 outside it (keras.applications' MobileNet preprocess_input); default: the model's own (0 for every model cam4j reads without metadata, and with --pixel-scale)")
    String pixelOffset;

    /** Offsets in use are 0, -1 and minus a mean of a few hundred at most; beyond this no picture is left to see. */
    static final float MAX_PIXEL_OFFSET = 1e6f;

    /** The scales in use are 1/255 and 1; beyond these bounds 8-bit pixels become inputs no model was trained on. */
    static final float MIN_PIXEL_SCALE = 1e-6f;
    static final float MAX_PIXEL_SCALE = 1e6f;

    /**
     * @return the defaults with these flags applied, each checked
     * @throws IllegalArgumentException when a flag's value or the labels file is unusable, saying which and why
     */
    LoadOptions options() {
        LoadOptions options = LoadOptions.defaults().withTrust(trust);
        if (pixelScale != null) {
            options = options.withPixelScale(parsePixelScale(pixelScale));
        }
        if (pixelOffset != null) {
            options = options.withPixelOffset(parsePixelOffset(pixelOffset));
        }
        if (labels != null) {
            options = options.withLabels(LabelFile.read(labels));
        }
        return options;
    }

    /**
     * The model counts the labels against its classes but never saw the file they came from: say which it was.
     *
     * @param e a failure to open a model with these flags' options
     * @return {@code e} with {@code --labels FILE} named when the labels' count is what the model refused, else {@code e}
     */
    ModelLoadException namingLabels(ModelLoadException e) {
        if (labels != null && e.getMessage() != null && e.getMessage().contains(" labels given for its ")) {
            return new ModelLoadException(e.getMessage() + " (--labels " + labels + ")", e);
        }
        return e;
    }

    /**
     * @param text a decimal number, negative allowed
     * @return its value
     * @throws IllegalArgumentException when it is not a number, or not within {@value #MAX_PIXEL_OFFSET} of 0
     */
    static float parsePixelOffset(String text) {
        double value;
        try {
            value = Double.parseDouble(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--pixel-offset '" + text + "' is not a number (the usual offsets are 0 and"
                    + " -1)");
        }
        if (!(Math.abs(value) <= MAX_PIXEL_OFFSET)) {
            throw new IllegalArgumentException("--pixel-offset must lie between -1e6 and 1e6 (the usual offsets are 0 and"
                    + " -1), got " + text);
        }
        return (float) value;
    }

    /**
     * @param text a decimal number or a fraction {@code a/b}, as the help's default {@code 1/255} is written
     * @return its value
     * @throws IllegalArgumentException when it is neither, or lies outside [{@value #MIN_PIXEL_SCALE},
     *     {@value #MAX_PIXEL_SCALE}] (a negative scale turns ink into its opposite; 1e-30 makes every pixel 0)
     */
    static float parsePixelScale(String text) {
        String t = text.strip();
        double value;
        try {
            int slash = t.indexOf('/');
            value = slash < 0 ? Double.parseDouble(t)
                    : Double.parseDouble(t.substring(0, slash)) / Double.parseDouble(t.substring(slash + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--pixel-scale '" + text + "' is neither a number nor a fraction such as 1/255");
        }
        if (!(value >= MIN_PIXEL_SCALE && value <= MAX_PIXEL_SCALE)) {
            throw new IllegalArgumentException("--pixel-scale must lie between 1e-6 and 1e6 (the usual scales are 1/255 and 1),"
                    + " got " + text);
        }
        return (float) value;
    }
}
