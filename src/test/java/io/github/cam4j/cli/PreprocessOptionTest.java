package io.github.cam4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cam4j.testing.ForeignModels;
import java.nio.file.Path;
import org.bytedeco.opencv.global.opencv_core;
import org.bytedeco.opencv.global.opencv_imgcodecs;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --preprocess caffe|torch|tf|raw} and {@code --pixel-mean}, {@code --pixel-std}, {@code --channel-order}
 * ({@link LoadFlags}): what contradicts them is refused in one line naming the option, before anything is written.
 */
class PreprocessOptionTest {
    @TempDir
    static Path tmp;

    private static String picture;

    @BeforeAll
    static void writeAPicture() {
        picture = tmp.resolve("colour.png").toString();
        try (Scalar orange = new Scalar(0, 128, 255, 0); Mat m = new Mat(16, 16, opencv_core.CV_8UC3, orange)) {
            opencv_imgcodecs.imwrite(picture, m);
        }
    }

    private static CliRun explain(String model, String... options) {
        String[] args = new String[options.length + 6];
        args[0] = "explain";
        args[1] = "--model";
        args[2] = model;
        System.arraycopy(options, 0, args, 3, options.length);
        args[options.length + 3] = picture;
        args[options.length + 4] = "--out";
        args[options.length + 5] = tmp.resolve("o-" + System.nanoTime()).toString();
        return CliRun.of(args);
    }

    @Test
    void aModeWithAnotherPixelOptionIsRefused() {
        for (String other : new String[] {"--pixel-scale", "--pixel-offset", "--pixel-mean", "--pixel-std"}) {
            CliRun r = explain("mnist-pooled", "--preprocess", "caffe", other, "1");
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("cam4j: error: --preprocess caffe sets the pixel scale, offset, mean, deviation and channel order"
                    + " itself; " + other + " contradicts it (give one or the other) (see 'cam4j explain --help')", r.err().strip());
        }
        CliRun order = explain("mnist-pooled", "--preprocess", "torch", "--channel-order", "bgr");
        assertTrue(order.err().strip().endsWith("--channel-order contradicts it (give one or the other) (see 'cam4j explain --help')"), order.err());
    }

    @Test
    void anUnknownModeOrOrderIsAMistypedCommandLine() {
        CliRun mode = explain("mnist-pooled", "--preprocess", "imagenet");
        assertEquals(2, mode.exitCode());
        assertTrue(mode.err().contains("'imagenet' is not one of caffe, torch, tf, raw"), mode.err());
        CliRun order = explain("mnist-pooled", "--channel-order", "grb");
        assertEquals(2, order.exitCode());
        assertTrue(order.err().contains("'grb' is not one of rgb, bgr"), order.err());
    }

    @Test
    void perChannelValuesAreOneOrThreeNumbers() {
        CliRun two = explain("mnist-pooled", "--pixel-mean", "1,2");
        assertEquals(2, two.exitCode());
        assertEquals("cam4j: error: --pixel-mean '1,2' takes one number (every channel) or three separated by commas"
                + " (one per channel) (see 'cam4j explain --help')", two.err().strip());
        CliRun zero = explain("mnist-pooled", "--pixel-std", "0.2,0,0.2");
        assertEquals(2, zero.exitCode());
        assertEquals("cam4j: error: --pixel-std '0.2,0,0.2': every value must be finite and positive (a standard deviation)"
                + " (see 'cam4j explain"
                + " --help')", zero.err().strip());
    }

    @Test
    void perChannelPreprocessingOfAGreyModelIsRefused() {
        CliRun caffe = explain("mnist-pooled", "--preprocess", "caffe");
        assertEquals(1, caffe.exitCode(), caffe.err());
        assertTrue(caffe.err().strip().startsWith("cam4j: error: --preprocess caffe (LoadOptions.withPreprocessing(CAFFE))"
                + " is per-channel preprocessing"), caffe.err());
        assertTrue(caffe.err().contains("this model takes 1 channel"), caffe.err());
        assertEquals(1, caffe.err().strip().lines().count(), caffe.err());
        CliRun bgr = explain("mnist-pooled", "--channel-order", "bgr");
        assertEquals(1, bgr.exitCode(), bgr.err());
        assertTrue(bgr.err().contains("--channel-order") && bgr.err().contains("needs a colour model"), bgr.err());
    }

