package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModelLoader;
import io.github.cam4j.savedmodel.InputSpec;
import io.github.cam4j.savedmodel.PixelPreprocessing;
import io.github.cam4j.savedmodel.PixelStandardization;
import io.github.cam4j.savedmodel.LoadOptions;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Warns when load options contradict what a model's metadata records of its training: a pixel scale or an ink the
 * model was not trained on is the caller's to give (a model's metadata can be wrong), but said, not silently applied.
 * The bundled models told {@code --ink dark} read a photographed 4 as a 0 at p=1.0, and told
 * {@code withPixelScale(1)} a 7 at p=1.0 with logits in the thousands, and told {@code --pixel-offset -1} (or
 * {@code --pixel-mean 0.5}) a 7 as a 3 at p=1.0, without a word, where {@code --invert never}, the same mistake made
 * another way, was warned about.
 */
final class MetadataOverrides {
    private MetadataOverrides() {}

    /**
     * @param modelDir the model's folder
     * @param options how it is opened
     * @param warnings where each contradiction goes, one line naming the option and the model
     * @throws ModelLoadException when the metadata cannot be read
     */
    static void warn(Path modelDir, LoadOptions options, Consumer<String> warnings) throws ModelLoadException {
        InputSpec told = options.input();
        if (told != null) {
            // A whole InputSpec contradicting the metadata was applied without a word, where its scale or ink given
            // alone was warned of: a 0..1 model told pixels x 1 read a 7 at p=1.0, logit 3465 (helper-166).
            Optional<Float> scale = CamModelLoader.recordedPixelScale(modelDir);
            if (scale.isPresent() && Math.abs(scale.get() - told.pixelScale()) > 1e-6f * Math.abs(scale.get())) {
                warnings.accept("LoadOptions.withInput's pixel scale " + told.pixelScale() + " overrides the metadata of "
                        + modelDir + ", which records training on pixels x " + scale.get() + ": pictures reach it"
                        + " scaled otherwise than in training; leave withInput out to use the metadata");
            }
            Optional<Boolean> ink = CamModelLoader.recordedInk(modelDir);
            if (ink.isPresent() && ink.get() != told.lightOnDark()) {
                warnings.accept("LoadOptions.withInput's " + (told.lightOnDark() ? "light" : "dark") + " ink overrides"
                        + " the metadata of " + modelDir + ", which records training on " + (ink.get() ? "light" : "dark")
                        + " ink: pictures then reach it uninverted, the ink it was not trained on; leave withInput out"
                        + " to use the metadata");
            }
        }
        Float toldScale = options.pixelScale();
        if (toldScale != null) {
            Optional<Float> recorded = CamModelLoader.recordedPixelScale(modelDir);
            if (recorded.isPresent() && Math.abs(recorded.get() - toldScale) > 1e-6f * Math.abs(recorded.get())) {
                warnings.accept("--pixel-scale " + toldScale + " (LoadOptions.withPixelScale) overrides the metadata of "
                        + modelDir + ", which records training on pixels x " + recorded.get() + ": pictures reach it"
                        + " scaled otherwise than in training; leave the option out to use the metadata");
            }
        }
        Float toldOffset = options.pixelOffset();
        if (toldScale != null && toldOffset == null && options.input() == null) {
            // A scale told alone takes the offset to 0 (LoadOptions.resolveInput): a model trained on pixels x 2/255 - 1
            // and told its own scale was fed 0..2 without a word, as the scale matched the metadata's.
            Optional<Float> recorded = CamModelLoader.recordedPixelOffset(modelDir);
            if (recorded.isPresent() && recorded.get() != 0f) {
                warnings.accept("--pixel-scale " + toldScale + " (LoadOptions.withPixelScale) given without"
                        + " --pixel-offset feeds pixels x " + toldScale + " + 0, but the metadata of " + modelDir
                        + " records training on " + pixelsTimes(CamModelLoader.recordedPixelScale(modelDir).orElseThrow(),
                        recorded.get()) + ": give --pixel-offset " + recorded.get() + " (withPixelOffset) too to"
                        + " keep its offset, or leave both out to use the metadata");
            }
        }
        if (toldOffset != null) {
            // Told alone, an offset was applied without a word where a scale was warned of: --pixel-offset -1 on the
            // bundled pooled model fed pixels in -1..0 and read a 7 as a 3 at p=1.0.
            Optional<Float> recorded = CamModelLoader.recordedPixelOffset(modelDir);
            if (recorded.isPresent() && Math.abs(recorded.get() - toldOffset) > 1e-6f * Math.max(1f,
                    Math.abs(recorded.get()))) {
                warnings.accept("--pixel-offset " + toldOffset + " (LoadOptions.withPixelOffset) overrides the metadata"
                        + " of " + modelDir + ", which records training on "
                        + pixelsTimes(CamModelLoader.recordedPixelScale(modelDir).orElseThrow(), recorded.get())
                        + ": pictures reach it shifted otherwise than in training; leave the option out to use the"
                        + " metadata");
            }
        }
        PixelStandardization toldPer = options.standardization();
        if (toldPer != null) {
            // A deviation or a mean was applied without a word where a scale or an offset was warned of: --pixel-std
            // 1e-30 on the bundled pooled model fed pixels x 1e30 / 255 (where --pixel-scale 1e6 is warned of), and
            // --pixel-mean 0.5 read a 7 as a 3 at p=1.0.
            Optional<PixelStandardization> recorded = CamModelLoader.recordedStandardization(modelDir);
            if (recorded.isPresent()) {
                String trained = pixelsTimes(CamModelLoader.recordedPixelScale(modelDir).orElseThrow(),
                        CamModelLoader.recordedPixelOffset(modelDir).orElseThrow()) + ", minus "
                        + values(recorded.get().mean()) + ", over " + values(recorded.get().std());
                if (differ(recorded.get().std(), toldPer.std(), false)) {
                    warnings.accept("--pixel-std " + values(toldPer.std()) + " (LoadOptions.withStandardization)"
                            + " overrides the metadata of " + modelDir + ", which records training on " + trained
                            + ": pictures reach it scaled otherwise than in training; leave the option out to use the"
                            + " metadata");
                }
                if (differ(recorded.get().mean(), toldPer.mean(), true)) {
                    warnings.accept("--pixel-mean " + values(toldPer.mean()) + " (LoadOptions.withStandardization)"
                            + " overrides the metadata of " + modelDir + ", which records training on " + trained
                            + ": pictures reach it shifted otherwise than in training; leave the option out to use the"
                            + " metadata");
                }
            }
        }
        PixelPreprocessing mode = options.preprocessing();
        if (mode != null) {
            // A mode was applied without a word where the scale, offset, mean and deviation it sets were each warned of
            // when given alone: on the bundled pooled model (pixels x 1/255) --preprocess tf fed -1..1 and read a 7 as a
            // 3 at p=1.0, and --preprocess raw fed 0..255. A mode that feeds what the metadata records is not said.
            Optional<PixelStandardization> recorded = CamModelLoader.recordedStandardization(modelDir);
            if (recorded.isPresent()) {
                float scale = CamModelLoader.recordedPixelScale(modelDir).orElseThrow();
                float offset = CamModelLoader.recordedPixelOffset(modelDir).orElseThrow();
                PixelStandardization modePer = mode.standardization() == null
                        ? new PixelStandardization(false, List.of(0f), List.of(1f)) : mode.standardization();
                if (!sameInputs(scale, offset, recorded.get(), mode.scale(), mode.offset(), modePer)) {
                    warnings.accept("--preprocess " + mode.modeName() + " (LoadOptions.withPreprocessing(" + mode.name()
                            + ")) feeds " + mapping(mode.scale(), mode.offset(), modePer) + ", but the metadata of "
                            + modelDir + " records training on " + mapping(scale, offset, recorded.get())
                            + ": pictures reach it otherwise than in training; leave the option out to use the metadata");
                }
            }
        }
        Boolean toldInk = options.lightOnDark();
        if (toldInk != null) {
            Optional<Boolean> recorded = CamModelLoader.recordedInk(modelDir);
            if (recorded.isPresent() && !recorded.get().equals(toldInk)) {
                String trained = recorded.get() ? "light ink on a dark ground" : "dark ink on a light ground";
                String other = recorded.get() ? "dark ink on a light ground" : "light ink on a dark ground";
                warnings.accept("--ink " + (toldInk ? "light" : "dark") + " (LoadOptions.withInk(" + toldInk + "))"
                        + " overrides the metadata of " + modelDir + ", which records training on " + trained
                        + ": pictures of " + other + " then reach it uninverted, the ink it was not trained on; leave"
                        + " --ink out to use the metadata");
            }
        }
    }

