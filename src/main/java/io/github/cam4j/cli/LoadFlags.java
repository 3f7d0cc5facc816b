package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.PixelPreprocessing;
import io.github.cam4j.savedmodel.PixelStandardization;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** How any command opens models: trust, labels and pixel scaling and preprocessing ({@code @Mixin} of {@link ModelOptions} and evaluate). */
final class LoadFlags {
    @Option(names = "--trust", description = "skip the check of the model's ops against cam4j's allow-list (only for models you vouch for)")
    boolean trust;

    @Option(names = "--labels", paramLabel = "FILE", description = "class labels, one per line in class order (default: the model's own, else 0, 1, 2, ...)")
    Path labels;

    @Option(names = "--pixel-scale", paramLabel = "SCALE", description = "model input = pixel (0 to 255) x SCALE, a number or a fraction such as 1/255; overrides the model's own (cam4j metadata: 1/255; an imported model that rescales its input itself, e.g. with a Keras Rescaling layer, or standardises it with statistics of raw pixels, e.g. a Keras Normalization adapted on uint8 images: 1; otherwise 1/255; 'cam4j inspect' says which)")
    String pixelScale;

    @Option(names = "--pixel-offset", paramLabel = "OFFSET", description = "added after the scaling: model input = pixel x SCALE + OFFSET, pixels being 0 to 255, e.g. --pixel-scale 2/255 --pixel-offset -1 for a model trained on pixels taken to -1..1 outside it (keras.applications' MobileNet preprocess_input); default: the model's own (0 for every model cam4j reads without metadata, and with --pixel-scale)")
    String pixelOffset;

    @Option(names = "--preprocess", paramLabel = "MODE", converter = Choices.Preprocess.class, description = "what keras.applications' preprocess_input did to the pixels outside the model, done by cam4j to every picture: caffe (ResNet50, VGG16: RGB to BGR, minus ImageNet's mean [103.939, 116.779, 123.68] of raw pixels), torch (DenseNet: pixel/255, minus [0.485, 0.456, 0.406], over [0.229, 0.224, 0.225]), tf (MobileNet, Inception, Xception: pixel / 127.5 - 1) or raw (0 to 255, as they are); only the pixels fed change, pictures are drawn in their own colours. Not with --pixel-scale, --pixel-offset, --pixel-mean, --pixel-std, --channel-order; caffe and torch not for a grey model; none for a model that rescales or standardises its input itself ('cam4j inspect' says)")
    String preprocess;

    @Option(names = "--pixel-mean", paramLabel = "M[,M,M]", description = "subtracted per channel after the scaling: model input = (pixel x SCALE + OFFSET - MEAN) / STD, one value for every channel or one per channel in the model's channel order (--channel-order), e.g. --pixel-scale 1/255 --pixel-mean 0.485,0.456,0.406 --pixel-std 0.229,0.224,0.225 (torchvision's); with --pixel-std and --channel-order it replaces the model's own per-channel standardization (what is not given: mean 0, std 1, RGB)")
    String pixelMean;

    @Option(names = "--pixel-std", paramLabel = "S[,S,S]", description = "what each channel is divided by after --pixel-mean, one value or one per channel, none 0 (default 1)")
    String pixelStd;

    @Option(names = "--channel-order", paramLabel = "ORDER", converter = Choices.ChannelOrder.class, description = "rgb or bgr: the order in which the model takes a colour picture's channels (bgr: Caffe's and OpenCV's, as keras.applications' caffe mode feeds; default rgb); only what is fed is reordered")
    String channelOrder;

    /** Offsets in use are 0, -1 and minus a mean of a few hundred at most; beyond this no picture is left to see. */
    static final float MAX_PIXEL_OFFSET = 1e6f;

    /** The scales in use are 1/255 and 1; beyond these bounds 8-bit pixels become inputs no model was trained on. */
    static final float MIN_PIXEL_SCALE = 1e-6f;
    static final float MAX_PIXEL_SCALE = 1e6f;

    /**
     * The pixel options given, each as typed with its value ({@code --pixel-offset -3}), in the order the model input's
     * formula applies them: what a warning of a model fed the wrong pixels names, rather than every option there is.
     *
     * @return the options given; empty when the models' own mappings fed them
     */
    java.util.List<String> givenPixelOptions() {
        java.util.List<String> given = new java.util.ArrayList<>();
        String[][] options = {{"--preprocess", preprocess}, {"--pixel-scale", pixelScale}, {"--pixel-offset", pixelOffset},
                {"--pixel-mean", pixelMean}, {"--pixel-std", pixelStd}, {"--channel-order", channelOrder}};
        for (String[] option : options) {
            if (option[1] != null) {
                given.add(option[0] + " " + option[1].strip());
            }
        }
        return java.util.List.copyOf(given);
    }