    @Test
    void aModelThatRescalesItsInputItselfIsRefusedAModeAndTakesRaw() {
        Path rescaling = ForeignModels.export(tmp.resolve("rescaling"), ForeignModels.rescalingClassifier());
        CliRun tf = explain(rescaling.toString(), "--preprocess", "tf");
        assertEquals(1, tf.exitCode(), tf.err());
        assertTrue(tf.err().strip().startsWith("cam4j: error: --preprocess tf (LoadOptions.withPreprocessing(TF))"
                + " preprocesses pixels outside the model, but "), tf.err());
        assertTrue(tf.err().contains("rescales its input itself: x * 0.00392157 ('rescaling_mul')"), tf.err());
        CliRun mean = explain(rescaling.toString(), "--pixel-mean", "120");
        assertTrue(mean.err().contains("--pixel-mean/--pixel-std") && mean.err().contains("rescales its input itself"),
                mean.err());
        CliRun raw = explain(rescaling.toString(), "--preprocess", "raw");
        assertEquals(0, raw.exitCode(), raw.err());
    }

    @Test
    void everyCommandThatOpensAModelTakesIt() {
        for (String command : new String[] {"explain", "video", "evaluate"}) {
            String help = CliRun.of(command, "--help").out();
            for (String option : new String[] {"--preprocess", "--pixel-mean", "--pixel-std", "--channel-order"}) {
                assertTrue(help.contains(option), command + " " + option);
            }
        }
    }

    /**
     * Pixel settings under which every picture reads as one class are refused or said: {@code --pixel-std -1} (a
     * deviation is positive; -1 turned each picture into its negative), {@code --pixel-offset 1000000} and
     * {@code --pixel-mean 1e30} (inputs a million spans or more from 0: a 7 and a 2 both read 'class 3 p=1.0', unsaid).
     * A legitimate mapping far from 0..1, MobileNet's -1..1 ({@code --pixel-scale 2/255 --pixel-offset -1}), gets no
     * warning: the warning's threshold, inputs more than 10 times their span from 0, is stated in MetadataOverrides.
     */
    @Test
    void pixelSettingsUnderWhichEveryPictureReadsAlikeAreRefusedOrSaid() {
        CliRun negative = explain("mnist-pooled", "--pixel-std", "-1");
        assertEquals(2, negative.exitCode(), negative.err());
        assertEquals("cam4j: error: --pixel-std '-1': every value must be finite and positive (a standard deviation)"
                + " (see 'cam4j explain --help')", negative.err().strip());
        // The distance and the span are said: the range's ends read alike ("1.00000e+06..1.00000e+06"), and the mean
        // as a double's digits of a float ("minus 1.0000000150474662E30") (helper-68).
        String[][] far = {{"--pixel-offset", "1000000", "comes no nearer 0 than 1e+06 and spans only 1 (pixel x 0.003922"
                + " + 1e+06)"}, {"--pixel-mean", "1e30", "comes no nearer 0 than -1e+30 and spans only 0 (pixel x 0.003922"
                        + " + 0, minus 1e+30, over 1)"}};
        for (String[] f : far) {
            CliRun r = explain("mnist-pooled", f[0], f[1]);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(r.err().contains("cam4j: warning: the model's input " + f[2] + ": pictures differ by a sliver of"
                    + " what they share"), f[0] + ": " + r.err());
        }
        // All but flat near 0: every picture reached the model as black, read "class 0 p=0.1000", unsaid (helper-153).
        CliRun flat = explain("mnist-pooled", "--pixel-std", "1e20");
        assertEquals(0, flat.exitCode(), flat.err());
        assertTrue(flat.err().contains("cam4j: warning: the model's input spans only 1e-20 from a black pixel to a"
                + " white one (pixel x 0.003922 + 0, minus 0, over 1e+20), less than a thousandth of the narrowest range"
                + " models are trained on (0..1)"), flat.err());
        // Raw pixels over a deviation of 255, or 0..1 over MNIST's 0.3081, are spans models are trained on: not said to be
        // flat (the metadata's override is said, as ever).
        for (String[] fine : new String[][] {{"--pixel-scale", "1", "--pixel-std", "255"}, {"--pixel-std", "0.3081"}}) {
            CliRun r = explain("mnist-pooled", fine);
            assertEquals(0, r.exitCode(), r.err());
            assertTrue(!r.err().contains("spans only") && !r.err().contains("sliver"), r.err());
        }
        CliRun subnormal = explain("mnist-pooled", "--pixel-std", "1e-40");
        assertEquals(2, subnormal.exitCode(), subnormal.err());
        assertTrue(subnormal.err().contains("--pixel-std '1e-40': 1e-40 is too small for float32"), subnormal.err());
        CliRun mobileNet = explain("mnist-pooled", "--pixel-scale", "2/255", "--pixel-offset", "-1");
        assertEquals(0, mobileNet.exitCode(), mobileNet.err());
        assertTrue(!mobileNet.err().contains("sliver"), mobileNet.err());
    }