    /** @return "pixels x 0.007843138 - 1.0": a mapping as the metadata records it, its sign said once */
    private static String pixelsTimes(float scale, float offset) {
        return "pixels x " + scale + (offset < 0 ? " - " + -offset : " + " + offset);
    }

    /**
     * @return "pixels x 0.003921569 + 0.0", with ", minus 0.485,0.456,0.406, over 0.229,0.224,0.225" and " in BGR order"
     *     where the per-channel part changes anything: a mapping as a mode or the metadata gives it
     */
    private static String mapping(float scale, float offset, PixelStandardization per) {
        return pixelsTimes(scale, offset) + (per.changesNothing() ? ""
                : ", minus " + values(per.mean()) + ", over " + values(per.std()) + (per.bgr() ? ", in BGR order" : ""));
    }

    /**
     * Whether two mappings feed the model the same inputs: the same channel order, and in each channel the same line
     * {@code pixel x scale / std + (offset - mean) / std}, so that a mode the metadata records in other words (pixels
     * x 2/255 - 1 as pixels x 1/255, minus 0.5, over 0.5) is not said. Compared to within a hundred-thousandth, as
     * 1/127.5 and its float differ from 2/255's in the last bits.
     */
    private static boolean sameInputs(float scale, float offset, PixelStandardization per, float otherScale,
            float otherOffset, PixelStandardization otherPer) {
        if (per.bgr() != otherPer.bgr()) {
            return false;
        }
        for (int c = 0; c < 3; c++) {
            double mean = per.mean().get(per.mean().size() == 1 ? 0 : c);
            double std = per.std().get(per.std().size() == 1 ? 0 : c);
            double otherMean = otherPer.mean().get(otherPer.mean().size() == 1 ? 0 : c);
            double otherStd = otherPer.std().get(otherPer.std().size() == 1 ? 0 : c);
            double slope = scale / std;
            double otherSlope = otherScale / otherStd;
            double intercept = (offset - mean) / std;
            double otherIntercept = (otherOffset - otherMean) / otherStd;
            // The intercept within a hundred-thousandth of the span 255 pixels cover, or of 1: 0 against 1e-9 is the same.
            double span = Math.max(1, 255 * Math.abs(slope));
            if (Math.abs(slope - otherSlope) > 1e-5 * Math.abs(slope)
                    || Math.abs(intercept - otherIntercept) > 1e-5 * span) {
                return false;
            }
        }
        return true;
    }