    /**
     * @return the defaults with these flags applied, each checked
     * @throws IllegalArgumentException when a flag's value or the labels file is unusable, saying which and why
     */
    LoadOptions options() {
        LoadOptions options = LoadOptions.defaults().withTrust(trust);
        if (preprocess != null) {
            // The mode is the whole pixel mapping: another option beside it would be ignored or contradict it.
            String other = pixelScale != null ? "--pixel-scale" : pixelOffset != null ? "--pixel-offset"
                    : pixelMean != null ? "--pixel-mean" : pixelStd != null ? "--pixel-std"
                    : channelOrder != null ? "--channel-order" : null;
            if (other != null) {
                throw new UsageException("--preprocess " + preprocess.strip() + " sets the pixel scale, offset,"
                        + " mean, deviation and channel order itself; " + other + " contradicts it (give one or the other)");
            }
            options = options.withPreprocessing(PixelPreprocessing.parse(preprocess));
        }
        if (pixelMean != null || pixelStd != null || channelOrder != null) {
            float[] mean = pixelMean == null ? new float[] {0f} : parseChannelValues("--pixel-mean", pixelMean, false);
            float[] std = pixelStd == null ? new float[] {1f} : parseChannelValues("--pixel-std", pixelStd, true);
            options = options.withStandardization(PixelStandardization.of(channelOrder != null
                    && channelOrder.strip().equalsIgnoreCase("bgr"), mean, std));
        }
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
     * @param option the option's name, for messages
     * @param text one number, or three separated by commas (a colour model's channels)
     * @param positive whether the values must be positive (a deviation: it divides, and a negative one turns every
     *     picture into its negative, which the bundled models read as one class at p=1.0)
     * @return the values
     * @throws IllegalArgumentException when it is not 1 or 3 numbers, or one is not finite (or not positive when asked)
     */
    static float[] parseChannelValues(String option, String text, boolean positive) {
        String[] parts = text.split(",", -1);
        if (parts.length != 1 && parts.length != 3) {
            throw new UsageException(option + " '" + text + "' takes one number (every channel) or three"
                    + " separated by commas (one per channel)");
        }
        float[] values = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            double value;
            try {
                // Read as a double, as the option's other numbers are: a float's reading made 1e39 infinity and 1e-50
                // zero, which were then refused as "not finite" and "not positive" though typed as neither; and inf
                // or nan, spelled as numpy prints them, were "not a number" rather than not finite.
                value = Double.parseDouble(NumberText.javaSpelling(part));
            } catch (NumberFormatException e) {
                throw new UsageException(option + " '" + text + "': '" + part + "' is not a number");
            }
            if (!Double.isFinite(value) || (positive && value <= 0)) {
                throw new UsageException(option + " '" + text + "': every value must be finite"
                        + (positive ? " and positive (a standard deviation)" : ""));
            }
            if (Math.abs(value) > Float.MAX_VALUE) {
                throw new UsageException(option + " '" + text + "': " + part + " is beyond float32's range (at most "
                        + "3.4e38 in magnitude), in which the model's input is computed");
            }
            if (positive && value < Float.MIN_NORMAL) {
                // 1e-40 passed as positive, a float32 subnormal, and the run failed at its first picture with NaN
                // logits (helper-68).
                throw new UsageException(option + " '" + text + "': " + part + " is too small for float32,"
                        + " in which the model's input is computed (at least " + Float.MIN_NORMAL + ")");
            }
            values[i] = (float) value;
        }
        return values;
    }

    /**
     * @param text a decimal number, negative allowed
     * @return its value
     * @throws IllegalArgumentException when it is not a number, or not within {@value #MAX_PIXEL_OFFSET} of 0
     */
    static float parsePixelOffset(String text) {
        double value;
        try {
            // inf, spelled as numpy prints it, was "not a number"; it is one, refused below for its size.
            value = Double.parseDouble(NumberText.javaSpelling(text.strip()));
        } catch (NumberFormatException e) {
            throw new UsageException("--pixel-offset '" + text + "' is not a number (the usual offsets are 0 and"
                    + " -1)");
        }
        if (!(Math.abs(value) <= MAX_PIXEL_OFFSET)) {
            throw new UsageException("--pixel-offset must lie between -1e6 and 1e6 (the usual offsets are 0 and"
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
            value = slash < 0 ? Double.parseDouble(NumberText.javaSpelling(t))
                    : Double.parseDouble(NumberText.javaSpelling(t.substring(0, slash)))
                            / Double.parseDouble(NumberText.javaSpelling(t.substring(slash + 1)));
        } catch (NumberFormatException e) {
            throw new UsageException("--pixel-scale '" + text + "' is neither a number nor a fraction such as 1/255");
        }
        if (!(value >= MIN_PIXEL_SCALE && value <= MAX_PIXEL_SCALE)) {
            throw new UsageException("--pixel-scale must lie between 1e-6 and 1e6 (the usual scales are 1/255 and 1),"
                    + " got " + text);
        }
        return (float) value;
    }
}