    /**
     * A deviation or a mean the metadata does not record is said as a scale or an offset is: {@code --pixel-std 1e-30}
     * fed pixels x 1e30 / 255 and {@code --pixel-mean 0.5} read a 7 as a 3 at p=1.0, both without a word, where
     * {@code --pixel-scale 1e6} was warned of. Values the metadata records (mean 0, deviation 1) are not said.
     */
    @Test
    void aDeviationOrMeanOverridingTheMetadataIsSaidAsAScaleIs() {
        String trained = "mnist-pooled, which records training on pixels x 0.003921569 + 0.0, minus 0.0, over 1.0:"
                + " pictures reach it ";
        CliRun std = explain("mnist-pooled", "--pixel-std", "1e-30");
        assertEquals(0, std.exitCode(), std.err());
        assertTrue(std.err().contains("cam4j: warning: --pixel-std 1.0E-30 (LoadOptions.withStandardization) overrides the"
                + " metadata of "), std.err());
        assertTrue(std.err().contains(trained + "scaled otherwise than in training; leave the option out to use the"
                + " metadata"), std.err());
        CliRun mean = explain("mnist-pooled", "--pixel-mean", "0.5");
        assertEquals(0, mean.exitCode(), mean.err());
        assertTrue(mean.err().contains("cam4j: warning: --pixel-mean 0.5 (LoadOptions.withStandardization) overrides the"
                + " metadata of "), mean.err());
        assertTrue(mean.err().contains(trained + "shifted otherwise than in training; leave the option out to use the"
                + " metadata"), mean.err());
        assertTrue(!mean.err().contains("--pixel-std"), mean.err());
        CliRun same = explain("mnist-pooled", "--pixel-mean", "0", "--pixel-std", "1");
        assertEquals(0, same.exitCode(), same.err());
        assertTrue(!same.err().contains("overrides the metadata"), same.err());
    }