    /** @return "1.0E-30" or "0.229,0.224,0.225": per-channel values as the option takes them */
    private static String values(List<Float> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /**
     * @param recorded per-channel values the metadata records, one or three
     * @param told those the options give, one or three
     * @param shift whether they are added (a mean: compared to within a millionth of at least 1, as an offset is) rather
     *     than divided by (a deviation: within a millionth of itself, as a scale is)
     * @return whether they differ in some channel
     */
    private static boolean differ(List<Float> recorded, List<Float> told, boolean shift) {
        for (int c = 0; c < 3; c++) {
            float r = recorded.get(recorded.size() == 1 ? 0 : c);
            float t = told.get(told.size() == 1 ? 0 : c);
            if (Math.abs(r - t) > 1e-6f * (shift ? Math.max(1f, Math.abs(r)) : Math.abs(r))) {
                return true;
            }
        }
        return false;
    }

    /**
     * How many times the span of the model's inputs they may lie from 0 before a warning. The mappings models are
     * trained on (0..1, -1..1, raw 0..255, caffe's about -124..152, torch's about -2.1..2.6) hold 0 or lie within half a
     * span of it; {@code --pixel-offset 1000000} put the inputs a million spans away, where the bundled models read a 7
     * and a 2 both as a 3 at p=1.0.
     */
    static final float FAR_SPANS = 10f;

    /**
     * The narrowest span of inputs a picture's pixels 0 to 255 may give before a warning. The narrowest mapping models
     * are trained on spans 1 (0..1); a thousandth of it is far below any, and nothing fails there, as the values are
     * still floats: {@code --pixel-std 1e20} fed every picture as black, and the bundled model read a 7 as "class 0
     * p=0.1000", every class alike, without a word (helper-153).
     */
    static final double NARROWEST_SPAN = 1e-3;

    /** @return four significant digits without trailing zeros: 1e+06, 1, 0.003922 */
    static String g4(double v) {
        return String.format(java.util.Locale.ROOT, "%.4g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2")
                .replaceAll("\\.(e|$)", "$1");
    }

    /**
     * @param input the input the model is fed through, options applied
     * @return a warning when, in some channel, the inputs a picture can give (pixels 0 to 255) all lie more than
     *     {@value #FAR_SPANS} times their span away from 0 (the pictures then differ by a sliver of the value they
     *     share), or span less than {@value #NARROWEST_SPAN} near 0 (every picture is then all but black)
     */
    static Optional<String> farInputs(InputSpec input) {
        PixelStandardization standard = input.standardization();
        for (int c = 0; c < input.channels(); c++) {
            double mean = standard == null ? 0 : standard.mean().get(standard.mean().size() == 1 ? 0 : c);
            double std = standard == null ? 1 : standard.std().get(standard.std().size() == 1 ? 0 : c);
            double a = (0 * (double) input.pixelScale() + input.pixelOffset() - mean) / std;
            double b = (255 * (double) input.pixelScale() + input.pixelOffset() - mean) / std;
            double lo = Math.min(a, b);
            double hi = Math.max(a, b);
            double nearest = lo > 0 ? lo : hi < 0 ? -hi : 0;
            String channel = "the model's input" + (input.channels() == 1 ? "" : " channel " + c);
            // The mapping each warning names: "pixel x 0.003922 + 0, minus 0, over 1e+20".
            String mapping = "pixel x " + g4(input.pixelScale()) + (input.pixelOffset() < 0 ? " - " : " + ")
                    + g4(Math.abs(input.pixelOffset()))
                    + (standard == null ? "" : ", minus " + g4((float) mean) + ", over " + g4((float) std));
            if (hi - lo < NARROWEST_SPAN && nearest <= FAR_SPANS * (hi - lo)) {
                // Near 0 and all but flat: each picture reaches the model as nearly one value (black, at 0).
                return Optional.of(channel + " spans only " + g4(hi - lo) + " from a black pixel to a white one ("
                        + mapping + "), less than a thousandth of the narrowest range models are trained on (0..1):"
                        + " every picture reaches it as nearly black, so it will likely read every picture alike; check"
                        + " the pixel scale and standard deviation (--pixel-scale, --pixel-std)");
            }
            if (nearest > FAR_SPANS * (hi - lo)) {
                // Its ends said as "1.00000e+06..1.00000e+06" for an offset of 10^6: the span and the distance say it.
                return Optional.of(channel + " comes no nearer 0 than " + g4(lo > 0 ? lo : hi) + " and spans only "
                        + g4(hi - lo) + " (" + mapping + "): pictures differ by a sliver of what they share, so it will"
                        + " likely read every picture alike; check the pixel offset, mean and scale (--pixel-offset,"
                        + " --pixel-mean, --pixel-scale)");
            }
        }
        return Optional.empty();
    }
}