    /**
     * A {@code --preprocess} mode that feeds a model otherwise than its metadata records is said, as the scale, offset,
     * mean and deviation it sets are each said when given alone: on the bundled pooled model (pixels x 1/255) tf fed
     * -1..1 and raw 0..255, without a word. A mode that feeds what the metadata records (tf on a copy of the model whose
     * metadata says pixels x 2/255 - 1) is not said.
     */
    @Test
    void aModeOverridingTheMetadataIsSaidAsAScaleIs() throws Exception {
        CliRun tf = explain("mnist-pooled", "--preprocess", "tf");
        assertEquals(0, tf.exitCode(), tf.err());
        // The bundled model is named by its cached copy's folder.
        assertTrue(tf.err().contains("cam4j: warning: --preprocess tf (LoadOptions.withPreprocessing(TF)) feeds pixels x"
                + " 0.007843138 - 1.0, but the metadata of "), tf.err());
        assertTrue(tf.err().contains("mnist-pooled records training on pixels x 0.003921569 + 0.0: pictures reach it"
                + " otherwise than in training; leave the option out to use the metadata"), tf.err());
        CliRun raw = explain("mnist-pooled", "--preprocess", "raw");
        assertTrue(raw.err().contains("cam4j: warning: --preprocess raw (LoadOptions.withPreprocessing(RAW)) feeds pixels"
                + " x 1.0 + 0.0, but the metadata of "), raw.err());

        Path minusOneToOne = tmp.resolve("pooled-minus-one-to-one");
        Path source = io.github.cam4j.testing.SharedData.bundledModels().resolve("mnist-pooled");
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                java.nio.file.Files.copy(f, minusOneToOne.resolve(source.relativize(f).toString()));
            }
        }
        Path metadata = minusOneToOne.resolve("assets/cam4j.json");
        String recorded = java.nio.file.Files.readString(metadata);
        String minusOne = recorded.replace("\"pixelScale\" : 0.003921569", "\"pixelScale\" : 0.007843138")
                .replace("\"pixelOffset\" : 0.0", "\"pixelOffset\" : -1.0");
        assertTrue(minusOne.contains("0.007843138") && minusOne.contains("-1.0"), "the metadata's scale and offset, rewritten");
        java.nio.file.Files.writeString(metadata, minusOne);
        CliRun same = explain(minusOneToOne.toString(), "--preprocess", "tf");
        assertEquals(0, same.exitCode(), same.err());
        assertTrue(!same.err().contains("overrides the metadata") && !same.err().contains("--preprocess"), same.err());
        CliRun other = explain(minusOneToOne.toString(), "--preprocess", "raw");
        assertTrue(other.err().contains("records training on pixels x 0.007843138 - 1.0: pictures reach it otherwise"),
                other.err());
    }

    /**
     * Each pixel option reads a number as the other number options do: {@code inf} and {@code nan} as numpy prints
     * them are numbers its own check refuses (they were "not a number"), and a value beyond float32 or below its
     * smallest normal is said so (1e39 was refused as "not finite" and 1e-50 as "not positive", neither of which was
     * typed).
     */
    @Test
    void eachPixelOptionSaysWhatIsWrongWithTheNumberTyped() {
        String[][] cases = {
            {"--pixel-mean", "inf", "--pixel-mean 'inf': every value must be finite"},
            {"--pixel-std", "1,NAN,1", "--pixel-std '1,NAN,1': every value must be finite and positive (a standard"
                    + " deviation)"},
            {"--pixel-std", "1e39", "--pixel-std '1e39': 1e39 is beyond float32's range (at most 3.4e38 in magnitude),"
                    + " in which the model's input is computed"},
            {"--pixel-mean", "-1e39", "--pixel-mean '-1e39': -1e39 is beyond float32's range (at most 3.4e38 in"
                    + " magnitude), in which the model's input is computed"},
            {"--pixel-std", "1e-50", "--pixel-std '1e-50': 1e-50 is too small for float32, in which the model's input is"
                    + " computed (at least 1.17549435E-38)"},
            {"--pixel-offset", "-inf", "--pixel-offset must lie between -1e6 and 1e6 (the usual offsets are 0 and -1),"
                    + " got -inf"},
            {"--pixel-scale", "1/Inf", "--pixel-scale must lie between 1e-6 and 1e6 (the usual scales are 1/255 and 1),"
                    + " got 1/Inf"},
        };
        for (String[] c : cases) {
            CliRun r = explain("mnist-pooled", c[0], c[1]);
            assertEquals(2, r.exitCode(), r.err());
            assertEquals("cam4j: error: " + c[2] + " (see 'cam4j explain --help')", r.err().strip(), c[0] + " " + c[1]);
        }
    }
}
